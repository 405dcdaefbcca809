"""What the timeline leaves out of start-up, and that what it shows is the same: no window region
until a first window, a plain item for the future's shading, axes that leave their hidden title
alone, a tool bar made in its panel."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolButton, QWidget

from karabakh_desktop.core import timeline_layout as tl
from karabakh_desktop.gui.panels import panel_toolbar
from karabakh_desktop.gui.views.timeline.items import QuietAxis
from karabakh_desktop.gui.views.timeline.panel import TimelinePanel

D = dt.date


@pytest.fixture
def panel(show_panel, session):
    return show_panel(TimelinePanel(session), 1100, 420)


def test_the_window_region_is_made_with_the_first_window(panel, session, qapp):
    assert "region" not in panel.__dict__  # start-up: no window, no region
    session.set_time_window(None)
    assert "region" not in panel.__dict__
    session.set_time_window((D(2020, 9, 27), D(2020, 11, 11)))
    region = panel.region
    assert region.isVisible() and region in panel.view.addedItems
    assert region.getRegion() == (tl.seconds(D(2020, 9, 27)), tl.seconds(D(2020, 11, 11)))
    session.set_time_window(None)
    assert panel.region is region and not region.isVisible()


def test_the_future_is_shaded_from_the_publication_date_across_the_view(panel, qapp):
    pub = tl.seconds(panel.published) + tl.DAY / 2
    shade = panel.future
    for x_range in ((pub - 400 * tl.DAY, pub + 200 * tl.DAY), (pub - 40 * tl.DAY, pub + 10 * tl.DAY)):
        panel.view.setXRange(*x_range, padding=0)
        qapp.processEvents()
        view = panel.view.viewRect()
        rect = shade.boundingRect()
        assert rect.left() == pub and rect.right() > view.right()
        assert (rect.top(), rect.bottom()) == pytest.approx((view.top(), view.bottom()))
        # drawn: the band above the lanes is greyer after the date than before it
        img = panel.plot.grab().toImage()
        y = view.top() + 0.2
        before, after = (panel.plot.mapFromScene(panel.view.mapViewToScene(QPointF(x, y)))
                         for x in (pub - 3 * tl.DAY, pub + 3 * tl.DAY))
        assert img.pixelColor(after).lightness() < img.pixelColor(before).lightness()
    assert shade not in panel.view.addedItems  # no part of what "fit" fits


def test_the_axes_leave_their_hidden_title_alone(qapp):
    axis = QuietAxis("bottom")
    doc = axis.label.document()
    revision = doc.revision()
    axis.setPen(QColor("red"))
    axis.setTextPen(QColor("blue"))
    axis.setRange(0, 1e9)
    assert doc.revision() == revision and axis.label.toPlainText() == ""
    axis.setLabel("Time", units="s")
    assert "Time" in axis.label.toPlainText()
    axis.setLabel("")
    assert axis.label.toPlainText() == ""


def test_a_panel_tool_bar_is_made_in_its_panel(qapp):
    host = QWidget()
    button = QToolButton(text="Fit")
    bar = panel_toolbar([button], host)
    assert bar.parent() is host and button.parent() is bar
    assert panel_toolbar([QToolButton(text="x")]).parent() is None
