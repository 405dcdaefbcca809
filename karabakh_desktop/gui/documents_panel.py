"""The documents of the store: the shipped memo and the analyst's imports, with their date and
how many mentions each has (confirmed; suggested ones still to confirm). Choosing one turns the
memo panel to it (through the session) and shows its metadata in a form under the list, edited in
place: one undoable command per field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import library, read
from ..core.wording import counted
from . import knowledge_commands
from .panels import Panel

COLUMNS = ("Title", "Date", "✓", "?")
FORM = (("title", "Title"), ("author", "Author"), ("publisher", "Publisher"), ("published", "Date"),
        ("url", "Address"), ("licence", "Terms"))
ID_ROLE = Qt.UserRole + 1


class DocumentsPanel(Panel):
    panel_id = "documents"
    title = "Documents"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("documents-table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        for c, tip in ((2, "Confirmed mentions"), (3, "Suggested mentions, still to confirm or reject")):
            self.table.horizontalHeaderItem(c).setToolTip(tip)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in range(1, len(COLUMNS)):
            head.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.cellClicked.connect(lambda row, _col: self.choose(row))
        self.form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in FORM:
            edit = self.fields[key] = QLineEdit()
            edit.setObjectName(f"document-{key}")
            edit.editingFinished.connect(lambda k=key: self._on_field(k))
            self.form.addRow(label, edit)
        self.table.setToolTip("Click a document to read it in the Memo panel. File ▸ Import Document… adds one.")
        # the form folds away: the panel often shares a short column with others
        self.form_box = QWidget()
        self.form_box.setLayout(self.form)
        self.form_box.setVisible(False)
        self.edit_btn = QToolButton(text="Edit Details ▸")
        self.edit_btn.setCheckable(True)
        self.edit_btn.setToolTip("Correct the chosen document's title, author, publisher, date, address and terms "
                                 "(each change can be undone)")
        self.edit_btn.toggled.connect(self._show_form)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.edit_btn)
        lay.addWidget(self.form_box)
        self.infos: list[library.DocumentInfo] = []
        self.current: str | None = None
        self.reload()

    def reload(self) -> None:
        """Read the documents and their counts from the store again."""
        self.infos = read.document_infos(self.session.db)
        both = self.session.count_suggested
        self.table.setRowCount(len(self.infos))
        for r, d in enumerate(self.infos):
            mentions = d.confirmed + (d.suggested if both else 0)
            for c, text in enumerate((d.title, d.published or "", str(mentions), str(d.suggested))):
                it = QTableWidgetItem(text)
                it.setData(ID_ROLE, d.id)
                if c >= 2:
                    it.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if c == 0:
                    it.setToolTip(f"{d.title}" + (f" — {d.author}" if d.author else "")
                                  + f"\n{counted(d.paragraphs, 'paragraph')}, {counted(d.sentences, 'sentence')}; "
                                  f"{d.confirmed} confirmed, "
                                  f"{d.suggested} suggested, {d.rejected} rejected mentions"
                                  + ("\nShipped with the app" if d.layer != "analyst" else "\nImported by you"))
                self.table.setItem(r, c, it)
        self.table.horizontalHeaderItem(2).setText("✓+?" if both else "✓")
        self.table.horizontalHeaderItem(2).setToolTip("Mentions, suggested ones counted too (View ▸ Count Suggested "
                                                      "Mentions)" if both else "Confirmed mentions")
        if self.row_of(self.current or "") < 0:
            self.current = self.infos[0].id if self.infos else None
        self._show_fields()

    def _show_form(self, on: bool) -> None:
        self.form_box.setVisible(on)
        self.edit_btn.setText("Edit Details ▾" if on else "Edit Details ▸")

    def _show_fields(self) -> None:
        row = self.row_of(self.current or "")
        info = self.infos[row] if row >= 0 else None
        meta = library.document_meta(self.session.db, info.id) if info else {}
        for key, edit in self.fields.items():
            edit.setText(meta.get(key) or "")
            edit.setEnabled(info is not None)
        if row >= 0:
            self.table.selectRow(row)

    def row_of(self, doc_id: str) -> int:
        return next((r for r, d in enumerate(self.infos) if d.id == doc_id), -1)

    def choose(self, row: int) -> str | None:
        """Read the document in this row (the memo panel turns to it)."""
        if not 0 <= row < len(self.infos):
            return None
        doc_id = self.current = self.infos[row].id
        self._show_fields()
        self.session.choose_document(doc_id)
        return doc_id

    def edit(self, doc_id: str, field: str, value: str | None):
        """Set one metadata field (an undoable command); None when refused (with a message)."""
        return knowledge_commands.build(self.session, library.set_document_command, doc_id, field, value or None,
                                        parent=self)

    def _on_field(self, field: str) -> None:
        if self.current is None:
            return
        new = self.fields[field].text().strip()
        if new == (library.document_meta(self.session.db, self.current).get(field) or ""):
            return
        if self.edit(self.current, field, new) is None:
            self._show_fields()  # refused: show the value the store still has

    def on_knowledge(self, what: str) -> None:
        self.reload()

    def focus_target(self):
        return self.table

    def selftest_pick(self) -> str | None:
        return None
