"""A short rich text that scrolls: the Patterns panel's evidence for the selected cells.

It stands for a word-wrapped rich-text ``QLabel`` in a ``QScrollArea`` and shows the same pixels,
at a fraction of the cost of a new text. The label measured its height for a width by laying its
whole document out at that width and then back at the one it had; the scroll area asked it 8 to 10
times a text (with and without the scroll bar, one pixel narrower each time), and the label laid
the text out once more as it painted. Here one document is laid out at the width it is shown at
(twice when the text needs the scroll bar: without it, then beside it) and that same layout is
painted and scrolled."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QAbstractScrollArea, QFrame


class EvidenceView(QAbstractScrollArea):
    """Rich text laid out at the view's width, with a vertical scroll bar when it is taller than
    the view. Links (``<a href>``) are clickable as in a label (``linkActivated``); the plain text
    is the view's accessible name, as a label's text is its own."""

    linkActivated = Signal(str)  # noqa: N815 (QLabel's name)
    KEPT = 32  # texts kept laid out: a cell shown again costs no parse and, at the same width, no layout

    def __init__(self, margin: int = 6, parent=None):
        super().__init__(parent)
        self._margin = margin
        self._html = ""
        self._press: str | None = None
        self._fitting = False
        self._kept: dict[str, QTextDocument] = {}  # html -> its document, laid out; the newest last
        self._doc = self._kept[""] = self._new_document("")
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        # the bar is shown or hidden here, with the layout (as needed, Qt would decide it in a
        # queued call: after the paint, then lay out and paint again)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(20)  # a scroll area's step
        self._bar_holder = self.verticalScrollBar().parentWidget()
        viewport = self.viewport()
        viewport.setBackgroundRole(QPalette.NoRole)  # a scroll area's: the window's colour, not the base
        viewport.setMouseTracking(True)  # a pointing hand over a link

    # -- what it shows --------------------------------------------------------------------------
    def margin(self) -> int:
        return self._margin

    def text(self) -> str:
        return self._html

    def setText(self, html: str) -> None:  # noqa: N802 (QLabel's name)
        """Show ``html``: its document as last laid out if it was shown lately, else a new one."""
        if html == self._html:
            return
        self._html = html
        doc = self._kept.pop(html, None)
        if doc is None:
            doc = self._new_document(html)
        self._kept[html] = doc
        while len(self._kept) > self.KEPT:
            self._kept.pop(next(iter(self._kept))).deleteLater()  # never the one shown: the newest
        self._doc = doc
        self.setAccessibleName(doc.toPlainText())
        self.verticalScrollBar().setValue(0)
        self._fit()
        self.viewport().update()

    def _new_document(self, html: str) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(0)  # as a label's: its margin is the widget's
        option = QTextOption(Qt.AlignTop | Qt.AlignLeft)
        option.setWrapMode(QTextOption.WordWrap)  # a word-wrapped label's
        doc.setDefaultTextOption(option)
        doc.setDefaultFont(self.font())
        # no width while the text is set (a document with one, or unwrapped at -1, lays the text out
        # as it is set): it is laid out once, in _fit, at the width it is shown at
        doc.setPageSize(QSizeF(0, 0))
        doc.setHtml(html)
        return doc

    def document(self) -> QTextDocument:
        return self._doc

    def contentHeight(self) -> int:  # noqa: N802 (Qt's naming)
        """The text's height with its margins, at the width it is laid out at."""
        return int(self._doc.size().height() + 0.999) + 2 * self._margin

    # -- layout ---------------------------------------------------------------------------------
    def _lay_out(self, viewport_width: int) -> None:
        width = max(0, viewport_width - 2 * self._margin)
        if self._doc.textWidth() != width:  # (setting the same width lays the whole text out again)
            self._doc.setTextWidth(width)

    def _fit(self) -> None:
        """Lay the text out at the viewport's width, beside the scroll bar if it is taller than the
        view. It is tried first at the width it was laid out at (a kept text shown again), else as the
        bar is now (shown or not): the answer as a rule, so one layout at most."""
        if self._fitting:  # (the bar shown or hidden resizes the viewport: a resize event inside)
            return
        self._fitting = True
        try:
            bar = self.verticalScrollBar()
            inner = self.contentsRect()
            full, narrow = inner.width(), inner.width() - bar.sizeHint().width()
            # the width it was last laid out at, if either; else as the bar is now
            laid_out = self._doc.textWidth() + 2 * self._margin
            if laid_out == narrow or (laid_out != full and self.verticalScrollBarPolicy() == Qt.ScrollBarAlwaysOn):
                self._lay_out(narrow)
                needs_bar = self.contentHeight() > inner.height()
                if not needs_bar:  # (it fits beside the bar: it fits wider)
                    self._lay_out(full)
            else:
                self._lay_out(full)
                needs_bar = self.contentHeight() > inner.height()
                if needs_bar:
                    self._lay_out(narrow)
            policy = Qt.ScrollBarAlwaysOn if needs_bar else Qt.ScrollBarAlwaysOff
            if self.verticalScrollBarPolicy() != policy:
                self.setVerticalScrollBarPolicy(policy)
                # The bar shown or hidden asks for a layout of the view, and a shown bar and its
                # holder ask to be painted, in posted events: they came after the window's paint and
                # painted the bar a second time, in a second pass over the window. Taken now.
                QCoreApplication.sendPostedEvents(self, QEvent.LayoutRequest)
                if needs_bar:
                    QCoreApplication.sendPostedEvents(self._bar_holder, QEvent.UpdateLater)
                    QCoreApplication.sendPostedEvents(bar, QEvent.UpdateLater)
            height = self.viewport().height()
            bar.setPageStep(height)
            bar.setRange(0, max(0, self.contentHeight() - height))
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # a label's text takes its font
            for html in [h for h in self._kept if h != self._html]:
                self._kept.pop(html).deleteLater()
            self._doc.setPageSize(QSizeF(0, 0))  # (laid out again once, at its width, by _fit)
            self._doc.setDefaultFont(self.font())
            self._fit()
            self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt's name)
        self.viewport().scroll(dx, dy)

    # -- painting -------------------------------------------------------------------------------
    def _origin(self) -> QPointF:
        return QPointF(self._margin, self._margin - self.verticalScrollBar().value())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._lay_out(self.viewport().width())  # (laid out already: nothing to do but in a first paint)
        painter = QPainter(self.viewport())
        origin = self._origin()
        painter.translate(origin)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(self.palette())
        # as a label paints its text: in its foreground colour, which the theme sets
        palette.setColor(QPalette.Text, palette.color(self.foregroundRole()))
        context.palette = palette
        context.clip = QRectF(event.rect()).translated(-origin)
        painter.setClipRect(context.clip)
        self._doc.documentLayout().draw(painter, context)
        painter.end()

    # -- links ----------------------------------------------------------------------------------
    def anchorAt(self, pos) -> str:  # noqa: N802 (Qt's naming)
        """The link under a point of the viewport ("" for none)."""
        return self._doc.documentLayout().anchorAt(QPointF(pos) - self._origin())

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._press = self.anchorAt(event.position()) if event.button() == Qt.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        press, self._press = self._press, None
        if press and event.button() == Qt.LeftButton and self.anchorAt(event.position()) == press:
            self.linkActivated.emit(press)
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.anchorAt(event.position()):
            self.viewport().setCursor(Qt.PointingHandCursor)
        else:
            self.viewport().unsetCursor()
        super().mouseMoveEvent(event)
