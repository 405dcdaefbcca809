"""Telling the user that something failed: on the terminal always, in a dialog when there is a screen."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox


def report_error(title: str, message: str, parent=None, *, icon=QMessageBox.Critical) -> None:
    """``icon=QMessageBox.Warning`` for what the user should know but that does not stop them
    (a store opened read-only, a save that failed)."""
    print(f"karabakh-desktop: {title}: {message}", file=sys.stderr)
    if QApplication.instance() is not None:
        box = QMessageBox(icon, title, message, QMessageBox.Ok, parent)
        box.setTextFormat(Qt.PlainText)  # a message may quote a file name or data: never markup
        if QApplication.platformName() not in ("offscreen", "minimal"):
            box.exec()
