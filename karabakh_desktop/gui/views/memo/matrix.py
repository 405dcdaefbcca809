"""The memo's case × pattern comparison as a slide figure: patterns down, cases across, each cell
marked observed (●), an option (○) or ruled out (×); the selection's rows and columns stand out."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from ....core import read
from ... import theme
from ..style import EXPORT, FigureStyle, begin

MARKS = {"observed": "●", "option": "○", "ruled_out": "×"}
MEANINGS = {"observed": "observed in the case", "option": "an option", "ruled_out": "ruled out"}


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
        head_h = fm.lineSpacing() * 2.2
        left = min(w * 0.45, max(fm.horizontalAdvance(label(r)) for r in rows) + 12)
        cw, rh = (w - left) / len(cols), (h - head_h) / len(rows)
        p.setPen(QColor(t.text))
        p.save()
        p.setClipRect(QRectF(left, 0, w - left, head_h))
        for j, c in enumerate(cols):
            p.setFont(bold if c in selected else font)
            # a column's name in its own column: two lines at most, never over its neighbour's
            cell = QRectF(left + j * cw + 2, 0, cw - 4, head_h)
            p.drawText(cell, Qt.AlignHCenter | Qt.AlignBottom | Qt.TextWordWrap, label(c).replace(" / ", "/ "))
        p.restore()
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

    @staticmethod
    def legend(matrix: read.PatternMatrix) -> list[tuple[str, str]]:
        used = {v for _, v in matrix.cells.values()}
        return [(MARKS[v], MEANINGS[v]) for v in MARKS if v in used]
