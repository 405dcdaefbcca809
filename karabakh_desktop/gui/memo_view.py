"""The memo's text view: a scroll repaints what it shows instead of moving the pixels already on screen
(MemoView); and its highlights, handed to it only near where it shows after a selection, and always in a
long text (Highlights).

Highlights: what a selection wants drawn, and the extra selections that draw it.

A highlight is a key ``(start, end, background rgba or None, marked, foreground rgba or None, text colour)``.
Each is drawn by a QTextEdit extra selection, which holds a text cursor; a document keeps a list of its
live cursors and walks it at each cursor made or dropped. A 1 MB text names a selected item hundreds
of times: its highlights as extra selections (thousands, kept from selection to selection) cost the
text view 0.4–1.3 s of CPU per selection (each extra selection measured, each cursor made and dropped
among thousands). In a long text (LONG_TEXT characters), with more than WINDOW_FROM highlights, or for a
selection (``near``), only those near the view (a view's height above and below it) are handed to the
view, again as the view scrolls or the text is laid out anew. A selection in the memo names an item tens
of times across the text: handed all, the view measured and compared each (the memo's slowest
selections, a tenth of their share). A selection hands them over once, after its scroll to the first
passage (``deferred``): those near where the view then shows. Not for a document just set on the view
(a new theme, a knowledge change): finding where the view shows would lay its text out before the view
gives it its width, and the margin's bars were left where that layout put them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QBrush, QColor, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from .qt_imports import wrap_children

WINDOW_FROM = 300  # highlights: more are handed to the view only near where it shows
NEAR_FROM = 0  # a selection's highlights (``near``): more than this (0: any) are handed only near the view
LONG_TEXT = 100_000  # characters: in a longer text, too (the memo is 14,000)
KEPT = 3_000  # extra selections kept for the next selections (each holds one of the document's cursors)


class Highlights:
    """The highlights a text view (a QTextEdit) shows."""

    def __init__(self, view: QTextEdit):
        self.view = view
        self.window_from, self.long_text, self.near_from = WINDOW_FROM, LONG_TEXT, NEAR_FROM
        self.wanted: list[tuple] = []  # every highlight, in drawing order (later over earlier)
        self.near = False  # only those near where the view shows are handed to it, however few
        self._shown: list[tuple] | None = None  # the keys handed to the view
        self._kept: tuple = (None, -1, {})  # (document, its revision, key -> its extra selection)
        self.deferred = False  # True: what is wanted is handed to the view at the next follow() after it
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(self.follow)
        bar.rangeChanged.connect(self.follow)  # laid out anew (a new width, a long text's later steps)

    def set(self, wanted: list[tuple], near: bool = False) -> None:
        """Draw ``wanted``; ``near``: hand the view only those near where it shows, however few and short the
        text (a selection's, in a text the view has laid out: finding where it shows lays none out)."""
        self.wanted, self.near = wanted, near
        self._shown = None
        self.follow()

    def follow(self, *_) -> None:
        """Hand the view the highlights it should draw now (all, or those near where it shows)."""
        if self.deferred:
            return
        wanted, doc = self.wanted, self.view.document()
        n = len(wanted)
        if n and ((self.near and n > self.near_from) or n > self.window_from or doc.characterCount() > self.long_text):
            view, vp = self.view, self.view.viewport()
            h = vp.height()
            top = view.cursorForPosition(QPoint(0, -h)).position()
            bottom = view.cursorForPosition(QPoint(vp.width(), 2 * h)).position()
            wanted = [k for k in wanted if k[0] <= bottom and k[1] >= top]
        if wanted == self._shown:
            return
        self._shown = wanted
        # kept per key while the document stays: the same names come back selection after selection
        if self._kept[0] is not doc or self._kept[1] != doc.revision() or len(self._kept[2]) > KEPT:
            self._kept = (doc, doc.revision(), {})
        kept = self._kept[2]
        self.view.setExtraSelections([kept.get(k) or self._extra(doc, k) for k in wanted])

    def _extra(self, doc, key: tuple) -> QTextEdit.ExtraSelection:
        a, b, background, marked, foreground, text = key
        sel = QTextEdit.ExtraSelection()
        c = QTextCursor(doc)
        c.setPosition(a)
        c.setPosition(b, QTextCursor.KeepAnchor)
        sel.cursor = c
        if background is not None:
            sel.format.setBackground(QBrush(QColor.fromRgba(background)))
            # names keep AA contrast on the highlight too: the theme's text colour, not the kind's
            sel.format.setForeground(QColor(text))
        if foreground is not None:
            sel.format.setForeground(QColor.fromRgba(foreground))
        if marked:
            # The selected item's names stand out from what it touches by more than their colour: a solid
            # underline in the theme's text colour (AA on the selection's amber) over the mention's dotted
            # one. Not bold: Qt draws an extra selection without laying the text out again, so it ignores
            # what would change the text's width (weight, size), and bold names were never drawn.
            sel.format.setUnderlineStyle(QTextCharFormat.SingleUnderline)
            sel.format.setUnderlineColor(QColor(text))
        self._kept[2][key] = sel
        return sel


class MemoView(QTextBrowser):
    """A QTextBrowser whose scroll paints the whole viewport anew.

    Qt scrolls a text view by moving the pixels on screen (a blit) and painting only the strip that
    comes into view. The memo's text is not drawn the same at every offset (its lines stand at
    fractional heights, 125 % line spacing, and Qt rounds glyph and underline positions on the device),
    so the moved pixels were not what a paint at the new offset draws: after a selection that
    scrolled (Russia, then Armenia added), the memo on screen differed from a fresh render of it.
    A selection's scroll already moves far enough to repaint nearly all of the text.

    Its scroll bar fills its own background (the window's colour it stands on): Fusion draws only its
    groove's marks and handle, so each repaint of it (every scroll: most selections) painted the panel
    and the text view's frame under it first — three paints for one.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        wrap_children(self)  # before its viewport is asked for: see qt_imports.wrap_children
        self.verticalScrollBar().setAutoFillBackground(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Qt lays the whole text out again at every resize whose width differs from the one before it,
        # and the first resize (as the view is shown) has none before it: the text set on a view already
        # given its final width (MemoPanel made at its dock's size) was laid out a second time, at the same
        # width. Laid out at this width already: only the scroll bars follow the new height.
        if (event.oldSize().width() != event.size().width() and self.lineWrapMode() == QTextEdit.WidgetWidth
                and self.document().pageSize().width() == self.viewport().width()):
            event = QResizeEvent(event.size(), event.size())
        super().resizeEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt's name)
        self.viewport().update()
        self.updateMicroFocus()
