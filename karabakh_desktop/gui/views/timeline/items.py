"""The timeline on screen: the marks item (drawing the figure's groups), a view box where
Shift+drag brushes a time window, and the window's region."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem

from ....core import timeline_layout as tl
from ....core.views.timeline import BAR_HALF, POINT_SIZE, date_ticks
from ..partial import changed_entries, region_within
from ..style import NAME_MARGIN
from .figure import TimelineFigure

SMOOTH_POINTS = 3000  # antialias dots up to this many (beyond, painting time matters more)
MARK_ROOM = 32  # px around the view where a mark's outline or dot may still reach into it
BAR_ROOM = 4  # px around a bar that its outline (3.5 px at most, cosmetic) may reach
MAX_CHANGED = 300  # a selection that restyles more marks than this (boxes of each would cost more than they save)


class Marks(pg.GraphicsObject):
    """Every mark in view coordinates: alternating lane bands, then the figure's groups — bars and
    fuzzy spans (one path per style), then day points (one polygon of dots per style)."""

    def __init__(self, figure: TimelineFigure):
        super().__init__()
        self.figure = figure
        self.bands: list[QRectF] = []
        self._bounds = QRectF()
        self._covers: QRectF | None = None  # the marks' bounds and the view (boundingRect)
        # the part being repainted, to draw only what meets it (a selection repaints a few boxes)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_geometry(self) -> None:
        """Bounds and bands from the figure's model (after its lanes changed)."""
        self.prepareGeometryChange()
        m = self.figure.model
        x0, x1, y0, y1 = m.bar_boxes()
        px, py = m.point_xy()
        self.bands = [QRectF(0, top, 1, height) for top, height in m.bands()]
        xs, ys = np.concatenate([x0, x1, px]), np.concatenate([y0, y1, py])
        self._bounds = QRectF()
        if len(xs):
            pad_x = max(float(xs.max() - xs.min()) * 0.02, tl.DAY)
            self._bounds = QRectF(float(xs.min()) - pad_x, float(ys.min()) - 1, float(xs.max() - xs.min()) + 2 * pad_x,
                                  float(ys.max() - ys.min()) + 2)
        for band in self.bands:
            self._bounds = self._bounds.united(band) if not self._bounds.isNull() else QRectF(band)
        self._covers = None
        self.update()

    def boundingRect(self) -> QRectF:
        """The marks and the whole view: the bands run across it, and names may sit beyond the marks
        (a repaint of only part of the view draws this item wherever that part is)."""
        if self._covers is None:
            view = self.viewRect()
            self._covers = QRectF(self._bounds) if view is None else view.united(self._bounds) \
                if not self._bounds.isNull() else view
        return QRectF(self._covers)

    def viewRangeChanged(self) -> None:  # pyqtgraph's hook: the view moved
        self.prepareGeometryChange()
        self._covers = None

    def rect(self, k: int) -> QRectF:
        """The rectangle painted for the ``k``-th bar or fuzzy span, in view coordinates."""
        x0, x1, y0, y1 = self.figure.model.bar_boxes()
        return QRectF(QPointF(x0[k], y0[k]), QPointF(x1[k], y1[k]))

    # --- a selection --------------------------------------------------------------------------------
    def drawn(self, selection_on: bool, levels) -> tuple:
        """What is drawn now, for the selection (``selection_on``) and its ``levels``, to compare with after
        it changed (:meth:`update_changed`): each segment's style, the names' placement key and each
        name's box and look."""
        fig = self.figure
        names = fig.screen_labels
        if names is None:
            return fig.drawn_style, None, None
        return fig.drawn_style, names[0], {k: (box, fig.name_look(k[0], k in names[2], levels, selection_on))
                                           for k, box in names[1].items()}

    def update_changed(self, before: tuple) -> None:
        """Repaint only around the marks whose look changed since ``before`` (:meth:`drawn`) and the names
        that moved or changed their look (the old box and the new): a selection restyles a few events
        of those in view. What reaches into those boxes (lane bands, axes' ticks, the window, the
        publication line and its words, other marks and names) is drawn again there by the view."""
        old_style, old_key, old_names = before
        fig = self.figure
        m = fig.model
        style = fig.drawn_style
        view, gv = self.getViewBox(), self.getViewWidget()
        if view is None or gv is None or old_names is None or len(old_style) != len(style):
            self.update()
            return
        tr = self.deviceTransform(gv.viewportTransform())
        names = fig.screen_names(tr, view.viewRect())
        # the names placed for another view or font (not yet drawn there): all of it is repainted anyway
        if names is None or names[0][:6] != old_key[:6] or names[0][8:] != old_key[8:]:
            self.update()
            return
        plot = tr.mapRect(view.viewRect()).normalized()
        sx, sy, dx, dy = tr.m11(), tr.m22(), tr.dx(), tr.dy()
        L = m.layout
        changed = np.flatnonzero(old_style != style)
        if len(changed) > MAX_CHANGED:
            self.update()
            return
        x0, x1 = L.seg_x0[changed] * sx + dx, L.seg_x1[changed] * sx + dx
        yc = m.seg_y[changed] * sy + dy
        dot = L.seg_kind[changed] == tl.POINT
        r = POINT_SIZE * fig.style.mark_scale / 2 + 3.5 * fig.style.line_scale + 2  # a dot, its outline, antialiasing
        half = np.where(dot, r, abs(BAR_HALF * sy) + BAR_ROOM)
        mid = (x0 + x1) / 2
        left = np.where(dot, mid - r, np.minimum(x0, x1) - BAR_ROOM)
        right = np.where(dot, mid + r, np.maximum(x0, x1) + BAR_ROOM)
        boxes = list(zip(left.tolist(), (yc - half).tolist(), right.tolist(), (yc + half).tolist()))
        looks = {k: (box, fig.name_look(k[0], k in names[2])) for k, box in names[1].items()}
        boxes += [(a - NAME_MARGIN, t - NAME_MARGIN, b + NAME_MARGIN, u + NAME_MARGIN)
                  for (a, t, b, u), _ in changed_entries(old_names, looks)]
        # Within the view box alone: it clips what it holds (ItemClipsChildrenToShape), so nothing of a mark or
        # a name shows past it. A box let past it (a bar running out of view, a dot or name at its edge)
        # repainted the axes there too: their whole picture is played again for any strip of them.
        # (its own rect: it may end half a pixel past the view's range, and clips there)
        clip = gv.viewportTransform().mapRect(view.sceneBoundingRect())
        region = region_within((QRectF(a, t, b - a, u - t) for a, t, b, u in boxes), clip, plot.width() * plot.height())
        if region is None:
            self.update()
        elif not region.isEmpty():
            gv.viewport().update(region)

    def paint(self, p: QPainter, option=None, *args) -> None:
        view = self.getViewBox()
        p.setPen(Qt.NoPen)
        if self.bands:
            p.setBrush(self.figure.band_brush())
            left, right = self._bounds.left(), self._bounds.right()
            if view is not None:  # bands run across whatever is in view
                (vx0, vx1), _ = view.viewRange()
                left, right = min(left, vx0), max(right, vx1)
            for band in self.bands:
                p.drawRect(QRectF(left, band.top(), right - left, band.height()))
        fig = self.figure
        # Only the marks in view (and around it), with room for outlines and dots.
        tr = p.transform()
        pad_x, pad_y = MARK_ROOM / max(abs(tr.m11()), 1e-12), MARK_ROOM / max(abs(tr.m22()), 1e-12)
        if view is not None:
            (vx0, vx1), (vy0, vy1) = view.viewRange()
            shown = QRectF(vx0, vy0, vx1 - vx0, vy1 - vy0)
        else:
            shown = QRectF(self._bounds)
        exposed = None
        if option is not None and view is not None:
            e = option.exposedRect
            if not e.contains(shown):  # part of the view: only what meets it
                exposed = e.adjusted(-pad_x, -pad_y, pad_x, pad_y)
        bars, dots = fig.in_view(shown.adjusted(-pad_x, -pad_y, pad_x, pad_y), exposed)
        fig.draw_bars(p, bars)
        # Dots are drawn with cosmetic pens, sized in device pixels: on a screen scaled by 2
        # (QT_SCALE_FACTOR=2, a 4K laptop) they would come out half the size of everything else.
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        style = fig.style
        if dpr != 1.0:
            fig.style = replace(style, mark_scale=style.mark_scale * dpr)
        try:
            fig.draw_dots(p, dots, smooth=len(fig.model.point_segs) <= SMOOTH_POINTS)
        finally:
            fig.style = style
        if view is not None:  # the events' names, where there is room (the figure's one placer)
            fig.paint_view_labels(p, view.viewRect(), None if exposed is None else
                                  tr.mapRect(option.exposedRect).adjusted(-NAME_MARGIN, -NAME_MARGIN, NAME_MARGIN, NAME_MARGIN))


class BrushViewBox(pg.ViewBox):
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


class WindowRegion(pg.LinearRegionItem):
    """The time window: its edges drag, its body lets the view pan underneath."""

    def mouseDragEvent(self, ev):
        ev.ignore()


class FutureShade(pg.GraphicsObject):
    """The shading of what is after the publication date (``x``, seconds): it runs on for centuries,
    filled only where it is in view (a rectangle thousands of screens wide cost a millisecond a
    repaint). It was a fixed ``LinearRegionItem`` with hidden edges, which drew the same rectangle:
    a region and its two edge lines cost ~2 M instructions to make and each followed every change
    of the view in Python."""

    END = 400 * 365 * tl.DAY  # how far on it runs

    def __init__(self, x: float, colour: QColor):
        super().__init__()
        self.x = x
        self.brush = QBrush(colour)
        self._rect = QRectF()

    def boundingRect(self) -> QRectF:
        """From ``x`` on across the view, as tall as the view (as the region's was)."""
        view = self.viewRect()
        rect = QRectF() if view is None else QRectF(view)
        if view is not None:
            rect.setLeft(self.x)
            rect.setRight(self.x + self.END)
            rect = rect.normalized()
        if rect != self._rect:
            self._rect = rect
            self.prepareGeometryChange()
        return QRectF(rect)

    def viewRangeChanged(self) -> None:  # pyqtgraph's hook: the view moved
        self.prepareGeometryChange()

    def paint(self, p, *args):
        view = self.viewRect()
        rect = self.boundingRect() if view is None else self.boundingRect().intersected(view)
        if rect.isEmpty():
            return
        p.setBrush(self.brush)
        p.setPen(Qt.NoPen)
        p.drawRect(rect)


class QuietAxis(pg.AxisItem):
    """An axis whose title (pyqtgraph's "label") the panel never shows: pyqtgraph sets the title's
    HTML again at every pen, colour and range change (43 times at start-up for the timeline's two
    axes, each a text document parsed and laid out). Here only when its text changes; with no
    title, never (its hidden text item stays empty)."""

    _label_html = ""

    def _updateLabel(self):  # noqa: N802 (pyqtgraph's name)
        html = self.labelString() if (self.labelText or self.labelUnits) else ""
        if html != self._label_html:
            self._label_html = html
            self.label.setHtml(html)
        self._adjustSize()
        self.picture = None
        self.update()


class DateAxis(QuietAxis):
    """The time axis with round dates that never run together: the same ticks as the figure draws
    (``core.views.timeline.date_ticks``: days, months as "Oct 2020", years), as many as fit with
    room for the longest label."""

    LABEL_ROOM = 86  # px per label ("30 Oct 2020" and a gap)

    def __init__(self, **kwargs):
        super().__init__(orientation="bottom", **kwargs)
        self._labels: dict[float, str] = {}

    def tickValues(self, minVal, maxVal, size):
        ticks = date_ticks(minVal, maxVal, max(2, int(size // self.LABEL_ROOM)))
        self._labels = dict(ticks)
        return [(1.0, [x for x, _ in ticks])]

    def tickStrings(self, values, scale, spacing):
        return [self._labels.get(v, "") for v in values]
