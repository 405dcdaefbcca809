"""The schematic region map as a view: places and where they project, which shape stands for which
item, places beyond the view pinned to its edge, hit-testing and the layout of names. No Qt: the
figure draws this.

Everything is in kilometres of a local projection (``geo.LocalProjection``), y northwards; names
are laid out in the output's pixels, given the view's scale and offset ``t = (m11, m22, dx, dy)``
(pixel = km × m + d).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import geo, read
from . import labels as label_placer

REGION, COMPARISON, INSET = "region", "comparison", "inset"
VIEW_TITLES = {REGION: "South Caucasus", COMPARISON: "Comparison cases (wider region)"}
REGION_PROJECTION = (geo.DEFAULT_LAT0, geo.DEFAULT_LON0)
COMPARISON_PROJECTION = (45.0, 38.0)
DATA_EXTENTS = {REGION: geo.REGION_DATA_EXTENT, COMPARISON: geo.COMPARISON_DATA_EXTENT}
COMPARISON_FIT = (27.0, 38.5, 50.5, 50.5)  # lon/lat box of the comparison cases
INSET_EXTENT = (27.0, 38.3, 50.5, 50.0)

# place_type -> (marker symbol, size px, legend text, label rank: lower is labelled first)
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
ARROWS = "→↗↑↖←↙↓↘"
PIN_INSET_PX = 14  # a pinned place sits this far inside the view's edge


@dataclass
class MapState:
    """What a scene records of the map (and restores): the view, its extent as a lon/lat box
    (west, south, east, north), and the shapes and legend toggles."""
    view: str = REGION
    extent: tuple[float, float, float, float] | None = None
    shapes: bool = True
    legend: bool = True

    def to_json(self) -> dict:
        out = {"view": self.view, "shapes": self.shapes, "legend": self.legend}
        if self.extent is not None:
            out["extent"] = [round(v, 4) for v in self.extent]
        return out

    @classmethod
    def from_json(cls, d: dict | None) -> MapState:
        d = d if isinstance(d, dict) else {}
        s = cls(view=d.get("view") if d.get("view") in (REGION, COMPARISON) else REGION,
                shapes=bool(d.get("shapes", True)), legend=bool(d.get("legend", True)))
        extent = d.get("extent")
        if isinstance(extent, (list, tuple)) and len(extent) == 4:
            try:
                s.extent = tuple(float(v) for v in extent)
            except (TypeError, ValueError):
                s.extent = None
        return s


PlaceInfo = read.MapPlace  # a place as the map draws it: where, what, its events (its actors: see load_places)


def style_of(place: PlaceInfo) -> tuple[str, int, str, float]:
    """(marker symbol, size px, legend text, label rank) of a place, by its type."""
    return PLACE_STYLES.get(place.place_type, OTHER_STYLE)


def load_places(db) -> dict[str, PlaceInfo]:
    """Every place with coordinates and the events there (the read model's :func:`read.map_places`),
    by id. The actors tied to a place are only in its tooltip: :func:`read.actors_of_place` then,
    not every place's at start-up."""
    return {p.id: p for p in read.map_places(db, actors=False)}


def shape_entities(shapes: dict[str, geo.SchematicFeature], places: dict[str, PlaceInfo],
                   kinds: dict[str, str], names: dict[str, str]) -> dict[str, str | None]:
    """Which item of the store each schematic shape stands for: an entity with the shape's own id,
    else the first place matching the shape's ``stands_for`` rule (place type, a word of its name) —
    "the corridor whose name says Lachin" survives the data's ids changing. None: a shape the memo
    names nothing for (it shows its note instead)."""
    out: dict[str, str | None] = {}
    for sid, f in shapes.items():
        if sid in kinds:
            out[sid] = sid
            continue
        rule = geo.stands_for(f)
        out[sid] = None
        if rule is not None:
            ptype, word = rule
            out[sid] = next((pid for pid, info in places.items()
                             if info.place_type == ptype and word in names.get(pid, "").lower()), None)
    return out


@dataclass(slots=True)
class PlacedLabel:
    """A name as laid out, in output pixels: what it names, its text, its box and its font."""
    kind: str  # place | pin | shape | country | sea
    key: str  # the place id, shape id, or the country/sea text
    text: str
    rect: tuple[float, float, float, float]  # left, top, right, bottom
    font: str  # a font key of the figure

    @property
    def tier(self) -> int:
        return 0 if self.kind in ("country", "sea") else 1


@dataclass(eq=False, repr=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class LayerModel:
    """What one map view shows: the places inside its data (positions in km), the far places it
    pins to its edge, the names of countries and seas."""
    name: str
    projection: geo.LocalProjection
    ids: list[str]
    xy: np.ndarray
    index: dict[str, int]
    font: str = "place"  # the font key of the places' names
    rank: np.ndarray = field(default_factory=lambda: np.zeros(0))  # label order, lower first
    names: list[str] = field(default_factory=list)  # each place's name as shown (naming choice applied)
    name_w: np.ndarray = field(default_factory=lambda: np.zeros(0))  # its width in pixels
    pins: list[str] = field(default_factory=list)  # places beyond the data extent, pinned to the view edge
    pin_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    pin_positions: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    pin_labels: dict[str, tuple] = field(default_factory=dict)  # pid -> (text, width px, x km, y km, right of it?)
    statics: list[tuple] = field(default_factory=list)  # country and sea names: (kind, text, x km, y km, font, w)
    features: list = field(default_factory=list)  # geo.Feature, for hover


def layer_places(name: str, places: list[PlaceInfo]) -> tuple[geo.LocalProjection, list[PlaceInfo], np.ndarray]:
    """The projection of a view, the places inside its data and their positions in km."""
    lat0, lon0 = REGION_PROJECTION if name == REGION else COMPARISON_PROJECTION
    proj = geo.LocalProjection(lat0, lon0)
    extent = DATA_EXTENTS.get(name, geo.COMPARISON_DATA_EXTENT)
    inside = [p for p in places if extent[0] <= p.lon <= extent[2] and extent[1] <= p.lat <= extent[3]]
    xy = proj.forward_points(np.array([[p.lon, p.lat] for p in inside])) if inside else np.zeros((0, 2))
    return proj, inside, xy


def label_ranks(name: str, inside: list[PlaceInfo]) -> np.ndarray:
    """A comparison case is named first on the wider views, a little earlier on the region."""
    return np.array([(1 if name != REGION else style_of(p)[3] - 1) if p.is_case else style_of(p)[3] for p in inside],
                    dtype=float)


def place_pins(layer: LayerModel, view: tuple[float, float, float, float], px: tuple[float, float],
               label, text_width) -> np.ndarray:
    """Places beyond this view's data (Moscow, Brussels…) sit on the edge of the ``view`` (x0, x1,
    y0, y1 in km; ``px`` its size in pixels), pointing their way, so that a selection touching
    them still shows on the map. Sets ``layer.pin_labels``; returns the pins' positions."""
    x0, x1, y0, y1 = view
    kx, ky = (x1 - x0) / px[0], (y1 - y0) / px[1]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - PIN_INSET_PX * kx, (y1 - y0) / 2 - PIN_INSET_PX * ky
    pos = []
    for pid, (qx, qy) in zip(layer.pins, layer.pin_xy):
        dx, dy = qx - cx, qy - cy
        scale = min(hx / abs(dx) if dx else math.inf, hy / abs(dy) if dy else math.inf, 1.0)
        x, y = cx + dx * scale, cy + dy * scale
        pos.append((x, y))
        angle = math.degrees(math.atan2(dy, dx)) % 360
        text = f"{ARROWS[int(((angle + 22.5) % 360) // 45)]} {label(pid)}"
        layer.pin_labels[pid] = (text, text_width(layer.font, text), x, y, dx <= 0)  # the name on the view's side
    layer.pin_positions = np.array(pos).reshape(-1, 2)
    return layer.pin_positions


def edge_arrows(points: dict[str, tuple[float, float]], view: tuple[float, float, float, float],
                px: tuple[float, float], *, inset: float = 16.0, top: float = 30.0) -> list[tuple[str, float, float, str]]:
    """Where to point at selected places outside the ``view`` (x0, x1, y0, y1 in km; ``px`` its size
    in pixels): (id, x, y, arrow) in view pixels from the top left, on the edge towards the place,
    ``inset`` pixels inside it and below ``top`` (the title and the north arrow keep the top strip).
    Places in view get none."""
    x0, x1, y0, y1 = view
    w, h = px
    if w <= 2 * inset or h <= top + inset or x1 <= x0 or y1 <= y0:
        return []
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    out = []
    for pid, (qx, qy) in points.items():
        if x0 <= qx <= x1 and y0 <= qy <= y1:
            continue
        # direction in pixels (y down), from the centre of the view
        dx, dy = (qx - cx) / (x1 - x0) * w, -(qy - cy) / (y1 - y0) * h
        hx, hy_up, hy_down = w / 2 - inset, h / 2 - top, h / 2 - inset
        hy = hy_up if dy < 0 else hy_down
        scale = min(hx / abs(dx) if dx else math.inf, hy / abs(dy) if dy else math.inf)
        x, y = w / 2 + dx * scale, h / 2 + dy * scale
        angle = math.degrees(math.atan2(-dy, dx)) % 360
        out.append((pid, x, y, ARROWS[int(((angle + 22.5) % 360) // 45)]))
    return out


class Markers:
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

    def free_all(self, boxes) -> list[bool]:
        """:meth:`free` for each of ``boxes`` (left, top, right, bottom), in one numpy pass."""
        if not boxes:
            return []
        b = np.asarray(boxes, dtype=float).reshape(-1, 4)
        return (~self.hit(b[:, 0], b[:, 1], b[:, 2], b[:, 3])).tolist()


def _centred(t, x, y, w, h):
    sx, sy = x * t[0] + t[2], y * t[1] + t[3]
    return (sx - w / 2, sy - h / 2, sx + w / 2, sy + h / 2)


def _inside(r, view) -> bool:
    return r[0] >= view[0] and r[1] >= view[1] and r[2] <= view[2] and r[3] <= view[3]


@dataclass(eq=False)
class NameLayout:
    """What a layout of names needs besides the layer: the view-to-pixel transform ``t``, the view's
    box in pixels, the overlays to keep clear (legend, inset…), each font's height, the gap between
    a marker and its name, and the shapes' names ({sid: (text, x km, y km, width px)}) when shown."""
    t: tuple[float, float, float, float]
    view: tuple[float, float, float, float]
    obstacles: tuple = ()
    heights: dict[str, float] = field(default_factory=dict)
    gap: float = 10.0
    shape_labels: dict[str, tuple] | None = None


def base_layout(layer: LayerModel, lay: NameLayout) -> tuple[dict[str, PlacedLabel], Markers]:
    """The names of a view with nothing selected, by rank — capitals, then country names, then
    cities, towns…, then the shapes' names — each where it overlaps neither the overlays, a marker
    nor a name placed before it; a place's name right of its marker, else left of it."""
    t, view = lay.t, lay.view
    if not len(layer.ids):
        return {}, Markers(np.zeros(0), np.zeros(0), MARKER_PX)
    sx, sy = layer.xy[:, 0] * t[0] + t[2], layer.xy[:, 1] * t[1] + t[3]
    on = (sx >= view[0]) & (sx <= view[2]) & (sy >= view[1]) & (sy <= view[3])
    markers = Markers(sx[on], sy[on], MARKER_PX)
    rows = np.nonzero(on)[0]
    h = lay.heights[layer.font]
    w = layer.name_w[rows]
    top, bottom = sy[rows] - h / 2, sy[rows] + h / 2
    right_l, left_l = sx[rows] + lay.gap, sx[rows] - lay.gap - w
    vy = (top >= view[1]) & (bottom <= view[3])
    # a name never covers a marker: most candidates of a crowded view end here, in numpy
    ok_r = vy & (right_l >= view[0]) & (right_l + w <= view[2]) & ~markers.hit(right_l, top, right_l + w, bottom)
    ok_l = vy & (left_l >= view[0]) & (left_l + w <= view[2]) & ~markers.hit(left_l, top, left_l + w, bottom)
    cands, info = [], {}
    title = VIEW_TITLES.get(layer.name)
    for n in np.nonzero(ok_r | ok_l)[0].tolist():
        pid = layer.ids[rows[n]]
        if layer.names[rows[n]] == title:  # the view's title names it already (unless it is selected)
            continue
        boxes = [(float(right_l[n]), float(top[n]), float(right_l[n] + w[n]), float(bottom[n])),
                 (float(left_l[n]), float(top[n]), float(left_l[n] + w[n]), float(bottom[n]))]
        key = "place:" + pid
        info[key] = PlacedLabel("place", pid, layer.names[rows[n]], boxes[0], layer.font)
        cands.append(label_placer.Candidate(key, (layer.rank[rows[n]], len(cands)), boxes, [ok_r[n], ok_l[n]]))
    others = [(s[0], s[1], s[1], s[2], s[3], s[4], s[5]) for s in layer.statics]
    for sid, (text, x, y, tw) in (lay.shape_labels or {}).items():
        others.append(("shape", sid, text, x, y, "shape", tw))
    for kind, key, text, x, y, font, tw in others:
        r = _centred(t, x, y, tw, lay.heights[font])
        info[f"{kind}:{key}"] = PlacedLabel(kind, key, text, r, font)
        rank = SHAPE_RANK if kind == "shape" else COUNTRY_RANK
        cands.append(label_placer.Candidate(f"{kind}:{key}", (rank, len(cands)), [r],
                                            [_inside(r, view) and markers.free(r)]))
    placed = label_placer.place(cands, obstacles=lay.obstacles)
    out = {}
    for key, r in placed.items():
        e = info[key]
        e.rect = r
        out[key] = e
    return out, markers


def layer_levels(layer: LayerModel, levels: dict[str, int], shape_entity: dict[str, str | None]) -> dict[str, int]:
    """The part of ``levels`` that :func:`selection_layout` reads for ``layer``: its places', its
    pins' and the shapes' entities' (with whether ``levels`` is empty, all its answer depends on, so
    the names of a layer the selection does not reach — the inset, mostly — are laid out once)."""
    entities = set(shape_entity.values())
    return {i: lvl for i, lvl in levels.items() if i in layer.index or i in layer.pin_labels or i in entities}


def selection_layout(layer: LayerModel, base: dict[str, PlacedLabel], markers: Markers, lay: NameLayout,
                     levels: dict[str, int], shape_entity: dict[str, str | None]) -> dict[str, PlacedLabel]:
    """The names with a selection (``levels``: 2 selected, 1 touched): the selected places' names
    first (always drawn when their marker is in view), then the far places' pins, then the touched
    places' names (clear of markers too); the names of :func:`base_layout` stay put unless one of
    these covers them."""
    if not levels:
        return base
    t, view = lay.t, lay.view
    h, gap = lay.heights[layer.font], lay.gap
    m11, m22, dx, dy = t
    cands, info = [], {}
    ask = []  # (clear list, index, box): boxes in view whose markers are looked up all at once below

    def add(level, rank, kind, key, text, font, boxes, x=None, y=None):
        selected = level == 2
        clear = [_inside(r, view) for r in boxes]
        if not selected:
            ask.extend((clear, j, r) for j, r in enumerate(boxes) if clear[j])
        forced = None
        if selected and kind == "place" and view[0] <= x <= view[2] and view[1] <= y <= view[3]:
            forced = boxes[0]  # a selected place is always named
        k = f"{kind}:{key}"
        info[k] = PlacedLabel(kind, key, text, boxes[0], font)
        cands.append(label_placer.Candidate(k, (-level, rank, len(cands)), boxes, clear, None, forced))

    # In id order: ``levels`` comes from a frozenset, whose order follows Python's per-process hash seed, and
    # equal ranks (every pin's) are settled by the order of asking; the same selection must name the same places.
    levels = dict(sorted(levels.items()))
    for pid, level in levels.items():
        n = layer.index.get(pid)
        if n is not None:
            x, y = layer.xy[n, 0] * m11 + dx, layer.xy[n, 1] * m22 + dy
            w = layer.name_w[n]
            add(level, layer.rank[n], "place", pid, layer.names[n], layer.font,
                [(x + gap, y - h / 2, x + gap + w, y + h / 2), (x - gap - w, y - h / 2, x - gap, y + h / 2)], x, y)
    for pid, level in levels.items():
        if pid in layer.pin_labels:
            text, w, px, py, right = layer.pin_labels[pid]
            x, y = px * m11 + dx, py * m22 + dy
            left = x + 12 if right else x - 12 - w
            add(level, PIN_RANK, "pin", pid, text, layer.font, [(left, y - h / 2, left + w, y + h / 2)])
    for sid, entity in shape_entity.items() if lay.shape_labels is not None else ():
        level = levels.get(entity, 0) if entity else 0
        if level:
            text, sxk, syk, w = lay.shape_labels[sid]
            add(level, SHAPE_RANK, "shape", sid, text, "shape", [_centred(t, sxk, syk, w, lay.heights["shape"])])
    for k, e in base.items():
        if e.kind == "place" and e.key in levels:
            continue
        if e.kind == "shape" and levels.get(shape_entity.get(e.key) or "", 0):
            continue
        info[k] = e
        cands.append(label_placer.Candidate(k, (1, 0, len(cands)), [e.rect]))
    for (clear, j, _), ok in zip(ask, markers.free_all([r for _, _, r in ask])):
        clear[j] = ok
    placed = label_placer.place(cands, obstacles=lay.obstacles)
    out = {}
    for c in cands:
        if c.key in placed:
            e = info[c.key]
            out[c.key] = e if e.rect == placed[c.key] else PlacedLabel(e.kind, e.key, e.text, placed[c.key], e.font)
    return out


def distance_to_polyline(x: float, y: float, line: np.ndarray) -> float:
    a, b = line[:-1], line[1:]
    ab = b - a
    ap = np.array([x, y]) - a
    denom = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.divide(np.einsum("ij,ij->i", ap, ab), denom, out=np.zeros_like(denom), where=denom > 0), 0, 1)
    closest = a + ab * t[:, None]
    return float(np.min(np.hypot(closest[:, 0] - x, closest[:, 1] - y)))


def hit(layer: LayerModel, x: float, y: float, km_per_px: float,
        shapes: dict[str, geo.SchematicFeature] | None = None,
        shape_paths_km: dict[str, list[np.ndarray]] | None = None) -> tuple[str, str] | None:
    """What is under a point in view km: ("place", id), ("shape", id) when ``shapes`` are shown,
    ("country", name) or None."""
    best = None
    for ids, xy in ((layer.ids, layer.xy), (layer.pins, layer.pin_positions)):
        if len(ids) and len(xy):
            d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
            i = int(np.argmin(d))
            if d[i] <= CLICK_RADIUS_PX * km_per_px and (best is None or d[i] < best[0]):
                best = (d[i], ids[i])
    if best:
        return ("place", best[1])
    lon, lat = layer.projection.inverse(x, y)
    if shapes:
        for sid, f in shapes.items():
            if f.geometry_type == "LineString" and \
                    distance_to_polyline(x, y, shape_paths_km[sid][0]) <= LINE_RADIUS_PX * km_per_px:
                return ("shape", sid)
        areas = sorted((f for f in shapes.values() if f.geometry_type == "Polygon"),
                       key=lambda f: geo.ring_area_km2(f.rings[0]))
        f = geo.feature_at(lon, lat, areas)
        if f is not None:
            return ("shape", f.id)
    f = geo.feature_at(lon, lat, layer.features)
    return ("country", f.name) if f is not None else None
