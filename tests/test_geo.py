"""Tests of the Qt-free geographic core: TopoJSON decoding, clipping, projection, data files."""
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from karabakh_desktop.core import geo
from karabakh_desktop.core.geo import (
    COMPARISON_GEOJSON,
    KARABAKH_EXTENT,
    REGION_EXTENT,
    REGION_GEOJSON,
    SCHEMATIC_GEOJSON,
    GeoDataError,
    LocalProjection,
    bbox_of,
    feature_at,
    haversine_km,
    load_geojson,
    load_schematic,
    nice_scale_bar_km,
    point_in_feature,
    point_in_ring,
)

# The TopoJSON converter is a developer tool (tools/topojson.py), not part of the app.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import topojson  # noqa: E402

# ---------------------------------------------------------------- TopoJSON decoding

# Two unit squares side by side sharing the edge x = 1 (arc 1), quantized with
# scale 0.5 and translate (10, 20): quantized units are half-degrees.
TINY_TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "id": "001", "properties": {"name": "West"}, "arcs": [[0, 1]]},
        {"type": "MultiPolygon", "id": "002", "properties": {"name": "East"}, "arcs": [[[2, -2]]]},
    ]}},
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],   # (11,20) -> (10,20) -> (10,21) -> (11,21)
        [[2, 2], [0, -2]],                   # (11,21) -> (11,20)  the shared edge
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (11,21) -> (12,21) -> (12,20) -> (11,20)
    ],
}


def test_decode_arcs_undoes_quantization_and_delta_encoding():
    arcs = topojson.decode_arcs(TINY_TOPOLOGY)
    assert arcs[0] == [(11.0, 20.0), (10.0, 20.0), (10.0, 21.0), (11.0, 21.0)]
    assert arcs[1] == [(11.0, 21.0), (11.0, 20.0)]


def test_decode_polygon_and_multipolygon_with_reversed_arc():
    fc = topojson.decode(TINY_TOPOLOGY)
    assert fc["type"] == "FeatureCollection"
    west, east = fc["features"]
    assert west["properties"] == {"name": "West"} and west["id"] == "001"
    assert west["geometry"]["coordinates"] == [[[
        (11.0, 20.0), (10.0, 20.0), (10.0, 21.0), (11.0, 21.0), (11.0, 20.0)]]]
    # arc -2 is arc 1 reversed: (11,20) -> (11,21), closing the ring
    assert east["geometry"]["coordinates"] == [[[
        (11.0, 21.0), (12.0, 21.0), (12.0, 20.0), (11.0, 20.0), (11.0, 21.0)]]]


def test_decode_without_transform_keeps_absolute_coordinates():
    topo = {"type": "Topology", "arcs": [[[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 0.5]]],
            "objects": {"x": {"type": "Polygon", "arcs": [[0]], "properties": {"name": "T"}}}}
    fc = topojson.decode(topo, "x")
    assert fc["features"][0]["geometry"]["coordinates"][0][0][1] == (1.5, 0.5)


# ---------------------------------------------------------------- clipping


def _area(ring):
    return topojson._ring_area(ring)


def test_clip_square_by_box():
    square = [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]
    clipped = topojson.clip_ring(square, (1, 1, 3, 5))
    assert clipped[0] == clipped[-1]
    assert sorted(set(clipped)) == [(1, 1), (1, 4), (3, 1), (3, 4)]
    assert _area(clipped) == pytest.approx(6.0)


def test_clip_keeps_inside_ring_and_drops_outside_ring():
    ring = [(1, 1), (2, 1), (2, 2), (1, 1)]
    assert topojson.clip_ring(ring, (0, 0, 5, 5)) == ring
    assert topojson.clip_ring(ring, (3, 3, 5, 5)) == []


def test_clip_collection_filters_countries_and_adds_properties():
    fc = topojson.decode(TINY_TOPOLOGY)
    out = topojson.clip_collection(fc, (10.5, 19, 13, 22), ["west"], extra_properties={"source": "test"})
    assert [f["properties"]["name"] for f in out["features"]] == ["West"]
    ring = out["features"][0]["geometry"]["coordinates"][0][0]
    assert min(x for x, _ in ring) == 10.5 and _area(ring) == pytest.approx(0.5)
    assert out["features"][0]["properties"]["source"] == "test"


def test_simplify_drops_near_collinear_points_and_keeps_closure():
    ring = [(0, 0), (1, 0.001), (2, 0), (2, 2), (0, 2), (0, 0)]
    out = topojson.simplify(ring, 0.01)
    assert (1, 0.001) not in out and out[0] == out[-1] and len(out) == 5


def test_command_line_regeneration(tmp_path):
    src, out = tmp_path / "t.json", tmp_path / "o.geojson"
    src.write_text(json.dumps(TINY_TOPOLOGY))
    assert topojson.main([str(src), str(out), "--bbox", "10,20,11.5,21", "--countries", "East,West",
                          "--source", "tiny"]) == 0
    features = load_geojson(out)
    assert {f.name for f in features} == {"West", "East"}
    assert all(f.properties["source"] == "tiny" for f in features)


# ---------------------------------------------------------------- projection and measures


def test_projection_round_trip_scalar_and_array():
    p = LocalProjection(40.0, 46.5)
    x, y = p.forward(47.0, 40.5)
    assert isinstance(x, float)
    assert p.inverse(x, y) == pytest.approx((47.0, 40.5))
    lon = np.array([44.5, 46.5, 49.87])
    lat = np.array([40.18, 40.0, 40.41])
    xs, ys = p.forward(lon, lat)
    assert xs.shape == (3,) and xs[1] == 0 and ys[1] == 0
    back = p.inverse(xs, ys)
    np.testing.assert_allclose(back[0], lon)
    np.testing.assert_allclose(back[1], lat)


def test_projection_scale_at_40n():
    p = LocalProjection(40.0, 46.5)
    east, _ = p.forward(47.5, 40.0)
    _, north = p.forward(46.5, 41.0)
    assert east == pytest.approx(85.2, abs=0.5)    # 1 degree of longitude at 40N
    assert north == pytest.approx(111.2, abs=0.5)  # 1 degree of latitude
    assert p.forward(46.0, 39.0)[0] < 0 < p.forward(46.5, 41.0)[1]  # west negative, north positive
    np.testing.assert_allclose(p.forward_points(np.array([[47.5, 40.0]])), [[east, 0.0]])


def test_haversine():
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.19, abs=0.01)
    assert haversine_km(46.5, 40, 47.5, 40) == pytest.approx(85.2, abs=0.2)
    # Baku - Yerevan is about 460 km
    assert haversine_km(49.867, 40.409, 44.50, 40.18) == pytest.approx(455, abs=10)
    d = haversine_km(np.array([0, 0]), np.array([0, 0]), np.array([0, 1]), np.array([1, 0]))
    np.testing.assert_allclose(d, [111.19, 111.19], atol=0.01)


@pytest.mark.parametrize("width, bar", [(600, 100), (1000, 200), (90, 20), (40, 10), (5, 1),
                                        (2500, 500), (25, 5), (0.3, 0.05)])
def test_nice_scale_bar(width, bar):
    assert nice_scale_bar_km(width) == pytest.approx(bar)


def test_nice_scale_bar_rejects_nonsense():
    with pytest.raises(ValueError):
        nice_scale_bar_km(0)


def test_extents_are_sane():
    for w, s, e, n in (REGION_EXTENT, KARABAKH_EXTENT):
        assert w < e and s < n
    assert REGION_EXTENT[0] < KARABAKH_EXTENT[0] and KARABAKH_EXTENT[2] < REGION_EXTENT[2]


def test_point_in_ring_and_bbox_of():
    square = np.array([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], dtype=float)
    assert point_in_ring(1, 1, square) and not point_in_ring(3, 1, square)
    assert bbox_of([square]) == (0.0, 0.0, 2.0, 2.0)
    donut = geo.Feature("d", [square, square * 0.5 + 0.5])
    assert not point_in_feature(1, 1, donut) and point_in_feature(0.2, 0.2, donut)


# ---------------------------------------------------------------- shipped data


@pytest.fixture(scope="module")
def region():
    return {f.name: f for f in load_geojson(REGION_GEOJSON)}


def test_region_has_the_countries(region):
    for name in ("Azerbaijan", "Armenia", "Georgia", "Iran", "Turkey", "Russia", "Kazakhstan"):
        assert name in region
        assert region[name].properties["source"] == "Natural Earth via world-atlas countries-10m"
    assert region["Azerbaijan"].properties["iso_a3"] == "AZE"
    assert REGION_GEOJSON.stat().st_size < 300_000


def test_azerbaijan_has_nakhchivan(region):
    az = region["Azerbaijan"]
    assert len(az.rings) >= 2
    assert point_in_feature(45.41, 39.21, az)            # Nakhchivan city
    assert point_in_feature(49.867, 40.409, az)          # Baku
    # Nakhchivan is a ring of its own, apart from the mainland
    nakh = [r for r in az.rings if geo.point_in_ring(45.41, 39.21, r)]
    assert len(nakh) == 1 and not geo.point_in_ring(49.867, 40.409, nakh[0])


def test_cities_fall_in_their_countries(region):
    assert point_in_feature(44.50, 40.18, region["Armenia"])       # Yerevan
    assert not point_in_feature(44.50, 40.18, region["Azerbaijan"])
    assert feature_at(44.79, 41.72, region.values()).name == "Georgia"   # Tbilisi
    assert feature_at(46.29, 38.08, region.values()).name == "Iran"      # Tabriz
    assert feature_at(50.5, 42.0, region.values()) is None              # Caspian Sea


def test_comparison_loads():
    features = {f.name: f for f in load_geojson(COMPARISON_GEOJSON)}
    for name in ("Moldova", "Ukraine", "Russia", "Georgia", "Crimea"):
        assert name in features
    assert point_in_feature(29.64, 46.84, features["Moldova"])   # Tiraspol (Transdniestria)
    assert point_in_feature(41.02, 43.00, features["Georgia"])   # Sukhumi (Abkhazia)
    assert point_in_feature(34.10, 44.95, features["Crimea"])    # Simferopol
    assert features["Crimea"].properties["drawn_as"] == "Russia"
    assert COMPARISON_GEOJSON.stat().st_size < 300_000


SCHEMATIC_IDS = ["nkao-former", "peacekeeping-zone", "lachin-corridor", "zangezur-route",
                 "district-agdam", "district-kalbajar", "district-lachin", "district-fuzuli",
                 "district-jabrayil", "district-zangilan", "district-gubadli"]


def test_schematic_has_every_id_marked_approximate():
    shapes = {s.id: s for s in load_schematic(SCHEMATIC_GEOJSON)}
    assert set(SCHEMATIC_IDS) <= set(shapes)
    for s in shapes.values():
        assert s.properties["approximate"] is True
        assert s.properties["note"] and s.properties["source"]
        assert s.kind in ("area", "corridor", "route")
    assert shapes["lachin-corridor"].geometry_type == "LineString"
    assert shapes["zangezur-route"].geometry_type == "LineString"
    assert shapes["nkao-former"].geometry_type == "Polygon"


@pytest.mark.parametrize("town, lon, lat, shape_id", [
    ("Stepanakert", 46.7528, 39.8177, "nkao-former"), ("Shusha", 46.75, 39.76, "nkao-former"),
    ("Kalbajar", 46.04, 40.10, "district-kalbajar"), ("Lachin", 46.5461, 39.6383, "district-lachin"),
    ("Agdam", 46.93, 39.99, "district-agdam"), ("Fuzuli", 47.15, 39.60, "district-fuzuli"),
    ("Jabrayil", 47.03, 39.40, "district-jabrayil"), ("Zangilan", 46.65, 39.08, "district-zangilan"),
    ("Gubadli", 46.58, 39.34, "district-gubadli"),
])
def test_schematic_areas_hold_their_towns(town, lon, lat, shape_id):
    areas = [s for s in load_schematic() if s.geometry_type == "Polygon" and s.id != "peacekeeping-zone"]
    assert [s.id for s in areas if point_in_feature(lon, lat, s)] == [shape_id], town


def test_schematic_peacekeeping_zone_and_routes():
    shapes = {s.id: s for s in load_schematic()}
    pk = shapes["peacekeeping-zone"]
    assert point_in_feature(46.7528, 39.8177, pk)        # Stepanakert stayed under the peacekeepers
    assert not point_in_feature(46.75, 39.76, pk)        # Shusha did not
    line = shapes["lachin-corridor"].line
    assert tuple(line[0]) == (46.7528, 39.8177) and tuple(line[-1]) == (46.3389, 39.5111)
    zangezur = shapes["zangezur-route"].line
    assert any(tuple(p) == (46.2437, 38.9036) for p in zangezur)   # through Meghri
    assert tuple(zangezur[-1]) == (46.0236, 38.9058)                # to Ordubad
    for s in shapes.values():
        w, so, e, n = s.bbox
        assert REGION_EXTENT[0] < w and e < REGION_EXTENT[2] and REGION_EXTENT[1] < so and n < REGION_EXTENT[3]
    assert 3500 < geo.ring_area_km2(shapes["nkao-former"].rings[0]) < 5000   # NKAO: about 4,400 km²


# ---------------------------------------------------------------- errors


def test_broken_geojson_names_the_file(tmp_path):
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(GeoDataError, match="broken.geojson"):
        load_geojson(bad)
    with pytest.raises(ValueError):  # GeoDataError is a ValueError
        load_schematic(bad)


def test_missing_and_wrong_files(tmp_path):
    with pytest.raises(GeoDataError, match="nothere.geojson"):
        load_geojson(tmp_path / "nothere.geojson")
    wrong = tmp_path / "wrong.geojson"
    wrong.write_text(json.dumps({"type": "Feature"}))
    with pytest.raises(GeoDataError, match="wrong.geojson"):
        load_geojson(wrong)
    short = tmp_path / "short.geojson"
    short.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}]}))
    with pytest.raises(GeoDataError, match="short.geojson"):
        load_geojson(short)


def test_schematic_must_be_marked_approximate(tmp_path):
    f = tmp_path / "s.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "x", "name": "X", "kind": "route", "approximate": False,
                                           "note": "n", "source": "s"},
         "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}]}))
    with pytest.raises(GeoDataError, match="approximate"):
        load_schematic(f)


def test_core_does_not_import_qt():
    for module in (geo, topojson):
        text = Path(module.__file__).read_text(encoding="utf-8")
        assert "PySide" not in text and "PyQt" not in text


# ---------------------------------------------------------------- drawing helpers (map panel)


def test_outline_parts_drop_the_clipping_edges():
    box = (0.0, 0.0, 10.0, 10.0)
    # a country cut by the east edge: its outline there is the box edge, not a border
    ring = np.array([[5, 2], [10, 2], [10, 8], [5, 8], [4, 5], [5, 2]], dtype=float)
    parts = geo.outline_parts(ring, box)
    assert len(parts) == 1
    kept = parts[0]
    assert not any(np.allclose(a, [10, 2]) and np.allclose(b, [10, 8]) for a, b in zip(kept[:-1], kept[1:]))
    assert [tuple(p) for p in kept] == [(10, 8), (5, 8), (4, 5), (5, 2), (10, 2)]  # joined across the seam
    inner = np.array([[1, 1], [2, 1], [2, 2], [1, 1]], dtype=float)
    assert len(geo.outline_parts(inner, box)) == 1 and np.array_equal(geo.outline_parts(inner, box)[0], inner)


def test_outline_parts_of_shipped_countries_never_run_along_the_box(region):
    west, south, east, north = geo.REGION_DATA_EXTENT
    for f in region.values():
        for ring in f.rings:
            for part in geo.outline_parts(ring, geo.REGION_DATA_EXTENT):
                a, b = part[:-1], part[1:]
                along = ((np.isclose(a[:, 0], west) & np.isclose(b[:, 0], west)) |
                         (np.isclose(a[:, 0], east) & np.isclose(b[:, 0], east)) |
                         (np.isclose(a[:, 1], south) & np.isclose(b[:, 1], south)) |
                         (np.isclose(a[:, 1], north) & np.isclose(b[:, 1], north)))
                assert not along.any(), f.name


def test_length_inside_km_of_the_zangezur_route(region):
    zangezur = {s.id: s for s in load_schematic()}["zangezur-route"].line
    inside = geo.length_inside_km(zangezur, region["Armenia"])
    assert 25 < inside < 50  # "about 40 km" across Syunik
    assert inside < geo.line_length_km(zangezur)
    square = geo.Feature("sq", [np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)])
    line = np.array([[-1, 0.5], [2, 0.5]])
    assert geo.length_inside_km(line, square) == pytest.approx(geo.haversine_km(0, 0.5, 1, 0.5), rel=0.02)


def test_label_point_lies_inside(region):
    for name in ("Azerbaijan", "Armenia", "Georgia", "Iran"):
        lon, lat = geo.label_point(region[name])
        assert point_in_feature(lon, lat, region[name]), name
    corridor = {s.id: s for s in load_schematic()}["lachin-corridor"]
    lon, lat = geo.label_point(corridor)
    w, s, e, n = corridor.bbox
    assert w <= lon <= e and s <= lat <= n


def test_touching_edges_finds_every_ring_that_clipping_cut(region):
    rings = [r for f in region.values() for r in f.rings]
    touching = geo.touching_edges(rings, geo.REGION_DATA_EXTENT)
    assert len(touching) == len(rings) and any(touching) and not all(touching)
    for ring, touches in zip(rings, touching):
        if not touches:  # a ring that touches no edge is never cut
            assert geo.outline_slices(ring, geo.REGION_DATA_EXTENT) is None
    assert geo.touching_edges([], geo.REGION_DATA_EXTENT) == []
