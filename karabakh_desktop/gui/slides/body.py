"""The widget that stands for an export target at a slide's size.

A docked panel is drawn through a detached twin of itself, resized offscreen (kept, one at a time
per session, for the next export), so a small dock still fills a slide; the window and undocked
widgets are drawn as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from ..panels import PANELS, Panel, make_panel

_COPIES: dict[int, dict[str, Panel]] = {}


def _settle(widget: QWidget) -> None:
    """Lay out a widget that is not on screen: deliver resize and layout events now."""
    if not widget.isVisible():
        widget.setAttribute(Qt.WA_DontShowOnScreen, True)
        widget.setAttribute(Qt.WA_QuitOnClose, False)
        widget.show()
    lay = QWidget.layout(widget)  # unbound: a panel may have an attribute called "layout"
    if lay is not None:
        lay.activate()
    QApplication.sendPostedEvents(None, 0)


def _copy_of(panel: Panel) -> Panel | None:
    """A detached twin of a docked panel, kept (quiet) per session for the next export."""
    session = panel.session
    copies = _COPIES.get(id(session))
    if copies is None:
        key = id(session)
        copies = _COPIES[key] = {}
        session.destroyed.connect(lambda *_: _drop_copies(key))
    twin = copies.get(panel.panel_id)
    if twin is None:
        # One twin at a time: repeated exports of a panel stay fast, and exporting panel after
        # panel does not keep a full copy (and window surface) of each in memory.
        for other in list(copies):
            _release(copies.pop(other))
        spec = next((s for s in PANELS if s.panel_id == panel.panel_id), None)
        if spec is None:
            return None
        twin = make_panel(spec, session)
        twin.setAttribute(Qt.WA_DontShowOnScreen, True)
        twin.setAttribute(Qt.WA_QuitOnClose, False)  # an offscreen twin never keeps the app running
        twin.disconnect_session()  # the twin is synced when used, not on every click
        copies[panel.panel_id] = twin
    return twin


def _drop_copies(key: int) -> None:
    for twin in _COPIES.pop(key, {}).values():
        _release(twin)


def _release(twin: Panel) -> None:
    try:
        twin.hide()
        twin.destroy()  # its window surface goes now
        twin.deleteLater()
        # and the rest now too: a command-line export or a benchmark never returns to the event
        # loop between exports, and twins waiting for deletion would pile up.
        QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    except RuntimeError:  # already gone with the application
        pass


def _sync(twin: Panel, panel: Panel) -> None:
    s = panel.session
    twin.on_naming(s.naming)
    twin.on_time_window(s.time_window)
    twin.on_selection(s.touch, None)
    twin.restore_view_state(panel.view_state())  # the panel's own state: the twin reads it like a scene's


def _export_widget(panel: QWidget) -> QWidget:
    w = panel.export_widget() if isinstance(panel, Panel) else panel
    return w if isinstance(w, QWidget) else panel


def _fit(panel: QWidget, logical: QSize) -> QWidget:
    """Size ``panel`` so that its export widget (the part that represents it) gets ``logical``."""
    panel.resize(logical)
    _settle(panel)
    ew = _export_widget(panel)
    if ew is not panel and ew.size() != logical:
        extra = panel.size() - ew.size()
        panel.resize(logical + QSize(max(0, extra.width()), max(0, extra.height())))
        _settle(panel)
    return ew


def body_widget(target: QWidget, logical: QSize) -> QWidget:
    """The widget to draw for ``target`` at (about) ``logical`` size."""
    if isinstance(target, QMainWindow):
        if not target.isVisible():
            target.resize(logical)
            _settle(target)
        return target
    if isinstance(target, Panel) and target.has_figure:
        return target  # drawn through its figure at any size: no twin to lay out
    zoom = target.export_zoom if isinstance(target, Panel) else Panel.export_zoom
    zoomed = QSize(int(logical.width() / zoom), int(logical.height() / zoom))
    if isinstance(target, Panel) and not target.isWindow():
        twin = _copy_of(target)
        if twin is None:
            return _export_widget(target)
        ew = _fit(twin, zoomed)
        _sync(twin, target)
        QApplication.sendPostedEvents(None, 0)
        return ew
    if target.isWindow():
        return _fit(target, zoomed)
    return _export_widget(target)
