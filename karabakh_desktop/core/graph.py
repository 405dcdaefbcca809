"""The actor network as a networkx graph, its measures and its layouts. No Qt here."""

from __future__ import annotations

import math

import networkx as nx
from sqlite_utils import Database

MEASURES = ("degree", "betweenness", "eigenvector")


def actor_graph(db: Database, *, include_places: bool = False) -> nx.MultiDiGraph:
    """Actors (and optionally places) as nodes, relations as keyed edges (key = relation id)."""
    g = nx.MultiDiGraph()
    kinds = ("actor", "place") if include_places else ("actor",)
    marks = ",".join("?" * len(kinds))
    for eid, kind, subtype, name, context in db.execute(
            f"SELECT id, kind, subtype, name, context FROM entities WHERE kind IN ({marks}) ORDER BY id", kinds):
        g.add_node(eid, kind=kind, subtype=subtype or "", name=name, context=bool(context))
    for rid, s, t, kind, sign, directed in db.execute(
            "SELECT id, source_id, target_id, kind, sign, directed FROM relations ORDER BY id"):
        if s in g and t in g:
            g.add_edge(s, t, key=rid, kind=kind, sign=sign, directed=bool(directed))
    return g


def measures(g: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """Node measure normalised to 0..1 (the largest node gets 1)."""
    simple = nx.Graph(g.to_undirected())
    if measure == "degree":
        raw = dict(simple.degree())
    elif measure == "betweenness":
        k = None if simple.number_of_nodes() <= 500 else 200
        raw = nx.betweenness_centrality(simple, k=k, seed=1)
    elif measure == "eigenvector":
        try:
            raw = nx.eigenvector_centrality_numpy(simple) if simple.number_of_edges() else {}
        except (nx.NetworkXException, ValueError):
            raw = {}
        raw = {n: abs(v) for n, v in raw.items()}
    else:
        raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    top = max(raw.values(), default=0) or 1
    return {n: raw.get(n, 0) / top for n in g.nodes}


def communities(g: nx.MultiDiGraph) -> dict[str, int]:
    """Modularity communities (greedy), numbered by size; isolated nodes get their own."""
    simple = nx.Graph(g.to_undirected())
    simple.remove_edges_from(nx.selfloop_edges(simple))
    if simple.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(g.nodes))}
    groups = nx.community.greedy_modularity_communities(simple)
    return {n: i for i, grp in enumerate(groups) for n in grp}


def spring(g: nx.MultiDiGraph, seed: int = 7, iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Force-directed layout, seeded: the same data always gives the same picture."""
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(g.to_undirected())
    k = 1.8 / math.sqrt(max(simple.number_of_nodes(), 1))
    pos = nx.spring_layout(simple, seed=seed, iterations=iterations, k=k)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def circular(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    nodes = sorted(g.nodes, key=lambda n: (g.nodes[n].get("subtype", ""), n))
    n = max(len(nodes), 1)
    return {node: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, node in enumerate(nodes)}


def grouped(g: nx.MultiDiGraph, key: str = "subtype") -> dict[str, tuple[float, float]]:
    """Nodes in clusters by an attribute (actor type, or community): groups on a circle, members around."""
    groups: dict[str, list[str]] = {}
    for node in sorted(g.nodes):
        groups.setdefault(str(g.nodes[node].get(key, "")), []).append(node)
    out = {}
    ng = max(len(groups), 1)
    for gi, (_, members) in enumerate(sorted(groups.items())):
        cx, cy = math.cos(2 * math.pi * gi / ng), math.sin(2 * math.pi * gi / ng)
        r = 0.08 + 0.03 * math.sqrt(len(members))
        for mi, node in enumerate(members):
            a = 2 * math.pi * mi / max(len(members), 1)
            out[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return out
