"""Moving through a view's items with the arrow keys: the nearest item in the key's direction.

Positions are in screen pixels (y grows downwards), so "up" means up on the screen whatever the
view's own axes are. Qt-free: the panels pass their items' positions as arrays.
"""

from __future__ import annotations

import numpy as np

DIRECTIONS = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "up": (0.0, -1.0), "down": (0.0, 1.0)}
ACROSS_WEIGHT = 2.0  # a step sideways costs twice a step along: the item "most in that direction"


def nearest_in_direction(xy: np.ndarray, current: int | None, direction: str,
                         usable: np.ndarray | None = None) -> int | None:
    """The index of the item to move to from ``current`` (an index into ``xy``, shape (n, 2)) by the
    arrow key ``direction``: among the usable items strictly on that side (within 45°… and then any
    on that side), the one nearest along the key's axis, sideways distance counting double. With no
    current item: the usable item nearest the top left. None when nothing lies that way."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    n = len(xy)
    ok = np.ones(n, dtype=bool) if usable is None else np.asarray(usable, dtype=bool).copy()
    if current is not None and 0 <= current < n:
        ok[current] = False
    else:
        current = None
    if not ok.any():
        return None
    if current is None:
        cand = np.flatnonzero(ok)
        return int(cand[np.argmin(xy[cand, 0] + xy[cand, 1])])
    ux, uy = DIRECTIONS[direction]
    d = xy - xy[current]
    along = d[:, 0] * ux + d[:, 1] * uy
    across = np.abs(d[:, 0] * uy - d[:, 1] * ux)
    ahead = ok & (along > 0.5)
    if not ahead.any():
        return None
    cone = ahead & (across <= along)  # within 45° of the key's direction, if any item is
    pick = cone if cone.any() else ahead
    cost = np.where(pick, along + ACROSS_WEIGHT * across, np.inf)
    return int(np.argmin(cost))
