"""State shared between windows and running instances through the store.

Each window writes what it shows (selection, time window, naming choice, briefing scene) to
``user_state`` and polls ``PRAGMA data_version`` to learn, cheaply, that another connection
committed. ``data_version`` does not move for a write that changes nothing, so every write
bumps a revision counter: a re-selection of the same items still reaches the followers.
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
        self.last_error: str | None = None

    def close(self) -> None:
        self._db.close()

    def _data_version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

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
