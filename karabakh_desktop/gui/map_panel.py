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
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
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

from ..core import activity, geo
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
    """What one ViewBox draws: places (with their positions), off-map pins, labels, outlines."""
    name: str
    projection: geo.LocalProjection
    ids: list[str]
    xy: np.ndarray
    scatter: pg.ScatterPlotItem
    index: dict[str, int]
    labels: dict[str, pg.TextItem] = field(default_factory=dict)
    pins: list[str] = field(default_factory=list)  # places beyond the data extent, pinned to the view edge
    pin_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    pin_scatter: pg.ScatterPlotItem | None = None
    pin_labels: dict[str, pg.TextItem] = field(default_factory=dict)
    fills: list[tuple[QGraphicsPathItem, str]] = field(default_factory=list)  # (item, country name)
    borders: list[QGraphicsPathItem] = field(default_factory=list)
    country_labels: list[tuple[pg.TextItem, str]] = field(default_factory=list)
    extra: list = field(default_factory=list)  # approximate shapes, shown with the view if wanted
    extra_always: list = field(default_factory=list)  # shown with the view
    features: list = field(default_factory=list)  # geo.Feature, for hover


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
        self._label_colour: dict[int, tuple] = {}
        self._label_sizes: dict[int, tuple[float, float]] = {}
        self._stale: set[str] = set()
        self._pin_key = None
        self._load_places()
        self._build_widgets()
        self.region = self._build_layer(REGION, self.plot.getViewBox(), geo.load_geojson(geo.REGION_GEOJSON),
                                        [p for p in self.places.values()])
        self._build_schematic()
        self.comparison = self._build_layer(COMPARISON, self.plot.getViewBox(),
                                            geo.load_geojson(geo.COMPARISON_GEOJSON), list(self.places.values()))
        self.inset_layer = self._build_layer("inset", self.inset, geo.load_geojson(geo.COMPARISON_GEOJSON),
                                             [p for p in self.places.values() if p.is_case or
                                              p.place_type == "country"], pins=False, labels_pt=7)
        self._build_overlays()
        self._apply_theme()
        self.on_time_window(session.time_window)
        self.on_naming(session.naming)
        self.set_view(REGION)
        self.fit_region()
        self.on_selection(session.touch, None)

    # --- data ---------------------------------------------------------------------------------------
    def _load_places(self) -> None:
        db = self.session.db
        self.places: dict[str, PlaceInfo] = {}
        for pid, lat, lon, ptype, is_case, context in db.execute(
                "SELECT p.entity_id, p.lat, p.lon, p.place_type, p.is_case, e.context FROM places p "
                "JOIN entities e ON e.id = p.entity_id WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL "
                "ORDER BY p.rowid"):
            self.places[pid] = PlaceInfo(pid, float(lon), float(lat), ptype or "", bool(context), bool(is_case))
        kinds = self.session.catalog.kinds
        for eid, place in db.execute("SELECT entity_id, place_id FROM events WHERE place_id IS NOT NULL"):
            if place in self.places:
                self.places[place].events.append(eid)
        tied: dict[str, set[str]] = {p: set() for p in self.places}
        for sql in ("SELECT seat_id, entity_id FROM actors WHERE seat_id IS NOT NULL",
                    "SELECT entity_id, metonym_for FROM places WHERE metonym_for IS NOT NULL",
                    "SELECT e.place_id, p.entity_id FROM events e "
                    "JOIN event_participants p ON p.event_id = e.entity_id",
                    "SELECT source_id, target_id FROM relations", "SELECT target_id, source_id FROM relations"):
            for place, other in db.execute(sql):
                if place in tied and kinds.get(other) == "actor":
                    tied[place].add(other)
        for pid, actors in tied.items():
            self.places[pid].actors = sorted(actors)
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
        self.legend_box.toggled.connect(lambda on: self.legend_item.setVisible(on) or self._layout_labels())
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
    def _build_layer(self, name: str, vb: pg.ViewBox, features, places: list[PlaceInfo], *, pins: bool = True,
                     labels_pt: float = 8.0) -> Layer:
        lat0, lon0 = REGION_PROJECTION if name == REGION else COMPARISON_PROJECTION
        proj = geo.LocalProjection(lat0, lon0)
        extent = geo.REGION_DATA_EXTENT if name == REGION else geo.COMPARISON_DATA_EXTENT
        inside = [p for p in places if extent[0] <= p.lon <= extent[2] and extent[1] <= p.lat <= extent[3]]
        ids = [p.id for p in inside]
        xy = proj.forward_points(np.array([[p.lon, p.lat] for p in inside])) if inside else np.zeros((0, 2))
        scatter = pg.ScatterPlotItem(pxMode=True, hoverable=False)
        scatter.setData(pos=xy, data=ids, symbol=[p.style[0] for p in inside], size=[p.style[1] for p in inside])
        scatter.setZValue(20)
        layer = Layer(name, proj, ids, xy, scatter, {i: n for n, i in enumerate(ids)}, features=features)
        for f in features:
            fill = QGraphicsPathItem(_path(f.rings, proj))
            fill.setPen(QPen(Qt.NoPen))
            fill.setZValue(1)  # pyqtgraph lifts negative z values to the ViewBox's
            vb.addItem(fill)
            layer.fills.append((fill, f.name))
            outline = QPainterPath()
            for ring in f.rings:
                for part in geo.outline_parts(ring, extent):
                    outline.addPath(_path([part], proj, close=False))
            border = QGraphicsPathItem(outline)
            border.setZValue(2)
            vb.addItem(border)
            layer.borders.append(border)
            if name != "inset" and f.name != "Crimea" and geo.ring_area_km2(
                    max((p[0] for p in f.polygons), key=geo.ring_area_km2)) > 3000:
                lon, lat = COUNTRY_LABELS.get((name, f.name)) or geo.label_point(f)
                text = pg.TextItem(f.name.upper(), anchor=(0.5, 0.5))
                font = QFont()
                font.setPointSizeF(7.5)
                font.setLetterSpacing(QFont.AbsoluteSpacing, 1.2)
                text.setFont(font)
                text.setPos(*proj.forward(lon, lat))
                text.setZValue(3)
                vb.addItem(text)
                layer.country_labels.append((text, f.name))
        sea_font = QFont()
        sea_font.setPointSizeF(7.5)
        sea_font.setItalic(True)
        for text, lon, lat in SEA_LABELS.get(name, []):
            label = pg.TextItem(text, anchor=(0.5, 0.5))
            label.setFont(sea_font)
            label.setPos(*proj.forward(lon, lat))
            label.setZValue(3)
            vb.addItem(label)
            layer.country_labels.append((label, "sea"))
        vb.addItem(scatter)
        cases = [n for n, p in enumerate(inside) if p.is_case]
        if cases:  # a comparison case wears a ring, whatever its type
            rings = pg.ScatterPlotItem(pos=xy[cases], symbol="o", size=[inside[n].style[1] + 9 for n in cases],
                                       brush=None, pen=_pen(theme.KIND_COLOURS["place"], 1.5), pxMode=True)
            rings.setZValue(19)
            vb.addItem(rings)
            layer.extra_always = [rings]
        font = QFont()
        font.setPointSizeF(labels_pt)
        for pid, (x, y) in zip(ids, xy):
            label = pg.TextItem("", anchor=(0, 0.5))
            label.setFont(font)
            label.setPos(float(x), float(y))
            label.setZValue(30)
            vb.addItem(label)
            layer.labels[pid] = label
        if pins:
            layer.pins = [p.id for p in places if p.id not in layer.index]
            pin_places = [self.places[i] for i in layer.pins]
            layer.pin_xy = (proj.forward_points(np.array([[p.lon, p.lat] for p in pin_places]))
                            if pin_places else np.zeros((0, 2)))
            layer.pin_scatter = pg.ScatterPlotItem(pxMode=True)
            layer.pin_scatter.setZValue(21)
            vb.addItem(layer.pin_scatter)
            for pid in layer.pins:
                label = pg.TextItem("", anchor=(0, 0.5))
                label.setFont(font)
                label.setZValue(30)
                vb.addItem(label)
                layer.pin_labels[pid] = label
        return layer

    def _build_schematic(self) -> None:
        vb = self.plot.getViewBox()
        proj = self.region.projection
        self.shape_items: dict[str, QGraphicsPathItem] = {}
        self.shape_labels: dict[str, pg.TextItem] = {}
        self.shape_paths_km: dict[str, list[np.ndarray]] = {}
        armenia = next((f for f in self.region.features if f.name == "Armenia"), None)
        self.zangezur_in_armenia_km = (geo.length_inside_km(self.shapes["zangezur-route"].line, armenia)
                                       if armenia is not None and "zangezur-route" in self.shapes else None)
        font = QFont()
        font.setPointSizeF(7)
        font.setItalic(True)
        # big areas first, so a smaller shape lies on top and wins a click
        for f in sorted(self.shapes.values(), key=lambda s: -geo.ring_area_km2(s.rings[0]) if s.rings else 0):
            is_line = f.geometry_type == "LineString"
            item = QGraphicsPathItem(_path(f.coords, proj, close=not is_line))
            item.setZValue(6 if is_line else 5)
            item.setToolTip("")
            vb.addItem(item)
            self.shape_items[f.id] = item
            self.shape_paths_km[f.id] = [proj.forward_points(c) for c in f.coords]
            short = SHAPE_SHORT.get(f.id) or f.name.replace(" district", "")
            label = pg.TextItem(f"{short} (approx.)", anchor=(0.5, 0.5))
            label.setFont(font)
            label.setPos(*proj.forward(*geo.label_point(f)))
            label.setZValue(25)
            vb.addItem(label)
            self.shape_labels[f.id] = label
        self.region.extra += list(self.shape_items.values()) + list(self.shape_labels.values())

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
            for label, what in layer.country_labels:
                label.setColor(_colour(base["sea_label"] if what == "sea" else base["label"]))
        self._shape_pens = {}
        self._shape_hl_pens = {2: _pen(t.highlight, 3.2), 1: _pen(t.highlight, 2.0, Qt.DashLine)}
        self._label_colour = {}
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
        for label in self.shape_labels.values():
            label.setColor(_colour(t.muted))
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
        t = theme.current()
        shown = self._shown_layers()
        self._stale = {layer.name for layer in (self.region, self.comparison, self.inset_layer)} - \
            {layer.name for layer in shown}
        for layer in shown:
            for scatter, ids in ((layer.scatter, layer.ids), (layer.pin_scatter, layer.pins)):
                if scatter is None or not ids or len(scatter.data) != len(ids):
                    continue
                styles = [self._style(self._levels.get(i, 0), any_selected, self._states.get(i, activity.ACTIVE),
                                      self.places[i].context) for i in ids]
                scatter.setBrush([s[0] for s in styles], update=False)
                scatter.setPen([s[1] for s in styles], update=False)
                if scatter is layer.pin_scatter:
                    scatter.setPointsVisible([self._levels.get(i, 0) > 0 for i in ids], update=False)
                scatter.updateSpots()
                scatter.update()
            for labels in (layer.labels, layer.pin_labels):
                for pid, label in labels.items():
                    level = self._levels.get(pid, 0)
                    inactive = self._states.get(pid, activity.ACTIVE) == activity.INACTIVE
                    alpha = 255 if level or not any_selected else 150
                    if inactive and level < 2:
                        alpha = min(alpha, 110)
                    key = (t.name, self.places[pid].context, alpha)
                    if self._label_colour.get(id(label)) != key:
                        self._label_colour[id(label)] = key
                        label.setColor(_colour(t.text if not self.places[pid].context else t.muted, alpha))
        for sid, item in self.shape_items.items():
            entity = self.shape_entity.get(sid)
            level = self._levels.get(entity, 0) if entity else 0
            pen = self._shape_pens[sid] if level == 0 else self._shape_hl_pens[level]
            if item.pen() != pen:
                item.setPen(pen)
        self._layout_labels()

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
        self._levels = levels
        self._restyle()

    def on_time_window(self, window) -> None:
        self._states = activity.states(self.session.db, window) if window is not None else {}
        if hasattr(self, "inset_layer"):
            self._restyle()

    def on_naming(self, choice: str) -> None:
        for layer in (self.region, self.comparison, self.inset_layer):
            for pid, label in layer.labels.items():
                label.setText("\u2002" + self.session.label(pid) + "\u2002")
        self._label_sizes.clear()
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
            items = ([i for i, _ in layer.fills] + layer.borders + [label for label, _ in layer.country_labels]
                     + [layer.scatter, layer.pin_scatter] + list(layer.labels.values())
                     + list(layer.pin_labels.values()) + layer.extra_always)
            for item in items:
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
        else:
            self._layout_labels()

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
        self._layout_labels()

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
        self._layout_labels()

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
            label = layer.pin_labels[pid]
            label.setText(f"{arrow} {self.session.label(pid)}")
            self._label_sizes.pop(id(label), None)
            label.setAnchor((1, 0.5) if dx > 0 else (0, 0.5))
            label.setPos(cx + dx * scale - (8 * kx if dx > 0 else -8 * kx), cy + dy * scale)
        ids = layer.pins
        layer.pin_scatter.setData(pos=np.array(pos), data=ids, symbol=[self.places[i].style[0] for i in ids],
                                  size=[max(6, self.places[i].style[1] - 3) for i in ids])
        layer.pin_positions = np.array(pos)
        any_selected = bool(self.session.touch.selected)
        styles = [self._style(self._levels.get(i, 0), any_selected, self._states.get(i, activity.ACTIVE),
                              self.places[i].context) for i in ids]
        layer.pin_scatter.setBrush([s[0] for s in styles], update=False)
        layer.pin_scatter.setPen([s[1] for s in styles], update=False)
        layer.pin_scatter.setPointsVisible([self._levels.get(i, 0) > 0 for i in ids])

    def _label_size(self, label: pg.TextItem) -> tuple[float, float]:
        size = self._label_sizes.get(id(label))
        if size is None:
            br = label.textItem.boundingRect()
            size = self._label_sizes[id(label)] = (br.width(), br.height())
        return size

    def _layout_labels(self) -> None:
        """Greedy label placement: the selection first, then what it touches, then by place type;
        a label that would overlap one already placed is hidden (hover still names its place).
        Plain arithmetic on one view-to-scene transform: this runs on every selection and zoom.
        (pyqtgraph updates a label's own transform only while it is shown, so hidden labels are
        measured here, not asked.)"""
        if not hasattr(self, "inset_layer"):
            return
        for layer, vb in ((self.current_layer(), self.plot.getViewBox()), (self.inset_layer, self.inset)):
            if not vb.isVisible():
                continue
            vb.childTransform()  # brings pyqtgraph's lazily updated view matrix up to date
            tr = vb.childGroup.sceneTransform()
            m11, m22, dx, dy = tr.m11(), tr.m22(), tr.dx(), tr.dy()
            vr = vb.sceneBoundingRect()
            view = (vr.left(), vr.top(), vr.right(), vr.bottom())
            placed: list[tuple[float, float, float, float]] = []
            candidates = []
            for pid, label in layer.labels.items():
                level = self._levels.get(pid, 0)
                rank = self.places[pid].style[3]
                if self.places[pid].is_case:
                    rank = 1 if layer is not self.region else rank - 1
                candidates.append(((-level, rank), label, 7))
            for pid, label in layer.pin_labels.items():
                if self._levels.get(pid, 0):  # a far place shows only when the selection reaches it
                    candidates.append(((-self._levels.get(pid, 0), 9), label, 0))
                elif label.isVisible():
                    label.setVisible(False)
            if layer is self.region and self.shapes_box.isChecked():
                for sid, label in self.shape_labels.items():
                    entity = self.shape_entity.get(sid)
                    candidates.append(((-self._levels.get(entity, 0), 8), label, 0))
            for label, _ in layer.country_labels:
                candidates.append(((0, 3.5), label, 0))
            if vb is not self.inset:
                for overlay in (self.legend_item, self.inset, self.scale_group, self.north_group):
                    if overlay.isVisible():
                        o = overlay.sceneBoundingRect()
                        placed.append((o.left(), o.top(), o.right(), o.bottom()))
            # markers are obstacles too (once the selection's names and the far places' pins are placed),
            # so a label does not cover a place
            markers = []
            if len(layer.xy):
                sx, sy = layer.xy[:, 0] * m11 + dx, layer.xy[:, 1] * m22 + dy
                on = (sx >= view[0]) & (sx <= view[2]) & (sy >= view[1]) & (sy <= view[3])
                markers = [(x - 5, y - 5, x + 5, y + 5) for x, y in zip(sx[on].tolist(), sy[on].tolist())]
            pins_done = False
            for key, label, lead in sorted(candidates, key=lambda c: c[0]):
                if not pins_done and key[1] != 9 and key[0] > -2:
                    placed += markers
                    pins_done = True
                w, h = self._label_size(label)
                pos = label.pos()
                px, py = pos.x() * m11 + dx, pos.y() * m22 + dy
                ok, chosen = False, None
                # a place's name goes right of its marker, else left; other labels keep their anchor
                for anchor in (((0.0, 0.5), (1.0, 0.5)) if lead else ((label.anchor.x(), label.anchor.y()),)):
                    left, top = px - anchor[0] * w, py - anchor[1] * h
                    # trim the text item's 4 px margin, and the en spaces that keep a name off its marker
                    probe = (left + lead + 4, top + 4, left + w - lead - 4, top + h - 4)
                    ok = (probe[0] >= view[0] and probe[1] >= view[1] and probe[2] <= view[2]
                          and probe[3] <= view[3]
                          and not any(probe[0] < o[2] and o[0] < probe[2] and probe[1] < o[3] and o[1] < probe[3]
                                      for o in placed))
                    if ok:
                        chosen = anchor
                        break
                if not ok and key[0] == -2 and lead:  # a selected place is always named
                    ok, chosen = view[0] <= px <= view[2] and view[1] <= py <= view[3], (0.0, 0.5)
                    probe = (px + lead + 4, py - h / 2 + 4, px + w - lead - 4, py + h / 2 - 4)
                if ok:
                    if lead and (label.anchor.x(), label.anchor.y()) != chosen:
                        label.setAnchor(chosen)
                    placed.append(probe)
                if label.isVisible() != ok:
                    label.setVisible(ok)

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
        layer, _ = self._layer(layer_name)
        label = layer.labels.get(pid)
        return label.textItem.toPlainText().strip() if label is not None else None


def _distance_to_polyline(x: float, y: float, line: np.ndarray) -> float:
    a, b = line[:-1], line[1:]
    ab = b - a
    ap = np.array([x, y]) - a
    denom = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.divide(np.einsum("ij,ij->i", ap, ab), denom, out=np.zeros_like(denom), where=denom > 0), 0, 1)
    closest = a + ab * t[:, None]
    return float(np.min(np.hypot(closest[:, 0] - x, closest[:, 1] - y)))
