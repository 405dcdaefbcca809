"""The synthetic data folder of the benchmark obeys the data rules and builds through the real path;
the quote index finds what a plain scan finds."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from karabakh_desktop.core import checks, datafiles, synthetic
from karabakh_desktop.core.build import build
from karabakh_desktop.core.quotes import QuoteIndex
from karabakh_desktop.core.store import open_store

N = 400


def _tree_hash(folder) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("syn") / "data"
    counts = synthetic.generate(folder, N, seed=5)
    out = folder.parent / "kb.db"
    build(folder, out)
    return folder, out, counts


def test_same_seed_same_files_other_seed_other_files(tmp_path, synthetic_store):
    folder, _, _ = synthetic_store
    synthetic.generate(tmp_path / "again", N, seed=5)
    synthetic.generate(tmp_path / "other", N, seed=6)
    assert _tree_hash(tmp_path / "again") == _tree_hash(folder)
    assert _tree_hash(tmp_path / "other") != _tree_hash(folder)


def test_it_obeys_the_data_rules_and_passes_db_check(synthetic_store):
    folder, out, counts = synthetic_store
    kb = datafiles.load(folder)  # raises DataError naming file and record otherwise
    assert len(kb.documents) == counts["documents"] >= 20
    assert checks.check(out) == []


def test_it_has_the_shape_of_a_real_knowledge_base(synthetic_store):
    _, out, counts = synthetic_store
    db = open_store(out, readonly=True)
    q = lambda sql: db.execute(sql).fetchall()  # noqa: E731
    kinds = dict(q("SELECT kind, count(*) FROM entities GROUP BY kind"))
    assert sum(kinds.values()) == N == counts["entities"]
    assert kinds["actor"] > kinds["place"] > 0 and kinds["event"] > 0 and kinds["pattern"] >= 3
    assert dict(q("SELECT precision, count(*) > 10 FROM events GROUP BY precision")) == {
        "day": 1, "month": 1, "year": 1}
    assert q("SELECT count(*) FROM events WHERE end IS NOT NULL")[0][0] > 10  # periods
    assert q("SELECT count(*) FROM events WHERE context = 1")[0][0] > 0
    assert q("SELECT count(*) FROM relations")[0][0] > kinds["actor"]
    assert {r[0] for r in q("SELECT DISTINCT sign FROM relations")} == {"cooperative", "conflictual", "neutral"}
    assert q("SELECT count(*) FROM places WHERE metonym_for IS NOT NULL")[0][0] > 0
    assert q("SELECT count(DISTINCT usage) FROM aliases WHERE usage IN ('az', 'hy')")[0][0] == 2
    assert q("SELECT count(*) FROM pattern_cells")[0][0] > 0
    # Mentions over many documents, several per entity, and every evidence quote located.
    assert q("SELECT count(DISTINCT document_id) FROM mentions")[0][0] == counts["documents"]
    assert q("SELECT count(*) FROM mentions")[0][0] > 3 * N
    assert q("SELECT count(*) FROM evidence WHERE sentence_id IS NULL")[0][0] == 0
    assert q("SELECT count(*) FROM claims WHERE sentence_id IS NULL")[0][0] == 0
    db.close()


def test_cached_store_is_built_once(tmp_path):
    store, data, seconds = synthetic.cached_store(150, seed=3, cache=tmp_path)
    assert seconds > 0 and store.exists() and (data / "actors.toml").exists()
    again, _, seconds = synthetic.cached_store(150, seed=3, cache=tmp_path)
    assert again == store and seconds == 0.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab .,’\n", max_size=40), min_size=1, max_size=5),
       st.text(alphabet="ab .,’\n", min_size=1, max_size=8))
def test_quote_index_finds_what_a_plain_scan_finds(texts, quote):
    docs = {f"d{i}": t for i, t in enumerate(texts)}
    plain = next(((d, t.find(quote)) for d, t in docs.items() if quote in t), None)
    assert QuoteIndex(docs).find(quote) == plain
