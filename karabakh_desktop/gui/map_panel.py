"""The schematic region map: country outlines, every place of the store, the approximate shapes of
the memo's geography (former NKAO, peacekeeping area, corridors, districts), and the comparison
cases on a wider view and an inset.

Everything is drawn in kilometres of a local projection (``core.geo.LocalProjection``), so the
aspect ratio is locked at 1 and a kilometre is as long east–west as north–south. Each view builds
its graphics once; a selection only sets brushes and pens on the existing items.

Honesty: the outlines are Natural Earth's (its de facto / de jure mix, no Nagorno-Karabakh
feature), the schematic shapes are hand-drawn and labelled "approx." everywhere they appear, and a
place with ``context = 1`` (not from the memo) is drawn hollow with a dashed edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItemGroup,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from ..core import activity, geo, read
from . import theme
from .panels import Panel, panel_toolbar

REGION, COMPARISON = "region", "comparison"
VIEW_TITLES = {REGION: "South Caucasus", COMPARISON: "Comparison cases (wider region)"}
REGION_PROJECTION = (geo.DEFAULT_LAT0, geo.DEFAULT_LON0)
COMPARISON_PROJECTION = (45.0, 38.0)
DATA_EXTENTS = {REGION: geo.REGION_DATA_EXTENT, COMPARISON: geo.COMPARISON_DATA_EXTENT}

# place_type -> (pyqtgraph symbol, size px, legend text, label rank: lower is labelled first)
PLACE_STYLES = {
    "capital": ("star", 15, "capital", 2),
    "city": ("o", 10, "city", 4),
    "town": ("o", 7, "town", 6),
    "district": ("d", 10, "district", 5),
    "exclave": ("s", 9, "exclave", 4),
    "corridor": ("t", 10, "corridor", 5),
    "line": ("+", 11, "line of contact", 7),
    "region": ("p", 11, "region / province", 7),
    "secessionist_region": ("p", 11, "region / province", 5),
    "province": ("p", 11, "region / province", 6),
    "country": ("h", 11, "country", 7),
}
OTHER_STYLE = ("o", 8, "other place", 8)
CLICK_RADIUS_PX = 9
LINE_RADIUS_PX = 6
MARKER_PX = 5  # half the box a marker keeps clear of labels
SHAPE_RANK, PIN_RANK, COUNTRY_RANK = 8, 9, 3.5

# A schematic shape selects the entity of the store it stands for. First an entity with the
# shape's own id, else the first place matching (place_type, words in its name) below: the rule
# "the corridor whose name says Lachin" survives the data's ids changing. A shape with no match
# (Jabrayil, Zangilan, Gubadli: districts the memo never names) shows its note instead.
SHAPE_MATCH = {
    "nkao-former": ("secessionist_region", "nagorno-karabakh"),
    "peacekeeping-zone": ("region", "peacekeeping"),
    "lachin-corridor": ("corridor", "lachin"),
    "zangezur-route": ("corridor", "zangezur"),
    "district-agdam": ("district", "agdam"),
    "district-kalbajar": ("district", "kalbajar"),
    "district-lachin": ("district", "lachin"),
    "district-fuzuli": ("district", "fuzuli"),
    "district-jabrayil": ("district", "jabrayil"),
    "district-zangilan": ("district", "zangilan"),
    "district-gubadli": ("district", "gubadli"),
}
SHAPE_SHORT = {
    "nkao-former": "former NKAO",
    "peacekeeping-zone": "peacekeeping area",
    "lachin-corridor": "Lachin corridor",
    "zangezur-route": "proposed Zangezur route",
}

# Base-map colours per theme: sea, land, the two countries of the conflict (a shade apart, no
# hue that could read as a side), borders, country labels.
BASE_COLOURS = {
    "light": dict(sea="#C9DCE8", land="#F2EFE6", focus="#E6DFCC", border="#6A6A6A", label="#857B68",
                  sea_label="#4F7189"),
    "dark": dict(sea="#17222B", land="#2D2D2B", focus="#37352F", border="#7A7A7A", label="#A59E8F",
                 sea_label="#7E9DB3"),
    "high-contrast": dict(sea="#000000", land="#1E1E1E", focus="#2A2A2A", border="#FFFFFF", label="#D0D0D0",
                          sea_label="#9FC7E6"),
}
FOCUS_COUNTRIES = {"Azerbaijan", "Armenia"}
# Country label positions (lon, lat) clear of the places' labels; others take geo.label_point.
COUNTRY_LABELS = {
    (REGION, "Georgia"): (42.9, 41.95), (REGION, "Armenia"): (44.75, 40.72),
    (REGION, "Azerbaijan"): (48.35, 40.62), (REGION, "Russia"): (45.6, 43.35),
    (REGION, "Iran"): (47.3, 38.6), (REGION, "Turkey"): (41.3, 39.4),
    (COMPARISON, "Ukraine"): (31.0, 49.3), (COMPARISON, "Moldova"): (28.5, 47.6),
    (COMPARISON, "Georgia"): (43.2, 41.9), (COMPARISON, "Russia"): (41.0, 47.0),
    (COMPARISON, "Turkey"): (34.0, 39.0), (COMPARISON, "Romania"): (26.9, 45.6),
}
SEA_LABELS = {
    REGION: [("Black Sea", 40.3, 42.3), ("Caspian Sea", 50.3, 42.3)],
    COMPARISON: [("Black Sea", 34.0, 43.3), ("Caspian Sea", 50.6, 42.2), ("Sea of Azov", 36.7, 46.05)],
}
ARROWS = "→↗↑↖←↙↓↘"


def _colour(c, alpha: int | None = None) -> QColor:
    q = QColor(c)
    if alpha is not None:
        q.setAlpha(max(0, min(255, int(alpha))))
    return q


def _pen(c, width: float = 1.0, style=Qt.SolidLine, alpha: int | None = None) -> QPen:
    pen = QPen(_colour(c, alpha))
    pen.setWidthF(width)
    pen.setStyle(style)
    pen.setCosmetic(True)
    return pen


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


def _symbol_drawer(symbol, size, pen, brush):
    def draw(p):
        drawSymbol(p, symbol, min(size, 12), pen, brush)
    return draw


def _area_drawer(pen, brush):
    def draw(p):
        p.setPen(pen)
        p.setBrush(brush)
        p.drawRect(QRectF(-7, -5, 14, 10))
    return draw


def _line_drawer(pen):
    def draw(p):
        p.setPen(pen)
        p.drawLine(QPointF(-8, 0), QPointF(8, 0))
    return draw


class CachedPaths(pg.GraphicsObject):
    """Static paths — country fills and borders, or the hand-drawn shapes — drawn by one item.

    On a raster device the drawing is kept as one image of the view and redrawn only when the
    view's transform or size, or a path's style, changes: a selection then repaints the markers and
    names over one image instead of stroking thousands of border vertices again. Vector devices
    (SVG, PDF) get the paths themselves. Each path is a QGraphicsPathItem used as a holder of its
    path, pen and brush (never added to a scene); after changing a style call :meth:`invalidate`."""

    CACHE = True  # the tests compare the cached drawing with the direct one

    def __init__(self, vb: pg.ViewBox, live_pens: bool = False):
        super().__init__()
        self._vb = vb
        # separate pens: the outlines get an image of their own, so that a selection highlighting a
        # shape's outline redraws a few strokes and keeps the (costlier) hatched fills
        self.live_pens = live_pens
        self._pens_version = 0
        self._pens_image: tuple | None = None  # (key, pens version, image)
        self.paths: list[QGraphicsPathItem] = []
        self._bounds = QRectF()
        self._key = None
        self._image: QImage | None = None
        self.renders = 0  # how often the image was drawn (tests: a selection must not redraw it)

    def add(self, path: QPainterPath) -> QGraphicsPathItem:
        holder = QGraphicsPathItem(path)
        self.paths.append(holder)
        self.prepareGeometryChange()
        self._bounds = self._bounds.united(path.boundingRect())
        self.invalidate()
        return holder

    def invalidate(self) -> None:
        self._key = None
        self._image = self._pens_image = None
        self.update()

    def boundingRect(self) -> QRectF:
        # cosmetic pens are wider than nothing in any unit: a margin keeps outer strokes exposed
        m = max(self._bounds.width(), self._bounds.height()) * 0.02
        return self._bounds.adjusted(-m, -m, m, m)

    def _offscreen(self) -> bool:
        """Drawn for an export's detached twin, never shown: no image worth keeping."""
        scene = self.scene()
        views = scene.views() if scene is not None else []
        return bool(views) and views[0].window().testAttribute(Qt.WA_DontShowOnScreen)

    def pens_changed(self) -> None:
        if self.live_pens:
            self._pens_version += 1
            self.update()
        else:
            self.invalidate()

    def _draw(self, p: QPainter, fills: bool = True, pens: bool = True) -> None:
        no_pen, no_brush = QPen(Qt.NoPen), QBrush(Qt.NoBrush)
        for holder in self.paths:
            if holder.isVisible():
                p.setPen(holder.pen() if pens else no_pen)
                p.setBrush(holder.brush() if fills else no_brush)
                p.drawPath(holder.path())

    def paint(self, p: QPainter, *args) -> None:
        engine = p.paintEngine()
        if not self.CACHE or engine is None or engine.type() != QPaintEngine.Raster:
            self._draw(p)
            return
        # A widget paints through a "redirection" below the painter's world transform: a shift on
        # screen (where it sits in its window), a scale too when an export renders it onto a slide.
        # An export is drawn directly, as vectors would be: it is made once and its image would
        # be the size of the slide; the screen gets the kept image, made in device pixels.
        tr = p.deviceTransform()
        world_inv, ok = p.transform().inverted()
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
        def render(**what) -> QImage:
            image = QImage(max(1, round(area.width() * dpr)), max(1, round(area.height() * dpr)),
                           QImage.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(dpr)
            image.fill(Qt.transparent)
            q = QPainter(image)
            q.setRenderHints(p.renderHints())
            q.setBrushOrigin(-area.x(), -area.y())  # hatching in phase with a direct drawing on screen
            q.translate(-area.x(), -area.y())
            q.setTransform(tr, True)
            self._draw(q, **what)
            q.end()
            return image

        if key != self._key or self._image is None:
            self._image, self._key = render(pens=not self.live_pens), key
            self.renders += 1
        images = [self._image]
        if self.live_pens:
            if self._pens_image is None or self._pens_image[:2] != (key, self._pens_version):
                self._pens_image = (key, self._pens_version, render(fills=False))
            images.append(self._pens_image[2])
        p.save()
        p.setTransform(undo_redirection)  # painting in device pixels
        for image in images:
            p.drawImage(area.topLeft(), image)
        p.restore()


class _Grid:
    """Rectangles (left, top, right, bottom) in pixels, bucketed, for the labels' overlap test."""

    CELL = 48.0

    def __init__(self, rects=()):
        self.cells: dict[tuple[int, int], list] = {}
        for r in rects:
            self.add(r)

    def _keys(self, r):
        c = self.CELL
        for cx in range(int(r[0] // c), int(r[2] // c) + 1):
            for cy in range(int(r[1] // c), int(r[3] // c) + 1):
                yield cx, cy

    def add(self, r) -> None:
        for k in self._keys(r):
            self.cells.setdefault(k, []).append(r)

    def free(self, r) -> bool:
        cells = self.cells
        for k in self._keys(r):
            for o in cells.get(k, ()):
                if r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3]:
                    return False
        return True


class _Markers:
    """The markers in view as boxes of ±``half`` pixels, bucketed in rows of ``ROW`` pixels and
    sorted by x within a row: whether a name's box touches one is asked for every candidate name
    at once (numpy, a few binary searches each), or for one box."""

    ROW = 16.0

    def __init__(self, xs: np.ndarray, ys: np.ndarray, half: float):
        self.half = half
        self.x0 = float(xs.min()) - 1e4 if len(xs) else 0.0  # keeps x - x0 positive in every query
        self.span = (float(xs.max()) if len(xs) else 0.0) - self.x0 + 2e4
        rows = np.floor(ys / self.ROW)
        keys = rows * self.span + (xs - self.x0)
        order = np.argsort(keys, kind="stable")
        self.keys, self.y = keys[order], ys[order]

    def hit(self, left, top, right, bottom) -> np.ndarray:
        """For boxes given as arrays: does each overlap a marker?"""
        h, n = self.half, len(left)
        out = np.zeros(n, dtype=bool)
        if not len(self.keys) or not n:
            return out
        first, last = np.floor((top - h) / self.ROW), np.floor((bottom + h) / self.ROW)
        for k in range(int((last - first).max()) + 1):  # a name spans a few rows
            row = first + k
            live = row <= last
            lo = np.searchsorted(self.keys, row * self.span + (left - h - self.x0), side="right")
            hi = np.searchsorted(self.keys, row * self.span + (right + h - self.x0), side="left")
            counts = np.where(live, hi - lo, 0)
            total = int(counts.sum())
            if not total:
                continue
            owner = np.repeat(np.arange(n), counts)
            idx = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(lo, counts)
            y = self.y[idx]
            touching = (y + h > top[owner]) & (y - h < bottom[owner])
            out |= np.bincount(owner[touching], minlength=n) > 0
        return out

    def free(self, r) -> bool:
        return not self.hit(np.array([r[0]]), np.array([r[1]]), np.array([r[2]]), np.array([r[3]]))[0]


@dataclass(slots=True)
class PlacedLabel:
    """A name as laid out, in scene pixels: what it names, its text, its box and how it is drawn."""
    kind: str  # place | pin | shape | country | sea
    key: str  # the place id, shape id, or the country/sea text
    text: str
    rect: tuple[float, float, float, float]  # left, top, right, bottom
    font: str  # a key of MapPanel.fonts

    @property
    def tier(self) -> int:
        return 0 if self.kind in ("country", "sea") else 1


class MapLabels(pg.GraphicsObject):
    """The names of one view, painted by one item in pixels (thousands of text items would each be a
    scene item to build, transform and index). Tier 0 draws the country and sea names under the
    shapes and markers, tier 1 every other name above them; the panel lays them out."""

    def __init__(self, panel: MapPanel, layer: Layer, tier: int, bounds: QRectF):
        super().__init__()
        self.panel, self.layer, self.tier = panel, layer, tier
        self._bounds = bounds
        self.setZValue(3 if tier == 0 else 30)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, p: QPainter, *args) -> None:
        placed = [e for e in self.panel.placed_labels(self.layer).values() if e.tier == self.tier]
        if not placed:
            return
        to_scene, ok = self.sceneTransform().inverted()
        if not ok:
            return
        p.save()
        p.setTransform(to_scene * p.transform())  # draw in scene pixels, whatever the zoom of the device
        p.setRenderHint(QPainter.TextAntialiasing)
        fonts, colour_of = self.panel.fonts, self.panel.label_colour
        font = None
        for e in placed:
            if e.font != font:
                font = e.font
                p.setFont(fonts[font][0])
            p.setPen(colour_of(e))
            p.drawText(QPointF(e.rect[0], e.rect[1] + fonts[font][1]), e.text)
        p.restore()


def _path(rings, projection: geo.LocalProjection, close: bool = True) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.OddEvenFill)
    for ring in rings:
        xy = projection.forward_points(ring)
        poly = QPolygonF([QPointF(float(x), float(y)) for x, y in xy])
        if close:
            path.addPolygon(poly)
            path.closeSubpath()
        else:
            path.moveTo(poly[0])
            for p in list(poly)[1:]:
                path.lineTo(p)
    return path


@dataclass
class PlaceInfo:
    id: str
    lon: float
    lat: float
    place_type: str
    context: bool
    is_case: bool
    events: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)

    @property
    def style(self):
        return PLACE_STYLES.get(self.place_type, OTHER_STYLE)


@dataclass
class Layer:
    """What one ViewBox draws: places (with their positions), off-map pins, names, outlines."""
    name: str
    projection: geo.LocalProjection
    ids: list[str]
    xy: np.ndarray
    scatter: pg.ScatterPlotItem
    index: dict[str, int]
    vb: pg.ViewBox | None = None
    font: str = "place"  # a key of MapPanel.fonts: the places' names
    rank: np.ndarray = field(default_factory=lambda: np.zeros(0))  # label order, lower first
    names: list[str] = field(default_factory=list)  # each place's name as shown (naming choice applied)
    name_w: np.ndarray = field(default_factory=lambda: np.zeros(0))  # its width in pixels
    pins: list[str] = field(default_factory=list)  # places beyond the data extent, pinned to the view edge
    pin_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    pin_positions: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    pin_scatter: pg.ScatterPlotItem | None = None
    pin_labels: dict[str, tuple] = field(default_factory=dict)  # pid -> (text, width px, x km, y km, right of it?)
    base: CachedPaths | None = None  # country fills and borders
    fills: list[tuple[QGraphicsPathItem, str]] = field(default_factory=list)  # (path holder, country name)
    borders: list[QGraphicsPathItem] = field(default_factory=list)
    statics: list[tuple] = field(default_factory=list)  # country and sea names: (kind, text, x km, y km, font, w)
    label_items: list = field(default_factory=list)  # the two MapLabels tiers
    extra: list = field(default_factory=list)  # approximate shapes, shown with the view if wanted
    extra_always: list = field(default_factory=list)  # shown with the view
    features: list = field(default_factory=list)  # geo.Feature, for hover
    styles: list = field(default_factory=list)  # the (brush, pen) each marker wears now
    pin_styles: list = field(default_factory=list)
    layout_key: tuple | None = None  # what the names were laid out for, and the result
    base_layout: tuple = ()
    placed_key: tuple | None = None
    placed: dict[str, PlacedLabel] = field(default_factory=dict)


class MapPanel(Panel):
    panel_id = "map"
    title = "Map"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.view = REGION
        self._theme_name = None
        self._styles: dict = {}
        self._levels: dict[str, int] = {}
        self._states: dict[str, str] = {}
        self._window = object()  # not yet applied
        self._naming = None
        self._label_colours: dict[tuple, QColor] = {}
        self._stale: set[str] = set()
        self._pin_key = None
        # what the names' layout depends on besides the view: the names, the pins, the selection
        self._names_version = self._pins_version = self._levels_version = 0
        self.fonts = self._make_fonts()
        self._load_places()
        self._build_widgets()
        self.region = self._build_layer(REGION, self.plot.getViewBox(), geo.load_geojson(geo.REGION_GEOJSON),
                                        [p for p in self.places.values()])
        self._build_schematic()
        self.comparison = self._build_layer(COMPARISON, self.plot.getViewBox(),
                                            geo.load_geojson(geo.COMPARISON_GEOJSON), list(self.places.values()))
        self.inset_layer = self._build_layer("inset", self.inset, geo.load_geojson(geo.COMPARISON_GEOJSON),
                                             [p for p in self.places.values() if p.is_case or
                                              p.place_type == "country"], pins=False, font="place-small")
        self._build_overlays()
        self._apply_theme()
        self.on_time_window(session.time_window)
        self.on_naming(session.naming)
        self.set_view(REGION)
        self.fit_region()
        self.on_selection(session.touch, None)

    # --- data ---------------------------------------------------------------------------------------
    def _load_places(self) -> None:
        self.places: dict[str, PlaceInfo] = {
            p.id: PlaceInfo(p.id, p.lon, p.lat, p.place_type, p.context, p.is_case, list(p.events), list(p.actors))
            for p in read.map_places(self.session.db)}
        # which store entity each schematic shape stands for
        self.shapes = {f.id: f for f in geo.load_schematic()}
        self.shape_entity: dict[str, str | None] = {sid: self._match_shape(sid) for sid in self.shapes}

    def _match_shape(self, shape_id: str) -> str | None:
        if shape_id in self.session.catalog.kinds:
            return shape_id
        want = SHAPE_MATCH.get(shape_id)
        if want is None:
            return None
        ptype, word = want
        for pid, info in self.places.items():
            if info.place_type == ptype and word in self.session.catalog.names.get(pid, "").lower():
                return pid
        return None

    # --- widgets ------------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("map-plot")
        pi = self.plot.getPlotItem()
        pi.hideAxis("left")
        pi.hideAxis("bottom")
        pi.hideButtons()
        pi.setMenuEnabled(False)
        vb = pi.getViewBox()
        vb.setAspectLocked(True, 1.0)
        vb.setMouseMode(pg.ViewBox.PanMode)
        self.plot.setAntialiasing(True)
        self.inset = pg.ViewBox(enableMouse=False, enableMenu=False, lockAspect=True)
        self.inset.setParentItem(vb)
        self.inset.setZValue(50)
        self.inset.setBorder(pg.mkPen("#666666", width=1))
        vb.sigResized.connect(self._on_resized)
        vb.sigRangeChanged.connect(self._on_range_changed)
        vb.sigRangeChangedManually.connect(self._on_user_moved)
        self._fit_bbox = None
        self.plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self._hover_proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved)

        # short names: the map usually lives in a narrow dock
        self.fit_region_button = QToolButton(text="Region")
        self.fit_region_button.setToolTip("Fit the South Caucasus (Azerbaijan with Nakhchivan, Armenia, Georgia)")
        self.fit_region_button.clicked.connect(self.fit_region)
        self.fit_karabakh_button = QToolButton(text="Karabakh")
        self.fit_karabakh_button.setToolTip("Fit Karabakh: the former NKAO and the districts around it")
        self.fit_karabakh_button.clicked.connect(self.fit_karabakh)
        self.fit_comparison_button = QToolButton(text="Cases")
        self.fit_comparison_button.setToolTip("Comparison cases — the wider region: Transdniestria, Crimea, "
                                              "Donbas, Abkhazia, South Ossetia and Karabakh on one map")
        self.fit_comparison_button.clicked.connect(self.fit_comparison)
        self.shapes_box = QToolButton(text="≈ Shapes", checkable=True)
        self.shapes_box.setChecked(True)
        self.shapes_box.setToolTip("Show the hand-drawn, approximate outlines: former NKAO, peacekeeping area, "
                                   "districts, Lachin corridor, proposed Zangezur route")
        self.shapes_box.toggled.connect(self._on_shapes_toggled)
        self.legend_box = QToolButton(text="Legend", checkable=True)
        self.legend_box.setToolTip("Show or hide the legend")
        self.legend_box.setChecked(True)
        self.legend_box.toggled.connect(lambda on: self.legend_item.setVisible(on) or self._labels_changed())
        # In a narrow dock the legend would cover a third of the map: it folds away until the user
        # asks for it (the button), and comes back by itself when the panel is wide (a projector).
        self._legend_auto = True
        self.legend_box.clicked.connect(lambda: setattr(self, "_legend_auto", False))
        buttons = panel_toolbar([self.fit_region_button, self.fit_karabakh_button, self.fit_comparison_button, None,
                                 self.shapes_box, self.legend_box])
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.info.setTextFormat(Qt.RichText)
        self.info.setObjectName("map-info")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(buttons)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.info)
        self._set_info("")

    def _set_info(self, html: str) -> None:
        self.info.setText(html or "<span style='color:gray'>Outlines: Natural Earth (as it draws them). "
                                  "Dashed and hatched shapes are approximate. Click a place to select it.</span>")

    # --- building the views ----------------------------------------------------------------------
    @staticmethod
    def _make_fonts() -> dict[str, tuple[QFont, float, float, QFontMetricsF]]:
        """The map's label fonts: key -> (font, ascent, height, metrics)."""
        def font(pt, italic=False, spacing=0.0):
            f = QFont()
            f.setPointSizeF(pt)
            f.setItalic(italic)
            if spacing:
                f.setLetterSpacing(QFont.AbsoluteSpacing, spacing)
            fm = QFontMetricsF(f)
            return f, fm.ascent(), fm.height(), fm

        return {"place": font(8.0), "place-small": font(7.0), "country": font(7.5, spacing=1.2),
                "sea": font(7.5, italic=True), "shape": font(7.0, italic=True)}

    def _text_width(self, font: str, text: str) -> float:
        return self.fonts[font][3].horizontalAdvance(text)

    def _build_layer(self, name: str, vb: pg.ViewBox, features, places: list[PlaceInfo], *, pins: bool = True,
                     font: str = "place") -> Layer:
        lat0, lon0 = REGION_PROJECTION if name == REGION else COMPARISON_PROJECTION
        proj = geo.LocalProjection(lat0, lon0)
        extent = geo.REGION_DATA_EXTENT if name == REGION else geo.COMPARISON_DATA_EXTENT
        inside = [p for p in places if extent[0] <= p.lon <= extent[2] and extent[1] <= p.lat <= extent[3]]
        ids = [p.id for p in inside]
        xy = proj.forward_points(np.array([[p.lon, p.lat] for p in inside])) if inside else np.zeros((0, 2))
        scatter = pg.ScatterPlotItem(pxMode=True, hoverable=False)
        scatter.setData(pos=xy, data=ids, symbol=[p.style[0] for p in inside], size=[p.style[1] for p in inside])
        scatter.setZValue(20)
        layer = Layer(name, proj, ids, xy, scatter, {i: n for n, i in enumerate(ids)}, vb=vb, font=font,
                      features=features)
        # a comparison case is named first on the wider views, a little earlier on the region
        layer.rank = np.array([(1 if name != REGION else p.style[3] - 1) if p.is_case else p.style[3]
                               for p in inside], dtype=float)
        layer.base = CachedPaths(vb)
        layer.base.setZValue(1)  # pyqtgraph lifts negative z values to the ViewBox's
        for f in features:
            fill = layer.base.add(_path(f.rings, proj))
            fill.setPen(QPen(Qt.NoPen))
            layer.fills.append((fill, f.name))
        for f in features:  # borders over every fill
            outline = QPainterPath()
            for ring in f.rings:
                for part in geo.outline_parts(ring, extent):
                    outline.addPath(_path([part], proj, close=False))
            border = layer.base.add(outline)
            border.setBrush(QBrush(Qt.NoBrush))
            layer.borders.append(border)
            if name != "inset" and f.name != "Crimea" and geo.ring_area_km2(
                    max((p[0] for p in f.polygons), key=geo.ring_area_km2)) > 3000:
                lon, lat = COUNTRY_LABELS.get((name, f.name)) or geo.label_point(f)
                text = f.name.upper()
                layer.statics.append(("country", text, *proj.forward(lon, lat), "country",
                                      self._text_width("country", text)))
        vb.addItem(layer.base)
        for text, lon, lat in SEA_LABELS.get(name, []):
            layer.statics.append(("sea", text, *proj.forward(lon, lat), "sea", self._text_width("sea", text)))
        vb.addItem(scatter)
        cases = [n for n, p in enumerate(inside) if p.is_case]
        if cases:  # a comparison case wears a ring, whatever its type
            rings = pg.ScatterPlotItem(pos=xy[cases], symbol="o", size=[inside[n].style[1] + 9 for n in cases],
                                       brush=None, pen=_pen(theme.KIND_COLOURS["place"], 1.5), pxMode=True)
            rings.setZValue(19)
            vb.addItem(rings)
            layer.extra_always = [rings]
        if pins:
            layer.pins = [p.id for p in places if p.id not in layer.index]
            pin_places = [self.places[i] for i in layer.pins]
            layer.pin_xy = (proj.forward_points(np.array([[p.lon, p.lat] for p in pin_places]))
                            if pin_places else np.zeros((0, 2)))
            layer.pin_scatter = pg.ScatterPlotItem(pxMode=True)
            layer.pin_scatter.setZValue(21)
            vb.addItem(layer.pin_scatter)
        x0, y0, x1, y1 = proj.forward_bbox(DATA_EXTENTS.get(name, geo.COMPARISON_DATA_EXTENT))
        bounds = QRectF(x0, y0, x1 - x0, y1 - y0)
        bounds = bounds.adjusted(-bounds.width(), -bounds.height(), bounds.width(), bounds.height())
        for tier in (0, 1):
            item = MapLabels(self, layer, tier, bounds)
            vb.addItem(item, ignoreBounds=True)
            layer.label_items.append(item)
        return layer

    def _build_schematic(self) -> None:
        vb = self.plot.getViewBox()
        proj = self.region.projection
        self.shape_items: dict[str, QGraphicsPathItem] = {}
        self.shape_labels: dict[str, tuple] = {}  # sid -> (text, x km, y km, width px)
        self.shape_paths_km: dict[str, list[np.ndarray]] = {}
        armenia = next((f for f in self.region.features if f.name == "Armenia"), None)
        self.zangezur_in_armenia_km = (geo.length_inside_km(self.shapes["zangezur-route"].line, armenia)
                                       if armenia is not None and "zangezur-route" in self.shapes else None)
        self.shapes_item = CachedPaths(vb, live_pens=True)
        self.shapes_item.setZValue(5)
        # big areas first, so a smaller shape lies on top (and wins a click); the lines last
        for f in sorted(self.shapes.values(), key=lambda s: -geo.ring_area_km2(s.rings[0]) if s.rings else 0):
            is_line = f.geometry_type == "LineString"
            self.shape_items[f.id] = self.shapes_item.add(_path(f.coords, proj, close=not is_line))
            self.shape_paths_km[f.id] = [proj.forward_points(c) for c in f.coords]
            short = SHAPE_SHORT.get(f.id) or f.name.replace(" district", "")
            text = f"{short} (approx.)"
            self.shape_labels[f.id] = (text, *proj.forward(*geo.label_point(f)), self._text_width("shape", text))
        vb.addItem(self.shapes_item)
        self.region.extra.append(self.shapes_item)

    def _build_overlays(self) -> None:
        """Scale bar, north arrow and legend: children of the ViewBox, in its pixel coordinates."""
        vb = self.plot.getViewBox()
        self.scale_group = QGraphicsItemGroup(vb)
        self.scale_bg = QGraphicsRectItem(self.scale_group)
        self.scale_bar = QGraphicsPathItem(self.scale_group)
        self.scale_text = QGraphicsSimpleTextItem(self.scale_group)
        self.scale_group.setZValue(60)
        self.scale_km = 0.0
        self.north_group = QGraphicsItemGroup(vb)
        self.north_arrow = QGraphicsPathItem(self.north_group)
        arrow = QPainterPath()
        arrow.moveTo(0, -14)
        arrow.lineTo(6, 6)
        arrow.lineTo(0, 2)
        arrow.lineTo(-6, 6)
        arrow.closeSubpath()
        self.north_arrow.setPath(arrow)
        self.north_text = QGraphicsSimpleTextItem("N", self.north_group)
        f = QFont()
        f.setBold(True)
        f.setPointSizeF(8)
        self.north_text.setFont(f)
        self.north_text.setPos(-self.north_text.boundingRect().width() / 2, 7)
        self.north_group.setZValue(60)
        self.north_group.setToolTip("North is up everywhere on this map (local equirectangular projection)")
        self.title_text = QGraphicsSimpleTextItem(vb)
        self.title_text.setZValue(60)
        self.legend_item = MapLegend(vb)
        self.legend_item.setZValue(70)
        self._legend_entries: list[tuple[str, str]] = []

    def _fill_legend(self) -> None:
        t = theme.current()
        place = theme.KIND_COLOURS["place"]
        edge = _pen(t.base, 1.0)
        seen, entries, colours = set(), [], []
        types = {p.place_type for p in self.places.values()}
        for ptype, (symbol, size, text, _rank) in PLACE_STYLES.items():
            if ptype in types and text not in seen:
                seen.add(text)
                entries.append((text, _symbol_drawer(symbol, size, edge, QBrush(_colour(place)))))
                colours.append(place)
        if any(p.context for p in self.places.values()):
            entries.append(("context (not in the memo)",
                            _symbol_drawer("o", 9, _pen(place, 1.5, Qt.DashLine), QBrush(_colour(t.base)))))
            colours.append(place)
        entries.append(("comparison case (ring)", _symbol_drawer("o", 12, _pen(place, 1.5), QBrush(Qt.NoBrush))))
        colours.append(place)
        entries.append(("approx. area (hand-drawn)",
                        _area_drawer(_pen(t.muted, 1.0, Qt.DashLine), QBrush(_colour(t.muted, 140), Qt.BDiagPattern))))
        colours.append(t.muted)
        entries.append(("approx. corridor / route", _line_drawer(_pen(place, 2.4, Qt.DashLine))))
        colours.append(place)
        entries.append(("selected", _symbol_drawer("o", 10, _pen(t.text, 2.0), QBrush(_colour(t.highlight)))))
        colours.append(t.highlight)
        entries.append(("touched by selection",
                        _symbol_drawer("o", 10, _pen(t.highlight, 2.6), QBrush(_colour(place)))))
        colours.append(t.highlight)
        entries.append(("faded: inactive in the time window",
                        _symbol_drawer("o", 9, _pen(t.base, 1.0, alpha=64), QBrush(_colour(place, 64)))))
        colours.append(place)
        self.legend_item.set_entries(entries, t.text, _colour(t.base, 225), t.muted)
        self._legend_entries = [(text, c) for (text, _), c in zip(entries, colours)]

    # --- theme ------------------------------------------------------------------------------------
    def _apply_theme(self) -> None:
        t = theme.current()
        self._theme_name = t.name
        base = BASE_COLOURS.get(t.name, BASE_COLOURS["light"])
        self.plot.setBackground(base["sea"])
        self.inset.setBackgroundColor(_colour(base["sea"]))
        if not hasattr(self, "sea_item"):  # the sea as an item too, so that vector exports carry it
            self.sea_item = QGraphicsRectItem(QRectF(-30000, -30000, 60000, 60000))
            self.sea_item.setZValue(0)
            self.sea_item.setPen(QPen(Qt.NoPen))
            self.plot.getViewBox().addItem(self.sea_item, ignoreBounds=True)
        self.sea_item.setBrush(QBrush(_colour(base["sea"])))
        border = _pen(base["border"], 1.2)
        for layer in (self.region, self.comparison, self.inset_layer):
            for item, name in layer.fills:
                colour = base["focus"] if name in FOCUS_COUNTRIES else base["land"]
                brush = QBrush(_colour(colour))
                if name == "Crimea":
                    brush = QBrush(_colour(base["label"], 120), Qt.BDiagPattern)
                item.setBrush(brush)
            for item in layer.borders:
                item.setPen(border)
            layer.base.invalidate()
        self._shape_pens = {}
        self._shape_hl_pens = {2: _pen(t.highlight, 3.2), 1: _pen(t.highlight, 2.0, Qt.DashLine)}
        self._label_colours = {}
        line_colour = theme.KIND_COLOURS["place"]
        for sid, item in self.shape_items.items():
            f = self.shapes[sid]
            if f.geometry_type == "LineString":
                style = Qt.DashLine if f.kind == "corridor" else Qt.DashDotLine
                normal = _pen(line_colour, 2.6, style)
                brush = QBrush(Qt.NoBrush)
            elif sid == "nkao-former":
                normal = _pen(t.text, 1.4, Qt.DotLine, alpha=200)
                brush = QBrush(Qt.NoBrush)
            elif sid == "peacekeeping-zone":
                normal = _pen(theme.KIND_COLOURS["actor"], 1.4, Qt.DashLine)
                brush = QBrush(_colour(theme.KIND_COLOURS["actor"], 120), Qt.FDiagPattern)
            else:
                normal = _pen(base["border"], 1.0, Qt.DashLine)
                brush = QBrush(_colour(base["label"], 90), Qt.BDiagPattern)
            item.setBrush(brush)
            self._shape_pens[sid] = normal
            item.setPen(normal)
        self.shapes_item.invalidate()
        if hasattr(self, "nodata_mask"):
            self.nodata_mask.setBrush(QBrush(_colour(t.window)))
        self.scale_bg.setBrush(QBrush(_colour(t.base, 200)))
        self.scale_bg.setPen(QPen(Qt.NoPen))
        self.scale_bar.setPen(_pen(t.text, 2))
        self.scale_text.setBrush(QBrush(_colour(t.text)))
        self.north_arrow.setBrush(QBrush(_colour(t.text)))
        self.north_arrow.setPen(QPen(Qt.NoPen))
        self.north_text.setBrush(QBrush(_colour(t.text)))
        self.title_text.setBrush(QBrush(_colour(t.muted)))
        self._styles = {}
        self._fill_legend()

    # --- styling places -----------------------------------------------------------------------------
    def _style(self, level: int, any_selected: bool, state: str, context: bool) -> tuple[QBrush, QPen]:
        key = (level, any_selected, state, context)
        if key in self._styles:
            return self._styles[key]
        t = theme.current()
        place = theme.KIND_COLOURS["place"]
        fade = {activity.ACTIVE: 1.0, activity.POSSIBLY: 0.6}.get(state, 0.25)
        if level == 2:
            fade = max(fade, 0.6)
            brush, pen = _colour(t.highlight), _pen(t.text, 2.0)
        elif level == 1:
            brush, pen = _colour(t.base if context else place), _pen(t.highlight, 2.6)
        elif any_selected:
            brush = _colour(t.base if context else place, t.dim_alpha)
            pen = _pen(place if context else t.base, 1.0, alpha=t.dim_alpha)
        else:
            brush, pen = _colour(t.base if context else place), _pen(place if context else t.base, 1.2)
        if context:
            pen.setStyle(Qt.DashLine)
            pen.setWidthF(max(pen.widthF(), 1.5))
        brush.setAlpha(int(brush.alpha() * fade))
        c = pen.color()
        c.setAlpha(int(c.alpha() * fade))
        pen.setColor(c)
        self._styles[key] = (QBrush(brush), pen)
        return self._styles[key]

    def _shown_layers(self) -> list[Layer]:
        return [self.current_layer()] + ([self.inset_layer] if self.view == REGION else [])

    def _restyle(self) -> None:
        """Brushes and pens of the existing items; a layer out of sight is restyled when shown."""
        any_selected = bool(self.session.touch.selected)
        shown = self._shown_layers()
        self._stale = {layer.name for layer in (self.region, self.comparison, self.inset_layer)} - \
            {layer.name for layer in shown}
        for layer in shown:
            self._restyle_markers(layer, any_selected)
            for item in layer.label_items:
                item.update()  # colours follow the selection and the time window
        changed = False
        for sid, item in self.shape_items.items():
            entity = self.shape_entity.get(sid)
            level = self._levels.get(entity, 0) if entity else 0
            pen = self._shape_pens[sid] if level == 0 else self._shape_hl_pens[level]
            if item.pen() != pen:
                item.setPen(pen)
                changed = True
        if changed:
            self.shapes_item.pens_changed()

    def _restyle_markers(self, layer: Layer, any_selected: bool) -> None:
        """Set the brush and pen of the markers whose style changed, and only those: pyqtgraph then
        looks up (or draws) the symbol of the changed markers alone."""
        for scatter, ids, attr in ((layer.scatter, layer.ids, "styles"), (layer.pin_scatter, layer.pins, "pin_styles")):
            if scatter is None or not ids or len(scatter.data) != len(ids):
                continue
            levels, states, places, style = self._levels, self._states, self.places, self._style
            new = [style(levels.get(i, 0), any_selected, states.get(i, activity.ACTIVE), places[i].context)
                   for i in ids]
            old = getattr(layer, attr)
            if len(old) != len(new):
                changed = list(range(len(new)))
            else:
                changed = [n for n, (a, b) in enumerate(zip(old, new)) if a is not b]
            setattr(layer, attr, new)
            if scatter is layer.pin_scatter:
                scatter.setPointsVisible([levels.get(i, 0) > 0 for i in ids], update=False)
            if not changed:
                if scatter is layer.pin_scatter:
                    scatter.updateSpots()
                continue
            idx = np.array(changed, dtype=int)
            brushes, pens = np.empty(len(idx), dtype=object), np.empty(len(idx), dtype=object)
            brushes[:] = [new[n][0] for n in changed]
            pens[:] = [new[n][1] for n in changed]
            data = scatter.data
            data["brush"][idx] = brushes
            data["pen"][idx] = pens
            data["sourceRect"][idx] = 0  # pyqtgraph's mark for "find this marker's symbol again"
            scatter.updateSpots()
            scatter.update()

    # --- session signals ----------------------------------------------------------------------------
    def on_selection(self, touch, change) -> None:
        if theme.current().name != self._theme_name:
            self._apply_theme()
        levels = {}
        for i in touch.items:
            if i in self.places:
                levels[i] = 1
        for i in touch.selected:
            if i in self.places:
                levels[i] = 2
        if levels != self._levels:
            self._levels_version += 1
        self._levels = levels
        self._restyle()

    def on_theme(self, theme_name: str) -> None:
        self.on_selection(self.session.touch, None)  # it applies a new theme first

    def on_time_window(self, window) -> None:
        if window == self._window:
            return
        self._window = window
        self._states = activity.states(self.session.db, window) if window is not None else {}
        if hasattr(self, "inset_layer"):
            self._restyle()

    def on_naming(self, choice: str) -> None:
        if choice == self._naming:
            return
        self._naming = choice
        for layer in (self.region, self.comparison, self.inset_layer):
            layer.names = [self.session.label(pid) for pid in layer.ids]
            fm = self.fonts[layer.font][3]
            layer.name_w = np.array([fm.horizontalAdvance(n) for n in layer.names], dtype=float)
        self._names_version += 1
        self._pin_key = None
        self._place_pins()
        self._restyle()

    # --- views --------------------------------------------------------------------------------------
    def current_layer(self) -> Layer:
        return self.region if self.view == REGION else self.comparison

    def set_view(self, view: str) -> None:
        self.view = view
        for layer in (self.region, self.comparison):
            shown = layer.name == view
            for item in [layer.base, layer.scatter, layer.pin_scatter] + layer.label_items + layer.extra_always:
                if item is not None:
                    item.setVisible(shown)
            for item in layer.extra:
                item.setVisible(shown and (layer.name != REGION or self.shapes_box.isChecked()))
        self.inset.setVisible(view == REGION)
        self._set_limits(self.current_layer().projection.forward_bbox(DATA_EXTENTS[view]))
        self._update_mask()
        self.title_text.setText(VIEW_TITLES[view])
        self._pin_key = None
        self._place_pins()
        if self._stale & {layer.name for layer in self._shown_layers()}:
            self._restyle()

    def _set_limits(self, km_box) -> None:
        x0, y0, x1, y1 = km_box
        self.plot.getViewBox().setLimits(xMin=x0, xMax=x1, yMin=y0, yMax=y1, maxXRange=x1 - x0,
                                         maxYRange=y1 - y0, minXRange=5, minYRange=5)

    def _update_mask(self) -> None:
        """Grey out what lies beyond the view's data, so a clipped edge never reads as a coast."""
        if not hasattr(self, "nodata_mask"):
            self.nodata_mask = QGraphicsPathItem()
            self.nodata_mask.setZValue(8)
            self.nodata_mask.setPen(QPen(Qt.NoPen))
            self.plot.getViewBox().addItem(self.nodata_mask, ignoreBounds=True)
        x0, y0, x1, y1 = self.current_layer().projection.forward_bbox(DATA_EXTENTS[self.view])
        path = QPainterPath()
        path.setFillRule(Qt.OddEvenFill)
        path.addRect(QRectF(x0 - 20000, y0 - 20000, x1 - x0 + 40000, y1 - y0 + 40000))
        path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.nodata_mask.setPath(path)
        self.nodata_mask.setBrush(QBrush(_colour(theme.current().window)))
        self.nodata_mask.setToolTip("Beyond the map data")

    def _fit(self, view: str, bbox, padding: float = 0.02) -> None:
        if view != self.view:
            self.set_view(view)
        self._fit_bbox = (bbox, padding)  # kept while the panel is resized, until the user pans or zooms
        x0, y0, x1, y1 = self.current_layer().projection.forward_bbox(bbox)
        vb = self.plot.getViewBox()
        # The limits keep panning inside the data; a fit that needs more room (a tall, narrow dock
        # showing the whole region) widens them just enough, and the mask shows where data ends.
        r = vb.boundingRect()
        dx0, dy0, dx1, dy1 = self.current_layer().projection.forward_bbox(DATA_EXTENTS[view])
        if r.width() > 0 and r.height() > 0:
            # expand to the view's aspect here: pyqtgraph's own aspect lock may shrink one side instead
            w, h = (x1 - x0) * (1 + 2 * padding), (y1 - y0) * (1 + 2 * padding)
            aspect = r.width() / r.height()
            w, h = max(w, h * aspect), max(h, w / aspect)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            x0, x1, y0, y1, padding = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2, 0.0
            dx0, dx1, dy0, dy1 = min(dx0, x0), max(dx1, x1), min(dy0, y0), max(dy1, y1)
        self._set_limits((dx0, dy0, dx1, dy1))
        vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=padding)

    def fit_region(self) -> None:
        self._fit(REGION, geo.REGION_EXTENT)

    def fit_karabakh(self) -> None:
        self._fit(REGION, geo.KARABAKH_EXTENT)

    def fit_comparison(self) -> None:
        self._fit(COMPARISON, (27.0, 38.5, 50.5, 50.5))

    def _on_shapes_toggled(self, on: bool) -> None:
        for item in self.region.extra:
            item.setVisible(on and self.view == REGION)
        self._labels_changed()

    def view_extent(self) -> tuple[float, float, float, float]:
        """The visible area as a lon/lat box (west, south, east, north)."""
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        proj = self.current_layer().projection
        w, s = proj.inverse(x0, y0)
        e, n = proj.inverse(x1, y1)
        return (w, s, e, n)

    def view_state(self) -> dict:
        return {"view": self.view, "extent": [round(v, 4) for v in self.view_extent()],
                "shapes": self.shapes_box.isChecked(), "legend": self.legend_box.isChecked()}

    def restore_view_state(self, state: dict) -> None:
        view = state.get("view", REGION)
        if view not in (REGION, COMPARISON):
            view = REGION
        self.shapes_box.setChecked(bool(state.get("shapes", True)))
        self.legend_box.setChecked(bool(state.get("legend", True)))
        extent = state.get("extent")
        if isinstance(extent, (list, tuple)) and len(extent) == 4:
            self._fit(view, tuple(float(v) for v in extent), padding=0)
        else:
            self.set_view(view)

    # --- reacting to the view -----------------------------------------------------------------------
    def _on_user_moved(self, *args) -> None:
        self._fit_bbox = None

    def _on_resized(self) -> None:
        vb = self.plot.getViewBox()
        if self._fit_bbox is not None and hasattr(self, "inset_layer"):
            self._fit(self.view, *self._fit_bbox)
        r = vb.boundingRect()
        w = min(180.0, max(100.0, r.width() * 0.3))
        h = w * 0.8
        self.inset.setGeometry(QRectF(r.width() - w - 6, r.height() - h - 6, w, h))
        x0, y0, x1, y1 = self.inset_layer.projection.forward_bbox((27.0, 38.3, 50.5, 50.0))
        self.inset.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.north_group.setPos(18, 22)
        if self._legend_auto:
            wide = r.width() >= 560 and r.height() >= 420
            if self.legend_box.isChecked() != wide:
                self.legend_box.setChecked(wide)
        self.legend_item.setPos(r.width() - self.legend_item.boundingRect().width() - 6, 6)
        self.title_text.setPos(r.width() / 2 - self.title_text.boundingRect().width() / 2, 2)
        self._on_range_changed()

    def _on_range_changed(self, *args) -> None:
        vb = self.plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        r = vb.boundingRect()
        if r.width() <= 0 or x1 <= x0:
            return
        width_km = x1 - x0
        km = geo.nice_scale_bar_km(width_km)
        px = km * r.width() / width_km
        path = QPainterPath()
        path.moveTo(0, -4)
        path.lineTo(0, 0)
        path.lineTo(px, 0)
        path.lineTo(px, -4)
        self.scale_bar.setPath(path)
        self.scale_km = km
        self.scale_text.setText(f"{km:g} km")
        tw = self.scale_text.boundingRect()
        self.scale_text.setPos(px / 2 - tw.width() / 2, -4 - tw.height())
        self.scale_bg.setRect(QRectF(-5, -tw.height() - 7, max(px, tw.width()) + 10, tw.height() + 11))
        self.scale_group.setPos(12, r.height() - 10)
        self._update_inset_frame()
        self._place_pins()
        self._labels_changed()

    def _update_inset_frame(self) -> None:
        if not hasattr(self, "inset_frame"):
            self.inset_frame = QGraphicsRectItem()
            self.inset_frame.setZValue(40)
            self.inset.addItem(self.inset_frame)
        if self.view != REGION:
            return
        w, s, e, n = self.view_extent()
        x0, y0, x1, y1 = self.inset_layer.projection.forward_bbox((w, s, e, n))
        self.inset_frame.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.inset_frame.setPen(_pen(theme.current().text, 1.2))

    def _place_pins(self) -> None:
        """Places beyond this view's data (Moscow, Brussels…) sit on the edge of the view, pointing
        their way, so that a selection touching them still shows on the map."""
        layer = self.current_layer()
        if not layer.pins or layer.pin_scatter is None:
            return
        vb = self.plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        r = vb.boundingRect()
        if r.width() <= 0:
            return
        key = (layer.name, x0, x1, y0, y1, r.width(), r.height(), self.session.naming)
        if key == self._pin_key:
            return
        self._pin_key = key
        kx, ky = (x1 - x0) / r.width(), (y1 - y0) / r.height()
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hx, hy = (x1 - x0) / 2 - 14 * kx, (y1 - y0) / 2 - 14 * ky
        pos = []
        for pid, (px, py) in zip(layer.pins, layer.pin_xy):
            dx, dy = px - cx, py - cy
            scale = min(hx / abs(dx) if dx else math.inf, hy / abs(dy) if dy else math.inf, 1.0)
            pos.append((cx + dx * scale, cy + dy * scale))
            angle = math.degrees(math.atan2(dy, dx)) % 360
            arrow = ARROWS[int(((angle + 22.5) % 360) // 45)]
            text = f"{arrow} {self.session.label(pid)}"
            # the name on the view's side of its pin
            layer.pin_labels[pid] = (text, self._text_width(layer.font, text), cx + dx * scale, cy + dy * scale,
                                     dx <= 0)
        ids = layer.pins
        layer.pin_scatter.setData(pos=np.array(pos), data=ids, symbol=[self.places[i].style[0] for i in ids],
                                  size=[max(6, self.places[i].style[1] - 3) for i in ids])
        layer.pin_positions = np.array(pos)
        layer.pin_styles = []  # setData dropped them
        self._restyle_markers(layer, bool(self.session.touch.selected))
        self._pins_version += 1
        self._labels_changed()

    # --- names ----------------------------------------------------------------------------------------
    def _labels_changed(self) -> None:
        """The names are laid out when next painted (or asked for): one layout per view, not per signal."""
        for layer in (self.region, self.comparison, self.inset_layer) if hasattr(self, "inset_layer") else ():
            for item in layer.label_items:
                item.update()

    def _frame(self, layer: Layer):
        """What a layout depends on besides the names: the view-to-scene scale and offset, the view's
        rectangle and the overlays (legend, inset, scale bar, north arrow) in scene pixels."""
        vb = layer.vb
        vb.childTransform()  # brings pyqtgraph's lazily updated view matrix up to date
        tr = vb.childGroup.sceneTransform()
        vr = vb.sceneBoundingRect()
        obstacles = []
        if vb is not self.inset:
            for overlay in (self.legend_item, self.inset, self.scale_group, self.north_group):
                if overlay.isVisible():
                    r = overlay.boundingRect()
                    if isinstance(overlay, QGraphicsItemGroup):  # whose own rectangle leaves out its children
                        r = r | overlay.childrenBoundingRect()
                    o = overlay.mapRectToScene(r)
                    obstacles.append((o.left(), o.top(), o.right(), o.bottom()))
        shapes = layer is self.region and self.shapes_box.isChecked()
        return ((tr.m11(), tr.m22(), tr.dx(), tr.dy()), (vr.left(), vr.top(), vr.right(), vr.bottom()),
                tuple(obstacles), shapes)

    def placed_labels(self, layer: Layer) -> dict[str, PlacedLabel]:
        """The names drawn on ``layer``, keyed "kind:key". Greedy placement in two stages:

        - per view (pan, zoom, resize, naming): every name by rank — capitals, then country names,
          then cities, towns…, then the shapes' names — each where it overlaps neither the overlays,
          a marker nor a name already placed; a place's name right of its marker, else left of it;
        - per selection: the selected places' names first (always drawn when their marker is in
          view), then the far places' pins, then the touched places' names (clear of markers too);
          the names of the first stage stay put unless one of these covers them.

        Overlaps are tested on a grid of buckets, so a layout costs about one test per name."""
        frame = self._frame(layer)
        key = (frame, self._names_version)
        if key != layer.layout_key:
            layer.base_layout = self._base_layout(layer, *frame)
            layer.layout_key = key
            layer.placed_key = None
        pkey = (key, self._levels_version, self._pins_version)
        if pkey != layer.placed_key:
            layer.placed = self._selection_layout(layer, *frame)
            layer.placed_key = pkey
        return layer.placed

    def _screen(self, layer: Layer, t):
        m11, m22, dx, dy = t
        return layer.xy[:, 0] * m11 + dx, layer.xy[:, 1] * m22 + dy

    def _place_candidates(self, layer: Layer, sx, sy, view, rows):
        """Right and left boxes of the places' names at ``rows`` (numpy), and whether each is in view."""
        font = self.fonts[layer.font]
        h, gap = font[2], self._gap(layer)
        w = layer.name_w[rows]
        top, bottom = sy[rows] - h / 2, sy[rows] + h / 2
        right_l = sx[rows] + gap
        left_l = sx[rows] - gap - w
        vy = (top >= view[1]) & (bottom <= view[3])
        ok_r = vy & (right_l >= view[0]) & (right_l + w <= view[2])
        ok_l = vy & (left_l >= view[0]) & (left_l + w <= view[2])
        return w, top, bottom, right_l, left_l, ok_r, ok_l

    def _gap(self, layer: Layer) -> float:
        # a name starts an en space and a little air from its marker's centre
        return 4 + self.fonts[layer.font][3].horizontalAdvance("\u2002")

    def _base_layout(self, layer: Layer, t, view, obstacles, shapes) -> tuple:
        grid = _Grid(obstacles)
        placed: dict[str, PlacedLabel] = {}
        if not len(layer.ids):
            return placed, _Markers(np.zeros(0), np.zeros(0), MARKER_PX)
        sx, sy = self._screen(layer, t)
        on = (sx >= view[0]) & (sx <= view[2]) & (sy >= view[1]) & (sy <= view[3])
        markers = _Markers(sx[on], sy[on], MARKER_PX)
        rows = np.nonzero(on)[0]
        w, top, bottom, right_l, left_l, ok_r, ok_l = self._place_candidates(layer, sx, sy, view, rows)
        # a name never covers a marker: most candidates of a crowded view end here, in numpy
        ok_r &= ~markers.hit(right_l, top, right_l + w, bottom)
        ok_l &= ~markers.hit(left_l, top, left_l + w, bottom)
        cands = []  # (rank, order, kind, payload)
        keep = ok_r | ok_l
        for n in np.nonzero(keep)[0].tolist():
            cands.append((layer.rank[rows[n]], len(cands), "place", n))
        for s in layer.statics:
            cands.append((COUNTRY_RANK, len(cands), s[0], s))
        if shapes:
            for sid in self.shape_labels:
                cands.append((SHAPE_RANK, len(cands), "shape", sid))
        cands.sort()
        for _rank, _order, kind, payload in cands:
            if kind == "place":
                n = payload
                for ok, left in ((ok_r[n], right_l[n]), (ok_l[n], left_l[n])):
                    if ok:
                        r = (float(left), float(top[n]), float(left + w[n]), float(bottom[n]))
                        if grid.free(r):
                            pid = layer.ids[rows[n]]
                            placed["place:" + pid] = PlacedLabel("place", pid, layer.names[rows[n]], r, layer.font)
                            grid.add(r)
                            break
                continue
            if kind == "shape":
                text, x, y, tw = self.shape_labels[payload]
                font, key = "shape", payload
            else:
                _kind, text, x, y, font, tw = payload
                key = text
            r = self._centred(t, x, y, tw, self.fonts[font][2])
            if self._inside(r, view) and grid.free(r) and markers.free(r):
                placed[f"{kind}:{key}"] = PlacedLabel(kind, key, text, r, font)
                grid.add(r)
        return placed, markers

    @staticmethod
    def _centred(t, x, y, w, h):
        sx, sy = x * t[0] + t[2], y * t[1] + t[3]
        return (sx - w / 2, sy - h / 2, sx + w / 2, sy + h / 2)

    @staticmethod
    def _inside(r, view) -> bool:
        return r[0] >= view[0] and r[1] >= view[1] and r[2] <= view[2] and r[3] <= view[3]

    def _selection_layout(self, layer: Layer, t, view, obstacles, shapes) -> dict[str, PlacedLabel]:
        base, markers = layer.base_layout
        levels = self._levels
        if not levels:
            return base
        grid = _Grid(obstacles)
        out: dict[str, PlacedLabel] = {}
        font = self.fonts[layer.font]
        h, gap = font[2], self._gap(layer)
        cands = []  # (-level, rank, order, kind, payload)
        for pid, level in levels.items():
            n = layer.index.get(pid)
            if n is not None:
                cands.append((-level, layer.rank[n], len(cands), "place", n))
        if layer.pins:
            for pid, level in levels.items():
                if pid in layer.pin_labels:
                    cands.append((-level, PIN_RANK, len(cands), "pin", pid))
        if shapes:
            for sid, entity in self.shape_entity.items():
                level = levels.get(entity, 0) if entity else 0
                if level:
                    cands.append((-level, SHAPE_RANK, len(cands), "shape", sid))
        cands.sort()
        m11, m22, dx, dy = t
        for neg, _rank, _order, kind, payload in cands:
            selected = neg == -2
            chosen = None
            if kind == "place":
                x, y = layer.xy[payload, 0] * m11 + dx, layer.xy[payload, 1] * m22 + dy
                pid = layer.ids[payload]
                w = layer.name_w[payload]
                boxes = [(x + gap, y - h / 2, x + gap + w, y + h / 2), (x - gap - w, y - h / 2, x - gap, y + h / 2)]
                text, fkey, key = layer.names[payload], layer.font, pid
            elif kind == "pin":
                text, w, px, py, right = layer.pin_labels[payload]
                x, y = px * m11 + dx, py * m22 + dy
                left = x + 12 if right else x - 12 - w
                boxes = [(left, y - h / 2, left + w, y + h / 2)]
                fkey, key = layer.font, payload
            else:
                text, sxk, syk, w = self.shape_labels[payload]
                boxes = [self._centred(t, sxk, syk, w, self.fonts["shape"][2])]
                fkey, key = "shape", payload
            for r in boxes:
                if self._inside(r, view) and grid.free(r) and (selected or markers.free(r)):
                    chosen = r
                    break
            if chosen is None and selected and kind == "place" and \
                    view[0] <= x <= view[2] and view[1] <= y <= view[3]:
                chosen = boxes[0]  # a selected place is always named
            if chosen is not None:
                out[f"{kind}:{key}"] = PlacedLabel(kind, key, text, chosen, fkey)
                grid.add(chosen)
        for k, e in base.items():
            if k in out or (e.kind == "place" and e.key in levels):
                continue
            if e.kind == "shape" and levels.get(self.shape_entity.get(e.key) or "", 0):
                continue
            if grid.free(e.rect):
                out[k] = e
        return out

    def label_colour(self, e: PlacedLabel) -> QColor:
        t = theme.current()
        if e.kind in ("place", "pin"):
            level = self._levels.get(e.key, 0)
            alpha = 255 if level or not self.session.touch.selected else 150  # dimmed as the markers are
            if level < 2 and self._states.get(e.key, activity.ACTIVE) == activity.INACTIVE:
                alpha = min(alpha, 110)
            key = (t.name, "muted" if self.places[e.key].context else "text", alpha)
        elif e.kind == "shape":
            key = (t.name, "muted", 255)
        else:
            key = (t.name, e.kind, 255)
        colour = self._label_colours.get(key)
        if colour is None:
            base = BASE_COLOURS.get(t.name, BASE_COLOURS["light"])
            c = {"text": t.text, "muted": t.muted, "sea": base["sea_label"], "country": base["label"]}[key[1]]
            colour = self._label_colours[key] = _colour(c, key[2])
        return colour

    # --- mouse --------------------------------------------------------------------------------------
    def _on_scene_click(self, ev) -> None:
        if ev.button() != Qt.LeftButton:
            return
        add = bool(ev.modifiers() & Qt.ControlModifier)
        pos = ev.scenePos()
        if self.inset.isVisible() and self.inset.sceneBoundingRect().contains(pos):
            p = self.inset.mapSceneToView(pos)
            if self.click_at(p.x(), p.y(), add=add, layer_name="inset") is None:
                self.fit_comparison()
            return
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(pos):
            return
        p = vb.mapSceneToView(pos)
        self.click_at(p.x(), p.y(), add=add)

    def _layer(self, name: str | None) -> tuple[Layer, pg.ViewBox]:
        if name == "inset":
            return self.inset_layer, self.inset
        return self.current_layer(), self.plot.getViewBox()

    def _km_per_px(self, vb: pg.ViewBox) -> float:
        (x0, x1), _ = vb.viewRange()
        w = vb.boundingRect().width()
        return (x1 - x0) / w if w > 0 else 1.0

    def hit(self, x: float, y: float, layer_name: str | None = None) -> tuple[str, str] | None:
        """What is under a point in view km: ("place", id), ("shape", id), ("country", name) or None."""
        layer, vb = self._layer(layer_name)
        k = self._km_per_px(vb)
        best = None
        for ids, xy in ((layer.ids, layer.xy), (layer.pins, getattr(layer, "pin_positions", np.zeros((0, 2))))):
            if len(ids) and len(xy):
                d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
                i = int(np.argmin(d))
                if d[i] <= CLICK_RADIUS_PX * k and (best is None or d[i] < best[0]):
                    best = (d[i], ids[i])
        if best:
            return ("place", best[1])
        if layer is self.region and self.shapes_box.isChecked():
            for sid, f in self.shapes.items():
                if f.geometry_type == "LineString":
                    line = self.shape_paths_km[sid][0]
                    if _distance_to_polyline(x, y, line) <= LINE_RADIUS_PX * k:
                        return ("shape", sid)
            lon, lat = layer.projection.inverse(x, y)
            areas = sorted((f for f in self.shapes.values() if f.geometry_type == "Polygon"),
                           key=lambda f: geo.ring_area_km2(f.rings[0]))
            f = geo.feature_at(lon, lat, areas)
            if f is not None:
                return ("shape", f.id)
        lon, lat = layer.projection.inverse(x, y)
        f = geo.feature_at(lon, lat, layer.features)
        return ("country", f.name) if f is not None else None

    def click_at(self, x: float, y: float, *, add: bool = False, layer_name: str | None = None) -> str | None:
        """The click handler (the mouse calls it with the clicked point in view km): select the place
        or the entity a shape stands for; a shape with none shows its note. Returns what was selected."""
        hit = self.hit(x, y, layer_name)
        if hit is None:
            return None
        what, key = hit
        if what == "place":
            self.session.select(key, add=add, origin=self.panel_id)
            return key
        if what == "shape":
            entity = self.shape_entity.get(key)
            self._set_info(self._shape_html(key, entity))
            if entity:
                self.session.select(entity, add=add, origin=self.panel_id)
            return entity
        return None

    def _on_mouse_moved(self, args) -> None:
        pos = args[0]
        tip = ""
        if self.inset.isVisible() and self.inset.sceneBoundingRect().contains(pos):
            p = self.inset.mapSceneToView(pos)
            hit = self.hit(p.x(), p.y(), "inset")
            tip = self.tooltip_for(hit) if hit else "The wider region — click to open the comparison view"
        elif self.plot.getViewBox().sceneBoundingRect().contains(pos):
            p = self.plot.getViewBox().mapSceneToView(pos)
            tip = self.tooltip_for(self.hit(p.x(), p.y()))
        self.plot.setToolTip(tip)

    def tooltip_for(self, hit) -> str:
        if hit is None:
            return ""
        what, key = hit
        if what == "place":
            return self._place_html(key)
        if what == "shape":
            return self._shape_html(key, self.shape_entity.get(key))
        if key == "Crimea":
            return ("<b>Crimea</b><br>Annexed by Russia in 2014; internationally recognised as part of Ukraine. "
                    "Natural Earth draws it as Russia; it is hatched here.")
        return f"<b>{escape(key)}</b><br><span style='color:gray'>Outline: Natural Earth 1:10m/1:50m</span>"

    def _place_html(self, pid: str) -> str:
        info = self.places[pid]
        label = self.session.label
        parts = [f"<b>{escape(label(pid))}</b>",
                 f"<i>{escape(info.place_type.replace('_', ' ') or 'place')}</i>"
                 + (" · comparison case" if info.is_case else "")
                 + (" · <b>context</b> (not from the memo)" if info.context else "")]
        if info.events:
            parts.append("Events here: " + "; ".join(escape(label(e)) for e in info.events[:8])
                         + (" …" if len(info.events) > 8 else ""))
        if info.actors:
            parts.append("Actors tied to it: " + ", ".join(escape(label(a)) for a in info.actors[:10])
                         + (" …" if len(info.actors) > 10 else ""))
        state = self._states.get(pid)
        if state == activity.INACTIVE:
            parts.append("<span style='color:gray'>Nothing here in the time window.</span>")
        parts.append(f"<span style='color:gray'>{info.lat:.3f}° N, {info.lon:.3f}° E</span>")
        return "<br>".join(parts)

    def _shape_html(self, sid: str, entity: str | None) -> str:
        f = self.shapes[sid]
        props = f.properties
        extra = ""
        if sid == "zangezur-route" and self.zangezur_in_armenia_km:
            extra = (f"<br>About {self.zangezur_in_armenia_km:.0f} km of the drawn line cross Armenia (Syunik); "
                     f"the usual figure is ~40 km.")
        link = (f"<br>Stands for: {escape(self.session.label(entity))}" if entity else
                "<br>No item of the knowledge base stands for this shape.")
        return (f"<b>{escape(f.name)}</b> — <i>approximate</i><br>{escape(props['note'])}{extra}"
                f"<br><span style='color:gray'>Source: {escape(props['source'])}</span>{link}")

    # --- the Panel interface ----------------------------------------------------------------------
    def highlight_level(self, item: str) -> int | None:
        """Read from the marker as drawn: amber fill 2, amber edge 1, otherwise 0."""
        t = theme.current()
        hl = _colour(t.highlight).rgb()
        for layer in (self.current_layer(), self.inset_layer):
            if not (layer is self.inset_layer and not self.inset.isVisible()):
                for scatter, ids in ((layer.scatter, layer.ids), (layer.pin_scatter, layer.pins)):
                    if scatter is not None and item in ids:
                        pt = scatter.points()[ids.index(item)]
                        if pt.brush().color().rgb() == hl:
                            return 2
                        return 1 if pt.pen().color().rgb() == hl else 0
        return None

    def selftest_pick(self) -> str | None:
        layer = self.current_layer()
        for pid, (x, y) in zip(layer.ids, layer.xy):
            (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
            if x0 <= x <= x1 and y0 <= y <= y1 and self.hit(float(x), float(y)) == ("place", pid):
                return self.click_at(float(x), float(y))
        return None

    def graphics_item(self):
        return self.plot.getPlotItem()

    def export_widget(self):
        return self.plot

    def legend(self) -> list[tuple[str, str]]:
        return [(colour, text) for text, colour in getattr(self, "_legend_entries", [])]

    # --- test hooks -----------------------------------------------------------------------------------
    def place_position(self, pid: str, layer_name: str | None = None) -> tuple[float, float] | None:
        """Where the place's marker is drawn, in view km (read back from the scatter item)."""
        layer, _ = self._layer(layer_name)
        if pid not in layer.index:
            return None
        pt = layer.scatter.points()[layer.index[pid]]
        return (pt.pos().x(), pt.pos().y())

    def label_text(self, pid: str, layer_name: str | None = None) -> str | None:
        """The name the map gives a place in this view (drawn or not); a far place's pin label
        (arrow and name) if it is pinned."""
        layer, _ = self._layer(layer_name)
        if pid in layer.index:
            return layer.names[layer.index[pid]]
        if pid in layer.pin_labels:
            return layer.pin_labels[pid][0]
        return None

    def shown_labels(self, layer_name: str | None = None) -> dict[str, PlacedLabel]:
        """The names drawn now, keyed "place:<id>", "pin:<id>", "shape:<id>", "country:<NAME>",
        "sea:<name>"; empty for a view out of sight."""
        layer, vb = self._layer(layer_name)
        return dict(self.placed_labels(layer)) if vb.isVisible() else {}

    def label_shown(self, key: str, layer_name: str | None = None) -> bool:
        """Whether a place (by id) or another name ("shape:<id>"…) is named on the map now."""
        return (key if ":" in key else "place:" + key) in self.shown_labels(layer_name) or \
            ("pin:" + key) in self.shown_labels(layer_name)


def _distance_to_polyline(x: float, y: float, line: np.ndarray) -> float:
    a, b = line[:-1], line[1:]
    ab = b - a
    ap = np.array([x, y]) - a
    denom = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.divide(np.einsum("ij,ij->i", ap, ab), denom, out=np.zeros_like(denom), where=denom > 0), 0, 1)
    closest = a + ab * t[:, None]
    return float(np.min(np.hypot(closest[:, 0] - x, closest[:, 1] - y)))
