"""The actor network panel: tool bar, mouse, keys, the session's signals, the layout job.

What it shows and how is elsewhere: the view model (``core.views.network``: arrays, looks,
geometry, hit-testing, labels) and the figure (``figure.py``, drawn on screen through
``items.py`` and into any painter for an export).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QActionGroup, QColor, QFontMetricsF, QPen, QUndoCommand
from PySide6.QtWidgets import (
    QToolTip,
)

from ....core import activity, graph, positions
from ....core.views import network as nv
from ... import theme
from ...first_paint import PaintGate
from ...layout_worker import LayoutJob
from ...panels import Panel
from ..keynav import KeyNavigator
from ..pg_adapter import fill_legend
from ..style import EXPORT
from . import controls, tooltips
from .figure import NetworkFigure, colour, map_points
from .items import EdgesItem, LabelsItem, NodesItem, Sample, ScreenItems

BIG_GRAPH = 1000  # from this many nodes, a layout is computed off the GUI thread
EDGE_FADE = 16.0  # pixels over which a framed slide's cut context fades (inside the framing's margin)


def _repaint():
    """The partial repaint's module, imported on the first selection (not on the start-up path)."""
    global _REPAINT
    if _REPAINT is None:
        from . import repaint as _REPAINT
    return _REPAINT


_REPAINT = None


class _MoveNodes(QUndoCommand):
    """Dragged node positions (or "Reset positions"), undoable; written to the store."""

    def __init__(self, panel: NetworkPanel, key: str, before: dict, after: dict, text: str):
        super().__init__(text)
        self.panel, self.key, self.before, self.after = panel, key, before, after

    def _apply(self, values: dict) -> None:
        db = self.panel.session.db
        gone = [k for k, v in values.items() if v is None]
        positions.forget(db, positions.user_key(self.key), gone)
        positions.save(db, positions.user_key(self.key), {k: v for k, v in values.items() if v is not None})
        if self.panel.layout_key() == self.key:
            self.panel.reload_positions()

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class NetworkPanel(Panel):
    panel_id = "network"
    title = "Network"
    has_figure = True
    layoutProgress = Signal(int, int)
    layoutFinished = Signal()

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.state = nv.NetworkState()
        self._background: str | None = None  # the view's background colour, set when the theme's changes
        self.job: LayoutJob | None = None
        self._build_widgets()
        self.painted = PaintGate(self.plot.viewport())  # a layout job starts after the first picture
        # The box of nodes the view was last fitted to; None once the analyst pans or zooms. While
        # fitted, a resize fits again: the first fit comes before the panel has its size, and the
        # strip kept free under the legend depends on the view's height.
        self._fitted_box = None
        self.vb.sigRangeChangedManually.connect(self._moved_by_hand)
        self.vb.sigResized.connect(self._on_resized)
        self.rebuild()
        self.keys = KeyNavigator(self.plot, session, self._key_items, self.panel_id)
        self.vb.sigRangeChanged.connect(lambda *_: self.keys.refresh())

    def focus_target(self):
        return self.plot

    def _key_items(self):
        """The nodes the arrow keys move between: those drawn and on screen, at their scene pixels."""
        xy = self._scene_xy()
        r = self.vb.sceneBoundingRect()
        inside = ((xy[:, 0] >= r.left()) & (xy[:, 0] <= r.right()) & (xy[:, 1] >= r.top()) & (xy[:, 1] <= r.bottom())
                  if len(xy) else np.zeros(0, dtype=bool))
        return self.model.node_ids, xy, inside & self.model.node_visible

    # --- what tests and the self-test read --------------------------------------------------------
    @property
    def node_ids(self) -> list[str]:
        return self.model.node_ids

    @property
    def node_index(self) -> dict[str, int]:
        return self.model.node_index

    @property
    def pos(self) -> np.ndarray:
        return self.model.pos

    @property
    def layout_name(self) -> str:
        return self.state.layout

    @property
    def measure(self) -> str:
        return self.state.measure

    @property
    def colour_by(self) -> str:
        return self.state.colour

    @property
    def focus_steps(self) -> int:
        return self.state.focus

    @property
    def include_places(self) -> bool:
        return self.state.places

    # --- widgets ---------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        controls.build(self)

    def _show_legend(self, on: bool) -> None:
        self.state.legend = bool(on)
        if not controls.fit_legend(self):
            self._refit()

    def _add_items(self) -> None:
        """The figure's screen items for the current model (replacing any before)."""
        for item in getattr(self, "_items", ()):
            self.vb.removeItem(item)
        self.screen = ScreenItems(self.figure)
        self.edges_item = EdgesItem(self.screen)
        self.scatter = NodesItem(self.screen, self._node_at_scene, self.drag_started,
                                 lambda i, xy, done: self.drag_node(i, xy, finished=done))
        vp = self.plot.viewport()
        self.labels_item = LabelsItem(self.screen, lambda: (float(vp.width()), float(vp.height())))
        self._items = (self.edges_item, self.scatter, self.labels_item)
        for item in self._items:  # (the names' item reaches over the whole view: not part of its extent)
            self.vb.addItem(item, ignoreBounds=item is self.labels_item)

    # --- model -------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """(Re)read the graph from the store; done at start and when places are switched."""
        self.cancel_layout(wait=True)
        s = self.session
        self.g = graph.actor_network(s.db, include_places=self.state.places)
        self.model = nv.NetworkModel(self.g)
        if s.time_window:  # the activity index is built on the first window, not at start-up
            self.model.set_window(activity.index(s.db), s.time_window)
        self.figure = NetworkFigure(self.model, self.state, self.session.label)
        self._add_items()
        self._fill_filter_menu()
        self.reload_positions(fit=True)
        self.update_legend()

    def layout_key(self, layout: str | None = None) -> str:
        return f"network:{layout or self.state.layout}" + ("+places" if self.state.places else "")

    def _compute(self, known: dict) -> dict:
        g, name = self.g, self.state.layout
        if name == "spring":
            return graph.spring(g, initial=known or None, fixed=set(known))
        if name == "circular":
            return graph.circular(g)
        if name == "grouped-type":
            return graph.grouped(g, "family")
        return graph.grouped(g, groups_of=self.model.communities())

    def reload_positions(self, fit: bool = False) -> None:
        """Positions of the current layout: cached (or computed once and cached), with drags on top."""
        db, key = self.session.db, self.layout_key()
        if self.state.layout == "spring" and len(self.model) >= BIG_GRAPH:
            known = positions.load(db, key)
            if not all(n in known for n in self.model.node_ids):
                self._start_job(known)
                pos = graph.circular(self.g)
                pos.update({k: v for k, v in known.items() if k in pos})
                self._set_positions(pos, fit=True)
                return
        pos, _ = positions.cached(db, key, self.model.node_ids, self._compute)
        self._set_positions(positions.with_drags(db, key, pos), fit=fit)

    def _set_positions(self, pos: dict, fit: bool = False) -> None:
        self.model.pos = np.array([pos.get(v, (0.0, 0.0)) for v in self.model.node_ids],
                                  dtype=float).reshape(-1, 2)
        self.restyle(positions_changed=True)
        if fit:
            self.fit()

    # --- off-thread layout (a big graph's) ---------------------------------------------------------
    def _start_job(self, known: dict) -> None:
        from . import layout_jobs  # (only for a big graph: not on the start-up path)

        layout_jobs.start(self, known)

    def cancel_layout(self, wait: bool = False) -> None:
        if self.job is not None:  # (then layout_jobs is in)
            from . import layout_jobs

            layout_jobs.cancel(self, wait)

    # --- styling -----------------------------------------------------------------------------------------
    def restyle(self, positions_changed: bool = False, selection_only: bool = False) -> bool:
        """Apply the selection, the time window, focus and filters: the model decides each node's and
        tie's look, the figure its pens; the items repaint what changed (``selection_only``: nothing
        when the new selection changed no look, as an item touching no actor after another)."""
        m = self.model
        before = m.node_base
        drawn = _repaint().drawn(self) if selection_only else None
        looks = m.looks_state() if selection_only else None
        m.apply(self.session.touch, self.state)
        if looks is not None and looks == m.looks_state():
            return False
        if len(before) != len(m.node_base) or not np.array_equal(before, m.node_base):
            positions_changed = True  # tie ends stop at the nodes' rims
        looks_changed = self.figure.restyle()
        if looks_changed:
            self.scatter.looks_changed()
        self.screen.label_version += 1
        if positions_changed:
            self.screen.geometry_version += 1
            for item in self._items:
                item.geometry_changed()
        # A selection: only around what it changed (see ``repaint``); else all of the view, not the
        # items' bounds: a time window's new greys left their old edges on screen.
        if drawn is None or positions_changed or looks_changed or not _repaint().update_changed(self, drawn):
            self.plot.viewport().update()
        if hasattr(self, "keys"):
            self.keys.refresh()
        return True

    # --- pixels ---------------------------------------------------------------------------------------
    def _scene_xy(self) -> np.ndarray:
        return map_points(self.scatter.sceneTransform(), self.model.pos) if len(self.model.pos) else self.model.pos

    def _node_at_scene(self, scene_pos) -> int | None:
        return self.model.node_at(self._scene_xy(), scene_pos.x(), scene_pos.y())

    def node_at(self, scene_pos) -> int | None:
        return self._node_at_scene(scene_pos)

    def edge_at(self, scene_pos) -> int | None:
        return self.model.edge_at(self.model.edge_geometry(self._scene_xy()), scene_pos.x(), scene_pos.y())

    # --- interaction --------------------------------------------------------------------------------------
    def _on_scene_click(self, ev) -> None:
        if ev.button() != Qt.LeftButton or ev.double():
            return
        if self.legend_item.isVisible() and self.legend_item.sceneBoundingRect().contains(ev.scenePos()):
            return
        self.click_at(ev.scenePos(), ev.modifiers())

    def click_at(self, scene_pos, modifiers=Qt.NoModifier) -> str | None:
        """What a left click at ``scene_pos`` does: select the node or tie there (Ctrl adds), or clear."""
        add = bool(modifiers & Qt.ControlModifier)
        i = self.node_at(scene_pos)
        item = self.model.node_ids[i] if i is not None else None
        if item is None:
            e = self.edge_at(scene_pos)
            item = self.model.edge_ids[e] if e is not None else None
        if item is None:
            if not add:
                self.session.clear_selection(origin=self.panel_id)
            return None
        self.session.select(item, add=add, origin=self.panel_id)
        return item

    def _on_mouse_moved(self, scene_pos) -> None:
        i = self.node_at(scene_pos)
        html = None
        if i is not None:
            html = self.node_tooltip(self.model.node_ids[i])
        else:
            e = self.edge_at(scene_pos)
            if e is not None:
                html = self.edge_tooltip(self.model.edge_ids[e])
        if html:
            view_pos = self.plot.mapFromScene(scene_pos)
            QToolTip.showText(self.plot.viewport().mapToGlobal(view_pos), html, self.plot)
        else:
            QToolTip.hideText()

    def node_tooltip(self, item: str) -> str:
        return tooltips.node_tooltip(self.session, self.model, self.state, item)

    def edge_tooltip(self, rid: str) -> str:
        return tooltips.edge_tooltip(self.session, self.model, rid)

    def drag_started(self, i: int) -> None:
        self._drag_before = (self.model.node_ids[i], tuple(self.model.pos[i]))

    def drag_node(self, i: int, xy: tuple[float, float], finished: bool = False) -> None:
        self.model.pos[i] = xy
        self.screen.geometry_version += 1
        for item in self._items:
            item.geometry_changed()
        if finished:
            self.finish_drag(self.model.node_ids[i], xy)

    def finish_drag(self, item: str, xy: tuple[float, float]) -> None:
        """Record a drag in the store (undoable)."""
        key = self.layout_key()
        dragged = positions.load(self.session.db, positions.user_key(key))
        self.session.undo_stack.push(_MoveNodes(self, key, {item: dragged.get(item)},
                                                {item: (float(xy[0]), float(xy[1]))},
                                                f"Move {self.session.label(item)}"))
        self._drag_before = None

    def reset_positions(self) -> None:
        key = self.layout_key()
        dragged = positions.load(self.session.db, positions.user_key(key))
        if dragged:
            self.session.undo_stack.push(_MoveNodes(self, key, dict(dragged), dict.fromkeys(dragged),
                                                    "Reset positions"))

    def recompute_layout(self) -> None:
        positions.forget(self.session.db, self.layout_key())
        self.reload_positions(fit=True)

    def fit(self) -> None:
        """Fit the nodes (not the labels' generous bounds) with room for labels and the legend."""
        box = self.model.fit_box()
        if box is not None:
            self._fit_box(box)

    def fit_visible(self) -> None:
        m = self.model
        if m.node_visible.any() and not m.node_visible.all():
            self._fit_box(m.fit_box(only_visible=True))
        else:
            self.fit()

    def _moved_by_hand(self, *_) -> None:
        self._fitted_box = None

    def _on_resized(self, *_) -> None:
        if not controls.fit_legend(self):
            self._refit()

    def _refit(self) -> None:
        if self._fitted_box is not None:
            self._fit_box(self._fitted_box)

    def _fit_box(self, box) -> None:
        self._fitted_box = box
        self.vb.setRange(self._fit_rect(box, legend=self.legend_item.isVisible()), padding=0)

    def _fit_rect(self, box, legend: bool) -> QRectF:
        """The range that fits ``box`` with room for the names; with ``legend``, and a strip at the
        bottom kept free for the on-screen legend (and a name's line under the lowest nodes)."""
        lo, hi = np.array(box[:2]), np.array(box[2:])
        span = np.maximum(hi - lo, 0.2)
        pad_x, pad_y = span[0] * 0.12, span[1] * 0.08
        below = pad_y
        vb_h = self.vb.height()
        if legend and vb_h > 0:
            name_h = QFontMetricsF(self.figure.fonts()[0]).height() + 8
            frac = min((self.legend_item.boundingRect().height() + 6 + name_h) / vb_h, controls.LEGEND_MAX + 0.1)
            below = max(pad_y, (span[1] + 2 * pad_y) * frac / (1 - frac))
        return QRectF(lo[0] - pad_x, lo[1] - below, span[0] + 2 * pad_x, span[1] + pad_y + below)

    # --- settings ------------------------------------------------------------------------------------------
    @staticmethod
    def _check(group: QActionGroup, key) -> None:
        for act in group.actions():
            act.setChecked(act.data() == key)

    def set_layout(self, name: str) -> None:
        if name not in nv.LAYOUT_NAMES:
            raise ValueError(f"unknown layout {name!r}")
        self._check(self.layout_group, name)
        if name == self.state.layout:
            return
        self.cancel_layout(wait=True)
        self.state.layout = name
        self.reload_positions(fit=True)

    def set_measure(self, measure: str) -> None:
        self._check(self.size_group, measure)
        if measure != self.state.measure:
            self.state.measure = measure
            self.update_legend()
            self.restyle(positions_changed=True)

    def set_colour_by(self, what: str) -> None:
        self._check(self.colour_group, what)
        if what != self.state.colour:
            self.state.colour = what
            self.update_legend()
            self.restyle()

    def set_focus(self, steps: int) -> None:
        self._check(self.focus_group, steps)
        if steps != self.state.focus:
            self.state.focus = steps
            self.restyle()
            self.fit_visible()

    def set_filter(self, hidden_kinds=None, hidden_signs=None) -> None:
        if hidden_kinds is not None:
            self.state.hidden_kinds = set(hidden_kinds)
        if hidden_signs is not None:
            self.state.hidden_signs = set(hidden_signs)
        for act in self.filter_menu.actions():
            kind, key = act.data() or (None, None)
            if kind == "sign":
                act.setChecked(key not in self.state.hidden_signs)
            elif kind == "kind":
                act.setChecked(key not in self.state.hidden_kinds)
        self.restyle()

    def _toggle_filter(self, what: str, key: str, on: bool) -> None:
        target = self.state.hidden_signs if what == "sign" else self.state.hidden_kinds
        (target.discard if on else target.add)(key)
        self.restyle()

    def _fill_filter_menu(self) -> None:
        controls.fill_filter_menu(self)

    def set_include_places(self, on: bool) -> None:
        on = bool(on)
        if self.places_action.isChecked() != on:
            self.places_action.setChecked(on)  # re-enters through toggled
            return
        if on != self.state.places:
            self.state.places = on
            self.rebuild()
            self.restyle()

    # --- legend ----------------------------------------------------------------------------------------------
    def update_legend(self) -> None:
        t = theme.current()
        lg = self.legend_item
        lg.clear()
        lg.setBrush(colour(t.base, 0.88))
        lg.setPen(QPen(colour(t.muted, 0.5)))
        lg.setLabelTextColor(QColor(t.text))
        entries = [(Sample(spec), name) for name, spec in self.figure.legend_entries()]
        for label in fill_legend(lg, entries):
            label.setFixedHeight(17)  # the words' margins (items.Words) would double the legend's height
        lg.layout.setContentsMargins(4, 2, 4, 2)
        lg.updateSize()
        lg.freeze()  # a selection repaints the view around it: the entries are one picture (items.Legend)
        if not controls.fit_legend(self):
            self._refit()

    def legend(self) -> list[tuple[str, str]]:
        out = []
        for name, spec in self.figure.legend_entries():
            if "brush" in spec and name != "selected":
                out.append((spec["brush"].color().name(), f"node: {name}"))
            elif "line" in spec and spec.get("arrow"):
                out.append((spec["line"].color().name(), f"tie: {name}"))
        out.append((theme.current().highlight, "selected (outline)"))
        return out

    # --- Panel interface ---------------------------------------------------------------------------------------
    def export_widget(self):
        """The plot alone: a slide shows the picture, not the panel's tool bar."""
        return self.plot

    def paint_figure(self, p, rect: QRectF, view=None) -> None:
        """Draw this view (its current extent, or ``view`` as ((x0, x1), (y0, y1)); its selection and
        looks) into ``rect`` of any painter. A ``view`` with ``positions`` (a slide cell's own layout,
        see ``views.frame``) draws the nodes there."""
        if view is None and self._fitted_box is not None:  # as fitted: without the on-screen legend's strip
            r = self._fit_rect(self._fitted_box, legend=False)
            x0, x1, y0, y1 = r.left(), r.right(), r.top(), r.bottom()
        else:
            (x0, x1), (y0, y1) = view or self.vb.viewRange()
        figure = getattr(self, "_export_figure", None)
        if figure is None or figure.model is not self.model:  # kept: its looks and symbols serve the next export
            figure = self._export_figure = NetworkFigure(self.model, self.state, self.session.label, EXPORT)
        figure.names_version = self.figure.names_version
        figure.restyle()
        # While a big graph's layout is computed the picture is what the screen shows: its nodes and
        # the selection's ties, not the interim circle's thousands of chords (a disc, and ~0.3 s).
        own = getattr(view, "positions", None)  # a cell's own layout cuts nothing off: no fade at its edges
        shown, m = getattr(view, "shown", None), self.model
        kept = m.node_visible, m.edge_visible
        if shown is not None:  # a cell of a few of the nodes (the most connected): only they and their ties
            m.node_visible = kept[0] & shown
            m.edge_visible = kept[1] & shown[m.edge_src] & shown[m.edge_dst]
        try:
            figure.paint(p, rect, (x0, y0, x1, y1), fade=EDGE_FADE if view is not None and own is None else 0.0,
                         resting=self.edges_item.resting, positions=own)
        finally:
            m.node_visible, m.edge_visible = kept

    def on_theme(self, theme_name: str) -> None:
        self.figure.forget_looks()  # cached looks are in the old theme's colours
        self._export_figure = None
        self.scatter.forget_looks()
        self.update_legend()
        self.on_selection(self.session.touch, None, themed=True)

    def _set_background(self) -> None:
        base = theme.current().base
        if base != self._background:  # (setting it repaints the whole view, even to the same colour)
            self._background = base
            self.plot.setBackground(base)

    def on_selection(self, touch, change, themed: bool = False) -> None:
        self._set_background()
        self.restyle(selection_only=not themed)  # a new theme: every look again, in its colours
        if self.state.focus:
            self.fit_visible()

    def on_knowledge(self, what: str) -> None:
        kinds = self.session.changed_kinds
        # new or changed actors, places, relations: read the graph again
        if what == "items" and (kinds is None or kinds & {"actor", "place", "relation"}):
            (x0, x1), (y0, y1), fitted = *self.vb.viewRange(), self._fitted_box
            self.rebuild()  # cached positions stay; only new nodes are placed
            self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)  # the analyst's view stays
            self._fitted_box = fitted and self._fitted_box  # moved by hand before: still so

    def on_time_window(self, window) -> None:
        self.model.set_window(activity.index(self.session.db), window)
        self.restyle()

    def on_naming(self, choice: str) -> None:
        self.figure.names_version += 1
        self.plot.viewport().update()  # (the names reach past the label item's bounds)

    def highlight_level(self, item: str) -> int | None:
        return self.figure.drawn_level(item)

    def selftest_pick(self) -> str | None:
        m = self.model
        vis = np.flatnonzero(m.node_visible).tolist()
        if not vis:
            return None
        i = max(vis, key=lambda j: (m.degree.get(m.node_ids[j], 0), m.node_ids[j]))
        xy = self._scene_xy()[i]
        return self.click_at(QPointF(float(xy[0]), float(xy[1])), Qt.NoModifier)

    def graphics_item(self):
        return self.plot.frame

    def view_state(self) -> dict:
        (x0, x1), (y0, y1) = self.vb.viewRange()
        self.state.range = ((x0, x1), (y0, y1))
        return self.state.to_json()

    def restore_view_state(self, state: dict) -> None:
        if not state:
            return
        want = nv.NetworkState.from_json(state)
        if "places" in state:
            self.set_include_places(want.places)
        if state.get("layout") in nv.LAYOUT_NAMES:
            self.set_layout(want.layout)
        if state.get("measure") in graph.MEASURES:
            self.set_measure(want.measure)
        if state.get("colour") in nv.COLOUR_NAMES:
            self.set_colour_by(want.colour)
        self.set_filter(want.hidden_kinds, want.hidden_signs)
        if state.get("focus") in nv.FOCUS_NAMES:
            self.set_focus(want.focus)
        if "legend" in state:
            self.legend_action.setChecked(want.legend)
        if want.range is not None:
            (x0, x1), (y0, y1) = want.range
            self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            self._fitted_box = None  # the scene's own extent: kept as it is

    def closeEvent(self, event) -> None:
        self.cancel_layout(wait=True)
        super().closeEvent(event)
