"""Search over names, aliases, descriptions, claims, figures, sentences and the analyst's notes.

Tolerant of diacritics and of Azerbaijani/English transliteration (see :mod:`fold`): "Naxçıvan",
"Nakhchivan", "stepanakert" and "Şuşa" all find what an analyst means. User text never reaches
FTS5 as syntax.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .fold import fold, fts_match, query_variants
from .read.documents import memo_id

if TYPE_CHECKING:
    from sqlite_utils import Database

# Names beat aliases beat descriptions beat running text.
_FIELD_RANK = {"name": 0, "alias": 1, "note": 2, "claim": 3, "relation": 3, "figure": 3, "description": 4,
               "sentence": 5}


@dataclass(frozen=True)
class Hit:
    item_id: str
    field: str
    text: str
    kind: str | None = None
    # The id of the document the hit is from: a sentence's document; an item's, when it was recorded
    # from a document other than the memo (its first evidence: the analyst's import it came from).
    document: str | None = None


def search(db: Database, query: str, limit: int = 50) -> list[Hit]:
    match = fts_match(query)
    if match is None:
        return []
    try:
        rows = db.execute(
            "SELECT s.item_id, s.field, s.display, i.kind FROM search_index s LEFT JOIN items i ON i.id = s.item_id "
            "WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT ?", [match, limit * 4]).fetchall()
    except sqlite3.OperationalError:
        rows = []
    hits = [Hit(r[0], r[1], r[2], r[3] or ("sentence" if r[0].startswith("sentence:") else None)) for r in rows]
    hits += _notes(db, query)
    best: dict[str, Hit] = {}
    for h in sorted(hits, key=lambda h: _FIELD_RANK.get(h.field, 9)):
        best.setdefault(h.item_id, h)
    return _with_documents(db, list(best.values())[:limit])


def _with_documents(db: Database, hits: list[Hit]) -> list[Hit]:
    """Each hit with the document it is from: with the analyst's imports beside the memo, a sentence
    alone does not say whose words it is, nor does an actor or a claim recorded from an import. (An
    item of the memo's knowledge names none: it is the default; a note is the analyst's own words.)"""
    sourced = [h.item_id for h in hits if h.field != "note"]
    sids = {i: int(n) for i in sourced if i.startswith("sentence:") and (n := i.split(":", 1)[1]).isdigit()}
    items = [i for i in sourced if not i.startswith("sentence:")]
    docs: dict[str, str] = {}
    if sids:
        of = dict(db.execute(f"SELECT id, document_id FROM sentences WHERE id IN ({','.join('?' * len(sids))})",
                             list(sids.values())))
        docs |= {item: of[sid] for item, sid in sids.items() if sid in of}
    if items:
        memo = memo_id(db)
        # the first evidence (min id) is the passage the item was recorded from
        docs |= {item: doc for item, doc, _ in db.execute(
            f"SELECT item_id, document_id, min(id) FROM evidence WHERE item_id IN ({','.join('?' * len(items))}) "
            "GROUP BY item_id", items) if doc != memo}
    if not docs:
        return hits
    return [replace(h, document=docs.get(h.item_id)) if h.field != "note" else h for h in hits]


def _notes(db: Database, query: str) -> list[Hit]:
    """Notes change while the app runs, so they are matched directly rather than indexed."""
    if "user_notes" not in db.table_names():
        return []
    variants = query_variants(query)
    out = []
    for item_id, text, kind in db.execute(
            "SELECT n.item_id, n.text, i.kind FROM user_notes n LEFT JOIN items i ON i.id = n.item_id "
            "WHERE n.deleted = 0 ORDER BY n.updated DESC LIMIT 2000"):
        folded = fold(text or "")
        if any(all(w in folded for w in v.split()) for v in variants):
            out.append(Hit(item_id, "note", text, kind))
    return out
