"""The map's country outlines kept in the store by the build: a start reads two rows of arrays
instead of parsing the GeoJSON files (~6 ms), and gets each vertex's Douglas-Peucker weight, with
which the screen draws a border simplified to its resolution (Qt strokes a border's every vertex
at ~7,500 instructions; exports draw them all).

A row serves only while the file's bytes still have the row's fingerprint (their length and CRC-32:
it tells a changed file, and zlib is loaded at start-up anyway, where hashlib would load OpenSSL): a
changed file (or a store built before the table existed) is parsed as before. Qt-free.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import numpy as np

from . import geo

TABLE = "geo_outlines"


def projections() -> dict[str, tuple[float, float]]:
    """The files kept, each with the projection (lat0, lon0) its views draw it in (the weights are
    distances in that projection's km)."""
    from .views import map as mv

    return {geo.REGION_GEOJSON.name: mv.REGION_PROJECTION, geo.COMPARISON_GEOJSON.name: mv.COMPARISON_PROJECTION}


def dp_weights(xy: np.ndarray) -> np.ndarray:
    """Each vertex's Douglas-Peucker weight: the polyline simplified to tolerance ``t`` keeps exactly
    the vertices whose weight exceeds ``t`` (the ends weigh infinity). A vertex split off at
    distance d weighs min(d, its parent's weight), so a threshold never keeps an orphan."""
    n = len(xy)
    w = np.zeros(n)
    if n == 0:
        return w
    w[0] = w[-1] = np.inf
    stack = [(0, n - 1, np.inf)]
    while stack:
        a, b, parent = stack.pop()
        if b - a < 2:
            continue
        seg = xy[a + 1:b] - xy[a]
        dx, dy = xy[b] - xy[a]
        length = np.hypot(dx, dy)
        d = np.hypot(seg[:, 0], seg[:, 1]) if length == 0 else np.abs(seg[:, 0] * dy - seg[:, 1] * dx) / length
        i = int(np.argmax(d))
        m = a + 1 + i
        w[m] = min(float(d[i]), parent)
        stack += [(a, m, w[m]), (m, b, w[m])]
    return w


def fingerprint(data: bytes) -> str:
    return f"{len(data)}:{zlib.crc32(data):08x}"


def row_for(path: Path, projection: tuple[float, float]) -> dict:
    data = path.read_bytes()
    features = geo.load_geojson(path)
    proj = geo.LocalProjection(*projection)
    rings = [r for f in features for r in f.rings]
    layout = {"projection": list(projection),
              "features": [{"name": f.name, "properties": f.properties, "polygons": [[len(r) for r in p] for p in f.polygons]}
                           for f in features]}
    coords = np.concatenate(rings) if rings else np.zeros((0, 2))
    weights = np.concatenate([dp_weights(proj.forward_points(r)) for r in rings]) if rings else np.zeros(0)
    return {"file": path.name, "fingerprint": fingerprint(data), "layout": json.dumps(layout),
            "coords": np.ascontiguousarray(coords, dtype="<f8").tobytes(), "weights": weights.astype("<f8").tobytes()}


def fill(db) -> int:
    """Write the rows of the files the map reads (a build; the table is a knowledge table)."""
    rows = [row_for(geo.GEO_DIR / name, proj) for name, proj in projections().items()]
    db[TABLE].insert_all(rows, pk="file", replace=True)
    return len(rows)


def load(db, path: str | Path) -> list[geo.Feature]:
    """The features of ``path`` as :func:`geo.load_geojson` reads them, with their weights, from the
    store while its row matches the file; else parsed from the file (no weights)."""
    path = Path(path)
    try:
        row = db.execute(f"SELECT layout, coords, weights FROM [{TABLE}] WHERE file = ? AND fingerprint = ?",
                         (path.name, fingerprint(path.read_bytes()))).fetchone()
    except (OSError, sqlite3.Error):  # no file (load_geojson says so), a store without the table
        row = None
    if row is None:
        return geo.load_geojson(path)
    try:
        return _features(*row)
    except (ValueError, KeyError, TypeError, IndexError):  # a damaged row (a hand edit, a torn write): the file
        return geo.load_geojson(path)


def _features(layout: str, coords: bytes, weights: bytes) -> list[geo.Feature]:
    """A row's features: its rings cut from the arrays at each ring's offset, once."""
    layout = json.loads(layout)
    xy = np.frombuffer(coords, dtype="<f8").reshape(-1, 2).astype(float)  # (a writable copy)
    w = np.frombuffer(weights, dtype="<f8").astype(float)
    sizes = [n for f in layout["features"] for p in f["polygons"] for n in p]
    if sum(sizes) != len(xy) or len(w) != len(xy):
        raise ValueError("the row's arrays do not match its layout")
    cuts = np.cumsum(sizes)[:-1]
    rings, ring_ws = iter(np.split(xy, cuts)), iter(np.split(w, cuts))
    projection = tuple(layout["projection"])
    features = []
    for f in layout["features"]:
        polygons = [[next(rings) for _ in p] for p in f["polygons"]]
        ring_w = [next(ring_ws) for p in f["polygons"] for _ in p]
        features.append(geo.Feature(name=f["name"], rings=[r for p in polygons for r in p], properties=f["properties"],
                                    polygons=polygons, weights=ring_w, weights_projection=projection))
    return features
