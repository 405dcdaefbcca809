"""A panel's tool bar carries a style sheet: made inside its panel, its controls are styled once, as
a bar's are; made alone and moved in, Qt styled the bar and every control in it again."""

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QToolBar, QToolButton, QVBoxLayout, QWidget

from karabakh_desktop.gui.panels import panel_toolbar


class _Styled(QObject):
    """Counts the styling (polish and style changes) each tool button gets."""

    def __init__(self):
        super().__init__()
        self.counts: dict[int, int] = {}

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if isinstance(obj, QToolButton) and event.type() in (QEvent.Polish, QEvent.StyleChange):
            self.counts[id(obj)] = self.counts.get(id(obj), 0) + 1
        return False


def _made_and_shown(qapp, qtbot, make):
    styled = _Styled()
    qapp.installEventFilter(styled)
    try:
        widget = make()
        qtbot.addWidget(widget)
        widget.resize(700, 500)
        widget.show()
        qtbot.waitExposed(widget)
    finally:
        qapp.removeEventFilter(styled)
    return widget, styled.counts


def _in_place(qtbot, qapp) -> int:
    """The styling a button gets in a bar made inside its panel."""
    def make():
        w = QWidget()
        QVBoxLayout(w).addWidget(panel_toolbar([QToolButton(text="x")], parent=w))
        return w
    w, counts = _made_and_shown(qapp, qtbot, make)
    return max(counts[id(b)] for b in w.findChildren(QToolButton) if b.text() == "x")


@pytest.mark.parametrize("which", ["map", "scenes", "details"])
def test_a_panels_tool_bar_is_styled_once_as_one_made_in_place(which, session, qapp, qtbot):
    from karabakh_desktop.gui.details_panel import DetailsPanel
    from karabakh_desktop.gui.scenes_panel import ScenesPanel
    from karabakh_desktop.gui.views.map.panel import MapPanel

    once = _in_place(qtbot, qapp)
    make = {"map": MapPanel, "scenes": ScenesPanel, "details": DetailsPanel}[which]
    panel, counts = _made_and_shown(qapp, qtbot, lambda: make(session))
    buttons = [b for b in panel.findChild(QToolBar).findChildren(QToolButton) if b.text()]
    assert len(buttons) >= 3
    assert {b.text(): counts.get(id(b), 0) for b in buttons} == {b.text(): once for b in buttons}
