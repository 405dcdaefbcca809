"""``karabakh-desktop export``: a panel, the window or the saved scenes as slides, with no display.

It sits above the main window (it may build one), so that nothing below imports upwards.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ..core import scenes as scene_store
from ..core.store import snapshot as store_snapshot
from . import theme
from .app import application
from .mainwindow import MainWindow
from .panels import PANELS, Panel, make_panel
from .session import Session
from .slides import export, export_scenes


def _shifted(day: dt.date, delta: dt.timedelta) -> dt.date:
    """``day + delta``, kept within the calendar (a window may reach 0001-01-01 or 9999-12-31)."""
    try:
        return day + delta
    except OverflowError:
        return dt.date.min if delta < dt.timedelta(0) else dt.date.max


def cli_export(store: str | Path, *, view: str | None, scenes: bool, select: list[str], window, size, fmt: str,
               naming: str = "both", title=None, caption=None, banner=None, out: str | Path) -> list[Path]:
    """``karabakh-desktop export``: the same exporter, offscreen, on a private snapshot of the store (so
    an export never writes to the store, which may be read-only or open in a running app)."""
    app = application()
    theme.apply(app, "light")

    def quiet(mode, context, message):  # the offscreen platform's chatter is not the user's business
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    with tempfile.TemporaryDirectory(prefix="kd-export-") as tmp:
        snapshot = store_snapshot(store, Path(tmp) / "store.db")
        session = Session(snapshot, follow=False)
        target = None
        try:
            if scenes:
                return export_scenes(session, scene_store.list_scenes(session.db), out, fmt=fmt, size=size,
                                     banner=banner)
            if view == "window":
                # The window as the user left it: the views open in their saved layout (the user's
                # settings, not the store: the same for every store, a freshly built one too).
                target = MainWindow(session, restore=True)
            else:
                spec = next(s for s in PANELS if s.panel_id == view)
                target = make_panel(spec, session)
            session.set_naming(naming)
            session.set_time_window(window, origin="cli")
            session.set_selection(select, origin="cli")
            QApplication.sendPostedEvents(None, 0)
            app.processEvents()
            if window is not None and isinstance(target, Panel):
                # A slide about a time window shows that window, with some of what is around it.
                margin = max((window[1] - window[0]) / 4, dt.timedelta(days=7))
                target.show_range(_shifted(window[0], -margin), _shifted(window[1], margin))
                app.processEvents()
            # A slide made from the command line is about its --select: it frames it.
            return [export(target, fmt, size, out, title=title, caption=caption, banner=banner, frame=True)]
        finally:
            if target is not None:
                target.hide()
                target.deleteLater()
            session.close()
            QApplication.sendPostedEvents(None, 0)
