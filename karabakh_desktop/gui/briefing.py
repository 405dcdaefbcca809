"""F5: a full-screen briefing that steps through the saved scenes.

Large type and no tool bars: the scene's title and "n / N" on top, the scene's panels drawn as
presentation figures (the same composition a scene's slide is), its caption in a band of its own
below them. Right / PageDown / Space / Down go on, Left / PageUp / Up go back (what clickers send),
Home / End jump, Esc leaves; after the last scene an end slide says so. Each step cross-fades from
a snapshot of the previous scene. The scene shown is written to the store's shared state, so a
second instance following the store follows the briefing with its own choice of panels (the
projector shows the map, the laptop the memo).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsOpacityEffect, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core import scenes
from ..core.scene_state import NOT_RECORDED, SceneState
from ..core.scenes import Scene
from . import theme
from .panels import PANELS, Panel, make_panel
from .scene_host import apply_state

ORDER = ("network", "map", "memo", "patterns", "details", "timeline")  # wide timeline last: it spans a row
FADE_MS = 350
NEXT_KEYS = (Qt.Key_Right, Qt.Key_PageDown, Qt.Key_Space, Qt.Key_Down)
BACK_KEYS = (Qt.Key_Left, Qt.Key_PageUp, Qt.Key_Up)


class SceneBoard(Panel):
    """A scene's panels in a grid: what a briefing shows. A scene exports as a composition of the
    panels' figures (:meth:`paint_figure`, laid out by ``core.views.composition``), never a grab."""

    panel_id = "board"
    title = "Scene"
    export_zoom = 1.0  # several panels share the slide: no enlargement
    has_figure = True

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.panels: dict[str, Panel] = {}
        self.shown: list[str] = []
        self.framed: set[str] = set()  # the shown panels whose view the scene does not record

    def _panel(self, pid: str) -> Panel | None:
        if pid not in self.panels:
            spec = next((s for s in PANELS if s.panel_id == pid and s.panel_id not in NOT_RECORDED), None)
            if spec is None:
                return None
            panel = make_panel(spec, self.session)
            if panel.note_editor is not None:
                panel.note_editor.hide()  # a briefing presents; notes are edited in the window
            self.panels[pid] = panel
        return self.panels[pid]

    def show_panels(self, ids) -> None:
        ids = sorted((i for i in dict.fromkeys(ids) if self._panel(i) is not None),
                     key=lambda i: ORDER.index(i) if i in ORDER else len(ORDER))
        if ids == self.shown:
            return
        for p in self.panels.values():
            self.grid.removeWidget(p)
            p.hide()
        n = len(ids)
        rows = 1 if n <= 2 else 2
        cols = max(1, math.ceil(n / rows))
        for k, pid in enumerate(ids):
            r, c = divmod(k, cols)
            span = cols - c if k == n - 1 else 1
            self.grid.addWidget(self.panels[pid], r, c, 1, span)
            self.panels[pid].show()
        for r in range(2):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(len(ORDER)):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        self.shown = ids

    def apply(self, scene: Scene) -> None:
        state = SceneState.from_json(scene.state)
        self.show_panels(state.shown_panels())
        self.framed = {pid for pid in self.shown if pid not in state.views}
        if self.layout() is not None:
            self.layout().activate()
        apply_state(self.session, state, panels=self.panels)

    def paint_figure(self, p, rect, view=None) -> None:
        """The shown panels' figures, composed: a large main view, the others beside it, a timeline
        along the bottom; a panel the scene leaves unframed frames its selection."""
        from .views.compose import paint_composition

        paint_composition(p, rect, self.session, {pid: self.panels[pid] for pid in self.shown}, self.framed)

    def legend(self) -> list[tuple[str, str]]:
        from .views.compose import composition_legend

        return composition_legend(self.session, {pid: self.panels[pid] for pid in self.shown})

    def highlight_level(self, item: str) -> int | None:
        levels = [p.highlight_level(item) for pid, p in self.panels.items() if pid in self.shown]
        return max((lv for lv in levels if lv is not None), default=None)


class FigureCanvas(QWidget):
    """Where a briefing draws the scene: the board's composed figures, or the end slide."""

    def __init__(self, briefing):
        super().__init__(briefing)
        self.briefing = briefing
        self.setAttribute(Qt.WA_OpaquePaintEvent)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        try:
            colours = theme.current()
            p.fillRect(self.rect(), QColor(colours.base))
            r = QRectF(self.rect()).adjusted(24, 8, -24, -8)
            if self.briefing.at_end:
                p.setPen(QColor(colours.muted))
                f = QFont(theme.FONT_FAMILY)
                f.setPointSizeF(28)
                p.setFont(f)
                p.drawText(r, Qt.AlignCenter, "End of the briefing\n\n← back · Esc to leave")
            elif self.briefing.index >= 0:
                self.briefing.board.paint_figure(p, r)
        finally:
            p.end()


class Briefing(QWidget):
    sceneChanged = Signal(int)  # index of the scene now shown

    def __init__(self, session, scene_list: list[Scene], start: int = 0, parent=None):
        super().__init__(parent, Qt.Window)
        self.setObjectName("kd-briefing")
        self.setWindowTitle("Briefing — Karabakh Desktop")
        self.session = session
        self.scenes = list(scene_list)
        self.index = -1
        big = QFont(theme.FONT_FAMILY)
        big.setPointSizeF(17)
        self.setFont(big)
        colours = theme.current()
        self.setStyleSheet(f"#kd-briefing {{ background: {colours.base}; }}")
        self.title = QLabel()
        tf = QFont(big)
        tf.setPointSizeF(30)
        tf.setBold(True)
        self.title.setFont(tf)
        self.title.setTextFormat(Qt.PlainText)  # titles and captions are the analyst's text, never markup
        self.counter = QLabel()
        self.counter.setStyleSheet(f"color: {colours.muted}")
        self.counter.setToolTip("→ / PageDown / Space: next · ← / PageUp: back · Esc: leave")
        head = QHBoxLayout()
        head.setContentsMargins(24, 12, 24, 4)
        head.addWidget(self.title, 1)
        head.addWidget(self.counter)
        self.board = SceneBoard(session, self)  # holds the scene's panels; never shown: they draw as figures
        self.board.hide()
        self.at_end = False
        self.canvas = FigureCanvas(self)
        self.caption = QLabel(self)  # a band of its own under the figures, never over them
        cf = QFont(big)
        cf.setPointSizeF(22)
        self.caption.setFont(cf)
        self.caption.setTextFormat(Qt.PlainText)
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignCenter)
        self.caption.setStyleSheet(f"color: {colours.text}; background: {colours.window}; padding: 12px 28px;")
        self.caption.setAttribute(Qt.WA_TransparentForMouseEvents)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(head)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.caption)
        # a network laid out in the background arrives a moment later: draw again then
        self.settle = QTimer(self, singleShot=True, interval=400)
        self.settle.timeout.connect(self.canvas.update)
        self.fade = QLabel(self)  # the previous scene's snapshot, faded out over the new one
        self.fade.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.fade.hide()
        self.fade_effect = QGraphicsOpacityEffect(self.fade)
        self.fade.setGraphicsEffect(self.fade_effect)
        self.anim = QPropertyAnimation(self.fade_effect, b"opacity", self)
        self.anim.setDuration(FADE_MS)
        self.anim.setStartValue(1.0)
        self.anim.setEndValue(0.0)
        self.anim.setEasingCurve(QEasingCurve.InOutQuad)
        self.anim.finished.connect(self.fade.hide)
        self.setFocusPolicy(Qt.StrongFocus)
        if self.scenes:
            self.go(max(0, min(start, len(self.scenes) - 1)), animate=False)

    # --- stepping ---------------------------------------------------------------------------------
    def go(self, index: int, *, animate: bool = True) -> bool:
        if not 0 <= index < len(self.scenes) or (index == self.index and not self.at_end):
            return False
        if animate and self.isVisible() and self.index >= 0:
            self.anim.stop()
            self.fade.setPixmap(self.grab())
            self.fade.setGeometry(self.rect())
            self.fade_effect.setOpacity(1.0)
            self.fade.show()
            self.fade.raise_()
        self.index = index
        self.at_end = False
        scene = self.scenes[index]
        self.board.apply(scene)
        for w in self.board.findChildren(QWidget):
            w.setFocusPolicy(Qt.NoFocus)  # the keys belong to the briefing, not to a panel
        self.title.setText(scene.title or f"Scene {index + 1}")
        self.counter.setText(f"{index + 1} / {len(self.scenes)}")
        self.caption.setText(scene.caption)
        self.caption.setVisible(bool(scene.caption))
        self.canvas.update()
        self.settle.start()
        if self.fade.isVisible():
            self.fade.raise_()
            self.anim.start()
        self.setFocus()
        value = {"id": scene.id, "index": index, "count": len(self.scenes), "title": scene.title}
        self.session.share_scene(value)
        self.sceneChanged.emit(index)
        return True

    def next(self) -> bool:
        if self.index == len(self.scenes) - 1 and not self.at_end:
            return self.end()
        return self.go(self.index + 1)

    def previous(self) -> bool:
        if self.at_end:
            return self.go(self.index)  # back from the end slide to the last scene
        return self.go(self.index - 1)

    def end(self) -> bool:
        """The end slide, after the last scene: the presenter sees the briefing is over."""
        self.at_end = True
        self.title.setText("End")
        self.counter.setText(f"{len(self.scenes)} / {len(self.scenes)} · end")
        self.caption.hide()
        self.canvas.update()
        return True

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in NEXT_KEYS:
            self.next()
        elif key in BACK_KEYS:
            self.previous()
        elif key == Qt.Key_Escape:
            self.close()
        elif key == Qt.Key_Home:
            self.go(0)
        elif key == Qt.Key_End:
            self.go(len(self.scenes) - 1)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fade.isVisible():
            self.fade.setGeometry(self.rect())

    def closeEvent(self, event) -> None:
        self.anim.stop()
        super().closeEvent(event)


def open_briefing(session, parent: QWidget, scene_id: int | None = None) -> Briefing | None:
    """A full-screen briefing over ``parent`` from the scene ``scene_id`` (else the first); None when
    there are no scenes to present."""
    scene_list = scenes.list_scenes(session.db)
    if not scene_list:
        return None
    start = next((i for i, s in enumerate(scene_list) if s.id == scene_id), 0)
    b = Briefing(session, scene_list, start, parent=parent)
    b.setAttribute(Qt.WA_DeleteOnClose)
    b.showFullScreen()
    b.setFocus()
    return b


def scene_followed(session, value) -> Scene | None:
    """The scene another instance's briefing shows (the ``sharedScene`` value), or None if it is not
    one of this store's scenes."""
    if not isinstance(value, dict) or "id" not in value:
        return None
    try:
        return scenes.get(session.db, int(value["id"]))
    except (TypeError, ValueError):
        return None
