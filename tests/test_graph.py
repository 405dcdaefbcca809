"""The network's graph, measures and layouts, and positions cached in the store (no Qt)."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from karabakh_desktop.core import graph, positions
from karabakh_desktop.core.store import open_store


def test_actor_graph_has_actors_and_relations(db):
    g = graph.actor_graph(db)
    assert "russia" in g and g.nodes["russia"]["kind"] == "actor"
    assert all(d["kind"] == "actor" for _, d in g.nodes(data=True))
    rels = {k for _, _, k in g.edges(keys=True)}
    ends = {r[0] for r in db.execute(
        "SELECT r.id FROM relations r JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id "
        "WHERE s.kind = 'actor' AND t.kind = 'actor'")}
    assert rels == ends
    with_places = graph.actor_graph(db, include_places=True)
    assert with_places.number_of_nodes() > g.number_of_nodes()
    assert any(d["kind"] == "place" for _, d in with_places.nodes(data=True))


def test_every_relation_kind_has_a_line_family(db):
    for (kind,) in db.execute("SELECT DISTINCT kind FROM relations"):
        assert graph.kind_family(kind) in graph.FAMILY_LABELS


def test_spring_is_deterministic_and_keeps_untied_nodes_apart(db):
    g = graph.actor_graph(db)
    a, b = graph.spring(g), graph.spring(g)
    assert a == b
    assert set(a) == set(g.nodes)
    xy = np.array(list(a.values()))
    assert np.abs(xy).max() <= 1.0 + 1e-9
    isolated = [n for n in g.nodes if g.degree(n) == 0]
    tied = [n for n in g.nodes if g.degree(n) > 0]
    if isolated and tied:
        # untied actors sit on a shelf below the network, not scattered around it
        assert max(a[n][1] for n in isolated) < min(a[n][1] for n in tied)
    # no two nodes on top of each other
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    assert d[~np.eye(len(xy), dtype=bool)].min() > 0.01


def test_spring_with_fixed_nodes_keeps_them(db):
    g = graph.actor_graph(db)
    first = graph.spring(g)
    known = {n: first[n] for n in list(first)[:-3]}
    again = graph.spring(g, initial=known, fixed=set(known))
    assert all(again[n] == pytest.approx(known[n]) for n in known)
    assert set(again) == set(first)


def test_circular_and_grouped_cover_all_nodes(db):
    g = graph.actor_graph(db)
    for pos in (graph.circular(g), graph.grouped(g), graph.grouped(g, groups_of=graph.communities(g))):
        assert set(pos) == set(g.nodes)
        assert len(set(pos.values())) == len(pos)


def test_measures_are_normalised(db):
    g = graph.actor_graph(db)
    for m in graph.MEASURES:
        values = graph.measures(g, m)
        assert set(values) == set(g.nodes)
        assert max(values.values()) == pytest.approx(1.0)
        assert min(values.values()) >= 0
    assert graph.measures(g, "degree")["russia"] == 1.0 or graph.measures(g, "degree")["azerbaijan"] == 1.0
    with pytest.raises(ValueError):
        graph.measures(g, "charm")


def test_grid_repulsion_finds_the_same_close_pairs_as_brute_force():
    rng = np.random.default_rng(3)
    pos = rng.random((300, 2))
    r = 0.07
    i, j = graph._close_pairs(pos, r)
    got = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist())}
    want = {(a, b) for a, b in itertools.combinations(range(300), 2) if np.hypot(*(pos[a] - pos[b])) < r}
    assert got == want


def test_big_graph_layout_uses_the_grid_and_is_deterministic():
    g = nx.relabel_nodes(nx.gnm_random_graph(graph.DENSE_MAX + 100, 900, seed=2), str)
    a = graph.spring(g, iterations=15)
    assert a == graph.spring(g, iterations=15)
    assert len(a) == g.number_of_nodes()


def test_positions_are_cached_once(store_copy):
    db = open_store(store_copy)
    calls = []

    def compute(known):
        calls.append(dict(known))
        return {"a": (0.0, 1.0), "b": (2.0, 3.0)}

    pos, computed = positions.cached(db, "test", ["a", "b"], compute)
    assert computed and pos == {"a": (0.0, 1.0), "b": (2.0, 3.0)}
    pos2, computed2 = positions.cached(db, "test", ["a", "b"], compute)
    assert not computed2 and pos2 == pos and len(calls) == 1
    # a new node: the layout is asked to place it, knowing where the others are
    positions.cached(db, "test", ["a", "b", "c"], lambda known: {**known, "c": (5.0, 5.0)})
    assert positions.load(db, "test")["c"] == (5.0, 5.0)
    positions.save(db, positions.user_key("test"), {"a": (9.0, 9.0)})
    assert positions.with_drags(db, "test", pos) == {"a": (9.0, 9.0), "b": (2.0, 3.0)}
    positions.forget(db, positions.user_key("test"))
    assert positions.with_drags(db, "test", pos) == pos
    db.close()


def test_positions_on_a_read_only_store_fail_softly(built_store):
    db = open_store(built_store, readonly=True)
    assert positions.save(db, "x", {"a": (1.0, 2.0)}) is False
    pos, computed = positions.cached(db, "x", ["a"], lambda known: {"a": (1.0, 2.0)})
    assert computed and pos == {"a": (1.0, 2.0)}
    db.close()
