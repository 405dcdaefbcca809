"""The timeline figure: the look of every segment (category colour, selection, activity, context,
certainty) and drawing the view into any QPainter.

On screen the panel's marks item draws the figure's groups (one path per style for bars and fuzzy
spans, one polygon of dots per style for days) in view coordinates; an export calls
:meth:`TimelineFigure.paint`, which draws the lanes, their names, the date axis, the marks (bars as
rectangles, days as circles), the publication date and the time window into any rectangle.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from ....core import dates
from ....core import timeline_layout as tl
from ....core.views import timeline as tv
from ... import theme
from ..pg_adapter import Stamper
from ..stamps import StaticTexts
from ..style import SCREEN, FigureStyle, begin
from .names import NameGeometry

CATEGORY_COLOURS, OTHER_COLOUR = theme.CATEGORY_COLOURS, theme.OTHER_COLOUR  # the palette lives in theme
WINDOW_EDGE = "#B07800"
LANE_AXIS_W = 170
FEW_BARS = 32  # bar_path adds up to this many rectangles one by one
REACH = 0.1  # the screen's shapes reach this much of the view beyond each side (see TimelineFigure.in_view)


def category_colour(category: str) -> QColor:
    return QColor(CATEGORY_COLOURS.get(category, OTHER_COLOUR))


class TimelineFigure:
    """Looks and drawing of one timeline (``model``: a :class:`TimelineModel`)."""

    def __init__(self, model: tv.TimelineModel, style: FigureStyle = SCREEN):
        self.model, self.style = model, style
        self._cache: dict[int, tuple] = {}
        self.theme_name = theme.current().name
        self.bar_groups: list[tuple] = []
        self.point_groups: list[tuple] = []
        self._reach: QRectF | None = None  # the part of the view the screen's shapes were cut to
        self._shapes: dict[tuple, tuple] = {}  # (mark kind, style) -> (members, shape within the reach, its bounds)
        self.drawn_style = np.zeros(0, dtype=np.int64)
        self._stamper: Stamper | None = None  # dots for exports into an image
        self.event_label = None  # item id -> name, to name events on screen (set by the panel)
        self.labels_on_bars: set = set()  # the names last placed on their own bars (drawn without a halo)
        self.last_labels: dict = {}
        self._names: NameGeometry | None = None  # where names go in the view last drawn (on screen)
        # On screen the names' placement is kept for as long as what it depends on stays (the view, the
        # selection's levels, the names): a time window step (Play) repaints every mark but moves no
        # name. forget_names drops it with the rest when the names may have changed.
        self._screen_labels: tuple | None = None  # (key, placed, labels on bars)
        self._statics = StaticTexts()  # the names' shaped text on screen
        self._name_fonts: tuple | None = None  # (style, (font, key), (bold font, key))

    def forget_looks(self) -> None:
        self._cache.clear()
        self._stamper = None
        self.theme_name = theme.current().name
        self.bar_groups, self.point_groups = [], []
        self._reach, self._shapes = None, {}

    def band_brush(self) -> QBrush:
        return QBrush(QColor(128, 128, 128, 22 if theme.current().name != "light" else 14))

    def look(self, key: int) -> tuple[QPen, QBrush, QBrush | None]:
        """(pen, brush, hatch) of a style key; built once and reused."""
        got = self._cache.get(key)
        if got is not None:
            return got
        cat, lvl, act, ctx, fuzzy = tv.decode_style(key)
        t = theme.current()
        colour = category_colour(self.model.categories[cat])
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
        pen = QPen(line, width * self.style.line_scale)
        pen.setCosmetic(True)
        if act == 1:
            pen.setStyle(Qt.DotLine)
            pen.setWidthF(max(width, 2.0) * self.style.line_scale)
        elif fuzzy:
            pen.setStyle(Qt.DashLine if lvl < 2 else Qt.SolidLine)
        fill = QColor(colour)
        if ctx:
            fill = QColor(t.base)
            fill.setAlpha(min(alpha + 20, 255))
            if lvl < 2:
                pen.setColor(QColor(colour.red(), colour.green(), colour.blue(), alpha))
                pen.setWidthF(2.0 * self.style.line_scale)
        elif fuzzy:
            fill.setAlpha(alpha // 4)
        else:
            fill.setAlpha(alpha)
        hatch = None
        if fuzzy:
            hc = QColor(colour)
            hc.setAlpha(alpha)
            hatch = QBrush(hc, Qt.BDiagPattern)
        got = self._cache[key] = (pen, QBrush(fill), hatch)
        return got

    # --- groups: one shape per style ----------------------------------------------------------------
    def restyle(self) -> None:
        """Each segment's look for the model's selection and activity: its style's group. A group whose
        members did not change keeps its members' array, and with it the shapes drawn of it on screen
        (:meth:`in_view`), so a restyle rebuilds only what changed."""
        if theme.current().name != self.theme_name:
            self.forget_looks()
        m = self.model
        style = m.styles()
        self.drawn_style = style
        self.bar_groups = self._groups(style[m.bar_segs], self.bar_groups)
        self.point_groups = self._groups(style[m.point_segs], self.point_groups)

    def _groups(self, styles: np.ndarray, old: list[tuple]) -> list[tuple]:
        """(style, members, pen, brush, hatch, shape) per style; the shape is None here (the screen's
        shapes are cut to the view by :meth:`in_view`; an export draws from the members)."""
        kept = {g[0]: g[1] for g in old}
        out = []
        order = np.argsort(styles, kind="stable")  # stable: each style's members in ascending order
        bounds = np.flatnonzero(np.diff(styles[order])) + 1
        for members in np.split(order, bounds) if len(order) else []:
            s = int(styles[members[0]])
            prev = kept.get(s)
            if prev is not None and np.array_equal(prev, members):
                members = prev
            pen, brush, hatch = self.look(s)
            out.append((s, members, pen, brush, hatch, None))
        out.sort(key=lambda g: ((g[0] // 12) % 4, g[0]))  # least highlighted first
        return out

    def in_view(self, rect: QRectF, exposed: QRectF | None = None) -> tuple[list[tuple], list[tuple]]:
        """The bar and dot groups with shapes of only the marks that meet ``rect`` (view coordinates,
        outlines and dots' size included): at 10,000 entities the screen shows a few hundred of some
        4,500 marks, and a path is stroked whole (dashes and all) however little of it is in view.
        The shapes are cut to a reach a little larger than the view, kept while the view stays
        inside it (a small pan builds nothing) and for the groups whose members did not change.
        With ``exposed`` (the part being repainted, outlines and dots' size included) only the
        groups with a mark near it: a selection repaints a few boxes of the view."""
        reach = self._reach
        grown = 1 + 2 * REACH
        if reach is None or not reach.contains(rect) or reach.width() > 1.5 * grown * rect.width() \
                or reach.height() > 1.5 * grown * rect.height():
            w, h = rect.width() * REACH, rect.height() * REACH
            reach = self._reach = rect.adjusted(-w, -h, w, h)
            self._shapes = {}
        meets: dict[str, np.ndarray] = {}
        boxes: dict[str, tuple] = {}  # kind -> the marks' coordinates, read once a call (only if a shape is made)
        m = self.model

        def meeting(kind: str) -> np.ndarray:
            if kind not in meets:
                if kind == "bar":
                    x0, x1, y0, y1 = boxes[kind] = m.bar_boxes()
                else:
                    (x0, y0) = boxes[kind] = m.point_xy()
                    x1, y1 = x0, y0
                meets[kind] = ((x1 >= reach.left()) & (x0 <= reach.right()) & (y1 >= reach.top())
                               & (y0 <= reach.bottom()))
            return meets[kind]

        out: tuple[list, list] = ([], [])
        for kind, groups, into in (("bar", self.bar_groups, out[0]), ("dot", self.point_groups, out[1])):
            for g in groups:
                got = self._shapes.get((kind, g[0]))
                if got is None or got[0] is not g[1]:
                    w = g[1][meeting(kind)[g[1]]]
                    shape = None
                    if len(w):
                        if kind == "bar":
                            x0, x1, y0, y1 = boxes[kind]
                            shape = bar_path(x0[w], x1[w], y0[w], y1[w])
                        else:
                            shape = pg.functions.arrayToQPolygonF(boxes[kind][0][w], boxes[kind][1][w])
                    bounds = None if shape is None else shape.boundingRect().getCoords()
                    got = self._shapes[(kind, g[0])] = (g[1], shape, bounds)
                if got[1] is None:
                    continue
                if exposed is not None:
                    x0, y0, x1, y1 = got[2]
                    if x0 > exposed.right() or x1 < exposed.left() or y0 > exposed.bottom() or y1 < exposed.top():
                        continue
                into.append((*g[:5], got[1]))
        return out

    # --- drawing --------------------------------------------------------------------------------------
    @staticmethod
    def draw_bars(p: QPainter, groups) -> None:
        """Bars and fuzzy spans, one path per look. Rectangles on the pixel grid need no
        antialiasing, and without it a dashed outline is stroked some thirty times faster."""
        smooth = p.testRenderHint(QPainter.Antialiasing)
        p.setRenderHint(QPainter.Antialiasing, False)
        for _, _, pen, brush, hatch, path in groups:
            p.setPen(Qt.NoPen)
            p.setBrush(brush)
            p.drawPath(path)
            if hatch is not None:
                p.setBrush(hatch)
                p.drawPath(path)
            p.setPen(pen)
            p.setBrush(Qt.NoBrush)
            p.drawPath(path)
        p.setRenderHint(QPainter.Antialiasing, smooth)

    def draw_dots(self, p: QPainter, groups, smooth: bool = True) -> None:
        """Day points as round dots of a fixed pixel size (a cosmetic round-capped pen: fast)."""
        p.setRenderHint(QPainter.Antialiasing, smooth)
        size = tv.POINT_SIZE * self.style.mark_scale
        for _, _, pen, brush, _, poly in groups:
            outline = QPen(pen.color(), size + 2 * pen.widthF(), Qt.SolidLine, Qt.RoundCap)
            outline.setCosmetic(True)
            p.setPen(outline)
            p.drawPoints(poly)
            fill = QPen(brush.color(), size, Qt.SolidLine, Qt.RoundCap)
            fill.setCosmetic(True)
            p.setPen(fill)
            p.drawPoints(poly)

    def paint(self, p: QPainter, rect: QRectF, x_range, y_range, *, lane_label, published=None, window=None,
              zoom: float | None = None, event_label=None) -> None:
        """Draw the timeline into ``rect`` of any painter: ``x_range`` (seconds) by ``y_range`` (rows)
        of the lanes, lane names left (``lane_label(key)``), dates below, the publication date and
        the time window; vectors and text only. With ``event_label(id)`` the events in view are
        named where there is room (the selection first; labels never overlap each other or a mark)."""
        zoom = self.style.zoom if zoom is None else zoom
        t = theme.current()
        w, h = rect.width() / zoom, rect.height() / zoom
        font = self.style.font(max(9.5, self.style.label_pt))
        fm = QFontMetricsF(font)
        left, bottom = min(LANE_AXIS_W, w * 0.3), fm.height() + 10
        (x0, x1), (y0, y1) = x_range, y_range
        pub_in = published is not None and x0 <= tl.seconds(published) + tl.DAY / 2 <= x1
        band = fm.height() + 6 if pub_in else 0.0  # the publication date's words: a band of their own, over no mark
        plot = QRectF(left, band, max(10.0, w - left - 8), max(10.0, h - bottom - band))
        kx, ky = plot.width() / max(x1 - x0, 1e-9), plot.height() / max(y1 - y0, 1e-9)

        def X(v):
            return plot.left() + (v - x0) * kx

        def Y(v):
            return plot.top() + (v - y0) * ky

        self.last_plot = plot
        begin(p, rect, zoom)
        p.fillRect(QRectF(0, 0, w, h), QColor(t.base))
        p.save()
        p.setClipRect(plot)
        p.setPen(Qt.NoPen)
        p.setBrush(self.band_brush())
        for top, height in self.model.bands():
            p.drawRect(QRectF(plot.left(), Y(top), plot.width(), height * ky))
        def inside(x: float) -> float:
            return min(max(x, plot.left()), plot.right())

        if published is not None:
            pub = inside(X(tl.seconds(published) + tl.DAY / 2))
            p.setBrush(QColor(120, 120, 120, 22))
            p.drawRect(QRectF(QPointF(pub, plot.top()), plot.bottomRight()))
        if window is not None:
            a, b = X(tl.seconds(window[0])), X(tl.seconds(window[1]))
            p.setBrush(QColor(255, 176, 0, 45))
            p.drawRect(QRectF(inside(a), plot.top(), inside(b) - inside(a), plot.height()))
            p.setPen(QPen(QColor(WINDOW_EDGE), 2))
            for x in (a, b):
                if plot.left() <= x <= plot.right():
                    p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        self._paint_marks(p, X, Y, kx, plot)
        p.restore()
        taken = self.paint_continuations(p, X, Y, plot, (x0, x1)) if event_label is not None else []
        if event_label is not None:
            self.paint_event_labels(p, X, Y, plot, event_label, taken)
        p.setFont(font)
        p.setPen(QColor(t.text))
        lanes = self.model.layout.lanes
        rows = tv.lane_label_rows([(Y(ln.top), Y(ln.top + ln.height)) for ln in lanes], fm.height(),
                                  plot.top(), plot.bottom())
        for ln, yc in zip(lanes, rows):
            if yc is not None:
                text = fm.elidedText(lane_label(ln.key), Qt.ElideRight, left - 14)
                p.drawText(QRectF(0, yc - fm.height() / 2, left - 8, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                           text)
        self.last_lane_rows = {ln.key: yc for ln, yc in zip(lanes, rows)}  # tests read them back
        p.setPen(QPen(QColor(t.muted), 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        ticks = tv.date_ticks(x0, x1, max(2, int(plot.width() / (fm.horizontalAdvance("May 2020") + 24))))
        last_end = -1e9
        for s, label in ticks:
            x = X(s)
            p.setPen(QPen(QColor(t.muted), 1))
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            tw = fm.horizontalAdvance(label)
            tx = min(max(x - tw / 2, plot.left()), plot.right() - tw)
            if tx < last_end + 8:  # a date moved in from the edge would touch its neighbour: its tick only
                continue
            p.setPen(QColor(t.text))
            p.drawText(QPointF(tx, plot.bottom() + 6 + fm.ascent()), label)
            last_end = tx + tw
        if pub_in:
            x = X(tl.seconds(published) + tl.DAY / 2)
            p.setPen(QPen(QColor(t.text), 1.5, Qt.DashLine))
            p.drawLine(QPointF(x, 0), QPointF(x, plot.bottom()))
            p.setPen(QColor(t.text))
            before, after = f"as of {dates.day_label(published)} ◀ reported", "expected ▶"
            bw, aw = fm.horizontalAdvance(before), fm.horizontalAdvance(after)
            # in its band above the lanes; moved in (never past the plot) when the date is near an edge
            bx = min(max(x - bw - 4, plot.left()), plot.right() - bw - aw - 8)
            ax = max(min(x + 4, plot.right() - aw), bx + bw + 8)
            p.drawText(QPointF(bx, fm.ascent() + 2), before)
            p.drawText(QPointF(ax, fm.ascent() + 2), after)
            self.last_publication_box = (bx, 0.0, ax + aw, band)
        p.restore()

    def paint_continuations(self, p: QPainter, X, Y, plot: QRectF, x_range) -> list[tuple]:
        """A bar of the selection that runs past the frame (the frame is about where its events are,
        not stretched to a far or expected end) ends at the edge in an arrow with the date it runs
        to (or from); returns the dates' boxes, which no event name may cover."""
        m = self.model
        if not m.selection_on:
            return []
        t = theme.current()
        font = self.style.font(self.style.small_label_pt)
        fm = QFontMetricsF(font)
        x0s, x1s, y0s, y1s = m.bar_boxes()
        events = m.seg_event[m.bar_segs]
        out = []
        p.setFont(font)
        for k in np.flatnonzero(m.levels[events] >= 1).tolist():
            a, b, top, bottom = x0s[k], x1s[k], Y(y0s[k]), Y(y1s[k])
            if b <= x_range[0] or a >= x_range[1] or top > plot.bottom() or bottom < plot.top():
                continue
            yc, half = (top + bottom) / 2, max((bottom - top) / 2 + 3, 6.0)
            for side, beyond, sec in (("right", b > x_range[1], b), ("left", a < x_range[0], a)):
                if not beyond:
                    continue
                text = f"{dates.day_label(tl.day_at(sec))} ▶" if side == "right" else f"◀ {dates.day_label(tl.day_at(sec))}"
                tw = fm.horizontalAdvance(text)
                edge = plot.right() if side == "right" else plot.left()
                tip = edge - 1 if side == "right" else edge + 1
                back = tip - 2 * half if side == "right" else tip + 2 * half
                arrow = QPolygonF([QPointF(back, yc - half), QPointF(tip, yc), QPointF(back, yc + half)])
                p.setPen(Qt.NoPen)
                p.setBrush(QColor(t.text))
                p.drawPolygon(arrow)
                tx = back - 4 - tw if side == "right" else back + 4
                ty = yc - half - fm.height() if yc - half - fm.height() >= plot.top() else yc + half
                box = (tx - 2, ty, tx + tw + 2, ty + fm.height())
                halo = QColor(t.base)
                halo.setAlpha(215)
                p.fillRect(QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1]), halo)
                p.setPen(QColor(t.text))
                p.drawText(QRectF(tx, ty, tw, fm.height()), Qt.AlignLeft | Qt.AlignVCenter, text)
                out.append(box)
        self.last_continuations = out
        return out

    def _paint_marks(self, p: QPainter, X, Y, kx: float, plot: QRectF) -> None:
        """The marks in the output's pixels: bars as rectangles, days as circles — cut to the plot
        here rather than by a clip, which SVG output does not keep."""
        m = self.model
        x0, x1, y0, y1 = m.bar_boxes()
        for _, members, pen, brush, hatch, _ in self.bar_groups:
            a = np.maximum(X(x0[members]), plot.left())
            b = np.minimum(X(np.maximum(x1[members], x0[members] + 1 / kx)), plot.right())
            top, bottom = np.maximum(Y(y0[members]), plot.top()), np.minimum(Y(y1[members]), plot.bottom())
            keep = (b > a) & (bottom > top)
            if keep.any():
                path = bar_path(a[keep], b[keep], top[keep], bottom[keep])
                self.draw_bars(p, [(0, None, pen, brush, hatch, path)])
        px, py = m.point_xy()
        r = tv.POINT_SIZE * self.style.mark_scale / 2
        tr = p.transform()
        stamp = isinstance(p.device(), QImage) and not tr.isRotating() and abs(tr.m11() - tr.m22()) < 1e-9
        for _, members, pen, brush, _, _ in self.point_groups:
            x, y = X(px[members]), Y(py[members])
            inside = (x >= plot.left()) & (x <= plot.right()) & (y >= plot.top()) & (y <= plot.bottom())
            if not inside.any():
                continue
            outline = QPen(pen.color(), pen.widthF())
            outline.setCosmetic(True)  # the sheet draws marks scaled: a non-cosmetic outline is lost
            look = (outline, QBrush(brush.color()))
            if stamp:  # into an image: one dot drawn at the device's resolution, stamped 1:1
                if self._stamper is None:
                    self._stamper = Stamper()
                self._stamper.set_ratio(tr.m11())
                dev = np.stack([x[inside] * tr.m11() + tr.dx(), y[inside] * tr.m22() + tr.dy()], axis=1)
                src = self._stamper.rects([look], np.zeros(len(dev), dtype=np.int64), np.full(len(dev), 2 * r))
                p.save()
                p.resetTransform()
                self._stamper.stamp(p, dev, src, 1.0)
                p.restore()
                continue
            p.setPen(look[0])
            p.setBrush(look[1])
            for cx, cy in zip(x[inside].tolist(), y[inside].tolist()):
                p.drawEllipse(QPointF(cx, cy), r, r)

    def event_label_boxes(self, X, Y, plot: QRectF, fms, event_label, taken=(), view=None) -> dict[tuple, tuple]:
        """Where each event in view is named: (event index, text) → (left, top, right, bottom) in
        the figure's pixels (``fms``: the metrics of a label and of a selected one), placed by the
        one label placer (selected, then touched, then the longest first); a label goes right of its
        mark, else left, else on a long bar, else above it, always inside the plot. ``view`` says
        which view X and Y map (the screen's): what does not depend on the selection is then kept
        for the next drawing of the same view (:mod:`.names`)."""
        geo = self._names
        if geo is None or not geo.matches(self, view, event_label):
            geo = NameGeometry(self, X, Y, plot, fms, event_label, view)
            self._names = geo if view is not None else None
        placed, self.labels_on_bars = geo.place(taken)
        return placed

    def forget_names(self) -> None:
        """The names changed (a naming choice): work out where they go again at the next drawing."""
        self._names = None
        self._screen_labels = None

    def screen_names(self, tr: QTransform, view_rect: QRectF) -> tuple | None:
        """On screen: (key, placed, labels on bars) of the events' names for the marks item's device
        transform ``tr`` and the part of the view in view (``view_rect``), in device pixels; kept for
        as long as the key (view, selection, fonts) stays, so that the selection's slot (which works
        out what a new selection repaints) and the repaint place them once. None: no names."""
        if self.event_label is None or tr.isRotating():
            return None
        sx, sy, dx, dy = tr.m11(), tr.m22(), tr.dx(), tr.dy()
        plot = tr.mapRect(view_rect).normalized()
        m = self.model
        font, bold = self.name_fonts()
        key = (sx, sy, dx, dy, plot.getRect(), id(m.layout), m.selection_on, m.levels.tobytes(), font[1], bold[1])
        kept = self._screen_labels
        if kept is not None and kept[0] == key:
            return kept
        placed = self.event_label_boxes(lambda v: v * sx + dx, lambda v: v * sy + dy, plot,
                                        (QFontMetricsF(font[0]), QFontMetricsF(bold[0])), self.event_label,
                                        view=(sx, sy, dx, dy, plot.getCoords()))
        self._screen_labels = (key, placed, self.labels_on_bars)
        return self._screen_labels

    def name_fonts(self) -> tuple[tuple[QFont, str], tuple[QFont, str]]:
        """(font, its key) of a name and of a selected one, made once per style."""
        got = self._name_fonts
        if got is None or (got[0] is not self.style and got[0] != self.style):
            font = self.style.font(self.style.label_pt)
            bold = self.style.font(self.style.strong_label_pt, bold=True)
            got = self._name_fonts = (self.style, (font, font.key()), (bold, bold.key()))
        return got[1], got[2]

    @property
    def screen_labels(self) -> tuple | None:
        """The names last placed on screen: (key, placed, labels on bars), or None."""
        return self._screen_labels

    def name_look(self, ev: int, on_bar: bool, levels=None, selection_on=None) -> tuple[bool, bool, bool]:
        """How a placed name is drawn: (bold, muted, on its own bar: no halo), for the model's
        selection (or ``levels`` and ``selection_on``)."""
        m = self.model
        lvl = int((m.levels if levels is None else levels)[ev])
        on = m.selection_on if selection_on is None else selection_on
        return bool(on and lvl == 2), bool(on and not lvl), on_bar

    def paint_view_labels(self, p: QPainter, view_rect: QRectF, exposed: QRectF | None = None) -> None:
        """On screen: the events named in the marks item's view coordinates (``view_rect``: the part
        in view), drawn in device pixels so that type keeps its size as the view zooms; only those
        that meet ``exposed`` (device pixels), when given."""
        names = self.screen_names(p.transform(), view_rect)
        if names is None:
            return
        _, placed, self.labels_on_bars = names
        self.last_labels = placed  # what was named where (tests read it back)
        p.save()
        p.resetTransform()
        self.draw_names(p, placed, self._statics, exposed)
        p.restore()

    def paint_event_labels(self, p: QPainter, X, Y, plot: QRectF, event_label, taken=()) -> None:
        """Place and draw the events' names (an export: placed for its own frame, drawn as text)."""
        (font, _), (bold, _) = self.name_fonts()
        placed = self.event_label_boxes(X, Y, plot, (QFontMetricsF(font), QFontMetricsF(bold)), event_label, taken)
        self.last_labels = placed  # what was named where (tests read it back)
        self.draw_names(p, placed, None)

    def draw_names(self, p: QPainter, placed: dict, statics: StaticTexts | None, exposed: QRectF | None = None) -> None:
        """Draw placed names (``statics``: their shaped text kept, on screen), each on a halo unless it
        sits on its own bar."""
        t = theme.current()
        halo = QColor(t.base)
        halo.setAlpha(200)
        text, muted = QColor(t.text), QColor(t.muted)
        looks = self.name_fonts()
        on_bars = self.labels_on_bars
        for (ev, name), (a, top, b, bottom) in placed.items():
            if exposed is not None and (a > exposed.right() or b < exposed.left() or top > exposed.bottom()
                                        or bottom < exposed.top()):
                continue
            is_bold, is_muted, on_bar = self.name_look(ev, (ev, name) in on_bars)
            f, f_key = looks[is_bold]
            p.setFont(f)  # a static text too is drawn in the painter's font
            box = QRectF(a, top, b - a, bottom - top)
            if not on_bar:  # a name on its own bar needs no halo
                p.fillRect(box, halo)
            p.setPen(muted if is_muted else text)
            if statics is None:
                p.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, name)
            else:
                statics.draw(p, box, name, f, f_key)

    def legend(self) -> list[tuple[str, str]]:
        t = theme.current()
        present = set(self.model.events.category)
        cats = [c for c in tl.CATEGORY_ORDER if c in present]
        cats += sorted(present - set(cats))
        return [(CATEGORY_COLOURS.get(c, OTHER_COLOUR), f"{tl.category_label(c)} event") for c in cats] + [
            ("#777777", "dot: an exact day; bar: a period; hatched, dashed: known only to the month or year"),
            (t.base, "hollow: context, not stated in the memo"),
            (t.highlight, "selected"), (t.text, "outlined: touched by the selection"),
            (WINDOW_EDGE, "time window (faint: inactive in it; dotted: possibly active)"),
            (t.muted, "dashed line: the memo's publication date; shaded after it: expected, not reported")]


def bar_path(x0: np.ndarray, x1: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> QPainterPath:
    """Rectangles as one path (five points each, not joined). A few are added one by one (the same
    path: pyqtgraph's array conversion costs ~30 µs however few there are, and a selection restyles
    a few marks at a time)."""
    if len(x0) <= FEW_BARS:
        path = QPainterPath()
        for a, b, top, bottom in zip(x0.tolist(), x1.tolist(), y0.tolist(), y1.tolist()):
            path.moveTo(a, top)
            path.lineTo(b, top)
            path.lineTo(b, bottom)
            path.lineTo(a, bottom)
            path.lineTo(a, top)
    else:
        xs = np.stack([x0, x1, x1, x0, x0], axis=1).ravel()
        ys = np.stack([y0, y0, y1, y1, y0], axis=1).ravel()
        connect = np.tile(np.array([1, 1, 1, 1, 0], dtype=np.int32), len(x0))
        path = pg.arrayToQPath(xs, ys, connect=connect)
    path.setFillRule(Qt.WindingFill)
    return path
