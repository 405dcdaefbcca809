"""The timeline as a view: events laid out in lanes (``core.timeline_layout``), the segments drawn
for them, the style key of each segment for a selection and a time window, hit-testing, date
ticks and stepping a window. No Qt: the figure draws this.

x is in seconds since 1970 (UTC), y in rows (downwards). A segment is a point (an exact day), a
bar (a sure period) or a fuzzy span (known only to the month or year).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np

from .. import dates
from .. import timeline_layout as tl

STEPS = ("day", "month", "year")
LANE_MODES = ("category", "actor")
BAR_HALF = 0.3  # half the height of a bar, in rows
POINT_SIZE = 12  # a day's dot, in pixels
HEADROOM = 1.4  # rows above the first lane, for the publication label
# Style key of a segment: ((category × 4 + level) × 3 + activity) × 2 + context, then × 2 + fuzzy.
# level: 0 dimmed (something else is selected), 1 normal (nothing selected), 2 touched, 3 selected;
# activity: 0 inactive, 1 possibly active, 2 active in the time window.


def add_step(day: dt.date, unit: str, n: int = 1) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    months = n * (12 if unit == "year" else 1)
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unit_start(day: dt.date, unit: str) -> dt.date:
    return day if unit == "day" else day.replace(day=1) if unit == "month" else dt.date(day.year, 1, 1)


def decode_style(key: int) -> tuple[int, int, int, int, bool]:
    """(category index, level, activity, context, fuzzy) of a segment's style key."""
    fuzzy, key = bool(key % 2), key // 2
    return key // 24, (key // 6) % 4, (key // 2) % 3, key % 2, fuzzy


@dataclass
class TimelineState:
    """What a scene records of the timeline (and restores): the x (seconds) and y (rows) ranges,
    the lane mode, the step of Play, and the time window as ISO days (first, day after)."""
    x: tuple[float, float] | None = None
    y: tuple[float, float] | None = None
    lanes: str = "category"
    step: str = "month"
    window: tuple[dt.date, dt.date] | None = None
    has_window: bool = False  # whether the state says anything about the window (None clears it)

    def to_json(self) -> dict:
        out = {"lanes": self.lanes, "step": self.step,
               "window": None if self.window is None else [self.window[0].isoformat(), self.window[1].isoformat()]}
        if self.x is not None:
            out["x"] = list(self.x)
        if self.y is not None:
            out["y"] = list(self.y)
        return out

    @classmethod
    def from_json(cls, d: dict | None) -> TimelineState:
        d = d if isinstance(d, dict) else {}
        s = cls(lanes=d["lanes"] if d.get("lanes") in LANE_MODES else "category",
                step=d["step"] if d.get("step") in STEPS else "month")
        for name in ("x", "y"):
            got = d.get(name)
            try:
                a, b = got
                setattr(s, name, (float(a), float(b)))
            except (TypeError, ValueError):
                pass
        if "window" in d:
            w = d["window"]
            try:
                s.window = None if not w else (dt.date.fromisoformat(w[0]), dt.date.fromisoformat(w[1]))
                s.has_window = True
            except (TypeError, ValueError, IndexError):
                s.has_window = False
        return s


class TimelineModel:
    """The events, their layout in lanes, and each segment's look."""

    def __init__(self, events: tl.EventTable, mode: str = "category"):
        self.events = events
        self.event_pos = {e: i for i, e in enumerate(events.ids)}
        cats = sorted(set(events.category))
        self.categories = cats
        cat_index = {c: i for i, c in enumerate(cats)}
        self.event_cat = np.array([cat_index[c] for c in events.category], dtype=np.int64)
        self.levels = np.zeros(len(events), dtype=np.int8)  # 2 selected, 1 touched, 0 neither
        self.selection_on = False
        self.act = np.full(len(events), 2, dtype=np.int64)  # activity rank in the time window
        self.set_lanes(mode)

    def set_lanes(self, mode: str) -> None:
        self.mode = mode
        self.layout = L = tl.layout(self.events, mode)
        self.seg_y = L.mark_y[L.seg_mark] if len(L.seg_mark) else np.zeros(0)
        bars = L.seg_kind != tl.POINT
        self.bar_segs = np.flatnonzero(bars)
        self.point_segs = np.flatnonzero(~bars)
        self.seg_event = L.mark_event[L.seg_mark] if len(L.seg_mark) else np.zeros(0, dtype=np.int64)

    def bands(self) -> list[tuple[float, float]]:
        """(top, height) of every other lane's band."""
        return [(ln.top - tl.LANE_GAP / 2, ln.height + tl.LANE_GAP) for k, ln in enumerate(self.layout.lanes)
                if k % 2 == 1]

    def bar_boxes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """x0, x1, y0, y1 of the bars and fuzzy spans (in ``bar_segs`` order)."""
        L, b = self.layout, self.bar_segs
        return L.seg_x0[b], L.seg_x1[b], self.seg_y[b] - BAR_HALF, self.seg_y[b] + BAR_HALF

    def point_xy(self) -> tuple[np.ndarray, np.ndarray]:
        """x, y of the day points (in ``point_segs`` order)."""
        L, p = self.layout, self.point_segs
        return (L.seg_x0[p] + L.seg_x1[p]) / 2, self.seg_y[p]

    def set_selection(self, selected, touched) -> None:
        """Each event's level: only the selected and touched events are looked up (a selection touches
        a few of 10,000 events; walking them all was a millisecond of every selection)."""
        index = self.event_pos
        levels = np.zeros(len(self.events), dtype=np.int8)
        levels[[i for i in map(index.get, touched) if i is not None]] = 1
        levels[[i for i in map(index.get, selected) if i is not None]] = 2
        self.selection_on = bool(selected)
        self.levels = levels

    def styles(self) -> np.ndarray:
        """Each segment's style key (see the module's notes)."""
        ev = self.seg_event
        if self.selection_on:
            lvl = np.array([0, 2, 3], dtype=np.int64)[self.levels[ev]]
        else:
            lvl = np.ones(len(ev), dtype=np.int64)
        key = ((self.event_cat[ev] * 4 + lvl) * 3 + self.act[ev]) * 2 + self.events.context[ev]
        return key * 2 + (self.layout.seg_kind == tl.FUZZY)

    def segment_at(self, x: float, y: float, px: float, py: float) -> int | None:
        """The segment under a point (with a few pixels' tolerance; ``px``, ``py``: one pixel in view
        units), or None. The most precise wins: a point over a bar, a short bar over a long one."""
        L = self.layout
        if not len(L.seg_mark):
            return None
        seg_y = self.seg_y
        is_point = L.seg_kind == tl.POINT
        tol_x = np.where(is_point, POINT_SIZE / 2 + 2, 3) * px
        half_y = np.maximum(np.where(is_point, POINT_SIZE / 2 * py, BAR_HALF), 3 * py)
        x0 = np.where(is_point, (L.seg_x0 + L.seg_x1) / 2, L.seg_x0) - tol_x
        x1 = np.where(is_point, (L.seg_x0 + L.seg_x1) / 2, L.seg_x1) + tol_x
        hit = np.flatnonzero((x >= x0) & (x <= x1) & (np.abs(y - seg_y) <= half_y))
        if not len(hit):
            return None
        return int(hit[np.argmin((L.seg_x1[hit] - L.seg_x0[hit]) + np.abs(y - seg_y[hit]))])

    def event_at(self, x: float, y: float, px: float, py: float) -> str | None:
        s = self.segment_at(x, y, px, py)
        return None if s is None else self.events.ids[int(self.seg_event[s])]

    def step(self, window, unit: str, direction: int, view_left: float) -> tuple[dt.date, dt.date]:
        """The window one ``unit`` later (or earlier); a first one from the view's left edge."""
        if window is None:
            first = unit_start(tl.day_at(view_left), unit)
            return first, add_step(first, unit)
        return add_step(window[0], unit, direction), add_step(window[1], unit, direction)

    def last_day(self) -> dt.date | None:
        return dt.date.fromordinal(int(self.events.m1.max())) if len(self.events) else None

    def last_start(self) -> dt.date | None:
        """The day the last event starts: where Play stops (long periods run on into empty years)."""
        return dt.date.fromordinal(int(self.events.m0.max())) if len(self.events) else None

    def span_of(self, items) -> tuple[dt.date, dt.date] | None:
        """The days the events among ``items`` cover, as a time window; None if there are none."""
        idx = [self.event_pos[i] for i in items if i in self.event_pos]
        if not idx:
            return None
        a, b = int(self.events.m0[idx].min()), int(self.events.m1[idx].max())
        return dt.date.fromordinal(a), dt.date.fromordinal(max(b, a + 1))

    def dense_span(self, share: float = 0.75, min_days: int = 180) -> tuple[float, float] | None:
        """The shortest stretch of time (seconds) in which ``share`` of the events start, widened to
        ``min_days`` and padded by a tenth: the default view, where the story is told, rather than
        every event crammed into a corner of a century."""
        if not len(self.events):
            return None
        starts = np.sort(self.events.m0.astype(np.int64))
        k = max(1, int(np.ceil(share * len(starts))))
        widths = starts[k - 1:] - starts[:len(starts) - k + 1]
        i = int(np.argmin(widths))
        a, b = int(starts[i]), int(starts[i + k - 1]) + 1
        if b - a < min_days:
            mid = (a + b) / 2
            a, b = mid - min_days / 2, mid + min_days / 2
        pad = (b - a) / 10
        return tl.seconds(0) + (a - pad) * tl.DAY, tl.seconds(0) + (b + pad) * tl.DAY


def window_from_seconds(a: float, b: float) -> tuple[dt.date, dt.date]:
    """Whole days covering [a, b] seconds (at least one)."""
    first, after = tl.day_at(a), tl.day_at(b)
    if after <= first:
        after = first + dt.timedelta(days=1)
    return first, after


_TICK_STEPS = ((1, "day"), (7, "day"), (1, "month"), (3, "month"), (6, "month"), (1, "year"), (2, "year"),
               (5, "year"), (10, "year"), (20, "year"), (50, "year"), (100, "year"), (200, "year"), (500, "year"),
               (1000, "year"), (2000, "year"), (5000, "year"))


def date_ticks(x0: float, x1: float, max_ticks: int) -> list[tuple[float, str]]:
    """Round dates between two times (seconds), at most ``max_ticks`` of them: (seconds, label)."""
    # within the calendar: a view may reach past 1 January of year 1 or 31 December 9999
    x0 = max(x0, tl.seconds(dt.date.min))
    x1 = min(x1, tl.seconds(dt.date.max))
    if x1 <= x0 or max_ticks < 1:
        return []
    days = (x1 - x0) / tl.DAY
    approx = {"day": 1, "month": 30.44, "year": 365.25}
    n, unit = next(((n, u) for n, u in _TICK_STEPS if days / (n * approx[u]) <= max_ticks), _TICK_STEPS[-1])
    first = tl.day_at(x0)
    if unit == "year":
        year = first.year - first.year % n
        day = dt.date(year if year >= 1 else n, 1, 1)  # there is no year 0: the first round year is n
    elif unit == "month":
        day = dt.date(first.year, first.month - (first.month - 1) % n, 1)
    else:
        day = first
    out = []
    while tl.seconds(day) <= x1:
        s = tl.seconds(day)
        if s >= x0:
            label = (str(day.year) if unit == "year" else f"{day:%b} {day.year}" if unit == "month"
                     else dates.day_label(day))
            out.append((s, label))
        try:
            day = add_step(day, unit, n) if unit != "day" else day + dt.timedelta(days=n)
        except (ValueError, OverflowError):  # past the end of the calendar
            break
    return out


def lane_label_rows(lanes: list[tuple[float, float]], label_h: float, lo: float, hi: float) -> list[float | None]:
    """Where each lane's name goes, as the centre of a ``label_h``-high line, for lanes given as
    (top, bottom) in output pixels (top to bottom) inside ``lo``..``hi``; None: the name is left out.

    A name sits at its lane's centre, nudged (never beyond the lane) so that no two names overlap;
    where lanes are too thin for that, the names of the thinnest lanes are left out, never drawn
    over another."""
    shown = [k for k, (a, b) in enumerate(lanes) if b >= lo and a <= hi]
    while shown:
        ys = _stack([(max(lanes[k][0], lo), min(lanes[k][1], hi)) for k in shown], label_h, lo, hi)
        if ys is not None:
            out: list[float | None] = [None] * len(lanes)
            for k, y in zip(shown, ys):
                out[k] = y
            return out
        # the thinnest lane in view loses its name (the later one of equals: the earlier lanes lead)
        shown.remove(min(reversed(shown), key=lambda k: min(lanes[k][1], hi) - max(lanes[k][0], lo)))
    return [None] * len(lanes)


def _stack(bands: list[tuple[float, float]], h: float, lo: float, hi: float) -> list[float] | None:
    """Centres for one name per band, at least ``h`` apart, each inside its band and ``lo``..``hi``;
    None when that cannot be."""
    ys = [(a + b) / 2 for a, b in bands]
    ys[0] = max(ys[0], lo + h / 2)
    for k in range(1, len(ys)):  # push down what overlaps the name above
        ys[k] = max(ys[k], ys[k - 1] + h)
    ys[-1] = min(ys[-1], hi - h / 2)
    for k in range(len(ys) - 2, -1, -1):  # and back up from the bottom edge
        ys[k] = min(ys[k], ys[k + 1] - h)
    ok = all(a - 0.5 <= y <= b + 0.5 for y, (a, b) in zip(ys, bands))
    ok = ok and ys[0] - h / 2 >= lo - 0.5 and all(ys[k + 1] - ys[k] >= h - 1e-6 for k in range(len(ys) - 1))
    return ys if ok else None
