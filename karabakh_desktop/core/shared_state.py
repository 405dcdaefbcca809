"""State shared between windows and running instances through the store.

Each window writes what it shows (selection, time window, naming choice, briefing scene) to
``user_state`` and polls ``PRAGMA data_version`` to learn, cheaply, that another connection
committed. ``data_version`` does not move for a write that changes nothing, so every write
bumps a revision counter: a re-selection of the same items still reaches the followers.

A poll as cheap notices a rebuild of the store in place (``db build`` from a terminal, or another
instance's start on new data): every build writes a new ``build_id`` to ``meta``, and
:meth:`SharedState.rebuilt` says so (once), so the window reloads its views.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path

from .store import connect

RETRIES = 5


class SharedState:
    def __init__(self, path: str | Path, writer: str | None = None):
        self.writer = writer or uuid.uuid4().hex[:12]
        self._db = connect(path)
        self._version = self._data_version()
        self._seen: dict[str, int] = {k: rev for k, rev in self._db.execute("SELECT key, rev FROM user_state")}
        self._build, self._build_version = self._build_mark(), self._version
        self.last_error: str | None = None

    def close(self) -> None:
        self._db.close()

    def _data_version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

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

    def write(self, key: str, value) -> bool:
        """Record a value; returns False (and sets ``last_error``) if the store stayed busy."""
        payload = json.dumps(value, ensure_ascii=False)
        for attempt in range(RETRIES):
            try:
                with self._db.atomic():
                    self._db.execute(
                        "INSERT INTO user_state (key, value, rev, writer, updated) VALUES (?, ?, 1, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, rev = rev + 1, "
                        "writer = excluded.writer, updated = excluded.updated",
                        [key, payload, self.writer, time.time()])
                rev = self._db.execute("SELECT rev FROM user_state WHERE key = ?", [key]).fetchone()[0]
                self._seen[key] = rev
                self.last_error = None
                return True
            except sqlite3.OperationalError as exc:
                self.last_error = str(exc)
                time.sleep(0.05 * (attempt + 1))
        return False

    def read(self, key: str, default=None):
        row = self._db.execute("SELECT value FROM user_state WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def rebuilt(self) -> bool:
        """True (once) when the store was rebuilt in place since the last call; cheap when nothing was committed."""
        try:
            version = self._data_version()
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
        try:
            version = self._data_version()
            if version == self._version:
                return {}
            self._version = version
            rows = self._db.execute("SELECT key, value, rev, writer FROM user_state").fetchall()
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
