"""A pyqtgraph view of one ViewBox and nothing else, for the figures without axes (map, network).

``pg.PlotWidget`` wraps its ViewBox in a PlotItem: four axes, a title, the auto-range button, the
"Plot Options" menu (built from a Qt Designer form) and the ViewBox's own menu — built even when
the panel hides or disables them all, and the hidden axes still re-layout their labels at every
resize. Measured at 11–20 ms of CPU per plot at start-up, against ~1 ms for this view. The
ViewBox keeps everything the panels use: mouse pan and zoom, aspect lock, limits, items, clicks
through the scene; it sits 1 px inside the view, where the PlotItem put it, so the screen and
the exports framed from it are the same.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsItem, QGraphicsLinearLayout, QSizePolicy

from ..qt_imports import wrap_children


class PlainView(pg.GraphicsView):
    def __init__(self, parent=None, background="default", **viewbox):
        super().__init__(parent, background=background)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.enableMouse(False)  # the ViewBox pans and zooms, not the whole scene (as in PlotWidget)
        self.frame = pg.GraphicsWidget()
        lay = QGraphicsLinearLayout(self.frame)
        lay.setContentsMargins(1, 1, 1, 1)  # the PlotItem's margin
        lay.setSpacing(0)
        self.vb = pg.ViewBox(enableMenu=False, **viewbox)
        lay.addItem(self.vb)
        self.setCentralItem(self.frame)

    def getViewBox(self) -> pg.ViewBox:  # noqa: N802 (PlotWidget's name, which the panels and tests use)
        return self.vb

    def useOpenGL(self, b=True) -> None:  # noqa: N802 (pyqtgraph's name; its __init__ calls it first)
        wrap_children(self)  # before pyqtgraph asks for Qt's viewport (to replace it): see qt_imports
        super().useOpenGL(b)

    def addItem(self, item, *args, **kwargs) -> None:  # noqa: N802
        """Into the ViewBox (data coordinates), as ``PlotWidget.addItem`` does — not into the scene."""
        self.vb.addItem(item, *args, **kwargs)

    def removeItem(self, item) -> None:  # noqa: N802
        self.vb.removeItem(item)


class AxesView(PlainView):
    """A ViewBox with a bottom and a left axis, laid out as ``pg.PlotWidget`` lays them out (the
    timeline) without the PlotItem: no title, no hidden top and right axes, no "Plot Options" menu
    built from its Designer form (~6 ms of CPU at start-up)."""

    def __init__(self, viewbox: pg.ViewBox, bottom: pg.AxisItem, left: pg.AxisItem, parent=None,
                 background="default"):
        pg.GraphicsView.__init__(self, parent, background=background)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.enableMouse(False)
        self.frame = pg.GraphicsWidget()
        lay = QGraphicsGridLayout(self.frame)
        lay.setContentsMargins(1, 1, 1, 1)
        lay.setHorizontalSpacing(0)
        lay.setVerticalSpacing(0)
        self.vb = viewbox
        lay.addItem(viewbox, 2, 1)  # the PlotItem's grid: title, top axis, (left, view, right), bottom
        for axis, pos in ((bottom, (3, 1)), (left, (2, 0))):
            axis.linkToView(viewbox)
            lay.addItem(axis, *pos)
            axis.setZValue(0.5)  # above images at z 0, as in a PlotItem
            axis.setFlag(QGraphicsItem.ItemNegativeZStacksBehindParent)
        for i in range(4):
            lay.setRowPreferredHeight(i, 0)
            lay.setRowMinimumHeight(i, 0)
            lay.setRowSpacing(i, 0)
            lay.setRowStretchFactor(i, 1)
        for i in range(3):
            lay.setColumnPreferredWidth(i, 0)
            lay.setColumnMinimumWidth(i, 0)
            lay.setColumnSpacing(i, 0)
            lay.setColumnStretchFactor(i, 1)
        lay.setRowStretchFactor(2, 100)
        lay.setColumnStretchFactor(1, 100)
        # where the PlotItem keeps its title and its hidden top and right axes: nothing, and no room
        lay.setRowMaximumHeight(0, 0)
        lay.setRowMaximumHeight(1, 0)
        lay.setColumnMaximumWidth(2, 0)
        self.setCentralItem(self.frame)
