"""Where each view goes on a slide that shows several (a scene, the window): a large main view
beside a column of smaller ones, a wide timeline along the bottom. No Qt; boxes are (x, y, w, h)."""

from __future__ import annotations

MAIN_ORDER = ("map", "network", "timeline", "patterns", "memo", "details")  # which view gets the room
MAIN_SHARE = 0.62  # of the width, for the main view when others stand beside it
TIMELINE_SHARE = 0.38  # of the height, for a timeline along the bottom

Box = tuple[float, float, float, float]


def compose(views, width: float, height: float, gap: float = 16.0) -> dict[str, Box]:
    """Boxes for ``views`` (panel ids) in a ``width`` × ``height`` area."""
    views = sorted(dict.fromkeys(views), key=lambda v: MAIN_ORDER.index(v) if v in MAIN_ORDER else len(MAIN_ORDER))
    if not views:
        return {}
    out: dict[str, Box] = {}
    top_h = height
    if "timeline" in views and len(views) > 1:  # a timeline wants width: it runs along the bottom
        th = height * TIMELINE_SHARE
        out["timeline"] = (0.0, height - th, width, th)
        top_h = height - th - gap
        views = [v for v in views if v != "timeline"]
    main, rest = views[0], views[1:]
    if not rest:
        out[main] = (0.0, 0.0, width, top_h)
        return out
    mw = width * MAIN_SHARE
    out[main] = (0.0, 0.0, mw, top_h)
    side_x, side_w = mw + gap, width - mw - gap
    each = (top_h - gap * (len(rest) - 1)) / len(rest)
    for k, v in enumerate(rest):
        out[v] = (side_x, k * (each + gap), side_w, each)
    return out
