"""The actor network as a view: arrays of nodes and ties, what a selection makes of them, their
geometry in output pixels, hit-testing and label placement. No Qt: the figure draws this.

Node and tie looks are *states* — ``S`` selected, ``s`` touched, ``n`` normal (nothing selected),
``d`` dimmed — and *roles* (a node's colour group, a tie's sign and family); the figure maps them
to pens and brushes of a theme and a style.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from .. import activity, graph
from . import labels as label_placer

LAYOUT_NAMES = {"spring": "Force-directed", "circular": "Circular", "grouped-type": "Grouped by actor type",
                "grouped-community": "Grouped by community"}
MEASURE_NAMES = {"degree": "Degree (number of ties)", "betweenness": "Betweenness (brokers)",
                 "eigenvector": "Eigenvector (tied to the well-tied)"}
COLOUR_NAMES = {"type": "Actor type", "community": "Community (modularity)"}
FOCUS_NAMES = {0: "Whole network", 1: "Selection + 1 step", 2: "Selection + 2 steps"}
SIGN_LABELS = {"cooperative": "cooperative", "conflictual": "conflictual", "neutral": "neutral / other"}
SIGNS = tuple(SIGN_LABELS)
TYPE_ORDER = ("state", "armed", "organisation", "population", "text", "place", "other")
COMMUNITY_GROUPS = 7  # communities 1–7 get their own colour; the rest share one
FAMILIES = ("force", "agreement", "stance", "other")
TIME_FADE = {activity.ACTIVE: 1.0, activity.POSSIBLY: 0.55, activity.INACTIVE: 0.2}
FADE_BY_RANK = np.array([TIME_FADE[name] for name in activity.NAMES])  # rank 0 inactive, 1 possibly, 2 active
MAX_LABELS = 160  # labels drawn besides the selection's (the biggest nodes first)
CURVE_STEP = 16.0  # pixels between parallel ties of one pair
ARROW_LEN, ARROW_HALF = 12.0, 5.0  # pixels
SELECTED_GROWTH = 4.0  # a selected node is this many pixels wider
# up to this many shown nodes, all their spots as the selection are worked out at once, in the first
# placement with a selection in a view (a selection, or a zoom or pan with one standing). At 2,000 shown
# (10,000-entity layout, CPU, pinned) that first selection after a zoom cost 18-24 ms median, up to 54
# (11 ms without), and a zoom with a selection standing 81-86 ms median (52-53 without); at 1,000,
# 12.6 ms, up to 42 (7.0), and 67 ms (48-51). The benchmark's stores are below it (the memo; 1,000
# entities: 450 actors) or far above (10,000: 4,500 actors).
SPOTS_AHEAD = 1000
MAX_LABEL_CHARS = 34


@dataclass
class NetworkState:
    """What a scene records of the network view (and restores)."""
    layout: str = "spring"
    measure: str = "degree"
    colour: str = "type"
    focus: int = 0
    places: bool = False
    hidden_kinds: set[str] = field(default_factory=set)
    hidden_signs: set[str] = field(default_factory=set)
    legend: bool = True
    range: tuple[tuple[float, float], tuple[float, float]] | None = None  # ((x0, x1), (y0, y1)) in layout units

    def to_json(self) -> dict:
        out = {"layout": self.layout, "measure": self.measure, "colour": self.colour, "focus": self.focus,
               "places": self.places, "hidden_kinds": sorted(self.hidden_kinds),
               "hidden_signs": sorted(self.hidden_signs), "legend": self.legend}
        if self.range is not None:
            out["range"] = [list(self.range[0]), list(self.range[1])]
        return out

    @classmethod
    def from_json(cls, d: dict | None) -> NetworkState:
        """Read a saved state; what is missing or not understood keeps its default."""
        d = d if isinstance(d, dict) else {}
        s = cls()
        if d.get("layout") in LAYOUT_NAMES:
            s.layout = d["layout"]
        if d.get("measure") in graph.MEASURES:
            s.measure = d["measure"]
        if d.get("colour") in COLOUR_NAMES:
            s.colour = d["colour"]
        if d.get("focus") in FOCUS_NAMES:
            s.focus = int(d["focus"])
        s.places = bool(d.get("places", False))
        s.legend = bool(d.get("legend", True))
        for name in ("hidden_kinds", "hidden_signs"):
            got = d.get(name)
            if isinstance(got, (list, tuple, set)):
                setattr(s, name, {str(k) for k in got})
        rng = d.get("range")
        try:
            (x0, x1), (y0, y1) = rng
            s.range = ((float(x0), float(x1)), (float(y0), float(y1)))
        except (TypeError, ValueError):
            s.range = None
        return s


@dataclass(eq=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class EdgeGeometry:
    """Ties in output pixels: a straight line or a quadratic curve from ``start`` (through ``ctrl``)
    to ``end``; a directed tie has an arrowhead (tip and two base corners). ``drawn`` is False for
    ties too short to draw between their nodes."""
    start: np.ndarray
    ctrl: np.ndarray
    end: np.ndarray
    bent: np.ndarray
    drawn: np.ndarray
    arrows: np.ndarray  # (n, 3, 2); meaningful where ``directed``
    directed: np.ndarray

    def sample(self, steps: int = 20) -> np.ndarray:
        """Points along each tie, (n, steps + 1, 2), for hit-testing."""
        t = np.linspace(0.0, 1.0, steps + 1)[None, :, None]
        s, c, e = self.start[:, None, :], self.ctrl[:, None, :], self.end[:, None, :]
        curve = (1 - t) ** 2 * s + 2 * (1 - t) * t * c + t ** 2 * e
        line = s + (e - s) * t
        return np.where(self.bent[:, None, None], curve, line)


class NetworkModel:
    """The network read from a :class:`graph.Network`, and the view's current looks."""

    def __init__(self, g: graph.Network):
        self.g = g
        self.node_ids = list(g.nodes)
        self.node_index = {n: i for i, n in enumerate(self.node_ids)}
        n = len(self.node_ids)
        self.node_family = [d["family"] for d in g.nodes.values()]
        self.node_context = np.array([d["context"] for d in g.nodes.values()], dtype=bool)
        edges = g.ties
        self.edge_ids = [k for _, _, k, _ in edges]
        self.edge_index = {k: i for i, k in enumerate(self.edge_ids)}
        self.edge_src = np.array([self.node_index[u] for u, _, _, _ in edges], dtype=np.int64)
        self.edge_dst = np.array([self.node_index[v] for _, v, _, _ in edges], dtype=np.int64)
        # Ties per node, as the tooltip counts them (a self-loop counts twice).
        self.degree = dict(zip(self.node_ids, (np.bincount(self.edge_src, minlength=n)
                                               + np.bincount(self.edge_dst, minlength=n)).tolist()))
        self.edge_sign = [d["sign"] if d["sign"] in SIGNS else "neutral" for *_, d in edges]
        self.edge_kind = [d["kind"] for *_, d in edges]
        self.edge_family = [d["family"] for *_, d in edges]
        self.edge_directed = np.array([bool(d["directed"]) for *_, d in edges], dtype=bool)
        self.edge_context = [d["context"] for *_, d in edges]
        self._edge_sign_arr = np.array(self.edge_sign, dtype=object)
        self._edge_kind_arr = np.array(self.edge_kind, dtype=object)
        self._pass_key = None
        # Parallel ties of one pair curve apart, symmetric around the straight line.
        pairs: dict[tuple[int, int], list[int]] = {}
        for e, (a, b) in enumerate(zip(self.edge_src.tolist(), self.edge_dst.tolist())):
            pairs.setdefault((min(a, b), max(a, b)), []).append(e)
        self.edge_bend = np.zeros(len(edges))
        for (a, _b), members in pairs.items():
            m = len(members)
            for r, e in enumerate(members):
                bend = (r - (m - 1) / 2) * CURVE_STEP
                self.edge_bend[e] = bend if self.edge_src[e] == a else -bend
        self._measures: dict[str, dict[str, float]] = {}
        self._sizes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._communities: dict[str, int] | None = None
        self.pos = np.zeros((n, 2))
        # looks (set by apply)
        self._states_of = dict  # () -> the time window's activity states (built only when asked)
        self._rank_at = None  # (activity index, where each node and each tie is in it)
        self.states_version = 0
        self.node_fade = np.ones(n)
        self.edge_fade = [1.0] * len(edges)
        self.node_visible = np.ones(n, dtype=bool)
        self.edge_visible = np.ones(len(edges), dtype=bool)
        self.node_state = np.full(n, "n")
        self._by_rank = None  # (ranks, visibility, the visible nodes by rank): see _label_order
        self.node_base = np.full(n, 8.0)
        self.node_size = self.node_base.copy()
        self.rest = "n"
        self.top = np.zeros(0, dtype=np.int64)  # touched nodes in drawing order (strong last)
        self.top_strong = np.zeros(0, dtype=bool)
        self.edge_state = ["n"] * len(edges)
        self.edge_halo = np.zeros(len(edges), dtype=bool)
        self.top_edges: list[int] = []
        self.applied = 0  # how many times looks were applied (a key for what is kept per look)

    def __len__(self) -> int:
        return len(self.node_ids)

    # --- measures and colours --------------------------------------------------------------------
    def measure_values(self, measure: str) -> dict[str, float]:
        if measure not in self._measures:
            self._measures[measure] = graph.measures(self.g, measure)
        return self._measures[measure]

    def known_measures(self) -> dict[str, dict[str, float]]:
        return self._measures

    def size_and_rank(self, measure: str) -> tuple[np.ndarray, np.ndarray]:
        """Per node, its resting diameter in pixels (from the measure) and its rank (biggest first, then
        by id)."""
        got = self._sizes.get(measure)
        if got is None:
            values = self.measure_values(measure)
            v = np.array([values.get(n, 0) for n in self.node_ids], dtype=float)
            order = np.lexsort((np.arange(len(v)), -v))
            rank = np.empty(len(v), dtype=np.int64)
            rank[order] = np.arange(len(v))
            got = self._sizes[measure] = (8 + 22 * np.sqrt(v), rank)
        return got

    def communities(self) -> dict[str, int]:
        if self._communities is None:
            self._communities = graph.communities(self.g)
        return self._communities

    def colour_groups(self, colour_by: str) -> list[str]:
        """Each node's colour role: its type family ("state", "armed"…) or "community-<k>" (k from 0;
        every community past the first ``COMMUNITY_GROUPS`` shares "community-rest")."""
        if colour_by == "community":
            comm = self.communities()
            return [f"community-{c}" if (c := comm.get(v, 99)) < COMMUNITY_GROUPS else "community-rest"
                    for v in self.node_ids]
        return [f if f in TYPE_ORDER else "other" for f in self.node_family]

    @property
    def states(self) -> dict[str, str]:
        """The time window's activity state of every item it dates (empty: no window)."""
        return self._states_of()

    def set_window(self, index: activity.ActivityIndex, window) -> None:
        """The fade of each node and tie in a time window, read from the compiled activity rule as
        arrays: at 10,000 items a window change (and every step of Play) loops over nothing."""
        if window is None:
            self.set_activity({})
            return
        if self._rank_at is None or self._rank_at[0] is not index:
            at = index.position
            self._rank_at = (index, np.array([at.get(v, -1) for v in self.node_ids], dtype=np.int64),
                             np.array([at.get(r, -1) for r in self.edge_ids], dtype=np.int64))
        _, node_at, edge_at = self._rank_at
        ranks = index.ranks(window)

        def fades(where: np.ndarray) -> np.ndarray:  # what the rule does not date is active
            return FADE_BY_RANK[np.where(where >= 0, ranks[np.maximum(where, 0)], 2)] if len(ranks) else \
                np.ones(len(where))

        self._states_of = lambda: index.states(window)
        self.states_version += 1
        self.node_fade = fades(node_at)
        self.edge_fade = fades(edge_at).tolist()

    def set_activity(self, states: dict[str, str]) -> None:
        """The time window's activity states, and the fade of each node and tie they give."""
        self._states_of = lambda: states
        self.states_version += 1
        if states:
            self.node_fade = np.array([TIME_FADE[states.get(v, activity.ACTIVE)] for v in self.node_ids])
            self.edge_fade = [TIME_FADE[states.get(rid, activity.ACTIVE)] for rid in self.edge_ids]
        else:
            self.node_fade = np.ones(len(self.node_ids))
            self.edge_fade = [1.0] * len(self.edge_ids)

    def fade_of(self, item: str) -> float:
        return TIME_FADE[self.states.get(item, activity.ACTIVE)] if self.states else 1.0

    # --- what a selection makes of it ----------------------------------------------------------------
    def edge_pass_mask(self, hidden_signs, hidden_kinds) -> np.ndarray:
        """Ties the sign and kind filters let through."""
        key = (frozenset(hidden_signs), frozenset(hidden_kinds), len(self.edge_ids))
        if key != self._pass_key:
            ok = np.ones(len(self.edge_ids), dtype=bool)
            if hidden_signs:
                ok &= ~np.isin(self._edge_sign_arr, list(hidden_signs))
            if hidden_kinds:
                ok &= ~np.isin(self._edge_kind_arr, list(hidden_kinds))
            self._pass_key, self._pass_mask = key, ok
        return self._pass_mask

    def neighbourhood(self, seeds, steps: int, passes: np.ndarray) -> np.ndarray:
        """Nodes within ``steps`` ties (that ``passes``) of the ``seeds`` (indices)."""
        n = len(self.node_ids)
        src, dst = self.edge_src[passes], self.edge_dst[passes]
        keep = np.zeros(n, dtype=bool)
        keep[list(seeds)] = True
        frontier = keep.copy()
        for _ in range(steps):
            nxt = np.zeros(n, dtype=bool)
            nxt[dst[frontier[src]]] = True
            nxt[src[frontier[dst]]] = True
            nxt &= ~keep
            keep |= nxt
            frontier = nxt
        return keep

    def apply(self, touch, state: NetworkState) -> None:
        """The looks of every node and tie for a selection (``touch``), focus and filters."""
        self.applied += 1
        n = len(self.node_ids)
        self.node_base = self.size_and_rank(state.measure)[0]
        rest = "n" if touch.empty else "d"
        levels: dict[int, int] = {}
        if not touch.empty:
            for v in itertools.chain(touch.selected, touch.items):
                i = self.node_index.get(v)
                if i is not None:
                    levels[i] = touch.level(v)
        # Soft ones first, strong ones last (on top of everything).
        top = np.array(sorted(levels, key=lambda i: (levels[i], i)), dtype=np.int64)
        strong = np.array([levels[i] == 2 for i in top.tolist()], dtype=bool)
        node_state = np.full(n, rest)
        node_state[top] = np.where(strong, "S", "s")
        self.rest, self.top, self.top_strong, self.node_state = rest, top, strong, node_state
        self.node_size = self.node_base.copy()
        self.node_size[top[strong]] += SELECTED_GROWTH
        passes = self.edge_pass_mask(state.hidden_signs, state.hidden_kinds)
        vis = np.ones(n, dtype=bool)
        if state.focus and not touch.empty:
            seeds = {self.node_index[v] for v in touch.selected if v in self.node_index}
            for rid in touch.selected:
                if rid in self.edge_index:
                    e = self.edge_index[rid]
                    seeds.update((int(self.edge_src[e]), int(self.edge_dst[e])))
            if not seeds:  # an event, a claim, a sentence…: start from the actors it touches
                seeds = {self.node_index[v] for v in touch.items if v in self.node_index}
            if seeds:
                vis = self.neighbourhood(seeds, state.focus, passes)
        self.node_visible = vis
        self.edge_visible = passes & vis[self.edge_src] & vis[self.edge_dst] if len(self.edge_ids) else \
            np.zeros(0, dtype=bool)
        e_state = [rest] * len(self.edge_ids)
        halo = np.zeros(len(self.edge_ids), dtype=bool)
        top_edges = []
        if not touch.empty:
            for item in itertools.chain(touch.selected, touch.items):
                e = self.edge_index.get(item)
                if e is None:
                    continue
                st = "S" if item in touch.selected else "s"
                e_state[e] = st
                halo[e] = st == "S"
                top_edges.append(e)
        self.edge_state, self.edge_halo = e_state, halo
        self.top_edges = sorted(top_edges, key=lambda e: (e_state[e] == "S", e))

    def looks_state(self) -> tuple:
        """What :meth:`apply` decided, as one comparable value: equal before and after a selection,
        the selection changed no node's or tie's look."""
        return (self.rest, self.node_base.tobytes(), self.top.tobytes(), self.top_strong.tobytes(),
                self.node_visible.tobytes(), self.edge_visible.tobytes(), tuple(self.edge_state),
                self.edge_halo.tobytes(), tuple(self.top_edges))

    # --- geometry in pixels ------------------------------------------------------------------------
    def edge_geometry(self, xy: np.ndarray) -> EdgeGeometry:
        """Every tie in the pixel space of ``xy`` (the nodes' positions there). Ends stop at the
        node's rim plus room for a selection outline, whatever its state, so that geometry kept
        for a view stays right when the selection changes."""
        m = len(self.edge_ids)
        if not m:
            z = np.zeros((0, 2))
            return EdgeGeometry(z, z, z, np.zeros(0, bool), np.zeros(0, bool), np.zeros((0, 3, 2)),
                                np.zeros(0, bool))
        radius = self.node_base / 2 + 2 if len(self.node_base) == len(xy) else np.full(len(xy), 6.0)
        p0, p2 = xy[self.edge_src], xy[self.edge_dst]
        v = p2 - p0
        length = np.hypot(v[:, 0], v[:, 1])
        u = v / np.maximum(length, 1e-9)[:, None]
        nrm = np.stack([-u[:, 1], u[:, 0]], axis=1)
        bend = np.minimum(np.abs(self.edge_bend), 0.35 * length) * np.sign(self.edge_bend)
        ctrl = (p0 + p2) / 2 + nrm * (2 * bend)[:, None]
        d0 = ctrl - p0
        d0 /= np.maximum(np.hypot(d0[:, 0], d0[:, 1]), 1e-9)[:, None]
        d2 = p2 - ctrl
        d2 /= np.maximum(np.hypot(d2[:, 0], d2[:, 1]), 1e-9)[:, None]
        r0, r2 = radius[self.edge_src] + 1, radius[self.edge_dst] + 1
        start = p0 + d0 * r0[:, None]
        tip = p2 - d2 * r2[:, None]
        directed = self.edge_directed
        end = np.where(directed[:, None], tip - d2 * (ARROW_LEN - 2), tip)
        base = tip - d2 * ARROW_LEN
        side = np.stack([-d2[:, 1], d2[:, 0]], axis=1) * ARROW_HALF
        arrows = np.stack([tip, base + side, base - side], axis=1)
        return EdgeGeometry(start, ctrl, end, self.edge_bend != 0, length > r0 + r2 + 2, arrows, directed)

    def node_at(self, xy: np.ndarray, x: float, y: float, tolerance: float = 3.0) -> int | None:
        """The visible node under a point (pixels of ``xy``), or None."""
        if not len(xy):
            return None
        d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        d = np.where(self.node_visible, d - self.node_size / 2, np.inf)
        i = int(np.argmin(d))
        return i if d[i] <= tolerance else None

    def edge_at(self, geometry: EdgeGeometry, x: float, y: float, tolerance: float = 6.0) -> int | None:
        """The visible tie nearest a point (within ``tolerance`` pixels), or None."""
        ok = np.flatnonzero(geometry.drawn & self.edge_visible) if len(self.edge_ids) else np.zeros(0, np.int64)
        if not len(ok):
            return None
        lo = np.minimum(np.minimum(geometry.start[ok], geometry.end[ok]), geometry.ctrl[ok]) - tolerance
        hi = np.maximum(np.maximum(geometry.start[ok], geometry.end[ok]), geometry.ctrl[ok]) + tolerance
        near = ok[(lo[:, 0] <= x) & (x <= hi[:, 0]) & (lo[:, 1] <= y) & (y <= hi[:, 1])]
        if not len(near):
            return None
        pts = EdgeGeometry(geometry.start[near], geometry.ctrl[near], geometry.end[near], geometry.bent[near],
                           geometry.drawn[near], geometry.arrows[near], geometry.directed[near]).sample()
        d = np.hypot(pts[:, :, 0] - x, pts[:, :, 1] - y).min(axis=1)
        k = int(np.argmin(d))
        return int(near[k]) if d[k] < tolerance else None

    def fit_box(self, only_visible: bool = False) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1) of the nodes (the visible ones) in layout units."""
        pts = self.pos[self.node_visible] if only_visible and self.node_visible.any() else self.pos
        if not len(pts):
            return None
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    # --- labels ------------------------------------------------------------------------------------
    def label_order(self, measure: str) -> list[int]:
        """Visible nodes in the order they are named: selected, touched, the rest; within each the
        biggest first, then by id."""
        return self._label_order(measure)[0].tolist()

    def _label_order(self, measure: str) -> tuple[np.ndarray, int]:
        """(:meth:`label_order` as an array, how many of its nodes are selected or touched). The
        visible nodes by rank are kept while the visibility and the measure's ranks stay: a
        selection only picks its groups out of them, in order (a rank is a node's own), where a
        sort of every visible node by state and rank cost 0.3 ms a selection at 10,000."""
        _, rank = self.size_and_rank(measure)
        vis_key = self.node_visible.tobytes()
        got = self._by_rank
        if got is None or got[0] is not rank or got[1] != vis_key:
            vis = np.flatnonzero(self.node_visible)
            got = self._by_rank = (rank, vis_key, vis[np.argsort(rank[vis])])
        by_rank = got[2]
        st = self.node_state[by_rank]
        sel, touched, rest = st == "S", st == "s", st == "n"
        order = np.concatenate([by_rank[sel], by_rank[touched], by_rank[rest], by_rank[~(sel | touched | rest)]])
        return order, int(np.count_nonzero(sel) + np.count_nonzero(touched))

    def node_cover(self, xy: np.ndarray, width: float, height: float, measure: str,
                   mark_scale: float = 1.0) -> np.ndarray:
        """A summed-area table of the output's pixels under the biggest visible nodes (the label
        obstacles that do not depend on the selection); ``mark_scale``: how much larger the figure
        draws its nodes than their size."""
        _, rank = self.size_and_rank(measure)
        vis = np.flatnonzero(self.node_visible)
        idx = vis[np.argsort(rank[vis], kind="stable")[:4 * MAX_LABELS]]
        w, h = int(math.ceil(width)) + 2, int(math.ceil(height)) + 2
        r = self.node_base[idx] * mark_scale / 2
        x0, x1 = (np.clip(np.round(xy[idx, 0] + d), 0, w).astype(np.int64) for d in (-r, r))
        y0, y1 = (np.clip(np.round(xy[idx, 1] + d), 0, h).astype(np.int64) for d in (-r, r))
        diff = np.zeros((h + 1, w + 1), dtype=np.int32)
        for ys, xs, v in ((y0, x0, 1), (y0, x1, -1), (y1, x0, -1), (y1, x1, 1)):
            np.add.at(diff, (ys, xs), v)
        # every sum in int32, in place: numpy's default sums int32 as int64, in new arrays, at a
        # view's every pixel (2.3 ms of the first paint, 0.9 ms so)
        np.cumsum(diff, axis=0, dtype=np.int32, out=diff)
        np.cumsum(diff, axis=1, dtype=np.int32, out=diff)
        sat = np.zeros((h + 1, w + 1), dtype=np.int32)
        inner = sat[1:, 1:]
        np.cumsum(diff[:h, :w] > 0, axis=0, dtype=np.int32, out=inner)
        np.cumsum(inner, axis=1, dtype=np.int32, out=inner)
        return sat

    def label_spots(self, xy: np.ndarray, width: float, height: float, wh: np.ndarray, idx: list[int],
                    node_size: np.ndarray, cover: np.ndarray, mark_scale: float = 1.0) -> list[tuple]:
        """For each node of ``idx`` (of label size ``wh`` and mark size ``node_size``): its nine spots
        (eight around the node, the last centred on it, a fallback), which of them are clear of the
        edge of the output and of ``cover``, which are inside the output: [(boxes, clear, inside)]."""
        ch, cw = cover.shape[0] - 1, cover.shape[1] - 1
        cx, cy = xy[idx, 0], xy[idx, 1]
        cr = node_size * mark_scale / 2 + 2
        lw, lh = wh[:, 0], wh[:, 1]
        d = 0.7 * cr
        sx = np.stack([cx + cr, cx - lw / 2, cx - lw / 2, cx - cr - lw, cx + d, cx + d, cx - d - lw,
                       cx - d - lw, cx - lw / 2], axis=1)
        sy = np.stack([cy - lh / 2, cy + cr, cy - cr - lh, cy - lh / 2, cy + d, cy - d - lh, cy + d,
                       cy - d - lh, cy - lh / 2], axis=1)
        ex, ey = sx + lw[:, None], sy + lh[:, None]
        inside = (sx >= 1) & (sy >= 1) & (ex <= width - 1) & (ey <= height - 1)
        x0, x1 = (np.clip(np.round(v), 0, cw).astype(np.int64) for v in (sx, ex))
        y0, y1 = (np.clip(np.round(v), 0, ch).astype(np.int64) for v in (sy, ey))
        hit = (x1 > x0) & (y1 > y0) & ((cover[y1, x1] - cover[y0, x1] - cover[y1, x0] + cover[y0, x0]) > 0)
        clear = inside & ~hit
        clear[:, 8] = False  # centred on the node: only as a fallback
        return list(zip(np.stack([sx, sy, ex, ey], axis=2).tolist(), clear.tolist(), inside.tolist()))

    def place_labels(self, xy: np.ndarray, width: float, height: float, sizes, measure: str,
                     cover: np.ndarray | None = None, limit: int = MAX_LABELS,
                     mark_scale: float = 1.0, kept: dict | None = None) -> list[tuple[int, tuple]]:
        """Which nodes are named and where: [(node index, (left, top, right, bottom))] in the pixel
        space of ``xy``, for an output of ``width`` × ``height``. ``sizes(i, strong)`` gives the
        (width, height) of node i's label. A label goes on one of eight spots around its node where
        it overlaps neither another label nor a node, else (the selection, the touched and the
        biggest nodes) over a tie or a small node; the selected always get theirs.

        ``kept``: the nodes' spots, kept by the caller for one view (the same ``xy``, output, ``sizes``,
        ``cover``, measure, mark scale and nodes' base sizes; an empty dict for a new view). A node's
        spots do not depend on the selection but for whether it is selected (its mark and its label
        are the same size whatever else is selected): node i's are kept under i, and as the selection
        under -1 - i, so another selection in the same view only works out the spots of nodes seen
        (or selected) for the first time."""
        order, n_top = self._label_order(measure)
        cand = order[:n_top + limit].tolist()
        if not cand:
            return []
        states = dict(zip(cand, self.node_state[cand].tolist()))  # (only the candidates': 10,000 at scale)
        if cover is None:
            cover = self.node_cover(xy, width, height, measure, mark_scale)
        if kept is None:
            kept = {}
        # a selected node's spots are kept too, apart (its bold label and grown mark are its own as well)
        spot = {i: -1 - i if st == "S" else i for i, st in states.items()}
        new = [i for i in cand if spot[i] not in kept]
        if len(order) <= SPOTS_AHEAD and any(states[i] == "S" for i in new):
            # every shown node's spots as the selection, in one step (a numpy step for one node costs
            # about what it does for a few hundred): the next actor selected in this view has its own
            ahead = [i for i in order.tolist() if -1 - i not in kept and states.get(i) != "S"]
            if ahead:
                wh = np.array([sizes(i, True) for i in ahead], dtype=float).reshape(-1, 2)
                grown = self.node_base[ahead] + SELECTED_GROWTH
                kept.update(zip((-1 - i for i in ahead),
                                self.label_spots(xy, width, height, wh, ahead, grown, cover, mark_scale)))
        if new:
            wh = np.array([sizes(i, states[i] == "S") for i in new], dtype=float).reshape(-1, 2)
            kept.update(zip((spot[i] for i in new), self.label_spots(xy, width, height, wh, new, self.node_size[new],
                                                                     cover, mark_scale)))
        # The biggest nodes sit where the network is densest: they may put their label over a tie or
        # a node (it has a backing) rather than go without one.
        big = set(order[:max(3, len(order) // 8)].tolist()) if states[cand[0]] == "n" else set()
        # Touched nodes are obstacles too (the biggest are in ``cover``; small ones are specks).
        # (in one step: a numpy scalar per touched node cost the most touching selections ~0.1 ms)
        top = order[:n_top]
        r = self.node_size[top] * mark_scale / 2 + 2
        marks = list(map(tuple, np.stack([xy[top, 0] - r, xy[top, 1] - r, xy[top, 0] + r, xy[top, 1] + r],
                                         axis=1).tolist()))
        cands = []
        for k, i in enumerate(cand):
            st = states[i]
            boxes, clear, inside = kept[spot[i]]
            forced = None
            if st == "S":
                lw = float(sizes(i, True)[0])
                left = min(max(boxes[0][0], 1.0), width - lw - 1)
                forced = (left, boxes[0][1], left + lw, boxes[0][3])
            cands.append(label_placer.Candidate(
                i, (k,), boxes, clear, inside if (st in "Ss" or i in big) else None, forced))
        placed = label_placer.place(cands, marks=marks, cell=64.0)
        return [(i, placed[i]) for i in cand if i in placed]


def label_lines(name: str) -> list[str]:
    """A selected node's name, never cut: a long one in two lines, broken at the space nearest its
    middle (a name without spaces stays one line)."""
    if len(name) <= MAX_LABEL_CHARS or " " not in name:
        return [name]
    spaces = [k for k, ch in enumerate(name) if ch == " "]
    k = min(spaces, key=lambda k: abs(k - len(name) / 2))
    return [name[:k], name[k + 1:]]


def label_text(name: str) -> str:
    """A node's name as a label: long names are cut."""
    return name if len(name) <= MAX_LABEL_CHARS else name[:MAX_LABEL_CHARS - 2].rstrip() + "…"
