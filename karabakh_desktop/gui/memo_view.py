"""The memo's text view: a scroll repaints what it shows instead of moving the pixels already on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser


class MemoView(QTextBrowser):
    """A QTextBrowser whose scroll paints the whole viewport anew.

    Qt scrolls a text view by moving the pixels on screen (a blit) and painting only the strip that
    comes into view. The memo's text is not drawn the same at every offset (its lines stand at
    fractional heights, 125 % line spacing, and Qt rounds glyph and underline positions on the device),
    so the moved pixels were not what a paint at the new offset draws: after a selection that
    scrolled (Russia, then Armenia added), the memo on screen differed from a fresh render of it.
    A selection's scroll already moves far enough to repaint nearly all of the text.
    """

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt's name)
        self.viewport().update()
        self.updateMicroFocus()
