"""The timeline panel: tool bar (lanes, quick ranges from the data's named periods, the time window
and Play), mouse, the session's signals.

The events, their lanes, each segment's style key and hit-testing are the view model
(``core.views.timeline``); how they look and drawing them into any painter is the figure
(``figure.py``); the marks item puts the figure on screen (``items.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollBar,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
)

from ....core import activity, dates, read
from ....core import timeline_layout as tl
from ....core.views import timeline as tv
from ... import theme
from ...panels import Panel, panel_toolbar
from ..keynav import KeyNavigator
from ..plain_view import AxesView
from ..style import EXPORT
from .figure import CATEGORY_COLOURS, LANE_AXIS_W, OTHER_COLOUR, TimelineFigure
from .items import BrushViewBox, DateAxis, FutureShade, Marks, QuietAxis, WindowRegion

STEPS = tv.STEPS
PLAY_MS = 900
MIN_ROW_PX = 11  # below this, lane labels collide
HEADROOM = tv.HEADROOM


class TimelinePanel(Panel):
    panel_id = "timeline"
    title = "Timeline"
    has_figure = True

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        db = session.db
        self.model = tv.TimelineModel(tl.load_events(db))
        self.figure = TimelineFigure(self.model)
        self.figure.event_label = self.session.label  # the figure names events on screen too
        self.events = self.model.events
        self.event_pos = self.model.event_pos
        self.published = read.earliest_publication(db)
        self.periods = read.named_periods(db)  # the quick ranges: named periods of the data
        self.lanes_mode = "category"
        self.step_unit = "month"
        self.window = session.time_window
        self._theme_name = theme.current().name
        self._play = QTimer(self)
        self._play.setInterval(PLAY_MS)
        self._play.timeout.connect(lambda: self.step_window(+1))
        self._build_ui()
        self._show_lanes(self.lanes_mode)  # the model was laid out in this mode when made
        self.show_dense()
        if self.published is not None:
            # Added once the view is framed: the line and its two words follow every change of the view
            # in Python (pyqtgraph), and framing it is several (≈ 1 M instructions at start-up).
            self.view.addItem(self.pub_line)
        self.on_time_window(session.time_window)
        self.on_selection(session.touch, None)
        self.keys = KeyNavigator(self.plot, session, self._key_items, self.panel_id)
        self.view.sigRangeChanged.connect(lambda *_: self.keys.refresh())

    def focus_target(self):
        return self.plot

    def _key_items(self):
        """The marks the arrow keys move between, at scene pixels: each segment at its middle, or at
        the view's edge for a bar that runs out of it; those on screen are usable."""
        L, m = self.layout, self.model
        if not len(L.seg_x0):
            return [], np.zeros((0, 2)), np.zeros(0, dtype=bool)
        (vx0, vx1), (vy0, vy1) = self.view.viewRange()
        x = np.clip((L.seg_x0 + L.seg_x1) / 2, vx0, vx1)
        self.view.childTransform()  # brings pyqtgraph's lazily updated view matrix up to date
        tr = self.view.childGroup.sceneTransform()
        xy = np.column_stack([tr.m11() * x + tr.dx(), tr.m22() * m.seg_y + tr.dy()])
        usable = (L.seg_x1 >= vx0) & (L.seg_x0 <= vx1) & (m.seg_y >= min(vy0, vy1)) & (m.seg_y <= max(vy0, vy1))
        return [self.events.ids[int(e)] for e in m.seg_event], xy, usable

    # --- building --------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        t = theme.current()
        self.view = BrushViewBox(self._on_brush, enableMenu=False)  # no pyqtgraph menu: not built to be dropped
        self.view.invertY(True)
        self.view.setMouseEnabled(x=True, y=True)
        self.axis = DateAxis()
        self.lane_axis = QuietAxis("left")
        self.lane_axis.setWidth(LANE_AXIS_W)
        self.lane_axis.setStyle(tickLength=0)
        self.plot = AxesView(self.view, self.axis, self.lane_axis)  # no PlotItem, no plot menu: plain_view
        self.plot.setObjectName("timeline-plot")
        self.plot.setBackground(QColor(t.base))
        self.plot.setMouseTracking(True)
        font = QApplication.font()
        font.setPointSizeF(max(9.5, font.pointSizeF()))
        for ax in (self.axis, self.lane_axis):
            ax.setTickFont(font)
            ax.setTextPen(QColor(t.text))
            ax.setPen(QColor(t.muted))
        self.marks = Marks(self.figure)
        self.marks.setZValue(5)
        self.view.addItem(self.marks)
        if self.published is not None:
            x = tl.seconds(self.published) + tl.DAY / 2
            self.future = FutureShade(x, QColor(120, 120, 120, 22))
            self.future.setZValue(1)
            self.view.addItem(self.future, ignoreBounds=True)  # (it runs on for centuries: no part of "fit")
            self.pub_line = pg.InfiniteLine(pos=x, angle=90, movable=False,
                                            pen=pg.mkPen(QColor(t.text), width=1.5, style=Qt.DashLine))
            label_fill = QColor(t.base)
            label_fill.setAlpha(215)  # the theme's background, so the label reads in dark themes too
            opts = {"position": 0.0, "color": QColor(t.text), "fill": label_fill}
            self.pub_labels = [
                pg.InfLineLabel(self.pub_line, f"as of {dates.label(self.published.isoformat())} ◀ reported",
                                anchors=[(1, 0), (1, 0)], **opts),
                pg.InfLineLabel(self.pub_line, "expected ▶", anchors=[(0, 0), (0, 0)], **opts)]
            self.pub_line.setZValue(20)  # (into the view once it is framed: see __init__)
        self.view.sigResized.connect(lambda _: self.fit_lanes(keep_top=True))
        scene = self.plot.scene()
        scene.sigMouseClicked.connect(self._on_scene_click)
        scene.sigMouseMoved.connect(self._on_scene_move)

        # controls
        self.lanes_box = QComboBox()
        self.lanes_box.addItem("Lanes: category", "category")
        self.lanes_box.addItem("Lanes: actor", "actor")
        self.lanes_box.setToolTip("Group events by category, or by actor (an event sits in each participant's lane)")
        self.lanes_box.currentIndexChanged.connect(lambda _: self.set_lanes(self.lanes_box.currentData()))
        fit = QToolButton(text="Fit all")
        fit.setToolTip("Show every event")
        fit.clicked.connect(self.fit_all)
        self.quick_buttons = {}
        for period in self.periods:
            btn = QToolButton(text=period.name)
            btn.setToolTip(f"Show {period.label}" + (f" ({period.description})" if period.description else ""))
            btn.clicked.connect(lambda _=False, w=period.window: self.show_range(*w))
            self.quick_buttons[period.name] = btn
        self.set_window_btn = QPushButton("Set window")
        self.set_window_btn.setToolTip("Filter every panel to the time the selected events cover (drag the "
                                       "window's edges to change it). Or Shift+drag on the timeline.")
        self.set_window_btn.clicked.connect(self.set_window_from_view)
        self.clear_window_btn = QPushButton("Clear window")
        self.clear_window_btn.setToolTip("Show all times again in every panel")
        self.clear_window_btn.clicked.connect(lambda: self.session.set_time_window(None, origin=self.panel_id))
        self.step_box = QComboBox()
        for unit in STEPS:
            self.step_box.addItem(f"by {unit}", unit)
        self.step_box.setCurrentIndex(STEPS.index(self.step_unit))
        self.step_box.setToolTip("How far Play and the step buttons move the window")
        self.step_box.currentIndexChanged.connect(lambda _: setattr(self, "step_unit", self.step_box.currentData()))
        back = QToolButton(text="◀")
        back.setToolTip("Move the window back one step")
        back.clicked.connect(lambda: self.step_window(-1))
        fwd = QToolButton(text="▶|")
        fwd.setToolTip("Move the window forward one step")
        fwd.clicked.connect(lambda: self.step_window(+1))
        self.play_btn = QToolButton(text="▶ Play")
        self.play_btn.setCheckable(True)
        self.play_btn.setToolTip("Step through time; every panel follows")
        self.play_btn.toggled.connect(self.play)
        self.window_label = QLabel("")
        self.window_label.setContentsMargins(6, 0, 0, 0)
        # A tool bar, not a row of widgets: in a narrow dock what does not fit goes behind its » button.
        bar = panel_toolbar([self.lanes_box, fit, *self.quick_buttons.values(), None,
                             self.set_window_btn, self.clear_window_btn, self.step_box, back, self.play_btn, fwd,
                             self.window_label], self)
        self.legend_bar = QLabel()
        self.legend_bar.setTextFormat(Qt.RichText)
        self.legend_bar.setWordWrap(True)
        self.legend_bar.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(bar)
        # the lanes scroll: a short dock (a laptop) shows the first lanes and a scroll bar for the rest
        self.lane_scroll = QScrollBar(Qt.Vertical)
        self.lane_scroll.setToolTip("Scroll the lanes")
        self.lane_scroll.setFixedWidth(max(12, self.style().pixelMetric(QStyle.PM_ScrollBarExtent)))
        self.lane_scroll.valueChanged.connect(self._on_lane_scroll)
        self.view.sigYRangeChanged.connect(lambda *_: self._sync_lane_scroll())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.plot, 1)
        row.addWidget(self.lane_scroll)
        lay.addLayout(row, 1)
        lay.addWidget(self.legend_bar)
        self._update_legend_bar()

    @functools.cached_property
    def region(self) -> WindowRegion:
        """The time window's region, made when a first window is shown (start-up has none: a region
        and its two edges are some 2 M instructions to make and follow every change of the view)."""
        region = WindowRegion(orientation="vertical", brush=QColor(255, 176, 0, 45),
                              hoverBrush=QColor(255, 176, 0, 70), pen=pg.mkPen("#B07800", width=2))
        region.setZValue(2)
        region.setVisible(False)
        region.sigRegionChangeFinished.connect(self._on_region_moved)
        region.setToolTip("The time window shared by every panel: drag an edge to change it")
        self.view.addItem(region)
        return region

    def _update_legend_bar(self) -> None:
        cats = list(dict.fromkeys(c for c in tl.CATEGORY_ORDER if c in set(self.events.category)))
        cats += sorted(set(self.events.category) - set(cats))
        parts = [f"<span style='color:{CATEGORY_COLOURS.get(c, OTHER_COLOUR)}'>■</span> {escape(tl.category_label(c))}"
                 for c in cats]
        parts += ["● day", "▬ period", "<span style='color:#777'>▨</span> month/year only (uncertain)",
                  "○ context (not in the memo)", "<span style='color:#B07800'>▮</span> time window: "
                  "faint = inactive, dotted = possibly active"]
        self.legend_bar.setText("<small>" + " &nbsp; ".join(parts) + "</small>")
        self.legend_bar.setContentsMargins(6, 1, 6, 2)

    # --- lanes and geometry -------------------------------------------------------------------------
    @property
    def layout(self) -> tl.Layout:
        return self.model.layout

    @property
    def act(self) -> np.ndarray:
        return self.model.act

    def set_lanes(self, mode: str) -> None:
        self.model.set_lanes(mode)
        self._show_lanes(mode)

    def _show_lanes(self, mode: str) -> None:
        self.lanes_mode = mode
        i = self.lanes_box.findData(mode)
        if i != self.lanes_box.currentIndex():
            self.lanes_box.blockSignals(True)
            self.lanes_box.setCurrentIndex(i)
            self.lanes_box.blockSignals(False)
        L = self.layout
        self._bar_segs, self._point_segs, self._seg_event = self.model.bar_segs, self.model.point_segs, \
            self.model.seg_event
        self.figure.bar_groups, self.figure.point_groups = [], []
        self.figure.forget_names()  # other lanes: the names go elsewhere
        self.marks.set_geometry()
        self._relabel_lanes()
        self.view.setLimits(yMin=-HEADROOM - 0.5, yMax=L.height + 1)
        self._restyle()
        self.fit_lanes()

    def _relabel_lanes(self) -> None:
        def label(key: str) -> str:
            # the axis drops a label wider than itself, so elide rather than lose it
            return metrics.elidedText(self.lane_label(key), Qt.ElideRight, LANE_AXIS_W - 14)

        metrics = QFontMetrics(self.lane_axis.style["tickFont"] or QApplication.font())

        self.lane_axis.setTicks([[(ln.centre, label(ln.key)) for ln in self.layout.lanes], []])

    # --- styling ------------------------------------------------------------------------------------
    def _restyle(self) -> None:
        """Recompute every mark's look from the selection levels and the window's activity."""
        self.figure.restyle()
        self.marks.update()

    def drawn(self, event_id: str) -> list[tuple[QPen, QBrush, QBrush | None]]:
        """(pen, brush, hatch) of each of the event's segments, as currently drawn."""
        i = self.event_pos[event_id]
        out = []
        for segs, groups in ((self._bar_segs, self.figure.bar_groups), (self._point_segs, self.figure.point_groups)):
            mine = np.flatnonzero(self._seg_event[segs] == i)
            for g in groups:
                if np.isin(mine, g[1]).any():
                    out.append((g[2], g[3], g[4]))
        return out

    # --- reacting -------------------------------------------------------------------------------------
    def _apply_theme(self) -> None:
        t = theme.current()
        self._theme_name = t.name
        self.figure.forget_looks()  # every shape is restyled in the new colours
        self.plot.setBackground(QColor(t.base))
        for ax in (self.axis, self.lane_axis):
            ax.setTextPen(QColor(t.text))
            ax.setPen(QColor(t.muted))
        if self.published is not None:
            self.pub_line.setPen(pg.mkPen(QColor(t.text), width=1.5, style=Qt.DashLine))
            for lab in self.pub_labels:
                lab.setColor(QColor(t.text))
                lab.fill = pg.mkBrush(QColor(t.base))

    def on_selection(self, touch, change) -> None:
        themed = theme.current().name != self._theme_name
        if themed:
            self._apply_theme()
        m = self.model
        before = (m.selection_on, m.levels)
        m.set_selection(touch.selected, touch.items)
        if not themed and before[0] == m.selection_on and np.array_equal(before[1], m.levels):
            return  # no event's level changed (most items touch none of the events): nothing to draw again
        if themed or before[0] != m.selection_on:  # every mark's look changed (dimmed, or back)
            self._restyle()
            return
        drawn = self.marks.drawn(*before)
        self.figure.restyle()
        self.marks.update_changed(drawn)  # only around the events restyled and the names moved

    @functools.cached_property
    def activity(self) -> activity.ActivityIndex:
        """The store's activity rule, built when a first time window asks for it (at 10,000
        entities a quarter of a second that start-up, with no window, does not need)."""
        return activity.index(self.session.db)

    @functools.cached_property
    def _act_order(self) -> np.ndarray:  # activity index order -> ours
        return np.array([self.activity.position[e] for e in self.events.ids], dtype=np.int64)

    def _ranks(self, window) -> np.ndarray:
        if window is None:  # no window: everything is active (as ActivityIndex.ranks(None) says)
            return np.full(len(self.events.ids), 2, dtype=np.int64)
        return np.asarray(self.activity.ranks(window)[self._act_order], dtype=np.int64)

    def on_time_window(self, window) -> None:
        self.window = window
        self.model.act = self._ranks(window)
        if window is None:
            if "region" in self.__dict__:  # (none made yet: nothing to hide)
                self.region.setVisible(False)
            self.window_label.setText("")
        else:
            self.region.blockSignals(True)
            self.region.setRegion((tl.seconds(window[0]), tl.seconds(window[1])))
            self.region.setVisible(True)
            self.region.blockSignals(False)
            self.window_label.setText(f"Window: {dates.window_label(window)}")
        self.clear_window_btn.setEnabled(window is not None)
        self._restyle()

    def on_theme(self, theme_name: str) -> None:
        self.on_selection(self.session.touch, None)  # it applies a new theme first

    def on_naming(self, choice: str) -> None:
        self.figure.forget_names()  # the events' names are kept with where they go
        self._relabel_lanes()
        self.marks.update()  # the events' names too

    def on_knowledge(self, what: str) -> None:
        self.figure.forget_names()  # an event may have been renamed: name the events again
        self.marks.update()

    # --- the window -------------------------------------------------------------------------------------
    def _window_from_seconds(self, a: float, b: float):
        return tv.window_from_seconds(a, b)

    def _on_brush(self, a: float, b: float, finished: bool) -> None:
        self.region.blockSignals(True)
        self.region.setRegion((a, b))
        self.region.setVisible(True)
        self.region.blockSignals(False)
        if finished:
            self.session.set_time_window(self._window_from_seconds(a, b), origin=self.panel_id)

    def _on_region_moved(self) -> None:
        a, b = self.region.getRegion()
        self.session.set_time_window(self._window_from_seconds(a, b), origin=self.panel_id)
        self.on_time_window(self.session.time_window)  # snap the region to whole days

    def set_window_from_view(self) -> None:
        """"Set window": the span of the selected events (else of the events the selection touches);
        with no event in the selection, say how to make one rather than pick an arbitrary stretch."""
        touch = self.session.touch
        span = self.model.span_of(touch.selected) or self.model.span_of(touch.items)
        if span is None:
            self.session.status.emit("Set window: select one or more events first, or Shift+drag across the "
                                     "timeline to draw a window.")
            return
        self.session.set_time_window(span, origin=self.panel_id)
        a, b = tl.seconds(span[0]), tl.seconds(span[1])
        (x0, x1), _ = self.view.viewRange()
        if a < x0 or b > x1:
            self.view.setXRange(a, b, padding=0.15)

    def step_window(self, direction: int) -> None:
        """Move the window one step (``step_unit``) later or earlier; start one if there is none."""
        (x0, _), _ = self.view.viewRange()
        w = self.model.step(self.session.time_window, self.step_unit, direction, x0)
        last = self.model.last_start() or w[1]
        if self._play.isActive() and w[0] > last:  # past the last event: nothing more to see
            self.play_btn.setChecked(False)
            return
        self.session.set_time_window(w, origin=self.panel_id)
        (x0, x1), _ = self.view.viewRange()
        a, b = tl.seconds(w[0]), tl.seconds(w[1])
        if a < x0 or b > x1:  # keep the window in view, as a presenter expects
            width = x1 - x0
            if b - a > width:
                self.view.setXRange(a, b, padding=0.05)
            else:
                left = b - width * 0.85 if b > x1 else a - width * 0.15
                self.view.setXRange(left, left + width, padding=0)

    def play(self, on: bool) -> None:
        self.play_btn.setText("❚❚ Pause" if on else "▶ Play")  # U+23F8 is not in the bundled font
        if on:
            self.step_window(+1)
            self._play.start()
        else:
            self._play.stop()

    # --- views ----------------------------------------------------------------------------------------
    def fit_all(self) -> None:
        x0, x1 = self.layout.x_extent()
        if self.published is not None:
            x1 = max(x1, tl.seconds(self.published) + tl.DAY)
        self.view.setXRange(x0, x1, padding=0.03)
        self.fit_lanes()

    LANE_UNIT = 10  # scroll bar steps per row

    def _sync_lane_scroll(self) -> None:
        """The scroll bar follows the lanes in view (pan, fit, resize)."""
        (_, _), (top, bottom) = self.view.viewRange()
        total = self.layout.height + 0.3 + HEADROOM
        shown = bottom - top
        sb = self.lane_scroll
        sb.blockSignals(True)
        sb.setRange(0, max(0, int(round((total - shown) * self.LANE_UNIT))))
        sb.setPageStep(max(1, int(shown * self.LANE_UNIT)))
        sb.setSingleStep(self.LANE_UNIT)
        sb.setValue(int(round((top + HEADROOM) * self.LANE_UNIT)))
        sb.blockSignals(False)
        sb.setVisible(sb.maximum() > 0)

    def _on_lane_scroll(self, value: int) -> None:
        (_, _), (top, bottom) = self.view.viewRange()
        new_top = value / self.LANE_UNIT - HEADROOM
        self.view.setYRange(new_top, new_top + (bottom - top), padding=0)

    def show_dense(self) -> None:
        """The default view: where most events are (``TimelineModel.dense_span``), not the whole century."""
        span = self.model.dense_span()
        if span is None:
            self.fit_all()
            return
        self.view.setXRange(*span, padding=0)
        self.fit_lanes()

    def fit_lanes(self, keep_top: bool = False) -> None:
        """All lanes if they fit at a legible row height, else the first ones (pan down for more)."""
        rows_fit = max(4.0, self.view.height() / MIN_ROW_PX) if self.view.height() > 0 else 20.0
        top = self.view.viewRange()[1][0] if keep_top else -HEADROOM
        bottom = min(self.layout.height + 0.3, top + rows_fit)
        top = min(top, max(-HEADROOM, bottom - rows_fit))
        self.view.setYRange(top, bottom, padding=0)

    def show_range(self, first: dt.date, after: dt.date) -> None:
        self.view.setXRange(tl.seconds(first), tl.seconds(after), padding=0.02)

    # --- clicking and hovering ---------------------------------------------------------------------------
    def segment_at(self, x: float, y: float) -> int | None:
        """The segment under a point of the view (with a few pixels' tolerance), or None."""
        px, py = self.view.viewPixelSize()
        return self.model.segment_at(x, y, px, py)

    def event_at(self, x: float, y: float) -> str | None:
        s = self.segment_at(x, y)
        return None if s is None else self.events.ids[int(self.model.seg_event[s])]

    def click_event(self, event_id: str, add: bool = False) -> None:
        """What a click on an event's mark does (Ctrl adds to the selection)."""
        self.session.select(event_id, add=add, origin=self.panel_id)

    def _on_scene_click(self, ev) -> None:
        if ev.button() != Qt.LeftButton or ev.double():
            return
        pos = self.view.mapSceneToView(ev.scenePos())
        if not self.view.sceneBoundingRect().contains(ev.scenePos()):
            return
        event_id = self.event_at(pos.x(), pos.y())
        add = bool(ev.modifiers() & Qt.ControlModifier)
        if event_id is not None:
            self.click_event(event_id, add=add)
        elif not add:
            self.session.clear_selection(origin=self.panel_id)

    def _on_scene_move(self, scene_pos) -> None:
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return
        pos = self.view.mapSceneToView(scene_pos)
        event_id = self.event_at(pos.x(), pos.y())
        self.plot.setToolTip(self.tooltip(event_id) if event_id else "")

    def tooltip(self, event_id: str) -> str:
        i = self.event_pos[event_id]
        ev = self.events
        db = self.session.db
        lines = [f"<b>{escape(self.session.label(event_id))}</b>",
                 f"{escape(dates.label(ev.start[i], ev.end[i]))} "
                 f"<i>({'to the ' + ev.precision[i] if ev.precision[i] != 'day' else 'exact day'})</i>"]
        if ev.place[i]:
            lines.append(f"Place: {escape(self.session.label(ev.place[i]))}")
        if ev.participants[i]:
            lines.append("Participants: " + escape(", ".join(self.session.label(p) for p in ev.participants[i])))
        lines.append(f"Category: {escape(tl.category_label(ev.category[i]))}")
        quote, source = read.first_quote_cited(db, event_id)
        if quote:
            lines.append(f"<i>“{escape(quote)}”</i>" + (f" — in “{escape(source)}”" if source else ""))
        if ev.context[i]:
            facts = read.facts(db, event_id)
            src = facts.source if facts else None
            lines.append("Context: not stated in the memo" + (f" — {escape(src)}" if src else ""))
        if self.window is not None:
            lines.append(f"In the time window: {activity.NAMES[int(self.act[i])]}")
        return "<qt>" + "<br>".join(lines) + "</qt>"

    # --- the shared panel interface -------------------------------------------------------------------
    def highlight_level(self, item: str) -> int | None:
        if item not in self.event_pos:
            return None
        t = theme.current()
        strong, soft = QColor(t.highlight).rgb(), QColor(t.text).rgb()
        levels = [2 if pen.color().rgb() == strong else 1 if pen.color().rgb() == soft else 0
                  for pen, _, _ in self.drawn(item)]
        return max(levels, default=0)

    def selftest_pick(self) -> str | None:
        if not len(self.events):
            return None
        # the first event in the memo's own story (not context), through the click handler
        i = next((k for k in range(len(self.events)) if not self.events.context[k]), 0)
        self.click_event(self.events.ids[i])
        return self.events.ids[i]

    def graphics_item(self):
        return self.plot.frame

    def export_widget(self):
        """The plot alone: a slide shows the picture, not the panel's tool bar."""
        return self.plot

    def legend(self) -> list[tuple[str, str]]:
        return self.figure.legend()

    def lane_label(self, key: str) -> str:
        if self.lanes_mode == "category":
            return tl.category_label(key)
        return key if key == tl.NO_ACTOR else self.session.label(key)

    def paint_figure(self, p, rect: QRectF, view=None) -> None:
        """Draw the timeline as it is in view (range, or ``view`` as (x range, y range); lanes,
        selection, window) into ``rect``; its events labelled where there is room."""
        xr, yr = view or self.view.viewRange()
        figure = getattr(self, "_export_figure", None)
        if figure is None:  # kept: its looks and dots serve the next export
            figure = self._export_figure = TimelineFigure(self.model, EXPORT)
        figure.restyle()
        figure.paint(p, rect, xr, yr, lane_label=self.lane_label, published=self.published,
                     window=self.session.time_window, event_label=self.session.label)

    def view_state(self) -> dict:
        (x0, x1), (y0, y1) = self.view.viewRange()
        return tv.TimelineState((x0, x1), (y0, y1), self.lanes_mode, self.step_unit,
                                self.session.time_window).to_json()

    def restore_view_state(self, state: dict) -> None:
        want = tv.TimelineState.from_json(state)
        if state.get("lanes") in tv.LANE_MODES and want.lanes != self.lanes_mode:
            self.set_lanes(want.lanes)
        if state.get("step") in STEPS:
            self.step_box.setCurrentIndex(STEPS.index(want.step))
        if want.has_window:
            self.session.set_time_window(want.window, origin=self.panel_id)
        if want.x is not None:
            self.view.setXRange(*want.x, padding=0)
        if want.y is not None:
            self.view.setYRange(*want.y, padding=0)
