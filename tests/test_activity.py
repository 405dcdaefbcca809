"""The activity rule: what is active, possibly active or inactive in a time window."""

from __future__ import annotations

import datetime as dt

import pytest

from karabakh_desktop.core import activity, dates
from karabakh_desktop.core.activity import ACTIVE, INACTIVE, POSSIBLY

D = dt.date


def reference_states(db, window):
    """The rule written out plainly, one item at a time, to check the vectorised index against."""
    ev = {}
    for eid, mf, mt, sf, st in db.execute("SELECT entity_id, maybe_from, maybe_to, sure_from, sure_to FROM events"):
        ext = dates.Extent((D.fromisoformat(mf), D.fromisoformat(mt)),
                           (D.fromisoformat(sf), D.fromisoformat(st)) if sf else None)
        ev[eid] = dates.overlap(ext, window)
    rank = {INACTIVE: 0, POSSIBLY: 1, ACTIVE: 2}
    best = lambda a, b: a if rank[a] >= rank[b] else b  # noqa: E731
    out = dict(ev)
    for (item,) in db.execute("SELECT id FROM entities WHERE kind IN ('actor', 'place')"):
        out.setdefault(item, INACTIVE)
    parts = {}
    for e, p in db.execute("SELECT event_id, entity_id FROM event_participants"):
        parts.setdefault(e, set()).add(p)
        out[p] = best(out.get(p, INACTIVE), ev[e])
    parents = dict(db.execute("SELECT entity_id, parent_id FROM places WHERE parent_id IS NOT NULL").fetchall())
    for e, place in db.execute("SELECT entity_id, place_id FROM events WHERE place_id IS NOT NULL"):
        seen = set()
        while place and place not in seen:
            seen.add(place)
            out[place] = best(out.get(place, INACTIVE), ev[e])
            place = parents.get(place)
    for rid, s, t, start, end in db.execute("SELECT id, source_id, target_id, start, end FROM relations"):
        if start:
            out[rid] = dates.overlap(dates.extent(start, end), window)
        else:
            state = INACTIVE
            for e, ps in parts.items():
                if s in ps and t in ps:
                    state = best(state, ev[e])
            out[rid] = state
    return out


WINDOWS = [
    (D(2020, 9, 27), D(2020, 11, 11)),  # the war
    (D(2020, 11, 1), D(2020, 11, 16)),  # half of November 2020
    (D(2008, 8, 10), D(2008, 8, 11)),  # one day inside a month-precision event
    (D(1995, 1, 1), D(1996, 1, 1)),
    (D(2021, 8, 23), D(2021, 8, 24)),  # the day of the memo
    (D(1900, 1, 1), D(1901, 1, 1)),  # before everything
]


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w[0]}..{w[1]}")
def test_index_agrees_with_the_plain_rule(db, window):
    assert activity.states(db, window) == reference_states(db, window)


def test_a_month_precision_event_half_covered_is_possibly_active(db):
    # "armenian-political-crisis" is known only as November 2020: any day of it may be the day.
    first_half = (D(2020, 11, 1), D(2020, 11, 16))
    assert activity.state_of(db, "armenian-political-crisis", first_half) == POSSIBLY
    assert activity.state_of(db, "armenian-political-crisis", (D(2020, 10, 1), D(2020, 12, 31))) == ACTIVE
    assert activity.state_of(db, "armenian-political-crisis", (D(2020, 12, 1), D(2020, 12, 31))) == INACTIVE
    # a day-precise event in the same half is simply active, and one outside it inactive
    assert activity.state_of(db, "capture-of-shusha", first_half) == ACTIVE
    assert activity.state_of(db, "french-senate-resolution-adopted", first_half) == INACTIVE


def test_core_overlap_with_month_precision():
    ext = dates.extent("2021-06")
    assert dates.overlap(ext, (D(2021, 6, 1), D(2021, 6, 16))) == POSSIBLY
    assert dates.overlap(ext, (D(2021, 6, 10), D(2021, 7, 2))) == POSSIBLY  # it may be 1–9 June
    assert dates.overlap(ext, (D(2021, 5, 20), D(2021, 7, 2))) == ACTIVE  # the whole month is inside
    assert dates.overlap(ext, (D(2021, 7, 1), D(2021, 8, 1))) == INACTIVE


def test_participants_and_places_take_the_best_state_of_their_events(db):
    war = (D(2020, 9, 27), D(2020, 11, 11))
    s = activity.states(db, war)
    assert s["war-2020"] == ACTIVE
    assert s["azerbaijan"] == ACTIVE  # a participant of the war
    assert s["shusha"] == ACTIVE  # the capture of Shusha happened there
    assert s["crimea-annexation"] == INACTIVE
    assert s["crimea"] == INACTIVE  # nothing happened there in the window


def test_no_window_means_everything_is_active(db):
    s = activity.states(db, None)
    kinds = dict(db.execute("SELECT id, kind FROM items").fetchall())
    assert set(s) >= set(kinds)
    assert set(s.values()) == {ACTIVE}
    assert activity.inactive_entities(db, None) == set()


def test_inactive_entities_lists_what_a_window_dims(db):
    inactive = activity.inactive_entities(db, (D(2014, 3, 1), D(2014, 4, 1)))
    assert "crimea-annexation" not in inactive
    assert "war-2020" in inactive and "shusha" in inactive


def test_the_kept_answer_follows_the_window(db):
    a, b = WINDOWS[0], WINDOWS[3]
    first = dict(activity.states(db, a))
    assert activity.states(db, b) != first
    assert activity.states(db, a) == first
    ranks = activity.index(db).ranks(a)
    assert not ranks.flags.writeable  # a shared answer cannot be changed by one panel
