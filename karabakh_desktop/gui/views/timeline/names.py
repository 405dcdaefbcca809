"""Where the timeline names its events, kept for the view it was worked out for.

Naming the events in view is most of the cost of drawing the timeline at 10,000 entities, and most
of it does not depend on the selection: which marks are in view and where, each name's width and
the boxes it may take, and which marks each box would cover. :class:`NameGeometry` keeps that for
one view (scale, offset, plot, style, lanes, naming); a new selection then only ranks the names
(the selection first, then the longest) and places them with the one label placer, so that it
costs a few milliseconds instead of the whole layout. An export works out its own, once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ....core import timeline_layout as tl
from ....core.views import timeline as tv
from ....core.views.labels import Candidate, Occupancy, place

CROWDED = 1500  # marks in view beyond which only the selection's events are named (and fast)
MAX_NAMED = 160  # at most this many names are tried per drawing: the selection first, then the longest
PAD = 4.0


@dataclass(slots=True, eq=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class _Name:
    """One event's name in one weight (plain, or bold for the selection)."""

    text: str
    a: float  # the event's marks in view, left and right (clipped to the plot)
    b: float
    boxes: list  # right of the marks, left of them, above them
    clear: list[bool]  # inside the plot
    covers_mark: list[bool]  # the box overlaps one of the marks in view
    bar_box: tuple | None  # on the event's own long bar, at its start (None: too short)
    bar_covers: frozenset  # the segments whose marks that box overlaps
    free: list[bool]  # inside the plot and over no mark (the placer's ``clear``)
    relaxed: list[bool]  # may go over a mark: inside the plot, and bold (the selection must be named)


class NameGeometry:
    """What naming the events costs in one view, worked out once (``view``: what identifies that
    view; None for a figure drawn once, as an export is)."""

    def __init__(self, figure, X, Y, plot, fms, event_label, view=None):
        m = figure.model
        L = m.layout
        self.view = view
        self.model, self.layout, self.seg_y, self.events = m, L, m.seg_y, m.events
        self.style, self.event_label = figure.style, event_label
        self.plot, self.fms = plot, fms
        x0s, x1s = X(L.seg_x0), X(L.seg_x1)
        self.ys = Y(m.seg_y)
        r = tv.POINT_SIZE * figure.style.mark_scale / 2
        self.is_point = L.seg_kind == tl.POINT
        self.half = np.where(self.is_point, r, np.abs(Y(tv.BAR_HALF) - Y(0.0)))
        self.lx0 = np.where(self.is_point, (x0s + x1s) / 2 - r, x0s)
        self.lx1 = np.where(self.is_point, (x0s + x1s) / 2 + r, x1s)
        in_view = ((self.lx1 >= plot.left()) & (self.lx0 <= plot.right()) & (self.ys >= plot.top())
                   & (self.ys <= plot.bottom()))
        self.in_view = in_view
        self.crowded = int(in_view.sum()) > CROWDED
        self._per_event: dict[int, list[int]] | None = None
        self._marks: Occupancy | None = None
        self._names: dict[tuple[int, bool], _Name] = {}
        self._spans: dict[int, float] = {}
        self._by_span: np.ndarray | None = None  # the events in view, the longest first

    def matches(self, figure, view, event_label) -> bool:
        m = figure.model
        return (view is not None and view == self.view and m is self.model and m.layout is self.layout
                and m.seg_y is self.seg_y and m.events is self.events and figure.style == self.style
                and event_label is self.event_label)

    # --- what does not depend on the selection ----------------------------------------------------
    def per_event(self) -> dict[int, list[int]]:
        """Each event in view → its segments in view (in the order of the segments)."""
        if self._per_event is None:
            self._per_event = self._group(np.flatnonzero(self.in_view))
        return self._per_event

    def _group(self, segs: np.ndarray) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        seg_event = self.model.seg_event
        for seg in segs.tolist():
            out.setdefault(int(seg_event[seg]), []).append(seg)
        return out

    def marks(self) -> Occupancy:
        """The marks in view, each box tagged with its segment (for ``Occupancy.overlapping``)."""
        if self._marks is None:
            segs = np.flatnonzero(self.in_view)
            lx0, lx1, ys, half = self.lx0[segs], self.lx1[segs], self.ys[segs], self.half[segs]
            self._marks = Occupancy((float(a), float(y - h), float(b), float(y + h), s) for a, b, y, h, s in
                                    zip(lx0.tolist(), lx1.tolist(), ys.tolist(), half.tolist(), segs.tolist()))
        return self._marks

    def span(self, ev: int, segs: list[int]) -> float:
        """How long the event's marks in view are (the longest are named first)."""
        got = self._spans.get(ev)
        if got is None:
            got = self._spans[ev] = float(self.lx1[segs].max() - self.lx0[segs].min())
        return got

    def name(self, ev: int, segs: list[int], bold: bool) -> _Name:
        got = self._names.get((ev, bold))
        if got is not None:
            return got
        plot, L = self.plot, self.layout
        text = self.event_label(self.events.ids[ev])
        fm = self.fms[1] if bold else self.fms[0]
        th, tw = fm.height(), fm.horizontalAdvance(text)
        a = max(float(self.lx0[segs].min()), plot.left())
        b = min(float(self.lx1[segs].max()), plot.right())
        yc, half = float(self.ys[segs[0]]), float(self.half[segs[0]])
        # a long bar carries its name, at its start; else the name goes right, left, or above
        on_bar = b - a > tw + 2 * PAD and not bool((L.seg_kind[segs] == tl.POINT).all())
        boxes = [(b + PAD, yc - th / 2, b + PAD + tw, yc + th / 2),
                 (a - PAD - tw, yc - th / 2, a - PAD, yc + th / 2),
                 (a, yc - half - th - 1, a + tw, yc - half - 1)]
        clear = [plot.left() <= bx[0] and bx[2] <= plot.right() and plot.top() <= bx[1] and bx[3] <= plot.bottom()
                 for bx in boxes]
        bar_box = (a + PAD, yc - th / 2, a + PAD + tw, yc + th / 2) if on_bar else None
        if self.crowded:  # a dense view does not weigh every mark
            covers, bar_covers = [False] * 3, frozenset()
        else:
            grid = self.marks()
            covers = [not grid.free(bx) for bx in boxes]
            bar_covers = frozenset(o[4] for o in grid.overlapping(bar_box)) if on_bar else frozenset()
        free = [ok and not hit for ok, hit in zip(clear, covers)]
        got = self._names[(ev, bold)] = _Name(text, a, b, boxes, clear, covers, bar_box, bar_covers, free,
                                              [ok and bold for ok in clear])
        return got

    def _first_named(self, per_event: dict[int, list[int]]) -> list[int]:
        """The ``MAX_NAMED`` events of ``per_event`` tried first: the selection's, then the longest
        (ties in the order of ``per_event``). The view's own events by length are kept: a selection
        only brings its own to the front (a stable sort by level) instead of sorting them all again."""
        m = self.model
        if per_event is not self._per_event:  # a dense view's selection: few, sorted as they come
            lvl = m.levels if m.selection_on else np.zeros(len(m.levels), dtype=np.int8)
            return sorted(per_event, key=lambda ev: (-int(lvl[ev]), -self.span(ev, per_event[ev])))[:MAX_NAMED]
        if self._by_span is None:
            self._by_span = np.array(sorted(per_event, key=lambda ev: -self.span(ev, per_event[ev])), dtype=np.int64)
        ranked = self._by_span
        if m.selection_on:
            ranked = ranked[np.argsort(-m.levels[ranked].astype(np.int64), kind="stable")]
        return ranked[:MAX_NAMED].tolist()

    # --- a selection --------------------------------------------------------------------------------
    def place(self, taken=()) -> tuple[dict[tuple, tuple], set]:
        """(event index, text) → (left, top, right, bottom) of the names placed for the model's
        selection now, and the keys of those placed on their own bars."""
        m = self.model
        if self.crowded:  # a dense view names its selection only
            if not m.selection_on:
                return {}, set()
            segs = np.flatnonzero(self.in_view & (m.levels[m.seg_event] > 0))
            per_event = self._group(segs)
        else:
            per_event = self.per_event()
        if len(per_event) > MAX_NAMED:
            keep = self._first_named(per_event)
            per_event = {ev: per_event[ev] for ev in keep}
        cands, bar_cands, long_bars = [], [], set()
        # the events' levels in one step (with no selection, every event counts as touched)
        levels = m.levels[list(per_event)].tolist() if m.selection_on and per_event else [1] * len(per_event)
        for (ev, segs), lvl in zip(per_event.items(), levels):
            must = lvl == 2  # the selection is always named, in bold
            n = self.name(ev, segs, must)
            key, rank = (ev, n.text), (-lvl, -(n.b - n.a), n.text)
            # over a mark only if it must (never over a name placed before it): the selection's, and in
            # a view that is not crowded what it touches (a slide's short timeline cell dropped the name
            # of an event right under a long bar: the event a presenter selected the place for)
            relaxed = n.relaxed if must or not (lvl == 1 and m.selection_on and not self.crowded) else n.clear
            cands.append(Candidate(key, rank, n.boxes, n.free, relaxed=relaxed))
            if n.bar_box is not None:
                bar_cands.append((key, rank, n))
                long_bars.update(segs)
        # first the names that sit on their own bars (over no other mark), then the rest around them
        on_bars = {}
        if bar_cands and not self.crowded:
            on_bars = place([Candidate(key, rank, [n.bar_box], [n.bar_covers <= long_bars])
                             for key, rank, n in bar_cands], obstacles=taken)
        rest = place([c for c in cands if c.key not in on_bars], obstacles=[*taken, *on_bars.values()])
        return {**rest, **on_bars}, set(on_bars)
