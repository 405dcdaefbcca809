"""What is active in a time window, for every panel alike.

- An event is active when its dates certainly fall in the window, *possibly* active when only
  its uncertain span (a date known to the month or the year) touches it, inactive otherwise.
- A relation with its own dates is judged by them; an undated one by the events its two ends
  share; with neither it is inactive in any window (it is dimmed, never hidden).
- An actor or any other participant takes the best state of its events; a place the best state
  of the events there (and in the places inside it).
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from . import dates

ACTIVE, POSSIBLY, INACTIVE = dates.ACTIVE, dates.POSSIBLY, dates.INACTIVE
_RANK = {INACTIVE: 0, POSSIBLY: 1, ACTIVE: 2}

Window = tuple[dt.date, dt.date]


def _best(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def event_states(db: Database, window: Window | None) -> dict[str, str]:
    out = {}
    for eid, mf, mt, sf, st in db.execute("SELECT entity_id, maybe_from, maybe_to, sure_from, sure_to FROM events"):
        ext = dates.Extent((dt.date.fromisoformat(mf), dt.date.fromisoformat(mt)),
                           (dt.date.fromisoformat(sf), dt.date.fromisoformat(st)) if sf else None)
        out[eid] = dates.overlap(ext, window)
    return out


def states(db: Database, window: Window | None) -> dict[str, str]:
    """State of every event, participant, place and relation; with no window everything is active."""
    ev = event_states(db, window)
    out: dict[str, str] = dict(ev)
    if window is None:
        for (item,) in db.execute("SELECT id FROM items"):
            out[item] = ACTIVE
        return out
    for (item,) in db.execute("SELECT id FROM entities WHERE kind IN ('actor', 'place')"):
        out.setdefault(item, INACTIVE)
    participants: dict[str, set[str]] = {}
    for event_id, entity_id in db.execute("SELECT event_id, entity_id FROM event_participants"):
        participants.setdefault(event_id, set()).add(entity_id)
        out[entity_id] = _best(out.get(entity_id, INACTIVE), ev.get(event_id, INACTIVE))
    parents = dict(db.execute("SELECT entity_id, parent_id FROM places WHERE parent_id IS NOT NULL").fetchall())
    for event_id, place_id in db.execute("SELECT entity_id, place_id FROM events WHERE place_id IS NOT NULL"):
        seen = set()
        while place_id and place_id not in seen:
            seen.add(place_id)
            out[place_id] = _best(out.get(place_id, INACTIVE), ev.get(event_id, INACTIVE))
            place_id = parents.get(place_id)
    for rid, s, t, start, end in db.execute("SELECT id, source_id, target_id, start, end FROM relations"):
        if start:
            try:
                state = dates.overlap(dates.extent(start, end), window)
            except dates.DateError:
                state = INACTIVE
        else:
            shared = [e for e, ps in participants.items() if s in ps and t in ps]
            state = INACTIVE
            for e in shared:
                state = _best(state, ev.get(e, INACTIVE))
        out[rid] = state
    return out


def inactive_entities(db: Database, window: Window | None) -> set[str]:
    if window is None:
        return set()
    return {k for k, v in states(db, window).items() if v == INACTIVE}
