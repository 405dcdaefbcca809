"""The starter briefing (``data/scenes.toml``): a few scenes that tell the memo's story, loaded into
a fresh store so that a new user can press F5 at once and ``export --scenes`` has slides to make.

Only a store built new gets them (never a rebuild, never a store whose scenes were salvaged): the
analyst's own scenes, edits and deletions are never overwritten. Every id a scene selects must be
an item of the data; problems are reported like the other data files' (file and record).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from . import safe_io, scenes
from .datafiles import DataError
from .scene_state import SceneState
from .views import map as mv

FILE = "scenes.toml"
PANELS = ("network", "map", "timeline", "memo", "patterns", "details")


def read(folder: str | Path, known_ids) -> list[tuple[str, str, SceneState]]:
    """(title, caption, state) of each starter scene of ``folder`` (none if there is no file)."""
    path = Path(folder) / FILE
    if not path.exists():
        return []
    try:
        doc = tomllib.loads(safe_io.read_text(path))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise DataError([f"{FILE}: not valid TOML: {exc}"]) from None
    except OSError as exc:
        raise DataError([f"{FILE}: cannot be read: {exc.strerror or exc}"]) from None
    recs = doc.get("scene", [])
    if not isinstance(recs, list) or not all(isinstance(r, dict) for r in recs):
        raise DataError([f"{FILE}: [[scene]] must be a list of tables"])
    known, problems, out = set(known_ids), [], []
    for n, r in enumerate(recs, 1):
        where = f"{FILE}, scene {n} ({r.get('title', '?')!r})"
        title, caption = r.get("title"), r.get("caption", "")
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where}: title must be a non-blank string")
        if not isinstance(caption, str):
            problems.append(f"{where}: caption must be a string")
        sel = r.get("selection", [])
        if not isinstance(sel, list) or not all(isinstance(i, str) for i in sel):
            problems.append(f"{where}: selection must be a list of item ids")
            sel = []
        for i in sel:
            if i not in known:
                problems.append(f"{where}: selection names {i!r}, which is no item of the data")
        panels = r.get("panels", [])
        if not isinstance(panels, list) or any(p not in PANELS for p in panels):
            problems.append(f"{where}: panels must be a list of {', '.join(PANELS)}")
            panels = []
        views = _views(r.get("views", {}), where, problems)
        window = None
        if "window" in r:
            try:
                a, b = (dt.date.fromisoformat(v) for v in r["window"])
                if b <= a:
                    raise ValueError
                window = (a, b)
            except (TypeError, ValueError):
                problems.append(f"{where}: window must be two ISO days, the first before the second")
        out.append((str(title or ""), str(caption or ""),
                    SceneState(selection=tuple(sel), time_window=window, views=views, shown=tuple(panels),
                               open=tuple(panels))))
    if problems:
        raise DataError(problems)
    return out


def _views(raw, where: str, problems: list[str]) -> dict[str, dict]:
    """A scene's recorded panel views (``[scene.views.map] view = "comparison"``): the map's view is
    the one the scene shows; a panel without one frames the selection when shown."""
    if not isinstance(raw, dict) or any(not isinstance(v, dict) for v in raw.values()):
        problems.append(f"{where}: views must be tables, one per panel ([scene.views.map])")
        return {}
    out = {}
    for pid, value in raw.items():
        if pid != "map":
            problems.append(f"{where}: views.{pid}: only the map's view can be set here")
        elif value.get("view", mv.REGION) not in (mv.REGION, mv.COMPARISON) or set(value) - {"view"}:
            problems.append(f"{where}: views.map: view must be {mv.REGION!r} or {mv.COMPARISON!r}")
        else:
            out[pid] = mv.MapState.from_json(value).to_json()
    return out


def seed(db, starters) -> int:
    """Add the starter scenes to a store that has no scenes at all (deleted ones count: the analyst
    was there); returns how many were added."""
    if scenes.list_scenes(db, include_deleted=True) or not starters:
        return 0
    with db.atomic():
        for title, caption, state in starters:
            scenes.add(db, title, state.to_json(), caption)
    return len(starters)
