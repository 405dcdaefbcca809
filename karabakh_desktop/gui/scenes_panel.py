"""Saved scenes: capture the window as it is (selection, time window, naming, each panel's view,
which panels are shown, a title and a caption), apply one later, rename, reorder, update, delete.
Every change is an undoable command; the scenes live in the store.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
)

from ..core import scenes
from ..core.scene_state import SceneState
from ..core.scenes import Scene
from .commands import AddScene, DeleteScene, MoveScene, UpdateScene, push
from .panels import Panel, panel_toolbar
from .scene_host import SceneHost

ID_ROLE = Qt.UserRole + 1


def default_title(session, n: int) -> str:
    items = session.selection.items
    return f"Scene {n}: {session.label(items[-1])}" if items else f"Scene {n}"


# --- the panel ------------------------------------------------------------------------------------------
class ScenesPanel(Panel):
    panel_id = "scenes"
    title = "Scenes"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.host = SceneHost(session)  # the window hands its own (set_host); alone, the session's
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.itemDoubleClicked.connect(lambda it: self.apply(it.data(ID_ROLE)))
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.setToolTip("Double-click a scene to show it. F5 presents the scenes full screen.")
        self.buttons = {}
        for key, text, tip, slot in (
                ("capture", "+ Capture", "Save the window as it is now as a new scene", lambda: self.capture()),
                ("apply", "Show", "Show the chosen scene", lambda: self.apply()),
                ("update", "Update", "Replace the chosen scene's state with the window as it is now",
                 lambda: self.update_scene()),
                ("up", "▲", "Move the chosen scene up", lambda: self.move(step=-1)),
                ("down", "▼", "Move the chosen scene down", lambda: self.move(step=+1)),
                ("delete", "Delete", "Delete the chosen scene (Ctrl+Z brings it back)", lambda: self.delete()),
                ("present", "Present", "Full-screen briefing from the chosen scene (F5)", lambda: self.present()),
                ("deck", "Export deck…", "Every scene as a slide: a PowerPoint deck, a PDF or a folder of images",
                 lambda: self.host.export_deck())):
            b = QToolButton(text=text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            self.buttons[key] = b
        bar = panel_toolbar(list(self.buttons.values()), parent=self)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Title of the chosen scene")
        self.title_edit.editingFinished.connect(lambda: self.rename(title=self.title_edit.text()))
        self.caption_edit = QLineEdit()
        self.caption_edit.setPlaceholderText("Caption shown in briefings and exports")
        self.caption_edit.editingFinished.connect(lambda: self.set_caption(caption=self.caption_edit.text()))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Title", self.title_edit)
        form.addRow("Caption", self.caption_edit)
        from .notes_editor import NoteEditor

        self.notes = NoteEditor(session)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(bar)
        lay.addWidget(self.list, 1)
        lay.addLayout(form)
        lay.addWidget(self.notes)
        self.refresh()

    def on_user_data(self, kind: str, item_id) -> None:
        if kind == "scene":
            self.refresh()

    # --- reading --------------------------------------------------------------------------------------
    def scenes(self) -> list[Scene]:
        return scenes.list_scenes(self.session.db)

    def current_id(self) -> int | None:
        it = self.list.currentItem()
        return it.data(ID_ROLE) if it is not None else None

    def refresh(self) -> None:
        keep = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for n, sc in enumerate(self.scenes(), 1):
            it = QListWidgetItem(f"{n}. {sc.title}")
            it.setData(ID_ROLE, sc.id)
            it.setToolTip(sc.caption or "No caption")
            self.list.addItem(it)
            if sc.id == keep:
                self.list.setCurrentItem(it)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)  # F5 then starts at the beginning of the briefing
        self.list.blockSignals(False)
        self._show_current()

    def _show_current(self) -> None:
        sid = self.current_id()
        sc = scenes.get(self.session.db, sid) if sid is not None else None
        for w in (self.title_edit, self.caption_edit):
            w.setEnabled(sc is not None)
        for key in ("apply", "update", "up", "down", "delete"):
            self.buttons[key].setEnabled(sc is not None)
        self.buttons["present"].setEnabled(self.list.count() > 0)
        self.buttons["deck"].setEnabled(self.list.count() > 0)
        if not self.title_edit.hasFocus():
            self.title_edit.setText(sc.title if sc else "")
        if not self.caption_edit.hasFocus():
            self.caption_edit.setText(sc.caption if sc else "")
        from ..core.notes import scene_item

        self.notes.set_item(scene_item(sc.id) if sc else None)

    def set_host(self, host: SceneHost) -> None:
        """Capture, apply and present through ``host`` (the window this panel is docked in)."""
        self.host = host

    def _select_id(self, sid: int | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == sid:
                self.list.setCurrentRow(row)
                return

    # --- editing (each an undoable command) ---------------------------------------------------------
    def capture(self, title: str | None = None, caption: str = "") -> int | None:
        """Save the window as a new scene; None (after a dialog saying why) if the store did not take it."""
        state = self.host.capture().to_json()
        cmd = AddScene(self.session, title or default_title(self.session, self.list.count() + 1), state, caption)
        if not push(self.session, cmd, self):
            return None
        self._select_id(cmd.scene_id)
        return cmd.scene_id

    def update_scene(self, scene_id: int | None = None) -> None:
        sid = scene_id if scene_id is not None else self.current_id()
        if sid is not None:
            push(self.session, UpdateScene(self.session, sid, state=self.host.capture().to_json()), self)

    def rename(self, scene_id: int | None = None, title: str = "") -> None:
        sid = scene_id if scene_id is not None else self.current_id()
        sc = scenes.get(self.session.db, sid) if sid is not None else None
        title = title.strip()
        if sc is not None and title and title != sc.title:
            push(self.session, UpdateScene(self.session, sid, title=title), self)

    def set_caption(self, scene_id: int | None = None, caption: str = "") -> None:
        sid = scene_id if scene_id is not None else self.current_id()
        sc = scenes.get(self.session.db, sid) if sid is not None else None
        if sc is not None and caption != sc.caption:
            push(self.session, UpdateScene(self.session, sid, caption=caption, text=f"Caption of scene “{sc.title}”"),
                 self)

    def move(self, scene_id: int | None = None, step: int = 1) -> None:
        sid = scene_id if scene_id is not None else self.current_id()
        if sid is not None and scenes.moved(self.session.db, sid, step) is not None:
            push(self.session, MoveScene(self.session, sid, step), self)
            self._select_id(sid)

    def delete(self, scene_id: int | None = None) -> None:
        sid = scene_id if scene_id is not None else self.current_id()
        if sid is not None:
            push(self.session, DeleteScene(self.session, sid), self)

    def apply(self, scene_id: int | None = None) -> None:
        sid = scene_id if scene_id is not None else self.current_id()
        sc = scenes.get(self.session.db, sid) if sid is not None else None
        if sc is None:
            return
        self.host.apply(SceneState.from_json(sc.state))
        self.session.status.emit(f"Scene: {sc.title}" + (f" — {sc.caption}" if sc.caption else ""))

    def present(self) -> None:
        self.host.present(self.current_id())
