"""The window's export dialogs (File ▸ Export) and the export steps of the self-test.

Each function is given what it works on (the parent window, the target, the banner); the window
owns the menu, the banner and the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QInputDialog, QMainWindow

from ...core.wording import counted
from ..export_target import SLIDE_VIEWS, current_panel, name_export_action  # noqa: F401 (re-exported)
from ..panels import Panel
from .render import copy_to_clipboard, export, is_blank
from .slide import target_title


def _targets(parent) -> list[tuple[str, object]]:
    panels = getattr(parent, "panels", {})
    out = [(f"{panels[p].title} (view)", panels[p]) for p in SLIDE_VIEWS if p in panels]
    if isinstance(parent, QMainWindow):
        out.append(("The window (its open views together)", parent))
    return out


def export_dialog(parent: QMainWindow, target, banner: str = "", *, scenes_deck: bool = False) -> Path | None:
    """The one export dialog, opened on ``target`` (or on the scenes' deck); reports in the status bar."""
    from .export_dialog import SCENES, ExportDialog

    if target is None and not scenes_deck:
        return None
    targets = _targets(parent)
    if target is not None and not any(t is target for _, t in targets):
        targets.insert(0, (target_title(target), target))
    dialog = ExportDialog(parent, parent.session, targets, SCENES if scenes_deck else target, banner)
    try:
        if not dialog.exec():
            return None
        written = dialog.written
    finally:
        dialog.deleteLater()
    if not written:
        return None
    where = written[0] if len(written) == 1 else written[0].parent
    parent.statusBar().showMessage(f"Exported {where} ({counted(len(written), 'file')}, {dialog.elapsed_ms:.0f} ms)", 8000)
    return written[0] if len(written) == 1 else where


def export_scenes_dialog(parent: QMainWindow, session, banner: str = "") -> list[Path]:
    got = export_dialog(parent, None, banner, scenes_deck=True)
    return [got] if got is not None else []


def ask_banner(parent, banner: str) -> str | None:
    """The classification or handling banner the user types; None if they cancel."""
    text, ok = QInputDialog.getText(parent, "Banner", "Classification or handling banner, printed at the top and "
                                    "bottom of every export (empty for none):", text=banner)
    return text.strip() if ok else None


def copy_panel(parent: QMainWindow, panel: Panel | None, banner: str = "") -> None:
    if panel is None:
        return
    copy_to_clipboard(panel, banner=banner or None)
    parent.statusBar().showMessage(f"Copied the {panel.title} as an image", 5000)


def selftest_steps(window: QMainWindow, panels: dict[str, Panel], session) -> Iterable[tuple[str, Callable]]:
    """The self-test's export steps: each panel and the window as PNG, the network as SVG, the map as PDF."""

    def one(panel_id, fmt):
        def run():
            target = window if panel_id == "window" else panels[panel_id]
            if not session.selection.items and session.catalog.kinds:
                session.select(next(iter(session.catalog.kinds)), origin="selftest")
            data = export(target, fmt, (1920, 1080))
            if fmt == "png":
                img = QImage.fromData(QByteArray(data), "PNG")
                ok = img.width() == 1920 and img.height() == 1080 and not is_blank(img)
                return ok, f"{len(data) // 1024} KB, {img.width()}×{img.height()}"
            ok = data.startswith(b"%PDF") if fmt == "pdf" else b"<svg" in data
            return ok, f"{len(data) // 1024} KB"
        return run

    for pid in ("network", "map", "timeline", "memo", "patterns"):
        if pid in panels:
            yield f"export {pid} png", one(pid, "png")
    yield "export window png", one("window", "png")
    yield "export network svg", one("network", "svg")
    yield "export map pdf", one("map", "pdf")
