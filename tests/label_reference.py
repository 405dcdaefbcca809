"""The label placer as it was before it was made cheaper (core.views.labels at ba04929): a square
grid of buckets, each candidate's boxes walked through generators. Kept as the reference that
``test_label_placer_equivalence`` holds the placer to — the same placements, in the same order."""

from __future__ import annotations


class Occupancy:
    def __init__(self, boxes=(), cell: float = 48.0):
        self.cell = cell
        self.cells: dict = {}
        for b in boxes:
            self.add(b)

    def _keys(self, b):
        c = self.cell
        for cx in range(int(b[0] // c), int(b[2] // c) + 1):
            for cy in range(int(b[1] // c), int(b[3] // c) + 1):
                yield cx, cy

    def add(self, b) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)

    def free(self, b) -> bool:
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


def place(candidates, *, obstacles=(), marks=(), cell: float = 48.0) -> dict:
    labels = Occupancy(obstacles, cell)
    drawn_marks = Occupancy(marks, cell)
    out: dict = {}
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
