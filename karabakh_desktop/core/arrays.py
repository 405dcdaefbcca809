"""Small numpy helpers for paths that run at start-up or on every repaint.

``np.unique`` imports ``numpy.ma`` on its first call (numpy 2.x asks ``np.ma.is_masked`` of every
array): ~15 ms of CPU at start-up, paid inside the first network restyle, for a module nothing
else here needs. :func:`distinct` gives the same answer for the arrays these paths hold.
"""

from __future__ import annotations

import numpy as np


def distinct(values) -> np.ndarray:
    """The sorted distinct values of a 1-D array, as ``np.unique(values)`` gives them (for arrays
    without NaN: each NaN would be kept, as NaN != NaN)."""
    s = np.sort(np.asarray(values).ravel())
    if s.size < 2:
        return s
    keep = np.empty(s.size, dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]
