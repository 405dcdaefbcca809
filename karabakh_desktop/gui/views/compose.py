"""A slide of several views (a scene, the window): each panel's figure in the box that
``core.views.composition`` gives it, with one legend for all of them. Figures only — no widget is
ever drawn, so no tool bar, button or status line reaches a slide."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath

from ...core import read
from ...core.views.composition import compose
from .. import theme
from .frame import slide_view
from .memo.figure import MemoFigure
from .memo.matrix import MatrixFigure

GAP = 18.0
TEXT_VIEWS = ("memo", "details")  # drawn as the memo's passages about the selection


def paint_composition(p: QPainter, rect: QRectF, session, panels: dict, framed=()) -> None:
    boxes = compose(list(panels), rect.width(), rect.height(), GAP)
    t = theme.current()
    drawn = []
    for pid, (x, y, w, h) in boxes.items():
        box = QRectF(rect.x() + x, rect.y() + y, w, h)
        panel = panels[pid]
        if pid in TEXT_VIEWS:
            paint_memo(p, box, session)
        elif pid == "patterns":
            paint_patterns(p, box, session)
        elif getattr(panel, "has_figure", False):
            paint_framed(p, panel, box, slide_view(panel, box, cell=len(boxes) > 1) if pid in framed else None)
        drawn.append(box)
    if len(drawn) > 1:
        # SVG keeps no clip: whatever a figure drew past its box is covered here, then a hairline
        # keeps neighbouring figures apart
        gaps = QPainterPath()
        gaps.addRect(rect)
        for box in drawn:
            inside = QPainterPath()
            inside.addRect(box)
            gaps = gaps.subtracted(inside)
        p.save()
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(t.base))
        p.drawPath(gaps)
        p.setPen(QColor(t.muted))
        p.setBrush(Qt.NoBrush)
        for box in drawn:
            p.drawRect(box)
        p.restore()


def paint_framed(p: QPainter, panel, box: QRectF, view=None) -> None:
    """A panel's figure in ``box`` over its framed ``view``; a view with a note (``frame.CellView``:
    what it leaves out) keeps its foot for it: the figure is drawn above it — its key of numbered
    names never over the note — and the note in it."""
    note = getattr(view, "note", "")
    if note:
        above, inner = view.above_foot(box)
        panel.paint_figure(p, above, inner)
        paint_note(p, box, note)
    else:
        panel.paint_figure(p, box, view)


def paint_note(p: QPainter, box: QRectF, note: str) -> None:
    """A cell's word on what it leaves out, at its foot (see ``frame.CellView``)."""
    from .style import EXPORT

    t = theme.current()
    p.save()
    font = EXPORT.font(EXPORT.small_label_pt * EXPORT.zoom)
    room = box.adjusted(8, 0, -8, -4)
    p.setFont(font)
    p.setPen(QColor(t.muted))
    p.drawText(room, Qt.AlignLeft | Qt.AlignBottom, QFontMetricsF(font).elidedText(note, Qt.ElideRight, room.width()))
    p.restore()


def composition_legend(session, panels: dict) -> list[tuple[str, str]]:
    """One legend for the composed figures: each meaning once, in the panels' order."""
    seen, out = set(), []
    for pid, panel in panels.items():
        if pid == "patterns":
            entries = patterns_legend(session)
        elif pid in TEXT_VIEWS:
            entries = memo_legend(session)
        elif getattr(panel, "has_figure", False):
            from .legend import slide_legend

            entries = slide_legend(panel)
        else:
            entries = []
        for entry in entries:
            if entry[1] not in seen:
                seen.add(entry[1])
                out.append(entry)
    return out


def memo_passages(session) -> list:
    """The passages a memo slide quotes: those about the selection; with nothing selected, the
    memo's opening (as many whole paragraphs as fit)."""
    touch = session.touch
    if touch.selected:
        return read.passages(session.db, touch.sentences, touch.evidence_sentences)
    return read.opening(session.db)


def paint_memo(p: QPainter, rect: QRectF, session) -> None:
    passages = memo_passages(session)
    MemoFigure().paint(p, rect, passages, sources=passage_sources(session.db, passages))


def passage_sources(db, passages) -> dict[str, str]:
    """How a memo slide names the document of each passage: "the memo", or an imported document's
    title in quotes (its passages are the analyst's reading, not the memo's)."""
    out = {}
    for d in dict.fromkeys(ps.document_id for ps in passages):
        title = read.imported_title(db, d)
        out[d] = f"“{title}”" if title else "the memo"
    return out


def memo_legend(session) -> list[tuple[str, str]]:
    """Only the kinds of reference the memo figure shows now."""
    t = theme.current()
    kinds = {ps.evidence for ps in memo_passages(session)} if session.touch.selected else set()
    return [e for flag, e in ((True, (t.highlight, "¶ n: a paragraph with evidence of the selection")),
                              (False, (t.muted, "¶ n: a paragraph that mentions it"))) if flag in kinds]


def paint_patterns(p: QPainter, rect: QRectF, session) -> None:
    MatrixFigure().paint(p, rect, read.pattern_matrix(session.db), label=session.label,
                         selected=frozenset(session.touch.selected))


def patterns_legend(session) -> list[tuple]:
    """The marks the matrix uses, each beside its meaning as the matrix draws it (not a colour square)."""
    t, figure = theme.current(), MatrixFigure()
    return [(t.text, meaning, lambda p, w, h, mark=mark: figure.draw_mark(p, mark, w, h))
            for mark, meaning in MatrixFigure.legend(read.pattern_matrix(session.db))]



class TextFigure:
    """A text panel (memo, details, patterns) as a slide draws it: its figure, not its widgets."""

    has_figure = True

    def __init__(self, panel):
        self.panel, self.session = panel, panel.session

    def paint_figure(self, p: QPainter, rect: QRectF, view=None) -> None:
        if self.panel.panel_id == "patterns":
            paint_patterns(p, rect, self.session)
        else:
            paint_memo(p, rect, self.session)

    def legend(self) -> list[tuple]:
        return patterns_legend(self.session) if self.panel.panel_id == "patterns" else memo_legend(self.session)
