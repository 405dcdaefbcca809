"""The app's style: Fusion, with scroll bars drawn flat. Fusion paints a scroll bar with gradients
whose cost grows with its length (≈ 0.57 ms for a 560 px bar, 0.08 ms at 100 px), and the Details,
memo and Patterns bars repaint on most selections (a new text has a new height, the memo scrolls to
its passage): ≈ 1.3 ms of a 16 ms frame. Here a bar is a few filled rectangles in the palette's
colours. Everything else, and every size and hit area (the bar's extent, its handle's and arrows'
places), stays Fusion's, so no layout moves and a click lands where it did."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

# how far from the window's colour towards the text's each part is drawn (0 window .. 1 text)
GROOVE, HANDLE, HOVER, PRESSED, DISABLED = 0.07, 0.55, 0.67, 0.8, 0.25

_SC = QStyle.SubControl


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def bar_colours(palette: QPalette) -> dict[str, QColor]:
    """The groove's, the handle's (at rest, under the mouse, held) and a disabled handle's colours for
    a palette: shades between its window and text colours, so every theme (high contrast too) has
    its own, the handle clear of the groove."""
    window, text = palette.color(QPalette.Window), palette.color(QPalette.WindowText)
    return {name: mix(window, text, t) for name, t in
            (("groove", GROOVE), ("handle", HANDLE), ("hover", HOVER), ("pressed", PRESSED), ("disabled", DISABLED))}


class FlatScrollBars(QProxyStyle):
    """Fusion with flat scroll bars (see the module's note)."""

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))
        self._colours: tuple[int, dict[str, QColor]] | None = None  # per palette, by its cache key
        # A bar's groove and arrows, drawn once for its size, state and palette: a repaint is then one
        # blit and the handle's rectangle (a few Python calls; drawing arrows each time cost more than
        # the Fusion bar at rest)
        self._grooves: dict[tuple, QPixmap] = {}

    def _bar_colours(self, palette: QPalette) -> dict[str, QColor]:
        key = palette.cacheKey()
        if self._colours is None or self._colours[0] != key:
            self._colours = (key, bar_colours(palette))
        return self._colours[1]

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802 (Qt's name)
        if control != QStyle.CC_ScrollBar:
            super().drawComplexControl(control, option, painter, widget)
            return
        colours = self._bar_colours(option.palette)
        state, active, rect = option.state, option.activeSubControls, option.rect
        enabled = bool(state & QStyle.State_Enabled)
        held = bool(state & QStyle.State_Sunken) and enabled
        horizontal = option.orientation == Qt.Horizontal
        dpr = painter.device().devicePixelRatioF()
        key = (rect.width(), rect.height(), horizontal, enabled, held and bool(active & _SC.SC_ScrollBarSubLine),
               held and bool(active & _SC.SC_ScrollBarAddLine), option.subControls.value, self._colours[0], dpr)
        groove = self._grooves.get(key)
        if groove is None:
            if len(self._grooves) > 64:
                self._grooves.clear()
            groove = self._grooves[key] = self._groove(option, widget, colours, key, dpr)
        painter.drawPixmap(rect.topLeft(), groove)
        if option.subControls & _SC.SC_ScrollBarSlider and option.maximum > option.minimum:
            r = self.subControlRect(QStyle.CC_ScrollBar, option, _SC.SC_ScrollBarSlider, widget)
            r = r.adjusted(0, 2, 0, -2) if horizontal else r.adjusted(2, 0, -2, 0)  # a margin across the bar
            on = active & _SC.SC_ScrollBarSlider
            look = ("disabled" if not enabled else "pressed" if on and held
                    else "hover" if on and state & QStyle.State_MouseOver else "handle")
            painter.fillRect(r, colours[look])

    def _groove(self, option, widget, colours, key, dpr: float) -> QPixmap:
        w, h, horizontal, enabled, sub_held, add_held = key[:6]
        pix = QPixmap(max(1, round(w * dpr)), max(1, round(h * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(colours["groove"])
        p = QPainter(pix)
        p.setRenderHint(QPainter.Antialiasing)
        p.setPen(Qt.NoPen)
        origin = option.rect.topLeft()
        for part, forward, held in ((_SC.SC_ScrollBarSubLine, False, sub_held), (_SC.SC_ScrollBarAddLine, True, add_held)):
            if not option.subControls & part:
                continue
            r = self.subControlRect(QStyle.CC_ScrollBar, option, part, widget).translated(-origin)
            if r.isEmpty():
                continue
            if held:
                p.fillRect(r, colours["handle"])
            p.setBrush(colours["pressed" if enabled else "disabled"])
            p.drawPolygon(_arrow(r, horizontal, forward))
        p.end()
        return pix


def _arrow(r, horizontal: bool, forward: bool) -> QPolygonF:
    """A small triangle in the middle of ``r`` pointing along the bar (``forward``: right or down)."""
    c = QRectF(r).center()
    s = max(2.0, min(r.width(), r.height()) / 4)  # half the triangle's base
    d = 1 if forward else -1
    if horizontal:
        pts = (c + QPointF(d * s / 2, 0), c + QPointF(-d * s / 2, -s), c + QPointF(-d * s / 2, s))
    else:
        pts = (c + QPointF(0, d * s / 2), c + QPointF(-s, -d * s / 2), c + QPointF(s, -d * s / 2))
    return QPolygonF(list(pts))
