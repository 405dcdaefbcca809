"""The map figure: colours, pens, type and drawing of the schematic map, into any QPainter.

The on-screen panel wears the looks made here (its pyqtgraph items carry them) and draws its
names through :meth:`MapFigure.draw_labels`; an export calls :meth:`MapFigure.paint`, which draws
the whole view — sea, countries, approximate shapes, markers (vector symbols), pins, names, scale
bar, north arrow, title and the inset — into a rectangle of any size, names laid out afresh for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
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
    QPainterPathStroker,
    QPen,
    QTransform,
)

from ....core import activity, geo
from ....core.views import map as mv
from ... import theme
from ..pg_adapter import Stamper, draw_symbol, polygon
from ..style import SCREEN, FigureStyle, begin

# Base-map colours per theme: sea, land, the two countries of the conflict (a shade apart, no hue
# that could read as a side), borders, country labels.
BASE_COLOURS = {
    "light": dict(sea="#C9DCE8", land="#F2EFE6", focus="#E6DFCC", border="#6A6A6A", label="#857B68",
                  sea_label="#4F7189"),
    "dark": dict(sea="#17222B", land="#2D2D2B", focus="#37352F", border="#7A7A7A", label="#A59E8F",
                 sea_label="#7E9DB3"),
    "high-contrast": dict(sea="#000000", land="#1E1E1E", focus="#2A2A2A", border="#FFFFFF", label="#D0D0D0",
                          sea_label="#9FC7E6"),
}
FONT_SIZES = {"place": (8.0, False, 0.0), "place-small": (7.0, False, 0.0), "country": (7.5, False, 1.2),
              "sea": (7.5, True, 0.0), "shape": (7.0, True, 0.0)}


def qcolour(c, alpha: int | None = None) -> QColor:
    q = QColor(c)
    if alpha is not None:
        q.setAlpha(max(0, min(255, int(alpha))))
    return q


def cosmetic_pen(c, width: float = 1.0, style=Qt.SolidLine, alpha: int | None = None) -> QPen:
    pen = QPen(qcolour(c, alpha))
    pen.setWidthF(width)
    pen.setStyle(style)
    pen.setCosmetic(True)
    return pen


def km_path(rings, projection: geo.LocalProjection, close: bool = True) -> QPainterPath:
    return polygons_path([polygon(projection.forward_points(ring)) for ring in rings], close)


def polygons_path(polygons, close: bool = True) -> QPainterPath:
    """A path of polygons already in km (a country's rings, projected once for its fill and its border)."""
    path = QPainterPath()
    path.setFillRule(Qt.OddEvenFill)
    for poly in polygons:
        path.addPolygon(poly)  # an open polyline unless closed
        if close:
            path.closeSubpath()
    return path


def north_arrow() -> QPainterPath:
    """The north arrow, pointing up, about its pivot."""
    arrow = QPainterPath()
    arrow.moveTo(0, -14)
    arrow.lineTo(6, 6)
    arrow.lineTo(0, 2)
    arrow.lineTo(-6, 6)
    arrow.closeSubpath()
    return arrow


@dataclass(eq=False, repr=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class Styled:
    """A path in km with the pen and brush it is drawn with (set by the figure per theme)."""
    path: QPainterPath
    pen: QPen = field(default_factory=lambda: QPen(Qt.NoPen))
    brush: QBrush = field(default_factory=lambda: QBrush(Qt.NoBrush))
    visible: bool = True
    # the path's open polylines in km with their vertices' simplification weights (core.geo_store),
    # when it may be drawn simplified to a screen's pixels (CachedPaths); None: always whole
    detail: list[tuple[np.ndarray, np.ndarray]] | None = None


@dataclass(eq=False, repr=False)
class MapContent:
    """Everything the map draws besides its looks: the three layers (with their country fills and
    borders), the approximate shapes, what each stands for, the selection levels and activity."""
    layers: dict[str, mv.LayerModel]
    places: dict[str, mv.PlaceInfo]
    fills: dict[str, list[tuple[Styled, str]]]  # layer -> (fill, country name)
    borders: dict[str, list[Styled]]
    shapes: dict[str, geo.SchematicFeature]
    shape_styled: dict[str, Styled]
    shape_labels: dict[str, tuple] = field(default_factory=dict)  # sid -> (text, x km, y km, width px)
    shape_entity: dict[str, str | None] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)
    any_selected: bool = False
    focus: dict[str, set[str]] = field(default_factory=dict)  # view -> the countries drawn a shade apart


class MapFigure:
    def __init__(self, style: FigureStyle = SCREEN):
        self.style = style
        k = style.label_pt / SCREEN.label_pt
        self.fonts: dict[str, tuple[QFont, float, float, QFontMetricsF]] = {}
        for key, (pt, italic, spacing) in FONT_SIZES.items():
            f = style.font(pt * k, italic=italic, spacing=spacing)
            fm = QFontMetricsF(f)
            self.fonts[key] = (f, fm.ascent(), fm.height(), fm)
        self._styles: dict = {}
        self._label_colours: dict = {}
        self._gaps: dict[str, tuple] = {}  # font -> (its metrics, gap): asked for at every layout
        self.shape_pens: dict[str, QPen] = {}
        self.shape_hl_pens: dict[int, QPen] = {}
        self.theme_name = None
        self._stamper: Stamper | None = None  # markers for exports into an image
        self._names: tuple | None = None  # (key, layer with pins, names) of the last export

    def text_width(self, font: str, text: str) -> float:
        return self.fonts[font][3].horizontalAdvance(text)

    def gap(self, font: str) -> float:
        # a name starts an en space and a little air from its marker's centre (measured once per
        # font: an en space's advance costs more than the rest of a name layout's frame)
        fm = self.fonts[font][3]
        got = self._gaps.get(font)
        if got is None or got[0] is not fm:
            got = self._gaps[font] = (fm, 4 + fm.horizontalAdvance("\u2002"))
        return got[1]

    def heights(self) -> dict[str, float]:
        return {k: v[2] for k, v in self.fonts.items()}

    @staticmethod
    def base_colours() -> dict[str, str]:
        return BASE_COLOURS.get(theme.current().name, BASE_COLOURS["light"])

    # --- looks --------------------------------------------------------------------------------
    def looks(self, content: MapContent) -> None:
        """This figure's pens and brushes for the current theme and its style (kept until the theme
        changes); nothing of ``content`` is changed, so figures of several styles share one content."""
        t = theme.current()
        if t.name == self.theme_name and self.shape_pens.keys() == content.shape_styled.keys():
            return
        self.theme_name = t.name
        self._styles, self._label_colours = {}, {}
        self._stamper = None
        self._names = None
        base = self.base_colours()
        k = self.style.line_scale
        self.border_pen = cosmetic_pen(base["border"], 1.2 * k)
        self._land = {False: QBrush(qcolour(base["land"])), True: QBrush(qcolour(base["focus"])),
                      "Crimea": QBrush(qcolour(base["label"], 120), Qt.BDiagPattern)}
        self.shape_hl_pens = {2: cosmetic_pen(t.highlight, 3.2 * k), 1: cosmetic_pen(t.highlight, 2.0 * k, Qt.DashLine)}
        line_colour = theme.KIND_COLOURS["place"]
        self.shape_pens, self.shape_brushes = {}, {}
        for sid, f in content.shapes.items():
            if f.geometry_type == "LineString":
                normal = cosmetic_pen(line_colour, 2.6 * k, Qt.DashLine if f.kind == "corridor" else Qt.DashDotLine)
                brush = QBrush(Qt.NoBrush)
            elif f.properties.get("look") == "outline":  # a historical boundary: its line only
                normal = cosmetic_pen(t.text, 1.4 * k, Qt.DotLine, alpha=200)
                brush = QBrush(Qt.NoBrush)
            elif f.properties.get("look") == "deployment":  # where a force is deployed
                normal = cosmetic_pen(theme.KIND_COLOURS["actor"], 1.4 * k, Qt.DashLine)
                brush = QBrush(qcolour(theme.KIND_COLOURS["actor"], 120), Qt.FDiagPattern)
            else:
                normal = cosmetic_pen(base["border"], 1.0 * k, Qt.DashLine)
                brush = QBrush(qcolour(base["label"], 90), Qt.BDiagPattern)
            self.shape_pens[sid], self.shape_brushes[sid] = normal, brush

    def land_brush(self, layer: str, name: str, content: MapContent) -> QBrush:
        """A country's fill: Crimea hatched, the countries of the conflict a shade apart."""
        if name == "Crimea":
            return self._land["Crimea"]
        view = mv.REGION if layer == mv.REGION else mv.COMPARISON
        return self._land[name in content.focus.get(view, set())]

    def apply_theme(self, content: MapContent) -> None:
        """Dress the on-screen holders (country fills and borders, shapes) in this figure's looks."""
        self.theme_name = None
        self.looks(content)
        for layer in content.fills:
            self.dress_layer(content, layer)
        for sid, styled in content.shape_styled.items():
            styled.brush, styled.pen = self.shape_brushes[sid], self.shape_pens[sid]

    def dress_layer(self, content: MapContent, layer: str) -> None:
        """One layer's country fills and borders in this figure's looks (a layer built late)."""
        self.looks(content)
        for styled, name in content.fills[layer]:
            styled.brush = self.land_brush(layer, name, content)
        for styled in content.borders[layer]:
            styled.pen = self.border_pen

    def shape_pen(self, sid: str, level: int) -> QPen:
        return self.shape_pens[sid] if level == 0 else self.shape_hl_pens[level]

    def place_style(self, level: int, any_selected: bool, state: str, context: bool) -> tuple[QBrush, QPen]:
        """A marker's (brush, pen): selected amber, touched amber-edged, the rest dimmed while
        something is selected; faded when inactive in the time window; context places hollow."""
        key = (level, any_selected, state, context)
        got = self._styles.get(key)
        if got is not None:
            return got
        t = theme.current()
        place = theme.KIND_COLOURS["place"]
        k = self.style.line_scale
        fade = {activity.ACTIVE: 1.0, activity.POSSIBLY: 0.6}.get(state, 0.25)
        if level == 2:
            fade = max(fade, 0.6)
            brush, pen = qcolour(t.highlight), cosmetic_pen(t.text, 2.0 * k)
        elif level == 1:
            brush, pen = qcolour(t.base if context else place), cosmetic_pen(t.highlight, 2.6 * k)
        elif any_selected:
            brush = qcolour(t.base if context else place, t.dim_alpha)
            pen = cosmetic_pen(place if context else t.base, 1.0 * k, alpha=t.dim_alpha)
        else:
            brush, pen = qcolour(t.base if context else place), cosmetic_pen(place if context else t.base, 1.2 * k)
        if context:
            pen.setStyle(Qt.DashLine)
            pen.setWidthF(max(pen.widthF(), 1.5 * k))
        brush.setAlpha(int(brush.alpha() * fade))
        c = pen.color()
        c.setAlpha(int(c.alpha() * fade))
        pen.setColor(c)
        got = self._styles[key] = (QBrush(brush), pen)
        return got

    def marker_style(self, content: MapContent, pid: str) -> tuple[QBrush, QPen]:
        return self.place_style(content.levels.get(pid, 0), content.any_selected,
                                content.states.get(pid, activity.ACTIVE), content.places[pid].context)

    def label_colour(self, e: mv.PlacedLabel, content: MapContent, t: theme.Theme | None = None) -> QColor:
        t = t or theme.current()  # (asked once by a caller that colours many names)
        if e.kind in ("place", "pin"):
            level = content.levels.get(e.key, 0)
            alpha = 255 if level or not content.any_selected else 150  # dimmed as the markers are
            if level < 2 and content.states.get(e.key, activity.ACTIVE) == activity.INACTIVE:
                alpha = min(alpha, 110)
            key = (t.name, "muted" if content.places[e.key].context else "text", alpha)
        elif e.kind == "shape":
            key = (t.name, "muted", 255)
        else:
            key = (t.name, e.kind, 255)
        got = self._label_colours.get(key)
        if got is None:
            base = self.base_colours()
            c = {"text": t.text, "muted": t.muted, "sea": base["sea_label"], "country": base["label"]}[key[1]]
            got = self._label_colours[key] = qcolour(c, key[2])
        return got

    # --- drawing ------------------------------------------------------------------------------------
    @staticmethod
    def draw_paths(p: QPainter, paths, fills: bool = True, pens: bool = True) -> None:
        no_pen, no_brush = QPen(Qt.NoPen), QBrush(Qt.NoBrush)
        for s in paths:
            if s.visible:
                p.setPen(s.pen if pens else no_pen)
                p.setBrush(s.brush if fills else no_brush)
                p.drawPath(s.path)

    def draw_labels(self, p: QPainter, placed, content: MapContent) -> None:
        """Names (already laid out, in the painter's pixels) as text."""
        font, t = None, theme.current()
        for e in placed:
            if e.font != font:
                font = e.font
                p.setFont(self.fonts[font][0])
            p.setPen(self.label_colour(e, content, t))
            p.drawText(QPointF(e.rect[0], e.rect[1] + self.fonts[font][1]), e.text)

    def draw_markers(self, p: QPainter, content: MapContent, layer: mv.LayerModel, t, *, pins: bool = True,
                     rings: bool = True) -> None:
        """Every marker of a layer as a vector symbol, at pixel positions from ``t``; comparison cases
        wear a ring; pinned far places only while the selection touches them."""
        m11, m22, dx, dy = t
        k = self.style.mark_scale
        ring_pen = cosmetic_pen(theme.KIND_COLOURS["place"], 1.5 * self.style.line_scale)
        if rings:
            for pid, (x, y) in zip(layer.ids, layer.xy.tolist()):
                info = content.places[pid]
                if info.is_case:
                    p.save()
                    p.translate(x * m11 + dx, y * m22 + dy)
                    draw_symbol(p, "o", (mv.style_of(info)[1] + 9) * k, ring_pen, QBrush(Qt.NoBrush))
                    p.restore()
        items = list(zip(layer.ids, layer.xy.tolist(), [False] * len(layer.ids)))
        if pins:
            items += [(pid, xy, True) for pid, xy in zip(layer.pins, layer.pin_positions.tolist())
                      if content.levels.get(pid, 0) > 0]
        # the touched and selected on top
        items.sort(key=lambda it: content.levels.get(it[0], 0))
        tr = p.transform()
        if items and isinstance(p.device(), QImage) and not tr.isRotating() and abs(tr.m11() - tr.m22()) < 1e-9:
            self._stamp_markers(p, content, items, t, tr)
            return
        for pid, (x, y), pinned in items:
            info = content.places[pid]
            brush, pen = self.marker_style(content, pid)
            size = max(6, mv.style_of(info)[1] - 3) if pinned else mv.style_of(info)[1]
            p.save()
            p.translate(x * m11 + dx, y * m22 + dy)
            draw_symbol(p, mv.style_of(info)[0], size * k, pen, brush)
            p.restore()

    def _stamp_markers(self, p: QPainter, content: MapContent, items, t, tr) -> None:
        """Markers into an image: each (symbol, size, look) drawn once at the device's resolution and
        stamped 1:1 in device pixels (SVG and PDF get vector symbols)."""
        m11, m22, dx, dy = t
        k = self.style.mark_scale
        if self._stamper is None:
            self._stamper = Stamper()
        dpr = tr.m11()
        self._stamper.set_ratio(dpr)
        looks: dict[tuple[int, int], int] = {}
        palette, symbols, shape_of = [], [], {}
        which, sizes, shapes, xy = [], [], [], []
        for pid, (x, y), pinned in items:
            info = content.places[pid]
            brush, pen = self.marker_style(content, pid)
            key = (id(pen), id(brush))
            if key not in looks:
                looks[key] = len(palette)
                palette.append((pen, brush))
            symbol, size = mv.style_of(info)[:2]
            if symbol not in shape_of:
                shape_of[symbol] = len(symbols)
                symbols.append(symbol)
            which.append(looks[key])
            sizes.append((max(6, size - 3) if pinned else size) * k)
            shapes.append(shape_of[symbol])
            xy.append(((x * m11 + dx) * dpr + tr.dx(), (y * m22 + dy) * dpr + tr.dy()))
        src = self._stamper.rects(palette, np.array(which), np.array(sizes, dtype=float), symbols, np.array(shapes))
        p.save()
        p.resetTransform()
        self._stamper.stamp(p, np.array(xy), src, 1.0)
        p.restore()

    def draw_scale_bar(self, p: QPainter, km_wide: float, px_wide: float, at: QPointF) -> float:
        """A scale bar with its length in km, its left end at ``at``; returns the km."""
        t = theme.current()
        km = geo.nice_scale_bar_km(km_wide)
        px = km * px_wide / km_wide
        font = self.fonts["place"][0]
        fm = QFontMetricsF(font)
        text = f"{km:g} km"
        tw, th = fm.horizontalAdvance(text), fm.height()
        p.save()
        p.translate(at)
        p.setPen(Qt.NoPen)
        p.setBrush(qcolour(t.base, 200))
        p.drawRect(QRectF(-5, -th - 7, max(px, tw) + 10, th + 11))
        path = QPainterPath()
        path.moveTo(0, -4)
        path.lineTo(0, 0)
        path.lineTo(px, 0)
        path.lineTo(px, -4)
        p.setPen(cosmetic_pen(t.text, 2))
        p.setBrush(Qt.NoBrush)
        p.drawPath(path)
        p.setFont(font)
        p.drawText(QPointF(px / 2 - tw / 2, -4 - th + fm.ascent()), text)
        p.restore()
        return km

    def draw_north(self, p: QPainter, at: QPointF) -> None:
        t = theme.current()
        p.save()
        p.translate(at)
        p.setPen(Qt.NoPen)
        p.setBrush(qcolour(t.text))
        p.drawPath(north_arrow())
        f = self.style.font(8 * self.style.label_pt / SCREEN.label_pt, bold=True)
        fm = QFontMetricsF(f)
        p.setFont(f)
        p.setPen(qcolour(t.text))
        p.drawText(QPointF(-fm.horizontalAdvance("N") / 2, 7 + fm.ascent()), "N")
        p.restore()

    # --- the whole view, for an export ---------------------------------------------------------------
    def paint(self, p: QPainter, rect: QRectF, content: MapContent, view: str, box_km, *, label,
              shapes_on: bool = True, zoom: float | None = None) -> None:
        """Draw the map into ``rect`` of any painter: the ``box_km`` (x0, x1, y0, y1) of ``view``
        fitted with its aspect kept, names laid out for this size; ``label(item)`` names a place."""
        zoom = self.style.zoom if zoom is None else zoom
        self.looks(content)
        w, h = rect.width() / zoom, rect.height() / zoom
        layer = content.layers[view]
        x0, x1, y0, y1 = box_km
        k = min(w / max(x1 - x0, 1e-9), h / max(y1 - y0, 1e-9))
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        t = (k, -k, w / 2 - cx * k, h / 2 + cy * k)
        vx0, vx1 = cx - w / 2 / k, cx + w / 2 / k
        vy0, vy1 = cy - h / 2 / k, cy + h / 2 / k
        base = self.base_colours()
        tcol = theme.current()
        begin(p, rect, zoom)
        p.fillRect(QRectF(0, 0, w, h), qcolour(base["sea"]))
        inset_rect = None
        if view == mv.REGION and mv.INSET in content.layers:
            iw = min(180.0, max(100.0, w * 0.3))
            inset_rect = QRectF(w - iw - 6, h - iw * 0.8 - 6, iw, iw * 0.8)
        obstacles = [(6.0, h - 40.0, 140.0, h), (4.0, 4.0, 32.0, 44.0)]
        tfm = QFontMetricsF(self.fonts["place"][0])  # the view's title, top centre: no name goes under it
        tw = tfm.horizontalAdvance(mv.VIEW_TITLES.get(view, ""))
        if tw:
            obstacles.append((w / 2 - tw / 2 - 4, 0.0, w / 2 + tw / 2 + 4, tfm.height() + 4))
        if inset_rect is not None:
            obstacles.append((inset_rect.left(), inset_rect.top(), inset_rect.right(), inset_rect.bottom()))
        shape_labels = content.shape_labels if shapes_on and view == mv.REGION else None
        # the names of this output, kept for the next export of the same view, size and selection
        key = (view, t, w, h, tuple(obstacles), shape_labels is not None, hash(tuple(layer.names)),
               tuple(label(pid) for pid in layer.pins), frozenset(content.levels.items()))
        if self._names is not None and self._names[0] == key:
            pinned, names = self._names[1:]
        else:
            name_w, statics = layer.name_w, layer.statics
            if self.style.label_pt != SCREEN.label_pt:  # another type size: names measured again
                name_w = np.array([self.text_width(layer.font, n) for n in layer.names], dtype=float)
                statics = [(*st[:5], self.text_width(st[4], st[1])) for st in statics]
                if shape_labels is not None:
                    shape_labels = {sid: (text, x, y, self.text_width("shape", text))
                                    for sid, (text, x, y, _w) in shape_labels.items()}
            pinned = mv.LayerModel(layer.name, layer.projection, layer.ids, layer.xy, layer.index, font=layer.font,
                                   rank=layer.rank, names=layer.names, name_w=name_w, pins=layer.pins,
                                   pin_xy=layer.pin_xy, statics=statics, features=layer.features)
            if pinned.pins:
                mv.place_pins(pinned, (vx0, vx1, vy0, vy1), (w, h), label, self.text_width)
            lay = mv.NameLayout(t, (0.0, 0.0, w, h), tuple(obstacles), self.heights(), self.gap(layer.font),
                                shape_labels)
            names, markers = mv.base_layout(pinned, lay)
            names = mv.selection_layout(pinned, names, markers, lay, content.levels, content.shape_entity)
            self._names = (key, pinned, names)
        self._draw_countries(p, t, content, view)
        self.draw_labels(p, [e for e in names.values() if e.tier == 0], content)
        if shape_labels is not None:
            shapes = []
            for sid, s in content.shape_styled.items():
                entity = content.shape_entity.get(sid)
                shapes.append(Styled(s.path, self.shape_pen(sid, content.levels.get(entity, 0) if entity else 0),
                                     self.shape_brushes[sid]))
            self._draw_km(p, t, shapes, [])
        dx0, dy0, dx1, dy1 = layer.projection.forward_bbox(mv.DATA_EXTENTS.get(view, geo.COMPARISON_DATA_EXTENT))
        mask = QPainterPath()
        mask.setFillRule(Qt.OddEvenFill)
        mask.addRect(QRectF(-1e5, -1e5, 2e5, 2e5))
        mask.addRect(QRectF(dx0, dy0, dx1 - dx0, dy1 - dy0))
        self._draw_km(p, t, [Styled(mask, QPen(Qt.NoPen), QBrush(qcolour(tcol.window)))], [])
        self.draw_markers(p, content, pinned, t)
        self.draw_labels(p, [e for e in names.values() if e.tier == 1], content)
        if inset_rect is not None:
            self._paint_inset(p, inset_rect, content, (vx0, vx1, vy0, vy1), layer)
        self.draw_scale_bar(p, vx1 - vx0, w, QPointF(12, h - 10))
        self.draw_north(p, QPointF(18, 22))
        title = mv.VIEW_TITLES.get(view, "")
        f = self.fonts["place"][0]
        p.setFont(f)
        p.setPen(qcolour(tcol.muted))
        p.drawText(QRectF(0, 2, w, QFontMetricsF(f).height()), Qt.AlignHCenter | Qt.AlignTop, title)
        p.restore()

    def _country_paths(self, content: MapContent, layer: str) -> tuple[list[Styled], list[Styled]]:
        fills = [Styled(f.path, QPen(Qt.NoPen), self.land_brush(layer, name, content)) for f, name in content.fills[layer]]
        borders = [Styled(b.path, self.border_pen) for b in content.borders[layer]]
        return fills, borders

    def _draw_countries(self, p: QPainter, t, content: MapContent, layer: str) -> None:
        self._draw_km(p, t, *self._country_paths(content, layer))

    def _draw_km(self, p: QPainter, t, fills, borders) -> None:
        to_px = QTransform(t[0], 0, 0, t[1], t[2], t[3])
        engine = p.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.SVG:
            # SVG: the paths in pixels, drawn without a scaling transform, so that a reader that
            # ignores non-scaling strokes (librsvg) draws the lines as thin as the PNG does
            self.draw_paths(p, [Styled(to_px.map(s.path), s.pen, s.brush, s.visible) for s in fills])
            self.draw_paths(p, [Styled(to_px.map(s.path), s.pen, s.brush, s.visible) for s in borders])
            return
        p.save()
        p.setTransform(to_px, True)
        self.draw_paths(p, fills)
        self.draw_paths(p, borders)
        p.restore()

    def _paint_inset(self, p: QPainter, r: QRectF, content: MapContent, view_km, main: mv.LayerModel) -> None:
        """The wider region in a small box, with the main view's extent framed."""
        layer = content.layers[mv.INSET]
        x0, y0, x1, y1 = layer.projection.forward_bbox(mv.INSET_EXTENT)
        k = min(r.width() / (x1 - x0), r.height() / (y1 - y0))
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        t = (k, -k, r.center().x() - cx * k, r.center().y() + cy * k)
        p.save()
        p.setClipRect(r)
        p.fillRect(r, qcolour(self.base_colours()["sea"]))
        fills, borders = self._country_paths(content, mv.INSET)
        engine = p.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.SVG:
            # SVG output keeps no clip: cut the countries to the box here (outlines as stroked shapes)
            to_px = QTransform(t[0], 0, 0, t[1], t[2], t[3])
            box = QPainterPath()
            box.addRect(r)
            p.setPen(Qt.NoPen)
            for s in fills:
                p.setBrush(s.brush)
                p.drawPath(to_px.map(s.path).intersected(box))
            for s in borders:
                stroker = QPainterPathStroker(s.pen)
                stroker.setWidth(max(s.pen.widthF(), 0.5))
                p.setBrush(s.pen.color())
                p.drawPath(stroker.createStroke(to_px.map(s.path)).intersected(box))
        else:
            self._draw_km(p, t, fills, borders)
        inside = mv.LayerModel(layer.name, layer.projection, [], np.zeros((0, 2)), {})
        keep = [n for n, (x, y) in enumerate(layer.xy.tolist()) if r.contains(x * t[0] + t[2], y * t[1] + t[3])]
        inside.ids, inside.xy = [layer.ids[n] for n in keep], layer.xy[keep].reshape(-1, 2)
        self.draw_markers(p, content, inside, t, pins=False)
        vx0, vx1, vy0, vy1 = view_km
        w_, s_ = main.projection.inverse(vx0, vy0)
        e_, n_ = main.projection.inverse(vx1, vy1)
        fx0, fy0, fx1, fy1 = layer.projection.forward_bbox((w_, s_, e_, n_))
        p.setPen(cosmetic_pen(theme.current().text, 1.2))
        p.setBrush(Qt.NoBrush)
        p.drawRect(QRectF(QPointF(fx0 * t[0] + t[2], fy1 * t[1] + t[3]),
                          QPointF(fx1 * t[0] + t[2], fy0 * t[1] + t[3])).intersected(r))
        p.restore()
        p.setPen(cosmetic_pen("#666666", 1))
        p.setBrush(Qt.NoBrush)
        p.drawRect(r)
