"""The analyst's notes on items (entities, events, relations, claims, sentences, and scenes as
``scene:<id>``), kept in the store's ``user_notes`` table so they survive a rebuild.

Each edit is one committed transaction: a killed app loses at most the note being typed.
Deleting marks the row (``deleted = 1``), so undo restores it exactly, id and timestamps too.
Search finds notes directly from this table (see :mod:`search`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


TABLE = "user_notes"
_COLUMNS = "id, item_id, text, created, updated, deleted"


@dataclass(frozen=True)
class Note:
    id: int
    item_id: str
    text: str
    created: float = 0.0
    updated: float = 0.0
    deleted: bool = False


def _row(row) -> Note:
    nid, item_id, text, created, updated, deleted = row
    return Note(nid, item_id, text or "", created or 0.0, updated or 0.0, bool(deleted))


def scene_item(scene_id: int) -> str:
    return f"scene:{scene_id}"


def notes_for(db: Database, item_id: str) -> list[Note]:
    return [_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM {TABLE} WHERE item_id = ? AND deleted = 0 "
                                        "ORDER BY created, id", [item_id])]


def all_notes(db: Database, *, include_deleted: bool = False) -> list[Note]:
    where = "" if include_deleted else "WHERE deleted = 0"
    return [_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM {TABLE} {where} ORDER BY id")]


def get(db: Database, note_id: int) -> Note | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM {TABLE} WHERE id = ?", [note_id]).fetchone()
    return _row(row) if row else None


def add(db: Database, item_id: str, text: str) -> Note:
    if not item_id:
        raise ValueError("a note needs an item")
    now = time.time()
    with db.atomic():
        cur = db.execute(f"INSERT INTO {TABLE} (item_id, text, created, updated, deleted) VALUES (?, ?, ?, ?, 0)",
                         [item_id, text, now, now])
        nid = cur.lastrowid
    return get(db, nid)


def edit(db: Database, note_id: int, text: str, *, updated: float | None = None) -> Note:
    """Replace a note's text; ``updated`` may be given to restore a timestamp exactly (undo)."""
    with db.atomic():
        cur = db.execute(f"UPDATE {TABLE} SET text = ?, updated = ? WHERE id = ?",
                         [text, time.time() if updated is None else updated, note_id])
        if cur.rowcount == 0:
            raise KeyError(f"no note {note_id}")
    return get(db, note_id)


def set_deleted(db: Database, note_id: int, deleted: bool = True) -> None:
    with db.atomic():
        db.execute(f"UPDATE {TABLE} SET deleted = ? WHERE id = ?", [int(deleted), note_id])
