"""The label placer (core.views.labels) places exactly what its reference does — the placer before
it was made cheaper, kept in ``label_reference.py`` — the same names, at the same boxes (the
candidates' own box objects), in the same order: on the inputs the network, the map and the
timeline give it while selections are made in the memo's window, and on random inputs built to
reach its corners (overlaps, the edges of the view and of its rows, ties in priority, marks,
relaxed and forced boxes)."""

from __future__ import annotations

import datetime as dt
import random
import sys
from types import SimpleNamespace

import label_reference as ref
import numpy as np
from PySide6.QtWidgets import QApplication

from karabakh_desktop import bench
from karabakh_desktop.core import naming
from karabakh_desktop.core.views import labels
from karabakh_desktop.gui.views.timeline import names

VIEWS = {"karabakh_desktop.core.views.network", "karabakh_desktop.core.views.map",
         "karabakh_desktop.gui.views.timeline.names"}


def _both(cands, obstacles=(), marks=(), cell=48.0):
    """(placer's answer, reference's answer) as lists of (key, box) in the order placed."""
    got = labels.place(list(cands), obstacles=list(obstacles), marks=list(marks), cell=cell)
    want = ref.place(list(cands), obstacles=list(obstacles), marks=list(marks), cell=cell)
    return list(got.items()), list(want.items())


def _identical(got, want) -> bool:
    return got == want and all(g is w for (_, g), (_, w) in zip(got, want))


def test_the_views_real_placements_are_the_references(window, qtbot, monkeypatch):
    """Every placement the three views ask for while things are selected (one by one, added to the
    selection), in a time window and under another naming choice, checked against the reference."""
    win = window
    qtbot.waitExposed(win)
    win.resize(1366, 768)
    seen: list[tuple[str, int, bool]] = []
    placer = labels.place

    def checked(candidates, *, obstacles=(), marks=(), cell=48.0):
        cands, obstacles, marks = list(candidates), list(obstacles), list(marks)
        got = placer(cands, obstacles=obstacles, marks=marks, cell=cell)
        want = ref.place(cands, obstacles=obstacles, marks=marks, cell=cell)
        seen.append((sys._getframe(1).f_globals["__name__"], len(got),
                     _identical(list(got.items()), list(want.items()))))
        return got

    monkeypatch.setattr(labels, "place", checked)
    monkeypatch.setattr(names, "place", checked)
    s = win.session
    items = bench._sample_items(s.catalog, 45)
    sids = [r[0] for r in s.db.execute("SELECT id FROM sentences ORDER BY id")]
    steps = [(s.select, item) for item in items] + [(s.select, f"sentence:{sid}") for sid in sids[::25]]
    steps[10:10] = [(lambda item: s.select(item, add=True), "russia")]
    steps[20:20] = [(s.set_time_window, (dt.date(2020, 9, 27), dt.date(2020, 11, 10)))]
    steps[30:30] = [(s.set_naming, naming.AZ), (s.set_time_window, None)]
    for do, arg in steps:
        do(arg)
        for _ in range(3):
            QApplication.processEvents()
    assert {view for view, _, _ in seen} >= VIEWS
    # names were placed, not only asked for (the map takes a selection's names laid out before from its memo)
    assert sum(n for _, n, _ in seen) > 800
    assert [view for view, _, same in seen if not same] == []


def _box(rng: random.Random, w: float, h: float, cell: float):
    """A label's box: mostly in the view, some over its edges, some on a row's edge, some empty."""
    kind = rng.random()
    bw, bh = rng.choice([rng.uniform(0, 120), rng.randint(0, 4) * 10.0]), rng.choice([rng.uniform(0, 30), 12.0, cell])
    if kind < 0.15:  # on a row's edge (a multiple of the cell) — top, bottom or both
        x, y = rng.uniform(-20, w), rng.randint(-1, int(h // cell) + 1) * cell - rng.choice([0.0, bh])
    elif kind < 0.3:  # over an edge of the view
        x, y = rng.choice([rng.uniform(-bw, 0), rng.uniform(w - bw, w + 10)]), rng.uniform(-bh, h)
    else:
        x, y = rng.uniform(0, w - bw), rng.uniform(0, h - bh)
    if rng.random() < 0.3:
        x, y = round(x), round(y)  # whole pixels: boxes that touch without overlapping
    b = (x, y, x + bw, y + bh)
    return list(b) if rng.random() < 0.3 else b  # the network's boxes are lists


def _layout(rng: random.Random):
    w, h = rng.uniform(150, 900), rng.uniform(100, 650)
    cell = rng.choice([8.0, 13.0, 32.0, 48.0, 64.0, 100.0])
    pool = [_box(rng, w, h, cell) for _ in range(rng.randint(1, 30))]  # shared boxes: contested spots

    def box():
        return rng.choice(pool) if rng.random() < 0.35 else _box(rng, w, h, cell)

    def flags(n):
        out = [rng.random() < 0.6 for _ in range(n + rng.choice([0, 0, 0, -1, 1]))]
        return [np.bool_(v) for v in out] if rng.random() < 0.2 else out  # the map's are numpy's

    cands = []
    for k in range(rng.randint(0, 70)):
        boxes = [box() for _ in range(rng.choice([1, 1, 2, 3, 9]))]
        key = rng.randint(0, 5) if rng.random() < 0.05 else k  # a key asked for twice
        prio = rng.choice([(rng.randint(0, 2),), (rng.randint(-2, 0), rng.randint(0, 1), k % 3)])
        cands.append(labels.Candidate(
            key, prio, boxes, None if rng.random() < 0.3 else flags(len(boxes)),
            flags(len(boxes)) if rng.random() < 0.4 else None, box() if rng.random() < 0.15 else None))
    obstacles = [box() for _ in range(rng.choice([0, 0, 1, 4, 10]))]
    marks = [box() for _ in range(rng.choice([0, 0, 2, 14, 40]))]
    return cands, obstacles, marks, cell


def test_random_placements_are_the_references():
    rng = random.Random(20210823)
    placed = dropped = relaxed = forced = 0
    for n in range(600):
        cands, obstacles, marks, cell = _layout(rng)
        got, want = _both(cands, obstacles, marks, cell)
        assert _identical(got, want), n
        out = dict(got)
        placed += len(out)
        dropped += len({c.key for c in cands} - set(out))
        for c in cands:
            b = out.get(c.key)
            forced += b is not None and b is c.forced and not any(b is x for x in c.boxes)
            relaxed += (b is not None and c.clear is not None and c.relaxed is not None
                        and any(b is x and not ok for x, ok in zip(c.boxes, c.clear)))
    # the corners were reached: names left out, boxes over marks, boxes of last resort
    assert placed > 3000 and dropped > 1000 and relaxed > 50 and forced > 50, (placed, dropped, relaxed, forced)


def test_ties_keep_their_order_and_a_cell_changes_nothing():
    spot = (0.0, 0.0, 40.0, 12.0)
    cands = [labels.Candidate(k, (0,), [spot]) for k in "abc"]
    assert labels.place(cands) == {"a": spot}
    rng = random.Random(7)
    for _ in range(100):
        cands, obstacles, marks, _ = _layout(rng)
        first, *others = (list(labels.place(cands, obstacles=obstacles, marks=marks, cell=c).items())
                          for c in (4.0, 48.0, 1000.0))
        assert all(o == first for o in others)


def test_the_timeline_tries_the_same_names_first_as_a_full_sort_does():
    """A view with more events than are named: the selection's first, then the longest, ties in
    the view's order — kept per view and brought forward per selection, as sorting them all did."""
    rng = np.random.default_rng(3)
    n_events, n_segs = 700, 1200
    geo = names.NameGeometry.__new__(names.NameGeometry)
    geo.lx0 = rng.integers(0, 50, n_segs).astype(float)  # whole pixels: many ties in length
    geo.lx1 = geo.lx0 + rng.integers(0, 30, n_segs)
    seg_event = rng.integers(0, n_events, n_segs)
    geo._per_event = {}
    for seg in rng.permutation(n_segs).tolist():
        geo._per_event.setdefault(int(seg_event[seg]), []).append(seg)
    geo._spans, geo._by_span = {}, None
    per_event = geo._per_event
    for k in range(30):
        levels = np.zeros(n_events, dtype=np.int8)
        levels[rng.integers(0, n_events, k * 5)] = rng.integers(1, 3, k * 5)
        geo.model = SimpleNamespace(levels=levels, selection_on=k % 5 != 0)
        lvl = levels if geo.model.selection_on else np.zeros(n_events, dtype=np.int8)
        span = {ev: float(geo.lx1[s].max() - geo.lx0[s].min()) for ev, s in per_event.items()}
        want = sorted(per_event, key=lambda ev: (-int(lvl[ev]), -span[ev]))[:names.MAX_NAMED]
        assert geo._first_named(per_event) == want
