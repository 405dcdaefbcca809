"""The one hub: every shared change goes through the Session's signals, and panels take them through the
Panel contract (on_selection, on_time_window(window), on_naming, on_theme, on_user_data)."""

import datetime as dt

import pytest

from karabakh_desktop.gui.commands import AddNote, AddScene
from karabakh_desktop.gui.panels import PANELS, PanelSpec, make_panel


def test_panels_hear_every_change_through_the_session(session, qtbot, recorder):
    p = recorder(session)
    qtbot.addWidget(p)
    window = (dt.date(2020, 9, 27), dt.date(2020, 11, 11))
    session.set_time_window(window, origin="timeline")
    session.select("shusha")
    try:
        session.set_theme("dark")
    finally:
        session.set_theme("light")
    session.undo_stack.push(AddNote(session, "shusha", "a note"))
    cmd = AddScene(session, "S", {"selection": ["shusha"]})
    session.undo_stack.push(cmd)
    assert p.calls == [("time", window, "timeline"), ("selection", ("shusha",)), ("theme", "dark"),
                       ("theme", "light"), ("user", "note", "shusha"), ("user", "scene", cmd.scene_id)]


def test_a_theme_change_reaches_every_open_session(session, store_copy, qtbot, recorder):
    from karabakh_desktop.gui.session import Session

    other = Session(store_copy, follow=False)
    try:
        p = recorder(other)
        qtbot.addWidget(p)
        with qtbot.waitSignal(other.themeChanged):
            session.set_theme("high-contrast")
        assert p.calls[-1] == ("theme", "high-contrast")
    finally:
        session.set_theme("light")
        other.close()


def test_the_declared_panel_interface(session, qtbot, recorder):
    p = recorder(session)
    qtbot.addWidget(p)
    assert p.export_zoom == 1.25 and p.note_editor is None
    p.show_range(dt.date(2020, 1, 1), dt.date(2021, 1, 1))  # a panel without a time axis ignores it
    details = make_panel(next(s for s in PANELS if s.panel_id == "details"), session)
    qtbot.addWidget(details)
    assert details.note_editor is not None


def test_an_import_error_in_a_panel_is_raised_not_hidden(session):
    spec = PanelSpec("network", "Network", "karabakh_desktop.gui.no_such_panel:NetworkPanel", 0)
    with pytest.raises(ImportError):
        make_panel(spec, session)


def test_the_window_asks_for_new_windows(session, qtbot):
    from karabakh_desktop.gui.mainwindow import MainWindow

    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.newWindowRequested) as sig:
        win.new_window()
    assert sig.args == [str(session.path)]


def test_the_scenes_panel_captures_the_window_through_its_host(session, qtbot):
    from karabakh_desktop.core import scenes
    from karabakh_desktop.gui.mainwindow import MainWindow

    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    panel = win.panels["scenes"]
    assert panel.host is win.scene_host
    session.select("shusha")
    sid = panel.capture("With views")
    state = scenes.get(session.db, sid).state
    assert "map" in state["views"] and state["open"]  # the window's panels and docks, through the host
    session.clear_selection()
    panel.apply(sid)
    assert session.selection.items == ("shusha",)


def test_what_a_selection_touches_is_computed_once_per_selection(session):
    from karabakh_desktop.core.touch import touches

    seen = []
    session.selectionChanged.connect(lambda touch, change: seen.append(touch))
    session.select("shusha")
    session.select("lachin")
    session.back()
    session.forward()
    assert seen[0] is seen[2] and seen[1] is seen[3]  # walking the history asks the store nothing
    assert seen[0] == touches(session.db, {"shusha"})
