"""The analyst's layer: their edits, replayed on top of every rebuild of the shipped data.

A store is the shipped data (built from ``data/``) plus the analyst's edit log
(``user_edits``, one row per command, see :mod:`edits`), applied in order. The log is a user
table, so a rebuild carries it over like notes and scenes; :func:`replay` then applies it to the
freshly built knowledge tables. Imported documents are in the log too (their text, metadata
and the suggester's settings), so they come back with fresh suggestions, and confirmations and
rejections are re-applied by document and offsets.

A conflict is listed in ``conflicts``, never resolved silently:
- ``changed``: the shipped data changed an item (or field) the analyst edited since the edit.
  The analyst's edit is still applied (their layer is on top); the row shows both values.
- ``gone``: the edit needs an item, or a suggestion, that the shipped data no longer has. The
  edit is not applied (it stays in the log, and applies again if the item comes back).
- ``failed``: the edit cannot be applied for another reason given in the message.
:func:`acknowledge` accepts a ``changed`` conflict (the analyst's value stays, and the edit is
re-based on the current shipped item, so it is not listed again).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from . import item_edits, library, record  # noqa: F401  (importing them registers their operations)
from .edits import Context, EditError, describe, exists, fingerprint, get_op

if TYPE_CHECKING:
    from sqlite_utils import Database


def replay(db: Database) -> dict:
    """Apply the edit log to the knowledge tables (inside the build's transaction or its own)."""
    applied = skipped = 0
    all_conflicts: list[dict] = []
    with db.atomic():
        db.execute("DELETE FROM conflicts")
        for edit_id, op_name, payload_json in db.execute("SELECT id, op, payload FROM user_edits ORDER BY id").fetchall():
            ctx = Context(replay=True, edit_id=edit_id)
            try:
                payload = json.loads(payload_json)
                spec = get_op(op_name)
            except (ValueError, EditError) as exc:
                ctx.conflict("failed", None, f"edit {edit_id} ({op_name}) cannot be read: {exc}")
                all_conflicts += _tag(ctx, op_name)
                skipped += 1
                continue
            missing = [i for i in spec.needs(payload) if not exists(db, i)]
            missing += [i for i, fp in payload.get("base", {}).items() if fp is not None and not exists(db, i)]
            if missing:
                ctx.conflict("gone", missing[0], f"{_what(op_name)} needs {', '.join(map(repr, missing))}, which "
                             "the shipped data no longer has; the edit was not applied")
                all_conflicts += _tag(ctx, op_name)
                skipped += 1
                continue
            for item, fp in payload.get("base", {}).items():
                now = fingerprint(db, item)
                if fp is not None and now != fp and not _field_level(op_name):
                    ctx.conflict("changed", item, f"the shipped data changed {item!r} since you edited it "
                                 f"({_what(op_name)}); your edit was applied on top",
                                 shipped={"fingerprint": now, "row": _row(db, item)})
            try:
                with db.atomic():
                    spec.apply(db, payload, ctx)
                applied += 1
            except (EditError, KeyError, ValueError, TypeError, sqlite3.Error) as exc:
                # One edit that no longer fits (its savepoint rolled back) never stops the rebuild.
                ctx.conflict("failed", None, f"{_what(op_name)} could not be applied: {exc}")
                skipped += 1
            all_conflicts += _tag(ctx, op_name)
        if all_conflicts:
            db["conflicts"].insert_all(all_conflicts)
    return {"edits_replayed": applied, "edits_skipped": skipped, "conflicts": len(all_conflicts)}


def _field_level(op_name: str) -> bool:
    # set_field / set_document compare the very field instead (a change elsewhere in the item is
    # no conflict with setting this one).
    return op_name in ("set_field", "set_document")


def _tag(ctx: Context, op_name: str) -> list[dict]:
    return [c | {"op": op_name} for c in ctx.conflicts]


def _what(op_name: str) -> str:
    return {"set_field": "a field edit", "add_alias": "an added alias", "remove_alias": "a removed alias",
            "merge": "a merge", "delete": "a deletion", "tag": "a tag", "create_entity": "a new entity",
            "record_relation": "a recorded relation", "record_claim": "a recorded claim",
            "mention_status": "a confirmation or rejection", "import_document": "an imported document",
            "set_document": "a document's metadata", "suggest": "a suggester run"}.get(op_name, op_name)


def _row(db: Database, item_id: str):
    return describe(db, item_id)


def conflicts(db: Database) -> list[dict]:
    return list(db["conflicts"].rows_where(order_by="id")) if "conflicts" in db.table_names() else []


def acknowledge(db: Database, conflict_id: int) -> None:
    """Keep the analyst's edit over a shipped change: re-base it on the current item; unlist it."""
    row = db.execute("SELECT edit_id, item_id FROM conflicts WHERE id = ?", [conflict_id]).fetchone()
    if row is None:
        raise EditError(f"no conflict {conflict_id}")
    edit_id, item_id = row
    with db.atomic():
        payload_row = db.execute("SELECT op, payload FROM user_edits WHERE id = ?", [edit_id]).fetchone()
        if payload_row is not None:
            op_name, payload_json = payload_row
            payload = json.loads(payload_json)
            # The conflict recorded what the edit met at the replay: the shipped field value, or the
            # item's fingerprint before the edit applied. That becomes the edit's new base.
            shipped = db.execute("SELECT shipped FROM conflicts WHERE id = ?", [conflict_id]).fetchone()[0]
            shipped = json.loads(shipped) if shipped is not None else None
            if op_name in ("set_field", "set_document"):
                payload["old"] = shipped
            elif isinstance(shipped, dict) and "fingerprint" in shipped:
                payload.setdefault("base", {})[item_id] = shipped["fingerprint"]
            db.execute("UPDATE user_edits SET payload = ? WHERE id = ?",
                       [json.dumps(payload, ensure_ascii=False), edit_id])
        db.execute("DELETE FROM conflicts WHERE id = ?", [conflict_id])


def drop_edit(db: Database, edit_id: int) -> None:
    """Take the shipped data's side: remove an edit from the log. Its effect on this store stays
    until the next rebuild (``db build``), which no longer applies it."""
    with db.atomic():
        if db.execute("DELETE FROM user_edits WHERE id = ?", [edit_id]).rowcount == 0:
            raise EditError(f"no edit {edit_id}")
        db.execute("DELETE FROM conflicts WHERE edit_id = ?", [edit_id])
