"""The actor network, its measures and its layouts. No Qt here.

The network is read into a plain :class:`Network` (nodes and keyed ties); networkx is imported
only for what needs it (betweenness, communities, graph-file exports), so that opening the
window — positions come from the store's cache, sizes from degree — does not pay for it.

The force-directed layout is our own Fruchterman–Reingold in numpy rather than networkx's
``spring_layout``: it runs step by step (so a worker thread can report progress and stop), and
above ``DENSE_MAX`` nodes it uses the grid variant of the original paper (repulsion only between
nodes closer than 2k, found through a spatial hash), which lays out 5,000 nodes in seconds
instead of the ~40 s networkx needs. Seeded, it gives the same picture for the same data.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import networkx as nx
    from sqlite_utils import Database

MEASURES = ("degree", "betweenness", "eigenvector")
DENSE_MAX = 400  # above this, repulsion is computed on a grid (local pairs only)
SPRING_K, SPRING_GRAVITY = 4.0, 0.8  # tuned by eye on the memo's graph

# Relation kinds fall into a few families, each drawn with its own line style; a kind not listed
# here is "other". The exact kind is in the tooltip and the details panel.
KIND_FAMILIES = {
    "force": ("attacks", "captures", "controls", "deployed_to", "protects", "uses", "oversees", "leads",
              "occupies", "withdraws_from"),
    "agreement": ("signed", "negotiates_with", "recognises", "allied_with", "cooperates_with", "mediates",
                  "adopted", "represents", "member_of"),
    "stance": ("pressures", "opposes", "supports", "accuses", "counterbalances", "seeks", "criticises",
               "threatens"),
}
FAMILY_LABELS = {"force": "force & control", "agreement": "agreements & diplomacy",
                 "stance": "stance & pressure", "other": "other ties"}
_FAMILY_OF = {k: fam for fam, kinds in KIND_FAMILIES.items() for k in kinds}

# Actor types fall into a few families for colouring (fourteen types would be fourteen hues).
TYPE_FAMILIES = {
    "state": ("state", "government", "leader", "official"),
    "armed": ("armed_force", "peacekeepers", "weapon"),
    "organisation": ("organisation", "institution", "initiative"),
    "population": ("population",),
    "text": ("document", "author", "publisher"),
}
TYPE_LABELS = {"state": "states, governments, leaders", "armed": "armed forces, weapons",
               "organisation": "organisations, initiatives", "population": "populations",
               "text": "documents, authors", "place": "places", "other": "other actors"}
_TYPE_OF = {t: fam for fam, types in TYPE_FAMILIES.items() for t in types}


def kind_family(kind: str) -> str:
    return _FAMILY_OF.get(kind, "other")


def type_family(node_kind: str, actor_type: str) -> str:
    if node_kind == "place":
        return "place"
    return _TYPE_OF.get(actor_type or "", "other")


@dataclass(eq=False, repr=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class Network:
    """Actors (and optionally places) and the relations between them, without networkx.

    ``nodes`` maps id → attributes (kind, subtype, name, context, actor_type, family), by id;
    ``ties`` holds (source, target, relation id, attributes), by relation id. The layouts below
    take it as they take a networkx graph (``nodes``, ``edges()``).
    """

    nodes: dict[str, dict] = field(default_factory=dict)
    ties: list[tuple[str, str, str, dict]] = field(default_factory=list)

    def __contains__(self, node: str) -> bool:
        return node in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return len(self.ties)

    def edges(self) -> list[tuple[str, str]]:
        return [(u, v) for u, v, _, _ in self.ties]

    def to_networkx(self) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        g.add_nodes_from(self.nodes.items())
        for u, v, k, d in self.ties:
            g.add_edge(u, v, key=k, **d)
        return g


def actor_network(db: Database, *, include_places: bool = False) -> Network:
    """Actors (and optionally places) as nodes, relations between them as keyed ties."""
    net = Network()
    kinds = ("actor", "place") if include_places else ("actor",)
    marks = ",".join("?" * len(kinds))
    actor_types = dict(db.execute("SELECT entity_id, actor_type FROM actors").fetchall())
    for eid, kind, subtype, name, context in db.execute(
            f"SELECT id, kind, subtype, name, context FROM entities WHERE kind IN ({marks}) ORDER BY id", kinds):
        atype = actor_types.get(eid) or subtype or ""
        net.nodes[eid] = {"kind": kind, "subtype": subtype or "", "name": name, "context": bool(context),
                          "actor_type": atype, "family": type_family(kind, atype)}
    for rid, s, t, kind, sign, directed, context in db.execute(
            "SELECT id, source_id, target_id, kind, sign, directed, context FROM relations ORDER BY id"):
        if s in net.nodes and t in net.nodes:
            net.ties.append((s, t, rid, {"kind": kind, "sign": sign, "directed": bool(directed),
                                         "context": bool(context), "family": kind_family(kind)}))
    return net


def actor_graph(db: Database, *, include_places: bool = False) -> nx.MultiDiGraph:
    """Actors (and optionally places) as nodes, relations as keyed edges (key = relation id)."""
    return actor_network(db, include_places=include_places).to_networkx()


def _simple_pairs(g) -> tuple[list[str], list[tuple[str, str]]]:
    """Nodes and the distinct undirected pairs of ``g`` (a self-loop is a pair (u, u))."""
    nodes = list(g.nodes)
    return nodes, list({(u, v) if u <= v else (v, u) for u, v in g.edges()})


def measures(g, measure: str) -> dict[str, float]:
    """Node measure normalised to 0..1 (the largest node gets 1). ``g``: a Network or networkx graph.

    Degree counts distinct neighbours (a self-loop counts twice, as networkx does); degree and
    eigenvector need no networkx.
    """
    if measure == "degree":
        nodes, pairs = _simple_pairs(g)
        raw = dict.fromkeys(nodes, 0)
        for u, v in pairs:
            raw[u] += 1
            raw[v] += 1
    elif measure == "betweenness":
        simple = _simple_graph(g)
        k = None if simple.number_of_nodes() <= 500 else 200
        import networkx as nx

        raw = nx.betweenness_centrality(simple, k=k, seed=1)
    elif measure == "eigenvector":
        raw = _eigenvector(*_simple_pairs(g))
    else:
        raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    top = max(raw.values(), default=0) or 1
    return {n: raw.get(n, 0) / top for n in g.nodes}


def _simple_graph(g) -> nx.Graph:
    import networkx as nx

    if isinstance(g, Network):
        g = g.to_networkx()
    return nx.Graph(g.to_undirected())


def _eigenvector(nodes: list[str], pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Eigenvector centrality by power iteration on (A + I), in numpy (networkx's own needs scipy)."""
    if not nodes or not pairs:
        return {}
    a, b = _index_pairs(pairs, nodes)
    n = len(nodes)
    x = np.full(n, 1.0 / n)
    for _ in range(1000):
        y = x + np.bincount(a, x[b], n) + np.bincount(b, x[a], n)
        y /= np.linalg.norm(y) or 1.0
        if np.abs(y - x).sum() < n * 1e-10:
            x = y
            break
        x = y
    return dict(zip(nodes, x.tolist()))


def communities(g) -> dict[str, int]:
    """Modularity communities (greedy), numbered by size; isolated nodes get their own."""
    import networkx as nx

    simple = _simple_graph(g)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    if simple.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(g.nodes))}
    groups = nx.community.greedy_modularity_communities(simple)
    return {n: i for i, grp in enumerate(groups) for n in grp}


# --- force-directed layout -------------------------------------------------------------------------

def _edge_index(g, nodes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return _index_pairs(g.edges(), nodes)


def _index_pairs(edges, nodes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct undirected pairs (i < j) of node indices; self-loops left out."""
    idx = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(min(idx[u], idx[v]), max(idx[u], idx[v])) for u, v in edges if u != v})
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = np.array(pairs, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _close_pairs(pos: np.ndarray, r: float) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i < j) closer than ``r``, through a spatial hash of cell size ``r``."""
    cells = np.floor(pos / r).astype(np.int64)
    cells -= cells.min(axis=0)
    width = int(cells[:, 1].max()) + 3
    key = (cells[:, 0] + 1) * width + (cells[:, 1] + 1)
    order = np.argsort(key, kind="stable")
    skey = key[order]
    ukeys, starts, counts = np.unique(skey, return_index=True, return_counts=True)
    out_i, out_j = [], []
    for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1), (1, -1)):
        nkeys = ukeys + dx * width + dy
        where = np.searchsorted(ukeys, nkeys)
        where = np.minimum(where, len(ukeys) - 1)
        ok = ukeys[where] == nkeys
        a_start, a_cnt = starts[ok], counts[ok]
        b_start, b_cnt = starts[where[ok]], counts[where[ok]]
        per = a_cnt * b_cnt
        total = int(per.sum())
        if total == 0:
            continue
        block = np.repeat(np.arange(len(per)), per)
        local = np.arange(total) - np.repeat(np.cumsum(per) - per, per)
        i = order[a_start[block] + local // b_cnt[block]]
        j = order[b_start[block] + local % b_cnt[block]]
        if dx == 0 and dy == 0:
            keep = i < j
            i, j = i[keep], j[keep]
        d = pos[i] - pos[j]
        near = (d * d).sum(axis=1) < r * r
        out_i.append(i[near])
        out_j.append(j[near])
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)


def spring_steps(g, seed: int = 7, iterations: int | None = None,
                 initial: dict[str, tuple[float, float]] | None = None,
                 fixed: set[str] | frozenset[str] = frozenset()) -> Iterator[tuple[int, int, list[str], np.ndarray]]:
    """Fruchterman–Reingold, one iteration per step: yields (done, total, nodes, positions).

    Nodes without ties take no part: they sit on a shelf below the rest (a ring of isolated actors
    around the network would shrink it to a dot). Nodes in ``fixed`` keep their ``initial`` position
    (used to add new nodes to a cached layout without moving the old ones).
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n == 0:
        yield 0, 0, nodes, np.zeros((0, 2))
        return
    a, b = _edge_index(g, nodes)
    tied = np.zeros(n, dtype=bool)
    tied[a] = True
    tied[b] = True
    core = np.flatnonzero(tied)
    nc = len(core)
    if iterations is None:
        iterations = 200 if nc <= 500 else 80
    rng = np.random.default_rng(seed)
    full = np.zeros((n, 2))
    full[core] = rng.random((nc, 2)) * 2 - 1
    frozen = np.zeros(n, dtype=bool)
    for i, v in enumerate(nodes):
        if initial and v in initial:
            full[i] = initial[v]
            frozen[i] = v in fixed
    remap = np.full(n, -1)
    remap[core] = np.arange(nc)
    a, b = remap[a], remap[b]
    pos = full[core]
    frozen_core = frozen[core]
    shelf = [i for i in np.flatnonzero(~tied) if not frozen[i]]
    k = SPRING_K / math.sqrt(max(nc, 1))  # the ideal distance, on a 2×2 square
    # Gravity keeps small components near the rest. The grid variant only feels nearby nodes, so
    # its pull must be far weaker or the graph collapses into a clump.
    gravity = (SPRING_GRAVITY if nc <= DENSE_MAX else 0.3 * k) if nc > 1 else 0.0
    t = 0.2
    dt_ = t / (iterations + 1)
    for it in range(iterations):
        if nc > 1:
            pos = _fr_step(pos, a, b, k, gravity, t, frozen_core)
        t -= dt_
        full[core] = pos
        _shelve(full, core, shelf)
        yield it + 1, iterations, nodes, full
    if iterations == 0:
        _shelve(full, core, shelf)
        yield 0, 0, nodes, full


def _fr_step(pos, a, b, k, gravity, t, frozen):
    n = len(pos)
    disp = np.zeros_like(pos)
    if n <= DENSE_MAX:
        delta = pos[:, None, :] - pos[None, :, :]
        d2 = np.maximum((delta * delta).sum(axis=-1), 1e-6)
        disp += (delta * (k * k / d2)[..., None]).sum(axis=1)
    else:
        i, j = _close_pairs(pos, 2 * k)
        delta = pos[i] - pos[j]
        d2 = np.maximum((delta * delta).sum(axis=1), 1e-6)
        f = delta * (k * k / d2)[:, None]
        disp += np.stack([np.bincount(i, f[:, 0], n) - np.bincount(j, f[:, 0], n),
                          np.bincount(i, f[:, 1], n) - np.bincount(j, f[:, 1], n)], axis=1)
    if len(a):
        delta = pos[a] - pos[b]
        d = np.sqrt((delta * delta).sum(axis=1))
        # On the grid, repulsion is local, so the FR pull (d²/k) would win at long range and
        # knot the graph into clumps; a linear pull (d) keeps it spread.
        f = delta * (d / k)[:, None] if n <= DENSE_MAX else delta
        disp -= np.stack([np.bincount(a, f[:, 0], n) - np.bincount(b, f[:, 0], n),
                          np.bincount(a, f[:, 1], n) - np.bincount(b, f[:, 1], n)], axis=1)
    disp -= gravity * pos
    length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-9)
    step = disp * (np.minimum(length, t) / length)[:, None]
    step[frozen] = 0
    return pos + step


def _shelve(full: np.ndarray, core: np.ndarray, shelf: list[int]) -> None:
    """Untied nodes in rows under the network, as wide as it is."""
    if not shelf:
        return
    if len(core):
        lo, hi = full[core].min(axis=0), full[core].max(axis=0)
    else:
        lo, hi = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    width = max(float(hi[0] - lo[0]), 1.0)
    cols = max(2, min(len(shelf), int(math.ceil(math.sqrt(len(shelf) * 3)))))
    gap = width / (cols - 1) if cols > 1 else 0
    row_gap = max(gap * 0.35, 0.06 * width)
    for r, i in enumerate(shelf):
        row, col = divmod(r, cols)
        # Odd rows shift by half a step so labels of neighbours above and below do not meet.
        full[i] = (lo[0] + (col + 0.5 * (row % 2)) * gap, lo[1] - row_gap * (row + 1.3))


def normalise(pos: np.ndarray) -> np.ndarray:
    """Centre and scale to fit -1..1, keeping the aspect ratio."""
    if len(pos) == 0:
        return pos
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    span = float(max(hi[0] - lo[0], hi[1] - lo[1])) or 1.0
    return (pos - (lo + hi) / 2) * (2.0 / span)


def spring(g, seed: int = 7, iterations: int | None = None,
           initial: dict[str, tuple[float, float]] | None = None,
           fixed: set[str] | frozenset[str] = frozenset()) -> dict[str, tuple[float, float]]:
    """Force-directed layout, seeded: the same data always gives the same picture."""
    nodes, pos = [], np.zeros((0, 2))
    for step in spring_steps(g, seed, iterations, initial, fixed):
        nodes, pos = step[2], step[3]
    if not fixed:
        pos = normalise(pos)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, pos)}


def circular(g) -> dict[str, tuple[float, float]]:
    nodes = sorted(g.nodes, key=lambda n: (g.nodes[n].get("family", ""), g.nodes[n].get("subtype", ""), n))
    n = max(len(nodes), 1)
    return {node: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, node in enumerate(nodes)}


def grouped(g, key: str = "family",
            groups_of: dict[str, object] | None = None) -> dict[str, tuple[float, float]]:
    """Nodes in clusters by an attribute (actor type, or community): groups on a circle, members
    in rings around each group's centre, the biggest group first."""
    groups: dict[str, list[str]] = {}
    for node in sorted(g.nodes):
        value = groups_of.get(node, "") if groups_of is not None else g.nodes[node].get(key, "")
        groups.setdefault(str(value), []).append(node)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    out = {}
    ng = max(len(ordered), 1)
    spread = 1.0 if ng > 1 else 0.0
    for gi, (_, members) in enumerate(ordered):
        cx, cy = spread * math.cos(2 * math.pi * gi / ng), spread * math.sin(2 * math.pi * gi / ng)
        # Concentric rings of about 8, 16, 24… members keep neighbours a constant distance apart.
        ring, placed = 0, 0
        while placed < len(members):
            cap = 1 if ring == 0 else 8 * ring
            chunk = members[placed:placed + cap]
            r = 0.11 * ring * min(1.0, 3.2 / max(ng, 1) ** 0.5 if ng > 4 else 1.0)
            for mi, node in enumerate(chunk):
                a = 2 * math.pi * mi / len(chunk) + ring * 0.4
                out[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
            placed += len(chunk)
            ring += 1
    return out
