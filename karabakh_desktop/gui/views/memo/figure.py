"""The memo as a slide shows it: the passages that speak of the selection, in whole sentences,
each paragraph under its "¶ n", the selection's evidence first. A passage that does not fit whole is
left out (never cut mid-line) and counted in a last line; the citation closes the figure."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPaintEngine, QPainter

from ....core import read
from ....core.wording import noun
from ... import theme
from ..style import EXPORT, FigureStyle, begin, wrap

MEASURE = 95  # characters a line holds at most: a wide slide quotes in a readable column
WIDE = 1100.0  # a figure this wide (logical pixels) quotes in larger type


class MemoFigure:
    def __init__(self, style: FigureStyle = EXPORT):
        self.style = style

    def _pt(self, width: float) -> float:
        return self.style.label_pt * (1.25 if width >= WIDE else 1.0)

    def body_font(self, width: float):
        return self.style.font(self._pt(width))

    def ref_font(self, width: float):
        return self.style.font(self._pt(width), bold=True)

    def layout(self, passages: list[read.Passage], width: float, height: float, heads: dict[str, str] | None = None):
        """(drawn passages with their lines, how many were left out, the ¶ column's width, the line
        height, the documents' heads with their y) for a ``width`` × ``height`` area in the figure's
        logical pixels. ``heads``: a line to put above the passages of each document, in the order the
        documents are to come (when some are not the memo's: their "¶ n" count their own paragraphs)."""
        heads = heads or {}
        fm = QFontMetricsF(self.body_font(width))
        ref_w = QFontMetricsF(self.ref_font(width)).horizontalAdvance("¶ 00") + 12
        width = min(width, ref_w + fm.averageCharWidth() * MEASURE)
        lh = fm.lineSpacing()
        ordered = sorted(passages, key=lambda ps: (not ps.evidence, ps.document_id, ps.paragraph))
        y, drawn, headed = 0.0, [], set()
        for ps in ordered:
            lines = wrap(fm, " ".join(ps.sentences), width - ref_w)  # whole sentences, as one paragraph
            head = ps.document_id in heads and ps.document_id not in headed
            need = lh * (len(lines) + head)
            if y + need > height - lh * 1.5:  # keep room for the "more" line
                continue
            if head:
                headed.add(ps.document_id)
            drawn.append((ps, lines, y))
            y += need + lh * 0.6
        rank = {d: n for n, d in enumerate(heads)}  # the heads' order is the documents' order
        drawn.sort(key=lambda d: (rank.get(d[0].document_id, len(rank)), d[0].document_id, d[0].paragraph))
        y = 0.0
        placed, titles, doc = [], [], None
        for ps, lines, _ in drawn:
            if ps.document_id != doc and ps.document_id in heads:
                titles.append((heads[ps.document_id], y))
                y += lh
            doc = ps.document_id
            placed.append((ps, lines, y))
            y += lh * len(lines) + lh * 0.6
        return placed, len(passages) - len(placed), ref_w, lh, titles

    @staticmethod
    def more_line(left_out: list[read.Passage], sources: dict[str, str] | None = None) -> str:
        """The last line, counting the passages left out and naming where they are: ``sources`` maps a
        document id to how the line names it ("the memo", “Title”); without it, "the memo"."""
        n = len(left_out)
        docs = list(dict.fromkeys(ps.document_id for ps in left_out))
        names = [(sources or {}).get(d, "the memo") for d in docs]
        names = sorted(dict.fromkeys(names), key=lambda name: name != "the memo")  # the memo first
        where = " and ".join(names) if len(names) <= 2 else f"{names[0]} and {len(names) - 1} other documents"
        return f"… and {n:,} more {noun(n, 'passage')} in {where}"

    def paint(self, p: QPainter, rect: QRectF, passages: list[read.Passage], *, empty: str = "",
              zoom: float | None = None, sources: dict[str, str] | None = None) -> None:
        """``sources``: how each document is named (see :meth:`more_line`): when some passages are
        not the memo's, each document's stand under a head naming it ("In the memo:", "In “Field
        report”:"), the memo's first; the "more passages" line says where the left-out ones are."""
        zoom = self.style.zoom if zoom is None else zoom
        t = theme.current()
        w, h = begin(p, rect, zoom)
        p.fillRect(QRectF(0, 0, w, h), QColor(t.base))
        body, ref = self.body_font(w), self.ref_font(w)
        small = self.style.font(self.style.small_label_pt, italic=True)
        fm = QFontMetricsF(body)
        engine = p.paintEngine()
        # an SVG reader may set the text a little wider than Qt measures it: wrap with room to spare
        slack = 0.93 if engine is not None and engine.type() == QPaintEngine.SVG else 1.0
        named = sources or {}
        # Passages of another document than the memo: each document under its own head, the memo's first.
        heads = {d: f"In {name}:" for d, name in sorted(named.items(), key=lambda kv: kv[1] != "the memo")} \
            if any(name != "the memo" for name in named.values()) else {}
        placed, left_out, ref_w, lh, titles = self.layout(passages, w * slack, h, heads)
        self.last_heads = [text for text, _ in titles]  # (tests read them back)
        if not passages:
            p.setFont(small)
            p.setPen(QColor(t.muted))
            p.drawText(QPointF(0, fm.ascent()), empty or "The memo does not mention the selection.")
        for text, y in titles:  # whose the next "¶ n" are: another document than the memo
            p.setFont(ref)
            p.setPen(QColor(t.muted))
            p.drawText(QPointF(0, y + fm.ascent()), QFontMetricsF(ref).elidedText(text, Qt.ElideRight, w))
        for ps, lines, y in placed:
            p.setFont(ref)
            p.setPen(QColor(t.highlight if ps.evidence else t.muted))
            p.drawText(QPointF(0, y + fm.ascent()), f"¶ {ps.paragraph}")
            p.setFont(body)
            p.setPen(QColor(t.text))
            for k, line in enumerate(lines):
                p.drawText(QPointF(ref_w, y + k * lh + fm.ascent()), line)
        if left_out:
            p.setFont(small)
            p.setPen(QColor(t.muted))
            shown = {id(ps) for ps, _, _ in placed}
            more = self.more_line([ps for ps in passages if id(ps) not in shown], sources)
            p.drawText(QPointF(ref_w, h - lh * 0.4), more)
        p.restore()
