"""The views' models (core.views): what each view shows, its state as JSON, hit-testing and label
placement — with no display and no Qt."""

import datetime as dt
import json
import subprocess
import sys

import numpy as np
import pytest

from karabakh_desktop.core import geo, graph
from karabakh_desktop.core import timeline_layout as tl
from karabakh_desktop.core.catalog import Catalog
from karabakh_desktop.core.touch import Touch, touches
from karabakh_desktop.core.views import map as mv
from karabakh_desktop.core.views import network as nv
from karabakh_desktop.core.views import timeline as tv


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_view_models_import_without_qt():
    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):\n"
            "            raise ImportError('no Qt in the core: ' + name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "import karabakh_desktop.core.views.network, karabakh_desktop.core.views.map\n"
            "import karabakh_desktop.core.views.timeline, karabakh_desktop.core.views.labels\n"
            "print('ok')\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


# --- network -------------------------------------------------------------------------------------------
@pytest.fixture
def net(db):
    m = nv.NetworkModel(graph.actor_network(db))
    pos = graph.circular(m.g)
    m.pos = np.array([pos[n] for n in m.node_ids])
    return m


def _pixels(m, w=900.0, h=650.0):
    lo, hi = m.pos.min(axis=0), m.pos.max(axis=0)
    k = min((w - 80) / (hi[0] - lo[0]), (h - 80) / (hi[1] - lo[1]))
    return np.stack([40 + (m.pos[:, 0] - lo[0]) * k, 40 + (hi[1] - m.pos[:, 1]) * k], axis=1)


def test_a_selection_sets_strong_soft_and_dim_looks(net, db):
    state = nv.NetworkState()
    net.apply(Touch(), state)
    assert set(net.node_state) == {"n"} and net.rest == "n"
    touch = touches(db, ["russia"])
    net.apply(touch, state)
    i = net.node_index["russia"]
    assert net.node_state[i] == "S" and net.top[-1] == i  # drawn last, on top
    assert net.node_size[i] == net.node_base[i] + nv.SELECTED_GROWTH
    touched = [v for v in net.node_ids if touch.level(v) == 1]
    assert touched and all(net.node_state[net.node_index[v]] == "s" for v in touched)
    assert {net.node_state[net.node_index[v]] for v in net.node_ids if touch.level(v) == 0} == {"d"}
    own = [e for e, rid in enumerate(net.edge_ids) if rid in touch.items]
    assert own and all(net.edge_state[e] == "s" for e in own)


def test_focus_keeps_the_neighbourhood_and_filters_hide_ties(net, db):
    touch = touches(db, ["russia"])
    net.apply(touch, nv.NetworkState(focus=1))
    i = net.node_index["russia"]
    neighbours = {int(b) for a, b in zip(net.edge_src, net.edge_dst) if a == i} | \
        {int(a) for a, b in zip(net.edge_src, net.edge_dst) if b == i}
    assert set(np.flatnonzero(net.node_visible)) == neighbours | {i}
    net.apply(Touch(), nv.NetworkState(hidden_signs={"conflictual"}))
    conflictual = [e for e, s in enumerate(net.edge_sign) if s == "conflictual"]
    assert conflictual and not net.edge_visible[conflictual].any()


def test_hit_testing_finds_nodes_and_ties_in_pixels(net):
    net.apply(Touch(), nv.NetworkState())
    xy = _pixels(net)
    i = net.node_index["russia"]
    assert net.node_at(xy, *xy[i]) == i
    assert net.node_at(xy, -500, -500) is None
    geo_ = net.edge_geometry(xy)
    e = next(e for e in range(len(net.edge_ids)) if geo_.drawn[e] and not geo_.bent[e])
    mid = (geo_.start[e] + geo_.end[e]) / 2
    assert net.edge_at(geo_, *mid) == e
    # a directed tie ends in an arrowhead whose tip stops short of the node's centre
    d = next(e for e in range(len(net.edge_ids)) if geo_.drawn[e] and geo_.directed[e])
    tip, centre = geo_.arrows[d, 0], xy[net.edge_dst[d]]
    assert 0 < np.hypot(*(tip - centre)) <= net.node_base[net.edge_dst[d]] / 2 + 4


def test_labels_do_not_overlap_and_the_selected_is_always_named(net, db):
    net.apply(touches(db, ["russia"]), nv.NetworkState())
    xy = _pixels(net)
    placed = net.place_labels(xy, 900, 650, lambda i, strong: (8.0 * len(net.node_ids[i]), 14.0), "degree")
    assert net.node_index["russia"] in {i for i, _ in placed}
    rects = [r for i, r in placed if net.node_state[i] != "S"]
    for n, a in enumerate(rects):
        assert not any(_overlap(a, b) for b in rects[n + 1:])
        assert a[0] >= 1 and a[1] >= 1 and a[2] <= 899 and a[3] <= 649


def test_the_label_order_is_by_state_then_rank_whatever_is_selected_or_hidden(net, db):
    # kept per visibility and measure, picked out per selection: always the visible nodes sorted by
    # (selected, touched, resting, dimmed) then rank, as one sort of them all gives it
    rng = np.random.default_rng(5)
    picks = [[], ["russia"], ["armenia", "azerbaijan"], *[[v] for v in net.node_ids[::7]]]
    for k, pick in enumerate(picks):
        net.apply(touches(db, pick) if pick else Touch(), nv.NetworkState())
        if k % 4 == 3:  # some nodes hidden, some dimmed
            net.node_visible = rng.random(len(net)) < 0.7
            net.node_state = np.where(rng.random(len(net)) < 0.2, "d", net.node_state)
        for measure in ("degree", "betweenness"):
            _, rank = net.size_and_rank(measure)
            st, vis = net.node_state, np.flatnonzero(net.node_visible)
            prio = np.select([st == "S", st == "s", st == "n"], [0, 1, 2], 3)
            want = vis[np.lexsort((rank[vis], prio[vis]))].tolist()
            assert net.label_order(measure) == want
            assert net._label_order(measure)[1] == sum(1 for i in want if st[i] in "Ss")


def test_label_spots_kept_for_a_view_place_the_labels_as_a_fresh_placement_does(net, db):
    # On screen the nodes' spots are kept per view (a selected node's apart); selection after selection
    # (a selected node's mark and bold name are bigger, then back; russia selected twice) the kept
    # placement is the fresh one.
    xy = _pixels(net)

    def sizes(i, strong):
        return (8.0 * len(net.node_ids[i]) + (30.0 if strong else 0.0), 28.0 if strong else 14.0)

    kept: dict = {}
    cover = None
    picks = [[], ["russia"], ["armenia"], ["russia", "azerbaijan"], [], ["russia"]]
    picks += [[v] for v in net.node_ids[::5]]
    for pick in picks:
        net.apply(touches(db, pick) if pick else Touch(), nv.NetworkState())
        if cover is None:
            cover = net.node_cover(xy, 900, 650, "degree")
        fresh = net.place_labels(xy, 900, 650, sizes, "degree", cover=cover)
        assert net.place_labels(xy, 900, 650, sizes, "degree", cover=cover, kept=kept) == fresh
        assert fresh
    assert len(kept) > 10


def test_network_state_round_trips_as_json_and_ignores_junk():
    s = nv.NetworkState("circular", "betweenness", "community", 2, True, {"signed"}, {"neutral"}, False,
                        ((0.0, 1.0), (-1.0, 2.0)))
    assert nv.NetworkState.from_json(json.loads(json.dumps(s.to_json()))) == s
    junk = nv.NetworkState.from_json({"layout": "spiral", "focus": 7, "range": "wide", "hidden_signs": 3})
    assert junk == nv.NetworkState()
    assert nv.NetworkState.from_json(None) == nv.NetworkState()


# --- map -------------------------------------------------------------------------------------------------
def test_shapes_stand_for_what_their_geojson_properties_say(db):
    places = mv.load_places(db)
    cat = Catalog(db)
    shapes = {f.id: f for f in geo.load_schematic()}
    got = mv.shape_entities(shapes, places, cat.kinds, cat.names)
    assert got["district-agdam"] == "agdam" and got["peacekeeping-zone"] == "russian-peacekeeping-zone"
    assert got["district-jabrayil"] is None  # a district the memo never names
    # the rule is data: change it and the shape stands for something else
    shapes["district-agdam"].properties["stands_for"] = {"place_type": "district", "name_has": "fuzuli"}
    assert mv.shape_entities(shapes, places, cat.kinds, cat.names)["district-agdam"] == "fuzuli"


def test_cartography_comes_from_the_data_folder(tmp_path):
    c = geo.load_cartography()
    assert c.focus["region"] == {"Azerbaijan", "Armenia"}
    assert ("region", "Georgia") in c.country_labels and c.sea_labels["region"]
    bad = tmp_path / "cartography.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}))
    with pytest.raises(geo.GeoDataError, match="cartography.geojson"):
        geo.load_cartography(bad)


def _region(db):
    places = mv.load_places(db)
    proj, inside, xy = mv.layer_places(mv.REGION, list(places.values()))
    layer = mv.LayerModel(mv.REGION, proj, [p.id for p in inside], xy, {p.id: n for n, p in enumerate(inside)},
                          rank=mv.label_ranks(mv.REGION, inside), names=[p.id for p in inside],
                          name_w=np.array([7.0 * len(p.id) for p in inside]))
    layer.pins = [p.id for p in places.values() if p.id not in layer.index]
    layer.pin_xy = proj.forward_points(np.array([[places[p].lon, places[p].lat] for p in layer.pins]))
    return layer


def test_far_places_are_pinned_to_the_view_edge_pointing_their_way(db):
    layer = _region(db)
    view = (-400.0, 400.0, -300.0, 300.0)
    pos = mv.place_pins(layer, view, (800.0, 600.0), str, lambda font, text: 7.0 * len(text))
    moscow = pos[layer.pins.index("moscow")]
    assert -400 < moscow[0] < 400 and moscow[1] == pytest.approx(300 - mv.PIN_INSET_PX, abs=1)  # north edge
    assert layer.pin_labels["moscow"][0] == "↖ moscow"  # north-west of this view's centre


def test_hit_testing_and_names_on_the_map(db):
    layer = _region(db)
    x, y = layer.xy[layer.index["baku"]]
    assert mv.hit(layer, float(x), float(y), 1.0) == ("place", "baku")
    t = (1.0, -1.0, 500.0, 400.0)  # 1 px per km, north up, origin at (500, 400)
    lay = mv.NameLayout(t, (0.0, 0.0, 1000.0, 800.0), ((0.0, 0.0, 50.0, 50.0),),
                        {"place": 12.0, "country": 12.0, "sea": 12.0, "shape": 11.0}, 10.0)
    base, markers = mv.base_layout(layer, lay)
    assert base
    sel = mv.selection_layout(layer, base, markers, lay, {"shusha": 2, "khankendi-stepanakert": 1}, {})
    assert "place:shusha" in sel
    rects = [e.rect for k, e in sel.items() if k != "place:shusha"]
    for n, a in enumerate(rects):
        assert not any(_overlap(a, b) for b in rects[n + 1:])
        assert not _overlap(a, (0.0, 0.0, 50.0, 50.0))


def test_markers_answer_many_boxes_at_once_as_one_at_a_time():
    rng = np.random.default_rng(7)
    markers = mv.Markers(rng.uniform(0, 400, 300), rng.uniform(0, 300, 300), mv.MARKER_PX)
    x, y = rng.uniform(-20, 420, 500), rng.uniform(-20, 320, 500)
    w, h = rng.uniform(1, 120, 500), rng.uniform(1, 40, 500)  # names spanning one row to several
    boxes = list(zip(x.tolist(), y.tolist(), (x + w).tolist(), (y + h).tolist()))
    got = markers.free_all(boxes)
    assert got == [markers.free(b) for b in boxes]
    assert 50 < sum(got) < 450  # both answers are exercised
    assert markers.free_all([]) == []


def test_selection_names_are_laid_out_as_with_one_marker_lookup_a_box(db, monkeypatch):
    layer = _region(db)
    lay = mv.NameLayout((1.0, -1.0, 500.0, 400.0), (0.0, 0.0, 1000.0, 800.0), ((0.0, 0.0, 50.0, 50.0),),
                        {"place": 12.0, "country": 12.0, "sea": 12.0, "shape": 11.0}, 10.0)
    base, markers = mv.base_layout(layer, lay)
    levels = {p: 1 for p in layer.ids}  # every place touched: many boxes to check against the markers
    levels["shusha"] = 2
    levels.update({p: 1 for p in layer.pins})
    got = mv.selection_layout(layer, base, markers, lay, levels, {})
    monkeypatch.setattr(mv.Markers, "free_all", lambda self, boxes: [self.free(b) for b in boxes])
    want = mv.selection_layout(layer, base, markers, lay, levels, {})
    assert {k: (e.text, e.rect) for k, e in got.items()} == {k: (e.text, e.rect) for k, e in want.items()}
    assert len(got) > 5


def test_map_state_round_trips_as_json():
    s = mv.MapState(mv.COMPARISON, (27.0, 38.5, 50.5, 50.5), False, True)
    assert mv.MapState.from_json(json.loads(json.dumps(s.to_json()))) == s
    assert mv.MapState.from_json({"view": "moon", "extent": [1, 2]}) == mv.MapState()


# --- timeline -----------------------------------------------------------------------------------------------
@pytest.fixture
def timeline(db):
    return tv.TimelineModel(tl.load_events(db))


def test_style_keys_follow_the_selection_and_the_window(timeline):
    m = timeline
    war = m.event_pos["war-2020"]
    segs = np.flatnonzero(m.seg_event == war)
    assert {tv.decode_style(int(k))[1] for k in m.styles()} == {1}  # nothing selected: all normal
    m.set_selection({"war-2020"}, set())
    levels = {tv.decode_style(int(k))[1] for k in m.styles()[segs]}
    assert levels == {3}
    others = np.flatnonzero(m.seg_event != war)
    assert {tv.decode_style(int(k))[1] for k in m.styles()[others]} == {0}
    m.act[:] = 0
    assert {tv.decode_style(int(k))[2] for k in m.styles()} == {0}


def test_a_click_finds_the_segment_under_it(timeline):
    m = timeline
    war = m.event_pos["war-2020"]
    s = int(np.flatnonzero(m.seg_event == war)[0])
    x = (m.layout.seg_x0[s] + m.layout.seg_x1[s]) / 2
    assert m.event_at(x, m.seg_y[s], tl.DAY, 0.05) == "war-2020"
    assert m.event_at(x, m.layout.height + 50, tl.DAY, 0.05) is None


def test_windows_step_and_ticks_are_round_dates():
    assert tv.add_step(dt.date(2020, 1, 31), "month") == dt.date(2020, 2, 29)
    assert tv.window_from_seconds(tl.seconds(dt.date(2020, 3, 1)), tl.seconds(dt.date(2020, 3, 1))) == \
        (dt.date(2020, 3, 1), dt.date(2020, 3, 2))
    ticks = tv.date_ticks(tl.seconds(dt.date(2019, 1, 1)), tl.seconds(dt.date(2022, 1, 1)), 12)
    assert 3 <= len(ticks) <= 12 and all(tl.day_at(s).day == 1 for s, _ in ticks)
    years = tv.date_ticks(tl.seconds(dt.date(1988, 1, 1)), tl.seconds(dt.date(2026, 1, 1)), 8)
    assert all(label.isdigit() for _, label in years) and len(years) <= 8
    # the whole calendar, and beyond it on both sides: round years, no error
    whole = tv.date_ticks(tl.seconds(dt.date.min) - 1e9, tl.seconds(dt.date.max) + 1e9, 10)
    assert 2 <= len(whole) <= 10 and all(int(label) % 1000 == 0 for _, label in whole)


def test_timeline_state_round_trips_as_json():
    s = tv.TimelineState((1.0, 2.0), (0.0, 9.0), "actor", "year", (dt.date(2020, 9, 27), dt.date(2020, 11, 11)), True)
    assert tv.TimelineState.from_json(json.loads(json.dumps(s.to_json()))) == s
    assert not tv.TimelineState.from_json({"window": ["not a day"]}).has_window
    cleared = tv.TimelineState.from_json({"window": None})
    assert cleared.has_window and cleared.window is None


def test_the_arrow_keys_go_to_the_nearest_item_that_way():
    from karabakh_desktop.core.views.keyboard import nearest_in_direction

    #   0 (0,0)   1 (10,1)   2 (30,0)
    #   3 (1,10)             4 (12,40)
    xy = np.array([(0, 0), (10, 1), (30, 0), (1, 10), (12, 40)], dtype=float)
    assert nearest_in_direction(xy, 0, "right") == 1
    assert nearest_in_direction(xy, 1, "right") == 2
    assert nearest_in_direction(xy, 2, "right") is None
    assert nearest_in_direction(xy, 0, "down") == 3  # y grows downwards on screen
    assert nearest_in_direction(xy, 3, "up") == 0
    assert nearest_in_direction(xy, 1, "left") == 0
    assert nearest_in_direction(xy, 3, "down") == 4
    usable = np.array([True, False, True, True, True])
    assert nearest_in_direction(xy, 0, "right", usable) == 2  # off screen or hidden: skipped
    assert nearest_in_direction(xy, None, "right") == 0  # no current item: the top left
    assert nearest_in_direction(np.zeros((0, 2)), None, "left") is None


def test_edge_arrows_point_at_selected_places_out_of_view():
    from karabakh_desktop.core.views.map import edge_arrows

    view, px = (0.0, 100.0, 0.0, 100.0), (400.0, 300.0)
    out = edge_arrows({"in": (50, 50), "west": (-200, 50), "north": (50, 900)}, view, px, inset=16, top=30)
    got = {pid: (x, y, a) for pid, x, y, a in out}
    assert set(got) == {"west", "north"}
    x, y, a = got["west"]
    assert a == "←" and x == pytest.approx(16) and y == pytest.approx(150)
    x, y, a = got["north"]
    assert a == "↑" and y == pytest.approx(30) and x == pytest.approx(200)  # below the title strip


def test_selection_names_do_not_depend_on_the_order_the_selection_lists_its_items(db):
    # ``levels`` comes from a frozenset: its order changes with Python's hash seed from one process to the
    # next. Names placed must not (a slide exported twice must be the same slide).
    layer = _region(db)
    lay = mv.NameLayout((1.0, -1.0, 500.0, 400.0), (0.0, 0.0, 1000.0, 800.0), ((0.0, 0.0, 50.0, 50.0),),
                        {"place": 12.0, "country": 12.0, "sea": 12.0, "shape": 11.0}, 10.0)
    mv.place_pins(layer, (-400.0, 400.0, -300.0, 300.0), (800.0, 600.0), str, lambda font, text: 7.0 * len(text))
    base, markers = mv.base_layout(layer, lay)
    levels = {p: 1 for p in layer.ids}
    levels.update({p: 1 for p in layer.pins})
    levels["shusha"] = 2
    assert layer.pin_labels
    placed = []
    for order in (list(levels), list(reversed(levels)), sorted(levels, key=lambda p: p[::-1])):
        got = mv.selection_layout(layer, base, markers, lay, {p: levels[p] for p in order}, {})
        placed.append({k: (e.text, e.rect) for k, e in got.items()})
    assert placed[0] == placed[1] == placed[2]
