"""State shared between windows and running instances: a side file beside the store.

Each window writes what it shows (selection, time window, naming choice, briefing scene) to the
side file ``<store>.shared`` and polls its ``PRAGMA data_version`` to learn, cheaply, that another
connection committed. ``data_version`` does not move for a write that changes nothing, so every
write bumps a revision counter: a re-selection of the same items still reaches the followers.

Why a side file and not the store: a commit to the store is an fsync (≈ 20 ms, up to 100 ms on a
virtual or slow laptop disk) on the GUI thread, and in a burst of selections it landed inside one
selection in four: it was the tail of "selection → every panel repainted". The store must keep
``synchronous=FULL`` (the analyst's notes live there). What windows share is throwaway: the side
file runs in WAL mode with ``synchronous=OFF`` (a commit is a write to the page cache, no fsync; a
killed process loses nothing, a power cut at worst the last change or the file). A side file SQLite
cannot read as ours is deleted and made anew, silently; one that is read-only, locked, in a
read-only folder, or not a plain file is never touched: the window then cannot share
(:attr:`SharedState.unavailable` says why) and still works. A writer thread on the store was tried
before and measured slower (the window's own reads waited for its lock in SQLite's coarse sleeps).

The store's ``user_state`` table, where older versions kept this, is left in place and unused.

A poll as cheap notices a rebuild of the store in place (``db build`` from a terminal, or another
instance's start on new data): every build writes a new ``build_id`` to ``meta``, and
:meth:`SharedState.rebuilt` says so (once), so the window reloads its views. That poll reads the
store's own ``data_version``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from pathlib import Path

from . import safe_io
from .store import BUSY_TIMEOUT_S, connect, is_busy
from .transaction import write_transaction

RETRIES = 5
SUFFIX = ".shared"  # karabakh.db → karabakh.db.shared (and its -wal, -shm while a window is open)
_DAMAGED = ("not a database", "malformed", "corrupt", "no such column", "no such table", "has no column")


def side_path(store: str | Path) -> Path:
    """The side file of a store: beside the file itself (a symbolic link's target), so every window
    on one store finds the same side file whatever name it was opened by."""
    real = Path(os.path.realpath(store))
    return real.with_name(real.name + SUFFIX)


def _connect(path: Path, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA synchronous=OFF")  # per connection, first: not even the file's creation is flushed
        conn.execute("PRAGMA journal_mode=WAL").fetchone()  # kept in the file: later opens find it set
        conn.execute("CREATE TABLE IF NOT EXISTS shared (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                     "rev INTEGER NOT NULL, writer TEXT, updated REAL)")
        conn.execute("SELECT key, value, rev, writer, updated FROM shared LIMIT 1").fetchall()  # ours?
    except BaseException:
        conn.close()
        raise
    return conn


def _writable(path: Path) -> str | None:
    """Why the side file cannot be written (a sentence), or None."""
    if path.is_symlink():
        return f"{path} is a symbolic link, not the app's own file"
    try:
        exists = safe_io.check_regular(path, missing_ok=True) is not None
    except OSError as exc:
        return f"{path} is {getattr(exc, 'what', exc.strerror or exc)}"
    if exists and not os.access(path, os.W_OK):
        return f"{path} is read-only"
    if not os.access(path.parent, os.W_OK):
        return f"the folder of {path.name} is read-only"
    return None


def open_side(path: Path, *, timeout: float = BUSY_TIMEOUT_S,
              tries: int = RETRIES) -> tuple[sqlite3.Connection | None, str | None]:
    """The side file's connection, or None and why it cannot be had. A file of ours that SQLite
    finds damaged (or that is not ours) is deleted with its -wal and -shm and made anew; a
    read-only, locked or odd one is left as it is. Two instances making the side file at the same
    moment can find it locked at once, without SQLite's busy wait (switching a new file to WAL takes
    it whole): such a lock is asked again (``tries``) before it counts; one that SQLite waited out
    (``timeout``) is not."""
    why = _writable(path)
    if why:
        return None, why
    for attempt in range(tries):
        started = time.monotonic()
        try:
            return _connect(path, timeout), None
        except sqlite3.Error as exc:
            if is_busy(exc) and attempt + 1 < tries and time.monotonic() - started < min(timeout, 0.5):
                time.sleep(0.02 * (attempt + 1))
                continue
            if not any(word in str(exc).lower() for word in _DAMAGED):  # locked, full disk …: left as it is
                return None, f"{path.name}: {exc}"
            break
    for name in (f"{path}-wal", f"{path}-shm", str(path)):  # damaged: throwaway content, made anew
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
    try:
        return _connect(path), None
    except sqlite3.Error as exc:
        return None, f"{path.name}: {exc}"


class SharedState:
    def __init__(self, path: str | Path, writer: str | None = None):
        # twelve random hex digits, as uuid4's first twelve (importing uuid cost ~0.6 ms of start-up)
        self.writer = writer or os.urandom(6).hex()
        self.path = side_path(path)
        self._db = connect(path)  # the store: only its rebuilds are read from it
        # What windows share (None when the side file cannot be had: `unavailable` says why).
        self.side_db, self.unavailable = open_side(self.path)
        self._next_reopen = 0.0
        self._version = self._data_version()
        self._seen: dict[str, int] = dict(self.side_db.execute("SELECT key, rev FROM shared")) if self.side_db else {}
        self._build, self._build_version = self._build_mark(), self._db.execute("PRAGMA data_version").fetchone()[0]
        self.last_error: str | None = self.unavailable

    def close(self) -> None:
        if self.side_db is not None:
            self.side_db.close()
        self._db.close()

    def _data_version(self) -> int | None:
        return self.side_db.execute("PRAGMA data_version").fetchone()[0] if self.side_db else None

    def _build_mark(self) -> str | None:
        """What tells this build of the store from the next (a store built before build_id: when it was built)."""
        try:
            row = self._db.execute("SELECT group_concat(value, ' ') FROM (SELECT value FROM meta "
                                   "WHERE key IN ('build_id', 'built_at') ORDER BY key)").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # a store without meta is never rebuilt in place
                return None
            raise
        return row[0] if row else None

    def _reopen(self) -> bool:
        """Try the side file again when it was locked as this window opened (another instance
        making it at the same moment): a lock passes, so sharing resumes; read-only, odd or full
        does not come back. Once a second at most, without waiting on the lock (the GUI polls)."""
        if self.side_db is None and self.unavailable and is_busy(self.unavailable) \
                and time.monotonic() >= self._next_reopen:
            self._next_reopen = time.monotonic() + 1.0
            self.side_db, self.unavailable = open_side(self.path, timeout=0.02, tries=1)
            if self.side_db is not None:
                self._version = self._data_version()
                self._seen = dict(self.side_db.execute("SELECT key, rev FROM shared"))
        return self.side_db is not None

    def write(self, key: str, value) -> bool:
        """Record a value; returns False (and sets ``last_error``) if it could not be shared."""
        if not self._reopen():
            self.last_error = self.unavailable
            return False
        payload = json.dumps(value, ensure_ascii=False)
        for attempt in range(RETRIES):
            try:
                with write_transaction(self.side_db):
                    self.side_db.execute(
                        "INSERT INTO shared (key, value, rev, writer, updated) VALUES (?, ?, 1, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, rev = rev + 1, "
                        "writer = excluded.writer, updated = excluded.updated",
                        [key, payload, self.writer, time.time()])
                    rev = self.side_db.execute("SELECT rev FROM shared WHERE key = ?", [key]).fetchone()[0]
                self._seen[key] = rev
                self.last_error = None
                return True
            except sqlite3.OperationalError as exc:
                self.last_error = str(exc)
                time.sleep(0.05 * (attempt + 1))
        return False

    def read(self, key: str, default=None):
        if self.side_db is None:
            return default
        row = self.side_db.execute("SELECT value FROM shared WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def rebuilt(self) -> bool:
        """True (once) when the store was rebuilt in place since the last call; cheap when nothing was committed."""
        try:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
            if version == self._build_version:
                return False
            build = self._build_mark()
            self._build_version = version
        except sqlite3.OperationalError as exc:  # busy beyond the timeout: try again next tick
            self.last_error = str(exc)
            return False
        if build == self._build:
            return False
        self._build = build
        return True

    def poll(self) -> dict:
        """Values other writers committed since the last poll, ``{key: value}``; cheap when none."""
        if self.side_db is None and not self._reopen():
            return {}
        try:
            version = self._data_version()
            if version == self._version:
                return {}
            self._version = version
            rows = self.side_db.execute("SELECT key, value, rev, writer FROM shared").fetchall()
        except sqlite3.OperationalError as exc:  # busy beyond the timeout: try again next tick
            self.last_error = str(exc)
            return {}
        changed = {}
        for key, value, rev, writer in rows:
            if self._seen.get(key) != rev:
                self._seen[key] = rev
                if writer != self.writer:
                    changed[key] = json.loads(value)
        return changed
