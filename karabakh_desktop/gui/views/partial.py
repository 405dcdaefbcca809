"""What the graphics views' partial repaints share: the boxes of what changed look, gathered into one
region to repaint, and the share of the view past which all of it is repainted instead (the network's
``repaint``, the timeline's ``Marks.update_changed``); an item's boxes repainted apart (the map's)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from PySide6.QtCore import QRectF
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QGraphicsItem

PARTIAL_MAX = 0.5  # changed boxes covering more than this share of the view: all of it is repainted


def changed_entries(old: Mapping, new: Mapping) -> Iterator:
    """Each entry, as it was and as it is, of a key whose entry differs between ``old`` and ``new``
    (a thing that moved or changed look is repainted where it was and where it is)."""
    for key in old.keys() | new.keys():
        was, now = old.get(key), new.get(key)
        if was != now:
            yield from filter(None, (was, now))


def clip_boxes(boxes: Iterable[QRectF], within: QRectF) -> tuple[list[QRectF], QRectF, float]:
    """``boxes`` clipped to ``within`` (the empty ones left out), the box around them, and the sum of
    their areas (overlaps counted once per box: an upper bound of what they cover, which is what
    :data:`PARTIAL_MAX` has always been held against)."""
    kept, around, covered = [], QRectF(), 0.0
    for box in boxes:
        box = box.intersected(within)
        if not box.isEmpty():
            covered += box.width() * box.height()
            around = around.united(box)
            kept.append(box)
    return kept, around, covered


def region_of(boxes: Iterable[QRectF]) -> QRegion:
    """The boxes as one region to repaint (each widened to whole pixels)."""
    region = QRegion()
    for box in boxes:
        region += box.toAlignedRect()
    return region


def region_within(boxes: Iterable[QRectF], within: QRectF, area: float) -> QRegion | None:
    """``boxes`` clipped to ``within``, as one region; None when they cover more than
    :data:`PARTIAL_MAX` of ``area`` (the view's), which is then repainted whole."""
    kept, _, covered = clip_boxes(boxes, within)
    region = region_of(kept)
    return None if covered > PARTIAL_MAX * area else region


def update_apart(item: QGraphicsItem, boxes) -> None:
    """Repaint ``boxes`` (rectangles in ``item``'s coordinates) each on its own: ``item.update(box)``
    merges all the boxes an item is given before the next repaint into one rectangle (Qt keeps one
    per item), so two marks restyled at opposite corners of the map repainted everything between
    them (~40 % of its view on a selection spread over the region). The scene keeps each box apart
    in its views' regions to repaint. A scene's update knows nothing of the item that clips its
    children (the plot's view box, as ``item.update`` did): each box is clipped to it here, so a mark
    at the map's edge does not repaint the axis or frame beyond it."""
    scene = item.scene()
    if scene is None or not item.isVisible():
        return
    clip, parent = None, item.parentItem()
    while parent is not None:
        if parent.flags() & QGraphicsItem.ItemClipsChildrenToShape:
            clip = parent.sceneBoundingRect()
            break
        parent = parent.parentItem()
    to_scene = item.sceneTransform()
    for box in boxes:
        box = to_scene.mapRect(box)
        if clip is not None:
            box = box.intersected(clip)
            if box.isEmpty():
                continue
        scene.update(box)
