"""Geographic base of the map: loading outlines, a local projection, distances.

Qt-free (numpy only) so that it is tested without a display. The map panel
projects lon/lat with :class:`LocalProjection` to kilometres and draws those.

Data files (``data/geo/``, see its README):

* ``region.geojson``     Natural Earth 1:10m countries clipped to the South Caucasus
* ``comparison.geojson`` Natural Earth 1:50m countries for the wider-region inset
* ``schematic.geojson``  hand-drawn, APPROXIMATE shapes (former NKAO, districts,
  the peacekeeping area, Lachin corridor, Zangezur route)
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


def _geo_dir() -> Path:
    """data/geo: inside the installed package (karabakh_desktop/data/geo), else the source tree's."""
    here = Path(__file__).resolve()
    installed = here.parents[1] / "data" / "geo"
    return installed if installed.is_dir() else here.parents[2] / "data" / "geo"


GEO_DIR = _geo_dir()
REGION_GEOJSON = GEO_DIR / "region.geojson"
COMPARISON_GEOJSON = GEO_DIR / "comparison.geojson"
SCHEMATIC_GEOJSON = GEO_DIR / "schematic.geojson"
CARTOGRAPHY_GEOJSON = GEO_DIR / "cartography.geojson"

BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)

#: lon/lat box of the South Caucasus (Georgia, Armenia, Azerbaijan incl. Nakhchivan).
REGION_EXTENT: BBox = (39.9, 38.3, 50.9, 43.7)
#: lon/lat box around the former NKAO and the surrounding districts' core.
KARABAKH_EXTENT: BBox = (45.9, 39.3, 47.3, 40.4)
#: lon/lat box of the data in region.geojson and comparison.geojson.
REGION_DATA_EXTENT: BBox = (36.0, 36.0, 54.0, 46.0)
COMPARISON_DATA_EXTENT: BBox = (26.0, 36.0, 52.0, 52.0)

#: Default projection origin for the region (lat, lon), about the Karabakh area.
DEFAULT_LAT0 = 40.0
DEFAULT_LON0 = 46.5

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
SCHEMATIC_KINDS = ("area", "corridor", "route")


class GeoDataError(ValueError):
    """A geographic data file is missing or malformed. The message names the file."""


@dataclass(eq=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class Feature:
    """A country (or other area) outline: every ring, outer and holes, as (N, 2) lon/lat arrays.

    ``polygons`` keeps the GeoJSON structure (outer ring first, then holes);
    ``rings`` is the same rings flattened, for even-odd filling and hit tests.
    """
    name: str
    rings: list[np.ndarray]
    properties: dict = field(default_factory=dict)
    polygons: list[list[np.ndarray]] = field(default_factory=list)
    # each ring's Douglas-Peucker weights (a vertex is kept at tolerance t where its weight > t, in km of
    # ``weights_projection``'s (lat0, lon0)): read from the store (core.geo_store), else None
    weights: list[np.ndarray] | None = None
    weights_projection: tuple[float, float] | None = None

    @property
    def bbox(self) -> BBox:
        return bbox_of([self])


@dataclass(eq=False)
class SchematicFeature:
    """A hand-drawn approximate shape. ``geometry_type`` is "Polygon" or "LineString".

    ``coords`` is a list of (N, 2) lon/lat arrays: the rings of a polygon (outer
    first), or exactly one array for a line.
    """
    id: str
    name: str
    kind: str
    geometry_type: str
    coords: list[np.ndarray]
    properties: dict = field(default_factory=dict)

    @property
    def rings(self) -> list[np.ndarray]:
        return self.coords if self.geometry_type == "Polygon" else []

    @property
    def line(self) -> np.ndarray | None:
        return self.coords[0] if self.geometry_type == "LineString" else None

    @property
    def bbox(self) -> BBox:
        return bbox_of([self])


# ---------------------------------------------------------------- loading


def _read_collection(path: str | Path) -> tuple[Path, list[dict]]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise GeoDataError(f"{path}: geographic data file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeoDataError(f"{path}: cannot read GeoJSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise GeoDataError(f"{path}: not a GeoJSON FeatureCollection")
    return path, data["features"]


def _ring_array(coords, path: Path, where: str, min_points: int) -> np.ndarray:
    try:
        arr = np.asarray(coords, dtype=float)
    except (TypeError, ValueError):
        raise GeoDataError(f"{path}: {where}: coordinates are not numbers") from None
    if arr.ndim != 2 or arr.shape[1] < 2 or arr.shape[0] < min_points:
        raise GeoDataError(f"{path}: {where}: expected at least {min_points} [lon, lat] positions")
    arr = arr[:, :2]
    if not np.all(np.isfinite(arr)):
        raise GeoDataError(f"{path}: {where}: non-finite coordinate")
    return arr


def load_geojson(path: str | Path) -> list[Feature]:
    """Load Polygon/MultiPolygon features of a GeoJSON FeatureCollection.

    Raises :class:`GeoDataError` (a ValueError naming the file) if the file is
    missing, not JSON, or not a collection of polygon features.
    """
    path, raw = _read_collection(path)
    features = []
    for n, f in enumerate(raw):
        try:
            props = dict(f.get("properties") or {})
            geom = f["geometry"]
            gtype, coords = geom["type"], geom["coordinates"]
        except (AttributeError, KeyError, TypeError):
            raise GeoDataError(f"{path}: feature {n}: missing geometry") from None
        name = str(props.get("name", f"feature {n}"))
        if gtype == "Polygon":
            coords = [coords]
        elif gtype != "MultiPolygon":
            raise GeoDataError(f"{path}: feature {n} ({name}): unsupported geometry {gtype!r}")
        polygons = [[_ring_array(r, path, f"feature {n} ({name})", 4) for r in poly] for poly in coords]
        polygons = [p for p in polygons if p]
        features.append(Feature(name=name, rings=[r for p in polygons for r in p],
                                properties=props, polygons=polygons))
    return features


def load_schematic(path: str | Path = SCHEMATIC_GEOJSON) -> list[SchematicFeature]:
    """Load the schematic shapes; each must have id, name, kind, approximate, note, source."""
    path, raw = _read_collection(path)
    features, seen = [], set()
    for n, f in enumerate(raw):
        try:
            props = dict(f["properties"])
            fid, gtype, coords = props["id"], f["geometry"]["type"], f["geometry"]["coordinates"]
        except (KeyError, TypeError):
            raise GeoDataError(f"{path}: feature {n}: needs properties.id and a geometry") from None
        where = f"feature {fid!r}"
        for key in ("name", "kind", "note", "source"):
            if not isinstance(props.get(key), str) or not props[key]:
                raise GeoDataError(f"{path}: {where}: property {key!r} missing")
        if props.get("approximate") is not True:
            raise GeoDataError(f"{path}: {where}: schematic shapes must say approximate: true")
        if props["kind"] not in SCHEMATIC_KINDS:
            raise GeoDataError(f"{path}: {where}: kind must be one of {SCHEMATIC_KINDS}")
        if fid in seen:
            raise GeoDataError(f"{path}: {where}: duplicate id")
        seen.add(fid)
        if gtype == "Polygon":
            arrays = [_ring_array(r, path, where, 4) for r in coords]
        elif gtype == "LineString":
            arrays = [_ring_array(coords, path, where, 2)]
        else:
            raise GeoDataError(f"{path}: {where}: geometry must be Polygon or LineString")
        features.append(SchematicFeature(id=fid, name=props["name"], kind=props["kind"],
                                         geometry_type=gtype, coords=arrays, properties=props))
    return features


@dataclass(eq=False)
class Cartography:
    """Hand-made choices for drawing the map, per view ("region", "comparison"): where a
    country's or a sea's name sits, and the countries drawn a shade apart (the conflict's)."""
    country_labels: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    sea_labels: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)
    focus: dict[str, set[str]] = field(default_factory=dict)


def load_cartography(path: str | Path = CARTOGRAPHY_GEOJSON) -> Cartography:
    """Read the map's label points and focus countries (Point features, or no geometry, with
    properties label = country | sea, view, name, and focus: true for a country of the conflict)."""
    path, raw = _read_collection(path)
    out = Cartography()
    for n, f in enumerate(raw):
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(props, dict) or props.get("label") not in ("country", "sea") \
                or not isinstance(props.get("view"), str) or not isinstance(props.get("name"), str):
            raise GeoDataError(f"{path}: feature {n}: needs properties label (country or sea), view and name")
        view, name, geom = props["view"], props["name"], f.get("geometry")
        point = None
        if geom is not None:
            if not isinstance(geom, dict) or geom.get("type") != "Point":
                raise GeoDataError(f"{path}: feature {n} ({name}): geometry must be a Point or null")
            point = tuple(float(v) for v in _ring_array([geom.get("coordinates")], path,
                                                         f"feature {n} ({name})", 1)[0])
        if props["label"] == "sea":
            if point is None:
                raise GeoDataError(f"{path}: feature {n} ({name}): a sea label needs a point")
            out.sea_labels.setdefault(view, []).append((name, *point))
            continue
        if point is not None:
            out.country_labels[(view, name)] = point
        if props.get("focus") is True:
            out.focus.setdefault(view, set()).add(name)
    return out


def short_name(feature: SchematicFeature) -> str:
    """The name a schematic shape is labelled with on the map."""
    got = feature.properties.get("short_name")
    return got if isinstance(got, str) and got else feature.name.replace(" district", "")


def stands_for(feature: SchematicFeature) -> tuple[str, str] | None:
    """The rule that finds the store's entity a shape stands for: (place type, a word of its name),
    from the shape's ``stands_for`` property; None when it stands for nothing named in the memo."""
    rule = feature.properties.get("stands_for")
    if isinstance(rule, dict) and isinstance(rule.get("place_type"), str) and isinstance(rule.get("name_has"), str):
        return rule["place_type"], rule["name_has"].lower()
    return None


# ---------------------------------------------------------------- projection


class LocalProjection:
    """Equirectangular projection about (lat0, lon0), in km east (x) / north (y).

    Longitude is scaled by cos(lat0), so distances are true along the meridians
    and along the parallel lat0, and within ~1 % over the South Caucasus.
    y grows northwards (flip it for screen coordinates).
    """

    def __init__(self, lat0: float = DEFAULT_LAT0, lon0: float = DEFAULT_LON0):
        if not -89.0 < lat0 < 89.0:
            raise ValueError(f"lat0 must be between -89 and 89, got {lat0}")
        self.lat0 = float(lat0)
        self.lon0 = float(lon0)
        self.km_per_deg_lat = EARTH_RADIUS_KM * math.pi / 180.0
        self.km_per_deg_lon = self.km_per_deg_lat * math.cos(math.radians(self.lat0))

    def __repr__(self) -> str:
        return f"LocalProjection(lat0={self.lat0}, lon0={self.lon0})"

    def forward(self, lon, lat):
        """(lon, lat) in degrees -> (x, y) in km; scalars or numpy arrays."""
        x = (np.asarray(lon, dtype=float) - self.lon0) * self.km_per_deg_lon
        y = (np.asarray(lat, dtype=float) - self.lat0) * self.km_per_deg_lat
        return (float(x), float(y)) if x.ndim == 0 and y.ndim == 0 else (x, y)

    def inverse(self, x, y):
        """(x, y) in km -> (lon, lat) in degrees; scalars or numpy arrays."""
        lon = np.asarray(x, dtype=float) / self.km_per_deg_lon + self.lon0
        lat = np.asarray(y, dtype=float) / self.km_per_deg_lat + self.lat0
        return (float(lon), float(lat)) if lon.ndim == 0 and lat.ndim == 0 else (lon, lat)

    def forward_points(self, points: np.ndarray) -> np.ndarray:
        """An (N, 2) lon/lat array -> an (N, 2) array of km."""
        pts = np.asarray(points, dtype=float)
        x, y = self.forward(pts[:, 0], pts[:, 1])
        return np.column_stack([x, y])

    def forward_bbox(self, bbox: BBox) -> tuple[float, float, float, float]:
        """A lon/lat box -> (x_min, y_min, x_max, y_max) in km."""
        x0, y0 = self.forward(bbox[0], bbox[1])
        x1, y1 = self.forward(bbox[2], bbox[3])
        return (x0, y0, x1, y1)


# ---------------------------------------------------------------- measures


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance in km between points given in degrees (numpy-broadcast)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return float(d) if d.ndim == 0 else d


def nice_scale_bar_km(view_width_km: float) -> float:
    """A round scale-bar length (1, 2 or 5 x 10^k km) close to a fifth of the view width.

    "Close" is in ratio terms: 600 km -> 100, 1000 km -> 200, 90 km -> 20, 40 km -> 10.
    """
    if not (view_width_km > 0 and math.isfinite(view_width_km)):
        raise ValueError(f"view width must be a positive number of km, got {view_width_km}")
    target = view_width_km / 5.0
    exponent = math.floor(math.log10(target))
    candidates = [step * 10.0 ** e for e in (exponent, exponent + 1) for step in (1, 2, 5)]
    best = min(candidates, key=lambda v: abs(math.log(v / target)))
    return float(f"{best:.12g}")


def bbox_of(features: Iterable) -> BBox:
    """(west, south, east, north) of Features / SchematicFeatures / (N, 2) arrays."""
    arrays = []
    for f in features:
        if isinstance(f, np.ndarray):
            arrays.append(f)
        elif isinstance(f, SchematicFeature):
            arrays.extend(f.coords)
        else:
            arrays.extend(f.rings)
    if not arrays:
        raise ValueError("bbox_of: no coordinates")
    pts = np.concatenate([np.asarray(a, dtype=float)[:, :2] for a in arrays])
    west, south = pts.min(axis=0)
    east, north = pts.max(axis=0)
    return (float(west), float(south), float(east), float(north))


def point_in_ring(lon: float, lat: float, ring: np.ndarray) -> bool:
    """Ray-casting test of one point against one ring (closed or not), lon/lat degrees."""
    ring = np.asarray(ring, dtype=float)
    x, y = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    crosses = (y > lat) != (yn > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x + (lat - y) * (xn - x) / (yn - y)
    return bool(np.count_nonzero(crosses & (lon < x_at)) % 2)


def point_in_rings(lon: float, lat: float, rings: Sequence[np.ndarray]) -> bool:
    """Even-odd rule over several rings: inside an outer ring and not in one of its holes."""
    return sum(point_in_ring(lon, lat, r) for r in rings) % 2 == 1


def point_in_feature(lon: float, lat: float, feature) -> bool:
    """Whether (lon, lat) lies inside a Feature or a polygon SchematicFeature."""
    return point_in_rings(lon, lat, feature.rings)


def feature_at(lon: float, lat: float, features: Iterable):
    """The first feature containing (lon, lat), or None (for hover and click on the map)."""
    for f in features:
        rings = f.rings
        if not rings:
            continue
        west, south, east, north = bbox_of(rings)
        if west <= lon <= east and south <= lat <= north and point_in_rings(lon, lat, rings):
            return f
    return None


def ring_area_km2(ring: np.ndarray, projection: LocalProjection | None = None) -> float:
    """Unsigned area of one lon/lat ring in km² (local projection at the ring's centre)."""
    ring = np.asarray(ring, dtype=float)
    if projection is None:
        projection = LocalProjection(float(ring[:, 1].mean()), float(ring[:, 0].mean()))
    xy = projection.forward_points(ring)
    x, y = xy[:, 0], xy[:, 1]
    # each vertex with the next (the last with the first): np.roll's values, without its axis
    # handling, which cost more than the sum for the map's ~60 rings measured at start-up
    xn, yn = np.concatenate((x[1:], x[:1])), np.concatenate((y[1:], y[:1]))
    return float(abs(np.dot(x, yn) - np.dot(y, xn)) / 2)


def line_length_km(line: np.ndarray) -> float:
    """Length in km of a lon/lat polyline, summed great-circle segments."""
    line = np.asarray(line, dtype=float)
    if len(line) < 2:
        return 0.0
    return float(np.sum(haversine_km(line[:-1, 0], line[:-1, 1], line[1:, 0], line[1:, 1])))


# ---------------------------------------------------------------- drawing helpers


def outline_parts(ring: np.ndarray, bbox: BBox, tol: float = 1e-6) -> list[np.ndarray]:
    """A ring's outline without its clipping edges: the polylines left after removing the segments
    that run along the edge of ``bbox`` (where clipping collapsed a country onto the box).

    Fill a clipped polygon with the whole ring, stroke only these parts, and no straight
    box edge reads as a border.
    """
    ring = np.asarray(ring, dtype=float)
    slices = outline_slices(ring, bbox, tol)
    return [ring] if slices is None else [ring[i] for i in slices]


def touching_edges(rings: list[np.ndarray], bbox: BBox, tol: float = 1e-6) -> list[bool]:
    """For each ring, whether two of its points lie on the edge of ``bbox`` (only such a ring can
    have been clipped there): one numpy pass over every ring, where :func:`outline_slices` per ring
    cost ~40 µs each, most of them for rings that touch nothing (the map's ~90 at start-up)."""
    if not rings:
        return []
    xy = np.concatenate(rings)
    x, y = xy[:, 0], xy[:, 1]
    west, south, east, north = bbox
    near = (np.abs(x - west) < tol) | (np.abs(x - east) < tol) | (np.abs(y - south) < tol) | (np.abs(y - north) < tol)
    starts = np.cumsum([0] + [len(r) for r in rings[:-1]])
    return (np.add.reduceat(near.view(np.int8), starts) >= 2).tolist() if len(xy) else [False] * len(rings)


def outline_slices(ring: np.ndarray, bbox: BBox, tol: float = 1e-6) -> list[np.ndarray] | None:
    """:func:`outline_parts` as the indices of each part's points in ``ring`` (None: the whole
    ring), so that values kept per vertex (simplification weights) follow the parts."""
    if len(ring) < 2:
        return []
    west, south, east, north = bbox
    x, y = ring[:, 0], ring[:, 1]
    on_edge = [np.abs(x - west) < tol, np.abs(x - east) < tol, np.abs(y - south) < tol, np.abs(y - north) < tol]
    # segment i joins point i and i+1; it is a clip edge when both ends lie on the same box side
    clip = np.zeros(len(ring) - 1, dtype=bool)
    for side in on_edge:
        clip |= side[:-1] & side[1:]
    if not clip.any():
        return None
    # each run of kept segments [s, e) is the polyline of points s..e (found with numpy: a loop over
    # the segments in Python cost most of the map's borders at start-up)
    runs = np.diff(np.concatenate(([0], (~clip).view(np.int8), [0])))
    parts = [np.arange(s, e + 1) for s, e in zip(np.flatnonzero(runs == 1).tolist(), np.flatnonzero(runs == -1).tolist())]
    closed = bool(np.all(np.abs(ring[0] - ring[-1]) <= 1e-8 + 1e-5 * np.abs(ring[-1])))  # np.allclose's test, without its cost
    if closed and len(parts) > 1 and not clip[0] and not clip[-1]:
        # the ring's seam falls inside a kept run: join its last part to its first
        parts[0] = np.concatenate([parts.pop(), parts[0][1:]])
    return [p for p in parts if len(p) >= 2]


def length_inside_km(line: np.ndarray, feature) -> float:
    """Length in km of the part of a lon/lat polyline inside a feature (its segments' midpoints
    decide; lines are densified to ~1 km first, so the error is about a kilometre per crossing)."""
    line = np.asarray(line, dtype=float)
    if len(line) < 2:
        return 0.0
    total = 0.0
    for a, b in zip(line[:-1], line[1:]):
        seg_km = float(haversine_km(a[0], a[1], b[0], b[1]))
        steps = max(1, int(math.ceil(seg_km)))
        t = (np.arange(steps) + 0.5) / steps
        mids = a + np.outer(t, b - a)
        inside = sum(point_in_feature(float(x), float(y), feature) for x, y in mids)
        total += seg_km * inside / steps
    return total


def label_point(feature) -> tuple[float, float]:
    """A lon/lat point for a feature's label: the vertex-average of its largest outer ring,
    moved to the ring's bbox centre when that lies inside (better for concave shapes)."""
    if isinstance(feature, SchematicFeature) and feature.geometry_type == "LineString":
        line = feature.line
        lengths = np.concatenate([[0.0], np.cumsum(haversine_km(line[:-1, 0], line[:-1, 1],
                                                                 line[1:, 0], line[1:, 1]))])
        half = lengths[-1] / 2
        i = int(np.searchsorted(lengths, half, side="right")) - 1
        i = min(max(i, 0), len(line) - 2)
        span = lengths[i + 1] - lengths[i]
        t = 0.0 if span == 0 else (half - lengths[i]) / span
        x, y = line[i] + t * (line[i + 1] - line[i])
        return float(x), float(y)
    polygons = getattr(feature, "polygons", None) or [feature.rings]
    outer = max((p[0] for p in polygons if p), key=lambda r: ring_area_km2(r))
    west, south, east, north = bbox_of([outer])
    cx, cy = (west + east) / 2, (south + north) / 2
    if point_in_rings(cx, cy, [outer]):
        return float(cx), float(cy)
    mx, my = outer[:, 0].mean(), outer[:, 1].mean()
    return float(mx), float(my)
