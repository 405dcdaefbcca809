"""A slide of several views (a scene, the window): each panel's figure in the box that
``core.views.composition`` gives it, with one legend for all of them. Figures only — no widget is
ever drawn, so no tool bar, button or status line reaches a slide."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from ...core import read
from ...core.views.composition import compose
from .. import theme
from ..views.memo.figure import MemoFigure
from ..views.memo.matrix import MatrixFigure
from .frame import slide_view

GAP = 18.0
TEXT_VIEWS = ("memo", "details")  # drawn as the memo's passages about the selection


def paint_composition(p: QPainter, rect: QRectF, session, panels: dict, framed=()) -> None:
    boxes = compose(list(panels), rect.width(), rect.height(), GAP)
    t = theme.current()
    for pid, (x, y, w, h) in boxes.items():
        box = QRectF(rect.x() + x, rect.y() + y, w, h)
        panel = panels[pid]
        if getattr(panel, "has_figure", False):
            view = slide_view(panel, box) if pid in framed else None
            panel.paint_figure(p, box, view)
        elif pid in TEXT_VIEWS:
            touch = session.touch
            MemoFigure().paint(p, box, read.passages(session.db, touch.sentences, touch.evidence_sentences))
        elif pid == "patterns":
            MatrixFigure().paint(p, box, read.pattern_matrix(session.db), label=session.label,
                                 selected=frozenset(session.touch.selected))
        if len(boxes) > 1:  # a hairline keeps neighbouring figures apart
            p.save()
            p.setPen(QColor(t.muted))
            p.setBrush(QColor(0, 0, 0, 0))
            p.drawRect(box)
            p.restore()


def composition_legend(session, panels: dict) -> list[tuple[str, str]]:
    """One legend for the composed figures: each meaning once, in the panels' order."""
    seen, out = set(), []
    for pid, panel in panels.items():
        if getattr(panel, "has_figure", False):
            entries = panel.legend() or []
        elif pid == "patterns":
            t = theme.current()
            entries = [(t.text, f"{mark} {meaning}") for mark, meaning in
                       MatrixFigure.legend(read.pattern_matrix(session.db))]
        else:
            entries = []
        for colour, meaning in entries:
            if meaning not in seen:
                seen.add(meaning)
                out.append((colour, meaning))
    return out
