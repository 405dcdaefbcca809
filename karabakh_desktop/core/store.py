"""Opening a store safely: one thin layer over ``sqlite_utils.Database``.

Opening never writes to a file until it has been shown to be a healthy store of a schema this
version knows; a missing, foreign, corrupt, locked, read-only or newer file raises a
:class:`StoreError` whose message a user can act on, and the file is left byte-for-byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from . import schema

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0


class StoreError(Exception):
    """A store that cannot be opened; ``title`` is short, ``str(err)`` says what to do."""

    title = "Cannot open the store"


class StoreMissing(StoreError):
    title = "Store not found"


class StoreNotSQLite(StoreError):
    title = "Not a store"


class StoreCorrupt(StoreError):
    title = "Store is damaged"


class StoreLocked(StoreError):
    title = "Store is locked"


class StoreReadOnly(StoreError):
    title = "Store is read-only"


class StoreTooNew(StoreError):
    title = "Store is from a newer version"


def connect(path: str | Path, *, readonly: bool = False, timeout: float = BUSY_TIMEOUT_S) -> Database:
    """A connection with a busy timeout, so concurrent writers wait instead of failing."""
    if readonly:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
    return Database(conn, execute_plugins=False)


def _probe(path: Path, *, for_writing: bool) -> None:
    if not path.exists():
        raise StoreMissing(f"There is no store at {path}.\nBuild one with: karabakh-desktop db build --out {path}")
    if path.is_dir():
        raise StoreNotSQLite(f"{path} is a folder, not a store file.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise StoreReadOnly(f"{path} cannot be read: permission denied.") from None
    if head != SQLITE_MAGIC:
        if not head:
            raise StoreCorrupt(f"{path} is empty (0 bytes): it is not a store. It was left as it was.")
        raise StoreNotSQLite(f"{path} is not a SQLite database. It was left as it was.")
    if for_writing and not os.access(path, os.W_OK):
        raise StoreReadOnly(f"{path} is read-only: the app writes the selection, notes and scenes to it.\n"
                            "Make it writable, or open a copy of it.")
    if for_writing and not os.access(path.parent, os.W_OK):
        raise StoreReadOnly(f"The folder of {path} is read-only: SQLite needs to write its journal there.\n"
                            "Move the store to a writable folder, or open a copy of it.")


def classify(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn a sqlite3 error met while opening or reading into a user-facing :class:`StoreError`."""
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return StoreLocked(f"{path} is locked by another program that is writing to it.\n"
                           "Close that program (or wait for it to finish) and try again.")
    if "readonly" in msg or "read-only" in msg:
        return StoreReadOnly(f"{path} cannot be written: {exc}.")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg or "disk i/o" in msg:
        return StoreCorrupt(f"{path} is damaged ({exc}).\nThe file was left as it was; rebuild the store "
                            "with `karabakh-desktop db build`, or restore a backup.")
    return StoreError(f"{path}: {exc}")


def _recover(path: Path) -> None:
    """Roll back the write of a program that was killed mid-transaction.

    It leaves a hot journal beside the store; SQLite rolls it back (restoring the last committed
    state) on the next read, but only through a connection that may write: a read-only open
    (``db check``, the probe below) would fail with "attempt to write a readonly database".
    A journal of a writer that is still running is not hot, and the read waits for or reports
    its lock instead.
    """
    journal = Path(f"{path}-journal")
    try:
        if journal.stat().st_size == 0:
            return
    except OSError:
        return
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreReadOnly(f"{path} holds an unfinished write of a program that stopped ({journal.name}).\n"
                            "Rolling it back needs write access: open it once where it is writable.")
    conn = sqlite3.connect(str(path), timeout=1.0)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise classify(exc, path) from None
    finally:
        conn.close()


def open_store(path: str | Path, *, readonly: bool = False, migrate: bool = True) -> Database:
    """Open an existing store after checking it; raise :class:`StoreError` if it is unusable.

    Pending user-table migrations are applied (a store from an older version gains the new
    tables); a store with migrations this version does not know is refused.
    """
    path = Path(path)
    _probe(path, for_writing=not readonly)
    _recover(path)
    db = connect(path, readonly=True, timeout=1.0)
    try:
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise StoreCorrupt(f"{path} failed SQLite's integrity check ({result}).\nThe file was left as it "
                               "was; rebuild the store with `karabakh-desktop db build`, or restore a backup.")
        tables = set(db.table_names())
        if "_sqlite_migrations" not in tables or "documents" not in tables:
            raise StoreNotSQLite(f"{path} is a SQLite database but not a Karabakh Desktop store.")
        applied = {r[0] for r in db.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                                            [schema.migrations.name])}
        unknown = applied - schema.known_migrations()
        if unknown:
            raise StoreTooNew(f"{path} was written by a newer version of Karabakh Desktop (schema steps "
                              f"{', '.join(sorted(unknown))}).\nThe file was left as it was; update the app to open it.")
    except sqlite3.Error as exc:
        raise classify(exc, path) from None
    finally:
        db.close()
    db = connect(path, readonly=readonly)
    if not readonly and migrate:
        try:
            if schema.migrations.pending(db):
                schema.migrations.apply(db)
        except sqlite3.Error as exc:
            db.close()
            raise classify(exc, path) from None
    return db
