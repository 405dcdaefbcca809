"""Briefing mode: clicker keys step through the scenes, the step is shared with followers."""

import pytest
from PySide6.QtCore import QAbstractAnimation, Qt

from karabakh_desktop.core import scenes
from karabakh_desktop.core.shared_state import SharedState
from karabakh_desktop.gui import theme
from karabakh_desktop.gui.briefing import Briefing
from karabakh_desktop.gui.mainwindow import MainWindow
from karabakh_desktop.gui.session import Session

SELECTIONS = (["shusha"], ["russia"], ["turkey"])


@pytest.fixture
def session(qapp, store_copy):
    theme.apply(qapp, "light")
    s = Session(store_copy, follow=False)
    for n, sel in enumerate(SELECTIONS, 1):
        scenes.add(s.db, f"Scene {n}", {"selection": sel, "naming": "both", "shown": ["patterns", "details"]},
                   caption=f"Caption {n}")
    yield s
    s.close()


@pytest.fixture
def briefing(session, qtbot):
    b = Briefing(session, scenes.list_scenes(session.db))
    qtbot.addWidget(b)
    b.resize(1280, 720)
    b.show()
    return b


def test_keys_step_through_the_scenes(briefing, qtbot):
    s = briefing.session
    assert briefing.index == 0 and s.selection.items == ("shusha",)
    assert briefing.title.text() == "Scene 1" and briefing.counter.text() == "1 / 3"
    assert briefing.caption.text() == "Caption 1" and briefing.caption.isVisible()
    qtbot.keyClick(briefing, Qt.Key_Right)
    assert briefing.index == 1 and s.selection.items == ("russia",)
    qtbot.keyClick(briefing, Qt.Key_Space)
    assert briefing.index == 2 and s.selection.items == ("turkey",)
    qtbot.keyClick(briefing, Qt.Key_PageDown)  # past the last scene: the end slide says so
    assert briefing.index == 2 and briefing.at_end and "end" in briefing.counter.text()
    qtbot.keyClick(briefing, Qt.Key_PageDown)  # and stays
    assert briefing.at_end
    qtbot.keyClick(briefing, Qt.Key_Left)  # back to the last scene
    assert briefing.index == 2 and not briefing.at_end and briefing.counter.text() == "3 / 3"
    qtbot.keyClick(briefing, Qt.Key_Left)
    assert briefing.index == 1 and s.selection.items == ("russia",)
    qtbot.keyClick(briefing, Qt.Key_PageUp)
    assert briefing.index == 0 and s.selection.items == ("shusha",)
    qtbot.keyClick(briefing, Qt.Key_Escape)
    assert not briefing.isVisible()


def test_the_scene_panels_show_the_selection(briefing):
    board = briefing.board
    assert board.shown == ["patterns", "details"]
    assert board.panels["details"].shown == "shusha"
    briefing.next()
    assert board.panels["details"].shown == "russia"


def test_a_step_cross_fades(briefing):
    briefing.next()
    assert briefing.fade.isVisible()
    assert briefing.anim.state() == QAbstractAnimation.Running
    assert briefing.anim.startValue() == 1.0 and briefing.anim.endValue() == 0.0


def test_the_scene_is_shared_and_a_follower_follows(briefing, store_copy, qtbot):
    follower = Session(store_copy, follow=False)
    try:
        follower.shared.poll()
        briefing.next()
        assert SharedState(store_copy).read("scene")["index"] == 1
        with qtbot.waitSignal(follower.sharedScene) as sig:
            follower.poll()
        assert sig.args[0]["id"] == briefing.scenes[1].id
        assert follower.selection.items == ("russia",)
    finally:
        follower.close()


def test_f5_presents_from_the_main_window(session, qtbot):
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    panel = win.panels["scenes"]
    assert panel.list.count() == 3
    panel.list.setCurrentRow(1)
    win.briefing_action.trigger()
    b = win.briefing
    assert b is not None and b.isVisible() and b.index == 1
    assert session.selection.items == ("russia",)
    qtbot.keyClick(b, Qt.Key_Escape)
    assert not b.isVisible()


def test_f5_without_scenes_says_so(qapp, store_copy, qtbot):
    s = Session(store_copy, follow=False)
    try:
        win = MainWindow(s, restore=False)
        qtbot.addWidget(win)
        win.briefing_action.trigger()
        assert win.briefing is None
        assert "No scenes" in win.statusBar().currentMessage()
    finally:
        s.close()


def test_the_briefing_draws_figures_not_panels_and_the_caption_has_its_own_band(briefing, qtbot, monkeypatch):
    assert not briefing.board.isVisible()  # no tool bar, list or button of a panel is on screen
    assert not any(p.isVisible() for p in briefing.board.panels.values())
    drawn = []
    monkeypatch.setattr(type(briefing.board), "paint_figure", lambda self, p, r, view=None: drawn.append(r))
    briefing.canvas.repaint()
    assert drawn and drawn[-1].height() > 100
    cap, canvas = briefing.caption.geometry(), briefing.canvas.geometry()
    assert briefing.caption.isVisible() and cap.top() >= canvas.bottom()  # under the figures, not over them
