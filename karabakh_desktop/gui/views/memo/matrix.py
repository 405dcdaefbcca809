"""The memo's case × pattern comparison as a slide figure: patterns down, cases across, each cell
marked observed (●), an option (○) or ruled out (×); the selection's rows and columns stand out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from ....core import read
from ... import theme
from ..style import EXPORT, FigureStyle, begin

MARKS = {"observed": "●", "option": "○", "ruled_out": "×"}
MEANINGS = {"observed": "observed in the case", "option": "an option", "ruled_out": "ruled out"}


@dataclass(frozen=True)
class Headers:
    """The column names as laid out: the band's height, whether they stand upright, each name's
    text (possibly elided) and its box (the upright text's box, not the column's)."""

    height: float
    rotated: bool
    texts: list[str]
    rects: list[QRectF]


class MatrixFigure:
    def __init__(self, style: FigureStyle = EXPORT):
        self.style = style

    def paint(self, p: QPainter, rect: QRectF, matrix: read.PatternMatrix, *, label, selected=frozenset(),
              zoom: float | None = None) -> None:
        zoom = self.style.zoom if zoom is None else zoom
        t = theme.current()
        w, h = begin(p, rect, zoom)
        p.fillRect(QRectF(0, 0, w, h), QColor(t.base))
        rows, cols = matrix.patterns, matrix.cases
        if not rows or not cols:
            p.restore()
            return
        font = self.style.font(self.style.small_label_pt)
        bold = self.style.font(self.style.small_label_pt, bold=True)
        fm = QFontMetricsF(font)
        left = min(w * 0.45, max(fm.horizontalAdvance(label(r)) for r in rows) + 12)
        heads = self.header_layout(w, h, left, [label(c) for c in cols])
        head_h = heads.height
        cw, rh = (w - left) / len(cols), (h - head_h) / len(rows)
        p.setPen(QColor(t.text))
        for c, text, box in zip(cols, heads.texts, heads.rects):
            p.setFont(bold if c in selected else font)
            if heads.rotated:  # read bottom-up, its foot on the header line, centred on its column
                p.save()
                p.translate(box.center())
                p.rotate(-90)
                p.drawText(QRectF(-box.height() / 2, -box.width() / 2, box.height(), box.width()),
                           Qt.AlignLeft | Qt.AlignVCenter, text)
                p.restore()
            else:
                p.drawText(box, Qt.AlignHCenter | Qt.AlignBottom | Qt.TextWordWrap, text)
        mark = self.style.font(self.style.label_pt * 1.3)
        for i, r in enumerate(rows):
            y = head_h + i * rh
            if i % 2:
                p.fillRect(QRectF(0, y, w, rh), QColor(128, 128, 128, 18))
            p.setFont(bold if r in selected else font)
            p.setPen(QColor(t.text))
            text = QFontMetricsF(p.font()).elidedText(label(r), Qt.ElideRight, left - 10)
            p.drawText(QRectF(0, y, left - 10, rh), Qt.AlignRight | Qt.AlignVCenter, text)
            p.setFont(mark)
            for j, c in enumerate(cols):
                got = matrix.cell(c, r)
                if got is None:
                    continue
                cid, value = got
                strong = cid in selected or c in selected or r in selected
                if cid in selected:  # the selected cell in the selection's fill, as on screen
                    p.fillRect(QRectF(left + j * cw + 2, y + 2, cw - 4, rh - 4), QColor(t.selected))
                p.setPen(QColor(t.highlight if cid in selected else t.text if strong or not selected else t.muted))
                p.drawText(QRectF(left + j * cw, y, cw, rh), Qt.AlignCenter, MARKS.get(value, "?"))
        p.setPen(QPen(QColor(t.muted), 1))
        p.drawLine(QPointF(left, head_h), QPointF(w, head_h))
        p.restore()

    def header_layout(self, w: float, h: float, left: float, names: list[str]) -> Headers:
        """Where the column names go, in figure units: across their column when every word fits it
        (two lines at most), else turned upright — one line each, a line's height wide — so no two
        names ever overlap; a name longer than the header band may grow (up to 40 % of the
        figure) is elided, never cut by its neighbour."""
        bold = QFontMetricsF(self.style.font(self.style.small_label_pt, bold=True))  # the widest a name gets
        cw = (w - left) / len(names)
        texts = [n.replace(" / ", "/ ") for n in names]
        line = bold.lineSpacing()
        fits = all(bold.horizontalAdvance(word) <= cw - 4 for t in texts for word in t.split()) and all(
            bold.boundingRect(QRectF(0, 0, cw - 4, 1e6), Qt.TextWordWrap, t).height() <= line * 2.05 for t in texts)
        if fits:
            head_h = line * 2.2
            return Headers(head_h, False, texts, [QRectF(left + j * cw + 2, 0, cw - 4, head_h) for j in range(len(names))])
        head_h = min(h * 0.4, max(bold.horizontalAdvance(n) for n in names) + 8)
        texts = [bold.elidedText(n, Qt.ElideRight, head_h - 8) for n in names]
        across = min(line, cw - 2)
        rects = [QRectF(left + (j + 0.5) * cw - across / 2, 2, across, head_h - 6) for j in range(len(names))]
        return Headers(head_h, True, texts, rects)

    @staticmethod
    def legend(matrix: read.PatternMatrix) -> list[tuple[str, str]]:
        used = {v for _, v in matrix.cells.values()}
        return [(MARKS[v], MEANINGS[v]) for v in MARKS if v in used]

    def draw_mark(self, p: QPainter, mark: str, w: float, h: float) -> None:
        """One mark as a cell shows it (its glyph, in the cells' font and the text colour), centred in
        ``w``×``h``: the symbol a slide's legend shows beside its meaning."""
        font = self.style.font(self.style.label_pt * 1.3)
        font.setPixelSize(max(1, round(h * 1.3)))  # the legend's row height, not the figure's zoom
        p.setFont(font)
        p.setPen(QColor(theme.current().text))
        p.drawText(QRectF(0, 0, w, h), Qt.AlignCenter | Qt.TextDontClip, mark)
