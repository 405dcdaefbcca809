"""The conflicts a rebuild found: an edit of the analyst's on an item the shipped data has changed
since. Never resolved silently: each is listed, with both sides, until the analyst keeps their
edit (it is re-based on the shipped item) or drops it (the shipped data wins at the next rebuild).
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ..core import layer
from ..core.edits import EditError
from .commands import _failed


class ConflictsDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Conflicts with the shipped data")
        self.resize(640, 360)
        lay = QVBoxLayout(self)
        intro = QLabel("A rebuild of the shipped data changed items you had edited. Your edit is applied on top "
                       "until you decide: keep it (it now applies to the shipped item as it is) or drop it "
                       "(the shipped data wins from the next rebuild).")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.keep_btn = QPushButton("Keep My Edit")
        self.drop_btn = QPushButton("Drop My Edit")
        self.keep_btn.clicked.connect(lambda: self.resolve(self.list.currentRow(), keep=True))
        self.drop_btn.clicked.connect(lambda: self.resolve(self.list.currentRow(), keep=False))
        row.addWidget(self.keep_btn)
        row.addWidget(self.drop_btn)
        row.addStretch(1)
        lay.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.rows: list[dict] = []
        self.reload()

    def reload(self) -> None:
        self.rows = layer.conflicts(self.session.db)
        self.list.clear()
        for c in self.rows:
            text = c["message"]
            if c.get("shipped") is not None or c.get("analyst") is not None:
                text += f"\n  shipped: {c.get('shipped')}\n  yours: {c.get('analyst')}"
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, c["id"])
            self.list.addItem(item)
        if not self.rows:
            self.list.addItem("No conflicts: every edit of yours applies to the shipped data as it is now.")
        self.keep_btn.setEnabled(bool(self.rows))
        self.drop_btn.setEnabled(bool(self.rows))
        if self.rows:
            self.list.setCurrentRow(0)

    def resolve(self, row: int, *, keep: bool) -> bool:
        if not 0 <= row < len(self.rows):
            return False
        c = self.rows[row]
        try:
            if keep:
                layer.acknowledge(self.session.db, c["id"])
            else:
                layer.drop_edit(self.session.db, c["edit_id"])
        except (sqlite3.Error, OSError) as exc:
            _failed(self.session, exc, self, "saved")
            return False
        except EditError as exc:
            self.session.status.emit(str(exc))
        self.reload()
        return True
