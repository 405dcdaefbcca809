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
from PySide6.QtWidgets import QGraphicsLinearLayout, QSizePolicy


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

    def addItem(self, item, *args, **kwargs) -> None:  # noqa: N802
        """Into the ViewBox (data coordinates), as ``PlotWidget.addItem`` does — not into the scene."""
        self.vb.addItem(item, *args, **kwargs)

    def removeItem(self, item) -> None:  # noqa: N802
        self.vb.removeItem(item)
