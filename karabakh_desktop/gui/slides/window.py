"""A slide of the whole window: its open main views composed as figures (never a grab of it)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..briefing import SceneBoard

WINDOW_VIEWS = ("map", "network", "timeline", "memo")  # what a window slide composes, at most


def window_board(window, *, frame: bool = False):
    """A board composing the window's open main views, each as the window shows it (its range,
    lanes, layout) — or framing the selection when ``frame``. Kept on the window for the next export."""

    board = getattr(window, "_kd_slide_board", None)
    if board is None:
        board = window._kd_slide_board = SceneBoard(window.session)
        board.setAttribute(Qt.WA_DontShowOnScreen, True)
    docks = getattr(window, "docks", {})
    shown = [pid for pid in WINDOW_VIEWS if pid in docks and not docks[pid].isHidden()] or ["network"]
    board.show_panels(shown)
    for pid in board.shown:
        source = window.panels.get(pid)
        if source is not None:
            board.panels[pid].restore_view_state(source.view_state())
    board.framed = set(board.shown) if frame else set()
    return board
