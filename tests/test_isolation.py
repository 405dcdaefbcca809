"""Tests do not leak Qt input state into each other (conftest ``_modifier_keys_released``).

The two tests run in file order: the first ctrl-clicks as ``test_timeline_panel`` does; the second,
a plain link click in the details panel, must replace the selection, not add to it as it did when
Ctrl stayed held (``test_linked_panels`` failed after ``test_timeline_panel``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QWidget

from karabakh_desktop.gui.details_panel import DetailsPanel


def test_a_ctrl_click_holds_ctrl_while_its_test_runs(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    qtbot.mouseClick(w, Qt.LeftButton, Qt.ControlModifier)
    assert QApplication.keyboardModifiers() == Qt.ControlModifier  # what the next test must not inherit


def test_the_next_test_starts_with_no_key_held(session, qtbot):
    assert QApplication.keyboardModifiers() == Qt.NoModifier
    details = DetailsPanel(session)
    qtbot.addWidget(details)
    session.select("shusha")
    details._on_anchor(QUrl("item:shusha-declaration-signed"))
    assert session.selection.items == ("shusha-declaration-signed",)
