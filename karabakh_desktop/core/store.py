"""Opening a store safely: one thin layer over ``sqlite_utils.Database``, loaded when first needed.

Opening never writes to a file until it has been shown to be a healthy store of a schema this
version knows; a missing, foreign, corrupt, locked, read-only or newer file raises a
:class:`StoreError` whose message a user can act on, and the file is left byte-for-byte as it was.
One class per cause, because the cause decides what may happen next: only a
:class:`StoreCorrupt` or :class:`StoreNotSQLite` file is ever set aside (``build.prepare_default_store``);
a locked one is waited for, a read-only one opened read-only, the others refused.

The store keeps SQLite's rollback journal (not WAL): a store is one file that can be copied,
mailed or opened from a read-only medium (``?mode=ro`` needs no ``-shm`` beside it), and a
rebuild holds the write lock only for its one transaction.

A :class:`Store` reads through the standard library's ``sqlite3`` and builds its
``sqlite_utils.Database`` (:mod:`core.store_tables`) on the first table helper, migration or
``db[name]``: importing sqlite-utils (with pluggy, dateutil and click) cost ≈ 40 ms CPU of a 0.8 s
start-up, and a window that only reads until its first paint needs none of it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import safe_io, schema
from .transaction import opens_transaction, write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .store_tables import TableStore

    _Base = Database  # to a type checker a Store is the Database it hands its table work to
else:
    _Base = object

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


class StoreNotAFile(StoreError):
    """A folder, pipe, device or looping link where the store (or its journal) should be."""

    title = "Not a store file"


class Store(_Base):
    """A store connection: reads on ``sqlite3``, everything else on a ``sqlite_utils.Database``.

    ``execute``, ``table_names``, ``view_names``, ``atomic`` and ``close`` behave as the
    ``Database``'s do; any other attribute, and ``db[name]``, comes from the ``Database`` built on
    the same connection the first time one is asked for (:attr:`database`), so writes, table
    helpers and migrations are sqlite-utils' own, unchanged.

    Write transactions take the write lock at ``BEGIN`` (:func:`core.transaction.write_transaction`
    says why), in both; read-only connections keep sqlite-utils' ``BEGIN``.
    """

    def __init__(self, conn: sqlite3.Connection, *, readonly: bool = False):
        self.conn = conn
        self.readonly = readonly
        self._database: TableStore | None = None
        self._lock = threading.Lock()
        # What sqlite-utils' Database sets on a connection it is given (its recursive_triggers=True).
        conn.execute("PRAGMA recursive_triggers=on;")

    @property
    def database(self) -> TableStore:
        """The ``sqlite_utils.Database`` on this connection, built (and sqlite-utils imported) once."""
        if self._database is None:
            with self._lock:  # a background thread may ask at the same moment
                if self._database is None:
                    from .store_tables import TableStore

                    database = TableStore(self.conn, recursive_triggers=False, execute_plugins=False)
                    database.readonly = self.readonly
                    self._database = database  # seen by other threads only once complete
        return self._database

    def __getattr__(self, name: str) -> Any:
        # Only attributes the Store lacks arrive here: the rest of the Database's API.
        if name.startswith("__") or name in ("database", "_database", "_lock", "conn", "readonly"):
            raise AttributeError(name)
        return getattr(self.database, name)

    def __getitem__(self, name: str):
        return self.database[name]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.conn}>"

    def close(self) -> None:
        self.conn.close()

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        """``Database.execute``: a write outside a transaction is committed at once; one that fails
        leaves no transaction open behind it."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if not was_in_transaction and self.conn.in_transaction and cursor.description is None \
                and not opens_transaction(sql):
            self.conn.execute("COMMIT")
        return cursor

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def view_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")]

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def atomic(self):
        if self.readonly or self.conn.in_transaction:
            with self.database.atomic():  # sqlite-utils' BEGIN, or its savepoint inside a transaction
                yield self
            return
        with write_transaction(self.conn):
            yield self


def connect(path: str | Path, *, readonly: bool = False, timeout: float | None = None) -> Store:
    """A connection with a busy timeout, so concurrent writers wait instead of failing."""
    timeout = BUSY_TIMEOUT_S if timeout is None else timeout
    if readonly:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
    return Store(conn, readonly=readonly)


def _probe(path: Path, *, for_writing: bool) -> None:
    try:
        safe_io.check_regular(path)
    except FileNotFoundError:
        raise StoreMissing(f"There is no store at {path}.\nBuild one with: karabakh-desktop db build --out {path}") \
            from None
    except safe_io.NotAFile as exc:
        raise StoreNotAFile(f"{exc.strerror}: it cannot be a store. Nothing was read or changed.") from None
    except PermissionError:
        raise StoreReadOnly(f"{path} cannot be read: permission denied.") from None
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    _check_journal(path)
    try:
        head = safe_io.read_head(path, len(SQLITE_MAGIC))
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


def _check_journal(path: Path) -> None:
    """Refuse a folder, pipe, device or dangling link where SQLite keeps the store's journal.

    A writer creates the journal at each transaction and deletes it at the commit, so it appears
    and vanishes at any moment, also between two looks at it: one ``stat`` decides. A journal that
    is gone by then was committed, one that is there is a regular file being written (or a hot one,
    which :func:`_recover` rolls back); neither is a fault. (Looking first and then stat-ing took a
    journal that a commit deleted in between for an unreadable one: a rebuild under a busy writer
    failed at random.)"""
    journal = Path(f"{path}-journal")
    try:
        if safe_io.check_regular(journal, missing_ok=True) is None and journal.is_symlink():
            raise safe_io.NotAFile(journal, "a symbolic link to a missing file")
    except OSError as exc:
        raise StoreNotAFile(f"Beside the store {path}, {journal.name} is {getattr(exc, 'what', 'unreadable')}: "
                            "SQLite needs that name for its journal.\nMove it away and try again; the store "
                            "was left as it was.") from None


def is_busy(error) -> bool:
    """Whether an error (or its message) is SQLite's "database is locked" / "busy"."""
    msg = str(error).lower()
    return "locked" in msg or "busy" in msg


def classify(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn a sqlite3 error met while opening or reading into a user-facing :class:`StoreError`."""
    msg = str(exc).lower()
    if is_busy(msg):
        return StoreLocked(f"{path} is busy: it is locked by another program that is writing to it "
                           f"(waited {BUSY_TIMEOUT_S:g} s).\n"
                           "Try again in a moment; if it stays locked, close that program. Nothing was changed.")
    if "not authorized" in msg or "no such function" in msg or "load_extension" in msg:
        return StoreError(f"{path} asks SQLite for something this app does not allow ({exc}); it was not "
                          "used.\nBuild a new store instead: karabakh-desktop db build --out NEW.db")
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
    its lock instead. Where we may not write, a read tells the two apart: it succeeds (or meets
    the writer's lock) beside a live writer's journal, and fails beside a stopped one's, which
    only a writable connection can roll back.
    """
    journal = Path(f"{path}-journal")
    try:
        if journal.stat().st_size == 0:
            return
    except OSError:
        return
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    conn = None
    try:
        conn = connect(path, readonly=True).conn if not writable else sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if writable or is_busy(exc):
            raise classify(exc, path) from None
        raise StoreReadOnly(f"{path} holds an unfinished write of a program that stopped ({journal.name}).\n"
                            "Rolling it back needs write access: open it once where it is writable. "
                            "Nothing was changed.") from None
    finally:
        if conn is not None:
            conn.close()


def open_store(path: str | Path, *, readonly: bool = False, migrate: bool = True) -> Store:
    """Open an existing store after checking it; raise :class:`StoreError` if it is unusable.

    Pending user-table migrations are applied (a store from an older version gains the new
    tables); a store with migrations this version does not know is refused.
    """
    path = Path(path)
    _probe(path, for_writing=not readonly)
    _recover(path)
    db = connect(path, readonly=True)
    try:
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise StoreCorrupt(f"{path} failed SQLite's integrity check ({result}).\nThe file was left as it "
                               "was; rebuild the store with `karabakh-desktop db build`, or restore a backup.")
        tables = set(db.table_names())
        if "_sqlite_migrations" not in tables or "documents" not in tables:
            raise StoreNotSQLite(f"{path} is a SQLite database but not a Karabakh Desktop store.")
        applied = {r[0] for r in db.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                                            [schema.MIGRATION_SET])}
        unknown = applied - schema.known_migrations()
        if unknown:
            raise StoreTooNew(f"{path} was written by a newer version of Karabakh Desktop (schema steps "
                              f"{', '.join(sorted(unknown))}).\nThe file was left as it was; update the app to open it.")
        # Every view must read: one that calls a function this app refuses (load_extension) is
        # named now, not met as a traceback in the middle of a panel.
        for (view,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall():
            db.execute(f"SELECT * FROM [{view}] LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        raise classify(exc, path) from None
    finally:
        db.close()
    db = connect(path, readonly=readonly)
    # Only a store with a step to apply loads sqlite-utils (its Migrations) here.
    if not readonly and migrate and schema.known_migrations() - applied:
        try:
            if schema.migrations.pending(db):
                # Under the write lock, asked again: two instances opening an older store at once
                # both see the step pending; the second waits, then finds it done instead of
                # failing on "table already exists".
                with db.atomic():
                    if schema.migrations.pending(db):
                        schema.migrations.apply(db)
        except sqlite3.Error as exc:
            db.close()
            raise classify(exc, path) from None
    return db


def write_error(exc: BaseException, path: str | Path) -> str:
    """What a failed write (a note, a scene, a rebuild) means, in words, and what to do about it."""
    msg = str(exc).lower()
    if is_busy(msg):
        return (f"The store {path} is busy: another program or window is writing to it. "
                "Try again in a moment.")
    if "readonly" in msg or "read-only" in msg:
        if not os.access(path, os.W_OK) or not os.access(Path(path).parent, os.W_OK):
            return f"The store {path} is read-only: nothing can be saved to it. Open a writable copy."
        return (f"The store {path} was replaced or moved while this window had it open, so this window "
                "can no longer write to it. Close the window and open the store again.")
    if "full" in msg or getattr(exc, "errno", None) == 28:
        return f"The disk holding {path} is full. Free some space and try again."
    if "disk i/o" in msg or "unable to open" in msg:
        return (f"The store {path} could not be written ({exc}): the disk may be full, failing or gone, or "
                "its folder not writable. Check it and try again.")
    return f"The store {path} could not be written: {exc}."


def snapshot(path: str | Path, dest: str | Path) -> Path:
    """A consistent private copy of a store (SQLite's backup API, read-only on the source)."""
    src = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise classify(exc, Path(path)) from None
    finally:
        src.close()
        dst.close()
    return Path(dest)
