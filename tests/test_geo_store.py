"""The map's outlines kept in the store (core.geo_store): read as the GeoJSON parse reads them while
the file is unchanged, parsed again when it changed, weights that simplify as Douglas-Peucker does."""
import shutil
import sqlite3

import numpy as np
import pytest

from karabakh_desktop.core import geo, geo_store
from karabakh_desktop.core.build import build
from karabakh_desktop.core.store import open_store
from karabakh_desktop.core.views import map as mv


def _douglas_peucker(xy: np.ndarray, tol: float) -> np.ndarray:
    """The textbook recursion: the indices kept at tolerance ``tol``."""
    def rec(a, b):
        if b - a < 2:
            return []
        p, q = xy[a], xy[b]
        d = xy[a + 1:b] - p
        dx, dy = q - p
        length = np.hypot(dx, dy)
        dist = np.hypot(d[:, 0], d[:, 1]) if length == 0 else np.abs(d[:, 0] * dy - d[:, 1] * dx) / length
        i = int(np.argmax(dist))
        if dist[i] <= tol:
            return []
        m = a + 1 + i
        return rec(a, m) + [m] + rec(m, b)
    return np.array([0, *rec(0, len(xy) - 1), len(xy) - 1])


def test_weights_keep_what_douglas_peucker_keeps_at_any_tolerance():
    proj = geo.LocalProjection(*mv.REGION_PROJECTION)
    rings = [proj.forward_points(r) for f in geo.load_geojson(geo.REGION_GEOJSON) for r in f.rings]
    ring = max(rings, key=len)
    w = geo_store.dp_weights(ring)
    assert np.isinf(w[0]) and np.isinf(w[-1])
    for tol in (0.05, 0.25, 1.0, 5.0, 50.0):
        assert np.array_equal(np.flatnonzero(w > tol), _douglas_peucker(ring, tol))
    line = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])  # a straight line: its middle weighs nothing
    assert geo_store.dp_weights(line).tolist() == [np.inf, 0.0, np.inf]


def test_a_built_store_gives_the_outlines_as_parsed_with_their_weights(db):
    for path, projection in ((geo.REGION_GEOJSON, mv.REGION_PROJECTION), (geo.COMPARISON_GEOJSON, mv.COMPARISON_PROJECTION)):
        kept, parsed = geo_store.load(db, path), geo.load_geojson(path)
        assert [f.name for f in kept] == [f.name for f in parsed]
        for k, p in zip(kept, parsed):
            assert k.properties == p.properties
            assert [len(poly) for poly in k.polygons] == [len(poly) for poly in p.polygons]
            assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(k.rings, p.rings))
            assert k.weights_projection == projection and p.weights is None
            assert [len(w) for w in k.weights] == [len(r) for r in k.rings]
            k.rings[0][0, 0] += 0.0  # writable, as parsed arrays are


def test_a_changed_file_or_an_older_store_is_parsed_again(db, tmp_path, monkeypatch):
    changed = tmp_path / geo.REGION_GEOJSON.name
    shutil.copyfile(geo.REGION_GEOJSON, changed)
    with changed.open("a", encoding="utf-8") as fh:
        fh.write("\n")  # the same shapes, other bytes: the row no longer matches (its length and CRC)
    assert all(f.weights is None for f in geo_store.load(db, changed))
    assert all(f.weights is not None for f in geo_store.load(db, geo.REGION_GEOJSON))
    old = sqlite3.connect(":memory:")  # a store without the table
    assert [f.name for f in geo_store.load(old, geo.REGION_GEOJSON)] == [f.name for f in geo.load_geojson(geo.REGION_GEOJSON)]
    with pytest.raises(geo.GeoDataError):  # a missing file says so, as before
        geo_store.load(db, tmp_path / "nothere.geojson")


def test_a_rebuild_rewrites_the_rows_for_the_files_as_they_are_now(tmp_path, monkeypatch):
    geo_dir = tmp_path / "geo"
    shutil.copytree(geo.GEO_DIR, geo_dir)
    monkeypatch.setattr(geo, "GEO_DIR", geo_dir)
    out = tmp_path / "kb.db"
    from karabakh_desktop import paths

    build(paths.data_dir(), out)
    with (geo_dir / geo.REGION_GEOJSON.name).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    store = open_store(out, readonly=True)
    try:
        assert all(f.weights is None for f in geo_store.load(store, geo_dir / geo.REGION_GEOJSON.name))  # stale
    finally:
        store.close()
    build(paths.data_dir(), out)  # in place (user tables kept): the knowledge tables rewritten
    store = open_store(out, readonly=True)
    try:
        assert all(f.weights is not None for f in geo_store.load(store, geo_dir / geo.REGION_GEOJSON.name))
        assert store.execute("SELECT count(*) FROM geo_outlines").fetchone()[0] == 2
    finally:
        store.close()


@pytest.mark.parametrize("damage", ["layout", "coords", "weights"])
def test_a_damaged_row_is_read_from_the_file_instead(db, damage):
    """A row that matches the file but cannot be read (a hand edit, a torn write) never stops the map:
    the file is parsed, as for a store without the row."""
    row = dict(zip(("file", "fingerprint", "layout", "coords", "weights"), db.execute(
        "SELECT file, fingerprint, layout, coords, weights FROM geo_outlines WHERE file = ?",
        (geo.REGION_GEOJSON.name,)).fetchone()))
    row[damage] = {"layout": "{not json", "coords": row["coords"][:-8], "weights": row["weights"][:-8]}[damage]
    copy = sqlite3.connect(":memory:")
    copy.execute("CREATE TABLE geo_outlines (file TEXT PRIMARY KEY, fingerprint TEXT, layout TEXT, coords BLOB, weights BLOB)")
    copy.execute("INSERT INTO geo_outlines VALUES (:file, :fingerprint, :layout, :coords, :weights)", row)
    got = geo_store.load(copy, geo.REGION_GEOJSON)
    assert [f.name for f in got] == [f.name for f in geo.load_geojson(geo.REGION_GEOJSON)]
    assert all(f.weights is None for f in got)  # parsed, not read from the damaged row
