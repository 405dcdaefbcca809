"""A selection repaints the network only around what it changed: the nodes and ties whose look
changed and the names that moved or changed their look (each one's old box and its new one). Qt
then draws every item again inside those boxes only — the resting layers' pixmaps, the touched
nodes and ties, the names that reach in, the legend — so what is on screen stays what a whole
repaint would show (tests/test_partial_repaint.py compares the two).

The whole view is repainted when a selection changes more than a few looks: the first selection
or a cleared one (every node and tie dims or comes back), a focus that shows other nodes, a new
view, new names, and when the changed boxes cover much of the view. Theme, time window, naming,
layout and positions never come here (the panel repaints all of it)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from ..partial import PARTIAL_MAX, changed_entries, clip_boxes, region_of
from .figure import TIE_ROOM, map_points

NODE_ROOM = 6.0  # px beyond a node's radius: the selection's outline (4 px) and antialiasing
AROUND_MAX = 3.0  # the changed boxes' bounding box is repainted (one rectangle) while at most this many times their area
NAME_ROOM = 2.0  # px around a name: it is stamped at a whole pixel, its pixmap a whole number of pixels


def drawn(panel) -> tuple:
    """What the view shows now, to compare with after a selection (:func:`update_changed`). The
    model's arrays are replaced, never changed in place, by the next ``apply``: kept as they are."""
    m, fig = panel.model, panel.figure
    return (m.rest, m.node_state, m.node_size, m.top, m.node_visible, m.edge_visible, m.edge_state, m.edge_halo,
            tuple(m.top_edges), fig.base_version, fig.looks_version, panel.labels_item.drawn())


def changed_boxes(panel, before: tuple, tr) -> list[QRectF] | None:
    """The boxes (viewport pixels) of what the selection changed since ``before`` (:func:`drawn`), or
    None when all of the view is to be repainted."""
    (rest, state0, size0, top0, visible0, edge_visible0, edge_state0, halo0, top_edges0, base_version,
     looks_version, (key0, placed0)) = before
    m, fig = panel.model, panel.figure
    if (key0 is None or rest != m.rest or base_version != fig.base_version or looks_version != fig.looks_version
            or not panel.edges_item.resting or len(state0) != len(m.node_state)
            or not np.array_equal(visible0, m.node_visible) or not np.array_equal(edge_visible0, m.edge_visible)):
        return None
    labels = panel.labels_item
    placed = labels.placed(tr)  # (kept for the paint that follows)
    key = labels.drawn()[0]
    if key[:7] != key0[:7] or key[8:] != key0[8:]:  # another view, other names: not yet drawn there
        return None
    boxes = []
    k = fig.style.mark_scale
    # the nodes touched before or now whose look changed, in one step each (not a numpy scalar per node)
    nodes = np.array(list(set(top0.tolist()) | set(m.top.tolist())), dtype=np.int64)
    nodes = nodes[(state0[nodes] != m.node_state[nodes]) | (size0[nodes] != m.node_size[nodes])]
    if len(nodes):
        xy = map_points(tr, m.pos[nodes])
        radii = np.maximum(size0[nodes], m.node_size[nodes]) * (k / 2) + NODE_ROOM
        for (x, y), r in zip(xy.tolist(), radii.tolist()):
            boxes.append(QRectF(x - r, y - r, 2 * r, 2 * r))
    ties = [e for e in set(top_edges0) | set(m.top_edges)
            if edge_state0[e] != m.edge_state[e] or halo0[e] != m.edge_halo[e]]
    if ties:
        paths = panel.edges_item.paths(tr)
        for e in ties:
            if paths[e] is None:  # too short to draw: nothing there
                continue
            path, arrow = paths[e]
            box = path.controlPointRect()  # (a curve lies inside its control points)
            if arrow is not None:
                box = box.united(arrow.boundingRect())
            boxes.append(box.adjusted(-TIE_ROOM, -TIE_ROOM, TIE_ROOM, TIE_ROOM))
    # the names: their text, font and colours follow from their node's state and ink (names and theme
    # being the same: else all of the view is repainted), see ``NetworkFigure.place_labels``
    if placed is not placed0:  # (the same names, kept by the figure: none changed)
        old = {label.node: label.look for label in placed0}
        new = {label.node: label.look for label in placed}
        for x, y, w, h, *_ in changed_entries(old, new):
            boxes.append(QRectF(x - NAME_ROOM, y - NAME_ROOM, w + 2 * NAME_ROOM, h + 2 * NAME_ROOM))
    return boxes


def update_changed(panel, before: tuple) -> bool:
    """Repaint the view only around what the selection changed since ``before`` (:func:`drawn`);
    False when all of it is to be repainted instead (the caller does)."""
    gv = panel.plot
    vp = gv.viewport()
    boxes = changed_boxes(panel, before, panel.labels_item.deviceTransform(gv.viewportTransform()))
    if boxes is None:
        return False
    view = QRectF(vp.rect())
    area = view.width() * view.height()
    # Many small boxes (a name moved here, a node there) make a region of many rectangles, and Qt
    # clips every layer's drawing to each of them: their box around them all is repainted instead
    # while it is not much larger (Qt fills a rectangle far faster than a ragged region: at the
    # slowest selections, 2× the pixels in one rectangle cost 0.4–1.3 ms less than the region).
    boxes, around, covered = clip_boxes(boxes, view)
    if covered > PARTIAL_MAX * area:
        return False
    if around.width() * around.height() <= AROUND_MAX * covered:
        if not around.isEmpty():
            vp.update(around.toAlignedRect())
        return True
    region = region_of(boxes)
    if not region.isEmpty():
        vp.update(region)
    return True
