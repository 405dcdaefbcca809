"""How a figure is drawn besides what it shows: type sizes, line and mark scale, zoom.

The screen style is what the panels draw with; an export draws the same figure at ``zoom`` (a
panel laid out at 1/zoom of the slide's body and drawn zoom× larger, so type stays legible). A
presentation style (larger type, thicker marks for a projector) is a second instance of this.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QPainter

from .. import theme


@dataclass(frozen=True)
class FigureStyle:
    name: str = "screen"
    label_pt: float = 8.5  # a label's type size, in points at zoom 1
    strong_label_pt: float = 9.5  # the selection's labels
    small_label_pt: float = 7.0  # secondary names (areas, inset)
    line_scale: float = 1.0  # multiplies line widths
    mark_scale: float = 1.0  # multiplies mark sizes
    zoom: float = 1.25  # how much larger an export draws than the screen
    legend: bool = True  # draw the view's own legend inside the figure

    def font(self, pt: float, *, bold: bool = False, italic: bool = False, spacing: float = 0.0) -> QFont:
        f = QFont(theme.FONT_FAMILY)
        f.setPointSizeF(pt)
        f.setBold(bold)
        f.setItalic(italic)
        if spacing:
            f.setLetterSpacing(QFont.AbsoluteSpacing, spacing)
        return f


NAME_MARGIN = 3  # px around a name's box that its glyphs may reach (antialiasing, overhangs): a partial repaint's room

SCREEN = FigureStyle()
# Exports are presentation figures: type for the back of a room (a label 13 pt × zoom 1.3 ≈ 22 px on
# a 1920×1080 slide, the selection's larger and bold), marks and lines thick enough for a projector.
# The slide carries the one legend, so the figure leaves its own out.
EXPORT = PRESENT = FigureStyle(name="present", label_pt=13.0, strong_label_pt=15.0, small_label_pt=10.5,
                               line_scale=1.5, mark_scale=1.4, zoom=1.3, legend=False)


def label_px(style: FigureStyle, scale: float = 1.0) -> float:
    """A label's height in output pixels (points at 96 dpi, × the style's zoom, × the slide's scale)."""
    return style.label_pt * 96 / 72 * style.zoom * scale


def wrap(fm: QFontMetricsF, text: str, width: float) -> list[str]:
    """Greedy word wrap with the font's real advances (the same lines go to PNG, PDF and SVG)."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if fm.horizontalAdvance(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def begin(p: QPainter, rect: QRectF, zoom: float) -> tuple[float, float]:
    """Start drawing a figure into ``rect``: the painter saved, clipped to it, its origin at the
    rectangle's corner and scaled by ``zoom``; returns the figure's logical width and height. End
    with ``p.restore()``."""
    p.save()
    p.setClipRect(rect)
    p.translate(rect.topLeft())
    p.scale(zoom, zoom)
    p.setRenderHint(QPainter.Antialiasing)
    p.setRenderHint(QPainter.TextAntialiasing)
    return rect.width() / zoom, rect.height() / zoom
