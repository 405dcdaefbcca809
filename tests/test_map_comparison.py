"""The map's comparison view (Transdniestria to Karabakh) is built when first shown, not at
start-up, and built late it shows exactly what it would have shown built early: the selection,
the time window and the names chosen before it was first switched on."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from karabakh_desktop.gui.views.map.panel import MapPanel

WINDOW = (dt.date(2020, 9, 27), dt.date(2020, 11, 10))


def _panel(session, qtbot, *, early: bool) -> MapPanel:
    p = MapPanel(session)
    qtbot.addWidget(p)
    if early:
        assert p.comparison is not None  # asked for at once: built now
    p.resize(700, 560)
    p.show()
    qtbot.waitExposed(p)
    return p


def _figure(panel) -> QImage:
    img = QImage(QSize(960, 540), QImage.Format_ARGB32)
    img.fill(0)
    p = QPainter(img)
    panel.paint_figure(p, QRectF(0, 0, 960, 540))
    p.end()
    return img


def test_the_window_starts_without_the_comparison_layer(window, qtbot):
    qtbot.waitExposed(window)
    map_panel = window.panels["map"]
    assert map_panel.view == "region" and map_panel._comparison is None
    assert "comparison" not in map_panel.content.layers


@pytest.mark.parametrize("naming", ["hy", "az"])
def test_built_when_first_shown_it_matches_one_built_at_once(session, qtbot, naming):
    late = _panel(session, qtbot, early=False)
    early = _panel(session, qtbot, early=True)
    session.select("crimea", origin="patterns")
    session.set_time_window(WINDOW)
    session.set_naming(naming)
    assert late._comparison is None  # none of that needed it
    for p in (late, early):
        p.fit_comparison()
    early._apply_theme()  # the reference: every layer dressed, named and styled again
    early._naming = None
    early.on_naming(naming)
    early.on_selection(session.touch, None)
    assert late._comparison is not None and late.view == "comparison"
    assert late.highlight_level("crimea") == early.highlight_level("crimea") == 2
    assert late.label_text("khankendi-stepanakert") == early.label_text("khankendi-stepanakert")
    assert late.shown_labels() == early.shown_labels()
    assert _figure(late) == _figure(early)  # the export: markers, names, the same picture
    assert late.plot.grab().toImage() == early.plot.grab().toImage()  # the screen: fills and borders too
    late.fit_region()  # and back: the region's items show again, the comparison's hide
    assert all(not i.isVisible() for i in late.comparison.label_items) and late.region.markers.isVisible()
