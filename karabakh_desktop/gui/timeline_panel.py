"""The timeline: events on a date axis in lanes, the memo's publication date, and the app's time
window — brushed here, shared by every panel, stepped through by Play.

Geometry comes from :mod:`core.timeline_layout` (once per lane mode), activity from
:mod:`core.activity`; this module only styles. Bars and fuzzy spans are painted by one item from
per-style paths and polygons built with numpy, so a new selection or window costs a restyle of
what changed, never a rebuild.
"""

from __future__ import annotations

import calendar
import datetime as dt
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from ..core import activity, dates, read
from ..core import timeline_layout as tl
from . import theme
from .panels import Panel, panel_toolbar

CATEGORY_COLOURS = {  # Okabe–Ito, leaving amber to the selection
    "military": "#D55E00",
    "diplomatic": "#0072B2",
    "domestic_politics": "#CC79A7",
    "humanitarian": "#009E73",
    "reconstruction": "#56B4E9",
    "economic": "#8C7A00",
    "publication": "#555555",
}
OTHER_COLOUR = "#777777"
STEPS = ("day", "month", "year")
PLAY_MS = 900
BAR_HALF = 0.3  # half the height of a bar, in rows
POINT_SIZE = 12
SMOOTH_POINTS = 3000  # antialias dots up to this many (beyond, painting time matters more)
LANE_AXIS_W = 170
MIN_ROW_PX = 11  # below this, lane labels collide
HEADROOM = 1.4  # rows above the first lane, for the publication label


def category_colour(category: str) -> QColor:
    return QColor(CATEGORY_COLOURS.get(category, OTHER_COLOUR))


def add_step(day: dt.date, unit: str, n: int = 1) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    months = n * (12 if unit == "year" else 1)
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unit_start(day: dt.date, unit: str) -> dt.date:
    return day if unit == "day" else day.replace(day=1) if unit == "month" else dt.date(day.year, 1, 1)


class _Marks(pg.GraphicsObject):
    """Every mark: alternating lane bands, then bars and fuzzy spans (one path per style), then
    day points (one polygon per style, drawn as round dots of a fixed pixel size).

    A group is ``(style, members, pen, brush, hatch, shape)``; the panel reads what it draws
    from here (:meth:`TimelinePanel.drawn`)."""

    def __init__(self):
        super().__init__()
        self.x0 = self.x1 = self.y0 = self.y1 = np.zeros(0)
        self.px = self.py = np.zeros(0)
        self.bar_groups: list[tuple] = []
        self.point_groups: list[tuple] = []
        self.bands: list[QRectF] = []
        self.band_brush = QBrush(QColor(0, 0, 0, 12))
        self._bounds = QRectF()

    def set_geometry(self, x0, x1, y0, y1, px, py, bands: list[QRectF]) -> None:
        self.prepareGeometryChange()
        self.x0, self.x1, self.y0, self.y1, self.px, self.py = x0, x1, y0, y1, px, py
        self.bands = bands
        xs = np.concatenate([x0, x1, px])
        ys = np.concatenate([y0, y1, py])
        self._bounds = QRectF()
        if len(xs):
            pad_x = max(float(xs.max() - xs.min()) * 0.02, tl.DAY)
            self._bounds = QRectF(float(xs.min()) - pad_x, float(ys.min()) - 1, float(xs.max() - xs.min()) + 2 * pad_x,
                                  float(ys.max() - ys.min()) + 2)
        for band in bands:
            self._bounds = self._bounds.united(band) if not self._bounds.isNull() else QRectF(band)
        self.update()

    def set_groups(self, bar_groups, point_groups) -> None:
        self.bar_groups, self.point_groups = bar_groups, point_groups
        self.update()

    def rect(self, i: int) -> QRectF:
        return QRectF(QPointF(self.x0[i], self.y0[i]), QPointF(self.x1[i], self.y1[i]))

    def path_for(self, which: np.ndarray) -> QPainterPath:
        x0, x1, y0, y1 = self.x0[which], self.x1[which], self.y0[which], self.y1[which]
        xs = np.stack([x0, x1, x1, x0, x0], axis=1).ravel()
        ys = np.stack([y0, y0, y1, y1, y0], axis=1).ravel()
        connect = np.tile(np.array([1, 1, 1, 1, 0], dtype=np.int32), len(x0))
        path = pg.arrayToQPath(xs, ys, connect=connect)
        path.setFillRule(Qt.WindingFill)
        return path

    def polygon_for(self, which: np.ndarray):
        return pg.functions.arrayToQPolygonF(self.px[which], self.py[which])

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, p: QPainter, *args) -> None:
        view = self.getViewBox()
        p.setPen(Qt.NoPen)
        if self.bands:
            p.setBrush(self.band_brush)
            left, right = self._bounds.left(), self._bounds.right()
            if view is not None:  # bands run across whatever is in view
                (vx0, vx1), _ = view.viewRange()
                left, right = min(left, vx0), max(right, vx1)
            for band in self.bands:
                p.drawRect(QRectF(left, band.top(), right - left, band.height()))
        for _, _, pen, brush, hatch, path in self.bar_groups:
            p.setPen(Qt.NoPen)
            p.setBrush(brush)
            p.drawPath(path)
            if hatch is not None:
                p.setBrush(hatch)
                p.drawPath(path)
            p.setPen(pen)
            p.setBrush(Qt.NoBrush)
            p.drawPath(path)
        p.setRenderHint(QPainter.Antialiasing, len(self.px) <= SMOOTH_POINTS)
        for _, _, pen, brush, _, poly in self.point_groups:
            # a cosmetic round-capped pen draws each point as a dot of its width in pixels
            outline = QPen(pen.color(), POINT_SIZE + 2 * pen.widthF(), Qt.SolidLine, Qt.RoundCap)
            outline.setCosmetic(True)
            p.setPen(outline)
            p.drawPoints(poly)
            fill = QPen(brush.color(), POINT_SIZE, Qt.SolidLine, Qt.RoundCap)
            fill.setCosmetic(True)
            p.setPen(fill)
            p.drawPoints(poly)


class _BrushViewBox(pg.ViewBox):
    """A view box where Shift+drag brushes a time window instead of panning."""

    def __init__(self, on_brush, **kw):
        super().__init__(**kw)
        self.on_brush = on_brush

    def mouseDragEvent(self, ev, axis=None):
        if ev.button() == Qt.LeftButton and ev.modifiers() & Qt.ShiftModifier:
            ev.accept()
            a = self.mapSceneToView(ev.buttonDownScenePos()).x()
            b = self.mapSceneToView(ev.scenePos()).x()
            self.on_brush(min(a, b), max(a, b), ev.isFinish())
            return
        super().mouseDragEvent(ev, axis)

    def wheelEvent(self, ev, axis=None):
        super().wheelEvent(ev, axis=0)  # the wheel zooms time; lanes keep their legible height


class _WindowRegion(pg.LinearRegionItem):
    """The time window: its edges drag, its body lets the view pan underneath."""

    def mouseDragEvent(self, ev):
        ev.ignore()


class TimelinePanel(Panel):
    panel_id = "timeline"
    title = "Timeline"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        db = session.db
        self.events = tl.load_events(db)
        self.event_pos = {e: i for i, e in enumerate(self.events.ids)}
        self.activity = activity.index(db)
        order = [self.activity.position[e] for e in self.events.ids]  # activity index order -> ours
        self._act_order = np.array(order, dtype=np.int64)
        self.published = read.earliest_publication(db)
        self.periods = read.named_periods(db)  # the quick ranges: named periods of the data
        self.lanes_mode = "category"
        self.step_unit = "month"
        self.levels = np.zeros(len(self.events), dtype=np.int8)  # selection level of each event
        self.selection_on = False
        self.act = np.full(len(self.events), 2, dtype=np.int8)
        self.window = session.time_window
        self._style_cache: dict[int, tuple] = {}
        self._theme_name = theme.current().name
        self._drawn_style = np.zeros(0, dtype=np.int64)  # style of each segment as last drawn
        self._play = QTimer(self)
        self._play.setInterval(PLAY_MS)
        self._play.timeout.connect(lambda: self.step_window(+1))
        self._build_ui()
        self.set_lanes(self.lanes_mode)
        self.fit_all()
        self.on_time_window(session.time_window)
        self.on_selection(session.touch, None)

    # --- building --------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        t = theme.current()
        self.view = _BrushViewBox(self._on_brush)
        self.view.invertY(True)
        self.view.setMouseEnabled(x=True, y=True)
        self.axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        self.lane_axis = pg.AxisItem("left")
        self.lane_axis.setWidth(LANE_AXIS_W)
        self.lane_axis.setStyle(tickLength=0)
        self.plot = pg.PlotWidget(viewBox=self.view, axisItems={"bottom": self.axis, "left": self.lane_axis})
        self.plot.setObjectName("timeline-plot")
        self.plot.setBackground(QColor(t.base))
        self.plot.setMouseTracking(True)
        pi = self.plot.getPlotItem()
        pi.hideButtons()
        pi.setMenuEnabled(False)
        font = QApplication.font()
        font.setPointSizeF(max(9.5, font.pointSizeF()))
        for ax in (self.axis, self.lane_axis):
            ax.setTickFont(font)
            ax.setTextPen(QColor(t.text))
            ax.setPen(QColor(t.muted))
        self.marks = _Marks()
        self.marks.setZValue(5)
        self.region = _WindowRegion(orientation="vertical", brush=QColor(255, 176, 0, 45),
                                    hoverBrush=QColor(255, 176, 0, 70), pen=pg.mkPen("#B07800", width=2))
        self.region.setZValue(2)
        self.region.setVisible(False)
        self.region.sigRegionChangeFinished.connect(self._on_region_moved)
        self.region.setToolTip("The time window shared by every panel: drag an edge to change it")
        for item in (self.marks, self.region):
            self.view.addItem(item)
        if self.published is not None:
            x = tl.seconds(self.published) + tl.DAY / 2
            self.future = pg.LinearRegionItem((x, x + 400 * 365 * tl.DAY), movable=False,
                                              brush=QColor(120, 120, 120, 22), pen=pg.mkPen(None))
            self.future.setZValue(1)
            for line in self.future.lines:
                line.setPen(pg.mkPen(None))
            self.view.addItem(self.future)
            self.pub_line = pg.InfiniteLine(pos=x, angle=90, movable=False,
                                            pen=pg.mkPen(QColor(t.text), width=1.5, style=Qt.DashLine))
            label_fill = QColor(t.base)
            label_fill.setAlpha(215)  # the theme's background, so the label reads in dark themes too
            opts = {"position": 0.0, "color": QColor(t.text), "fill": label_fill}
            self.pub_labels = [
                pg.InfLineLabel(self.pub_line, f"as of {dates.label(self.published.isoformat())} ◀ reported",
                                anchors=[(1, 0), (1, 0)], **opts),
                pg.InfLineLabel(self.pub_line, "expected ▶", anchors=[(0, 0), (0, 0)], **opts)]
            self.pub_line.setZValue(20)
            self.view.addItem(self.pub_line)
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
        self.set_window_btn.setToolTip("Filter every panel to a time window (the middle of this view; drag its "
                                       "edges to change it). Or Shift+drag on the timeline.")
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
                             self.window_label])
        self.legend_bar = QLabel()
        self.legend_bar.setTextFormat(Qt.RichText)
        self.legend_bar.setWordWrap(True)
        self.legend_bar.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(bar)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.legend_bar)
        self._update_legend_bar()

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
    def set_lanes(self, mode: str) -> None:
        self.layout = tl.layout(self.events, mode)
        self.lanes_mode = mode
        i = self.lanes_box.findData(mode)
        if i != self.lanes_box.currentIndex():
            self.lanes_box.blockSignals(True)
            self.lanes_box.setCurrentIndex(i)
            self.lanes_box.blockSignals(False)
        L = self.layout
        seg_y = L.mark_y[L.seg_mark] if len(L.seg_mark) else np.zeros(0)
        bars = L.seg_kind != tl.POINT
        self._bar_segs = np.flatnonzero(bars)
        self._point_segs = np.flatnonzero(~bars)
        self._seg_event = L.mark_event[L.seg_mark] if len(L.seg_mark) else np.zeros(0, dtype=np.int64)
        bands = [QRectF(0, ln.top - tl.LANE_GAP / 2, 1, ln.height + tl.LANE_GAP)
                 for k, ln in enumerate(L.lanes) if k % 2 == 1]
        b, p = self._bar_segs, self._point_segs
        self.marks.set_geometry(L.seg_x0[b], L.seg_x1[b], seg_y[b] - BAR_HALF, seg_y[b] + BAR_HALF,
                                (L.seg_x0[p] + L.seg_x1[p]) / 2, seg_y[p], bands)
        self.marks.set_groups([], [])
        self._relabel_lanes()
        self.view.setLimits(yMin=-HEADROOM - 0.5, yMax=L.height + 1)
        self._restyle()
        self.fit_lanes()

    def _relabel_lanes(self) -> None:
        def label(key: str) -> str:
            if self.lanes_mode == "category":
                return tl.category_label(key)
            text = key if key == tl.NO_ACTOR else self.session.label(key)
            # the axis drops a label wider than itself, so elide rather than lose it
            return metrics.elidedText(text, Qt.ElideRight, LANE_AXIS_W - 14)

        metrics = QFontMetrics(self.lane_axis.style["tickFont"] or QApplication.font())

        self.lane_axis.setTicks([[(ln.centre, label(ln.key)) for ln in self.layout.lanes], []])

    # --- styling ------------------------------------------------------------------------------------
    def _style(self, key: int, fuzzy: bool):
        """(pen, brush, hatch) for a style key; built once and reused."""
        cached = self._style_cache.get(key)
        if cached is not None:
            return cached
        ctx, act, lvl, cat = key % 2, (key // 2) % 3, (key // 6) % 4, key // 24
        t = theme.current()
        colour = QColor(self._cat_colours[cat])
        alpha = (40, 150, 235)[act]  # inactive in the window is faint, never hidden
        if lvl == 0:  # something is selected, not this
            alpha = max(28, int(alpha * t.dim_alpha / 160))
        line = QColor(colour).darker(130)
        width = 1.5
        if lvl == 3:  # selected
            line, width = QColor(t.highlight), 3.5
        elif lvl == 2:  # touched
            line, width = QColor(t.text), 2.2
        line.setAlpha(255 if lvl >= 2 else alpha)
        pen = QPen(line, width)
        pen.setCosmetic(True)
        if act == 1:
            pen.setStyle(Qt.DotLine)
            pen.setWidthF(max(width, 2.0))
        elif fuzzy:
            pen.setStyle(Qt.DashLine if lvl < 2 else Qt.SolidLine)
        fill = QColor(colour)
        if ctx:
            fill = QColor(t.base)
            fill.setAlpha(min(alpha + 20, 255))
            if lvl < 2:
                pen.setColor(QColor(colour.red(), colour.green(), colour.blue(), alpha))
                pen.setWidthF(2.0)
        elif fuzzy:
            fill.setAlpha(alpha // 4)
        else:
            fill.setAlpha(alpha)
        hatch = None
        if fuzzy:
            hc = QColor(colour)
            hc.setAlpha(alpha)
            hatch = QBrush(hc, Qt.BDiagPattern)
        out = (pen, QBrush(fill), hatch)
        self._style_cache[key] = out
        return out

    def _restyle(self) -> None:
        """Recompute every mark's look from the selection levels and the window's activity."""
        L = self.layout
        if not hasattr(self, "_cat_colours"):
            cats = sorted(set(self.events.category))
            self._cat_index = {c: i for i, c in enumerate(cats)}
            self._cat_colours = [CATEGORY_COLOURS.get(c, OTHER_COLOUR) for c in cats]
            self._event_cat = np.array([self._cat_index[c] for c in self.events.category], dtype=np.int64)
        ev = self._seg_event
        # 0 dimmed, 1 normal (nothing selected), 2 touched, 3 selected
        if self.selection_on:
            lvl = np.array([0, 2, 3], dtype=np.int64)[self.levels[ev]]
        else:
            lvl = np.ones(len(ev), dtype=np.int64)
        key = ((self._event_cat[ev] * 4 + lvl) * 3 + self.act[ev]) * 2 + self.events.context[ev]
        fuzzy = L.seg_kind == tl.FUZZY
        style = key * 2 + fuzzy
        self._drawn_style = style
        self.marks.set_groups(self._groups(style[self._bar_segs], self.marks.bar_groups, self.marks.path_for),
                              self._groups(style[self._point_segs], self.marks.point_groups, self.marks.polygon_for))

    def _groups(self, styles: np.ndarray, old: list[tuple], shape_for) -> list[tuple]:
        """One shape per style, least highlighted first; a style whose members did not change keeps
        its shape, so a restyle rebuilds only what changed."""
        kept = {g[0]: g for g in old}
        out = []
        order = np.argsort(styles, kind="stable")
        sorted_styles = styles[order]
        bounds = np.flatnonzero(np.diff(sorted_styles)) + 1
        for members in np.split(order, bounds) if len(order) else []:
            s = int(styles[members[0]])
            members = np.sort(members)
            prev = kept.get(s)
            shape = prev[5] if prev is not None and np.array_equal(prev[1], members) else shape_for(members)
            pen, brush, hatch = self._style(s // 2, bool(s % 2))
            out.append((s, members, pen, brush, hatch, shape))
        out.sort(key=lambda g: ((g[0] // 12) % 4, g[0]))
        return out

    def drawn(self, event_id: str) -> list[tuple[QPen, QBrush, QBrush | None]]:
        """(pen, brush, hatch) of each of the event's segments, as currently drawn."""
        i = self.event_pos[event_id]
        out = []
        for segs, groups in ((self._bar_segs, self.marks.bar_groups), (self._point_segs, self.marks.point_groups)):
            mine = np.flatnonzero(self._seg_event[segs] == i)
            for g in groups:
                if np.isin(mine, g[1]).any():
                    out.append((g[2], g[3], g[4]))
        return out

    # --- reacting -------------------------------------------------------------------------------------
    def _apply_theme(self) -> None:
        t = theme.current()
        self._theme_name = t.name
        self._style_cache.clear()
        self.plot.setBackground(QColor(t.base))
        for ax in (self.axis, self.lane_axis):
            ax.setTextPen(QColor(t.text))
            ax.setPen(QColor(t.muted))
        self.marks.band_brush = QBrush(QColor(128, 128, 128, 22 if t.name != "light" else 14))
        if self.published is not None:
            self.pub_line.setPen(pg.mkPen(QColor(t.text), width=1.5, style=Qt.DashLine))
            for lab in self.pub_labels:
                lab.setColor(QColor(t.text))
                lab.fill = pg.mkBrush(QColor(t.base))

    def on_selection(self, touch, change) -> None:
        if theme.current().name != self._theme_name:
            self._apply_theme()
            self.marks.set_groups([], [])  # every shape is restyled in the new colours
        sel, items = touch.selected, touch.items
        self.selection_on = bool(sel)
        self.levels = np.fromiter((2 if e in sel else 1 if e in items else 0 for e in self.events.ids),
                                  dtype=np.int8, count=len(self.events))
        self._restyle()

    def on_time_window(self, window) -> None:
        self.window = window
        self.act = np.asarray(self.activity.ranks(window)[self._act_order], dtype=np.int64)
        self.region.blockSignals(True)
        if window is None:
            self.region.setVisible(False)
            self.window_label.setText("")
        else:
            self.region.setRegion((tl.seconds(window[0]), tl.seconds(window[1])))
            self.region.setVisible(True)
            self.window_label.setText(f"Window: {dates.window_label(window)}")
        self.region.blockSignals(False)
        self.clear_window_btn.setEnabled(window is not None)
        self._restyle()

    def on_theme(self, theme_name: str) -> None:
        self.on_selection(self.session.touch, None)  # it applies a new theme first

    def on_naming(self, choice: str) -> None:
        self._relabel_lanes()

    # --- the window -------------------------------------------------------------------------------------
    def _window_from_seconds(self, a: float, b: float):
        first, after = tl.day_at(a), tl.day_at(b)
        if after <= first:
            after = first + dt.timedelta(days=1)
        return first, after

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
        (x0, x1), _ = self.view.viewRange()
        quarter = (x1 - x0) / 4
        self.session.set_time_window(self._window_from_seconds(x0 + quarter, x1 - quarter), origin=self.panel_id)

    def step_window(self, direction: int) -> None:
        """Move the window one step (``step_unit``) later or earlier; start one if there is none."""
        unit = self.step_unit
        w = self.session.time_window
        if w is None:
            (x0, _), _ = self.view.viewRange()
            first = unit_start(tl.day_at(x0), unit)
            w = (first, add_step(first, unit))
        else:
            w = (add_step(w[0], unit, direction), add_step(w[1], unit, direction))
        last = dt.date.fromordinal(int(self.events.m1.max())) if len(self.events) else w[1]
        if self._play.isActive() and w[0] >= last:
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
        self.play_btn.setText("⏸ Pause" if on else "▶ Play")
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
        L = self.layout
        if not len(L.seg_mark):
            return None
        px, py = self.view.viewPixelSize()
        seg_y = L.mark_y[L.seg_mark]
        is_point = L.seg_kind == tl.POINT
        tol_x = np.where(is_point, POINT_SIZE / 2 + 2, 3) * px
        half_y = np.maximum(np.where(is_point, POINT_SIZE / 2 * py, BAR_HALF), 3 * py)
        x0 = np.where(is_point, (L.seg_x0 + L.seg_x1) / 2, L.seg_x0) - tol_x
        x1 = np.where(is_point, (L.seg_x0 + L.seg_x1) / 2, L.seg_x1) + tol_x
        hit = np.flatnonzero((x >= x0) & (x <= x1) & (np.abs(y - seg_y) <= half_y))
        if not len(hit):
            return None
        # the most precise wins: a point over a bar, a short bar over a long one
        return int(hit[np.argmin((L.seg_x1[hit] - L.seg_x0[hit]) + np.abs(y - seg_y[hit]))])

    def event_at(self, x: float, y: float) -> str | None:
        s = self.segment_at(x, y)
        return None if s is None else self.events.ids[int(self._seg_event[s])]

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
        quote = read.first_quote(db, event_id)
        if quote:
            lines.append(f"<i>“{escape(quote)}”</i>")
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
        return self.plot.getPlotItem()

    def export_widget(self):
        """The plot alone: a slide shows the picture, not the panel's tool bar."""
        return self.plot

    def legend(self) -> list[tuple[str, str]]:
        t = theme.current()
        cats = [c for c in tl.CATEGORY_ORDER if c in set(self.events.category)]
        cats += sorted(set(self.events.category) - set(cats))
        return [(CATEGORY_COLOURS.get(c, OTHER_COLOUR), f"{tl.category_label(c)} event") for c in cats] + [
            ("#777777", "dot: an exact day; bar: a period; hatched, dashed: known only to the month or year"),
            (t.base, "hollow: context, not stated in the memo"),
            (t.highlight, "selected"), (t.text, "outlined: touched by the selection"),
            ("#B07800", "time window (faint: inactive in it; dotted: possibly active)"),
            (t.muted, "dashed line: the memo's publication date; shaded after it: expected, not reported")]

    def view_state(self) -> dict:
        (x0, x1), (y0, y1) = self.view.viewRange()
        w = self.session.time_window
        return {"x": [x0, x1], "y": [y0, y1], "lanes": self.lanes_mode, "step": self.step_unit,
                "window": None if w is None else [w[0].isoformat(), w[1].isoformat()]}

    def restore_view_state(self, state: dict) -> None:
        if state.get("lanes") in ("category", "actor") and state["lanes"] != self.lanes_mode:
            self.set_lanes(state["lanes"])
        if state.get("step") in STEPS:
            self.step_box.setCurrentIndex(STEPS.index(state["step"]))
        if "window" in state:
            w = state["window"]
            self.session.set_time_window(
                None if not w else (dt.date.fromisoformat(w[0]), dt.date.fromisoformat(w[1])), origin=self.panel_id)
        if state.get("x"):
            self.view.setXRange(*state["x"], padding=0)
        if state.get("y"):
            self.view.setYRange(*state["y"], padding=0)
