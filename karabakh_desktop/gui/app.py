"""Starting the application: the QApplication, fonts, theme, the store, the first window.

A store that cannot be opened gets a dialog and the same message on the terminal; the file is
never touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .. import paths
from .errors import report_error

_windows: list = []  # open main windows (kept alive here; each owns its session)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Karabakh Desktop")
        app.setOrganizationName("karabakh-desktop")
        app.setDesktopFileName("karabakh-desktop")
    from . import theme

    if not app.property("kd_fonts"):
        app.setProperty("kd_fonts", ",".join(theme.register_fonts()))
    return app


def open_window(store_path: str | Path, *, show: bool = True):
    """A new main window with its own session on ``store_path``; None (after a dialog) on failure."""
    from ..core.store import StoreError
    from .mainwindow import MainWindow
    from .session import Session

    try:
        session = Session(store_path)
    except StoreError as exc:
        report_error(exc.title, str(exc))
        return None
    win = MainWindow(session)
    win.newWindowRequested.connect(open_window)  # the window asks; the application opens
    _windows.append(win)
    win.destroyed.connect(lambda *_: _windows.remove(win) if win in _windows else None)
    if show:
        win.show()
    return win


def run(db_path: Path | None = None, theme: str | None = None) -> int:
    app = application()
    from . import mainwindow
    from . import theme as themes

    name = theme or mainwindow.settings().value("theme", "light")
    themes.apply(app, name if name in themes.THEMES else "light")
    if db_path is None:
        from ..core.build import ensure_default_store
        from ..core.datafiles import DataError

        try:
            db_path, _ = ensure_default_store(paths.data_dir(), paths.default_store())
        except (DataError, OSError) as exc:
            report_error("Cannot prepare the default store", str(exc))
            return 1
    if open_window(db_path) is None:
        return 1
    return app.exec()
