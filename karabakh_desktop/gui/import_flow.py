"""File ▸ Import Document…: choose a file, read it off the GUI thread, confirm its metadata in a form
pre-filled from what the reader found, then add it (paragraphs, sentences, search rows, suggested
mentions) off the GUI thread too, on the worker's own connection, in one transaction. The done
command then goes on the undo stack (undo removes the document) and every panel is told.

A file that cannot be read is a message naming it and the reason; a failed write (read-only or
busy store) is the failed-save dialog; in both cases nothing is added and nothing is pushed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
)

from ..core import importers, library
from ..core.edits import EditError
from ..core.store import StoreReadOnly
from ..core.wording import counted
from . import knowledge_commands
from .commands import _failed

FILTER = ("Documents (*.txt *.md *.markdown *.html *.htm *.pdf *.docx);;Plain text (*.txt);;Markdown (*.md *.markdown);;"
          "Web pages (*.html *.htm);;PDF (*.pdf);;Word (*.docx);;All files (*)")
FIELDS = (("title", "Title"), ("author", "Author"), ("publisher", "Publisher"),
          ("published", "Published (YYYY-MM-DD)"), ("url", "Address (URL)"), ("licence", "Licence / terms"))


class _Worker(QThread):
    """Runs one function off the GUI thread; ``done(result, error)``."""

    done = Signal(object, object)

    def __init__(self, fn, parent=None):
        super().__init__(parent)
        self.fn = fn

    def run(self) -> None:
        try:
            self.done.emit(self.fn(), None)
        except Exception as exc:  # handed to the GUI thread, which says what it means
            self.done.emit(None, exc)


def _add(store_path: Path, path: Path, read: importers.ReadDocument, meta: dict):
    """In the worker: the import on its own connection (a sqlite connection belongs to its thread)."""
    from ..core.store import open_store

    db = open_store(store_path)
    try:
        cmd = library.import_command(db, path, read=read, **meta)
        cmd.do(db)
        return cmd
    finally:
        db.close()


class MetadataForm(QDialog):
    """The document's metadata, pre-filled from the file; Import to add it."""

    def __init__(self, path: Path, read: importers.ReadDocument, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Import {path.name}")
        lay = QVBoxLayout(self)
        about = QLabel(f"{read.format.upper()}" + (f", {counted(read.pages, 'page')}" if read.pages else "")
                       + (f", {read.encoding}" if read.encoding else "") + f" — {counted(len(read.text), 'character')}"
                       + "".join(f"\n{n}" for n in read.notes))
        about.setWordWrap(True)
        lay.addWidget(about)
        form = QFormLayout()
        found = {"title": read.title or path.stem.replace("_", " ").replace("-", " "), "author": read.author,
                 "published": (read.published or "")[:10]}
        self.edits: dict[str, QLineEdit] = {}
        for key, label in FIELDS:
            edit = self.edits[key] = QLineEdit(found.get(key) or "")
            edit.setObjectName(f"import-{key}")
            form.addRow(label, edit)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color:#B00020")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Import")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> dict:
        return {k: (e.text().strip() or None) for k, e in self.edits.items()}

    def _check(self) -> None:
        try:
            library.check_date(self.values()["published"])
        except EditError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class ImportFlow(QObject):
    """One import, from the file to the undo stack. ``finished(command or None)``."""

    finished = Signal(object)

    def __init__(self, session, path, parent_widget=None, *, ask: bool = True, meta: dict | None = None):
        super().__init__(parent_widget)
        self.session, self.path, self.parent_widget = session, Path(path), parent_widget
        self.ask, self.meta = ask, meta or {}
        self.read: importers.ReadDocument | None = None
        self.progress = None
        self.worker: _Worker | None = None

    def start(self) -> None:
        if self.session.read_only:  # the window's store cannot be written: say so before reading
            return self._fail(EditError(f"{self.session.read_only}\nNothing was imported."))
        self._busy(f"Reading {self.path.name}…")
        self._run(lambda: importers.read(self.path), self._on_read)

    def _busy(self, text: str) -> None:
        if self.progress is None:
            self.progress = QProgressDialog(text, None, 0, 0, self.parent_widget)
            self.progress.setWindowTitle("Import document")
            self.progress.setMinimumDuration(400)  # a small file never flashes a dialog
        self.progress.setLabelText(text)
        self.session.status.emit(text)

    def _run(self, fn, then) -> None:
        self.worker = _Worker(fn, self)
        self.worker.done.connect(then)
        self.worker.start()

    def _on_read(self, read, error) -> None:
        self.worker.wait()
        if error is not None:
            return self._fail(error)
        self.read = read
        meta = dict(self.meta)
        if self.ask:
            self.progress.hide()
            form = MetadataForm(self.path, read, self.parent_widget)
            if form.exec() != QDialog.Accepted:
                return self._end(None)
            meta = form.values()
        self._busy(f"Adding {self.path.name} and suggesting mentions…")
        self._run(lambda: _add(self.session.path, self.path, read, meta), self._on_added)

    def _on_added(self, cmd, error) -> None:
        self.worker.wait()
        if error is not None:
            return self._fail(error)
        wrapper = knowledge_commands.run(self.session, cmd, self.parent_widget, done=True)
        r = cmd.result
        self.session.status.emit(f"Imported “{cmd.payload['title']}”: {counted(r.get('sentences', 0), 'sentence')}, "
                                 f"{counted(r.get('suggestions', 0), 'suggested mention')} to confirm.")
        self._end(wrapper)

    def _fail(self, error: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from .errors import report_error

        if isinstance(error, (sqlite3.Error, OSError, StoreReadOnly)) and not isinstance(error, importers.ReadError):
            _failed(self.session, error, self.parent_widget, "imported")
        else:
            report_error("Could not import", str(error), self.parent_widget, icon=QMessageBox.Warning)
        self._end(None)

    def _end(self, result) -> None:
        if self.progress is not None:
            self.progress.close()
        self.finished.emit(result)
        self.deleteLater()


def ask_and_import(session, parent, settings) -> ImportFlow | None:
    """The file dialog (remembering its folder), then the import."""
    folder = settings.value("import/folder", str(Path.home()))
    path, _ = QFileDialog.getOpenFileName(parent, "Import document", str(folder), FILTER)
    if not path:
        return None
    settings.setValue("import/folder", str(Path(path).parent))
    flow = ImportFlow(session, path, parent)
    flow.start()
    return flow
