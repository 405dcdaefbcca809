"""The network on screen: three pyqtgraph items whose ``paint`` hands the figure the view's pixel
positions. What is not the figure's is the screen's own speed: the resting layers (ties and
nodes that do not depend on what is selected) are kept as pixmaps per view, nodes are stamped
from a symbol sheet and labels from pixmaps; any other device (SVG, PDF) gets the figure's paths
and text."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap, QTextLayout, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..pg_adapter import Stamper
from ..stamps import LabelStamps, StaticTexts
from .figure import NetworkFigure, draw_swatch, map_points
from .names import PlacedLabel

TOP_LOOKED_UP = 48  # up to this many touched nodes, their symbols are looked up one by one (see NodesItem._top_rects)


def _raster(device) -> bool:
    return isinstance(device, (QWidget, QPixmap, QImage))


def _view_key(tr, version) -> tuple:
    return (tr.m11(), tr.m12(), tr.m21(), tr.m22(), tr.dx(), tr.dy(), version)


def _exposed(item, option, tr) -> QRect | None:
    """The part of the view being repainted (device-independent pixels), or None for all of the item."""
    if option is None or option.exposedRect.contains(item.boundingRect()):
        return None
    return tr.mapRect(option.exposedRect).toAlignedRect().adjusted(-1, -1, 1, 1)


def _blit(p: QPainter, pixmap: QPixmap, part: QRect | None) -> None:
    """A resting layer (a pixmap of the view's size) onto the view, only ``part`` of it when given: a
    selection repaints a few boxes, and Qt would otherwise clip the whole pixmap to them."""
    if part is None:
        p.drawPixmap(0, 0, pixmap)
        return
    dpr = pixmap.devicePixelRatio()
    r = part.intersected(QRect(0, 0, round(pixmap.width() / dpr), round(pixmap.height() / dpr)))
    if not r.isEmpty():
        p.drawPixmap(QRectF(r), pixmap, QRectF(r.x() * dpr, r.y() * dpr, r.width() * dpr, r.height() * dpr))


def _layer_pixmap(device, draw) -> QPixmap:
    ratio = device.devicePixelRatioF() if hasattr(device, "devicePixelRatioF") else 1.0
    pm = QPixmap(int(device.width() * ratio), int(device.height() * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.transparent)
    q = QPainter(pm)
    q.setRenderHint(QPainter.Antialiasing)
    draw(q)
    q.end()
    return pm


class ScreenItems:
    """What the three items share: the figure, the geometry version and the node positions."""

    def __init__(self, figure: NetworkFigure):
        self.figure = figure
        self.geometry_version = 0
        self.label_version = 0
        self._bounds_key = None
        self._bounds = QRectF()

    def bounds(self) -> QRectF:
        pos = self.figure.model.pos
        key = (self.geometry_version, len(pos))
        if key != self._bounds_key:
            if len(pos) == 0:
                self._bounds = QRectF()
            else:
                lo, hi = pos.min(axis=0), pos.max(axis=0)
                pad = 0.3 * max(float(hi[0] - lo[0]), float(hi[1] - lo[1]), 0.1)
                self._bounds = QRectF(lo[0] - pad, lo[1] - pad, hi[0] - lo[0] + 2 * pad, hi[1] - lo[1] + 2 * pad)
            self._bounds_key = key
        return QRectF(self._bounds)


class _Layer(pg.GraphicsObject):
    """One of the three items: bounded by the nodes; ``_key`` is what it computed for a view."""

    def __init__(self, shared: ScreenItems):
        super().__init__()
        self.shared = shared
        self._key = None

    def boundingRect(self) -> QRectF:
        return self.shared.bounds()

    def geometry_changed(self) -> None:
        self._key = None
        self.prepareGeometryChange()
        self.update()


class EdgesItem(_Layer):
    """All ties in one item, in pixels, from geometry kept per view transform."""

    def __init__(self, shared: ScreenItems):
        super().__init__(shared)
        self._paths = self._base = self._base_key = None
        # False while a big graph's layout is computed: its interim positions (a circle) make every
        # resting tie a chord, thousands of them a solid disc that says nothing and costs a frame's
        # time ten times over to draw on every change; the touched ties are still drawn.
        self.resting = True
        self.setZValue(-10)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # (see _exposed)

    def show_resting(self, on: bool) -> None:
        if on != self.resting:
            self.resting = on
            self.update()

    def paths(self, tr):
        fig = self.shared.figure
        # Without the resting layer only the touched ties are drawn: only theirs are made (the
        # interim picture of a big graph, e.g. 0.1 s of its first paint at 10,000 entities).
        top = None if self.resting else tuple(fig.model.top_edges)
        key = (_view_key(tr, self.shared.geometry_version), top)
        if key != self._key:
            self._paths = fig.edge_paths(map_points(tr, fig.model.pos), None if top is None else fig.touched_ties())
            self._key = key
        return self._paths

    def paint(self, p: QPainter, option=None, *args) -> None:
        fig = self.shared.figure
        if not fig.model.edge_ids:
            return
        tr = p.transform()
        paths = self.paths(tr)
        device = p.device()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.Antialiasing)
        raster = _raster(device)
        part = _exposed(self, option, tr) if raster else None
        if self.resting and raster:
            # The resting layer does not depend on *what* is selected: on screen it is a pixmap, and a
            # selection only redraws the few strong and soft ties on top.
            base_key = (self._key, fig.base_version, device.width(), device.height())
            if self._base_key != base_key:
                self._base = _layer_pixmap(device, lambda q: fig.draw_edges(q, paths, "base"))
                self._base_key = base_key
            _blit(p, self._base, part)
        elif self.resting:
            fig.draw_edges(p, paths, "base")
        fig.draw_edges(p, paths, "top", None if part is None else QRectF(part))
        p.restore()


class LabelsItem(_Layer):
    """Node labels in pixels, placed by the core's label placer through the figure."""

    def __init__(self, shared: ScreenItems, viewport_size):
        super().__init__(shared)
        self.viewport_size = viewport_size  # () -> (width, height) of the plot's viewport
        self.setZValue(10)
        self._cover_key = None
        self._cover = None
        self._covers: QRectF | None = None  # the nodes' box and the view (boundingRect)
        self._placed: list[PlacedLabel] = []
        self._stamps = LabelStamps()
        # the part being repainted, to stamp only the names that meet it (a selection repaints a few boxes)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def boundingRect(self) -> QRectF:
        """The nodes' box and the view: names (in pixels) reach past the nodes' box, and a repaint of
        part of the view (a selection's changed boxes) draws this item wherever that part is. (Not
        counted in the view's extent: see ``NetworkPanel._add_items``.)"""
        if self._covers is None:
            view = self.viewRect()
            bounds = self.shared.bounds()
            self._covers = bounds if view is None else bounds.united(view)
        return QRectF(self._covers)

    def geometry_changed(self) -> None:
        self._covers = None
        super().geometry_changed()

    def viewRangeChanged(self) -> None:  # pyqtgraph's hook: the view moved
        self.prepareGeometryChange()
        self._covers = None

    def drawn(self) -> tuple:
        """(what the names were placed for, the names) as last placed: drawn, or about to be."""
        return self._key, self._placed

    def placed(self, tr) -> list[PlacedLabel]:
        sh = self.shared
        fig = sh.figure
        key = _view_key(tr, sh.geometry_version) + (sh.label_version, fig.names_version)
        if key != self._key:
            xy = map_points(tr, fig.model.pos)
            w, h = self.viewport_size()
            # the obstacles that do not depend on the selection, kept per view
            cover_key = (key[:7], fig.model.node_visible.tobytes(), fig.state.measure, w, h)
            if cover_key != self._cover_key:
                self._cover = fig.model.node_cover(xy, w, h, fig.state.measure, fig.style.mark_scale) if len(xy) else None
                self._cover_key = cover_key
            self._placed = fig.place_labels(xy, w, h, cover=self._cover, view_key=key[:7]) if len(xy) else []
            self._key = key
        return self._placed

    def paint(self, p: QPainter, option=None, *args) -> None:
        tr = p.transform()
        placed = self.placed(tr)
        if not placed:
            return
        device = p.device()
        p.save()
        p.resetTransform()
        if _raster(device):
            part = _exposed(self, option, tr)
            if part is not None:  # part of the view (a selection's changed boxes): the names that meet it
                e = QRectF(part).adjusted(-2, -2, 2, 2)
                placed = [label for label in placed if label.rect.intersects(e)]
            # On screen a label is a pixmap, drawn once per look: the same labels come back with every
            # selection, and stamping them is cheaper than shaping text again.
            dpr = device.devicePixelRatioF()
            for label in placed:
                key = label.stamp
                if key is None:  # (made once per name: the figure hands the same name out again)
                    key = label.stamp = (label.text, label.font.key(), label.colour.rgba(), label.background.rgba())
                self._stamps.draw(p, label.rect, key, lambda q, r, label=label: NetworkFigure.draw_label(q, label, r),
                                  dpr)
        else:
            p.setRenderHint(QPainter.Antialiasing)
            p.setRenderHint(QPainter.TextAntialiasing)
            for label in placed:
                NetworkFigure.draw_label(p, label)
        p.restore()


class NodesItem(pg.GraphicsObject):
    """The nodes in two layers: every visible node in its resting look, cached as a pixmap per view,
    and the touched ones stamped on top. A drag that starts on a node moves it (anywhere else it
    pans the view): ``on_drag(start_scene_pos) -> node or None`` and ``on_move(node, xy, finished)``."""

    def __init__(self, shared: ScreenItems, node_at, on_drag, on_move):
        super().__init__()
        self.shared = shared
        self.node_at, self.on_drag, self.on_move = node_at, on_drag, on_move
        self._drag = None
        self._stamper = Stamper()
        self._rest_rects: dict[tuple, np.ndarray] = {}
        self._base: QPixmap | None = None
        self._base_key = None
        self._top_key = None
        self._top = (np.zeros(0, dtype=np.int64), np.zeros((0, 4)))
        self._top_rects_known: dict[tuple[int, float], np.ndarray] = {}  # (look, size) -> sheet rectangle
        self._xy: tuple = (None, None)  # (view, the nodes' pixels there)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # (see _exposed)

    def looks_changed(self) -> None:
        self._rest_rects.clear()
        self._top_rects_known.clear()
        self._top_key = None
        if len(self._stamper) > 4 * max(len(self.shared.figure.model), 64):  # looks come and go
            self._stamper.clear()
        self.update()

    def forget_looks(self) -> None:
        self._stamper.clear()
        self._rest_rects.clear()
        self._top_rects_known.clear()
        self._base_key = self._top_key = None

    def boundingRect(self) -> QRectF:
        return self.shared.bounds()

    def geometry_changed(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, p: QPainter, option=None, *args) -> None:
        fig = self.shared.figure
        m = fig.model
        n = len(m.pos)
        if n == 0 or not fig.looks or len(m.node_size) != n:
            return
        tr = p.transform()
        view = _view_key(tr, self.shared.geometry_version)
        if self._xy[0] != view or len(self._xy[1]) != n:  # (kept per view: a selection moves no node)
            self._xy = (view, map_points(tr, m.pos))
        xy = self._xy[1]
        device = p.device()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.Antialiasing)
        if not _raster(device):
            fig.draw_nodes(p, xy)
            p.restore()
            return
        dpr = device.devicePixelRatioF()
        if self._stamper.set_ratio(dpr):
            self._rest_rects.clear()
            self._top_rects_known.clear()
            self._top_key = None
        key = view + (fig.looks_version, m.rest, m.node_visible.tobytes(), device.width(), device.height(), dpr)
        if key != self._base_key:
            look_key = (fig.looks_version, m.rest)
            rr = self._rest_rects.get(look_key)
            if rr is None:
                rr = self._rest_rects[look_key] = self._stamper.rects(fig.palette, fig.looks[m.rest], m.node_base)
            vis = np.flatnonzero(m.node_visible)
            self._base = _layer_pixmap(device, lambda q: self._stamper.stamp(q, xy[vis], rr[vis], dpr))
            self._base_key = key
        _blit(p, self._base, _exposed(self, option, tr))
        top_key = (m.applied, fig.looks_version, dpr)
        if top_key != self._top_key:  # the touched nodes' symbols, found once per selection
            top = m.top[m.node_visible[m.top]]
            self._top = (top, self._top_rects(fig, top))
            self._top_key = top_key
        top, src = self._top
        if len(top):
            self._stamper.stamp(p, xy[top], src, dpr)
        p.restore()

    def _top_rects(self, fig, top: np.ndarray) -> np.ndarray:
        """The symbol sheet's rectangles of the touched nodes ``top``, from those of each (look, size)
        seen before: a selection touches a few nodes, and the sheet's lookup for a few costs as much
        as for thousands (kept while the looks and the sheet are)."""
        m = self.shared.figure.model
        if len(top) > TOP_LOOKED_UP:  # (many: the sheet's lookup in numpy steps is the cheaper, as on Play at 10,000)
            looks = np.array([fig.looks[st][i] for st, i in zip(m.node_state[top].tolist(), top.tolist())],
                             dtype=np.int64)
            return self._stamper.rects(fig.palette, looks, m.node_size[top])
        looks = [int(fig.looks[st][i]) for st, i in zip(m.node_state[top].tolist(), top.tolist())]
        sizes = m.node_size[top].tolist()
        known = self._top_rects_known
        missing = [k for k, want in enumerate(zip(looks, sizes)) if want not in known]
        if missing:
            got = self._stamper.rects(fig.palette, np.array([looks[k] for k in missing], dtype=np.int64),
                                      np.array([sizes[k] for k in missing], dtype=float))
            for k, rect in zip(missing, got):
                known[(looks[k], sizes[k])] = rect
        return np.array([known[want] for want in zip(looks, sizes)], dtype=float).reshape(-1, 4)

    def mouseClickEvent(self, ev) -> None:
        ev.ignore()  # clicks are handled once, by the panel, from the scene

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            self._drag = self.node_at(ev.buttonDownScenePos())
            if self._drag is None:
                ev.ignore()
                return
            self.on_drag(self._drag)
        elif self._drag is None:
            ev.ignore()
            return
        ev.accept()
        pt = ev.pos()
        self.on_move(self._drag, (pt.x(), pt.y()), ev.isFinish())
        if ev.isFinish():
            self._drag = None


class Legend(pg.LegendItem):
    """pyqtgraph's legend, laid out by pyqtgraph, its words ``Words`` (not pyqtgraph's LabelItem: a
    text item of an HTML document each, made at start-up), drawn as one picture and its words. A
    selection repaints the whole view, and the entries under it, painted one by one, were a
    millisecond of every selection, and half of one kept by Qt as a pixmap each. Once the entries
    are in (``freeze``) they are made fully transparent, which Qt neither paints nor measures: the
    swatches are drawn once into one picture, and each entry's words from kept shaped text straight
    onto the view (through a pixmap, text would be blended a little otherwise than Qt blends it on
    screen). ``clear`` (new entries) paints them live again until the next ``freeze``. Any device
    but a raster one (an SVG) gets the entries themselves."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._frozen = False
        self._picture: tuple | None = None  # (key, pixmap of the swatches)
        self._texts = StaticTexts(limit=64)

    def addItem(self, item, name: str) -> None:
        """As pyqtgraph's, with ``name`` (plain text, not HTML) as ``Words``; ``item`` is a ``Sample``."""
        label = Words(name, legend_font(self.opts["labelTextSize"]), pg.mkColor(self.opts["labelTextColor"]))
        item.sigClicked.connect(self.sigSampleClicked)
        self.items.append((item, label))
        self._addItemToLayout(item, label)
        self.updateSize()

    def freeze(self) -> None:
        self._frozen, self._picture = True, None
        for child in self.childItems():
            child.setOpacity(0.0)
        self.update()

    def clear(self) -> None:
        super().clear()
        self._frozen, self._picture = False, None

    def _entries(self, item=None):
        """(item, its transform to the legend's) of every entry's item, in the order Qt stacks them."""
        for child in (item or self).childItems():
            yield child, child.itemTransform(self)[0]
            yield from self._entries(child)

    def _draw(self, p: QPainter, live_words: bool = False) -> None:
        """The entries through their own paint; with ``live_words``, all but their words."""
        for child, tr in self._entries():
            if live_words and isinstance(child, Words):
                continue
            _paint_entry(p, child, tr)

    def paint(self, p: QPainter, *args) -> None:
        super().paint(p, *args)
        if not self._frozen:
            return
        device = p.device()
        if not _raster(device):
            self._draw(p)
            return
        dpr = device.devicePixelRatioF()
        to_device = p.worldTransform() * QTransform.fromScale(dpr, dpr)
        rect = to_device.mapRect(self.boundingRect()).toAlignedRect()
        # the picture is the swatches at this scale and fraction of a device pixel, as Qt would paint them
        key = (to_device.m11(), to_device.m12(), to_device.m21(), to_device.m22(), to_device.dx() - rect.x(),
               to_device.dy() - rect.y(), rect.width(), rect.height(), dpr)
        if self._picture is None or self._picture[0] != key:
            pm = QPixmap(rect.size())
            pm.fill(Qt.transparent)
            q = QPainter(pm)
            q.setRenderHints(p.renderHints())
            try:  # (a painter left open on the pixmap would crash Qt when the pixmap goes)
                q.setWorldTransform(to_device * QTransform.fromTranslate(-rect.x(), -rect.y()))
                self._draw(q, live_words=True)
            finally:
                q.end()
            pm.setDevicePixelRatio(dpr)
            words = []  # (the words, where their line starts in the legend, their shaped text)
            for child, tr in self._entries():
                if isinstance(child, Words):
                    flat = tr.type() in (QTransform.TxNone, QTransform.TxTranslate)  # (else it paints itself)
                    words.append((child, tr.map(child.origin),
                                  self._texts.shaped(child.text, child.font)[0] if flat else None))
            self._picture = (key, pm, words)
        p.save()
        p.resetTransform()
        p.drawPixmap(QPointF(rect.x() / dpr, rect.y() / dpr), self._picture[1])
        p.restore()
        look = None
        for child, at, st in self._picture[2]:
            if dpr == 1.0 and st is not None:
                if look != (child.font, child.colour):
                    look = (child.font, child.colour)
                    p.setFont(child.font)
                    p.setPen(child.colour)
                p.drawStaticText(at, st)
            else:  # (kept shaped text is for unscaled screens: see StaticTexts)
                _paint_entry(p, child, child.itemTransform(self)[0])


def _paint_entry(p: QPainter, child, tr: QTransform) -> None:
    """One legend entry's item through its own paint, at ``tr`` (its transform to the legend's)."""
    p.save()
    p.setTransform(tr, True)
    option = QStyleOptionGraphicsItem()
    option.exposedRect = child.boundingRect()
    child.paint(p, option, None)
    p.restore()


def legend_font(size: str) -> QFont:
    """The application's font at ``size`` (pyqtgraph's ``labelTextSize``, as "7.5pt" or "10px")."""
    font = QFont()
    if size.endswith("pt"):
        font.setPointSizeF(float(size[:-2]))
    elif size.endswith("px"):
        font.setPixelSize(round(float(size[:-2])))
    return font


class Words(pg.GraphicsWidget):
    """A legend entry's words: one line of plain text in one font and colour, sized, placed and drawn
    as pyqtgraph's LabelItem (left-justified) puts an HTML span of it, through the same kind of text
    layout its text document makes, without the document (a QGraphicsTextItem and an HTML parse per
    entry: ~0.8 ms of start-up apiece). The line starts ``MARGIN`` in from the top left (the text
    document's margin); the size is the line's with that margin all round, the least the legend's
    grid may give it (it may give more: the words stay at the left)."""

    MARGIN = 4.0  # QTextDocument's documentMargin

    def __init__(self, text: str, font: QFont, colour: QColor):
        super().__init__()
        self.text, self.font, self.colour = text, QFont(font), QColor(colour)
        self.origin = QPointF(self.MARGIN, self.MARGIN)
        self._layout = QTextLayout(text, self.font)
        self._layout.setCacheEnabled(True)  # (drawn again from its shaped glyphs)
        self._layout.beginLayout()
        line = self._layout.createLine()
        self._layout.endLayout()
        self.text_size = QSizeF(line.naturalTextWidth() + 2 * self.MARGIN, line.height() + 2 * self.MARGIN)
        # as LabelItem's hints, but kept by Qt: a sizeHint of Python's is a call into Python at each of
        # the layout's many questions
        self.setMinimumSize(self.text_size)
        self.setPreferredSize(self.text_size)

    def paint(self, p: QPainter, *args) -> None:
        p.setPen(self.colour)
        self._layout.draw(p, self.origin)


class Sample(pg.ItemSample):
    """A legend swatch for pyqtgraph's LegendItem, drawn by the figure's swatch painter."""

    def __init__(self, spec: dict):
        pg.GraphicsWidget.__init__(self)
        self.item = None
        self.spec = spec
        self.setFixedWidth(26)
        self.setFixedHeight(16)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 26, 16)

    def paint(self, p: QPainter, *args) -> None:
        draw_swatch(p, self.spec)

    def mouseClickEvent(self, ev) -> None:
        ev.accept()
