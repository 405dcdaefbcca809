"""The rows of the full-text ``search_index``: written whole by the build, item by item by edits.

Every row holds the display text and its folded form (see :mod:`fold`). Edits go through
:func:`reindex` and :func:`add_sentences`, which record their changes for undo (the index is a
virtual table, out of reach of the undo triggers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from . import undo
from .fold import fold

if TYPE_CHECKING:
    from sqlite_utils import Database

Row = tuple[str, str, str, str]  # item id, field, display, folded
_INSERT = "INSERT INTO search_index (item_id, field, display, folded) VALUES (?, ?, ?, ?)"


def _where(ids: list[str] | None, col: str) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" WHERE {col} IN ({','.join('?' * len(ids))})", list(ids)


def item_rows(db: Database, ids: list[str] | None = None) -> Iterator[Row]:
    """Search rows of entities, relations, claims and figures (all, or those with these ids)."""
    w, a = _where(ids, "id")
    for eid, name, desc in db.execute(f"SELECT id, name, description FROM entities{w}", a):
        yield eid, "name", name, fold(name)
        if desc:
            yield eid, "description", desc, fold(desc)
    w, a = _where(ids, "entity_id")
    for eid, alias in db.execute(f"SELECT entity_id, alias FROM aliases{w}{' AND' if w else ' WHERE'} "
                                 "coalesce(alias_kind, '') != 'merged'", a):
        yield eid, "alias", alias, fold(alias)
    w, a = _where(ids, "id")
    for rid, kind, desc in db.execute(f"SELECT id, kind, coalesce(description, '') FROM relations{w}", a):
        label = kind.replace("_", " ")
        yield rid, "relation", f"{label}: {desc}", fold(f"{label} {desc}")
    for cid, summary in db.execute(f"SELECT id, summary FROM claims{w}", a):
        yield cid, "claim", summary, fold(summary)
    for fid, label in db.execute(f"SELECT id, label FROM figures{w}", a):
        yield fid, "figure", label, fold(label)


def sentence_rows(db: Database, document_id: str | None = None) -> Iterator[Row]:
    w, a = _where(None if document_id is None else [document_id], "document_id")
    for sid, text in db.execute(f"SELECT id, text FROM sentences{w}", a):
        yield f"sentence:{sid}", "sentence", text, fold(text)


def fill(db: Database) -> int:
    """Index everything (the build, on an empty index)."""
    rows = [*item_rows(db), *sentence_rows(db)]
    db.conn.executemany(_INSERT, rows)
    return len(rows)


def _insert(db: Database, rows: Iterable[Row]) -> int:
    n = 0
    recording = undo.recording(db)
    for row in rows:
        rid = db.execute(_INSERT, row).lastrowid
        if recording:
            values = ",".join(undo.sql_literal(v) for v in (rid, *row))
            undo.record(db, f"DELETE FROM search_index WHERE rowid = {rid}",
                        f"INSERT INTO search_index (rowid, item_id, field, display, folded) VALUES ({values})")
        n += 1
    return n


def _remove(db: Database, item_ids: list[str]) -> None:
    if not item_ids:
        return
    marks = ",".join("?" * len(item_ids))
    if undo.recording(db):
        for row in db.execute(f"SELECT rowid, item_id, field, display, folded FROM search_index "
                              f"WHERE item_id IN ({marks})", item_ids).fetchall():
            values = ",".join(undo.sql_literal(v) for v in row)
            undo.record(db, f"INSERT INTO search_index (rowid, item_id, field, display, folded) VALUES ({values})",
                        f"DELETE FROM search_index WHERE rowid = {row[0]}")
    db.execute(f"DELETE FROM search_index WHERE item_id IN ({marks})", item_ids)


def reindex(db: Database, item_ids: Iterable[str]) -> None:
    """Replace the search rows of these items by rows from their current state (none if deleted)."""
    ids = list(dict.fromkeys(i for i in item_ids if i))
    _remove(db, ids)
    if ids:
        _insert(db, item_rows(db, ids))


def add_sentences(db: Database, document_id: str) -> int:
    return _insert(db, sentence_rows(db, document_id))


def remove_sentences(db: Database, document_id: str) -> None:
    _remove(db, [f"sentence:{sid}" for (sid,) in db.execute("SELECT id FROM sentences WHERE document_id = ?",
                                                           [document_id])])
