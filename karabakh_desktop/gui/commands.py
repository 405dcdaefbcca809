"""Undoable edits of the analyst's scenes and notes, pushed on ``session.undo_stack``.

Each command writes through :mod:`core.scenes` / :mod:`core.notes` (one committed transaction
per step) and then announces the change on the session (``userDataChanged``), which the
Scenes panel, the note editor and the Details panel listen to. A deletion only marks the row,
so undo brings back the same id with the same fields and timestamps.

Edits go on the stack through :func:`push`, which does the first write itself: a write that fails
(read-only or busy store, full disk, a file replaced under the window) is a dialog in words and
``session.writeFailed``, and nothing goes on the undo stack. A later undo or redo that fails
says so the same way and leaves the stack where it was (:func:`_stay`), so the stack and the store
agree and the next Undo or Redo tries the same step again.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtGui import QUndoCommand

from ..core import notes, scenes


def push(session, cmd: QUndoCommand, parent=None) -> bool:
    """Do ``cmd`` and put it on the undo stack; on a failed write, a dialog and False (not pushed)."""
    try:
        cmd.do()
    except (sqlite3.Error, OSError) as exc:
        _failed(session, exc, parent, "saved")
        return False
    cmd.done = True
    session.undo_stack.push(cmd)  # QUndoStack.push calls redo(): done already, so it is skipped once
    return True


# The title of a dialog saying that an undo or redo could not be made (a failed write or a refused edit).
STEP_TITLES = {"undone": "Could not undo", "redone": "Could not redo"}


def _failed(session, exc: BaseException, parent, what: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ..core.store import write_error
    from .errors import report_error

    message = write_error(exc, session.path) + f"\nYour change was not {what}."
    if what in ("undone", "redone"):  # the stack stays too (_stay): the same step is tried again
        message = message[:-1] + "; nothing is lost, and Undo and Redo stay at this step."
    session.writeFailed.emit(message)
    title = STEP_TITLES.get(what, "Could not save")
    report_error(title, message, parent, icon=QMessageBox.Warning)


def _stay(session, cmd: _Checked) -> None:
    """Keep the undo stack where it is although ``cmd``'s undo or redo just failed.

    QUndoStack moves its index once the command's ``undo()`` / ``redo()`` returns, whatever
    happened in it; left so, the stack would be one step off the store and the next Undo or Redo
    would do the wrong step. So as soon as it has moved, it is moved back, and the command skips
    that one call (nothing is written twice or written at all)."""
    stack = session.undo_stack
    where = stack.index()  # still the index before the step: QUndoStack moves it after the call

    def back(_index: int) -> None:
        stack.indexChanged.disconnect(back)
        cmd.skip = True
        try:
            stack.setIndex(where)
        finally:
            cmd.skip = False

    stack.indexChanged.connect(back)


class _Checked(QUndoCommand):
    """``do`` / ``undo_`` hold the writes; a failure in a later undo or redo is reported, not raised,
    and leaves the stack where it was."""

    done = False
    skip = False  # the stack is being put back after a failed step: no write

    @property
    def db(self):
        return self.session.db  # the session's connection now, not the one it had when the edit was made

    def redo(self) -> None:
        if self.skip:
            return
        if self.done:
            self.done = False
            return
        self._step(self.do, "redone")

    def undo(self) -> None:
        if not self.skip:
            self._step(self.undo_, "undone")

    def _step(self, write, what: str) -> None:
        try:
            write()
        except (sqlite3.Error, OSError) as exc:
            _stay(self.session, self)
            _failed(self.session, exc, None, what)


class _SceneCommand(_Checked):
    def __init__(self, session, text: str):
        super().__init__(text)
        self.session = session
        self.scene_id: int | None = None  # set by each command

    def _changed(self) -> None:
        self.session.user_data_changed("scene", self.scene_id)


class AddScene(_SceneCommand):
    def __init__(self, session, title: str, state: dict, caption: str = ""):
        super().__init__(session, f"Add scene “{title}”")
        self.title, self.state, self.caption = title, state, caption

    def do(self) -> None:
        if self.scene_id is None:
            self.scene_id = scenes.add(self.db, self.title, self.state, self.caption).id
        else:
            scenes.set_deleted(self.db, self.scene_id, False)
        self._changed()

    def undo_(self) -> None:
        scenes.set_deleted(self.db, self.scene_id, True)
        self._changed()


class DeleteScene(_SceneCommand):
    def __init__(self, session, scene_id: int):
        scene = scenes.get(session.db, scene_id)
        super().__init__(session, f"Delete scene “{scene.title if scene else scene_id}”")
        self.scene_id = scene_id

    def do(self) -> None:
        scenes.set_deleted(self.db, self.scene_id, True)
        self._changed()

    def undo_(self) -> None:
        scenes.set_deleted(self.db, self.scene_id, False)
        self._changed()


class UpdateScene(_SceneCommand):
    """Rename, re-caption or re-capture a scene; undo puts back every field and the timestamp."""

    def __init__(self, session, scene_id: int, *, title: str | None = None, caption: str | None = None,
                 state: dict | None = None, text: str = ""):
        self.before = scenes.get(session.db, scene_id)
        super().__init__(session, text or (f"Rename scene to “{title}”" if title is not None and state is None
                                           else f"Update scene “{self.before.title}”"))
        self.scene_id = scene_id
        self.change = {"title": title, "caption": caption, "state": state}
        self.after_updated: float | None = None

    def do(self) -> None:
        after = scenes.update(self.db, self.scene_id, **self.change, updated=self.after_updated)
        self.after_updated = after.updated
        self._changed()

    def undo_(self) -> None:
        b = self.before
        scenes.update(self.db, self.scene_id, title=b.title, caption=b.caption, state=b.state, updated=b.updated)
        self._changed()


class MoveScene(_SceneCommand):
    """Reorder: move one scene up (-1) or down (+1). Undo restores every position exactly."""

    def __init__(self, session, scene_id: int, step: int):
        super().__init__(session, "Move scene up" if step < 0 else "Move scene down")
        self.before = scenes.positions(session.db)
        self.after = scenes.moved(session.db, scene_id, step) or dict(self.before)
        self.scene_id = scene_id

    def do(self) -> None:
        scenes.set_positions(self.db, self.after)
        self._changed()

    def undo_(self) -> None:
        scenes.set_positions(self.db, self.before)
        self._changed()


class _NoteCommand(_Checked):
    def __init__(self, session, text: str, item_id: str):
        super().__init__(text)
        self.session = session
        self.item_id = item_id

    def _changed(self) -> None:
        self.session.user_data_changed("note", self.item_id)


class AddNote(_NoteCommand):
    def __init__(self, session, item_id: str, text: str):
        super().__init__(session, "Add note", item_id)
        self.body = text
        self.note_id: int | None = None

    def do(self) -> None:
        if self.note_id is None:
            self.note_id = notes.add(self.db, self.item_id, self.body).id
        else:
            notes.set_deleted(self.db, self.note_id, False)
        self._changed()

    def undo_(self) -> None:
        notes.set_deleted(self.db, self.note_id, True)
        self._changed()


class EditNote(_NoteCommand):
    def __init__(self, session, note_id: int, text: str):
        self.before = notes.get(session.db, note_id)
        super().__init__(session, "Edit note", self.before.item_id)
        self.note_id, self.body = note_id, text
        self.after_updated: float | None = None

    def do(self) -> None:
        self.after_updated = notes.edit(self.db, self.note_id, self.body, updated=self.after_updated).updated
        self._changed()

    def undo_(self) -> None:
        notes.edit(self.db, self.note_id, self.before.text, updated=self.before.updated)
        self._changed()


class DeleteNote(_NoteCommand):
    def __init__(self, session, note_id: int):
        note = notes.get(session.db, note_id)
        super().__init__(session, "Delete note", note.item_id)
        self.note_id = note_id

    def do(self) -> None:
        notes.set_deleted(self.db, self.note_id, True)
        self._changed()

    def undo_(self) -> None:
        notes.set_deleted(self.db, self.note_id, False)
        self._changed()
