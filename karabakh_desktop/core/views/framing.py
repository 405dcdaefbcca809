"""What a slide frames: the part of a view that a presentation is about. No Qt.

- the map: a box around the selected places, with surroundings (a margin and a least size, so the
  audience recognises where it is), shaped like the slide's plot and kept inside the data;
- the timeline: the span of the selected events (or the time window), with margins;
- the network: the selection and its neighbours, as a box around their positions.

Each returns None when there is nothing to frame (the view then keeps its own extent).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

Box = tuple[float, float, float, float]  # x0, x1, y0, y1


def box_around(points: Iterable[tuple[float, float]], *, aspect: float, margin: float = 0.35,
               min_span: float = 0.0, limits: Box | None = None) -> Box | None:
    """A box containing ``points`` with ``margin`` (a fraction of their extent) on every side, at
    least ``min_span`` across, widened to ``aspect`` (width / height) and moved (never shrunk) to
    lie within ``limits`` where it fits."""
    pts = [(float(x), float(y)) for x, y in points]
    if not pts:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    w = (max(xs) - min(xs)) * (1 + 2 * margin)
    h = (max(ys) - min(ys)) * (1 + 2 * margin)
    w, h = max(w, min_span), max(h, min_span)
    if w <= 0 and h <= 0:  # one point and no least size: a unit box around it
        w = h = 1.0
    w, h = max(w, h * 1e-6), max(h, w * 1e-6)  # points in a line: the box still has both sides
    aspect = max(aspect, 1e-6)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    if limits is not None:
        lx0, lx1, ly0, ly1 = limits
        if w >= lx1 - lx0 and h >= ly1 - ly0:  # as large as everything: the whole of it
            scale = max((lx1 - lx0) / w, (ly1 - ly0) / h)
            w, h = w * scale, h * scale
        cx = _slide_into(cx, w, lx0, lx1)
        cy = _slide_into(cy, h, ly0, ly1)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _slide_into(centre: float, size: float, lo: float, hi: float) -> float:
    if size >= hi - lo:
        return (lo + hi) / 2
    return min(max(centre, lo + size / 2), hi - size / 2)


def time_span(spans: Iterable[tuple[float, float]], window: tuple[float, float] | None = None, *,
              margin: float = 0.12, min_span: float = 60 * 86400.0,
              limits: tuple[float, float] | None = None, keep: float = 1.0) -> tuple[float, float] | None:
    """The x range (seconds) that shows the ``spans`` of the selected events and the time
    ``window``, with ``margin`` (a fraction of the span) each side and at least ``min_span``
    across; within ``limits`` when given. ``keep`` < 1: only the tightest run of spans (by their
    middles) that holds that share of them — the events a selection merely touches may straggle over
    decades, and the slide is about where most of them are."""
    got = [(float(a), float(b)) for a, b in spans]
    if 0 < keep < 1 and len(got) > 3:  # the tightest run of events that holds most of them
        got.sort(key=lambda s: (s[0] + s[1]) / 2)
        need = max(1, math.ceil(keep * len(got)))
        mids = [(a + b) / 2 for a, b in got]
        best = min(range(len(got) - need + 1), key=lambda i: mids[i + need - 1] - mids[i])
        got = got[best:best + need]
    if window is not None:
        got.append((float(window[0]), float(window[1])))
    if not got:
        return None
    a, b = min(s[0] for s in got), max(s[1] for s in got)
    width = max(b - a, 0.0)
    pad = max(width * margin, (min_span - width) / 2, 0.0)
    a, b = a - pad, b + pad
    if limits is not None:
        lo, hi = limits
        a, b = max(a, lo - pad), min(b, hi + pad)
    return a, b


def neighbourhood(edges: Iterable[tuple[str, str]], selected: Iterable[str], visible: Iterable[str]) -> set[str]:
    """The selected nodes that are ``visible`` and their visible neighbours (one step)."""
    vis = set(visible)
    sel = {s for s in selected if s in vis}
    out = set(sel)
    for a, b in edges:
        if a in sel and b in vis:
            out.add(b)
        if b in sel and a in vis:
            out.add(a)
    return out


def network_box(positions: Mapping[str, tuple[float, float]], nodes: Iterable[str], *, aspect: float,
                margin: float = 0.18, min_span: float = 0.0) -> Box | None:
    """A box around the ``nodes``' layout positions (see :func:`neighbourhood`)."""
    return box_around((positions[n] for n in nodes if n in positions), aspect=aspect, margin=margin,
                      min_span=min_span)
