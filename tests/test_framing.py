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


def _crowded_star(seed: int, n: int = 24):
    """A slide cell's worth of nodes (fixed seed): a few hubs close together with the rest tied to
    them, names 60–200 px wide — the memo's overview slide in miniature."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pts = rng.normal(size=(n, 2)) * (1 - 0.8 * (np.arange(n) < 5))[:, None]
    radii = np.round(rng.uniform(8, 20, n)).tolist()
    labels = [(float(round(rng.uniform(60, 200))), 20.0) for _ in range(n)]
    ties = sorted({tuple(sorted((int(rng.integers(0, 5)), k))) for k in range(5, n)} | {(0, 1), (1, 2), (0, 3)})
    return pts.tolist(), radii, labels, ties


def test_spread_stops_when_its_rounds_no_longer_help_and_keeps_the_best_it_met(monkeypatch):
    """Before: where the room is short the rounds pushed names back and forth to the last of 200
    (a third of a second for the memo's overview slide) and ended where the last push left them —
    here with names on top of each other (``crowded``). Now they stop once ``patience`` rounds
    bring nothing better, with the best arrangement met: here every name clear."""
    pts, radii, labels, ties = _crowded_star(2)
    rounds = []
    meet = framing._segments_meet_boxes
    monkeypatch.setattr(framing, "_segments_meet_boxes", lambda *a: rounds.append(1) or meet(*a))
    xy = framing.spread(pts, radii, labels, 1400.0, 650.0, ties=ties)
    assert len(rounds) < 120  # not all 200 rounds
    assert not framing.crowded(xy, radii, labels)
    assert (framing.spread(pts, radii, labels, 1400.0, 650.0, ties=ties, rounds=5000) == xy).all()  # stopped of itself
    for i, ((x, y), r, (lw, lh)) in enumerate(zip(xy, radii, labels)):  # inside the cell with its name
        assert r <= x and x + r + 2 + lw <= 1400.0 + 1e-6 and max(r, lh / 2) <= y <= 650.0 - max(r, lh / 2), i


def test_spread_clears_most_crowded_cells_and_keeps_names_off_ties():
    """Over thirty such cells the old rounds left names on top of each other in 29 (80 pairs); the
    best-kept arrangement leaves 7 (7 pairs), and no more names on ties (650 against 690)."""
    import numpy as np

    crowded = on_ties = 0
    for seed in range(30):
        pts, radii, labels, ties = _crowded_star(seed)
        xy = framing.spread(pts, radii, labels, 1400.0, 650.0, ties=ties)
        crowded += framing.crowded(xy, radii, labels)
        r, (w, h) = np.asarray(radii), np.asarray(labels).T
        t = np.asarray(ties)
        on_ties += int(framing._segments_meet_boxes(xy[t[:, 0]], xy[t[:, 1]], xy[:, 0] + r + 2, xy[:, 0] + r + 2 + w,
                                                    xy[:, 1] - h / 2, xy[:, 1] + h / 2).sum())
        d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) + np.eye(len(xy)) * 1e9
        assert (d >= np.add.outer(radii, radii) - 1e-6).all(), seed  # no disc on another, whatever the room
    assert crowded <= 10 and on_ties <= 690


def test_separate_moves_a_crowd_apart_all_at_once():
    """Forty discs dropped on a few spots of a roomy area (all pairs moved each round, with numpy):
    none closer to another than the gap, each inside the area."""
    import numpy as np

    rng = np.random.default_rng(4)
    pts = np.repeat(rng.uniform(100, 300, (4, 2)), 10, axis=0) + rng.normal(0, 0.5, (40, 2))
    pts[:2] = pts[0]  # two on the very same spot
    radii = rng.uniform(6, 16, 40)
    xy = framing.separate(pts, radii, 900.0, 500.0, gap=6.0)
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) + np.eye(40) * 1e9
    assert (d >= np.add.outer(radii, radii) + 6.0 - 1e-6).all()
    assert (xy >= radii[:, None] - 1e-9).all() and (xy[:, 0] <= 900 - radii + 1e-9).all()
    assert (xy[:, 1] <= 500 - radii + 1e-9).all()
