"""The schematic region map panel: tool bar, mouse, the session's signals, fitting the views.

What the map shows is the view model (``core.views.map``: places, pins, hit-testing, the layout
of names) and how it looks is the figure (``figure.py``); ``layers.py`` builds the items that
carry the figure's looks on screen. Honesty: the outlines are Natural Earth's, the shapes are
hand-drawn and labelled "approx." everywhere, a place with ``context = 1`` is drawn hollow.
"""

from __future__ import annotations

import functools

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QToolButton,
    QVBoxLayout,
)

from ....core import geo, geo_store
from ....core.views import map as mv
from ... import theme
from ...panels import Panel, panel_toolbar
from ..keynav import KeyNavigator
from ..plain_view import PlainView
from ..style import EXPORT
from . import layers, markers, names, overlay, text
from .figure import MapContent, MapFigure, cosmetic_pen, qcolour

REGION, COMPARISON = mv.REGION, mv.COMPARISON
PlacedLabel = mv.PlacedLabel


class MapPanel(Panel):
    panel_id = "map"
    title = "Map"
    has_figure = True

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.view = REGION
        self.figure = MapFigure()
        self.fonts = self.figure.fonts
        self._levels: dict[str, int] = {}
        self._states: dict[str, str] = {}
        self._window = object()  # not yet applied
        self._naming = None
        self._stale: set[str] = set()
        self._marker_codes: dict = {}  # what markers.py keeps per list of markers
        self._pin_key = None
        # what the names' layout depends on besides the view: the names, the pins, the selection
        self._names_version = self._pins_version = 0
        self._layout_epoch = self._frame_epoch = 0  # bumped by whatever may move a name: see names.py
        db, cat = session.db, session.catalog
        self.places = mv.load_places(db)
        self._actors: dict[str, tuple[str, ...]] = {}  # tied to a place: read for its tooltip (text.actors_of)
        self.shapes = {f.id: f for f in geo.load_schematic()}
        self.shape_entity = mv.shape_entities(self.shapes, self.places, cat.kinds, cat.names)
        self.cartography = geo.load_cartography()
        self._build_widgets()
        vb = self.plot.getViewBox()
        self.region = layers.build_layer(self, REGION, vb, geo_store.load(db, geo.REGION_GEOJSON),
                                         list(self.places.values()))
        layers.build_schematic(self)
        self._comparison_features = comparison = geo_store.load(db, geo.COMPARISON_GEOJSON)
        self._comparison: layers.Layer | None = None  # built when first shown (or asked for): see comparison
        self.inset_layer = layers.build_layer(self, mv.INSET, self.inset, comparison,
                                              [p for p in self.places.values() if p.is_case or
                                               p.place_type == "country"], pins=False, font="place-small")
        self.on_time_window(session.time_window)  # before the content: the states, without a restyle of its own
        self.content = MapContent(
            {REGION: self.region, mv.INSET: self.inset_layer}, self.places,
            {lay.name: lay.fills for lay in self._all_layers()}, {lay.name: lay.borders for lay in self._all_layers()},
            self.shapes, self.shape_items, self.shape_labels, self.shape_entity, self._levels, self._states,
            focus=self.cartography.focus)
        layers.build_overlays(self)
        self._apply_theme()
        self.on_naming(session.naming)
        self.set_view(REGION)
        self.fit_region()
        # Connected only now: building the view changed its range three times (the limits, pyqtgraph's
        # auto range, the fit), each running the whole handler (scale bar, pins, legend, names) for a
        # range the next one replaced. Run once here, where the fit ran it last, it leaves all as then.
        self.plot.getViewBox().sigRangeChanged.connect(self._on_range_changed)
        self._sized_for = vb.boundingRect().size()
        self._on_range_changed()
        self.on_selection(session.touch, None)
        self.keys = KeyNavigator(self.plot, session, lambda: overlay.key_items(self), self.panel_id)

    def focus_target(self):
        return self.plot

    @functools.cached_property
    def _lengths_inside(self) -> dict[str, float]:
        """How much of a drawn line crosses the country its data names (the Zangezur route: Armenia);
        worked out when a tooltip first asks, not at start-up."""
        return {sid: geo.length_inside_km(f.line, country) for sid, f in self.shapes.items() if f.line is not None
                for country in self.region.features if country.name == f.properties.get("length_inside")}

    def _all_layers(self) -> list[layers.Layer]:
        """The layers built so far (the comparison view's once it has been shown or asked for)."""
        return [self.region] + ([self._comparison] if self._comparison is not None else []) + [self.inset_layer]

    @property
    def comparison(self) -> layers.Layer:
        """The comparison view's layer (Transdniestria to Karabakh), built when first needed: most
        sessions start on the region and may never switch, and its items cost ~15 ms of start-up."""
        if self._comparison is None:
            layer = layers.build_layer(self, COMPARISON, self.plot.getViewBox(), self._comparison_features,
                                       list(self.places.values()))
            self._comparison = layer
            self.content.layers[COMPARISON] = layer
            self.content.fills[COMPARISON], self.content.borders[COMPARISON] = layer.fills, layer.borders
            self.figure.dress_layer(self.content, COMPARISON)
            self._name_layer(layer)
            self._show_layer(layer, self.view == COMPARISON)
            self._stale.add(COMPARISON)  # restyled (selection, time window) when shown
        return self._comparison

    # --- widgets ------------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.plot = PlainView()  # no axes, no plot menu: see plain_view
        self.plot.setObjectName("map-plot")
        vb = self.plot.getViewBox()
        vb.setAspectLocked(True, 1.0)
        vb.setMouseMode(pg.ViewBox.PanMode)
        self.plot.setAntialiasing(True)
        # frame and view box paint nothing (the box draws a border only when given one): Qt then skips
        # their paint, and the style option it makes for each, in every repaint
        self.plot.frame.setFlag(QGraphicsItem.ItemHasNoContents)
        vb.setFlag(QGraphicsItem.ItemHasNoContents)
        self.inset = pg.ViewBox(enableMouse=False, enableMenu=False, lockAspect=True)
        self.inset.setParentItem(vb)
        self.inset.setZValue(50)
        self.inset.setBorder(pg.mkPen("#666666", width=1))
        vb.sigResized.connect(self._on_resized)  # (the range's handler is connected once the map is built)
        vb.sigRangeChangedManually.connect(self._on_user_moved)
        self._fit_bbox = None
        self._sized_for = None  # the view box's size the overlays were placed for (see _on_resized)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self._hover_proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved)

        # short names: the map usually lives in a narrow dock
        self.fit_region_button = QToolButton(text="Region")
        self.fit_region_button.setToolTip("Fit the South Caucasus (Azerbaijan with Nakhchivan, Armenia, Georgia)")
        self.fit_region_button.clicked.connect(self.fit_region)
        self.fit_karabakh_button = QToolButton(text="Karabakh")
        self.fit_karabakh_button.setToolTip("Fit Karabakh: the former NKAO and the districts around it")
        self.fit_karabakh_button.clicked.connect(self.fit_karabakh)
        self.fit_comparison_button = QToolButton(text="Cases")
        self.fit_comparison_button.setToolTip("Comparison cases — the wider region: Transdniestria, Crimea, "
                                              "Donbas, Abkhazia, South Ossetia and Karabakh on one map")
        self.fit_comparison_button.clicked.connect(self.fit_comparison)
        self.shapes_box = QToolButton(text="≈ Shapes", checkable=True)
        self.shapes_box.setChecked(True)
        self.shapes_box.setToolTip("Show the hand-drawn, approximate outlines: former NKAO, peacekeeping area, "
                                   "districts, Lachin corridor, proposed Zangezur route")
        self.shapes_box.toggled.connect(self._on_shapes_toggled)
        self.legend_box = QToolButton(text="Legend", checkable=True)
        self.legend_box.setToolTip("Show or hide the legend")
        self.legend_box.setChecked(True)
        self.legend_box.toggled.connect(lambda on: self.legend_item.setVisible(on) or self._labels_changed())
        # In a narrow dock the legend would cover a third of the map: it folds away until the user
        # asks for it (the button), and comes back by itself when the panel is wide (a projector).
        self._legend_auto = True
        self.legend_box.clicked.connect(lambda: setattr(self, "_legend_auto", False))
        self.show_selection_button = QToolButton(text="Selection")
        self.show_selection_button.setToolTip("Show the selection: bring the selected places into view")
        self.show_selection_button.clicked.connect(self.show_selection)
        buttons = panel_toolbar([self.fit_region_button, self.fit_karabakh_button, self.fit_comparison_button,
                                 self.show_selection_button, None, self.shapes_box, self.legend_box], parent=self)
        overlay.build(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(buttons)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.hint)

    def _set_info(self, html: str, for_items: tuple[str, ...] = ()) -> None:
        """Show (or, with no text, hide) the description box, for the selection ``for_items``."""
        overlay.set_info(self, html, for_items)

    def _place_info(self) -> None:
        overlay.place_info(self)

    def legend_entries(self) -> list[tuple[str, object, str]]:
        return text.legend_entries(self)

    # --- theme ------------------------------------------------------------------------------------
    def _apply_theme(self) -> None:
        t = theme.current()
        self.figure.apply_theme(self.content)
        base = self.figure.base_colours()
        self.plot.setBackground(base["sea"])
        self.inset.setBackgroundColor(qcolour(base["sea"]))
        if not hasattr(self, "sea_item"):  # the sea as an item too, so that vector exports carry it
            self.sea_item = QGraphicsRectItem(QRectF(-30000, -30000, 60000, 60000))
            self.sea_item.setZValue(0)
            self.sea_item.setPen(QPen(Qt.NoPen))
            self.plot.getViewBox().addItem(self.sea_item, ignoreBounds=True)
        self.sea_item.setBrush(QBrush(qcolour(base["sea"])))
        for layer in self._all_layers():
            layer.base.invalidate()
            layer.markers.invalidate()
        self.shapes_item.invalidate()
        if hasattr(self, "nodata_mask"):
            self.nodata_mask.setBrush(QBrush(qcolour(t.window)))
        layers.overlay_colours(self)
        text.refresh_legend(self, force=True)
        names.new_frame(self)  # the legend's size may have changed

    # --- styling places -----------------------------------------------------------------------------
    def _shown_layers(self) -> list[layers.Layer]:
        return [self.current_layer()] + ([self.inset_layer] if self.view == REGION else [])

    def _restyle(self) -> None:
        """Brushes and pens of the existing items; a layer out of sight is restyled when shown."""
        self.content.any_selected = bool(self.session.touch.selected)
        shown = self._shown_layers()
        self._stale = {layer.name for layer in self._all_layers()} - {layer.name for layer in shown}
        for layer in shown:
            markers.restyle(self, layer)
            names.update_names(self, layer)  # colours and places follow the selection and the time window
        changed = []
        for sid, styled in self.shape_items.items():
            entity = self.shape_entity.get(sid)
            pen = self.figure.shape_pen(sid, self._levels.get(entity, 0) if entity else 0)
            if styled.pen != pen:
                styled.pen = pen
                changed.append(styled)
        if changed:
            self.shapes_item.pens_changed(changed)

    # --- session signals ----------------------------------------------------------------------------
    def on_selection(self, touch, change) -> None:
        self._layout_epoch += 1  # the levels may change
        themed = theme.current().name != self.figure.theme_name
        if themed:
            self._apply_theme()
        levels = {i: 1 for i in touch.items if i in self.places}
        levels.update({i: 2 for i in touch.selected if i in self.places})
        # every look on the map follows its places' levels and whether anything is selected: when
        # neither changed (an item touching no place after another), nothing is restyled or repainted
        same = not themed and levels == self._levels and bool(touch.selected) == self.content.any_selected
        self._levels.clear()
        self._levels.update(levels)
        if not same:
            self._restyle()
        if self._info_for is not None and tuple(touch.selected) != self._info_for:
            self._set_info("")  # it described another selection
        self._update_edge_arrows()

    # --- the selection out of view (``overlay.py``) ------------------------------------------------
    def edge_arrows(self) -> list[tuple[str, float, float, str]]:
        """The arrows on the map's edge pointing at selected places out of view: (id, x, y, arrow)."""
        return overlay.edge_arrows(self)

    def _update_edge_arrows(self) -> None:
        overlay.update_edge_arrows(self)

    def show_selection(self) -> None:
        """Fit the map to the selected places (the comparison view for places only it shows)."""
        overlay.show_selection(self)

    def on_theme(self, theme_name: str) -> None:
        self.on_selection(self.session.touch, None)  # it applies the new theme first

    def on_time_window(self, window) -> None:
        if window == self._window:
            return
        self._window = window
        self._states.clear()
        if window is not None:  # what the map asks about: its places (not every item of the store)
            self._states.update(markers.place_states(self, window))
        if hasattr(self, "content"):
            self._restyle()

    def on_naming(self, choice: str) -> None:
        if choice == self._naming:
            return
        self._naming = choice
        if hasattr(self, "info"):
            self._set_info("")  # written with the old names
            self._update_edge_arrows()
        for layer in self._all_layers():
            self._name_layer(layer)
        self._names_version += 1
        names.new_frame(self)
        self._pin_key = None
        self._place_pins()
        self._restyle()

    def _name_layer(self, layer: layers.Layer) -> None:
        names.name_layer(self, layer)

    # --- views --------------------------------------------------------------------------------------
    def current_layer(self) -> layers.Layer:
        return self.region if self.view == REGION else self.comparison

    def _show_layer(self, layer: layers.Layer, shown: bool) -> None:
        for item in [layer.base, layer.markers] + layer.label_items:
            item.setVisible(shown)
        for item in layer.extra:
            item.setVisible(shown and (layer.name != REGION or self.shapes_box.isChecked()))

    def set_view(self, view: str) -> None:
        names.new_frame(self)
        self.view = view
        if view == COMPARISON:
            self.comparison  # noqa: B018 (built on first showing)
        for layer in (self.region, self._comparison):
            if layer is not None:
                self._show_layer(layer, layer.name == view)
        self.inset.setVisible(view == REGION)
        self._set_limits(self.current_layer().projection.forward_bbox(mv.DATA_EXTENTS[view]))
        layers.update_mask(self)
        self.title_text.setText(mv.VIEW_TITLES[view])
        self._pin_key = None
        self._place_pins()
        if self._stale & {layer.name for layer in self._shown_layers()}:
            self._restyle()

    def _set_limits(self, km_box) -> None:
        x0, y0, x1, y1 = km_box
        self.plot.getViewBox().setLimits(xMin=x0, xMax=x1, yMin=y0, yMax=y1, maxXRange=x1 - x0,
                                         maxYRange=y1 - y0, minXRange=5, minYRange=5)

    def _fit(self, view: str, bbox, padding: float = 0.02) -> None:
        if view != self.view:
            self.set_view(view)
        self._fit_bbox = (bbox, padding)  # kept while the panel is resized, until the user pans or zooms
        x0, y0, x1, y1 = self.current_layer().projection.forward_bbox(bbox)
        vb = self.plot.getViewBox()
        # The limits keep panning inside the data; a fit that needs more room (a tall, narrow dock
        # showing the whole region) widens them just enough, and the mask shows where data ends.
        r = vb.boundingRect()
        dx0, dy0, dx1, dy1 = self.current_layer().projection.forward_bbox(mv.DATA_EXTENTS[view])
        if r.width() > 0 and r.height() > 0:
            # expand to the view's aspect here: pyqtgraph's own aspect lock may shrink one side instead
            w, h = (x1 - x0) * (1 + 2 * padding), (y1 - y0) * (1 + 2 * padding)
            aspect = r.width() / r.height()
            w, h = max(w, h * aspect), max(h, w / aspect)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            x0, x1, y0, y1, padding = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2, 0.0
            dx0, dx1, dy0, dy1 = min(dx0, x0), max(dx1, x1), min(dy0, y0), max(dy1, y1)
        self._set_limits((dx0, dy0, dx1, dy1))
        vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=padding)

    def fit_region(self) -> None:
        self._fit(REGION, geo.REGION_EXTENT)

    def fit_karabakh(self) -> None:
        self._fit(REGION, geo.KARABAKH_EXTENT)

    def fit_comparison(self) -> None:
        self._fit(COMPARISON, mv.COMPARISON_FIT)

    def _on_shapes_toggled(self, on: bool) -> None:
        for item in self.region.extra:
            item.setVisible(on and self.view == REGION)
        self._labels_changed()

    def view_extent(self) -> tuple[float, float, float, float]:
        """The visible area as a lon/lat box (west, south, east, north)."""
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        proj = self.current_layer().projection
        w, s = proj.inverse(x0, y0)
        e, n = proj.inverse(x1, y1)
        return (w, s, e, n)

    def view_state(self) -> dict:
        return mv.MapState(self.view, self.view_extent(), self.shapes_box.isChecked(),
                           self.legend_box.isChecked()).to_json()

    def restore_view_state(self, state: dict) -> None:
        want = mv.MapState.from_json(state)
        self.shapes_box.setChecked(want.shapes)
        self.legend_box.setChecked(want.legend)
        if want.extent is not None:
            self._fit(want.view, want.extent, padding=0)
        else:  # a view with no extent (a starter scene's): the whole view, as its button shows it
            self._fit(want.view, geo.REGION_EXTENT if want.view == REGION else mv.COMPARISON_FIT)

    # --- reacting to the view -----------------------------------------------------------------------
    def _on_user_moved(self, *args) -> None:
        self._fit_bbox = None

    def _on_resized(self) -> None:
        names.new_frame(self)
        vb = self.plot.getViewBox()
        # the range's handler runs once, at the end, when the inset, legend and title have their new
        # places: the view box's own range update and the fit ran it too, for places about to change
        self._sized_for = None
        if self._fit_bbox is not None and hasattr(self, "inset_layer"):
            self._fit(self.view, *self._fit_bbox)
        r = vb.boundingRect()
        w = min(180.0, max(100.0, r.width() * 0.3))
        h = w * 0.8
        self.inset.setGeometry(QRectF(r.width() - w - 6, r.height() - h - 6, w, h))
        x0, y0, x1, y1 = self.inset_layer.projection.forward_bbox(mv.INSET_EXTENT)
        self.inset.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.north_group.setPos(18, 22)
        if self._legend_auto:
            wide = r.width() >= 560 and r.height() >= 420
            if self.legend_box.isChecked() != wide:
                self.legend_box.setChecked(wide)
        self.legend_item.setPos(r.width() - self.legend_item.boundingRect().width() - 6, 6)
        self.title_text.setPos(r.width() / 2 - self.title_text.boundingRect().width() / 2, 2)
        self._sized_for = r.size()
        self._on_range_changed()

    def _on_range_changed(self, *args) -> None:
        vb = self.plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        r = vb.boundingRect()
        if r.width() <= 0 or x1 <= x0 or r.size() != self._sized_for:
            return  # (a resize under way: _on_resized runs this once the overlays are placed, ~1 ms a run)
        width_km = x1 - x0
        layers.update_scale_bar(self, width_km, r)
        layers.show_mask(self)
        self._update_inset_frame()
        self._place_pins()
        self._update_edge_arrows()
        self._place_info()
        text.refresh_legend(self)
        self._labels_changed()  # after the legend, which may resize: it is an obstacle for names
        if hasattr(self, "keys"):
            self.keys.refresh()

    def _update_inset_frame(self) -> None:
        if not hasattr(self, "inset_frame"):
            self.inset_frame = QGraphicsRectItem()
            self.inset_frame.setZValue(40)
            self.inset.addItem(self.inset_frame)
        if self.view != REGION:
            return
        x0, y0, x1, y1 = self.inset_layer.projection.forward_bbox(self.view_extent())
        self.inset_frame.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.inset_frame.setPen(cosmetic_pen(theme.current().text, 1.2))

    def _place_pins(self) -> None:
        names.place_pins(self)

    # --- names (``names.py``) -----------------------------------------------------------------------
    def _labels_changed(self) -> None:
        names.labels_changed(self)

    def _frame(self, layer: layers.Layer) -> mv.NameLayout:
        return names.frame(self, layer)

    def placed_labels(self, layer: layers.Layer) -> dict[str, PlacedLabel]:
        """The names drawn on ``layer``, keyed "kind:key" (``names.placed_labels``)."""
        return names.placed_labels(self, layer)

    def label_colour(self, e: PlacedLabel) -> QColor:
        return names.label_colour(self, e)

    # --- mouse --------------------------------------------------------------------------------------
    def _on_scene_click(self, ev) -> None:
        if ev.button() != Qt.LeftButton:
            return
        add = bool(ev.modifiers() & Qt.ControlModifier)
        pos = ev.scenePos()
        if self.inset.isVisible() and self.inset.sceneBoundingRect().contains(pos):
            p = self.inset.mapSceneToView(pos)
            if self.click_at(p.x(), p.y(), add=add, layer_name="inset") is None:
                self.fit_comparison()
            return
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(pos):
            return
        p = vb.mapSceneToView(pos)
        self.click_at(p.x(), p.y(), add=add)

    def _layer(self, name: str | None) -> tuple[layers.Layer, pg.ViewBox]:
        if name == "inset":
            return self.inset_layer, self.inset
        return self.current_layer(), self.plot.getViewBox()

    def hit(self, x: float, y: float, layer_name: str | None = None) -> tuple[str, str] | None:
        """What is under a point in view km: ("place", id), ("shape", id), ("country", name) or None."""
        layer, vb = self._layer(layer_name)
        (x0, x1), _ = vb.viewRange()
        w = vb.boundingRect().width()
        shapes = self.shapes if layer is self.region and self.shapes_box.isChecked() else None
        return mv.hit(layer, x, y, (x1 - x0) / w if w > 0 else 1.0, shapes, self.shape_paths_km)

    def click_at(self, x: float, y: float, *, add: bool = False, layer_name: str | None = None) -> str | None:
        """The click handler (the mouse calls it with the clicked point in view km): select the place
        or the entity a shape stands for; a shape with none shows its note. Returns what was selected."""
        hit = self.hit(x, y, layer_name)
        if hit is None:
            return None
        what, key = hit
        if what == "place":
            self.session.select(key, add=add, origin=self.panel_id)
            return key
        if what == "shape":
            entity = self.shape_entity.get(key)
            if entity:
                self.session.select(entity, add=add, origin=self.panel_id)
            self._set_info(self._shape_html(key, entity), tuple(self.session.selection.items))
            return entity
        return None

    def _on_mouse_moved(self, args) -> None:
        pos = args[0]
        tip = ""
        if self.inset.isVisible() and self.inset.sceneBoundingRect().contains(pos):
            p = self.inset.mapSceneToView(pos)
            hit = self.hit(p.x(), p.y(), "inset")
            tip = self.tooltip_for(hit) if hit else "The wider region — click to open the comparison view"
        elif self.plot.getViewBox().sceneBoundingRect().contains(pos):
            p = self.plot.getViewBox().mapSceneToView(pos)
            tip = self.tooltip_for(self.hit(p.x(), p.y()))
            x0, y0, x1, y1 = self.current_layer().projection.forward_bbox(mv.DATA_EXTENTS[self.view])
            if not tip and not (x0 <= p.x() <= x1 and y0 <= p.y() <= y1):
                tip = "Beyond the map data"
        self.plot.setToolTip(tip)

    def tooltip_for(self, hit) -> str:
        return text.tooltip_for(self, hit)

    def _shape_html(self, sid: str, entity: str | None) -> str:
        return text.shape_html(self, sid, entity)

    # --- the Panel interface ----------------------------------------------------------------------
    def highlight_level(self, item: str) -> int | None:
        """Read from the marker as drawn: amber fill 2, amber edge 1, otherwise 0 (a far place's pin
        not drawn: 0)."""
        hl = qcolour(theme.current().highlight).rgb()
        for layer in (self.current_layer(), self.inset_layer):
            shown = not (layer is self.inset_layer and not self.inset.isVisible())
            if shown and (item in layer.index or item in layer.pins):
                look = layer.markers.look(item)
                if look is None:
                    return 0
                brush, pen = look
                if brush.color().rgb() == hl:
                    return 2
                return 1 if pen.color().rgb() == hl else 0
        return None

    def marker_look(self, pid: str, layer_name: str | None = None) -> tuple[QBrush, QPen] | None:
        """The (brush, pen) a place's marker is drawn with in this view (None: no marker)."""
        layer, _ = self._layer(layer_name)
        return layer.markers.look(pid)

    def selftest_pick(self) -> str | None:
        layer = self.current_layer()
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        for pid, (x, y) in zip(layer.ids, layer.xy):
            if x0 <= x <= x1 and y0 <= y <= y1 and self.hit(float(x), float(y)) == ("place", pid):
                return self.click_at(float(x), float(y))
        return None

    def graphics_item(self):
        return self.plot.frame

    def export_widget(self):
        return self.plot

    def paint_figure(self, p, rect: QRectF, view=None) -> None:
        """Draw the map (its current extent, or ``view`` as ((x0, x1), (y0, y1)) in km) into ``rect``."""
        (x0, x1), (y0, y1) = view or self.plot.getViewBox().viewRange()
        self.content.any_selected = bool(self.session.touch.selected)
        figure = getattr(self, "_export_figure", None)
        if figure is None:  # kept: its looks, symbols and last names serve the next export
            figure = self._export_figure = MapFigure(EXPORT)
        figure.paint(p, rect, self.content, self.view, (x0, x1, y0, y1), label=self.session.label,
                     shapes_on=self.shapes_box.isChecked())

    def legend(self) -> list[tuple[str, str]]:
        return [(colour, text) for text, colour in getattr(self, "_legend_entries", [])]

    # --- test hooks -----------------------------------------------------------------------------------
    def place_position(self, pid: str, layer_name: str | None = None) -> tuple[float, float] | None:
        """Where the place's marker is drawn, in view km (read back from the markers' item)."""
        layer, _ = self._layer(layer_name)
        if pid not in layer.index:
            return None
        x, y = layer.markers.layer.xy[layer.index[pid]]
        return (float(x), float(y))

    def label_text(self, pid: str, layer_name: str | None = None) -> str | None:
        """The name the map gives a place in this view (drawn or not); a far place's pin label
        (arrow and name) if it is pinned."""
        layer, _ = self._layer(layer_name)
        if pid in layer.index:
            return layer.names[layer.index[pid]]
        if pid in layer.pin_labels:
            return layer.pin_labels[pid][0]
        return None

    def shown_labels(self, layer_name: str | None = None) -> dict[str, PlacedLabel]:
        """The names drawn now, keyed "place:<id>", "pin:<id>", "shape:<id>", "country:<NAME>",
        "sea:<name>"; empty for a view out of sight."""
        layer, vb = self._layer(layer_name)
        return dict(self.placed_labels(layer)) if vb.isVisible() else {}

    def label_shown(self, key: str, layer_name: str | None = None) -> bool:
        """Whether a place (by id) or another name ("shape:<id>"…) is named on the map now."""
        return (key if ":" in key else "place:" + key) in self.shown_labels(layer_name) or \
            ("pin:" + key) in self.shown_labels(layer_name)
