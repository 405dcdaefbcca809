"""The actor network: who is tied to whom, how, and how strongly.

Drawn with pyqtgraph from the store's actor network (``core.graph``; networkx only for
betweenness and communities). Everything that can be is built once — node looks, the edge
geometry, brushes and pens — and a selection only restyles what it touches: nodes and edges are
each drawn as a resting layer, cached as a pixmap on screen, with the touched ones on top.
Nodes, edges, arrowheads and labels are drawn in pixels (they keep their size when zooming, so
arrows stay readable on a projector).
"""

from __future__ import annotations

import itertools
import math
from html import escape

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import SymbolAtlas
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolBar,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core import activity, graph, positions, read
from . import theme
from .layout_worker import LayoutJob
from .panels import Panel

BIG_GRAPH = 1000  # from this many nodes, a layout is computed off the GUI thread
MAX_LABELS = 160  # labels drawn besides the selection's (the biggest nodes first)
LAYOUT_NAMES = {"spring": "Force-directed", "circular": "Circular", "grouped-type": "Grouped by actor type",
                "grouped-community": "Grouped by community"}
MEASURE_NAMES = {"degree": "Degree (number of ties)", "betweenness": "Betweenness (brokers)",
                 "eigenvector": "Eigenvector (tied to the well-tied)"}
COLOUR_NAMES = {"type": "Actor type", "community": "Community (modularity)"}
FOCUS_NAMES = {0: "Whole network", 1: "Selection + 1 step", 2: "Selection + 2 steps"}
SIGN_LABELS = {"cooperative": "cooperative", "conflictual": "conflictual", "neutral": "neutral / other"}
TYPE_COLOURS = {"state": "#0072B2", "armed": "#CC79A7", "organisation": "#56B4E9", "population": "#8C7A00",
                "text": "#8A8A8A", "place": theme.KIND_COLOURS["place"], "other": "#5F5F5F"}
COMMUNITY_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#8C7A00", "#5F5F5F", "#F0A0FF"]
FAMILY_DASHES = {"force": None, "agreement": [6, 3], "stance": [1.2, 2.6], "other": [7, 3, 1.2, 3]}
ARROW_LEN, ARROW_HALF = 12.0, 5.0  # pixels
CURVE_STEP = 16.0  # pixels between parallel ties of one pair
# Node and edge looks per state: S strong (selected), s soft (touched), n normal (no selection), d dim.
TIME_FADE = {activity.ACTIVE: 1.0, activity.POSSIBLY: 0.55, activity.INACTIVE: 0.2}


def _colour(hex_or_q, alpha: float = 1.0) -> QColor:
    c = QColor(hex_or_q)
    c.setAlphaF(max(0.0, min(1.0, c.alphaF() * alpha)))
    return c


def _tint(hex_colour: str, towards: str, amount: float) -> QColor:
    a, b = QColor(hex_colour), QColor(towards)
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * amount, a.greenF() + (b.greenF() - a.greenF()) * amount,
                           a.blueF() + (b.blueF() - a.blueF()) * amount)


def _map(tr, xy: np.ndarray) -> np.ndarray:
    """Apply an affine QTransform to an (n, 2) array."""
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([tr.m11() * x + tr.m21() * y + tr.dx(), tr.m12() * x + tr.m22() * y + tr.dy()], axis=1)


class _EdgesItem(pg.GraphicsObject):
    """All ties in one item, painted in pixels from geometry cached per view transform."""

    def __init__(self, panel: NetworkPanel):
        super().__init__()
        self.panel = panel
        self._cache_key = None
        self._cache = None
        self._base = None
        self._base_key = None
        self.setZValue(-10)

    def boundingRect(self) -> QRectF:
        key = (self.panel.geometry_version, len(self.panel.pos))
        if key != getattr(self, "_bounds_key", None):
            pos = self.panel.pos
            if len(pos) == 0:
                self._bounds = QRectF()
            else:
                lo, hi = pos.min(axis=0), pos.max(axis=0)
                pad = 0.3 * max(float(hi[0] - lo[0]), float(hi[1] - lo[1]), 0.1)
                self._bounds = QRectF(lo[0] - pad, lo[1] - pad, hi[0] - lo[0] + 2 * pad, hi[1] - lo[1] + 2 * pad)
            self._bounds_key = key
        return QRectF(self._bounds)

    def geometry_changed(self) -> None:
        self._cache_key = None
        self.prepareGeometryChange()
        self.update()

    def paths(self, tr):
        key = (tr.m11(), tr.m12(), tr.m21(), tr.m22(), tr.dx(), tr.dy(), self.panel.geometry_version)
        if key != self._cache_key:
            self._cache = self.panel.edge_paths(_map(tr, self.panel.pos))
            self._cache_key = key
        return self._cache

    def paint(self, p: QPainter, *args) -> None:
        panel = self.panel
        if not panel.edge_ids:
            return
        tr = p.transform()
        paths = self.paths(tr)
        device = p.device()
        raster = isinstance(device, (QWidget, QPixmap, QImage))
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.Antialiasing)
        # Bottom layer: every visible tie in its resting look (dimmed while something is selected).
        # It does not depend on *what* is selected, so on screen it is cached as a pixmap and a
        # selection only redraws the few strong and soft ties on top.
        base_key = (self._cache_key, panel.base_version, device.width(), device.height())
        if raster:
            if self._base_key != base_key:
                ratio = device.devicePixelRatioF() if hasattr(device, "devicePixelRatioF") else 1.0
                pm = QPixmap(int(device.width() * ratio), int(device.height() * ratio))
                pm.setDevicePixelRatio(ratio)
                pm.fill(Qt.transparent)
                q = QPainter(pm)
                q.setRenderHint(QPainter.Antialiasing)
                self._draw(q, paths, panel.base_order, panel.base_pens, panel.base_brushes, halo=False)
                q.end()
                self._base, self._base_key = pm, base_key
            p.drawPixmap(0, 0, self._base)
        else:  # vector export: no pixels
            self._draw(p, paths, panel.base_order, panel.base_pens, panel.base_brushes, halo=False)
        self._draw(p, paths, panel.top_order, panel.edge_pens, panel.edge_arrow_brushes, halo=True)
        p.restore()

    def _draw(self, p: QPainter, paths, order, pens, brushes, halo: bool) -> None:
        panel = self.panel
        halo_pen = QPen(_colour(theme.current().highlight, 0.75), 10, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)
        for e in order:
            if not panel.edge_visible[e] or paths[e] is None:
                continue
            path, arrow = paths[e]
            if halo and panel.edge_halo[e]:
                p.setPen(halo_pen)
                p.setBrush(Qt.NoBrush)
                p.drawPath(path)
                if arrow is not None:
                    p.drawPolygon(arrow)
            p.setPen(pens[e])
            p.setBrush(Qt.NoBrush)
            p.drawPath(path)
            if arrow is not None:
                p.setPen(Qt.NoPen)
                p.setBrush(brushes[e])
                p.drawPolygon(arrow)


class _LabelsItem(pg.GraphicsObject):
    """Node labels in pixels, placed greedily (selection first, then the biggest nodes) on one of
    eight spots around each node where they overlap neither another label nor a node; a label
    with no free spot is left out, unless its node is selected."""

    def __init__(self, panel: NetworkPanel):
        super().__init__()
        self.panel = panel
        self.setZValue(10)
        self._key = None
        self._placed: list = []
        self._pixmaps: dict[tuple, QPixmap] = {}

    def boundingRect(self) -> QRectF:
        return self.panel.edges_item.boundingRect()

    def geometry_changed(self) -> None:
        self._key = None
        self.prepareGeometryChange()
        self.update()

    def placed(self, tr) -> list:
        key = (tr.m11(), tr.m12(), tr.m21(), tr.m22(), tr.dx(), tr.dy(), self.panel.geometry_version,
               self.panel.label_version)
        if key != self._key:
            self._placed = self.panel.place_labels(_map(tr, self.panel.pos), view_key=key[:7])
            self._key = key
        return self._placed

    def paint(self, p: QPainter, *args) -> None:
        placed = self.placed(p.transform())
        if not placed:
            return
        device = p.device()
        p.save()
        p.resetTransform()
        if isinstance(device, (QWidget, QPixmap, QImage)):
            # On screen a label is a pixmap, drawn once per look: the same labels come back with
            # every selection, and stamping them is cheaper than shaping text again.
            dpr = device.devicePixelRatioF()
            for rect, text, font, colour, bg in placed:
                p.drawPixmap(QPointF(round(rect.x()), round(rect.y())),
                             self._pixmap(rect.width(), rect.height(), text, font, colour, bg, dpr))
        else:
            p.setRenderHint(QPainter.Antialiasing)
            p.setRenderHint(QPainter.TextAntialiasing)
            for rect, text, font, colour, bg in placed:
                self._draw_label(p, rect, text, font, colour, bg)
        p.restore()

    @staticmethod
    def _draw_label(p: QPainter, rect: QRectF, text: str, font: QFont, colour: QColor, bg: QColor) -> None:
        p.setPen(Qt.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(rect, 3, 3)
        p.setFont(font)
        p.setPen(colour)
        p.drawText(rect, Qt.AlignCenter, text)

    def _pixmap(self, w: float, h: float, text: str, font: QFont, colour: QColor, bg: QColor,
                dpr: float) -> QPixmap:
        key = (text, font.key(), colour.rgba(), bg.rgba(), w, h, dpr)
        pm = self._pixmaps.get(key)
        if pm is None:
            if len(self._pixmaps) > 8 * MAX_LABELS:
                self._pixmaps.clear()
            pm = QPixmap(math.ceil(w * dpr), math.ceil(h * dpr))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.transparent)
            q = QPainter(pm)
            q.setRenderHint(QPainter.Antialiasing)
            q.setRenderHint(QPainter.TextAntialiasing)
            self._draw_label(q, QRectF(0, 0, w, h), text, font, colour, bg)
            q.end()
            self._pixmaps[key] = pm
        return pm


class _NodesItem(pg.GraphicsObject):
    """The nodes, painted from arrays in two layers: every node in its resting look (normal, or
    dimmed while something is selected) and, on top, the nodes the selection touches.

    A node's look in each state is an index into a small palette of (pen, brush), computed when
    colours, sizes, the time window or the theme change — not on a selection, which only swaps
    the resting look and sets the few touched nodes. On screen each look and size is rendered
    once into a symbol atlas and all nodes are stamped with one ``drawPixmapFragments`` call;
    vector output (SVG, PDF) draws ellipses. A drag that starts on a node moves it (anywhere
    else it pans the view)."""

    def __init__(self, panel: NetworkPanel):
        super().__init__()
        self.panel = panel
        self._drag = None
        self._palette: list[tuple[QPen, QBrush]] = []
        self._palette_index: dict[tuple[int, int], int] = {}
        self.looks: dict[str, np.ndarray] = {}  # look (n, d, s, S) -> palette index per node
        self.size = np.zeros(0)  # resting diameter per node, in pixels
        self.rest = "n"
        self.top = np.zeros(0, dtype=np.int64)  # touched nodes, in drawing order
        self.top_style = np.zeros(0, dtype=np.int64)
        self.top_size = np.zeros(0)
        self.slot = np.zeros(0, dtype=np.int64)  # per node: its place in ``top``, or -1
        self.visible = np.ones(0, dtype=bool)
        self._atlas = SymbolAtlas()
        self._rest_rects: dict[str, np.ndarray] = {}
        self._top_rects: np.ndarray | None = None
        self._frags = pg.Qt.internals.PrimitiveArray(QPainter.PixmapFragment, 10)
        self._looks_version = 0
        self._base: QPixmap | None = None
        self._base_key = None

    # --- state --------------------------------------------------------------------------------
    def reset(self, n: int) -> None:
        self.looks = {}
        self.size = np.full(n, 10.0)
        self.top = np.zeros(0, dtype=np.int64)
        self.top_style = np.zeros(0, dtype=np.int64)
        self.top_size = np.zeros(0)
        self.slot = np.full(n, -1, dtype=np.int64)
        self.visible = np.ones(n, dtype=bool)
        self._rest_rects.clear()
        self._top_rects = None
        self._looks_version += 1
        self.geometry_changed()

    def clear_palette(self) -> None:
        """Forget every look (a theme change): ``set_looks`` must follow."""
        self._palette.clear()
        self._palette_index.clear()
        self._atlas.clear()
        self._base_key = None
        self._rest_rects.clear()
        self._top_rects = None

    def style(self, pen: QPen, brush: QBrush) -> int:
        key = (id(pen), id(brush))
        got = self._palette_index.get(key)
        if got is None:
            got = self._palette_index[key] = len(self._palette)
            self._palette.append((pen, brush))  # held here, so ids stay unique
        return got

    def set_looks(self, looks: dict[str, np.ndarray], size: np.ndarray) -> None:
        self.looks, self.size = looks, size
        self._looks_version += 1
        self._rest_rects.clear()
        if len(self._atlas) > 4 * max(len(size), 64):  # looks come and go: start the atlas afresh
            self._atlas.clear()
        self._restyle_top()

    def set_rest(self, look: str) -> None:
        if look != self.rest:
            self.rest = look
            self.update()

    def set_top(self, top: np.ndarray, strong: np.ndarray) -> None:
        """Draw nodes ``top`` (indices, in drawing order) over the rest, ``strong`` ones as selected."""
        self.slot[self.top] = -1
        self.top, self._strong = top, strong
        self.slot[top] = np.arange(len(top))
        self._restyle_top()

    def _restyle_top(self) -> None:
        top, strong = self.top, getattr(self, "_strong", np.zeros(0, dtype=bool))
        if not len(top) or not self.looks:
            self.top_style, self.top_size = np.zeros(0, dtype=np.int64), np.zeros(0)
        else:
            self.top_style = np.where(strong, self.looks["S"][top], self.looks["s"][top])
            self.top_size = self.size[top] + np.where(strong, 4.0, 0.0)
        self._top_rects = None
        self.update()

    def set_visible(self, visible: np.ndarray) -> None:
        if len(visible) != len(self.visible) or not np.array_equal(visible, self.visible):
            self.visible = visible.copy()
            self.update()

    def drawn(self, i: int) -> tuple[QPen, QBrush, float]:
        """The pen, brush and diameter node ``i`` is drawn with."""
        k = int(self.slot[i])
        if k >= 0:
            pen, brush = self._palette[int(self.top_style[k])]
            return pen, brush, float(self.top_size[k])
        pen, brush = self._palette[int(self.looks[self.rest][i])]
        return pen, brush, float(self.size[i])

    @property
    def data(self) -> dict[str, np.ndarray]:
        """Each node's drawn pen and brush, as ``ScatterPlotItem.data`` gives them (for reading)."""
        got = [self.drawn(i) for i in range(len(self.size))] if self.looks else []
        return {"pen": np.array([g[0] for g in got] or [], dtype=object),
                "brush": np.array([g[1] for g in got] or [], dtype=object),
                "size": np.array([g[2] for g in got], dtype=float)}

    # --- painting -----------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self.panel.edges_item.boundingRect()

    def geometry_changed(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def _rects(self, styles: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """Source rectangles in the atlas, one per (look, size), rendered there when new."""
        if not len(styles):
            return np.zeros((0, 4))
        keys = np.stack([styles.astype(float), sizes.astype(float)], axis=1)
        uniq, inv = np.unique(keys, axis=0, return_inverse=True)
        coords = self._atlas[[("o", float(sz), *self._palette[int(st)]) for st, sz in uniq]]
        return np.array(coords, dtype=float).reshape(-1, 4)[inv.ravel()]

    def _stamp(self, p: QPainter, xy: np.ndarray, src: np.ndarray, dpr: float) -> None:
        """Draw atlas rectangles ``src`` centred on pixel positions ``xy``: one call."""
        if not len(src):
            return
        frags = self._frags
        frags.resize(len(src))
        f = frags.ndarray()
        f[:, 0:2] = xy
        f[:, 2:6] = src
        f[:, 6:10] = [1 / dpr, 1 / dpr, 0.0, 1.0]
        p.drawPixmapFragments(*frags.drawargs(), self._atlas.pixmap)

    def paint(self, p: QPainter, *args) -> None:
        pos = self.panel.pos
        n = len(pos)
        if n == 0 or not self.looks or len(self.size) != n:
            return
        xy = _map(p.transform(), pos)
        tk = np.flatnonzero(self.visible[self.top])
        device = p.device()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.Antialiasing)
        if isinstance(device, (QWidget, QPixmap, QImage)):
            dpr = device.devicePixelRatioF()
            if dpr != self._atlas.devicePixelRatio():
                self._atlas.setDevicePixelRatio(dpr)
                self._atlas.clear()
                self._rest_rects.clear()
                self._top_rects = None
            # The resting layer (every visible node, touched ones too: they are drawn again on
            # top) does not depend on what is selected; on screen it is cached as a pixmap.
            tr = p.transform()
            key = (tr.m11(), tr.m12(), tr.m21(), tr.m22(), tr.dx(), tr.dy(), self.panel.geometry_version,
                   self._looks_version, self.rest, self.visible.tobytes(), device.width(), device.height(), dpr)
            if key != self._base_key:
                rr = self._rest_rects.get(self.rest)
                if rr is None:
                    rr = self._rest_rects[self.rest] = self._rects(self.looks[self.rest], self.size)
                vis = np.flatnonzero(self.visible)
                pm = QPixmap(int(device.width() * dpr), int(device.height() * dpr))
                pm.setDevicePixelRatio(dpr)
                pm.fill(Qt.transparent)
                q = QPainter(pm)
                self._stamp(q, xy[vis], rr[vis], dpr)
                q.end()
                self._base, self._base_key = pm, key
            p.drawPixmap(0, 0, self._base)
            if self._top_rects is None:
                self._top_rects = self._rects(self.top_style, self.top_size)
            self._stamp(p, xy[self.top[tk]], self._top_rects[tk], dpr)
        else:  # vector export: ellipses, grouped by look
            rest = np.flatnonzero(self.visible & (self.slot < 0))
            looks = np.concatenate([self.looks[self.rest][rest], self.top_style[tk]])
            sizes = np.concatenate([self.size[rest], self.top_size[tk]])
            pts = np.concatenate([xy[rest], xy[self.top[tk]]])
            # Resting nodes first, then the touched ones: a stable sort by layer, then look.
            layer = np.concatenate([np.zeros(len(rest)), np.ones(len(tk))])
            for layer_id in (0, 1):
                sel = np.flatnonzero(layer == layer_id)
                for st in np.unique(looks[sel]) if len(sel) else ():
                    pen, brush = self._palette[int(st)]
                    p.setPen(pen)
                    p.setBrush(brush)
                    for j in sel[looks[sel] == st]:
                        r = sizes[j] / 2
                        p.drawEllipse(QPointF(float(pts[j, 0]), float(pts[j, 1])), r, r)
        p.restore()

    # --- mouse --------------------------------------------------------------------------------
    def mouseClickEvent(self, ev) -> None:
        ev.ignore()  # clicks are handled once, by the panel, from the scene

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            self._drag = self.panel.node_at(ev.buttonDownScenePos())
            if self._drag is None:
                ev.ignore()
                return
            self.panel.drag_started(self._drag)
        elif self._drag is None:
            ev.ignore()
            return
        ev.accept()
        pt = ev.pos()
        self.panel.drag_node(self._drag, (pt.x(), pt.y()), finished=ev.isFinish())
        if ev.isFinish():
            self._drag = None


class _Sample(pg.ItemSample):
    """A legend swatch: a node (colour, size, outline) or a line (sign colour, kind style)."""

    def __init__(self, *, brush=None, pen=None, size=10, line=None, arrow=False):
        pg.GraphicsWidget.__init__(self)
        self.item = None
        self.brush, self.pen, self.size, self.line, self.arrow = brush, pen, size, line, arrow
        self.setFixedWidth(26)
        self.setFixedHeight(16)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 26, 16)

    def paint(self, p: QPainter, *args) -> None:
        p.setRenderHint(QPainter.Antialiasing)
        if self.line is not None:
            p.setPen(self.line)
            p.drawLine(QPointF(2, 8), QPointF(19 if self.arrow else 24, 8))
            if self.arrow:
                p.setPen(Qt.NoPen)
                p.setBrush(self.line.color())
                p.drawPolygon(QPolygonF([QPointF(25, 8), QPointF(17, 4), QPointF(17, 12)]))
            return
        p.setPen(self.pen if self.pen is not None else Qt.NoPen)
        p.setBrush(self.brush if self.brush is not None else Qt.NoBrush)
        p.drawEllipse(QPointF(13, 8), self.size / 2, self.size / 2)

    def mouseClickEvent(self, ev) -> None:
        ev.accept()


class _MoveNodes(QUndoCommand):
    """Dragged node positions (or "Reset positions"), undoable; written to the store."""

    def __init__(self, panel: NetworkPanel, key: str, before: dict, after: dict, text: str):
        super().__init__(text)
        self.panel, self.key, self.before, self.after = panel, key, before, after

    def _apply(self, values: dict) -> None:
        db = self.panel.session.db
        gone = [k for k, v in values.items() if v is None]
        positions.forget(db, positions.user_key(self.key), gone)
        positions.save(db, positions.user_key(self.key), {k: v for k, v in values.items() if v is not None})
        if self.panel.layout_key() == self.key:
            self.panel.reload_positions()

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class NetworkPanel(Panel):
    panel_id = "network"
    title = "Network"
    layoutProgress = Signal(int, int)
    layoutFinished = Signal()

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.layout_name = "spring"
        self.measure = "degree"
        self.colour_by = "type"
        self.focus_steps = 0
        self.include_places = False
        self.hidden_kinds: set[str] = set()
        self.hidden_signs: set[str] = set()
        self.geometry_version = 0
        self.label_version = 0
        self.label_names_version = 0
        self.base_version = 0
        self.job: LayoutJob | None = None
        self._brushes: dict = {}
        self._pens: dict = {}
        self._drag_before = None
        self._states: dict[str, str] = {}
        self._states_version = 0
        self._looks_key = None
        self._build_widgets()
        self.rebuild()

    # --- widgets ---------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.75)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)

        def menu_button(text: str, tip: str, options: dict, current, setter) -> tuple[QToolButton, QActionGroup]:
            btn = QToolButton()
            btn.setText(text)
            btn.setToolTip(tip)
            btn.setPopupMode(QToolButton.InstantPopup)
            menu = QMenu(btn)
            group = QActionGroup(btn)
            for key, label in options.items():
                act = menu.addAction(label)
                act.setCheckable(True)
                act.setChecked(key == current)
                act.setData(key)
                act.triggered.connect(lambda _=False, k=key: setter(k))
                group.addAction(act)
            btn.setMenu(menu)
            self.toolbar.addWidget(btn)
            return btn, group

        self.layout_btn, self.layout_group = menu_button("Layout", "How nodes are placed", LAYOUT_NAMES,
                                                         self.layout_name, self.set_layout)
        self.size_btn, self.size_group = menu_button("Size", "What a node's size shows", MEASURE_NAMES,
                                                     self.measure, self.set_measure)
        self.colour_btn, self.colour_group = menu_button("Colour", "What a node's colour shows", COLOUR_NAMES,
                                                         self.colour_by, self.set_colour_by)
        self.focus_btn, self.focus_group = menu_button("Focus", "Show only the neighbourhood of the selection",
                                                       FOCUS_NAMES, 0, self.set_focus)
        self.filter_btn = QToolButton()
        self.filter_btn.setText("Ties")
        self.filter_btn.setToolTip("Show or hide ties by sign and kind")
        self.filter_btn.setPopupMode(QToolButton.InstantPopup)
        self.filter_menu = QMenu(self.filter_btn)
        self.filter_btn.setMenu(self.filter_menu)
        self.toolbar.addWidget(self.filter_btn)
        self.places_action = QAction("Places", self)
        self.places_action.setCheckable(True)
        self.places_action.setToolTip("Also show the places actors are tied to")
        self.places_action.toggled.connect(self.set_include_places)
        self.toolbar.addAction(self.places_action)
        fit = QAction("Fit", self)
        fit.setToolTip("Fit the network to the panel")
        fit.triggered.connect(self.fit)
        self.toolbar.addAction(fit)
        more = QToolButton()
        more.setText("⋯")
        more.setToolTip("Positions and legend")
        more.setPopupMode(QToolButton.InstantPopup)
        more_menu = QMenu(more)
        more_menu.addAction("Reset positions", self.reset_positions).setToolTip(
            "Forget where you dragged nodes in this layout")
        more_menu.addAction("Recompute layout", self.recompute_layout)
        self.legend_action = more_menu.addAction("Show legend")
        self.legend_action.setCheckable(True)
        self.legend_action.setChecked(True)
        self.legend_action.toggled.connect(lambda on: self.legend_item.setVisible(on))
        more.setMenu(more_menu)
        self.toolbar.addWidget(more)

        self.plot = pg.PlotWidget(background=theme.current().base)
        self.plot.setAntialiasing(True)
        pi = self.plot.getPlotItem()
        for axis in ("left", "bottom"):
            pi.hideAxis(axis)
        pi.setMenuEnabled(False)
        pi.hideButtons()
        self.vb = pi.getViewBox()
        self.vb.setAspectLocked(True)
        self.vb.setDefaultPadding(0.06)
        self.edges_item = _EdgesItem(self)
        self.scatter = _NodesItem(self)
        self.labels_item = _LabelsItem(self)
        pi.addItem(self.edges_item)
        pi.addItem(self.scatter)
        pi.addItem(self.labels_item)
        self.legend_item = pg.LegendItem(offset=(4, -4), colCount=3, labelTextSize="7.5pt", verSpacing=1,
                                         horSpacing=0)
        self.legend_item.setParentItem(pi.vb)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)

        self.progress = QProgressBar()
        self.progress.setFormat("Laying out %v of %m iterations")
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.clicked.connect(self.cancel_layout)
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_btn)
        self.progress_row.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.progress_row)
        lay.addWidget(self.plot, 1)

    # --- model -------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """(Re)read the graph from the store; done at start and when places are switched."""
        self.cancel_layout(wait=True)
        self.label_names_version += 1
        s = self.session
        g = graph.actor_network(s.db, include_places=self.include_places)
        self.g = g
        self.node_ids = list(g.nodes)  # by id
        self.node_index = {n: i for i, n in enumerate(self.node_ids)}
        n = len(self.node_ids)
        self.node_family = [d["family"] for d in g.nodes.values()]
        self.node_context = np.array([d["context"] for d in g.nodes.values()], dtype=bool)
        self._measures: dict[str, dict[str, float]] = {}
        self._sizes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._communities: dict[str, int] | None = None
        edges = g.ties  # by relation id
        self.edge_ids = [k for _, _, k, _ in edges]
        self.edge_index = {k: i for i, k in enumerate(self.edge_ids)}
        self.edge_src = np.array([self.node_index[u] for u, _, _, _ in edges], dtype=np.int64)
        self.edge_dst = np.array([self.node_index[v] for _, v, _, _ in edges], dtype=np.int64)
        # Ties per node, as the tooltip counts them (a self-loop counts twice).
        self.degree = dict(zip(self.node_ids, (np.bincount(self.edge_src, minlength=n)
                                               + np.bincount(self.edge_dst, minlength=n)).tolist()))
        self.edge_sign = [d["sign"] if d["sign"] in theme.SIGN_COLOURS else "neutral" for *_, d in edges]
        self.edge_kind = [d["kind"] for *_, d in edges]
        self.edge_family = [d["family"] for *_, d in edges]
        self.edge_directed = [d["directed"] for *_, d in edges]
        self.edge_context = [d["context"] for *_, d in edges]
        self._edge_sign_arr = np.array(self.edge_sign, dtype=object)
        self._edge_kind_arr = np.array(self.edge_kind, dtype=object)
        self._pass_key = None
        # Parallel ties of one pair curve apart, symmetric around the straight line.
        pairs: dict[tuple[int, int], list[int]] = {}
        for e, (a, b) in enumerate(zip(self.edge_src.tolist(), self.edge_dst.tolist())):
            pairs.setdefault((min(a, b), max(a, b)), []).append(e)
        self.edge_bend = np.zeros(len(edges))
        for (a, _b), members in pairs.items():
            m = len(members)
            for r, e in enumerate(members):
                bend = (r - (m - 1) / 2) * CURVE_STEP
                self.edge_bend[e] = bend if self.edge_src[e] == a else -bend
        self.node_visible = np.ones(n, dtype=bool)
        self.node_base = np.full(n, 8.0)
        self.node_size = self.node_base.copy()
        self._node_state_now = np.full(n, "n")
        self.edge_visible = np.ones(len(edges), dtype=bool)
        self.edge_pens: list[QPen] = [QPen()] * len(edges)
        self.edge_arrow_brushes: list[QBrush] = [QBrush()] * len(edges)
        self.edge_halo = np.zeros(len(edges), dtype=bool)
        self.base_order, self.top_order = [], []
        self.base_pens, self.base_brushes = [], []
        self._base_style_key = None
        self._looks_key = None
        self._set_states(activity.states(s.db, s.time_window) if s.time_window else {})
        self._fill_filter_menu()
        self.pos = np.zeros((n, 2))
        self.scatter.reset(n)
        self.reload_positions(fit=True)
        self.update_legend()

    def _set_states(self, states: dict[str, str]) -> None:
        """The time window's activity states, and the fade of each node and tie they give."""
        self._states = states
        self._states_version += 1
        if states:
            self._node_fade = np.array([TIME_FADE[states.get(v, activity.ACTIVE)] for v in self.node_ids])
            self._edge_fade = [TIME_FADE[states.get(rid, activity.ACTIVE)] for rid in self.edge_ids]
        else:
            self._node_fade = np.ones(len(self.node_ids))
            self._edge_fade = [1.0] * len(self.edge_ids)

    def layout_key(self, layout: str | None = None) -> str:
        return f"network:{layout or self.layout_name}" + ("+places" if self.include_places else "")

    def _compute(self, known: dict) -> dict:
        g = self.g
        if self.layout_name == "spring":
            return graph.spring(g, initial=known or None, fixed=set(known))
        if self.layout_name == "circular":
            return graph.circular(g)
        if self.layout_name == "grouped-type":
            return graph.grouped(g, "family")
        return graph.grouped(g, groups_of=self.communities())

    def reload_positions(self, fit: bool = False) -> None:
        """Positions of the current layout: cached (or computed once and cached), with drags on top."""
        db, key = self.session.db, self.layout_key()
        if self.layout_name == "spring" and len(self.node_ids) >= BIG_GRAPH:
            known = positions.load(db, key)
            if not all(n in known for n in self.node_ids):
                self._start_job(known)
                pos = graph.circular(self.g)
                pos.update({k: v for k, v in known.items() if k in pos})
                self._set_positions(pos, fit=True)
                return
        pos, _ = positions.cached(db, key, self.node_ids, self._compute)
        self._set_positions(positions.with_drags(db, key, pos), fit=fit)

    def _set_positions(self, pos: dict, fit: bool = False) -> None:
        self.pos = np.array([pos.get(v, (0.0, 0.0)) for v in self.node_ids], dtype=float).reshape(-1, 2)
        self.geometry_version += 1
        self.restyle(positions_changed=True)
        if fit:
            self.fit()

    # --- off-thread layout ---------------------------------------------------------------------------
    def _start_job(self, known: dict) -> None:
        self.job = LayoutJob(self.g, self, initial=known or None, fixed=frozenset(known))
        self.job.progress.connect(self._on_job_progress)
        self.job.finished.connect(self._on_job_finished)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_row.show()
        self.session.status.emit(f"Laying out {len(self.node_ids)} nodes in the background…")
        self.job.start()

    def _on_job_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.layoutProgress.emit(done, total)

    def _on_job_finished(self, pos: dict) -> None:
        self.progress_row.hide()
        self.job = None
        positions.save(self.session.db, self.layout_key("spring"), pos)
        if self.layout_name == "spring":
            self._set_positions(positions.with_drags(self.session.db, self.layout_key(), pos), fit=True)
        self.session.status.emit("Layout done (cached in the store: it will not be computed again).")
        self.layoutFinished.emit()

    def _on_job_cancelled(self, pos: dict) -> None:
        self.progress_row.hide()
        self.job = None
        if self.layout_name == "spring" and pos:
            self._set_positions(pos, fit=True)
        self.session.status.emit("Layout cancelled: showing where it had got to (not cached).")
        self.layoutFinished.emit()

    def cancel_layout(self, wait: bool = False) -> None:
        job = self.job
        if job is not None and job.running:
            job.cancel()
            if wait:
                job.wait()
                self.job = None
                self.progress_row.hide()

    # --- measures and colours --------------------------------------------------------------------------
    def measure_values(self, measure: str | None = None) -> dict[str, float]:
        measure = measure or self.measure
        if measure not in self._measures:
            self._measures[measure] = graph.measures(self.g, measure)
        return self._measures[measure]

    def _size_and_rank(self) -> tuple[np.ndarray, np.ndarray]:
        """Per node, its resting diameter (from the measure) and its rank (biggest first, then by id)."""
        got = self._sizes.get(self.measure)
        if got is None:
            values = self.measure_values()
            v = np.array([values.get(n, 0) for n in self.node_ids], dtype=float)
            order = np.lexsort((np.arange(len(v)), -v))
            rank = np.empty(len(v), dtype=np.int64)
            rank[order] = np.arange(len(v))
            got = self._sizes[self.measure] = (8 + 22 * np.sqrt(v), rank)
        return got

    def communities(self) -> dict[str, int]:
        if self._communities is None:
            self._communities = graph.communities(self.g)
        return self._communities

    def node_colours(self) -> list[str]:
        if self.colour_by == "community":
            comm = self.communities()
            return [COMMUNITY_COLOURS[c] if (c := comm.get(v, 99)) < len(COMMUNITY_COLOURS) - 1
                    else COMMUNITY_COLOURS[-2] for v in self.node_ids]
        return [TYPE_COLOURS.get(f, TYPE_COLOURS["other"]) for f in self.node_family]

    # --- styling -----------------------------------------------------------------------------------------
    def _brush(self, colour: str, state: str, fade: float, context: bool) -> QBrush:
        key = (colour, state, fade, context)
        b = self._brushes.get(key)
        if b is None:
            t = theme.current()
            c = _tint(colour, t.base, 0.6) if context else QColor(colour)
            alpha = (t.dim_alpha / 255 if state == "d" else 1.0) * fade
            b = self._brushes[key] = QBrush(_colour(c, alpha))
        return b

    def _node_pen(self, colour: str, state: str, fade: float, context: bool) -> QPen:
        key = (colour, state, fade, context)
        pen = self._pens.get(key)
        if pen is None:
            t = theme.current()
            if state == "S":
                pen = QPen(QColor(t.highlight), 4)
            elif state == "s":
                pen = QPen(_colour(t.text, fade), 2)
            elif context:
                pen = QPen(_colour(colour, (t.dim_alpha / 255 if state == "d" else 1) * fade), 2, Qt.DashLine)
            else:
                pen = QPen(_colour(t.base, (t.dim_alpha / 255 if state == "d" else 1) * fade), 1.2)
            pen.setCosmetic(True)
            self._pens[key] = pen
        return pen

    def _edge_pen(self, sign: str, family: str, state: str, fade: float) -> tuple[QPen, QBrush]:
        key = ("edge", sign, family, state, fade)
        got = self._pens.get(key)
        if got is None:
            t = theme.current()
            width, alpha = {"S": (3.4, 1.0), "s": (2.6, 1.0), "n": (1.7, 0.9), "d": (1.3, t.dim_alpha / 255)}[state]
            c = _colour(theme.SIGN_COLOURS[sign], alpha * fade)
            pen = QPen(c, width, Qt.SolidLine, Qt.FlatCap if FAMILY_DASHES.get(family) else Qt.RoundCap)
            dashes = FAMILY_DASHES.get(family)
            if dashes:
                pen.setDashPattern(dashes)
            got = self._pens[key] = (pen, QBrush(c))
        return got

    def _update_node_looks(self) -> bool:
        """Each node's palette entry in every look (n normal, d dim, s touched, S selected).

        Depends on colours, sizes, the time window and the theme — not on the selection — so it
        is recomputed only when one of those changes. True when the resting sizes changed.
        """
        key = (self.colour_by, self.measure, self._states_version, theme.current().name, len(self.node_ids))
        if key == self._looks_key:
            return False
        self._looks_key = key
        combos: dict[tuple, int] = {}
        combo = np.array([combos.setdefault(c, len(combos)) for c in
                          zip(self.node_colours(), self._node_fade.tolist(), self.node_context.tolist())],
                         dtype=np.int64)
        sc = self.scatter
        looks = {}
        for look in "ndsS":
            table = np.array([sc.style(self._node_pen(c, look, f, x), self._brush(c, look, f, x))
                              for c, f, x in combos], dtype=np.int64)
            looks[look] = table[combo] if len(combo) else np.zeros(0, dtype=np.int64)
        size, _ = self._size_and_rank()
        sc.set_looks(looks, size)
        if len(self.node_base) == len(size) and np.array_equal(self.node_base, size):
            return False
        self.node_base = size
        return True

    def restyle(self, positions_changed: bool = False) -> None:
        """Apply the selection, the time window, focus and filters to the existing items.

        What a selection changes is proportional to what it touches: the resting looks of nodes
        and ties are computed when colours, sizes, filters or the time window change."""
        touch = self.session.touch
        if self._update_node_looks():
            positions_changed = True  # tie ends stop at the nodes' rims
        n = len(self.node_ids)
        rest = "n" if touch.empty else "d"
        levels: dict[int, int] = {}
        if not touch.empty:
            for v in itertools.chain(touch.selected, touch.items):
                i = self.node_index.get(v)
                if i is not None:
                    levels[i] = touch.level(v)
        # Soft ones first, strong ones last (on top of everything).
        top = np.array(sorted(levels, key=lambda i: (levels[i], i)), dtype=np.int64)
        strong = np.array([levels[i] == 2 for i in top.tolist()], dtype=bool)
        node_state = np.full(n, rest)
        node_state[top] = np.where(strong, "S", "s")
        self._node_state_now = node_state
        self.node_size = self.node_base.copy()
        self.node_size[top[strong]] += 4.0
        self._apply_visibility(touch)
        sc = self.scatter
        sc.set_rest(rest)
        sc.set_top(top, strong)
        sc.set_visible(self.node_visible)
        # Edges: a resting layer (all ties, dimmed while something is selected) and, on top, the
        # strong and soft ones; inactive ties (time window) fade.
        fades = self._edge_fade
        base_key = (rest, self._states_version, self.edge_visible.tobytes(), theme.current().name)
        if base_key != self._base_style_key:
            got = [self._edge_pen(sg, fam, rest, f) for sg, fam, f in zip(self.edge_sign, self.edge_family, fades)]
            self.base_pens = [g[0] for g in got]
            self.base_brushes = [g[1] for g in got]
            self.base_order = list(range(len(self.edge_ids)))
            self._base_style_key = base_key
            self.base_version += 1
        e_state = [rest] * len(self.edge_ids)
        self.edge_pens = list(self.base_pens)
        self.edge_arrow_brushes = list(self.base_brushes)
        self.edge_halo = np.zeros(len(self.edge_ids), dtype=bool)
        top_edges = []
        if not touch.empty:
            for item in itertools.chain(touch.selected, touch.items):
                e = self.edge_index.get(item)
                if e is None:
                    continue
                st = "S" if item in touch.selected else "s"
                e_state[e] = st
                self.edge_pens[e], self.edge_arrow_brushes[e] = self._edge_pen(self.edge_sign[e],
                                                                               self.edge_family[e], st, fades[e])
                self.edge_halo[e] = st == "S"
                top_edges.append(e)
        self.edge_state = e_state
        self.top_order = sorted(top_edges, key=lambda e: (e_state[e] == "S", e))
        self.label_version += 1
        if positions_changed:
            self.geometry_version += 1
            self.edges_item.geometry_changed()
            self.labels_item.geometry_changed()
            sc.geometry_changed()
        else:
            self.edges_item.update()
            self.labels_item.update()

    def _edge_pass_mask(self) -> np.ndarray:
        """Ties the sign and kind filters let through."""
        key = (frozenset(self.hidden_signs), frozenset(self.hidden_kinds), len(self.edge_ids))
        if key != self._pass_key:
            ok = np.ones(len(self.edge_ids), dtype=bool)
            if self.hidden_signs:
                ok &= ~np.isin(self._edge_sign_arr, list(self.hidden_signs))
            if self.hidden_kinds:
                ok &= ~np.isin(self._edge_kind_arr, list(self.hidden_kinds))
            self._pass_key, self._pass_mask = key, ok
        return self._pass_mask

    def _apply_visibility(self, touch) -> None:
        n = len(self.node_ids)
        passes = self._edge_pass_mask()
        vis = np.ones(n, dtype=bool)
        if self.focus_steps and not touch.empty:
            seeds = {self.node_index[v] for v in touch.selected if v in self.node_index}
            for rid in touch.selected:
                if rid in self.edge_index:
                    e = self.edge_index[rid]
                    seeds.update((int(self.edge_src[e]), int(self.edge_dst[e])))
            if not seeds:  # an event, a claim, a sentence…: start from the actors it touches
                seeds = {self.node_index[v] for v in touch.items if v in self.node_index}
            if seeds:
                src, dst = self.edge_src[passes], self.edge_dst[passes]
                keep = np.zeros(n, dtype=bool)
                keep[list(seeds)] = True
                frontier = keep.copy()
                for _ in range(self.focus_steps):
                    nxt = np.zeros(n, dtype=bool)
                    nxt[dst[frontier[src]]] = True
                    nxt[src[frontier[dst]]] = True
                    nxt &= ~keep
                    keep |= nxt
                    frontier = nxt
                vis = keep
        self.node_visible = vis
        self.edge_visible = passes & vis[self.edge_src] & vis[self.edge_dst] if len(self.edge_ids) else \
            np.zeros(0, dtype=bool)

    def _edge_passes(self, e: int) -> bool:
        return self.edge_sign[e] not in self.hidden_signs and self.edge_kind[e] not in self.hidden_kinds

    # --- geometry in pixels ------------------------------------------------------------------------------
    def edge_paths(self, xy: np.ndarray) -> list:
        """Per edge (path, arrowhead polygon or None) in the pixel space of ``xy``; None when too short."""
        out: list = []
        if not len(self.edge_ids):
            return out
        # Ends stop at the node's rim plus room for a selection outline, whatever its state, so that
        # the cached paths stay right when the selection changes.
        radius = self.node_base / 2 + 2 if len(self.node_base) == len(xy) else np.full(len(xy), 6.0)
        p0, p2 = xy[self.edge_src], xy[self.edge_dst]
        v = p2 - p0
        length = np.hypot(v[:, 0], v[:, 1])
        safe = np.maximum(length, 1e-9)
        u = v / safe[:, None]
        nrm = np.stack([-u[:, 1], u[:, 0]], axis=1)
        bend = np.minimum(np.abs(self.edge_bend), 0.35 * length) * np.sign(self.edge_bend)
        ctrl = (p0 + p2) / 2 + nrm * (2 * bend)[:, None]
        d0 = ctrl - p0
        d0 /= np.maximum(np.hypot(d0[:, 0], d0[:, 1]), 1e-9)[:, None]
        d2 = p2 - ctrl
        d2 /= np.maximum(np.hypot(d2[:, 0], d2[:, 1]), 1e-9)[:, None]
        r0, r2 = radius[self.edge_src] + 1, radius[self.edge_dst] + 1
        start = p0 + d0 * r0[:, None]
        tip = p2 - d2 * r2[:, None]
        for e in range(len(self.edge_ids)):
            if length[e] <= r0[e] + r2[e] + 2:
                out.append(None)
                continue
            path = QPainterPath(QPointF(*start[e]))
            arrow = None
            end = tip[e]
            if self.edge_directed[e]:
                dx, dy = d2[e]
                base = tip[e] - d2[e] * ARROW_LEN
                arrow = QPolygonF([QPointF(*tip[e]), QPointF(base[0] - dy * ARROW_HALF, base[1] + dx * ARROW_HALF),
                                   QPointF(base[0] + dy * ARROW_HALF, base[1] - dx * ARROW_HALF)])
                end = tip[e] - d2[e] * (ARROW_LEN - 2)
            if self.edge_bend[e]:
                path.quadTo(QPointF(*ctrl[e]), QPointF(*end))
            else:
                path.lineTo(QPointF(*end))
            out.append((path, arrow))
        return out

    def _node_cover(self, xy: np.ndarray, vw: float, vh: float, view_key) -> np.ndarray:
        """A summed-area table of the viewport's pixels under the biggest visible nodes (the label
        obstacles that do not depend on the selection), cached per view."""
        key = (view_key, self.node_visible.tobytes(), self.measure, vw, vh)
        if view_key is not None and key == getattr(self, "_cover_key", None):
            return self._cover
        _, rank = self._size_and_rank()
        vis = np.flatnonzero(self.node_visible)
        idx = vis[np.argsort(rank[vis], kind="stable")[:4 * MAX_LABELS]]
        w, h = int(math.ceil(vw)) + 2, int(math.ceil(vh)) + 2
        r = self.node_base[idx] / 2
        x0, x1 = (np.clip(np.round(xy[idx, 0] + d), 0, w).astype(np.int64) for d in (-r, r))
        y0, y1 = (np.clip(np.round(xy[idx, 1] + d), 0, h).astype(np.int64) for d in (-r, r))
        diff = np.zeros((h + 1, w + 1), dtype=np.int32)
        for ys, xs, v in ((y0, x0, 1), (y0, x1, -1), (y1, x0, -1), (y1, x1, 1)):
            np.add.at(diff, (ys, xs), v)
        covered = diff.cumsum(axis=0).cumsum(axis=1)[:h, :w] > 0
        sat = np.zeros((h + 1, w + 1), dtype=np.int32)
        sat[1:, 1:] = covered.cumsum(axis=0, dtype=np.int32).cumsum(axis=1)
        self._cover_key, self._cover = key, sat
        return sat

    def place_labels(self, xy: np.ndarray, view_key=None) -> list:
        t = theme.current()
        state_arr = self._node_state_now
        if len(state_arr) != len(self.node_ids):
            state_arr = np.full(len(self.node_ids), "n")
        states = state_arr.tolist()
        # Selected first, then touched, then the rest; within each, the biggest first, then by id.
        _, rank = self._size_and_rank()
        prio = np.select([state_arr == "S", state_arr == "s", state_arr == "n"], [0, 1, 2], 3)
        vis = np.flatnonzero(self.node_visible)
        order = vis[np.lexsort((rank[vis], prio[vis]))].tolist()
        font = QFont(self.font())
        font.setPointSizeF(8.5)
        bold = QFont(font)
        bold.setBold(True)
        bold.setPointSizeF(9.5)
        fm, fmb = QFontMetricsF(font), QFontMetricsF(bold)
        view = self.plot.viewport().rect()
        vw, vh = float(view.width()), float(view.height())
        cell = 64.0
        nodes_grid: dict[tuple[int, int], list] = {}
        labels_grid: dict[tuple[int, int], list] = {}

        def cells(r):
            for gx in range(int(r[0] // cell), int(r[2] // cell) + 1):
                for gy in range(int(r[1] // cell), int(r[3] // cell) + 1):
                    yield gx, gy

        cover = self._node_cover(xy, vw, vh, view_key)
        cw, ch = cover.shape[1] - 1, cover.shape[0] - 1

        def free(r, grids) -> bool:
            """``r`` overlaps nothing in ``grids`` (the view's bounds are checked beforehand)."""
            for grid in grids:
                for c in cells(r):
                    for o in grid.get(c, ()):
                        if r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3]:
                            return False
            return True

        def occupy(r, grid) -> None:
            for c in cells(r):
                grid.setdefault(c, []).append(r)

        n_top = sum(1 for i in order if states[i] in "Ss")
        cand = order[:n_top + MAX_LABELS]  # the loop below stops after MAX_LABELS plain ones
        texts = self._label_texts(cand, states, fm, fmb, font.toString())
        radius = (self.node_size / 2)[cand].tolist() if cand else []
        pts = xy[cand].tolist() if cand else []  # plain floats: the loop below is Python's
        # Nodes are obstacles too: the biggest (in ``cover``) and the touched ones are enough (at
        # thousands of nodes the small ones are specks under the labels anyway).
        for k in range(n_top):
            (x, y), r = pts[k], radius[k]
            occupy((x - r, y - r, x + r, y + r), nodes_grid)
        # Where each candidate's label could go (eight spots around the node, then centred on it)
        # and which of those leave the view or cover one of the biggest nodes: one numpy pass.
        if cand:
            cx, cy = np.array(pts).T
            cr = np.array(radius) + 2
            cw_, ch_ = np.array([[w, h] for _, w, h in texts]).T
            d = 0.7 * cr
            sx = np.stack([cx + cr, cx - cw_ / 2, cx - cw_ / 2, cx - cr - cw_, cx + d, cx + d, cx - d - cw_,
                           cx - d - cw_, cx - cw_ / 2], axis=1)
            sy = np.stack([cy - ch_ / 2, cy + cr, cy - cr - ch_, cy - ch_ / 2, cy + d, cy - d - ch_, cy + d,
                           cy - d - ch_, cy - ch_ / 2], axis=1)
            ex, ey = sx + cw_[:, None], sy + ch_[:, None]
            inside = (sx >= 1) & (sy >= 1) & (ex <= vw - 1) & (ey <= vh - 1)
            x0, x1 = (np.clip(np.round(v), 0, cw).astype(np.int64) for v in (sx, ex))
            y0, y1 = (np.clip(np.round(v), 0, ch).astype(np.int64) for v in (sy, ey))
            hit = (x1 > x0) & (y1 > y0) & ((cover[y1, x1] - cover[y0, x1] - cover[y1, x0] + cover[y0, x0]) > 0)
            clear_of_nodes = (inside & ~hit).tolist()
            inside = inside.tolist()
            sx, sy, ex, ey = sx.tolist(), sy.tolist(), ex.tolist(), ey.tolist()
        # The biggest nodes sit where the network is densest: they may put their label over an
        # edge or a node (it has a backing) rather than go without one.
        big = set(order[:max(3, len(order) // 8)]) if not order or states[order[0]] == "n" else set()
        out = []
        bg_full = _colour(t.base, 0.85)
        bg_dim = _colour(t.base, 0.5)
        for k, i in enumerate(cand):
            st = states[i]
            text, w, h = texts[k]
            rects = [(sx[k][j], sy[k][j], ex[k][j], ey[k][j]) for j in range(9)]
            chosen = next((rects[j] for j in range(8) if clear_of_nodes[k][j]
                           and free(rects[j], (nodes_grid, labels_grid))), None)
            if chosen is None and (st in "Ss" or i in big):
                chosen = next((rects[j] for j in range(9) if inside[k][j]
                               and free(rects[j], (labels_grid,))), None)
            if chosen is None:
                if st != "S":
                    continue
                x0_ = min(max(rects[0][0], 1.0), vw - w - 1)
                chosen = (x0_, rects[0][1], x0_ + w, rects[0][3])
            occupy(chosen, labels_grid)
            fade = TIME_FADE[self._states.get(self.node_ids[i], activity.ACTIVE)] if self._states else 1.0
            colour = _colour(t.text, (0.45 if st == "d" else 1.0) * max(fade, 0.45))
            out.append((QRectF(chosen[0], chosen[1], w, h), text, bold if st == "S" else font, colour,
                        bg_dim if st == "d" else bg_full))
        return out

    def _label_texts(self, cand: list[int], states: list[str], fm, fmb, font_key: str) -> list:
        """(text, width, height) of each candidate's label, cached per naming choice and font."""
        key = (self.session.naming, font_key, self.label_names_version)
        if key != getattr(self, "_texts_key", None):
            self._texts_key, self._texts = key, {}
        out = []
        for i in cand:
            strong = states[i] == "S"
            got = self._texts.get((i, strong))
            if got is None:
                text = self.session.label(self.node_ids[i])
                if len(text) > 34:
                    text = text[:32].rstrip() + "…"
                m = fmb if strong else fm
                got = self._texts[(i, strong)] = (text, m.horizontalAdvance(text) + 6, m.height() + 1)
            out.append(got)
        return out

    def _scene_xy(self) -> np.ndarray:
        return _map(self.scatter.sceneTransform(), self.pos) if len(self.pos) else self.pos

    def node_at(self, scene_pos) -> int | None:
        if not len(self.pos):
            return None
        xy = self._scene_xy()
        d = np.hypot(xy[:, 0] - scene_pos.x(), xy[:, 1] - scene_pos.y())
        d = np.where(self.node_visible, d - self.node_size / 2, np.inf)
        i = int(np.argmin(d))
        return i if d[i] <= 3 else None

    def edge_at(self, scene_pos) -> int | None:
        paths = self.edge_paths(self._scene_xy())
        best, best_d = None, 6.0
        pt = QPointF(scene_pos.x(), scene_pos.y())
        for e, got in enumerate(paths):
            if got is None or not self.edge_visible[e]:
                continue
            path = got[0]
            if not path.boundingRect().adjusted(-6, -6, 6, 6).contains(pt):
                continue
            for k in range(21):
                q = path.pointAtPercent(k / 20)
                d = math.hypot(q.x() - pt.x(), q.y() - pt.y())
                if d < best_d:
                    best, best_d = e, d
        return best

    # --- interaction --------------------------------------------------------------------------------------
    def _on_scene_click(self, ev) -> None:
        if ev.button() != Qt.LeftButton or ev.double():
            return
        if self.legend_item.isVisible() and self.legend_item.sceneBoundingRect().contains(ev.scenePos()):
            return
        self.click_at(ev.scenePos(), ev.modifiers())

    def click_at(self, scene_pos, modifiers=Qt.NoModifier) -> str | None:
        """What a left click at ``scene_pos`` does: select the node or tie there (Ctrl adds), or clear."""
        add = bool(modifiers & Qt.ControlModifier)
        i = self.node_at(scene_pos)
        item = self.node_ids[i] if i is not None else None
        if item is None:
            e = self.edge_at(scene_pos)
            item = self.edge_ids[e] if e is not None else None
        if item is None:
            if not add:
                self.session.clear_selection(origin=self.panel_id)
            return None
        self.session.select(item, add=add, origin=self.panel_id)
        return item

    def _on_mouse_moved(self, scene_pos) -> None:
        i = self.node_at(scene_pos)
        html = None
        if i is not None:
            html = self.node_tooltip(self.node_ids[i])
        else:
            e = self.edge_at(scene_pos)
            if e is not None:
                html = self.edge_tooltip(self.edge_ids[e])
        if html:
            view_pos = self.plot.mapFromScene(scene_pos)
            QToolTip.showText(self.plot.viewport().mapToGlobal(view_pos), html, self.plot)
        else:
            QToolTip.hideText()

    def _quote(self, item: str) -> str:
        q = read.first_quote(self.session.db, item)
        return f"<br><i>“{escape(q)}”</i>" if q else ""

    def node_tooltip(self, item: str) -> str:
        g = self.g
        d = g.nodes[item]
        kind = d["actor_type"].replace("_", " ") or d["kind"]
        lines = [f"<b>{escape(self.session.label(item))}</b> — {escape(kind)}"]
        if d["context"]:
            lines.append("<span style='color:#8A5A00'>Added for context: not stated in the memo.</span>")
        parts = [f"{self.degree.get(item, 0)} ties"]
        for m in ("betweenness", "eigenvector"):
            if m in self._measures:
                parts.append(f"{m} {self._measures[m].get(item, 0):.2f} of the top")
        lines.append(", ".join(parts))
        if self.colour_by == "community" and self._communities is not None:
            lines.append(f"community {self._communities.get(item, 0) + 1}")
        state = self._states.get(item) if self._states else None
        if state and state != activity.ACTIVE:
            lines.append(f"<i>{'possibly ' if state == activity.POSSIBLY else 'not '}active in the time window</i>")
        return "<br>".join(lines) + self._quote(item)

    def edge_tooltip(self, rid: str) -> str:
        e = self.edge_index[rid]
        rel = read.relation(self.session.db, rid)
        row = (rel.start, rel.end, rel.asserted_by, rel.context) if rel else None
        lines = [f"<b>{escape(self.session.label(rid))}</b>",
                 f"{escape(SIGN_LABELS[self.edge_sign[e]])} · {escape(self.edge_kind[e].replace('_', ' '))}"
                 f"{' · directed' if self.edge_directed[e] else ''}"]
        if row:
            start, end, asserted_by, context = row
            if start or end:
                lines.append(f"{escape(start or '…')} – {escape(end or '…')}")
            if asserted_by:
                lines.append(f"asserted by {escape(self.session.label(asserted_by))}")
            if context:
                lines.append("<span style='color:#8A5A00'>Added for context: not stated in the memo.</span>")
        state = self._states.get(rid) if self._states else None
        if state and state != activity.ACTIVE:
            lines.append(f"<i>{'possibly ' if state == activity.POSSIBLY else 'not '}active in the time window</i>")
        return "<br>".join(lines) + self._quote(rid)

    def drag_started(self, i: int) -> None:
        self._drag_before = (self.node_ids[i], tuple(self.pos[i]))

    def drag_node(self, i: int, xy: tuple[float, float], finished: bool = False) -> None:
        self.pos[i] = xy
        self.geometry_version += 1
        self.scatter.geometry_changed()
        self.edges_item.geometry_changed()
        self.labels_item.geometry_changed()
        if finished:
            self.finish_drag(self.node_ids[i], xy)

    def finish_drag(self, item: str, xy: tuple[float, float]) -> None:
        """Record a drag in the store (undoable)."""
        key = self.layout_key()
        dragged = positions.load(self.session.db, positions.user_key(key))
        before = {item: dragged.get(item)}
        self.session.undo_stack.push(_MoveNodes(self, key, before, {item: (float(xy[0]), float(xy[1]))},
                                                f"Move {self.session.label(item)}"))
        self._drag_before = None

    def reset_positions(self) -> None:
        key = self.layout_key()
        dragged = positions.load(self.session.db, positions.user_key(key))
        if dragged:
            self.session.undo_stack.push(_MoveNodes(self, key, dict(dragged), dict.fromkeys(dragged),
                                                    "Reset positions"))

    def recompute_layout(self) -> None:
        positions.forget(self.session.db, self.layout_key())
        self.reload_positions(fit=True)

    def fit(self) -> None:
        """Fit the nodes (not the labels' generous bounds) with room for labels and the legend."""
        if len(self.pos):
            self._fit_points(self.pos)

    def _fit_points(self, pts: np.ndarray) -> None:
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = np.maximum(hi - lo, 0.2)
        pad_x, pad_y = span[0] * 0.12, span[1] * 0.08
        below = pad_y
        vb_h = self.vb.height()
        if self.legend_item.isVisible() and vb_h > 0:
            # Keep the bottom strip under the legend free, so the legend hides no node.
            frac = min((self.legend_item.boundingRect().height() + 6) / vb_h, 0.45)
            below = max(pad_y, (span[1] + 2 * pad_y) * frac / (1 - frac))
        self.vb.setRange(QRectF(lo[0] - pad_x, lo[1] - below, span[0] + 2 * pad_x, span[1] + pad_y + below),
                         padding=0)

    # --- settings ------------------------------------------------------------------------------------------
    def _check(self, group: QActionGroup, key) -> None:
        for act in group.actions():
            act.setChecked(act.data() == key)

    def set_layout(self, name: str) -> None:
        if name not in LAYOUT_NAMES:
            raise ValueError(f"unknown layout {name!r}")
        self._check(self.layout_group, name)
        if name == self.layout_name:
            return
        self.cancel_layout(wait=True)
        self.layout_name = name
        self.reload_positions(fit=True)

    def set_measure(self, measure: str) -> None:
        self._check(self.size_group, measure)
        if measure != self.measure:
            self.measure = measure
            self.update_legend()
            self.restyle(positions_changed=True)

    def set_colour_by(self, what: str) -> None:
        self._check(self.colour_group, what)
        if what != self.colour_by:
            self.colour_by = what
            self.update_legend()
            self.restyle()

    def set_focus(self, steps: int) -> None:
        self._check(self.focus_group, steps)
        if steps != self.focus_steps:
            self.focus_steps = steps
            self.restyle()
            self.fit_visible()

    def fit_visible(self) -> None:
        if self.node_visible.any() and not self.node_visible.all():
            self._fit_points(self.pos[self.node_visible])
        else:
            self.fit()

    def set_filter(self, hidden_kinds=None, hidden_signs=None) -> None:
        if hidden_kinds is not None:
            self.hidden_kinds = set(hidden_kinds)
        if hidden_signs is not None:
            self.hidden_signs = set(hidden_signs)
        for act in self.filter_menu.actions():
            kind, key = act.data() or (None, None)
            if kind == "sign":
                act.setChecked(key not in self.hidden_signs)
            elif kind == "kind":
                act.setChecked(key not in self.hidden_kinds)
        self.restyle()

    def _toggle_filter(self, what: str, key: str, on: bool) -> None:
        target = self.hidden_signs if what == "sign" else self.hidden_kinds
        (target.discard if on else target.add)(key)
        self.restyle()

    def _fill_filter_menu(self) -> None:
        menu = self.filter_menu
        menu.clear()
        menu.addSection("Sign")
        for sign, label in SIGN_LABELS.items():
            act = menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(sign not in self.hidden_signs)
            act.setData(("sign", sign))
            act.toggled.connect(lambda on, k=sign: self._toggle_filter("sign", k, on))
        by_family: dict[str, set[str]] = {}
        for kind, fam in zip(self.edge_kind, self.edge_family):
            by_family.setdefault(fam, set()).add(kind)
        for fam in ("force", "agreement", "stance", "other"):
            if fam not in by_family:
                continue
            menu.addSection(graph.FAMILY_LABELS[fam].capitalize())
            for kind in sorted(by_family[fam]):
                act = menu.addAction(kind.replace("_", " "))
                act.setCheckable(True)
                act.setChecked(kind not in self.hidden_kinds)
                act.setData(("kind", kind))
                act.toggled.connect(lambda on, k=kind: self._toggle_filter("kind", k, on))

    def set_include_places(self, on: bool) -> None:
        on = bool(on)
        if self.places_action.isChecked() != on:
            self.places_action.setChecked(on)  # re-enters through toggled
            return
        if on != self.include_places:
            self.include_places = on
            self.rebuild()
            self.restyle()

    # --- legend ----------------------------------------------------------------------------------------------
    def legend_entries(self) -> list[tuple[str, dict]]:
        t = theme.current()
        out = []
        if self.colour_by == "community":
            comm = self.communities()
            n = min(len(set(comm.values())), len(COMMUNITY_COLOURS) - 1)
            for c in range(min(n, 6)):
                out.append((f"community {c + 1}", {"brush": QBrush(QColor(COMMUNITY_COLOURS[c])), "size": 11}))
            if len(set(comm.values())) > 6:
                out.append(("smaller communities", {"brush": QBrush(QColor(COMMUNITY_COLOURS[-2])), "size": 11}))
        else:
            present = [f for f in TYPE_COLOURS if f in set(self.node_family)]
            for f in present:
                out.append((graph.TYPE_LABELS[f], {"brush": QBrush(QColor(TYPE_COLOURS[f])), "size": 11}))
        if self.node_context.any():
            pen = QPen(QColor("#5F5F5F"), 1.6, Qt.DashLine)
            out.append(("added for context", {"brush": QBrush(_tint("#5F5F5F", t.base, 0.6)), "pen": pen,
                                              "size": 11}))
        out.append((f"size: {self.measure}", {"brush": QBrush(QColor("#9A9A9A")), "size": 15}))
        out.append(("selected", {"brush": QBrush(QColor("#9A9A9A")), "pen": QPen(QColor(t.highlight), 3),
                                 "size": 11}))
        for sign in ("cooperative", "conflictual", "neutral"):
            if sign in self.edge_sign:
                out.append((SIGN_LABELS[sign], {"line": QPen(QColor(theme.SIGN_COLOURS[sign]), 2.4), "arrow": True}))
        for fam in ("force", "agreement", "stance", "other"):
            if fam in self.edge_family:
                pen = QPen(QColor(t.muted), 2, Qt.SolidLine, Qt.FlatCap)
                if FAMILY_DASHES[fam]:
                    pen.setDashPattern(FAMILY_DASHES[fam])
                out.append((graph.FAMILY_LABELS[fam], {"line": pen}))
        return out

    def update_legend(self) -> None:
        t = theme.current()
        lg = self.legend_item
        lg.clear()
        lg.setBrush(_colour(t.base, 0.88))
        lg.setPen(QPen(_colour(t.muted, 0.5)))
        lg.setLabelTextColor(QColor(t.text))
        for name, spec in self.legend_entries():
            lg.addItem(_Sample(**spec), escape(name))
            label = lg.items[-1][1]
            label.setFixedHeight(17)  # LabelItem's own margins would double the legend's height
            label.item.setPos(label.item.pos().x(), -2)
        lg.layout.setContentsMargins(4, 2, 4, 2)
        lg.updateSize()

    def export_widget(self):
        """The plot alone: a slide shows the picture, not the panel's tool bar."""
        return self.plot

    def legend(self) -> list[tuple[str, str]]:
        out = []
        for name, spec in self.legend_entries():
            if "brush" in spec and name != "selected":
                out.append((spec["brush"].color().name(), f"node: {name}"))
            elif "line" in spec and spec.get("arrow"):
                out.append((spec["line"].color().name(), f"tie: {name}"))
        out.append((theme.current().highlight, "selected (outline)"))
        return out

    # --- Panel interface ---------------------------------------------------------------------------------------
    def on_theme(self, theme_name: str) -> None:
        self._brushes.clear()  # cached looks are in the old theme's colours
        self._pens.clear()
        self.scatter.clear_palette()
        self._looks_key = None
        self._base_style_key = None
        self.update_legend()
        self.on_selection(self.session.touch, None)

    def on_selection(self, touch, change) -> None:
        self.plot.setBackground(theme.current().base)
        self.restyle()
        if self.focus_steps:
            self.fit_visible()

    def on_time_window(self, window) -> None:
        self._set_states(activity.states(self.session.db, window) if window else {})
        self.restyle()

    def on_naming(self, choice: str) -> None:
        self.label_version += 1
        self.label_names_version += 1
        self.labels_item.update()

    def highlight_level(self, item: str) -> int | None:
        t = theme.current()
        if item in self.node_index:
            i = self.node_index[item]
            if not self.node_visible[i]:
                return None
            pen, brush, _ = self.scatter.drawn(i)
            if pen.color().rgb() == QColor(t.highlight).rgb() and pen.widthF() >= 3:
                return 2
            if pen.color().rgb() == QColor(t.text).rgb() and brush.color().alpha() > t.dim_alpha:
                return 1
            return 0
        if item in self.edge_index:
            e = self.edge_index[item]
            if not self.edge_visible[e]:
                return None
            if self.edge_halo[e]:
                return 2
            return 1 if self.edge_pens[e].widthF() >= 2.5 else 0
        return None

    def selftest_pick(self) -> str | None:
        if not self.node_ids:
            return None
        vis = [i for i in range(len(self.node_ids)) if self.node_visible[i]]
        if not vis:
            return None
        i = max(vis, key=lambda j: (self.degree.get(self.node_ids[j], 0), self.node_ids[j]))
        xy = self._scene_xy()[i]
        return self.click_at(QPointF(float(xy[0]), float(xy[1])), Qt.NoModifier)

    def graphics_item(self):
        return self.plot.getPlotItem()

    def view_state(self) -> dict:
        (x0, x1), (y0, y1) = self.vb.viewRange()
        return {"layout": self.layout_name, "measure": self.measure, "colour": self.colour_by,
                "focus": self.focus_steps, "places": self.include_places,
                "hidden_kinds": sorted(self.hidden_kinds), "hidden_signs": sorted(self.hidden_signs),
                "legend": self.legend_item.isVisible(), "range": [[x0, x1], [y0, y1]]}

    def restore_view_state(self, state: dict) -> None:
        if not state:
            return
        if "places" in state:
            self.set_include_places(bool(state["places"]))
        if state.get("layout") in LAYOUT_NAMES:
            self.set_layout(state["layout"])
        if state.get("measure") in graph.MEASURES:
            self.set_measure(state["measure"])
        if state.get("colour") in COLOUR_NAMES:
            self.set_colour_by(state["colour"])
        self.set_filter(state.get("hidden_kinds", []), state.get("hidden_signs", []))
        if state.get("focus") in FOCUS_NAMES:
            self.set_focus(int(state["focus"]))
        if "legend" in state:
            self.legend_action.setChecked(bool(state["legend"]))
        rng = state.get("range")
        if rng:
            (x0, x1), (y0, y1) = rng
            self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def closeEvent(self, event) -> None:
        self.cancel_layout(wait=True)
        super().closeEvent(event)
