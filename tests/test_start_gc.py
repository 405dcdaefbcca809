"""The cyclic garbage collector waits while a window is built and first painted, and always comes
back: once the window has painted and the application waits for input, or when the window is
never shown or is gone first. A window opened unshown leaves it alone."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtWidgets import QWidget

from karabakh_desktop.gui.first_paint import pause_gc_until_painted


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_a_window_opened_on_screen_holds_the_collector_until_it_has_painted(store_copy, qtbot):
    from karabakh_desktop.gui.app import open_window

    win = open_window(store_copy)
    qtbot.addWidget(win)
    assert not gc.isenabled()  # the panels were built and the first paint is queued: still held
    qtbot.waitExposed(win)
    qtbot.waitUntil(gc.isenabled)
    win.close()
    win.session.close()


def test_a_window_opened_unshown_leaves_the_collector_alone(store_copy, qtbot):
    from karabakh_desktop.gui.app import open_window

    win = open_window(store_copy, show=False)
    qtbot.addWidget(win)
    assert gc.isenabled()
    win.session.close()


def test_a_widget_never_shown_or_gone_gives_the_collector_back(qtbot):
    unseen = QWidget()
    qtbot.addWidget(unseen)
    pause_gc_until_painted(unseen)
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled)

    gone = QWidget()
    pause_gc_until_painted(gone)
    gone.show()
    assert not gc.isenabled()
    gone.deleteLater()
    del gone
    qtbot.waitUntil(gc.isenabled)


def test_a_collector_held_by_someone_else_stays_held(qtbot):
    gc.disable()
    w = QWidget()
    qtbot.addWidget(w)
    pause_gc_until_painted(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)
    assert not gc.isenabled()
