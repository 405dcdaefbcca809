"""The memo's margin: a bar beside each paragraph that items of the knowledge base quote as evidence."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QTextBrowser, QWidget

MARGIN_W = 14


class EvidenceMargin(QWidget):
    """Marks, beside each paragraph of the memo panel's text, whether it contributes data to the knowledge
    base (``panel.block_evidence``: block number -> items quoting it)."""

    def __init__(self, view: QTextBrowser, panel):
        super().__init__(view)
        self.view, self.panel = view, panel
        self.setToolTip("Bar: this paragraph is quoted as evidence by N items of the knowledge base.\n"
                        "No bar: nothing has been read out of it.")
        # Beside the text, as tall as it: placed whenever the text's viewport is resized. Placed from
        # the panel's own resize it kept the viewport's height from before the panel's layout had run
        # when the panel was made at its final size (one resize): the bars were cut short.
        view.viewport().installEventFilter(self)
        # Opaque: Qt fills it with the window's colour, the colour it stands on, and paints neither the
        # text view nor the panel under it each time the bars move (every selection that scrolls).
        self.setAutoFillBackground(True)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Resize:
            vp = self.view.viewport().geometry()
            self.setGeometry(QRect(vp.left() - MARGIN_W, vp.top(), MARGIN_W, vp.height()))
        return False

    def sizeHint(self) -> QSize:
        return QSize(MARGIN_W, 0)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        doc = self.view.document()
        layout = doc.documentLayout()
        offset = self.view.verticalScrollBar().value()
        top_margin = self.view.viewport().y() - self.y()
        # Only the blocks on screen: from the one at the top of the viewport down.
        first = self.view.cursorForPosition(self.view.viewport().rect().topLeft()).block()
        block = first
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            y = int(rect.top() - offset + top_margin)
            if y > self.height():
                break
            count = self.panel.block_evidence.get(block.blockNumber())
            if count:
                alpha = min(255, 90 + 30 * count)
                p.fillRect(QRect(3, y + 2, 5, int(rect.height()) - 4), QColor(0, 114, 178, alpha))
            block = block.next()
        p.end()
