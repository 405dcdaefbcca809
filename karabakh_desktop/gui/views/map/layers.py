"""Building the map's pyqtgraph items: one layer per view (country fills and borders, markers, far
places' pins, names), the approximate shapes, and the overlays (scale bar, north arrow, title,
legend). The items carry the figure's looks; the panel restyles them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItemGroup, QGraphicsPathItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from ....core import geo
from ....core.views import map as mv
from ... import theme
from ..pg_adapter import polygon
from .figure import MapFigure, cosmetic_pen, km_path, north_arrow, polygons_path, qcolour
from .items import CachedPaths, MapLabels, MapLegend
from .markers import MarkerItem


@dataclass(eq=False, repr=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class Layer(mv.LayerModel):
    """A view's model with the items that draw it."""
    vb: pg.ViewBox | None = None
    markers: MarkerItem | None = None  # the places' markers, the cases' rings, the pins
    base: CachedPaths | None = None  # country fills and borders
    fills: list = field(default_factory=list)  # (Styled, country name)
    borders: list = field(default_factory=list)
    label_items: list = field(default_factory=list)  # the two MapLabels tiers
    extra: list = field(default_factory=list)  # approximate shapes, shown with the view if wanted
    layout_key: tuple | None = None  # what the names were laid out for, and the result
    base_layout: tuple = ()
    placed_key: tuple | None = None
    placed: dict = field(default_factory=dict)
    placed_memo: dict = field(default_factory=dict)  # placed key -> the names placed then (names.py)
    drawn_names: tuple | None = None  # (layout key, looks of all, {key: (PlacedLabel, level, state)}) as repainted
    placed_epoch: int = -1  # the panel's layout epoch the names were last laid out in (names.py)
    frame_memo: tuple | None = None  # (the panel's frame epoch, the layout's frame then)
    placed_tiers: tuple | None = None  # the placed names split by tier, as the paints draw them


def build_layer(panel, name: str, vb: pg.ViewBox, features, places: list[mv.PlaceInfo], *, pins: bool = True,
                font: str = "place") -> Layer:
    figure: MapFigure = panel.figure
    proj, inside, xy = mv.layer_places(name, places)
    ids = [p.id for p in inside]
    layer = Layer(name, proj, ids, xy, {i: n for n, i in enumerate(ids)}, font=font, features=features,
                  rank=mv.label_ranks(name, inside), vb=vb)
    extent = mv.DATA_EXTENTS.get(name, geo.COMPARISON_DATA_EXTENT)
    layer.base = CachedPaths(vb)
    layer.base.setZValue(1)  # pyqtgraph lifts negative z values to the ViewBox's
    km = [[proj.forward_points(ring) for ring in f.rings] for f in features]
    in_km = [[polygon(xy) for xy in rings] for rings in km]
    for f, polygons in zip(features, in_km):
        layer.fills.append((layer.base.add(polygons_path(polygons)), f.name))
    view = mv.REGION if name == mv.REGION else mv.COMPARISON
    touching = iter(geo.touching_edges([r for f in features for r in f.rings], extent))  # (one pass for all)
    for f, polygons, rings_km in zip(features, in_km, km):  # borders over every fill
        outline = QPainterPath()
        # the weights of the parts' vertices (when the store had them for this projection): the screen
        # draws the border simplified to its pixels (see CachedPaths)
        weights = f.weights if f.weights_projection == (proj.lat0, proj.lon0) else None
        detail = [] if weights is not None else None
        for n, (ring, poly) in enumerate(zip(f.rings, polygons)):
            slices = geo.outline_slices(ring, extent) if next(touching) else None
            if slices is None:  # not clipped: the whole ring, as projected for its fill
                outline.addPath(polygons_path([poly], close=False))
                if detail is not None:
                    detail.append((rings_km[n], weights[n]))
                continue
            for part in slices:
                xy = proj.forward_points(ring[part])
                outline.addPath(polygons_path([polygon(xy)], close=False))
                if detail is not None:
                    detail.append((xy, weights[n][part]))
        layer.borders.append(layer.base.add(outline, detail))
        if name != mv.INSET and f.name != "Crimea" and max(map(geo.ring_area_km2, (p[0] for p in f.polygons))) > 3000:
            lon, lat = panel.cartography.country_labels.get((view, f.name)) or geo.label_point(f)
            text = f.name.upper()
            layer.statics.append(("country", text, *proj.forward(lon, lat), "country",
                                  figure.text_width("country", text)))
    vb.addItem(layer.base)
    if name != mv.INSET:
        for text, lon, lat in panel.cartography.sea_labels.get(view, []):
            layer.statics.append(("sea", text, *proj.forward(lon, lat), "sea", figure.text_width("sea", text)))
    if pins:
        layer.pins = [p.id for p in places if p.id not in layer.index]
        pin_places = [panel.places[i] for i in layer.pins]
        layer.pin_xy = (proj.forward_points(np.array([[p.lon, p.lat] for p in pin_places]))
                        if pin_places else np.zeros((0, 2)))
    x0, y0, x1, y1 = proj.forward_bbox(extent)
    bounds = QRectF(x0, y0, x1 - x0, y1 - y0)
    bounds = bounds.adjusted(-bounds.width(), -bounds.height(), bounds.width(), bounds.height())
    # a comparison case wears a ring, whatever its type; far places are pinned to the view's edge
    layer.markers = MarkerItem(layer, panel.places, bounds)
    vb.addItem(layer.markers, ignoreBounds=True)
    for tier in (0, 1):
        item = MapLabels(panel, layer, tier, bounds)
        vb.addItem(item, ignoreBounds=True)
        layer.label_items.append(item)
    return layer


def build_schematic(panel) -> None:
    """The hand-drawn shapes: one cached item for all, their names, their lines in km."""
    vb = panel.plot.getViewBox()
    proj = panel.region.projection
    figure: MapFigure = panel.figure
    panel.shape_items = {}
    panel.shape_labels = {}  # sid -> (text, x km, y km, width px)
    panel.shape_paths_km = {}
    panel.shapes_item = CachedPaths(vb, live_pens=True)
    panel.shapes_item.setZValue(5)
    # big areas first, so a smaller shape lies on top (and wins a click); the lines last
    for f in sorted(panel.shapes.values(), key=lambda s: -geo.ring_area_km2(s.rings[0]) if s.rings else 0):
        is_line = f.geometry_type == "LineString"
        panel.shape_items[f.id] = panel.shapes_item.add(km_path(f.coords, proj, close=not is_line))
        panel.shape_paths_km[f.id] = [proj.forward_points(c) for c in f.coords]
        text = f"{geo.short_name(f)} (approx.)"
        panel.shape_labels[f.id] = (text, *proj.forward(*geo.label_point(f)), figure.text_width("shape", text))
    vb.addItem(panel.shapes_item)
    panel.region.extra.append(panel.shapes_item)


def build_overlays(panel) -> None:
    """Scale bar, north arrow and legend: children of the ViewBox, in its pixel coordinates."""
    vb = panel.plot.getViewBox()
    panel.scale_group = QGraphicsItemGroup(vb)
    panel.scale_bg = QGraphicsRectItem(panel.scale_group)
    panel.scale_bar = QGraphicsPathItem(panel.scale_group)
    panel.scale_text = QGraphicsSimpleTextItem(panel.scale_group)
    panel.scale_group.setZValue(60)
    panel.scale_km = 0.0
    panel.north_group = QGraphicsItemGroup(vb)
    panel.north_arrow = QGraphicsPathItem(panel.north_group)
    panel.north_arrow.setPath(north_arrow())
    panel.north_text = QGraphicsSimpleTextItem("N", panel.north_group)
    f = QFont()
    f.setBold(True)
    f.setPointSizeF(8)
    panel.north_text.setFont(f)
    panel.north_text.setPos(-panel.north_text.boundingRect().width() / 2, 7)
    panel.north_group.setZValue(60)
    panel.north_group.setToolTip("North is up everywhere on this map (local equirectangular projection)")
    panel.title_text = QGraphicsSimpleTextItem(vb)
    panel.title_text.setZValue(60)
    panel.legend_item = MapLegend(vb)
    panel.legend_item.setZValue(70)


def overlay_colours(panel) -> None:
    t = theme.current()
    panel.scale_bg.setBrush(QBrush(qcolour(t.base, 200)))
    panel.scale_bg.setPen(QPen(Qt.NoPen))
    panel.scale_bar.setPen(cosmetic_pen(t.text, 2))
    panel.scale_text.setBrush(QBrush(qcolour(t.text)))
    panel.north_arrow.setBrush(QBrush(qcolour(t.text)))
    panel.north_arrow.setPen(QPen(Qt.NoPen))
    panel.north_text.setBrush(QBrush(qcolour(t.text)))
    panel.title_text.setBrush(QBrush(qcolour(t.muted)))


def update_mask(panel) -> None:
    """Grey out what lies beyond the view's data, so a clipped edge never reads as a coast."""
    if not hasattr(panel, "nodata_mask"):
        panel.nodata_mask = QGraphicsPathItem()
        panel.nodata_mask.setZValue(8)
        panel.nodata_mask.setPen(QPen(Qt.NoPen))
        panel.plot.getViewBox().addItem(panel.nodata_mask, ignoreBounds=True)
    x0, y0, x1, y1 = panel.current_layer().projection.forward_bbox(mv.DATA_EXTENTS[panel.view])
    path = QPainterPath()
    path.setFillRule(Qt.OddEvenFill)
    path.addRect(QRectF(x0 - 20000, y0 - 20000, x1 - x0 + 40000, y1 - y0 + 40000))
    path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    panel.nodata_mask.setPath(path)
    panel.nodata_box = (x0, y0, x1, y1)
    show_mask(panel)
    panel.nodata_mask.setBrush(QBrush(qcolour(theme.current().window)))
    # no tooltip of its own: an item's tooltip wins over the map's, and the mask's shape would claim
    # points inside the data too (the Lachin corridor said "Beyond the map data"); the panel says it


def show_mask(panel) -> None:
    """The mask is shown only while the view comes within a pixel of the data's edge: in view it draws
    nothing, yet each repaint clipped its huge path to the region repainted (~3 % of a repaint)."""
    if not hasattr(panel, "nodata_mask"):
        return
    vb = panel.plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    w, h = vb.boundingRect().width(), vb.boundingRect().height()
    ex, ey = (x1 - x0) / w if w > 0 else 0.0, (y1 - y0) / h if h > 0 else 0.0  # a pixel, in km
    dx0, dy0, dx1, dy1 = panel.nodata_box
    panel.nodata_mask.setVisible(x0 - ex < dx0 or x1 + ex > dx1 or y0 - ey < dy0 or y1 + ey > dy1)


def update_scale_bar(panel, width_km: float, r: QRectF) -> None:
    """The scale bar for a view ``width_km`` wide shown in ``r`` (the view box, pixels)."""
    km = geo.nice_scale_bar_km(width_km)
    px = km * r.width() / width_km
    path = QPainterPath()
    path.moveTo(0, -4)
    path.lineTo(0, 0)
    path.lineTo(px, 0)
    path.lineTo(px, -4)
    panel.scale_bar.setPath(path)
    panel.scale_km = km
    panel.scale_text.setText(f"{km:g} km")
    tw = panel.scale_text.boundingRect()
    panel.scale_text.setPos(px / 2 - tw.width() / 2, -4 - tw.height())
    panel.scale_bg.setRect(QRectF(-5, -tw.height() - 7, max(px, tw.width()) + 10, tw.height() + 11))
    panel.scale_group.setPos(12, r.height() - 10)
