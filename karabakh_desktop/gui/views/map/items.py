"""The map on screen: pyqtgraph items that carry the figure's looks and draw through it — the
country and shape paths kept as an image per view (vector devices get the paths), the names of a
view painted by one item, a compact legend."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPaintEngine, QPainter, QPainterPath, QPen, QRegion
from PySide6.QtWidgets import QGraphicsObject

from ..partial import update_apart
from ..pg_adapter import draw_symbol, polygon
from ..style import NAME_MARGIN
from . import names
from .figure import MapFigure, Styled


class MapLegend(QGraphicsObject):
    """A compact legend drawn in pixels: one 13 px row per entry, a symbol and its meaning.
    (pyqtgraph's LegendItem needs 20 px a row and toggles items on click; neither suits a map.)"""

    ROW = 13

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[tuple[str, object]] = []  # (text, painter callback)
        self.font = QFont()
        self.font.setPointSizeF(7)
        self.text_colour = QColor("#000000")
        self.background = QColor(255, 255, 255, 215)
        self.frame = QColor("#999999")
        self._size = QRectF()

    def set_entries(self, entries, text_colour, background, frame) -> None:
        self.prepareGeometryChange()
        self.entries = entries
        self.text_colour, self.background, self.frame = QColor(text_colour), QColor(background), QColor(frame)
        fm = QFontMetricsF(self.font)
        width = max((fm.horizontalAdvance(text) for text, _ in entries), default=0) + 26
        self._size = QRectF(0, 0, width, self.ROW * len(entries) + 6)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._size

    def paint(self, p, *args) -> None:
        p.setRenderHint(p.RenderHint.Antialiasing)
        p.setPen(QPen(self.frame))
        p.setBrush(QBrush(self.background))
        p.drawRect(self._size.adjusted(0, 0, -1, -1))
        p.setFont(self.font)
        for n, (text, draw) in enumerate(self.entries):
            y = 3 + n * self.ROW
            p.save()
            p.translate(11, y + self.ROW / 2)
            draw(p)
            p.restore()
            p.setPen(QPen(self.text_colour))
            p.drawText(QRectF(22, y, self._size.width() - 24, self.ROW), Qt.AlignVCenter | Qt.AlignLeft, text)


def symbol_drawer(symbol, size, pen, brush):
    def draw(p):
        draw_symbol(p, symbol, min(size, 12), pen, brush)
    return draw


def area_drawer(pen, brush):
    def draw(p):
        p.setPen(pen)
        p.setBrush(brush)
        p.drawRect(QRectF(-7, -5, 14, 10))
    return draw


def line_drawer(pen):
    def draw(p):
        p.setPen(pen)
        p.drawLine(QPointF(-8, 0), QPointF(8, 0))
    return draw


class CachedPaths(pg.GraphicsObject):
    """Static paths — country fills and borders, or the hand-drawn shapes — drawn by one item.

    On a raster device the drawing is kept as one image of the view and redrawn only when the
    view's transform or size, or a path's style, changes: a selection then repaints the markers and
    names over one image instead of stroking thousands of border vertices again. Vector devices
    (SVG, PDF) get the paths themselves. Each path is a :class:`Styled`: its
    path, pen and brush; after changing a style call :meth:`invalidate`."""

    CACHE = True  # the tests compare the cached drawing with the direct one
    PARTIAL = True  # pens redrawn only where they changed (the tests compare with a whole drawing)
    PEN_MARGIN = 6.0  # px around a path's box that its widest pen (3.2 px) and antialiasing reach
    SIMPLIFY_PX = 0.1  # how far (device px) a border drawn on the screen may stray from its every vertex

    def __init__(self, vb: pg.ViewBox, live_pens: bool = False):
        super().__init__()
        self._vb = vb
        # separate pens: the outlines get an image of their own, so that a selection highlighting a
        # shape's outline redraws a few strokes and keeps the (costlier) hatched fills
        self.live_pens = live_pens
        self._pens_version = 0
        self._pens_image: tuple | None = None  # (key, pens version, image)
        # where pens changed since the pens image was drawn (km boxes; None: anywhere)
        self._pen_boxes: list[QRectF] | None = None
        self.paths: list[Styled] = []
        self._bounds = self._outer = QRectF()
        self._key = None
        self._image: QImage | None = None
        self._last: tuple | None = None  # (transforms and size, key, undo redirection, where) of the last paint
        self._simplified: dict[float, list[Styled]] = {}  # scale step -> the paths drawn on the screen then
        self.renders = 0  # how often the image was drawn (tests: a selection must not redraw it)
        self.pen_renders = 0  # how often the pens' image was drawn whole

    def add(self, path: QPainterPath, detail: list | None = None) -> Styled:
        holder = Styled(path, detail=detail)
        self.paths.append(holder)
        self._simplified.clear()
        self.prepareGeometryChange()
        self._bounds = self._bounds.united(path.boundingRect())
        # cosmetic pens are wider than nothing in any unit: a margin keeps outer strokes exposed
        m = max(self._bounds.width(), self._bounds.height()) * 0.02
        self._outer = self._bounds.adjusted(-m, -m, m, m)
        self.invalidate()
        return holder

    def invalidate(self) -> None:
        self._key = None
        self._image = self._pens_image = self._pen_boxes = None
        self.update()

    def boundingRect(self) -> QRectF:  # (asked by Qt for each repaint: made when a path is added)
        return self._outer

    def _offscreen(self) -> bool:
        """Drawn for an export's detached twin, never shown: no image worth keeping."""
        scene = self.scene()
        views = scene.views() if scene is not None else []
        return bool(views) and views[0].window().testAttribute(Qt.WA_DontShowOnScreen)

    def pens_changed(self, changed: list[Styled] | None = None) -> None:
        """The pens of ``changed`` (None: of any path) were set anew. With live pens only the boxes
        of the changed paths are repainted, and drawn again on the pens' image: a selection that
        highlights a shape's outline redrew every outline over the whole view (~3 ms) and made
        the whole view repaint."""
        if not self.live_pens:
            self.invalidate()
            return
        self._pens_version += 1
        tr = self.sceneTransform()
        sx, sy = abs(tr.m11()), abs(tr.m22())
        if changed is None or not self.PARTIAL or sx < 1e-12 or sy < 1e-12:
            self._pen_boxes = None
            self.update()
            return
        m = self.PEN_MARGIN
        boxes = [s.path.boundingRect().adjusted(-m / sx, -m / sy, m / sx, m / sy) for s in changed]
        if self._pen_boxes is not None:
            self._pen_boxes += boxes
            if len(self._pen_boxes) > 256:  # many restyles with no paint (the shapes hidden): redraw all at the next
                self._pen_boxes = None
        update_apart(self, boxes)

    def _draw(self, p: QPainter, fills: bool = True, pens: bool = True, px_per_km: float | None = None) -> None:
        MapFigure.draw_paths(p, self.paths if px_per_km is None else self._screen_paths(px_per_km), fills, pens)

    def _screen_paths(self, px_per_km: float) -> list[Styled]:
        """The paths as the screen's image draws them at ``px_per_km``: a path with weighted vertices
        (a country's border) without the vertices that lie within SIMPLIFY_PX of the line its
        neighbours draw — a border's vertex costs Qt's stroker ~7,500 instructions, and at the
        region's zoom a third of them add nothing a pixel shows. Made per step of scale (a quarter
        of an octave, the tolerance then SIMPLIFY_PX at most), kept for a few steps."""
        if px_per_km <= 0 or not any(s.detail is not None for s in self.paths):
            return self.paths
        step = 2.0 ** (math.ceil(math.log2(px_per_km) * 4) / 4)  # >= px_per_km: never coarser than asked
        got = self._simplified.get(step)
        if got is None:
            tolerance = self.SIMPLIFY_PX / step
            got = [s if s.detail is None else _Simplified(s, _simplified_path(s.detail, tolerance)) for s in self.paths]
            if len(self._simplified) >= 4:
                self._simplified.pop(next(iter(self._simplified)))
            self._simplified[step] = got
        return got

    def paint(self, p: QPainter, *args) -> None:
        engine = p.paintEngine()
        if not self.CACHE or engine is None or engine.type() != QPaintEngine.Raster:
            self._draw(p)
            return
        # A widget paints through a "redirection" below the painter's world transform: a shift on
        # screen (where it sits in its window), a scale too when an export renders it onto a slide.
        # An export is drawn directly, as vectors would be: it is made once and its image would
        # be the size of the slide; the screen gets the kept image, made in device pixels.
        tr, world = p.deviceTransform(), p.transform()
        # the same transforms, size and images as the last paint (a selection's repaint): drawn as then
        fast = (tr, world, self._vb.size(), p.testRenderHint(QPainter.Antialiasing), p.device().devicePixelRatioF())
        last = self._last
        if last is not None and last[0] == fast and self._image is not None and last[1] == self._key and (
                not self.live_pens or self._pens_image is not None and self._pens_image[1] == self._pens_version):
            self._blit(p, last[2], last[3])
            return
        self._last = None
        world_inv, ok = world.inverted()
        to_view, ok2 = self._vb.childGroup.transform().inverted()
        redirection = world_inv * tr
        undo_redirection, ok3 = redirection.inverted()
        if not (ok and ok2 and ok3) or abs(redirection.m11() - 1) > 1e-9 or abs(redirection.m22() - 1) > 1e-9 \
                or redirection.m12() or redirection.m21() or self._offscreen():
            self._image = self._key = self._pens_image = None
            self._draw(p)
            return
        area = (to_view * tr).mapRect(self._vb.rect()).toAlignedRect()  # the view box, in device pixels
        if area.isEmpty():
            return
        device = p.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        key = (tr.m11(), tr.m12(), tr.m21(), tr.m22(), tr.dx(), tr.dy(), area.x(), area.y(), area.width(),
               area.height(), dpr, p.testRenderHint(QPainter.Antialiasing))
        def render(image: QImage | None = None, clip: QRegion | None = None, **what) -> QImage:
            if image is None:
                image = QImage(max(1, round(area.width() * dpr)), max(1, round(area.height() * dpr)),
                               QImage.Format_ARGB32_Premultiplied)
                image.setDevicePixelRatio(dpr)
                image.fill(Qt.transparent)
            q = QPainter(image)
            if clip is not None:  # drawn again there only: cleared first
                q.setClipRegion(clip)
                q.setCompositionMode(QPainter.CompositionMode_Clear)
                q.fillRect(clip.boundingRect(), Qt.transparent)
                q.setCompositionMode(QPainter.CompositionMode_SourceOver)
            q.setRenderHints(p.renderHints())
            q.setBrushOrigin(-area.x(), -area.y())  # hatching in phase with a direct drawing on screen
            q.translate(-area.x(), -area.y())
            q.setTransform(tr, True)
            self._draw(q, **what, px_per_km=abs(tr.m11()) * dpr)  # (the image's pixels: device pixels)
            q.end()
            return image

        if key != self._key or self._image is None:
            self._image, self._key = render(pens=not self.live_pens), key
            self.renders += 1
        if self.live_pens:
            kept = self._pens_image
            clip = None if kept is None or kept[0] != key else self._pens_clip(tr, area, dpr)
            if kept is None or kept[:2] != (key, self._pens_version):
                self._pens_image = (key, self._pens_version, render(kept[2] if clip is not None else None, clip,
                                                                        fills=False))
                self.pen_renders += clip is None
            self._pen_boxes = []
        if dpr == 1.0:  # (a device of another ratio is not the screen this item usually paints)
            self._last = (fast, key, undo_redirection, area.topLeft())
        self._blit(p, undo_redirection, area.topLeft())

    def _blit(self, p: QPainter, undo_redirection, at) -> None:
        p.save()
        p.setTransform(undo_redirection)  # painting in device pixels
        p.drawImage(at, self._image)
        if self.live_pens:
            p.drawImage(at, self._pens_image[2])
        p.restore()

    def _pens_clip(self, tr, area, dpr: float) -> QRegion | None:
        """The changed pens' boxes on the pens' image (None: draw it all again)."""
        if self._pen_boxes is None or dpr != 1.0:
            return None
        clip = QRegion()
        for box in self._pen_boxes:
            clip = clip.united(QRegion(tr.mapRect(box).toAlignedRect().translated(-area.x(), -area.y())))
        return clip


class _Simplified:
    """A Styled path drawn simplified: the simplified path, the original's pen, brush and visibility
    (read at each drawing: a restyle sets them on the original)."""
    __slots__ = ("of", "path")

    def __init__(self, of: Styled, path: QPainterPath):
        self.of, self.path = of, path

    @property
    def pen(self):
        return self.of.pen

    @property
    def brush(self):
        return self.of.brush

    @property
    def visible(self):
        return self.of.visible


def _simplified_path(detail, tolerance: float) -> QPainterPath:
    """Open polylines (km, with their vertices' weights) without the vertices that weigh no more
    than ``tolerance`` km: Douglas-Peucker at that tolerance (core.geo_store.dp_weights)."""
    path = QPainterPath()
    path.setFillRule(Qt.OddEvenFill)
    for xy, weights in detail:
        keep = weights > tolerance
        keep[0] = keep[-1] = True  # (a part of a ring keeps its ends)
        path.addPolygon(polygon(xy[keep]))
    return path


class MapLabels(pg.GraphicsObject):
    """The names of one view, painted by one item in pixels (thousands of text items would each be a
    scene item to build, transform and index). Tier 0 draws the country and sea names under the
    shapes and markers, tier 1 every other name above them; the panel lays them out."""

    def __init__(self, panel, layer, tier: int, bounds: QRectF):
        super().__init__()
        self.panel, self.layer, self.tier = panel, layer, tier
        self._bounds = bounds
        self.setZValue(3 if tier == 0 else 30)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, p: QPainter, *args) -> None:
        tr = self.sceneTransform()
        placed = names.placed_tier(self.panel, self.layer, self.tier, (tr.m11(), tr.m22(), tr.dx(), tr.dy()))
        placed = _in_clip(p, placed, tr) if placed else placed
        if not placed:  # (most repaints of a few boxes meet no country or sea name)
            return
        to_scene, ok = tr.inverted()
        if not ok:
            return
        p.save()
        p.setTransform(to_scene * p.transform())  # draw in scene pixels, whatever the zoom of the device
        p.setRenderHint(QPainter.TextAntialiasing)
        self.panel.figure.draw_labels(p, placed, self.panel.content)
        p.restore()


def exposed_rect(p: QPainter) -> QRectF | None:
    """What the screen repaints, as a rectangle in the painter's coordinates (None: nothing limits
    it, as in an export)."""
    engine = p.paintEngine()
    clip = engine.systemClip() if engine is not None else None
    if clip is None or clip.isEmpty():
        return None
    back, ok = p.deviceTransform().inverted()
    return back.mapRect(QRectF(clip.boundingRect())) if ok else None


def _in_clip(p: QPainter, placed: list, to_scene) -> list:
    """The names (in scene pixels) that meet what the screen repaints (a selection repaints a few
    boxes, not the view: each name left out is text not shaped); all of them when nothing limits
    it (an export). ``to_scene`` maps the painter's coordinates to the scene's."""
    engine = p.paintEngine()
    clip = engine.systemClip() if engine is not None else None
    if clip is None or clip.isEmpty():
        return placed
    from_scene, ok = to_scene.inverted()
    if not ok:
        return placed
    to_device = from_scene * p.deviceTransform()
    r, ok = to_device.inverted()
    r = r.mapRect(QRectF(clip.boundingRect()))
    m = NAME_MARGIN
    x0, y0, x1, y1 = r.left() - m, r.top() - m, r.right() + m, r.bottom() + m
    near = [e for e in placed if e.rect[2] >= x0 and e.rect[0] <= x1 and e.rect[3] >= y0 and e.rect[1] <= y1]
    if clip.rectCount() < 2 or not near:
        return near
    # the boxes of a few changed marks and names, apart: the names inside the boxes, not between them
    return [e for e in near if clip.intersects(to_device.mapRect(
        QRectF(e.rect[0] - m, e.rect[1] - m, e.rect[2] - e.rect[0] + 2 * m, e.rect[3] - e.rect[1] + 2 * m)).toAlignedRect())]
