"""The analyst's knowledge edits as commands: each one undoable, committed at once, and logged.

A :class:`Command` names an operation and its arguments (the *payload*, plain JSON). ``do()``
applies it in one transaction, records what it wrote (see :mod:`undo`) and appends the
payload to ``user_edits``; ``undo()`` puts back exactly the rows it changed (and so removes
its log row); ``do()`` again redoes it exactly. The GUI wraps a command in a ``QUndoCommand``.

The log is the analyst's layer: a rebuild of the shipped data replays it on top (see
:mod:`layer`). Payloads are therefore semantic — ids, offsets, values — never rowids, and
carry the fingerprint (``base``) of every item they edit as it was at the time, so a replay
can tell when the shipped data has changed that item since (a conflict, listed).

Operations are registered by the modules that define them (:mod:`library`, :mod:`record`,
:mod:`item_edits`) with :func:`op`; this module imports none of them (no import cycle).
"""

from __future__ import annotations

import copy
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import undo

if TYPE_CHECKING:
    from sqlite_utils import Database


class EditError(ValueError):
    """An edit that cannot be made (bad input, or an item that is not there); nothing was written."""


@dataclass
class Context:
    """What an operation needs to know about how it runs: live, or replayed after a rebuild."""

    replay: bool = False
    edit_id: int | None = None
    conflicts: list[dict] = field(default_factory=list)

    def conflict(self, kind: str, item_id: str | None, message: str, shipped=None, analyst=None) -> None:
        self.conflicts.append({"edit_id": self.edit_id, "kind": kind, "item_id": item_id, "message": message,
                               "shipped": None if shipped is None else json.dumps(shipped, ensure_ascii=False),
                               "analyst": None if analyst is None else json.dumps(analyst, ensure_ascii=False)})


@dataclass(frozen=True)
class Op:
    name: str
    apply: Callable[[Database, dict, Context], dict]
    touches: Callable[[dict], list[str]]  # items whose content the edit changes (conflict if changed)
    needs: Callable[[dict], list[str]]  # items that must exist for it to apply


OPS: dict[str, Op] = {}


def op(name: str, *, touches=lambda p: [], needs=lambda p: []):
    def register(fn):
        OPS[name] = Op(name, fn, touches, needs)
        return fn
    return register


def get_op(name: str) -> Op:
    """A registered operation. The modules defining them register on import; :mod:`layer`
    imports them all before it replays a log."""
    if name not in OPS:
        raise EditError(f"unknown edit {name!r}")
    return OPS[name]


_FINGERPRINT_TABLES = (("entities", "id"), ("actors", "entity_id"), ("places", "entity_id"),
                       ("events", "entity_id"), ("relations", "id"), ("claims", "id"), ("figures", "id"),
                       ("pattern_cells", "id"))


def fingerprint(db: Database, item_id: str) -> str | None:
    """A hash of an item's rows and aliases (not its layer); None when there is no such item."""
    parts = []
    for table, key in _FINGERPRINT_TABLES:
        for row in db.execute(f"SELECT * FROM [{table}] WHERE [{key}] = ?", [item_id]):
            cols = [d for d in db[table].columns_dict if d != "layer"]
            parts.append([table, *[row[i] for i, c in enumerate(db[table].columns_dict) if c in cols]])
    if not parts:
        return None
    parts.append(sorted(db.execute("SELECT alias, usage, alias_kind, mention FROM aliases WHERE entity_id = ?",
                                   [item_id]).fetchall(), key=repr))
    import hashlib  # here, not at the top: loading OpenSSL's hashes is CPU the start-up does not need

    return hashlib.sha1(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def exists(db: Database, item_id: str | None) -> bool:
    return bool(item_id) and db.execute("SELECT 1 FROM items WHERE id = ?", [item_id]).fetchone() is not None


def describe(db: Database, item_id: str) -> dict | None:
    """An item's main row as a dict, for conflict listings."""
    for table, key in _FINGERPRINT_TABLES[:1] + _FINGERPRINT_TABLES[4:]:
        row = db[table].rows_where(f"[{key}] = ?", [item_id], limit=1)
        for r in row:
            return r
    return None


class Command:
    """One edit. ``do(db)`` applies (or redoes), ``undo(db)`` restores; both commit at once."""

    def __init__(self, op_name: str, payload: dict, text: str):
        get_op(op_name)
        self.op = op_name
        self.payload = payload
        self.text = text
        self.result: dict = {}
        self._undo: list[str] | None = None
        self._redo: list[str] | None = None

    def do(self, db: Database) -> dict:
        if self._redo is not None:
            self._replay(db, self._redo, "redo")
            return self.result
        with db.atomic():
            spec = get_op(self.op)
            payload = copy.deepcopy(self.payload)
            payload["base"] = {i: fingerprint(db, i) for i in spec.touches(payload) if i}
            undo.start(db)
            self.result = spec.apply(db, payload, Context()) or {}
            db.execute("INSERT INTO user_edits (op, payload, created) VALUES (?, ?, ?)",
                       [self.op, json.dumps(payload, ensure_ascii=False), time.time()])
            self._undo, self._redo = undo.stop(db)
        self.payload = payload
        return self.result

    def undo(self, db: Database) -> None:
        if self._undo is None:
            raise EditError(f"{self.text}: not done, nothing to undo")
        self._replay(db, self._undo, "undo")

    def _replay(self, db: Database, statements: list[str], what: str) -> None:
        try:
            with db.atomic():
                undo.run(db, statements)
        except sqlite3.IntegrityError:
            # Another window (or program) changed these rows meanwhile: the exact inverse no
            # longer fits, and nothing was written.
            raise EditError(f"cannot {what} “{self.text}”: the store was changed meanwhile, by another "
                            "window or program; nothing was changed") from None

    def __repr__(self) -> str:
        return f"Command({self.op!r}, {self.text!r})"


def slug(text: str, *, limit: int = 48) -> str:
    from .fold import fold

    s = "".join(c if c.isalnum() else "-" for c in fold(text)).strip("-")
    while "--" in s:
        s = s.replace("--", "-")
    s = s[:limit].strip("-")
    if s and s[0].isalnum() and s.isascii():
        return s
    import hashlib  # (see fingerprint)

    return f"item-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def new_id(db: Database, base: str) -> str:
    """A fresh id from a name: a slug, with -2, -3 … when taken (ids are shared by all items)."""
    stem = slug(base)
    candidate, n = stem, 1
    while exists(db, candidate) or db.execute("SELECT 1 FROM documents WHERE id = ?", [candidate]).fetchone() \
            or db.execute("SELECT 1 FROM aliases WHERE alias = ? AND alias_kind = 'merged'", [candidate]).fetchone():
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def resolve(db: Database, item_id: str) -> str:
    """The id an item goes by now: a merged entity's old id resolves to the survivor."""
    if exists(db, item_id):
        return item_id
    row = db.execute("SELECT entity_id FROM aliases WHERE alias = ? AND alias_kind = 'merged'", [item_id]).fetchone()
    return row[0] if row else item_id
