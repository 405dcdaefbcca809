"""The documents of the store: the shipped memo and the analyst's imports, with their metadata and
how many mentions each has (confirmed; suggested ones still to confirm). Choosing one turns the
memo panel to it (through the session); the metadata is edited in place, one undoable command
per field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from ..core import library, read
from . import knowledge_commands
from .panels import Panel

COLUMNS = (("title", "Title"), ("author", "Author"), ("published", "Date"), (None, "Confirmed"), (None, "Suggested"))
EDITABLE = {0: "title", 1: "author", 2: "published"}
ID_ROLE = Qt.UserRole + 1


class DocumentsPanel(Panel):
    panel_id = "documents"
    title = "Documents"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("documents-table")
        self.table.setHorizontalHeaderLabels([c[1] for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in range(1, len(COLUMNS)):
            head.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.cellClicked.connect(lambda row, _col: self.choose(row))
        self.table.itemChanged.connect(self._on_edited)
        self.hint = QLabel("Click a document to read it in the Memo panel; double-click its title, author or date "
                           "to correct it. File ▸ Import Document… adds one.")
        self.hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)
        self.infos: list[library.DocumentInfo] = []
        self._filling = False
        self.reload()

    def reload(self) -> None:
        """Read the documents and their counts from the store again."""
        self.infos = read.document_infos(self.session.db)
        both = self.session.count_suggested
        self._filling = True
        self.table.setRowCount(len(self.infos))
        for r, d in enumerate(self.infos):
            counted = d.confirmed + (d.suggested if both else 0)
            cells = (d.title, d.author or "", d.published or "", str(counted), str(d.suggested))
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(ID_ROLE, d.id)
                if c not in EDITABLE:
                    it.setFlags(it.flags() & ~Qt.ItemIsEditable)
                    it.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if c == 0:
                    it.setToolTip(f"{d.title}\n{d.paragraphs} paragraphs, {d.sentences} sentences; "
                                  f"{d.confirmed} confirmed, {d.suggested} suggested, {d.rejected} rejected mentions"
                                  + ("\nShipped with the app" if d.layer != "analyst" else "\nImported by you"))
                self.table.setItem(r, c, it)
        self.table.horizontalHeaderItem(3).setText("Mentions (incl. suggested)" if both else "Confirmed")
        self._filling = False

    def row_of(self, doc_id: str) -> int:
        return next((r for r, d in enumerate(self.infos) if d.id == doc_id), -1)

    def choose(self, row: int) -> str | None:
        """Read the document in this row (the memo panel turns to it)."""
        if not 0 <= row < len(self.infos):
            return None
        doc_id = self.infos[row].id
        self.session.choose_document(doc_id)
        return doc_id

    def edit(self, doc_id: str, field: str, value: str | None):
        """Set one metadata field (an undoable command); None when refused (with a message)."""
        return knowledge_commands.build(self.session, library.set_document_command, doc_id, field, value or None,
                                        parent=self)

    def _on_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in EDITABLE:
            return
        doc_id, field = item.data(ID_ROLE), EDITABLE[item.column()]
        old = getattr(self.infos[item.row()], field) or ""
        new = item.text().strip()
        if new == old:
            return
        if self.edit(doc_id, field, new) is None:
            self.reload()  # refused: show the value the store still has

    def on_knowledge(self, what: str) -> None:
        self.reload()

    def selftest_pick(self) -> str | None:
        return None
