"""Where each event sits on the timeline: lanes, rows and the geometry of its marks.

- Lanes group events by category or by actor; in actor lanes an event sits in the lane of each
  participant (so one event may have several marks).
- Inside a lane, marks that would overlap go to separate rows.
- A mark is made of segments, in seconds since 1970 (UTC), the unit of a date axis:
  a day-precise event is a *point* in the middle of its day; a period is a *bar* over the days it
  certainly covers; a date known only to the month or the year is a *fuzzy* segment over that
  whole month or year — never a false exact day. A period with uncertain ends gets a bar with
  fuzzy ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sqlite_utils import Database

POINT, BAR, FUZZY = 0, 1, 2
DAY = 86400.0
_EPOCH = dt.date(1970, 1, 1).toordinal()
NO_ACTOR = "(no participant)"
CATEGORY_ORDER = ("military", "diplomatic", "domestic_politics", "humanitarian", "reconstruction", "economic",
                  "publication")
MAX_ROWS = 12  # rows per lane before marks are allowed to overlap
ROW = 1.0  # height of a row in view units
LANE_GAP = 0.5


def seconds(day: dt.date | int) -> float:
    """Seconds since 1970-01-01 UTC at the start of a day (a date or a day ordinal)."""
    o = day.toordinal() if isinstance(day, dt.date) else day
    return (o - _EPOCH) * DAY


def _to_seconds(ordinals) -> np.ndarray:
    return (np.asarray(ordinals, dtype=np.int64) - _EPOCH) * DAY


def day_at(sec: float) -> dt.date:
    """The day whose start is nearest to ``sec`` (used to snap a brushed window to days)."""
    return dt.date.fromordinal(int(round(sec / DAY)) + _EPOCH)


def category_label(category: str) -> str:
    return (category or "other").replace("_", " ").capitalize()


@dataclass(eq=False, repr=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class EventTable:
    """Every event of a store, loaded once, ordered by when it may start."""

    ids: list[str]
    start: list[str]
    end: list[str | None]
    precision: list[str]
    category: list[str]
    place: list[str | None]
    participants: list[list[str]]
    context: np.ndarray  # bool
    m0: np.ndarray  # day ordinals: maybe from / to (exclusive)
    m1: np.ndarray
    s0: np.ndarray  # sure from / to; s0 >= s1 when nothing is certain
    s1: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def load_events(db: Database) -> EventTable:
    rows = db.execute("SELECT entity_id, start, end, precision, category, place_id, context, maybe_from, maybe_to, "
                      "sure_from, sure_to FROM events ORDER BY maybe_from, entity_id").fetchall()
    parts: dict[str, list[str]] = {}
    for event_id, entity_id in db.execute("SELECT event_id, entity_id FROM event_participants ORDER BY rowid"):
        parts.setdefault(event_id, []).append(entity_id)

    def o(text: str | None, default: int) -> int:
        return dt.date.fromisoformat(text).toordinal() if text else default

    return EventTable(
        ids=[r[0] for r in rows], start=[r[1] for r in rows], end=[r[2] for r in rows],
        precision=[r[3] for r in rows], category=[r[4] or "other" for r in rows], place=[r[5] for r in rows],
        participants=[parts.get(r[0], []) for r in rows],
        context=np.array([bool(r[6]) for r in rows], dtype=bool),
        m0=np.array([o(r[7], 0) for r in rows], dtype=np.int64),
        m1=np.array([o(r[8], 0) for r in rows], dtype=np.int64),
        s0=np.array([o(r[9], 1) for r in rows], dtype=np.int64),
        s1=np.array([o(r[10], 0) for r in rows], dtype=np.int64))


@dataclass(eq=False)
class Lane:
    key: str  # the category or the actor id
    top: float
    height: float

    @property
    def centre(self) -> float:
        return self.top + self.height / 2


@dataclass(eq=False, repr=False)
class Layout:
    mode: str
    lanes: list[Lane]
    mark_event: np.ndarray  # event index (into the EventTable) of each mark
    mark_lane: np.ndarray
    mark_y: np.ndarray  # centre of the mark's row
    seg_mark: np.ndarray  # mark of each segment
    seg_kind: np.ndarray  # POINT / BAR / FUZZY
    seg_x0: np.ndarray  # seconds
    seg_x1: np.ndarray
    height: float = 0.0
    marks_of: dict[int, list[int]] = field(default_factory=dict)  # event index -> its marks

    def x_extent(self) -> tuple[float, float]:
        if not len(self.seg_x0):
            now = seconds(dt.date.today())
            return now - 365 * DAY, now
        return float(self.seg_x0.min()), float(self.seg_x1.max())


def lanes_for(events: EventTable, mode: str) -> tuple[list[str], list[list[int]]]:
    """The lane keys in display order and, for each event, the lanes it sits in."""
    if mode == "category":
        present = set(events.category)
        keys = [c for c in CATEGORY_ORDER if c in present] + sorted(present - set(CATEGORY_ORDER))
        at = {k: i for i, k in enumerate(keys)}
        return keys, [[at[c]] for c in events.category]
    if mode != "actor":
        raise ValueError(f"lanes are by 'category' or 'actor', not {mode!r}")
    count: dict[str, int] = {}
    for ps in events.participants:
        for p in ps:
            count[p] = count.get(p, 0) + 1
    first_seen = {p: i for i, ps in reversed(list(enumerate(events.participants))) for p in ps}
    keys = sorted(count, key=lambda p: (-count[p], first_seen[p], p))
    if any(not ps for ps in events.participants):
        keys.append(NO_ACTOR)
    at = {k: i for i, k in enumerate(keys)}
    return keys, [[at[p] for p in dict.fromkeys(ps)] if ps else [at[NO_ACTOR]] for ps in events.participants]


def layout(events: EventTable, mode: str = "category") -> Layout:
    keys, event_lanes = lanes_for(events, mode)
    n = len(events)
    has_sure = events.s0 < events.s1
    span_days = int(events.m1.max() - events.m0.min()) if n else 1
    min_days = max(1, int(span_days * 0.012))  # room for a point's symbol at the full view
    # rows inside each lane, greedily, in start order
    per_lane: list[list[int]] = [[] for _ in keys]
    mark_event, mark_lane = [], []
    for i in range(n):
        for lane in event_lanes[i]:
            per_lane[lane].append(len(mark_event))
            mark_event.append(i)
            mark_lane.append(lane)
    mark_event_a = np.array(mark_event, dtype=np.int64)
    mark_row = np.zeros(len(mark_event), dtype=np.int64)
    lanes: list[Lane] = []
    top = 0.0
    for lane_no, marks in enumerate(per_lane):
        row_end: list[int] = []
        for m in marks:
            i = mark_event[m]
            a, b = int(events.m0[i]), max(int(events.m1[i]), int(events.m0[i]) + min_days)
            row = next((r for r, e in enumerate(row_end) if e <= a), None)
            if row is None:
                if len(row_end) < MAX_ROWS:
                    row = len(row_end)
                    row_end.append(b)
                else:
                    row = int(np.argmin(row_end))
            row_end[row] = max(row_end[row], b)
            mark_row[m] = row
        rows = max(1, len(row_end))
        lanes.append(Lane(keys[lane_no], top, rows * ROW))
        top += rows * ROW + LANE_GAP
    lane_top = np.array([ln.top for ln in lanes], dtype=float)
    mark_lane_a = np.array(mark_lane, dtype=np.int64)
    mark_y = lane_top[mark_lane_a] + (mark_row + 0.5) * ROW if len(mark_event) else np.zeros(0)
    # segments
    seg_mark, seg_kind, seg_x0, seg_x1 = [], [], [], []
    for m, i in enumerate(mark_event):
        m0, m1, s0, s1 = (int(v) for v in (events.m0[i], events.m1[i], events.s0[i], events.s1[i]))
        if has_sure[i] and m1 - m0 == 1 and (s0, s1) == (m0, m1) and not events.end[i]:
            seg_mark.append(m), seg_kind.append(POINT), seg_x0.append(m0), seg_x1.append(m1)
            continue
        if not has_sure[i]:
            seg_mark.append(m), seg_kind.append(FUZZY), seg_x0.append(m0), seg_x1.append(m1)
            continue
        if m0 < s0:
            seg_mark.append(m), seg_kind.append(FUZZY), seg_x0.append(m0), seg_x1.append(s0)
        seg_mark.append(m), seg_kind.append(BAR), seg_x0.append(s0), seg_x1.append(s1)
        if s1 < m1:
            seg_mark.append(m), seg_kind.append(FUZZY), seg_x0.append(s1), seg_x1.append(m1)
    marks_of: dict[int, list[int]] = {}
    for m, i in enumerate(mark_event):
        marks_of.setdefault(i, []).append(m)
    return Layout(mode=mode, lanes=lanes, mark_event=mark_event_a, mark_lane=mark_lane_a, mark_y=mark_y,
                  seg_mark=np.array(seg_mark, dtype=np.int64), seg_kind=np.array(seg_kind, dtype=np.int8),
                  seg_x0=_to_seconds(seg_x0), seg_x1=_to_seconds(seg_x1), height=max(top - LANE_GAP, ROW),
                  marks_of=marks_of)
