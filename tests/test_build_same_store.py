"""The build's fast paths build the very store the plain ones built.

The build finds mentions through a start regex in front of the trie, folds search text with
shortcuts, writes its big tables by ``executemany`` and reuses the checks' sentences and quote
lookups (issue 17: 1 MB of memo text per second, with margin). Here the plain ways — the trie
walked from every character, ``fold`` as first written, sqlite-utils' ``insert_all`` of dicts,
the text split again — stand beside them: the same data builds the same rows in every table.
"""

from __future__ import annotations

import random
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from karabakh_desktop import paths
from karabakh_desktop.core import build, datafiles, document, index
from karabakh_desktop.core.fold import fold
from karabakh_desktop.core.mentions import _END, MentionFinder, _is_word
from karabakh_desktop.core.quotes import QuoteIndex
from karabakh_desktop.core.synthetic import long_memo_data

VOLATILE_META = {"built_at", "build_id", "data_folder"}


# --- the plain ways ---------------------------------------------------------------------------------------
def plain_spans(finder: MentionFinder, text: str, accept=None):
    """The trie walked from every character of the text (the finder before the start regex)."""
    n, i, trie = len(text), 0, finder._trie
    while i < n:
        if i > 0 and _is_word(text[i - 1]) and _is_word(text[i]):
            i += 1
            continue
        node, j, best = trie, i, None
        while j < n:
            node = node.get(text[j])
            if node is None:
                break
            j += 1
            if _END in node and (j == n or not (_is_word(text[j]) and _is_word(text[j - 1]))) and (
                    accept is None or accept(i, j, node[_END])):
                best = (j, node[_END])
        if best is not None:
            yield i, best[0], best[1]
            i = best[0]
        else:
            i += 1


def plain_fold(text: str) -> str:
    special = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ł": "l", "ø": "o", "ß": "ss", "’": "'", "‘": "'"})
    text = text.replace("\x00", "").lower().translate(special)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def plain_insert(db, table, columns, rows) -> None:
    db[table].insert_all([dict(zip(columns, r, strict=True)) for r in rows])


def plain_quotes(kb) -> QuoteIndex:
    q = QuoteIndex(kb.texts)
    q.sentences = {doc: document.sentences(text, document.paragraphs(text)) for doc, text in kb.texts.items()}
    return q


def rows_of(path: Path) -> dict[str, list]:
    """Every row of every table (and of sqlite_master), in rowid order; what differs between two
    builds of the same data by its nature (build time and id, folder, migration times) left out."""
    conn = sqlite3.connect(path)
    try:
        out = {"sqlite_master": conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                             "ORDER BY rowid").fetchall()}
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                      "'CREATE VIRTUAL%'").fetchall():
            # the full-text index's own tables too; those without rowid read in primary-key order
            order = "*" if "WITHOUT ROWID" in sql.upper() else "rowid, *"
            out[name] = conn.execute(f"SELECT {order} FROM [{name}]" + (" ORDER BY rowid" if "rowid" in order
                                                                         else "")).fetchall()
        out["meta"] = [r for r in out["meta"] if r[1] not in VOLATILE_META]
        out["_sqlite_migrations"] = [r[:-1] for r in out["_sqlite_migrations"]]  # applied_at
        return out
    finally:
        conn.close()


def build_both(data: Path, tmp_path: Path, monkeypatch) -> tuple[dict, dict]:
    fast = build.build(data, tmp_path / "fast.db", keep_user_tables=False)
    with monkeypatch.context() as m:
        m.setattr(MentionFinder, "spans", plain_spans)
        m.setattr(index, "fold", plain_fold)
        m.setattr(build, "_insert_rows", plain_insert)
        m.setattr(datafiles.KnowledgeBase, "quotes", plain_quotes)
        plain = build.build(data, tmp_path / "plain.db", keep_user_tables=False)
    for key in ("seconds",):
        fast.pop(key), plain.pop(key)
    assert fast == plain
    return rows_of(tmp_path / "fast.db"), rows_of(tmp_path / "plain.db")


def assert_same(fast: dict, plain: dict) -> None:
    assert fast.keys() == plain.keys()
    for table in plain:
        assert fast[table] == plain[table], f"table {table} differs"


# --- whole builds -----------------------------------------------------------------------------------------
def test_the_memo_builds_the_same_store(tmp_path, monkeypatch):
    fast, plain = build_both(paths.data_dir(), tmp_path, monkeypatch)
    assert_same(fast, plain)
    assert len(fast["mentions"]) > 300 and len(fast["search_index_content"]) > 600  # the memo, really


def test_a_long_memo_builds_the_same_store(tmp_path, monkeypatch):
    # the memo followed by its body again and again, as one paragraph (the benchmark's long text, smaller)
    data = long_memo_data(tmp_path / "long", 0.15)
    fast, plain = build_both(data, tmp_path, monkeypatch)
    assert_same(fast, plain)
    assert len(fast["sentences"]) > 1000 and len(fast["mentions"]) > 3000


def test_a_synthetic_store_builds_the_same(tmp_path, monkeypatch):
    from karabakh_desktop.core.synthetic import generate

    generate(tmp_path / "syn", 400)  # many documents, many invented names, contested aliases, metonyms
    fast, plain = build_both(tmp_path / "syn", tmp_path, monkeypatch)
    assert_same(fast, plain)
    assert len({r[2] for r in fast["documents"]}) == 20


# --- the pieces, on hostile input -------------------------------------------------------------------------
_ALPHABET = "aAbB _.-(é1ı]^\\\n’Ş"


@pytest.mark.parametrize("seed", range(4))
def test_the_start_regex_misses_no_mention(seed):
    rng = random.Random(seed)
    for case in range(1500):
        surfaces = {"".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 5))): f"e{k}"
                    for k in range(rng.randint(0, 9))}
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60)))
        accept = (lambda s, e, v: (s + e + len(v)) % 3 != 0) if case % 3 == 0 else None
        finder = MentionFinder(surfaces)
        expected = list(plain_spans(finder, text, accept))
        assert list(finder.spans(text, accept)) == expected, (surfaces, text)
        assert [(m.start, m.end, m.surface, m.entity_id) for m in finder.find(text, accept)] == [
            (s, e, text[s:e], v) for s, e, v in expected]


def test_long_surfaces_past_the_regex_prefix():
    # longer than the letters the start regex checks: the trie decides the rest
    finder = MentionFinder({"Karabakh Armenians": "ka", "Karabakh": "k", "Kara": "x", "Karab": "y"})
    text = "Karabakh Armenians, Karabakhs, Karab, Kara-bakh and Karabakh."
    assert list(finder.spans(text)) == list(plain_spans(finder, text))
    assert [v for _, _, v in finder.spans(text)] == ["ka", "y", "x", "k"]


def test_fold_is_the_plain_fold():
    rng = random.Random(7)
    pool = [chr(c) for c in range(0x3000)] + list("ıəƏłøß’‘İΣς") * 30 + ["\U0001d400", "ǅ", "ẞ", "\u0345"]
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 14)))
        assert fold(text) == plain_fold(text), repr(text)
    for text in ("Naxçıvan", "Şuşa", "Xankəndi", "ÖZ’S “QUOTE” – ΟΔΟΣ", "plain ascii\x00text"):
        assert fold(text) == plain_fold(text)


def test_a_nul_in_a_text_is_a_character_like_any_other():
    # a NUL right after a name once walked the finder into the name's id (the end marker was "\x00")
    finder = MentionFinder({"Ab": "x", "Ab\u00e7d": "y"})
    assert [(m.start, m.end, m.entity_id) for m in finder.find("Ab\x00c Ab and Ab\x00")] == \
        [(0, 2, "x"), (5, 7, "x"), (12, 14, "x")]
