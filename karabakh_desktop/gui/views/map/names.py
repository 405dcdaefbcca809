"""The map's names on screen: each view's names measured, laid out (``core.views.map``: once per
view, then per selection), repainted where the selection changed them, and the far places' pins.

A layout is asked for by the selection's slot and by each paint of the two name tiers. Its frame
— the view's transform and rectangle, the overlays it keeps clear of — changes only through the
panel's handlers, which bump ``panel._frame_epoch`` (:func:`labels_changed`: a pan, zoom,
overlay or pin; a resize, a theme, a naming, a view); they and a selection bump
``panel._layout_epoch``. A slot in the same frame epoch takes the frame as worked out before, a
paint in the same layout epoch (and transform) takes the layout the slot made."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItemGroup

from ....core.views import map as mv
from ... import theme
from ..partial import update_apart
from ..style import NAME_MARGIN

PLACED_KEPT = 128  # selections' layouts of names kept per view, until its layout changes (a pan, a zoom…)


def name_layer(panel, layer) -> None:
    """The names of a layer's places in the session's naming, and their widths."""
    layer.names = [panel.session.label(pid) for pid in layer.ids]
    fm = panel.fonts[layer.font][3]
    layer.name_w = np.array([fm.horizontalAdvance(n) for n in layer.names], dtype=float)


def labels_changed(panel) -> None:
    """The names are laid out when next painted (or asked for): one layout per view, not per signal."""
    new_frame(panel)
    for layer in panel._all_layers() if hasattr(panel, "inset_layer") else ():
        for item in layer.label_items:
            item.update()


def new_frame(panel) -> None:
    """Something a layout's frame reads may have changed: it is worked out again when next asked."""
    panel._frame_epoch += 1
    panel._layout_epoch += 1


def frame(panel, layer) -> mv.NameLayout:
    """What a layout depends on besides the names: the view-to-scene scale and offset, the view's
    rectangle and the overlays (legend, inset, scale bar, north arrow) in scene pixels."""
    vb = layer.vb
    vb.childTransform()  # brings pyqtgraph's lazily updated view matrix up to date
    tr = vb.childGroup.sceneTransform()
    vr = vb.sceneBoundingRect()
    obstacles = []
    if vb is not panel.inset:
        for overlay in (panel.legend_item, panel.inset, panel.scale_group, panel.north_group):
            if overlay.isVisible():
                r = overlay.boundingRect()
                if isinstance(overlay, QGraphicsItemGroup):  # whose own rectangle leaves out its children
                    r = r | overlay.childrenBoundingRect()
                o = overlay.mapRectToScene(r)
                obstacles.append((o.left(), o.top(), o.right(), o.bottom()))
    shapes = layer is panel.region and panel.shapes_box.isChecked()
    return mv.NameLayout((tr.m11(), tr.m22(), tr.dx(), tr.dy()), (vr.left(), vr.top(), vr.right(), vr.bottom()),
                         tuple(obstacles), panel.figure.heights(), panel.figure.gap(layer.font),
                         panel.shape_labels if shapes else None)


def placed_labels(panel, layer) -> dict[str, mv.PlacedLabel]:
    """The names drawn on ``layer``, keyed "kind:key": laid out once per view (pan, zoom, resize,
    naming) by ``core.views.map.base_layout``, then per selection by ``selection_layout``."""
    memo = layer.frame_memo
    if memo is not None and memo[0] == panel._frame_epoch:
        lay = memo[1]
    else:
        lay = frame(panel, layer)
        layer.frame_memo = (panel._frame_epoch, lay)
    key = (lay.t, lay.view, lay.obstacles, lay.shape_labels is not None, panel._names_version)
    if key != layer.layout_key:
        layer.base_layout = mv.base_layout(layer, lay)
        layer.layout_key = key
        layer.placed_key = None
        layer.placed_memo = {}
    # per selection: only when the levels of this layer's places (or shapes) changed; a selection
    # met before in this layout (going back and forth between items) takes the names it had then
    mine = mv.layer_levels(layer, panel._levels, panel.shape_entity)
    pkey = (key, frozenset(mine.items()), bool(panel._levels), panel._pins_version)
    if pkey != layer.placed_key:
        placed = layer.placed_memo.get(pkey)
        if placed is None:
            base, markers = layer.base_layout
            placed = mv.selection_layout(layer, base, markers, lay, panel._levels, panel.shape_entity)
            if len(layer.placed_memo) >= PLACED_KEPT:
                layer.placed_memo.clear()
            layer.placed_memo[pkey] = placed
        layer.placed = placed
        layer.placed_key = pkey
        layer.placed_tiers = None
    layer.placed_epoch = panel._layout_epoch
    return layer.placed


def placed_tier(panel, layer, tier: int, t: tuple[float, float, float, float]) -> list[mv.PlacedLabel]:
    """The names of one tier as a paint draws them: the layout of this epoch if the view's transform
    ``t`` (km to scene: m11, m22, dx, dy) is still the one it was made for, else laid out again."""
    if layer.layout_key is None or layer.layout_key[0] != t:
        layer.frame_memo = None  # (a transform no handler heard of)
        placed_labels(panel, layer)
    elif layer.placed_epoch != panel._layout_epoch:
        placed_labels(panel, layer)
    if layer.placed_tiers is None:
        tiers = layer.placed_tiers = ([], [])
        for e in layer.placed.values():
            tiers[e.tier].append(e)
    return layer.placed_tiers[tier]


def label_colour(panel, e: mv.PlacedLabel, t=None) -> QColor:
    return panel.figure.label_colour(e, panel.content, t)


def update_names(panel, layer) -> None:
    """Repaint the names of ``layer`` only where the selection or the time window changed one (its
    place, text, font or colour; the old box and the new): the whole view was painted again for
    each selection, around names that had not moved. A new layout (pan, zoom, resize, naming,
    overlays) repaints them all."""
    items = layer.label_items
    if not items or not items[0].isVisible() or layer.vb is None or layer.vb.rect().isEmpty():
        layer.drawn_names = None
        for item in items:
            item.update()
        return
    placed = placed_labels(panel, layer)  # (laid out now rather than in the paint: once either way)
    key = layer.placed_key[0]
    # what a name's colour follows (figure.label_colour): for all, whether anything is selected and
    # the theme; for a place's or pin's, its level and activity (its context never changes)
    every = (panel.content.any_selected, theme.current().name)
    levels, states = panel._levels, panel._states
    drawn = {k: (e, levels.get(e.key, 0), states.get(e.key)) if e.kind in ("place", "pin") else (e, 0, None)
             for k, e in placed.items()}
    before, layer.drawn_names = layer.drawn_names, (key, every, drawn)
    if before is None or before[0] != key:
        for item in items:
            item.update()
        return
    old, recoloured = before[2], before[1] != every
    m = NAME_MARGIN
    boxes: tuple[list, list] = ([], [])  # per tier, in scene pixels
    for k in old.keys() | drawn.keys():
        was, now = old.get(k), drawn.get(k)
        if was == now and not recoloured:
            continue
        for e, _, _ in filter(None, (was, now)):
            x0, y0, x1, y1 = e.rect
            boxes[e.tier].append(QRectF(x0 - m, y0 - m, x1 - x0 + 2 * m, y1 - y0 + 2 * m))
    for item, tier_boxes in zip(items, boxes):
        if tier_boxes:
            update_apart(item, [item.mapRectFromScene(b) for b in tier_boxes])


def place_pins(panel) -> None:
    """Far places on the edge of the view, pointing their way (``core.views.map.place_pins``)."""
    layer = panel.current_layer()
    if not layer.pins:
        return
    vb = panel.plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    r = vb.boundingRect()
    if r.width() <= 0:
        return
    key = (layer.name, x0, x1, y0, y1, r.width(), r.height(), panel.session.naming)
    if key == panel._pin_key:
        return
    panel._pin_key = key
    mv.place_pins(layer, (x0, x1, y0, y1), (r.width(), r.height()), panel.session.label, panel.figure.text_width)
    layer.markers.update()  # it draws the pins where place_pins put them (layer.pin_positions)
    panel._pins_version += 1
    labels_changed(panel)
