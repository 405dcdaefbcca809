"""What is active in a time window, for every panel alike.

- An event is active when its dates certainly fall in the window (its certain days touch it, or
  every day it may fall on is inside it), *possibly* active when only its uncertain span (a date
  known to the month or the year) touches it, inactive otherwise.
- A relation with its own dates is judged by them; an undated one by the events its two ends
  share; with neither it is inactive in any window (it is dimmed, never hidden).
- An actor or any other participant takes the best state of its events; a place the best state
  of the events there (and in the places inside it).

Every panel asks on every window change, so the rule is compiled once per store into arrays
(:class:`ActivityIndex`) and a window costs a few vectorised comparisons; the last answer is
kept, so the second panel to ask for the same window pays nothing.
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import TYPE_CHECKING

import numpy as np

from . import dates

if TYPE_CHECKING:
    from sqlite_utils import Database

ACTIVE, POSSIBLY, INACTIVE = dates.ACTIVE, dates.POSSIBLY, dates.INACTIVE
NAMES = (INACTIVE, POSSIBLY, ACTIVE)  # index = rank: 0 inactive, 1 possibly, 2 active

Window = tuple[dt.date, dt.date]


class ActivityIndex:
    """The activity rule compiled for one store.

    ``ids`` lists every item with a state (events first, in ``events`` table order).
    *Sources* carry their own dates (events, dated relations); every other item takes the best
    state of the sources it is linked to (participation, place and its parents, shared events).
    """

    def __init__(self, db: Database):
        q = db.execute
        ids: list[str] = []
        pos: dict[str, int] = {}

        def at(item: str) -> int:
            i = pos.get(item)
            if i is None:
                i = pos[item] = len(ids)
                ids.append(item)
            return i

        spans: list[tuple[int, int, int, int]] = []  # maybe from/to, sure from/to as day ordinals
        src_item: list[int] = []
        for eid, mf, mt, sf, st in q("SELECT entity_id, maybe_from, maybe_to, sure_from, sure_to FROM events"):
            src_item.append(at(eid))
            spans.append(_ordinals(mf, mt, sf, st))
        for (item,) in q("SELECT id FROM entities WHERE kind IN ('actor', 'place')"):
            at(item)
        links: list[tuple[int, int]] = []  # (source, item)
        events_of: dict[str, set[int]] = {}
        for event_id, entity_id in q("SELECT event_id, entity_id FROM event_participants"):
            ev = pos.get(event_id)
            if ev is None:
                continue
            links.append((ev, at(entity_id)))
            events_of.setdefault(entity_id, set()).add(ev)
        parents = dict(q("SELECT entity_id, parent_id FROM places WHERE parent_id IS NOT NULL").fetchall())
        for event_id, place_id in q("SELECT entity_id, place_id FROM events WHERE place_id IS NOT NULL"):
            ev, seen = pos[event_id], set()
            while place_id and place_id not in seen:
                seen.add(place_id)
                links.append((ev, at(place_id)))
                place_id = parents.get(place_id)
        for rid, s, t, start, end in q("SELECT id, source_id, target_id, start, end FROM relations"):
            r = at(rid)
            if start:
                try:
                    ext = dates.extent(start, end)
                    spans.append(_ordinals(ext.maybe[0], ext.maybe[1], *(ext.sure or (None, None))))
                except dates.DateError:
                    spans.append((0, 0, 1, 0))  # never overlaps: inactive in any window
                src_item.append(r)
            else:
                links.extend((ev, r) for ev in events_of.get(s, set()) & events_of.get(t, set()))
        self.ids = ids
        self.position = pos
        arr = np.array(spans, dtype=np.int64).reshape(-1, 4)
        self._m0, self._m1, self._s0, self._s1 = arr.T.copy()
        self._src_item = np.array(src_item, dtype=np.int64)
        link_arr = np.array(links, dtype=np.int64).reshape(-1, 2)
        self._link_src, self._link_item = link_arr.T.copy()
        self._names = np.array(NAMES, dtype=object)
        self._last: tuple[Window | None, np.ndarray] | None = None
        self._last_dict: tuple[Window | None, dict[str, str]] | None = None

    def source_states(self, window: Window | None) -> np.ndarray:
        """Rank (0/1/2) of every dated source (events first) in the window."""
        if window is None:
            return np.full(len(self._m0), 2, dtype=np.int8)
        w0, w1 = window[0].toordinal(), window[1].toordinal()
        maybe = (self._m1 > w0) & (self._m0 < w1)
        sure = ((self._s0 < w1) & (self._s1 > w0) & (self._s0 < self._s1)) | ((self._m0 >= w0) & (self._m1 <= w1))
        return np.where(maybe, np.where(sure, 2, 1), 0).astype(np.int8)

    def ranks(self, window: Window | None) -> np.ndarray:
        """Rank (0 inactive, 1 possibly, 2 active) of every item in :attr:`ids`; kept for the last window."""
        if self._last is not None and self._last[0] == window:
            return self._last[1]
        if window is None:
            out = np.full(len(self.ids), 2, dtype=np.int8)
        else:
            src = self.source_states(window)
            out = np.zeros(len(self.ids), dtype=np.int8)
            out[self._src_item] = src
            if len(self._link_item):
                np.maximum.at(out, self._link_item, src[self._link_src])
        out.flags.writeable = False
        self._last = (window, out)
        return out

    def states(self, window: Window | None) -> dict[str, str]:
        if self._last_dict is not None and self._last_dict[0] == window:
            return self._last_dict[1]
        out = dict(zip(self.ids, self._names[self.ranks(window)].tolist()))
        self._last_dict = (window, out)
        return out

    def inactive(self, window: Window | None) -> set[str]:
        if window is None:
            return set()
        ranks = self.ranks(window)
        return {self.ids[i] for i in np.flatnonzero(ranks == 0)}


def _ordinals(mf, mt, sf, st) -> tuple[int, int, int, int]:
    def o(d) -> int:
        return (d if isinstance(d, dt.date) else dt.date.fromisoformat(d)).toordinal()

    return (o(mf), o(mt), o(sf), o(st)) if sf else (o(mf), o(mt), 1, 0)


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def index(db: Database) -> ActivityIndex:
    """The compiled rule for this store connection, built on first use.

    The knowledge-base tables of an open store do not change (a rebuild writes a new file), so the
    index lives as long as the connection; call :func:`forget` after editing them in place."""
    idx = _INDEXES.get(db)
    if idx is None:
        idx = _INDEXES[db] = ActivityIndex(db)
    return idx


def forget(db: Database) -> None:
    _INDEXES.pop(db, None)


def states(db: Database, window: Window | None) -> dict[str, str]:
    """State of every event, participant, place and relation; with no window everything
    (every item of the store) is active."""
    if window is None:
        out = {item: ACTIVE for (item,) in db.execute("SELECT id FROM items")}
        out.update(index(db).states(None))
        return out
    return index(db).states(window)


def state_of(db: Database, item: str, window: Window | None) -> str:
    """One item's state; items the rule does not date (claims, figures…) are always active."""
    idx = index(db)
    i = idx.position.get(item)
    return ACTIVE if i is None else NAMES[idx.ranks(window)[i]]


def inactive_entities(db: Database, window: Window | None) -> set[str]:
    return index(db).inactive(window)
