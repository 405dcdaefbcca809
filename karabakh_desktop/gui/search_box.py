"""One search box over names, aliases, claims, figures, notes and the full text of every document (Ctrl+K)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from ..core import read
from . import theme

ID_ROLE = Qt.UserRole + 1
FIELD_LABELS = {"name": "", "alias": "also called", "description": "in description",
                "claim": "claim", "relation": "relation", "figure": "figure", "note": "your note"}


class SearchBox(QLineEdit):
    chosen = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setPlaceholderText("Search names, places, claims, all texts…  (Ctrl+K)")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.model = QStandardItemModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCompletionMode(QCompleter.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseInsensitive)
        self.completer_.setMaxVisibleItems(14)
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(self._on_activated)
        self.textEdited.connect(self.refresh)
        self.returnPressed.connect(self._choose_first)
        self.hits = []
        self.no_results = False

    def refresh(self, text: str) -> None:
        from ..core.search import search  # the full-text index's queries: at the first search, not at start-up

        self.model.clear()
        self.hits = search(self.session.db, text, limit=40) if text.strip() else []
        names: dict[str, tuple[str, str]] = {}  # document id → its name and reference, read once per refresh
        for hit in self.hits:
            self.model.appendRow(self._row(hit, names))
        if not self.hits and text.strip():
            # say so, rather than nothing at all (nonsense, a lone "*", a spelling the data lacks)
            it = QStandardItem(f"No matches for “{text.strip()[:60]}” — try another spelling or a shorter word")
            it.setFlags(Qt.ItemIsEnabled)
            it.setForeground(QColor(theme.current().muted))
            self.model.appendRow(it)
        self.no_results = bool(text.strip()) and not self.hits
        self.setToolTip(f"No matches for “{text.strip()[:60]}”" if self.no_results else "")
        if self.model.rowCount():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()

    def _row(self, hit, names: dict[str, tuple[str, str]]) -> QStandardItem:
        """One result: its kind, its label and where it matched; a sentence says which document it is
        from ("in the memo", "in “Field report”"), and so does an item recorded from an imported
        document, in the line, its tooltip and what a screen reader reads, so the analyst's imports
        are never taken for the memo's words."""
        kind = hit.kind or ""
        doc = reference = None
        if hit.document is not None:
            if hit.document not in names:
                name, cite = read.named_citation(self.session.db, hit.document)
                names[hit.document] = (name, cite.full if cite else "")
            doc, reference = names[hit.document]
        if kind == "sentence":
            text = hit.text
        else:
            where = FIELD_LABELS.get(hit.field, hit.field)
            text = self.session.label(hit.item_id) + (f" — {where}: {hit.text}" if where else "")
        if doc:
            text = f"in {doc}: {text}"
        if len(text) > 140:
            text = text[:137] + "…"
        kind_label = theme.KIND_LABELS.get(kind, kind)
        it = QStandardItem(f"{kind_label} · {text}")
        it.setData(hit.item_id, ID_ROLE)
        it.setData(f"{kind_label} {text}", Qt.AccessibleTextRole)  # read out without the "·"
        it.setForeground(theme.kind_text_colour(kind))
        tip = escape(hit.text[:500])
        if doc is not None:  # the whole reference: who wrote it, when
            tip = f"<i>From {escape(doc)}{' — ' + escape(reference) if reference else ''}</i><br>{tip}"
        it.setToolTip(f"<p>{tip}</p>")  # rich text: a long sentence wraps in its tooltip
        return it

    def _on_activated(self, index: QModelIndex) -> None:
        item = index.data(ID_ROLE)
        if item:
            self.choose(item)

    def _choose_first(self) -> None:
        if self.hits:
            self.choose(self.hits[0].item_id)

    def choose(self, item: str) -> None:
        self.session.select(item, origin="search")
        self.completer_.popup().hide()
        self.chosen.emit(item)
