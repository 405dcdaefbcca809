"""Recording what a command wrote, so that undo and redo restore the store exactly.

While a command runs, temporary triggers (private to this connection, never in the file) write,
for every row inserted, updated or deleted in a tracked table, the SQL that reverses the change
and the SQL that repeats it, with values through SQLite's ``quote()`` (exact for text, integers
and reals: SQLite 3.29+ prints reals with enough digits to read back the same double). Rowids
are kept, so undo puts back the very rows, ids included. The full-text index is a virtual table
without triggers: :mod:`index` records its changes here by hand (:func:`record`).

This is the classic SQLite undo recipe; it is generic, so a command cannot forget a table it
touched (a merge updates ten of them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


TRACKED = ("documents", "paragraphs", "sentences", "entities", "aliases", "actors", "places", "events",
           "event_participants", "relations", "figures", "claims", "patterns", "pattern_cells", "mentions",
           "evidence", "user_notes", "user_edits")


def _install(db: Database) -> None:
    if db.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'undo_ops'").fetchone():
        return
    db.execute("CREATE TEMP TABLE undo_ops (seq INTEGER PRIMARY KEY, undo TEXT, redo TEXT)")
    db.execute("CREATE TEMP TABLE undo_recording (on_ INTEGER)")
    for t in TRACKED:
        cols = [r[1] for r in db.execute(f"PRAGMA main.table_info([{t}])")]
        if not cols:
            continue
        names = ",".join(f"[{c}]" for c in cols)

        def values(rec: str, cols=cols) -> str:
            return "||','||".join(f"quote({rec}.[{c}])" for c in cols)

        def sets(rec: str, cols=cols) -> str:
            return "||','||".join(f"'[{c}]='||quote({rec}.[{c}])" for c in cols)

        insert = f"'INSERT INTO main.[{t}] (rowid,{names}) VALUES ('||%s.rowid||','||%s||')'"
        delete = f"'DELETE FROM main.[{t}] WHERE rowid='||%s.rowid"
        update = f"'UPDATE main.[{t}] SET '||%s||' WHERE rowid='||%s.rowid"
        when = "WHEN EXISTS (SELECT 1 FROM undo_recording)"
        db.execute(f"CREATE TEMP TRIGGER undo_{t}_i AFTER INSERT ON main.[{t}] {when} BEGIN "
                   f"INSERT INTO undo_ops (undo, redo) VALUES ({delete % 'NEW'}, "
                   f"{insert % ('NEW', values('NEW'))}); END")
        db.execute(f"CREATE TEMP TRIGGER undo_{t}_d AFTER DELETE ON main.[{t}] {when} BEGIN "
                   f"INSERT INTO undo_ops (undo, redo) VALUES ({insert % ('OLD', values('OLD'))}, "
                   f"{delete % 'OLD'}); END")
        db.execute(f"CREATE TEMP TRIGGER undo_{t}_u AFTER UPDATE ON main.[{t}] {when} BEGIN "
                   f"INSERT INTO undo_ops (undo, redo) VALUES ({update % (sets('OLD'), 'OLD')}, "
                   f"{update % (sets('NEW'), 'NEW')}); END")


def start(db: Database) -> None:
    """Begin recording (inside the command's transaction)."""
    _install(db)
    db.execute("DELETE FROM temp.undo_ops")
    db.execute("INSERT INTO temp.undo_recording VALUES (1)")


def recording(db: Database) -> bool:
    try:
        return db.execute("SELECT 1 FROM temp.undo_recording").fetchone() is not None
    except Exception:
        return False


def record(db: Database, undo: str, redo: str) -> None:
    """Record a change made where triggers cannot see it (the FTS5 index)."""
    if recording(db):
        db.execute("INSERT INTO temp.undo_ops (undo, redo) VALUES (?, ?)", [undo, redo])


def stop(db: Database) -> tuple[list[str], list[str]]:
    """End recording; returns (undo statements in the order to run them, redo statements)."""
    rows = db.execute("SELECT undo, redo FROM temp.undo_ops ORDER BY seq").fetchall()
    db.execute("DELETE FROM temp.undo_ops")
    db.execute("DELETE FROM temp.undo_recording")
    return [r[0] for r in reversed(rows)], [r[1] for r in rows]


def run(db: Database, statements: Iterable[str]) -> None:
    for sql in statements:
        db.execute(sql)


def sql_literal(value) -> str:
    """A value as an SQL literal, like SQLite's quote()."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
