"""Text documents kept parsed (and laid out) per HTML, the most recently shown last, so that a page or
a text shown again is swapped in rather than parsed again (Details' pages, Patterns' evidence). The
holder owns the documents; the view showing one never deletes it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextDocument


class KeptDocuments(dict):
    """``html -> QTextDocument``, bounded by :meth:`trim`; ``chars`` is the HTML kept, in characters."""

    def __init__(self):
        super().__init__()
        self.chars = 0

    def take(self, html: str, make: Callable[[str], QTextDocument]) -> QTextDocument:
        """The document of ``html``, kept or made now by ``make``, as the newest."""
        doc = self.pop(html, None)
        if doc is None:
            doc = make(html)
            self.chars += len(html)
        self[html] = doc
        return doc

    def trim(self, count: int, chars: float = float("inf")) -> None:
        """Delete the oldest until at most ``count`` documents and ``chars`` characters of HTML are
        kept; never the newest (the one shown)."""
        while len(self) > 1 and (len(self) > count or self.chars > chars):
            oldest = next(iter(self))
            self.chars -= len(oldest)
            self.pop(oldest).deleteLater()

    def forget(self, keep: QTextDocument | None = None) -> None:
        """Delete every document but ``keep`` (still shown: its holder deletes it once replaced)."""
        for doc in self.values():
            if doc is not keep:
                doc.deleteLater()
        self.clear()
        self.chars = 0
