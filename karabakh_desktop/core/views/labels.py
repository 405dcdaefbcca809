"""One label placer for every view: greedy, non-overlapping, by priority.

A view proposes, for each thing it would name, a few boxes (left, top, right, bottom, in pixels of
the output) in the order it prefers them, and says which of them are clear of what the view
itself knows about (its marks, the edge of the view). The placer walks the candidates by
priority — the selection first — and gives each the first box that overlaps no label placed
before it and no obstacle; a candidate that must be named (the selection) gets a box of last
resort. Overlap is tested on a grid of buckets, so a layout costs about one test per label.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, top, right, bottom


class Occupancy:
    """Boxes, bucketed on a grid, for the overlap test."""

    def __init__(self, boxes: Iterable[Box] = (), cell: float = 48.0):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for b in boxes:
            self.add(b)

    def _keys(self, b: Box):
        c = self.cell
        for cx in range(int(b[0] // c), int(b[2] // c) + 1):
            for cy in range(int(b[1] // c), int(b[3] // c) + 1):
                yield cx, cy

    def add(self, b: Box) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)

    def overlapping(self, b: Box) -> list:
        """The boxes that overlap ``b``, each once (a box may carry more than its four sides: a tag)."""
        seen, out = set(), []
        for k in self._keys(b):
            for o in self.cells.get(k, ()):
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] and id(o) not in seen:
                    seen.add(id(o))
                    out.append(o)
        return out

    def free(self, b: Box) -> bool:
        # the placer's inner loop (a few tests per label per selection): the buckets are walked
        # inline rather than through ``_keys``, and an empty grid answers at once
        cells = self.cells
        if not cells:
            return True
        c = self.cell
        x0, y0, x1, y1 = b
        ys = range(int(y0 // c), int(y1 // c) + 1)
        for cx in range(int(x0 // c), int(x1 // c) + 1):
            for cy in ys:
                for o in cells.get((cx, cy), ()):
                    if x0 < o[2] and o[0] < x1 and y0 < o[3] and o[1] < y1:
                        return False
        return True


@dataclass(slots=True, eq=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class Candidate:
    """Something to name.

    ``boxes`` in the order they are preferred; ``clear[j]`` says box j is clear of the view's own
    obstacles (its marks, its edge) — a box is only taken when it also overlaps no placed label
    and none of the ``marks`` given to :func:`place`. When none is free, ``relaxed[j]`` (if given)
    lets box j go over marks, though never over a label; ``forced`` is where a label that must be
    shown goes when nothing else is free (it may then overlap).
    """
    key: Hashable
    priority: tuple
    boxes: Sequence[Box]
    clear: Sequence[bool] | None = None
    relaxed: Sequence[bool] | None = None
    forced: Box | None = None


def place(candidates: Iterable[Candidate], *, obstacles: Iterable[Box] = (), marks: Iterable[Box] = (),
          cell: float = 48.0) -> dict[Hashable, Box]:
    """Place the candidates, lowest ``priority`` first (ties keep their order); return key → box
    of those placed. ``obstacles`` (overlays: a legend, an inset) are never covered; ``marks``
    (the marks of the view that are not already in each candidate's ``clear``) are avoided unless
    a candidate's ``relaxed`` boxes allow it."""
    labels = Occupancy(obstacles, cell)
    drawn_marks = Occupancy(marks, cell)
    out: dict[Hashable, Box] = {}
    for c in sorted(candidates, key=lambda c: c.priority):
        boxes = c.boxes
        clear = c.clear if c.clear is not None else (True,) * len(boxes)
        chosen = next((b for b, ok in zip(boxes, clear) if ok and labels.free(b) and drawn_marks.free(b)), None)
        if chosen is None and c.relaxed is not None:
            chosen = next((b for b, ok in zip(boxes, c.relaxed) if ok and labels.free(b)), None)
        if chosen is None:
            chosen = c.forced
        if chosen is not None:
            labels.add(chosen)
            out[c.key] = chosen
    return out
