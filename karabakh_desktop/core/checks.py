"""``db check``: SQLite's integrity check plus the build's validations, on an existing store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from . import dates
from .store import StoreError, open_store

# (what, SQL returning offending rows as (id, detail))
_REFERENCES = [
    ("relation source", "SELECT id, source_id FROM relations WHERE source_id NOT IN (SELECT id FROM entities)"),
    ("relation target", "SELECT id, target_id FROM relations WHERE target_id NOT IN (SELECT id FROM entities)"),
    ("event place", "SELECT entity_id, place_id FROM events WHERE place_id IS NOT NULL "
                    "AND place_id NOT IN (SELECT entity_id FROM places)"),
    ("event participant", "SELECT event_id, entity_id FROM event_participants "
                          "WHERE entity_id NOT IN (SELECT id FROM entities)"),
    ("claim claimant", "SELECT id, claimant_id FROM claims WHERE claimant_id NOT IN (SELECT id FROM entities)"),
    ("claim subject", "SELECT id, subject_id FROM claims WHERE subject_id IS NOT NULL "
                      "AND subject_id NOT IN (SELECT id FROM items)"),
    ("figure subject", "SELECT id, subject_id FROM figures WHERE subject_id NOT IN (SELECT id FROM items)"),
    ("alias owner", "SELECT alias, entity_id FROM aliases WHERE entity_id NOT IN (SELECT id FROM entities)"),
    ("pattern cell case", "SELECT id, case_id FROM pattern_cells WHERE case_id NOT IN (SELECT entity_id FROM places)"),
    ("pattern cell pattern", "SELECT id, pattern_id FROM pattern_cells WHERE pattern_id NOT IN (SELECT id FROM patterns)"),
    ("evidence item", "SELECT quote, item_id FROM evidence WHERE item_id NOT IN (SELECT id FROM items)"),
    ("place coordinates", "SELECT entity_id, lat || ',' || lon FROM places WHERE lat NOT BETWEEN -90 AND 90 "
                          "OR lon NOT BETWEEN -180 AND 180"),
    ("duplicate alias", "SELECT alias, group_concat(DISTINCT entity_id) FROM aliases WHERE mention = 1 "
                        "GROUP BY alias HAVING count(DISTINCT entity_id) > 1"),
]


def check(path: str | Path) -> list[str]:
    """Problems found, as readable lines; an empty list means the store is sound."""
    path = Path(path)
    try:
        db = open_store(path, readonly=True)
    except StoreError as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        for (row,) in db.execute("PRAGMA integrity_check").fetchall():
            if row != "ok":
                problems.append(f"integrity: {row}")
        for (row,) in db.execute("PRAGMA foreign_key_check").fetchall()[:20]:
            problems.append(f"foreign key: {row}")
        for what, sql in _REFERENCES:
            for rid, detail in db.execute(sql).fetchall()[:50]:
                problems.append(f"{what}: {rid!r} points to {detail!r}, which does not exist")
        texts = dict(db.execute("SELECT id, text FROM documents").fetchall())
        for item, doc, start, end, quote in db.execute(
                "SELECT item_id, document_id, start, end, quote FROM evidence"):
            if texts.get(doc, "")[start:end] != quote:
                problems.append(f"evidence of {item!r}: the quote is not at its offsets in {doc!r}: {quote[:80]!r}")
        for eid, doc, start, end, surface in db.execute(
                "SELECT entity_id, document_id, start, end, surface FROM mentions"):
            if texts.get(doc, "")[start:end] != surface:
                problems.append(f"mention of {eid!r} at {start}-{end}: the text there is not {surface!r}")
        for eid, start, end in db.execute("SELECT entity_id, start, end FROM events"):
            try:
                dates.extent(start, end)
            except dates.DateError as exc:
                problems.append(f"event {eid!r}: {exc}")
    except sqlite3.Error as exc:
        problems.append(f"{path}: {exc}")
    finally:
        db.close()
    return problems
