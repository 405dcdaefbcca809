"""The map's place markers, restyled for the selection and the time window.

A marker's look is ``MapFigure.place_style`` of its place's level (selected, touched, neither), its
activity in the time window and whether it is context; at 10,000 entities a time-window step (Play)
restyles every marker, so the looks are worked out per distinct (level, activity, context) with
numpy, and pyqtgraph is handed only the markers whose look changed. What is kept per list of
markers (each id's row, its position in the activity index, its context) lives in the panel's
``_marker_codes``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGraphicsItem

from ....core import activity
from ....core.arrays import distinct
from ..pg_adapter import restyle_spots


def restyle(panel, layer) -> None:
    """Set the brush and pen of the layer's markers whose style changed, and only those: pyqtgraph
    then looks up (or draws) the symbol of the changed markers alone."""
    for scatter, ids, attr in ((layer.scatter, layer.ids, "styles"), (layer.pin_scatter, layer.pins, "pin_styles")):
        if scatter is None or not ids or len(scatter.data) != len(ids):
            continue
        new = styles(panel, ids)
        old = getattr(layer, attr)
        if len(old) != len(new):
            changed = list(range(len(new)))
        else:
            changed = [n for n, (a, b) in enumerate(zip(old, new)) if a is not b]
        setattr(layer, attr, new)
        if scatter is layer.pin_scatter:
            shown = [panel._levels.get(i, 0) > 0 for i in ids]
            scatter.setPointsVisible(shown, update=False)
            # most selections pin no far place: then Qt skips the item rather than have pyqtgraph
            # prepare a paint of nothing (~0.1 ms a frame)
            scatter.setFlag(QGraphicsItem.ItemHasNoContents, not any(shown))
        if not changed:
            if scatter is layer.pin_scatter:
                scatter.updateSpots()
            continue
        brushes, pens = np.empty(len(changed), dtype=object), np.empty(len(changed), dtype=object)
        brushes[:] = [new[n][0] for n in changed]
        pens[:] = [new[n][1] for n in changed]
        restyle_spots(scatter, np.array(changed, dtype=int), brushes, pens)


def styles(panel, ids: list[str]) -> list:
    """The (brush, pen) of each marker of ``ids``, as ``figure.place_style`` gives it."""
    idx = activity.index(panel.session.db)
    got = panel._marker_codes.get(id(ids))
    if got is None or got[0] is not ids or got[1] is not idx:
        at = np.array([idx.position.get(i, -1) for i in ids], dtype=np.int64)
        ctx = np.array([bool(panel.places[i].context) for i in ids], dtype=np.int64)
        got = panel._marker_codes[id(ids)] = (ids, idx, {i: n for n, i in enumerate(ids)}, at, ctx)
    _, _, rows, at, ctx = got
    level = np.zeros(len(ids), dtype=np.int64)
    for item, lvl in panel._levels.items():
        row = rows.get(item)
        if row is not None:
            level[row] = lvl
    rank = np.full(len(ids), 2, dtype=np.int64)  # not dated, or no window: active
    if isinstance(panel._window, tuple):  # (the index keeps its ranks for the last window)
        dated = at >= 0
        rank[dated] = idx.ranks(panel._window)[at[dated]]
    code = (level * 3 + rank) * 2 + ctx
    style, any_selected = panel.figure.place_style, panel.content.any_selected
    looks = {c: style(c // 6, any_selected, activity.NAMES[(c // 2) % 3], bool(c % 2)) for c in distinct(code).tolist()}
    return [looks[c] for c in code.tolist()]


def place_states(panel, window) -> dict[str, str]:
    """The activity state in ``window`` of each place the activity index dates (the others are active)."""
    idx = activity.index(panel.session.db)
    got = panel._marker_codes.get("places")
    if got is None or got[0] is not idx:
        pids = [pid for pid in panel.places if pid in idx.position]
        got = panel._marker_codes["places"] = (idx, pids, np.array([idx.position[p] for p in pids], dtype=np.int64))
    _, pids, at = got
    return dict(zip(pids, np.array(activity.NAMES, dtype=object)[idx.ranks(window)[at]].tolist()))
