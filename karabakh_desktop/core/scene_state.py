"""What a scene records of a window, as a Qt-free value: the selection, the time window, the naming
choice, each panel's view, which panels are open and which were on screen.

It is stored as JSON in ``user_scenes.state`` (see :mod:`core.scenes`); :meth:`SceneState.from_json`
reads whatever is there without failing (a hand-edited or old state applies as much as it can).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import naming

NOT_RECORDED = ("scenes",)  # the Scenes panel does not hide itself or record its own view
DEFAULT_SHOWN = ("network", "map", "timeline")  # what a scene that says nothing of its panels shows


@dataclass(frozen=True)
class SceneState:
    selection: tuple[str, ...] = ()
    time_window: tuple[dt.date, dt.date] | None = None
    naming: str | None = None  # None: the scene leaves the naming choice as it is
    views: dict[str, dict] = field(default_factory=dict)  # panel id -> that panel's view_state()
    open: tuple[str, ...] = ()  # the panels whose docks were open
    shown: tuple[str, ...] = ()  # the panels that were on screen (not behind a tab)

    def to_json(self) -> dict:
        """The JSON value stored in the scene (the format scenes have always had)."""
        w = self.time_window
        return {"selection": list(self.selection),
                "time_window": [w[0].isoformat(), w[1].isoformat()] if w else None,
                "naming": self.naming, "views": {k: dict(v) for k, v in self.views.items()},
                "open": list(self.open), "shown": list(self.shown)}

    @classmethod
    def from_json(cls, value) -> SceneState:
        """Read a stored state; parts that are missing or malformed are left out, never fatal."""
        if not isinstance(value, dict):
            return cls()

        def ids(key) -> tuple[str, ...]:
            raw = value.get(key)
            return tuple(str(i) for i in raw if isinstance(i, (str, int)) and not isinstance(i, bool)) \
                if isinstance(raw, list) else ()

        choice = value.get("naming")
        views = value.get("views")
        return cls(selection=ids("selection"), time_window=_window(value.get("time_window")),
                   naming=choice if isinstance(choice, str) and choice in naming.CHOICES else None,
                   views={str(k): v for k, v in views.items() if isinstance(v, dict)} if isinstance(views, dict) else {},
                   open=ids("open"), shown=ids("shown"))

    def shown_panels(self) -> list[str]:
        """The panels a scene shows: what was on screen; else what was open; else the main views."""
        return [p for p in (self.shown or self.open or DEFAULT_SHOWN) if p not in NOT_RECORDED]


def _window(value) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    try:
        a, b = dt.date.fromisoformat(value[0]), dt.date.fromisoformat(value[1])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    return (a, b) if b > a else None
