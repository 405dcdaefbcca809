"""Named periods (``data/periods.toml``): the 44-day war, the time after the ceasefire … as time windows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import dates

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Period:
    """A named span of days. ``window`` is half-open, ``(first day, day after)``, as the session's time
    window; ``evidence`` are the memo's words for it, or ``context`` is true and ``source`` says where
    it comes from."""

    id: str
    name: str
    window: tuple[dt.date, dt.date]
    event: str | None
    description: str | None
    evidence: tuple[str, ...]
    context: bool
    source: str | None

    @property
    def label(self) -> str:
        """``27 Sep 2020 – 10 Nov 2020``: its first and last day, as every time-window label reads."""
        return dates.window_label(self.window)


def named_periods(db: Database) -> list[Period]:
    """The store's named periods in the data's order; none for a store built without ``periods.toml``
    (or before periods existed)."""
    if "periods" not in db.table_names():  # (not db["periods"]: start-up reads this; see core.store)
        return []
    out = []
    for pid, name, first, after, event, desc, ev, context, source in db.execute(
            "SELECT id, name, first, after, event_id, description, evidence, context, source FROM periods "
            "ORDER BY ordinal, id"):
        try:
            quotes = tuple(json.loads(ev)) if ev else ()
        except ValueError:
            quotes = ()
        out.append(Period(pid, name, (dt.date.fromisoformat(first), dt.date.fromisoformat(after)), event, desc,
                          quotes, bool(context), source))
    return out


def shortest_dated_period(db: Database) -> tuple[dt.date, dt.date] | None:
    """The window of the shortest event that runs over several days and is dated to the day: the
    self-test's time window. None if the store has no such event."""
    row = db.execute("SELECT maybe_from, maybe_to FROM events WHERE end IS NOT NULL AND precision = 'day' "
                     "ORDER BY julianday(maybe_to) - julianday(maybe_from), entity_id LIMIT 1").fetchone()
    return None if row is None else (dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1]))
