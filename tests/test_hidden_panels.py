"""A panel its window hides (tabbed behind another, or its dock closed) does no work for the session's
changes; shown again, it catches up once, with the latest values. Whatever reads a hidden panel
(highlight levels, exports, scenes) finds it up to date."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from karabakh_desktop.gui.mainwindow import MainWindow
from karabakh_desktop.gui.panels import PanelSpec, add_panel


def _window_with_tabs(session, qtbot, recorder):
    win = QMainWindow()
    qtbot.addWidget(win)
    front, back = recorder(session), recorder(session)
    docks = [add_panel(win, PanelSpec(name, name, "", Qt.RightDockWidgetArea), panel)
             for name, panel in (("front", front), ("back", back))]
    win.tabifyDockWidget(docks[0], docks[1])
    win.show()
    qtbot.waitExposed(win)
    docks[0].raise_()
    qtbot.waitUntil(lambda: not front.hidden_in_window() and back.hidden_in_window())
    front.calls.clear()
    return win, docks, front, back


def test_a_panel_behind_a_tab_waits_and_catches_up_once_when_shown(session, qtbot, recorder):
    win, docks, front, back = _window_with_tabs(session, qtbot, recorder)
    first = (dt.date(2020, 9, 27), dt.date(2020, 11, 11))
    later = (dt.date(2021, 1, 1), dt.date(2021, 6, 1))
    session.select("shusha")
    session.set_time_window(first)
    session.select("lachin")
    session.set_time_window(later)
    session.set_naming("az")
    assert back.calls == []  # four changes and a naming choice, no work
    assert len(front.calls) == 5  # the panel in front took each one

    docks[1].raise_()
    qtbot.waitUntil(lambda: not back.hidden_in_window())
    # once, with the latest values: naming, then time window, then selection
    assert back.calls == [("naming", "az"), ("time", later, ""), ("selection", ("lachin",))]
    docks[0].raise_()
    qtbot.waitUntil(back.hidden_in_window)
    docks[1].raise_()
    qtbot.waitUntil(lambda: not back.hidden_in_window())
    assert len(back.calls) == 3  # nothing missed: shown again, nothing to do


def test_reading_a_hidden_panel_brings_it_up_to_date_first(session, qtbot, recorder):
    win, docks, front, back = _window_with_tabs(session, qtbot, recorder)
    session.select("shusha")
    assert back.calls == []
    assert back.highlight_level("shusha") == 2  # an export, a scene or the self-test reads it current
    assert back.calls == [("selection", ("shusha",))]
    docks[1].raise_()
    qtbot.waitUntil(lambda: not back.hidden_in_window())
    assert back.calls == [("selection", ("shusha",))]  # caught up already: not again


def test_a_closed_dock_waits_too_and_a_panel_outside_a_window_never_does(session, qtbot, recorder):
    win, docks, front, back = _window_with_tabs(session, qtbot, recorder)
    docks[0].close()
    qtbot.waitUntil(front.hidden_in_window)
    session.select("shusha")
    assert ("selection", ("shusha",)) not in front.calls
    docks[0].show()
    qtbot.waitUntil(lambda: not front.hidden_in_window())
    assert front.calls[-1] == ("selection", ("shusha",))
    loose = recorder(session)  # never shown, in no window (an export's twin, a test)
    qtbot.addWidget(loose)
    session.select("lachin")
    assert loose.calls == [("selection", ("lachin",))]


def test_the_main_windows_hidden_panels_are_read_current(session, qtbot):
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    patterns = win.panels["patterns"]
    win.docks["patterns"].close()
    qtbot.waitUntil(patterns.hidden_in_window)
    cell = next(iter(patterns.cells.values()))[0]
    session.select(cell)
    assert patterns.highlight_level(cell) == 2  # read current although it took no part in the change


def test_a_panel_known_shown_is_not_asked_again_until_its_dock_changes(session, qtbot, recorder):
    """Where a panel sits is asked at every change; a panel found shown is known shown (no dock walk,
    tab query or visible region per change) until its dock's visibility changes."""
    win, docks, front, back = _window_with_tabs(session, qtbot, recorder)
    asked = []
    tabs = win.tabifiedDockWidgets
    win.tabifiedDockWidgets = lambda dock: asked.append(dock) or tabs(dock)
    for item in ("shusha", "lachin", "baku"):
        session.select(item)
    assert ("selection", ("baku",)) in front.calls
    assert docks[0] not in asked  # known shown: where it sits is not worked out again per change
    # its tab put behind: the dock's visibility changed, so it is asked again, and now waits
    docks[1].raise_()
    qtbot.waitUntil(front.hidden_in_window)
    session.select("agdam")
    assert ("selection", ("agdam",)) not in front.calls and ("selection", ("agdam",)) in back.calls
    docks[0].raise_()  # in front again: caught up, and known shown again
    qtbot.waitUntil(lambda: ("selection", ("agdam",)) in front.calls)
    assert not front.hidden_in_window()
    asked.clear()
    session.select("shusha")
    assert docks[0] not in asked and front.calls[-1] == ("selection", ("shusha",))
    docks[0].close()  # closed: waits
    qtbot.waitUntil(front.hidden_in_window)
    session.select("lachin")
    assert front.calls[-1] == ("selection", ("shusha",))
