"""File ▸ Export: one dialog for every export — what (a view, the window, or every saved scene),
the format (PNG, SVG, PDF; for scenes a PowerPoint deck, a PDF or a folder of PNGs), the size, the
caption (pre-filled from the scene on show), the banner and the framing — with a live preview.
It remembers the last folder and the choices made."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ... import paths
from ...core import scenes as scene_store
from ..errors import report_error
from .render import export, export_scenes, render_image, slug
from .slide import ExportError, parse_size, target_title

SIZES = (("1920×1080 (Full HD)", "1920x1080"), ("3840×2160 (4K)", "3840x2160"), ("1280×720 (HD)", "1280x720"))
VIEW_FORMATS = (("PNG image", "png"), ("SVG drawing", "svg"), ("PDF document", "pdf"))
DECK_FORMATS = (("PowerPoint deck (.pptx)", "pptx"), ("PDF, a page per scene", "pdf"),
                ("Folder of PNG images", "folder"))
SCENES = "scenes"
PREVIEW_W = 480


def settings() -> QSettings:
    return QSettings(str(paths.user_data_dir() / "settings.ini"), QSettings.IniFormat)


class ExportDialog(QDialog):
    """``targets``: (label, target) pairs — panels and the window; ``SCENES`` stands for the deck."""

    def __init__(self, parent, session, targets, chosen=None, banner: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.session = session
        self.targets = list(targets) + [("Every saved scene (deck)", SCENES)]
        self.store = settings()
        self.what = QComboBox()
        for label, _ in self.targets:
            self.what.addItem(label)
        index = next((i for i, (_, t) in enumerate(self.targets) if t is chosen), 0)
        self.what.setCurrentIndex(index)
        self.format = QComboBox()
        self.size = QComboBox()
        for label, value in SIZES:
            self.size.addItem(label, value)
        self.size.setCurrentIndex(max(0, self.size.findData(self.store.value("export/size", "1920x1080"))))
        self.caption = QLineEdit(scene_caption(session))
        self.caption.setPlaceholderText("Caption under the figure (optional)")
        self.banner = QLineEdit(banner)
        self.banner.setPlaceholderText("Classification or handling banner (optional)")
        self.frame = QCheckBox("Frame the selection (zoom the views to it, with its surroundings)")
        self.frame.setChecked(self.store.value("export/frame", "true") == "true")
        self.path = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose_path)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Export", self.what)
        form.addRow("Format", self.format)
        form.addRow("Size", self.size)
        form.addRow("Caption", self.caption)
        form.addRow("Banner", self.banner)
        form.addRow("", self.frame)
        form.addRow("File", row)
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW_W, PREVIEW_W * 9 // 16)
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.preview)
        lay.addLayout(top)
        lay.addWidget(buttons)
        self.timer = QTimer(self, singleShot=True, interval=250)  # a preview after typing stops
        self.timer.timeout.connect(lambda: self.isVisible() and self.update_preview())
        self.what.currentIndexChanged.connect(self._what_changed)
        self.format.currentIndexChanged.connect(self._format_changed)
        for w in (self.size.currentIndexChanged, self.caption.textChanged, self.banner.textChanged,
                  self.frame.toggled):
            w.connect(lambda *_: self.timer.start())
        self._what_changed()
        self.written: list[Path] = []

    # --- choices -----------------------------------------------------------------------------------
    def target(self):
        return self.targets[self.what.currentIndex()][1]

    def _what_changed(self) -> None:
        deck = self.target() is SCENES or self.target() == SCENES
        self.format.blockSignals(True)
        self.format.clear()
        for label, value in DECK_FORMATS if deck else VIEW_FORMATS:
            self.format.addItem(label, value)
        last = self.store.value("export/deck_format" if deck else "export/format", "pptx" if deck else "png")
        self.format.setCurrentIndex(max(0, self.format.findData(last)))
        self.format.blockSignals(False)
        self.caption.setEnabled(not deck)  # each scene brings its own caption
        self._format_changed()

    def _format_changed(self) -> None:
        self.path.setText(str(self.default_path()))
        self.timer.start()

    def default_path(self) -> Path:
        folder = Path(self.store.value("export/folder", str(Path.home())))
        fmt = self.format.currentData()
        if self.target() == SCENES:
            return folder / ("briefing" if fmt == "folder" else f"briefing.{fmt}")
        return folder / f"{slug(target_title(self.target()))}.{fmt}"

    def choose_path(self) -> None:
        fmt = self.format.currentData()
        if fmt == "folder":
            got = QFileDialog.getExistingDirectory(self, "Export into folder", str(Path(self.path.text()).parent))
        else:
            got, _ = QFileDialog.getSaveFileName(self, "Export", self.path.text(), f"{fmt.upper()} (*.{fmt})")
        if got:
            self.path.setText(got)

    # --- preview and export --------------------------------------------------------------------------
    def kwargs(self) -> dict:
        return {"caption": self.caption.text().strip() or None, "banner": self.banner.text().strip() or None}

    def update_preview(self) -> None:
        target = self.target()
        try:
            if target == SCENES:
                listed = scene_store.list_scenes(self.session.db)
                if not listed:
                    self.preview.setText("No saved scenes yet")
                    return
                from ..briefing import SceneBoard

                board = getattr(self, "_board", None) or SceneBoard(self.session, self)
                self._board = board
                board.hide()
                board.apply(listed[0])
                img = render_image(board, (960, 540), title=listed[0].title, caption=listed[0].caption,
                                   banner=self.kwargs()["banner"])
            else:
                img = render_image(target, (960, 540), frame=self.frame.isChecked(), **self.kwargs())
        except ExportError as exc:
            self.preview.setText(str(exc))
            return
        self.preview.setPixmap(QPixmap.fromImage(img).scaled(self.preview.size(), Qt.KeepAspectRatio,
                                                             Qt.SmoothTransformation))

    def accept(self) -> None:
        target, fmt, path = self.target(), self.format.currentData(), Path(self.path.text()).expanduser()
        try:
            size = parse_size(self.size.currentData())
            started = time.perf_counter()
            if target == SCENES:
                listed = scene_store.list_scenes(self.session.db)
                self.written = export_scenes(self.session, listed, path, size=size,
                                             banner=self.kwargs()["banner"])
            else:
                self.written = [export(target, fmt, size, path, frame=self.frame.isChecked(), **self.kwargs())]
        except ExportError as exc:
            report_error("Export failed", str(exc), self)
            return
        self.elapsed_ms = (time.perf_counter() - started) * 1000
        s = self.store
        s.setValue("export/folder", str(path.parent if fmt != "folder" else path.parent))
        s.setValue("export/size", self.size.currentData())
        s.setValue("export/frame", "true" if self.frame.isChecked() else "false")
        s.setValue("export/deck_format" if target == SCENES else "export/format", fmt)
        super().accept()


def scene_caption(session) -> str:
    """The caption of the saved scene the window shows now (same selection and window), if any."""
    sel, window = tuple(session.selection.items), session.time_window
    if not sel:
        return ""
    from ...core.scene_state import SceneState

    for sc in scene_store.list_scenes(session.db):
        st = SceneState.from_json(sc.state)
        if st.selection == sel and st.time_window == window:
            return sc.caption
    return ""
