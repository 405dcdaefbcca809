"""The framing rules of slides (Qt-free): what a map, timeline and network slide show."""

import pytest

from karabakh_desktop.core.views import composition, framing


def test_a_map_box_contains_the_selection_with_surroundings_and_the_slide_shape():
    box = framing.box_around([(10.0, 20.0), (30.0, 25.0)], aspect=16 / 9, margin=0.5, min_span=50.0,
                             limits=(-500.0, 500.0, -500.0, 500.0))
    x0, x1, y0, y1 = box
    assert x0 < 10 and x1 > 30 and y0 < 20 and y1 > 25
    assert x1 - x0 >= 50 and y1 - y0 >= 50
    assert (x1 - x0) / (y1 - y0) == pytest.approx(16 / 9)
    assert x1 - x0 < 1000  # a small selection is not the whole region


def test_a_box_near_the_edge_moves_inside_the_data_and_a_huge_one_is_the_whole():
    x0, x1, y0, y1 = framing.box_around([(99.0, 0.0)], aspect=1.0, min_span=20.0, limits=(-100.0, 100.0, -100, 100))
    assert x1 <= 100 and x0 >= -100 and x0 <= 99 <= x1
    assert framing.box_around([(-90.0, -90.0), (90.0, 90.0)], aspect=1.0, margin=1.0,
                              limits=(-100.0, 100.0, -100.0, 100.0)) == (-100.0, 100.0, -100.0, 100.0)
    assert framing.box_around([], aspect=1.0) is None


def test_a_time_span_covers_events_and_window_with_margins():
    day = 86400.0
    a, b = framing.time_span([(100 * day, 110 * day), (150 * day, 151 * day)], margin=0.1, min_span=10 * day)
    assert a < 100 * day and b > 151 * day and b - a == pytest.approx(51 * day * 1.2)
    a, b = framing.time_span([(0.0, day)], min_span=60 * day)
    assert b - a == pytest.approx(60 * day)
    a, b = framing.time_span([], (10 * day, 20 * day))
    assert a < 10 * day and b > 20 * day
    assert framing.time_span([]) is None


def test_the_network_neighbourhood_is_the_selection_and_its_visible_neighbours():
    edges = [("a", "b"), ("c", "a"), ("b", "d"), ("a", "hidden")]
    assert framing.neighbourhood(edges, {"a"}, {"a", "b", "c", "d"}) == {"a", "b", "c"}
    assert framing.neighbourhood(edges, {"hidden"}, {"a", "b"}) == set()
    box = framing.network_box({"a": (0.0, 0.0), "b": (1.0, 0.0)}, {"a", "b"}, aspect=2.0)
    assert box[0] < 0 and box[1] > 1


def test_a_composition_gives_the_main_view_room_and_the_timeline_the_width():
    boxes = composition.compose(["timeline", "memo", "map"], 1800.0, 900.0, gap=10.0)
    assert set(boxes) == {"map", "memo", "timeline"}
    mx, my, mw, mh = boxes["map"]
    tx, ty, tw, th = boxes["timeline"]
    assert mw > boxes["memo"][2] and tw == 1800.0 and ty > my + mh
    for x, y, w, h in boxes.values():  # inside the area, not overlapping the others
        assert x >= 0 and y >= 0 and x + w <= 1800.0 + 1e-6 and y + h <= 900.0 + 1e-6
    assert composition.compose(["network"], 100.0, 50.0) == {"network": (0.0, 0.0, 100.0, 50.0)}


def test_a_time_span_can_leave_out_stragglers():
    day = 86400.0
    spans = [(0.0, day)] + [(10_000 * day + k * day, 10_000 * day + (k + 1) * day) for k in range(9)]
    a, b = framing.time_span(spans, keep=0.8, margin=0.0, min_span=0.0)
    assert a >= 10_000 * day and b <= 10_010 * day
    assert framing.time_span(spans, margin=0.0, min_span=0.0)[0] == 0.0
