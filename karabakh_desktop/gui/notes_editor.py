"""A compact editor of the analyst's notes on one item, embedded in Details (and the Scenes panel).

Notes are saved with Save (or Ctrl+Return), one committed transaction per edit, as undoable
commands: a killed app loses at most the note being typed.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core import read

ID_ROLE = Qt.UserRole + 1


class NoteEditor(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.item_id: str | None = None
        self.editing: int | None = None  # the note being edited; None: a new note
        self.list = QListWidget()
        self.list.setMaximumHeight(72)
        self.list.itemDoubleClicked.connect(lambda it: self.start_edit(it.data(ID_ROLE)))
        self.add_btn = QPushButton("Add note…")
        self.add_btn.setToolTip("Write a note on this item; notes are searchable and kept across rebuilds")
        self.add_btn.clicked.connect(lambda: self.start_edit(None))
        self.edit_btn = QPushButton("Edit")
        self.edit_btn.clicked.connect(lambda: self.start_edit(self._current()))
        self.del_btn = QPushButton("Delete")
        self.del_btn.setToolTip("Delete the chosen note (Ctrl+Z brings it back)")
        self.del_btn.clicked.connect(lambda: self.delete(self._current()))
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Your note… (Ctrl+Return saves, Esc cancels)")
        self.editor.setMaximumHeight(90)
        self.save_btn = QPushButton("Save")
        self.save_btn.clicked.connect(self.save)
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.clicked.connect(self.cancel)
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, activated=self.save, context=Qt.WidgetShortcut)
        QShortcut(QKeySequence("Escape"), self.editor, activated=self.cancel, context=Qt.WidgetShortcut)
        self.heading = QLabel()
        self.heading.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.heading, 1)
        for b in (self.add_btn, self.edit_btn, self.del_btn):
            row.addWidget(b)
        self.edit_row = QWidget()
        er = QHBoxLayout(self.edit_row)
        er.setContentsMargins(0, 0, 0, 0)
        er.addWidget(self.editor, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.save_btn)
        buttons.addWidget(self.cancel_btn)
        buttons.addStretch(1)
        er.addLayout(buttons)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.addLayout(row)
        lay.addWidget(self.list)
        lay.addWidget(self.edit_row)
        self.edit_row.hide()
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)  # the text above gets the room
        session.userDataChanged.connect(self._on_user_data)
        self.set_item(None)

    def _current(self) -> int | None:
        it = self.list.currentItem()
        return it.data(ID_ROLE) if it is not None else None

    def set_item(self, item_id: str | None, notes=None) -> None:
        """Show the notes on ``item_id``: ``notes`` if the caller has read them (Details has), else
        read here."""
        if item_id != self.item_id:
            self.cancel()
        self.item_id = item_id
        self.setEnabled(item_id is not None)
        self.refresh(notes)

    def refresh(self, notes=None) -> None:
        if self.list.count():
            self.list.clear()
        rows = notes if notes is not None else read.notes_on(self.session.db, self.item_id) if self.item_id else []
        for n in rows:
            first = n.text.strip().splitlines()[0] if n.text.strip() else "(empty)"
            it = QListWidgetItem(first[:120])
            it.setToolTip(f"<qt>{escape(n.text[:2000])}</qt>")  # a tooltip would render markup
            it.setData(ID_ROLE, n.id)
            self.list.addItem(it)
        self.list.setVisible(bool(rows))
        self.heading.setText(f"Notes: {len(rows)}" if rows else "No notes")
        self.edit_btn.setVisible(bool(rows))
        self.del_btn.setVisible(bool(rows))
        if rows and self.list.currentItem() is None:
            self.list.setCurrentRow(len(rows) - 1)

    def _on_user_data(self, kind: str, item_id) -> None:
        if kind != "note":
            return
        if item_id == self.item_id:
            self.refresh()

    # --- editing ----------------------------------------------------------------------------------
    def start_edit(self, note_id: int | None) -> None:
        if self.item_id is None:
            return
        self.editing = note_id
        from ..core import notes  # the note store itself: at the first edit, not with the window

        note = notes.get(self.session.db, note_id) if note_id is not None else None
        self.editor.setPlainText(note.text if note else "")
        self.edit_row.show()
        self.editor.setFocus()

    def cancel(self) -> None:
        self.editing = None
        if self.edit_row.isHidden():  # hidden only here, and emptied then: nothing to clear (each selection)
            return
        self.editor.clear()
        self.edit_row.hide()

    def save(self) -> int | None:
        """Commit what is typed: a new note, or the edit of the chosen one. Returns the note id.

        When the store cannot take it (read-only, busy, full disk, replaced), a dialog says why,
        the text stays in the editor to try again or copy, and nothing goes on the undo stack."""
        from .commands import AddNote, DeleteNote, EditNote, push  # the undo stack's: at the first edit

        text = self.editor.toPlainText().strip()
        if self.item_id is None:
            return None
        note_id = self.editing
        if note_id is None:
            if not text:
                self.cancel()
                return None
            cmd = AddNote(self.session, self.item_id, text)
            if not push(self.session, cmd, self):
                return None
            note_id = cmd.note_id
        else:
            from ..core import notes

            before = notes.get(self.session.db, note_id)
            if not text:
                ok = push(self.session, DeleteNote(self.session, note_id), self)
            elif before is None or text != before.text:
                ok = push(self.session, EditNote(self.session, note_id, text), self)
            else:
                ok = True
            if not ok:
                return None
        self.cancel()
        return note_id

    def delete(self, note_id: int | None) -> None:
        if note_id is not None:
            from .commands import DeleteNote, push

            push(self.session, DeleteNote(self.session, note_id), self)
