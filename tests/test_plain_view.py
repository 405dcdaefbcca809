"""The map and the network draw in a ViewBox without pyqtgraph's PlotItem (no axes, no plot menu),
the timeline in one with its two axes: the mouse still pans and zooms, a right click opens no
pyqtgraph menu, items go into the view's data coordinates, and pyqtgraph's vector exporter still
finds the figure."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsRectItem

from karabakh_desktop.gui.views.map.panel import MapPanel
from karabakh_desktop.gui.views.network.panel import NetworkPanel
from karabakh_desktop.gui.views.plain_view import PlainView
from karabakh_desktop.gui.views.timeline.panel import TimelinePanel


@pytest.fixture(params=[MapPanel, NetworkPanel, TimelinePanel], ids=["map", "network", "timeline"])
def panel(request, session, qtbot):
    p = request.param(session)
    qtbot.addWidget(p)
    p.resize(700, 560)
    p.show()
    qtbot.waitExposed(p)
    return p


def _empty_point(panel) -> QPoint:
    """A point of the view where a drag pans (the map's places do not move; a network node would)."""
    vp = panel.plot.viewport()
    for y in range(vp.height() // 4, vp.height() * 3 // 4, 7):
        for x in range(vp.width() // 4, vp.width() * 3 // 4, 7):
            scene = panel.plot.mapToScene(QPoint(x, y))
            if not isinstance(panel, NetworkPanel) or panel.node_at(QPointF(scene)) is None:
                return QPoint(x, y)
    raise AssertionError("no empty point")


def test_the_figure_has_no_plot_item_and_no_pyqtgraph_menu(panel):
    assert isinstance(panel.plot, PlainView)
    assert not hasattr(panel.plot, "plotItem")
    assert panel.plot.getViewBox().menu is None and not panel.plot.getViewBox().menuEnabled()
    r = panel.plot.getViewBox().sceneBoundingRect()  # 1 px inside the view (or right of the lane axis),
    left = panel.lane_axis.geometry().right() if isinstance(panel, TimelinePanel) else 1  # as in a PlotItem
    assert r.top() == 1 and r.left() == left
    assert abs(r.right() - (panel.plot.viewport().width() - 1)) <= 1


def test_a_drag_pans_and_the_wheel_zooms(panel, qtbot):
    vb = panel.plot.getViewBox()
    vp = panel.plot.viewport()
    (x0, x1), (y0, y1) = vb.viewRange()
    start = _empty_point(panel)
    qtbot.mousePress(vp, Qt.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(vp, start + QPoint(12 * k, 0))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=start + QPoint(60, 0))
    (a0, a1), _ = vb.viewRange()
    assert a0 < x0 and a1 < x1 and a1 - a0 == pytest.approx(x1 - x0, rel=1e-6)  # moved left, same width
    centre = QPointF(vp.width() / 2, vp.height() / 2)
    wheel = QWheelEvent(centre, vp.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 240), Qt.NoButton,
                        Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(vp, wheel)
    (b0, b1), _ = vb.viewRange()
    assert b1 - b0 < (a1 - a0) * 0.9  # zoomed in


def test_items_go_into_the_view_and_the_vector_exporter_finds_them(panel):
    from pyqtgraph.exporters import SVGExporter

    item = QGraphicsRectItem(0, 0, 1, 1)
    panel.plot.addItem(item)
    assert item.parentItem() is panel.plot.getViewBox().childGroup
    panel.plot.removeItem(item)
    assert item.parentItem() is None
    svg = SVGExporter(panel.graphics_item()).export(toBytes=True).decode()
    assert svg.count("<path") > 20  # the figure's marks and outlines
