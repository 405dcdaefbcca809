"""The one place that touches pyqtgraph's internals (not its public API).

On screen, thousands of round marks are stamped from a sheet of pre-drawn symbols with one
``drawPixmapFragments`` call — pyqtgraph's ``SymbolAtlas`` and ``PrimitiveArray`` do exactly that,
and are reused here rather than copied. Vector output never comes here: the figures draw marks
as paths. ``tests/test_pg_adapter.py`` pins the pyqtgraph version these were checked against.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import SymbolAtlas, Symbols
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF, QTransform

from ...core.arrays import distinct

CHECKED_WITH = "0.14.0"  # the pyqtgraph release whose internals this module was written against


def polygon(xy: np.ndarray) -> QPolygonF:
    """An (n, 2) array as a QPolygonF, filled through a numpy view of its memory (pyqtgraph's own
    way): no QPointF per vertex, which costs start-up time for the map's thousands of vertices."""
    poly = pg.functions.create_qpolygonf(len(xy))
    pg.functions.ndarray_from_qpolygonf(poly)[:] = xy
    return poly


class Stamper:
    """Round marks of a few looks, stamped at many positions. A look is (pen, brush, diameter);
    each is rendered into the atlas once (per device pixel ratio)."""

    def __init__(self):
        self._atlas = SymbolAtlas()
        self._frags = pg.Qt.internals.PrimitiveArray(QPainter.PixmapFragment, 10)

    def __len__(self) -> int:
        return len(self._atlas)

    def clear(self) -> None:
        self._atlas.clear()

    def set_ratio(self, dpr: float) -> bool:
        """Device pixel ratio of what is painted next; True when the sheet had to be started again."""
        if dpr != self._atlas.devicePixelRatio():
            self._atlas.setDevicePixelRatio(dpr)
            self._atlas.clear()
            return True
        return False

    def rects(self, looks: list[tuple], which: np.ndarray, sizes: np.ndarray, symbols: list[str] | None = None,
              shape: np.ndarray | None = None) -> np.ndarray:
        """Source rectangles on the sheet, one per mark: ``looks[which[k]]`` is (pen, brush), drawn
        ``sizes[k]`` pixels wide, as a circle or as ``symbols[shape[k]]`` (a pyqtgraph symbol name)."""
        if not len(which):
            return np.zeros((0, 4))
        shape = np.zeros(len(which), dtype=np.int64) if shape is None else shape
        symbols = symbols or ["o"]
        # the distinct (look, size, shape) as one integer each, in the order of the rows' lexical sort:
        # a 1-D distinct and a lookup, several times faster than np.unique over rows (every repaint)
        sizes = np.asarray(sizes, dtype=float)
        size_values = distinct(sizes)
        n_sizes, n_shapes = len(size_values), int(shape.max()) + 1
        keys = (which.astype(np.int64) * n_sizes + np.searchsorted(size_values, sizes)) * n_shapes + shape
        uniq = distinct(keys)
        inv = np.searchsorted(uniq, keys)
        st, rest = np.divmod(uniq, n_sizes * n_shapes)
        sz, sh = np.divmod(rest, n_shapes)
        coords = self._atlas[[(symbols[int(h)], float(size_values[z]), *looks[int(t)])
                              for t, z, h in zip(st.tolist(), sz.tolist(), sh.tolist())]]
        return np.array(coords, dtype=float).reshape(-1, 4)[inv]

    def stamp(self, p: QPainter, xy: np.ndarray, src: np.ndarray, dpr: float) -> None:
        """Draw sheet rectangles ``src`` centred on pixel positions ``xy``: one call."""
        if not len(src):
            return
        frags = self._frags
        frags.resize(len(src))
        f = frags.ndarray()
        f[:, 0:2] = xy
        f[:, 2:6] = src
        f[:, 6:10] = [1 / dpr, 1 / dpr, 0.0, 1.0]
        p.drawPixmapFragments(*frags.drawargs(), self._atlas.pixmap)


def symbol_path(symbol: str, size: float) -> QPainterPath:
    """The outline of a pyqtgraph marker symbol ("o", "star", "t", "d"…), ``size`` pixels wide,
    centred on the origin — the same shapes the on-screen markers wear."""
    return QTransform.fromScale(size, size).map(Symbols[symbol])


def draw_symbol(p: QPainter, symbol: str, size: float, pen, brush) -> None:
    """A marker symbol of ``size`` pixels centred on the origin. The path is scaled, not the
    painter, and the pen is made non-cosmetic: a vector reader (rsvg, a browser) then draws the
    outline as wide as Qt does."""
    if pen is not None and not isinstance(pen, QPen):
        pen = QPen(pen)
    if isinstance(pen, QPen) and pen.isCosmetic():
        pen = QPen(pen)
        pen.setCosmetic(False)
    p.setPen(pen)
    p.setBrush(brush)
    p.drawPath(symbol_path(symbol, size))


def fill_legend(legend: pg.LegendItem, entries) -> list:
    """``legend.addItem(sample, name)`` for each entry, with the legend sized once at the end, not
    after each: ``addItem`` calls ``updateSize``, which lays out every label again, so a legend of
    14 entries cost ~15 ms of CPU (at start-up and on each colour, size or theme change). Returns
    the labels, in order; the caller finishes with ``legend.updateSize()``."""
    legend.updateSize = lambda: None  # an instance attribute hides the method while entries are added
    try:
        for sample, name in entries:
            legend.addItem(sample, name)
    finally:
        del legend.updateSize
    return [label for _, label in legend.items[-len(entries):]] if entries else []


def move_legend_entries(src: pg.LegendItem, dst: pg.LegendItem) -> pg.LegendItem:
    """``dst`` (a new, empty legend of another column count) with ``src``'s look and its entries,
    moved over as they are (samples and laid-out labels), not made again; ``src`` is left empty."""
    dst.setBrush(src.brush())
    dst.setPen(src.pen())
    dst.opts["labelTextColor"] = src.opts["labelTextColor"]
    dst.layout.setContentsMargins(*src.layout.getContentsMargins())
    for sample, label in src.items:
        sample.sigClicked.disconnect(src.sigSampleClicked)
        sample.sigClicked.connect(dst.sigSampleClicked)
        src.layout.removeItem(sample)
        src.layout.removeItem(label)
        label.resize(label.preferredSize())  # as made: src's grid had stretched it (updateSize sums the widths)
        dst.items.append((sample, label))
        dst._addItemToLayout(sample, label)  # the items become dst's children
    src.items = []
    dst.updateSize()
    return dst
