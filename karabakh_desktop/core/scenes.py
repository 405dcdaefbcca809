"""Saved scenes: named states of the whole window (selection, time window, naming, per-panel views,
which panels are shown), kept in the store's ``user_scenes`` table so they survive a rebuild.

Every edit is committed in its own transaction, so a killed app loses nothing already done.
Deleting only marks a row (``deleted = 1``): undo brings back the very same row, id and all.
The ``state`` is JSON; this module does not interpret it beyond reading and writing it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


TABLE = "user_scenes"
_COLUMNS = "id, position, title, caption, state, created, updated, deleted"


@dataclass(frozen=True)
class Scene:
    id: int
    position: float
    title: str
    caption: str = ""
    state: dict = field(default_factory=dict)
    created: float = 0.0
    updated: float = 0.0
    deleted: bool = False


def _row(row) -> Scene:
    sid, position, title, caption, state, created, updated, deleted = row
    try:
        parsed = json.loads(state) if state else {}
    except ValueError:
        parsed = {}  # a hand-edited, broken state still lists, titled; it applies as "nothing"
    return Scene(sid, position or 0.0, title or "", caption or "", parsed if isinstance(parsed, dict) else {},
                 created or 0.0, updated or 0.0, bool(deleted))


def list_scenes(db: Database, *, include_deleted: bool = False) -> list[Scene]:
    where = "" if include_deleted else "WHERE deleted = 0"
    return [_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM {TABLE} {where} ORDER BY position, id")]


def get(db: Database, scene_id: int) -> Scene | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM {TABLE} WHERE id = ?", [scene_id]).fetchone()
    return _row(row) if row else None


def add(db: Database, title: str, state: dict, caption: str = "", *, position: float | None = None) -> Scene:
    now = time.time()
    with db.atomic():
        if position is None:
            last = db.execute(f"SELECT MAX(position) FROM {TABLE} WHERE deleted = 0").fetchone()[0]
            position = (last or 0.0) + 1.0
        cur = db.execute(f"INSERT INTO {TABLE} (position, title, caption, state, created, updated, deleted) "
                         "VALUES (?, ?, ?, ?, ?, ?, 0)",
                         [position, title, caption, json.dumps(state, ensure_ascii=False), now, now])
        sid = cur.lastrowid
    return get(db, sid)


def update(db: Database, scene_id: int, *, title: str | None = None, caption: str | None = None,
           state: dict | None = None, position: float | None = None, updated: float | None = None) -> Scene:
    """Change some fields of a scene; ``updated`` may be given to restore a timestamp exactly (undo)."""
    sets, args = [], []
    for col, value in (("title", title), ("caption", caption), ("position", position)):
        if value is not None:
            sets.append(f"{col} = ?")
            args.append(value)
    if state is not None:
        sets.append("state = ?")
        args.append(json.dumps(state, ensure_ascii=False))
    sets.append("updated = ?")
    args.append(time.time() if updated is None else updated)
    with db.atomic():
        cur = db.execute(f"UPDATE {TABLE} SET {', '.join(sets)} WHERE id = ?", [*args, scene_id])
        if cur.rowcount == 0:
            raise KeyError(f"no scene {scene_id}")
    return get(db, scene_id)


def set_deleted(db: Database, scene_id: int, deleted: bool = True) -> None:
    with db.atomic():
        db.execute(f"UPDATE {TABLE} SET deleted = ? WHERE id = ?", [int(deleted), scene_id])


def positions(db: Database) -> dict[int, float]:
    return {sid: pos for sid, pos in db.execute(f"SELECT id, position FROM {TABLE} WHERE deleted = 0")}


def set_positions(db: Database, new: dict[int, float]) -> None:
    with db.atomic():
        for sid, pos in new.items():
            db.execute(f"UPDATE {TABLE} SET position = ? WHERE id = ?", [pos, sid])


def moved(db: Database, scene_id: int, step: int) -> dict[int, float] | None:
    """The positions after moving a scene ``step`` places (-1 up, +1 down); None at either end.
    Positions are renumbered 1, 2, 3 … so that they stay distinct."""
    order = [s.id for s in list_scenes(db)]
    if scene_id not in order:
        return None
    i = order.index(scene_id)
    j = i + step
    if not 0 <= j < len(order):
        return None
    order[i], order[j] = order[j], order[i]
    return {sid: float(n + 1) for n, sid in enumerate(order)}
