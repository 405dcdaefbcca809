"""The one label placer (core.views.labels): greedy, by priority, never two labels on one spot."""

from hypothesis import given
from hypothesis import strategies as st

from karabakh_desktop.core.views.labels import Candidate, Occupancy, place


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_selection_gets_the_contested_spot():
    spot = (10.0, 10.0, 60.0, 22.0)
    cands = [Candidate("plain", (2, 0), [spot]), Candidate("selected", (0, 1), [spot])]
    assert place(cands) == {"selected": spot}


def test_a_label_takes_its_first_free_box_in_order():
    taken = (0.0, 0.0, 50.0, 10.0)
    other = (0.0, 20.0, 50.0, 30.0)
    got = place([Candidate("a", (0,), [taken]), Candidate("b", (1,), [taken, other])])
    assert got == {"a": taken, "b": other}


def test_clear_marks_and_obstacles_are_respected():
    box = (0.0, 0.0, 10.0, 10.0)
    assert place([Candidate("x", (0,), [box], clear=[False])]) == {}
    assert place([Candidate("x", (0,), [box])], obstacles=[(5.0, 5.0, 6.0, 6.0)]) == {}
    assert place([Candidate("x", (0,), [box])], marks=[(5.0, 5.0, 6.0, 6.0)]) == {}
    # relaxed: may go over a mark, never over a label or an obstacle
    assert place([Candidate("x", (0,), [box], relaxed=[True])], marks=[(5.0, 5.0, 6.0, 6.0)]) == {"x": box}
    assert place([Candidate("y", (0,), [box]), Candidate("x", (1,), [box], relaxed=[True])]) == {"y": box}


def test_a_forced_label_is_placed_even_over_others():
    box = (0.0, 0.0, 10.0, 10.0)
    got = place([Candidate("a", (0,), [box]), Candidate("must", (1,), [box], forced=box)])
    assert got == {"a": box, "must": box}


boxes = st.tuples(st.floats(0, 500), st.floats(0, 500), st.floats(1, 80), st.floats(1, 30)).map(
    lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@given(st.lists(st.lists(boxes, min_size=1, max_size=4), max_size=40), st.lists(boxes, max_size=5))
def test_placed_labels_never_overlap_each_other_or_an_obstacle(options, obstacles):
    cands = [Candidate(k, (k % 3, k), opts) for k, opts in enumerate(options)]
    got = place(cands, obstacles=obstacles, cell=32.0)
    rects = list(got.values())
    for n, a in enumerate(rects):
        assert not any(_overlap(a, o) for o in obstacles)
        assert not any(_overlap(a, b) for b in rects[n + 1:])
    for k, r in got.items():
        assert r in options[k]  # one of its own boxes
    # greedy: a label left out had every box taken by a label of equal or higher priority, or an obstacle
    for k, opts in enumerate(options):
        if k not in got:
            assert all(any(_overlap(b, o) for o in obstacles) or any(_overlap(b, r) for r in rects) for b in opts)


def test_occupancy_buckets_find_overlaps_across_cells():
    occ = Occupancy([(0.0, 0.0, 100.0, 5.0)], cell=8.0)
    assert not occ.free((90.0, 1.0, 95.0, 2.0))
    assert occ.free((101.0, 0.0, 120.0, 5.0))
