"""The memo's text view, with a selection's highlights drawn at a fraction of Qt's cost and the same pixels.

Qt draws a text view's extra selections paragraph by paragraph: for each highlight it walks every
visible line of the paragraph, clips to the highlight and draws its text again, and unites its area
with the others' (path unions that grow with each one). A selection that touches a dozen names in a
paragraph made the memo's repaint three to four times that of the bare text. Here a highlight of one
line (a name: nearly all of them) is drawn after the text, by its own paragraph's layout, clipped to
its own box: the same fill and the same text in the same place, one line's work. What cannot be drawn
so stays Qt's own extra selection, drawn before them: a highlight over several lines (a sentence), one
with no background (a name greyed by the time window), one the text cursor or the reader's own text
selection touches (Qt draws those over the highlights), one in right-to-left text, and any that a later
one of Qt's overlaps (the order of drawing is kept).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import QTextBrowser

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # Hebrew, Arabic, Syriac, Thaana, NKo …
_ORIGIN = QPointF(0, 0)
_TALLEST_LINE = 200  # px: a highlight starting this far above the painted area may still reach into it


class HighlightedText(QTextBrowser):
    """A QTextBrowser whose highlights are set with ``set_highlights`` (``extraSelections`` reads them all)."""

    overlay = True  # False: Qt draws every highlight (what the overlay's pixels are checked against)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list = []  # every highlight (QTextEdit.ExtraSelection), in the order they are drawn
        self._over: list = []  # (top, bottom, layout, [format range], box): drawn over the text, by top
        self._tops: list[float] = []
        self._native: list = []  # the ones Qt draws
        self._pending = False  # highlights set, not yet shared out between Qt and the overlay
        self.hold = False  # True: the text cursor moves without sharing them out (the panel scrolls next)
        self._boxes: dict = {}  # (start, end) -> (top, bottom, layout, start in block, box) or None
        self._ranges: dict = {}  # id of a highlight -> its entry in ``_over`` (kept with the boxes)
        self._spans: dict = {}  # id of a highlight -> (it, start, end, has a background)
        self._boxes_for: tuple | None = None  # (document, revision, width) the boxes were measured at
        self._stale = False  # the text was laid out again since: the boxes are measured again first
        self.cursorPositionChanged.connect(self._share)
        self.selectionChanged.connect(self._share)
        self._watch(self.document())

    # --- what the panel calls ------------------------------------------------------------------------
    def set_highlights(self, extras: list, *, now: bool = True) -> None:
        """Show ``extras`` (ExtraSelections, drawn in this order). With ``now=False`` they wait for the
        next move of the text cursor or ``flush`` (a selection sets the cursor next: shared out once)."""
        self._all = extras
        self._pending = True
        if now:
            self._share()

    def flush(self) -> None:
        if self._pending:
            self._share()

    def extraSelections(self) -> list:  # noqa: N802 (Qt's name): what is highlighted, however drawn
        return list(self._all)

    @property
    def drawn_over(self) -> int:
        """How many highlights are drawn over the text (the others are Qt's)."""
        return len(self._over)

    def setDocument(self, doc) -> None:  # noqa: N802 (Qt's name)
        self._over, self._tops = [], []  # boxes of the document before: never drawn over this one
        super().setDocument(doc)
        self._watch(doc)

    def _watch(self, doc) -> None:
        if doc.property("kd-highlights-watched"):
            return
        doc.setProperty("kd-highlights-watched", True)
        # Laid out again (a new width, a restyle, a long text laid out in steps): the lines moved.
        doc.documentLayout().update.connect(lambda _rect, d=doc: self._laid_out(d))

    def _laid_out(self, doc) -> None:
        if doc is not self.document() or not self._over or self._stale:
            return
        self._stale = True
        QTimer.singleShot(0, self._reshare)

    def _reshare(self) -> None:
        if self._stale:
            self._boxes_for = None
            self._share(force=True)  # the paints since drew none of them

    # --- sharing the highlights out ------------------------------------------------------------------
    def _share(self, force: bool = False) -> None:
        if self.hold:
            self._pending = True
            return
        self._pending = self._stale = False
        doc = self.document()
        key = (doc, doc.revision(), self.viewport().width())
        if key != self._boxes_for:
            self._boxes, self._ranges, self._boxes_for = {}, {}, key
        if len(self._spans) > 50_000:  # the highlights of documents no longer shown
            self._spans = {}
        cur = self.textCursor()
        at, s0, s1, has_sel = cur.position(), cur.selectionStart(), cur.selectionEnd(), cur.hasSelection()
        if not has_sel:
            s0, s1 = -2, -2
        spans, ranges, boxes, overlay = self._spans, self._ranges, self._boxes, self.overlay
        # Measured only near the view (a screenful above and below): a long text's thousands of names
        # far from it stay Qt's until a selection brings the view to them.
        dy, vh = self.verticalScrollBar().value(), self.viewport().height()
        near = (dy - vh, dy + 2 * vh)
        # from the last drawn back: a highlight goes over the text only when no later one of Qt's overlaps it
        later_native: list[tuple[int, int]] = []
        over, native = [], []
        for sel in reversed(self._all):
            got = spans.get(id(sel))
            if got is None or got[0] is not sel:  # (a selection object is made once per span and look)
                c = sel.cursor
                got = spans[id(sel)] = (sel, c.selectionStart(), c.selectionEnd(),
                                        sel.format.background().style() != Qt.NoBrush)
            _, a, b, box = got
            if box and overlay and not a <= at <= b and not (a <= s1 and s0 <= b):
                for na, nb in later_native:
                    if a <= nb and na <= b:
                        box = None
                        break
                else:
                    box = boxes[(a, b)] if (a, b) in boxes else self._box(doc, a, b, near)
            else:
                box = None
            if box is None:
                native.append(sel)
                later_native.append((a, b))
                continue
            fr = ranges.get(id(sel))
            if fr is None or fr[5] is not sel:
                fr = QTextLayout.FormatRange()
                fr.start, fr.length, fr.format = box[3], b - a, sel.format
                fr = ranges[id(sel)] = (box[0], box[1], box[2], [fr], box[4], sel)
            over.append(fr)
        native.reverse()
        over.reverse()
        over.sort(key=itemgetter(0))  # by top (stable: the ones on a line keep their order of drawing)
        tops = [o[0] for o in over]
        if force or len(over) != len(self._over) or any(
                o[5] is not q[5] or o[4] is not q[4] for o, q in zip(over, self._over)):
            self._repaint_boxes(self._over, self._tops)  # (after a new layout: where they were, and Qt's text)
            self._repaint_boxes(over, tops)
        self._over, self._tops = over, tops
        if len(native) != len(self._native) or any(n is not m for n, m in zip(native, self._native)):
            self._native = native
            super().setExtraSelections(native)

    def _repaint_boxes(self, over: list, tops: list) -> None:
        """Repaint the boxes of ``over`` (sorted by ``tops``) that are in view."""
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        vp = self.viewport()
        bottom = dy + vp.height()
        cut = set()
        for o in over[bisect_left(tops, dy - _TALLEST_LINE):]:
            if o[0] > bottom:
                break
            vp.update(o[4].toRect().translated(-dx, -dy))
            if o[2] not in cut:  # and the strip left of its paragraph that paintEvent cuts
                cut.add(o[2])
                vp.update(_strip(o[2]).toAlignedRect().translated(-dx, -dy))

    def _box(self, doc, a: int, b: int, near: tuple[int, int]):
        """Where the highlight [a, b) is when it lies on one line of left-to-right text: (top, bottom,
        its paragraph's layout, its start there, its box as Qt fills it); None when it does not, or
        when its paragraph is not ``near`` (top, bottom) the view (then it is not kept)."""
        block = doc.findBlock(a)
        layout, bpos = block.layout(), block.position()
        if layout.lineCount() == 0:  # not laid out yet: Qt draws it (and it is measured next time)
            return None
        lines = layout.boundingRect().translated(layout.position())
        if lines.bottom() < near[0] or lines.top() > near[1]:
            return None
        number = block.blockNumber()
        rtl = self._boxes.get(number)
        if rtl is None:
            rtl = self._boxes[number] = bool(_RTL.search(block.text()))
        box = None
        line = layout.lineForTextPosition(a - bpos)
        if not rtl and line.isValid() and b - bpos <= line.textStart() + line.textLength():
            x0, x1 = _x(line, a - bpos), _x(line, b - bpos)
            if x1 > x0:
                pos = layout.position()
                height = line.ascent() + line.descent() + (max(0.0, line.leading()) if line.leadingIncluded() else 0)
                # the box Qt fills for a selection within a line: whole pixels around the glyphs' span
                rect = QRectF(QRectF(pos.x() + x0, pos.y() + line.y(), x1 - x0, height).toAlignedRect())
                box = (rect.top(), rect.bottom(), layout, a - bpos, rect)
        self._boxes[(a, b)] = box
        return box

    # --- drawing ----------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self._over or self._stale:  # stale: measured again just after, and those boxes repainted
            return
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        area = event.rect()
        top, bottom = area.top() + dy, area.bottom() + 1 + dy
        i = bisect_left(self._tops, top - _TALLEST_LINE)
        p = None
        cut = set()
        for o_top, o_bottom, layout, ranges, rect, _sel in self._over[i:]:
            if o_top > bottom:
                break
            if o_bottom < top:
                continue
            if p is None:
                p = QPainter(self.viewport())
                p.translate(-dx, -dy)
                pen = self.palette().color(QPalette.Text)
                base = self.viewport().palette().brush(self.viewport().backgroundRole())
            if layout not in cut:
                # Qt clips the text of a paragraph it draws a highlight in to its lines' box: the edge of a
                # glyph left of the column (a pixel of a "T") is not drawn. Cut here as there.
                cut.add(layout)
                p.fillRect(_strip(layout), base)
            p.setPen(pen)
            # the one highlight, clipped to its box: its fill, then its text in its format, as Qt draws it
            layout.draw(p, _ORIGIN, ranges, rect)
        if p is not None:
            p.end()


def _strip(layout) -> QRectF:
    """Left of a paragraph's lines, beside them."""
    lines = layout.boundingRect().translated(layout.position())
    return QRectF(0, lines.top(), lines.left(), lines.height())


def _x(line, pos: int) -> float:
    x = line.cursorToX(pos)
    return x[0] if isinstance(x, tuple) else x


def keep_glyphs(doc) -> None:
    """Have each paragraph of ``doc`` keep its shaped glyphs once laid out. By default a paragraph keeps
    only its lines and shapes its text again at each paint (the layout frees the glyphs after laying it
    out): every repaint of the memo after a selection shaped each visible line again, and Qt's highlights
    shaped their paragraph's lines once more each. ≈ 70 bytes a character: the panel keeps a budget."""
    block = doc.begin()
    while block.isValid():
        block.layout().setCacheEnabled(True)
        block = block.next()
