"""A selection that changes nothing a view shows leaves the view alone: the timeline when no event's
level changes (most items touch none of the events), the map when no place's level does, the
network when no node's or tie's look does. What it
shows is still what a full restyle for that selection shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QGraphicsView

from karabakh_desktop.gui.views.map.panel import MapPanel
from karabakh_desktop.gui.views.network.panel import NetworkPanel
from karabakh_desktop.gui.views.timeline.panel import TimelinePanel


class _Paints(QObject):
    def __init__(self, widget):
        super().__init__()
        self.widget, self.count = widget, 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
        if obj is self.widget and ev.type() == QEvent.Paint:
            self.count += 1
        return False


def _settle():
    for _ in range(3):
        QApplication.processEvents()


def _quiet_pair(session, touched):
    """Two items, each touching nothing ``touched(item)`` counts, the second not the first."""
    found = []
    for item in sorted(session.catalog.kinds):
        session.select(item)
        if not touched():
            found.append(item)
            if len(found) == 2:
                return found
    pytest.skip("the store has no two items that touch nothing here")


@pytest.mark.parametrize("kind", ["timeline", "map", "network"])
def test_a_selection_that_changes_no_level_repaints_nothing_and_shows_the_same(kind, show_panel, session):
    if kind == "timeline":
        panel = show_panel(TimelinePanel(session), 1000, 400)
        touched = lambda: bool(panel.model.levels.any())  # noqa: E731
    elif kind == "map":
        panel = show_panel(MapPanel(session), 700, 560)
        touched = lambda: bool(panel._levels)  # noqa: E731
    else:
        panel = show_panel(NetworkPanel(session), 700, 560)
        touched = lambda: bool(len(panel.model.top) or panel.model.top_edges)  # noqa: E731
        panel._restyle = panel.restyle
    a, b = _quiet_pair(session, touched)
    view = panel.findChildren(QGraphicsView)[0]
    session.select(a)
    _settle()
    paints = _Paints(view.viewport())
    session.select(b)
    _settle()
    assert paints.count == 0, "nothing changed, yet the view was painted again"
    kept = panel.grab().toImage()
    # a full restyle for the same selection draws the same picture
    panel._restyle()
    _settle()
    assert panel.grab().toImage() == kept
    # and a selection that does touch the view repaints it
    loud = next(i for i in sorted(session.catalog.kinds) if (session.select(i), touched())[1])
    session.select(loud)
    _settle()
    assert paints.count > 0
