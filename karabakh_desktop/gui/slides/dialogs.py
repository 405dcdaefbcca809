"""The window's export dialogs (File ▸ Export) and the export steps of the self-test.

Each function is given what it works on (the parent window, the target, the banner); the window
owns the menu, the banner and the status bar.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMainWindow

from ...core import scenes
from ..errors import report_error
from ..panels import Panel
from .render import copy_to_clipboard, export, export_scenes, is_blank, slug
from .slide import FORMATS, ExportError, parse_size, target_title


def ask_size(parent) -> tuple[int, int] | None:
    choices = ["1920x1080 (Full HD)", "3840x2160 (4K)", "Custom…"]
    choice, ok = QInputDialog.getItem(parent, "Export size", "Size in pixels:", choices, 0, False)
    if not ok:
        return None
    if choice.startswith("Custom"):
        text, ok = QInputDialog.getText(parent, "Export size", "Width x height in pixels:", text="1600x900")
        if not ok:
            return None
        return parse_size(text)
    return parse_size(choice.split()[0])


def current_panel(panels: dict[str, Panel]) -> Panel | None:
    """The panel that has focus, else the first visible big view."""
    focus = QApplication.focusWidget()
    for panel in panels.values():
        if focus is not None and (focus is panel or panel.isAncestorOf(focus)):
            return panel
    for pid in ("network", "map", "timeline", "memo", "patterns"):
        panel = panels.get(pid)
        if panel is not None and panel.isVisible():
            return panel
    return next(iter(panels.values()), None)


def export_dialog(parent: QMainWindow, target, banner: str = "") -> Path | None:
    """Ask for a file (format by extension), a size and a caption; export; report in the status bar."""
    if target is None:
        return None
    name = slug(target_title(target))
    path, chosen = QFileDialog.getSaveFileName(parent, "Export", str(Path.home() / f"{name}.png"),
                                               "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)")
    if not path:
        return None
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        fmt = "svg" if "SVG" in chosen else "pdf" if "PDF" in chosen else "png"
        path = f"{path}.{fmt}"
    try:
        size = ask_size(parent)
        if size is None:
            return None
        caption, ok = QInputDialog.getText(parent, "Caption", "Caption (optional):")
        if not ok:
            return None
        started = time.perf_counter()
        written = export(target, fmt, size, path, caption=caption or None, banner=banner or None)
    except ExportError as exc:
        report_error("Export failed", str(exc), parent)
        return None
    parent.statusBar().showMessage(f"Exported {written} ({size[0]}×{size[1]}, "
                                   f"{(time.perf_counter() - started) * 1000:.0f} ms)", 8000)
    return written


def export_scenes_dialog(parent: QMainWindow, session, banner: str = "") -> list[Path]:
    path, _ = QFileDialog.getSaveFileName(parent, "Export scenes", str(Path.home() / "briefing.pdf"),
                                          "One PDF, a page per scene (*.pdf);;A folder of PNG images (*)")
    if not path:
        return []
    try:
        written = export_scenes(session, scenes.list_scenes(session.db), path, banner=banner or None)
    except ExportError as exc:
        report_error("Export failed", str(exc), parent)
        return []
    parent.statusBar().showMessage(f"Exported {len(written)} file(s) to {path}", 8000)
    return written


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
