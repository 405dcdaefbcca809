"""Node positions kept in the store's ``user_positions`` table (a user table: a rebuild keeps it).

Two kinds of rows, told apart by the layout name:
- ``<layout>``: a computed layout, cached so that start-up never lays the graph out again;
- ``<layout>@user``: where the analyst dragged nodes; drawn over the computed positions until
  "Reset positions" deletes them.
A store opened read-only simply caches nothing: every write here fails softly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


Positions = dict[str, tuple[float, float]]
USER_SUFFIX = "@user"


def user_key(layout: str) -> str:
    return layout + USER_SUFFIX


def load(db: Database, layout: str) -> Positions:
    try:
        rows = db.execute("SELECT item_id, x, y FROM user_positions WHERE layout = ?", [layout]).fetchall()
    except sqlite3.Error:
        return {}
    return {item: (float(x), float(y)) for item, x, y in rows}


def save(db: Database, layout: str, positions: Positions, *, replace: bool = False) -> bool:
    """Store positions (all at once); ``replace`` first forgets the layout's other rows."""
    try:
        with db.atomic():
            if replace:
                db.execute("DELETE FROM user_positions WHERE layout = ?", [layout])
            db.conn.executemany("INSERT OR REPLACE INTO user_positions (layout, item_id, x, y) VALUES (?, ?, ?, ?)",
                           [(layout, item, float(x), float(y)) for item, (x, y) in positions.items()])
        return True
    except sqlite3.Error:
        return False


def forget(db: Database, layout: str, items: Iterable[str] | None = None) -> bool:
    """Delete a layout's rows (or only those of ``items``)."""
    try:
        with db.atomic():
            if items is None:
                db.execute("DELETE FROM user_positions WHERE layout = ?", [layout])
            else:
                db.conn.executemany("DELETE FROM user_positions WHERE layout = ? AND item_id = ?",
                               [(layout, i) for i in items])
        return True
    except sqlite3.Error:
        return False


def cached(db: Database, layout: str, nodes: Iterable[str],
           compute: Callable[[Positions], Positions]) -> tuple[Positions, bool]:
    """The cached layout for ``nodes``; computes and stores it only when some node has no position.

    ``compute(known)`` gets the cached positions of the nodes that still have one (so a layout can
    place new nodes around them) and returns positions for all nodes. Returns (positions, computed).
    """
    nodes = list(nodes)
    known = load(db, layout)
    if nodes and all(n in known for n in nodes):
        return {n: known[n] for n in nodes}, False
    pos = compute({n: known[n] for n in nodes if n in known})
    save(db, layout, pos)
    return pos, True


def with_drags(db: Database, layout: str, computed: Positions) -> Positions:
    """Computed positions with the analyst's dragged ones on top."""
    out = dict(computed)
    out.update({k: v for k, v in load(db, user_key(layout)).items() if k in computed})
    return out
