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
              limits: tuple[float, float] | None = None, keep: float = 1.0,
              long_span: float | None = None) -> tuple[float, float] | None:
    """The x range (seconds) that shows the ``spans`` of the selected events and the time
    ``window``, with ``margin`` (a fraction of the span) each side and at least ``min_span``
    across; within ``limits`` when given. ``keep`` < 1: only the tightest run of spans (by their
    middles) that holds that share of them — the events a selection merely touches may straggle over
    decades, and the slide is about where most of them are. ``long_span``: a span longer than this
    (a five-year mission, a decades-long state of affairs) is framed by its start only, unless all of
    them are that long — the frame is about where the events are, and such a bar is drawn running on
    past its edge rather than stretching the frame to its (often expected) end."""
    got = [(float(a), float(b)) for a, b in spans]
    if long_span is not None and any(b - a <= long_span for a, b in got):
        got = [(a, b) if b - a <= long_span else (a, a) for a, b in got]
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


Extent = tuple[float, float, float, float, float, float]  # x, y, and pixels left, right, below, above


def box_with_extents(items: Iterable[Extent], width: float, height: float, *, pad: float = 24.0,
                     min_span: float = 0.0) -> Box | None:
    """The box (layout units; y up) that shows every item whole in a ``width`` × ``height`` pixel
    plot with ``pad`` pixels to spare at each edge: an item is a point (x, y) with what is drawn
    around it in pixels (a node's radius, its label) — ``left``, ``right``, ``below``, ``above``.
    The scale is the least that fits them all (the same on both axes, so the box has the plot's
    shape) and spans at least ``min_span`` each way; None when nothing is given or the pixels alone
    are wider than the plot (the caller then leaves some labels out of the fit)."""
    import numpy as np

    a = np.array([tuple(map(float, it)) for it in items], dtype=float).reshape(-1, 6)
    if not len(a):
        return None
    span_w, span_h = width - 2 * pad, height - 2 * pad
    if span_w <= 0 or span_h <= 0:
        return None
    scale = min_span / min(span_w, span_h) if min_span > 0 else 0.0
    for pos, lo, hi, span in ((a[:, 0], a[:, 2], a[:, 3], span_w), (a[:, 1], a[:, 4], a[:, 5], span_h)):
        # item i's far side and item j's near side both fit: scale * (span - hi_i - lo_j) >= pos_i - pos_j
        room = span - hi[:, None] - lo[None, :]
        gap = pos[:, None] - pos[None, :]
        if (room <= 0).any():
            return None
        scale = max(scale, float((gap / room).max()))
    if scale <= 0:  # one point and no least size: a unit around it
        scale = 1.0 / min(span_w, span_h)
    x_lo, x_hi = float((a[:, 0] - a[:, 2] * scale).min()), float((a[:, 0] + a[:, 3] * scale).max())
    y_lo, y_hi = float((a[:, 1] - a[:, 4] * scale).min()), float((a[:, 1] + a[:, 5] * scale).max())
    cx, cy = (x_lo + x_hi) / 2, (y_lo + y_hi) / 2
    half_w, half_h = scale * width / 2, scale * height / 2
    return cx - half_w, cx + half_w, cy - half_h, cy + half_h


def separate(points, radii, width: float, height: float, *, gap: float = 6.0, rounds: int = 100):
    """``points`` (n × 2 pixels) moved apart until no two discs (``radii``) come closer than ``gap``,
    each kept inside the ``width`` × ``height`` area: a slide cell's few nodes, none hiding another.
    Each round moves every pair that is too close apart along the line between them (straight down
    for two on one spot), half of the shortfall each, all pairs at once (numpy: a round of a few
    dozen nodes takes a tenth of a millisecond where a pair at a time took milliseconds); gives up
    after ``rounds`` (a cell too small for them all) with what it has."""
    import numpy as np

    xy = np.array(points, dtype=float).reshape(-1, 2)
    r = np.asarray(radii, dtype=float).reshape(-1)
    n = len(xy)
    lo, hi = r[:, None], np.stack([width - r, height - r], axis=1)
    hi = np.maximum(hi, lo)
    need = r[:, None] + r[None, :] + gap
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    for _ in range(rounds):
        d = xy[None, :, :] - xy[:, None, :]  # d[i, j]: from i to j
        dist = np.hypot(d[..., 0], d[..., 1])
        i, j = np.nonzero(upper & (dist < need))
        if not len(i):
            break
        dij = dist[i, j]
        u = np.where((dij > 1e-9)[:, None], d[i, j] / np.maximum(dij, 1e-9)[:, None], (0.0, 1.0))
        push = u * ((need[i, j] - dij) / 2)[:, None]
        move = np.zeros((n, 2))  # a node in several pairs takes the sum of their pushes
        np.add.at(move, i, -push)
        np.add.at(move, j, push)
        xy = np.minimum(np.maximum(xy + move, lo), hi)
    return xy


def spread(points, radii, labels, width: float, height: float, *, ties=(), pad: float = 18.0,
           gap: float = 12.0, rounds: int = 200, step: float = 4.0, patience: int = 40):
    """A slide cell's few nodes placed over all of its room: ``points`` (n × 2, y down) give their
    arrangement (a layout of their ties), ``radii`` their drawn discs and ``labels`` the (width,
    height) of the name each carries to its right (the figure's first spot). Returns pixel centres in
    the ``width`` × ``height`` cell where every disc with its name stays inside (``pad`` to spare), no
    node's disc or name covers another's (``gap`` between them where the room allows), no name lies
    on one of the ``ties`` (pairs of indices; moved ``step`` pixels a round until clear, where the
    room allows) and no two discs overlap whatever the room (see :func:`separate`). Where the room is
    short the rounds would push back and forth to the last of ``rounds``: they stop once ``patience``
    of them in a row have found no better arrangement, and the best one met is kept.

    Each axis is spread on its own, half by the layout's distances and half by rank (evenly), so
    that one outlier does not crowd the rest into a corner; a node's room shrinks by its name, so a
    long name starts further left rather than shrinking everyone."""
    import numpy as np

    xy = np.array(points, dtype=float).reshape(-1, 2)
    r = np.asarray(radii, dtype=float).reshape(-1)
    lab = np.asarray(labels, dtype=float).reshape(-1, 2)
    n = len(xy)
    if not n:
        return xy
    left, right = r, r + np.where(lab[:, 0] > 0, 2 + lab[:, 0], 0.0)
    half = np.maximum(r, lab[:, 1] / 2)
    lo = np.stack([pad + left, pad + half], axis=1)
    hi = np.stack([width - pad - right, height - pad - half], axis=1)
    hi = np.where(hi < lo, (lo + hi) / 2, hi)  # a name wider than the cell: its node in the middle
    lo = np.minimum(lo, hi)
    u = np.full_like(xy, 0.5)
    for a in (0, 1):
        span = float(np.ptp(xy[:, a]))
        if n > 1 and span > 1e-9:
            rank = np.empty(n)
            rank[np.argsort(xy[:, a], kind="stable")] = np.arange(n) / (n - 1)
            u[:, a] = 0.5 * (xy[:, a] - xy[:, a].min()) / span + 0.5 * rank
    xy = lo + u * (hi - lo)
    ties = np.asarray(list(ties), dtype=np.int64).reshape(-1, 2)
    named = lab[:, 0] > 0
    best, best_score, stale = xy, None, 0
    for done in range(rounds + 1):
        x0, x1, y0, y1 = xy[:, 0] - left, xy[:, 0] + right, xy[:, 1] - half, xy[:, 1] + half
        ox = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
        oy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
        i, j = np.nonzero(np.triu((ox + gap > 0) & (oy + gap > 0), 1))
        hit_t, hit_k = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(ties):
            hit = _segments_meet_boxes(xy[ties[:, 0]], xy[ties[:, 1]], xy[:, 0] + r + 2, xy[:, 0] + right,
                                       xy[:, 1] - lab[:, 1] / 2 - gap / 4, xy[:, 1] + lab[:, 1] / 2 + gap / 4)
            hit_t, hit_k = np.nonzero(hit & named[None, :])
        # The best arrangement: the fewest overlaps, then names on ties, then pairs closer than the
        # gap. Where the room is short the pushes go back and forth (a name cleared of one tie lands
        # on another, two boxes parted push a third) and the old rounds ran all 200 (a third of a
        # second for a slide of 40 nodes): they stop after ``patience`` rounds without a better one.
        score = (int(((ox[i, j] > 0) & (oy[i, j] > 0)).sum()), len(hit_t), len(i))
        stale = 0 if best_score is None or score < best_score else stale + 1
        if best_score is None or score <= best_score:  # (as good: the pushes go on, a tie gets steeper)
            best, best_score = xy.copy(), score
        if not len(i) and not len(hit_t) or stale >= patience or done == rounds:
            break
        for p, q in zip(i.tolist(), j.tolist()):  # along the axis that needs the shorter move
            # (each pair as the moves before it left it: all at once, the pushes on a node in a
            # crowd add up and overshoot, and the rounds never settle)
            ox = min(xy[p, 0] + right[p], xy[q, 0] + right[q]) - max(xy[p, 0] - left[p], xy[q, 0] - left[q]) + gap
            oy = min(xy[p, 1] + half[p], xy[q, 1] + half[q]) - max(xy[p, 1] - half[p], xy[q, 1] - half[q]) + gap
            if ox <= 0 or oy <= 0:
                continue
            a, need = (1, oy) if oy <= ox else (0, ox)
            s = 1.0 if xy[q, a] >= xy[p, a] else -1.0
            xy[p, a] -= s * need / 2
            xy[q, a] += s * need / 2
        for t, k in zip(hit_t.tolist(), hit_k.tolist()):  # a name under a tie: its node and the tie apart
            a, b = ties[t]
            ends = [e for e in (a, b) if e != k]
            if len(ends) == 2:  # the tie's height where the name is
                span = xy[b, 0] - xy[a, 0]
                mid = xy[k, 0] + r[k] + 2 + lab[k, 0] / 2
                f = min(max((mid - xy[a, 0]) / span, 0.0), 1.0) if abs(span) > 1e-9 else 0.5
                y_tie = xy[a, 1] + f * (xy[b, 1] - xy[a, 1])
            else:
                y_tie = xy[ends[0], 1]
            s = 1.0 if xy[k, 1] >= y_tie else -1.0
            xy[k, 1] += s * step
            for e in ends:
                xy[e, 1] -= s * step
        xy = np.minimum(np.maximum(xy, lo), hi)
    xy = best
    return separate(xy, r, width, height, gap=gap / 2)


def crowded(points, radii, labels) -> bool:
    """Whether any two of the nodes at ``points`` overlap, a disc (``radii``) with the name to its
    right (``labels``: width, height) — what :func:`spread` could not clear in a cell too small."""
    import numpy as np

    xy = np.array(points, dtype=float).reshape(-1, 2)
    r = np.asarray(radii, dtype=float).reshape(-1)
    lab = np.asarray(labels, dtype=float).reshape(-1, 2)
    x0, x1 = xy[:, 0] - r, xy[:, 0] + r + np.where(lab[:, 0] > 0, 2 + lab[:, 0], 0.0)
    half = np.maximum(r, lab[:, 1] / 2)
    y0, y1 = xy[:, 1] - half, xy[:, 1] + half
    over = (np.minimum(x1[:, None], x1[None, :]) > np.maximum(x0[:, None], x0[None, :])) & \
        (np.minimum(y1[:, None], y1[None, :]) > np.maximum(y0[:, None], y0[None, :]))
    np.fill_diagonal(over, False)
    return bool(over.any())


def _segments_meet_boxes(p, q, x0, x1, y0, y1):
    """Which of the segments ``p``–``q`` (t × 2 each) pass through which of the boxes (``x0`` …
    ``y1``, n each): a t × n mask (Liang–Barsky clipping, all at once)."""
    import numpy as np

    p, q = np.asarray(p, dtype=float).reshape(-1, 2), np.asarray(q, dtype=float).reshape(-1, 2)
    dx, dy = (q[:, 0] - p[:, 0])[:, None], (q[:, 1] - p[:, 1])[:, None]
    px, py = p[:, 0][:, None], p[:, 1][:, None]
    t0 = np.zeros((len(p), len(x0)))
    t1 = np.ones_like(t0)
    ok = np.ones(t0.shape, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for d, room in ((-dx, px - x0[None, :]), (dx, x1[None, :] - px), (-dy, py - y0[None, :]),
                        (dy, y1[None, :] - py)):
            d = np.broadcast_to(d, t0.shape)
            flat = np.abs(d) < 1e-12
            ok &= ~(flat & (room < 0))  # parallel to this side and outside it
            t = room / np.where(flat, 1.0, d)
            t0 = np.where(~flat & (d < 0), np.maximum(t0, t), t0)
            t1 = np.where(~flat & (d > 0), np.minimum(t1, t), t1)
    return ok & (t0 <= t1)
