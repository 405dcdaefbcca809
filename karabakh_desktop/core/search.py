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
    document: str | None = None  # a sentence's: the id of the document it is from


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
    """Each sentence hit with the document it is from: with the analyst's imports beside the memo, a
    sentence alone does not say whose words it is."""
    sids = {h.item_id: int(n) for h in hits
            if h.item_id.startswith("sentence:") and (n := h.item_id.split(":", 1)[1]).isdigit()}
    if not sids:
        return hits
    docs = dict(db.execute(f"SELECT id, document_id FROM sentences WHERE id IN ({','.join('?' * len(sids))})",
                           list(sids.values())))
    return [replace(h, document=docs.get(sids[h.item_id])) if h.item_id in sids else h for h in hits]


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
