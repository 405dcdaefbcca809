"""One label placer for every view: greedy, non-overlapping, by priority.

A view proposes, for each thing it would name, a few boxes (left, top, right, bottom, in pixels of
the output) in the order it prefers them, and says which of them are clear of what the view
itself knows about (its marks, the edge of the view). The placer walks the candidates by
priority — the selection first — and gives each the first box that overlaps no label placed
before it and no obstacle; a candidate that must be named (the selection) gets a box of last
resort. Overlap is tested against the boxes of the rows (bands of ``cell`` pixels) a box spans,
so a layout costs about one test per label.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

Box = tuple[float, float, float, float]  # left, top, right, bottom


class Occupancy:
    """Boxes, bucketed on a grid, for the overlap test (many boxes: the timeline's marks in view)."""

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
        c, cells = self.cell, self.cells
        ys = range(int(b[1] // c), int(b[3] // c) + 1)
        for cx in range(int(b[0] // c), int(b[2] // c) + 1):
            for cy in ys:
                got = cells.get((cx, cy))
                if got is None:
                    cells[(cx, cy)] = [b]
                else:
                    got.append(b)

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
        # the buckets are walked inline rather than through ``_keys``, and an empty grid answers at once
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


_priority = attrgetter("priority")

# The placer's rows: row number → the boxes that reach into it. A label is far wider than it is
# tall, so a box meets one row, or two, where a square grid gave it two to six cells to file and
# look up: per selection that filing was most of the placer's time. A row holds the few labels
# placed side by side in it (they never overlap), each tested in four comparisons.


def _file(rows: dict, b: Box, cell: float) -> None:
    for r in range(int(b[1] // cell), int(b[3] // cell) + 1):
        got = rows.get(r)
        if got is None:
            rows[r] = [b]
        else:
            got.append(b)


def _free(rows: dict, b: Box, cell: float) -> bool:
    x0, y0, x1, y1 = b
    for r in range(int(y0 // cell), int(y1 // cell) + 1):
        for o in rows.get(r, ()):
            if x0 < o[2] and o[0] < x1 and y0 < o[3] and o[1] < y1:
                return False
    return True


def place(candidates: Iterable[Candidate], *, obstacles: Iterable[Box] = (), marks: Iterable[Box] = (),
          cell: float = 48.0) -> dict[Hashable, Box]:
    """Place the candidates, lowest ``priority`` first (ties keep their order); return key → box
    of those placed (the candidate's own box object, in the order placed). ``obstacles`` (overlays:
    a legend, an inset) are never covered; ``marks`` (the marks of the view that are not already in
    each candidate's ``clear``) are avoided unless a candidate's ``relaxed`` boxes allow it. A box
    has left ≤ right and top ≤ bottom; ``cell`` (the height of the rows overlap is looked up in)
    changes the cost, never the answer."""
    labels: dict[int, list] = {}  # the labels placed and the obstacles
    for b in obstacles:
        _file(labels, b, cell)
    drawn: dict[int, list] = {}  # the marks
    for b in marks:
        _file(drawn, b, cell)
    out: dict[Hashable, Box] = {}
    for c in sorted(candidates, key=_priority):
        boxes, clear, chosen = c.boxes, c.clear, None
        # ``any`` first: most candidates of a crowded view have no clear box (or no relaxed one),
        # and skipping them costs one C call instead of a Python loop over their boxes
        if clear is None:
            for b in boxes:
                if _free(labels, b, cell) and (not drawn or _free(drawn, b, cell)):
                    chosen = b
                    break
        elif any(clear):
            for b, ok in zip(boxes, clear):
                if ok and _free(labels, b, cell) and (not drawn or _free(drawn, b, cell)):
                    chosen = b
                    break
        if chosen is None:
            relaxed = c.relaxed
            if relaxed is not None and any(relaxed):
                for b, ok in zip(boxes, relaxed):
                    if ok and _free(labels, b, cell):
                        chosen = b
                        break
            if chosen is None:
                chosen = c.forced
        if chosen is not None:
            _file(labels, chosen, cell)
            out[c.key] = chosen
    return out
