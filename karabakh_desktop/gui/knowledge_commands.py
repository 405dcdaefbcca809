"""The analyst's knowledge edits (core :class:`edits.Command`) on the window's undo stack.

One wrapper for every core command — import, confirm / reject, tag, new entity, relation, claim,
field, alias, merge, delete. It goes on the stack through :func:`commands.push` (a failed write
is a dialog and nothing is pushed); after each do, undo or redo the session re-reads the catalog
and tells every panel (``knowledgeChanged``), so what was recorded shows at once everywhere.
An edit the core refuses (:class:`edits.EditError`: bad input, or the store changed meanwhile)
is a message in words, never a traceback.
"""

from __future__ import annotations

import sqlite3

from ..core.edits import Command, EditError
from .commands import STEP_TITLES, _Checked, _failed, _stay, push

# What each operation changes, so panels reload only what depends on it.
WHAT = {"mention_status": "mentions", "suggest": "evidence", "tag": "evidence", "import_document": "documents",
        "set_document": "documents"}


def changed_kinds(session, cmd: Command) -> frozenset[str] | None:
    """The kinds of items an edit of items changes (None: any, e.g. a merge or a deletion), so the map
    is not made again for a relation, nor the timeline for an alias of an actor."""
    p, kind = cmd.payload, session.catalog.kind
    if cmd.op == "create_entity":
        return frozenset({p["kind"]})
    if cmd.op == "record_relation":
        return frozenset({"relation"})
    if cmd.op == "record_claim":
        return frozenset({"claim"})
    if cmd.op in ("set_field", "add_alias", "remove_alias"):
        k = kind(p.get("item") or p.get("entity") or "")
        return frozenset({k}) if k else None
    return None


class KnowledgeCommand(_Checked):
    names_rows = True  # its undo names rows by their place in the store: a rebuild makes it stale

    def __init__(self, session, cmd: Command, *, done: bool = False):
        super().__init__(cmd.text)
        self.session, self.cmd = session, cmd
        self.what = WHAT.get(cmd.op, "items")
        self.kinds = changed_kinds(session, cmd) if self.what == "items" else None
        self.result: dict = {}
        self._done_elsewhere = done  # an import done off the GUI thread: the first do only announces it

    def do(self) -> None:
        if self._done_elsewhere:
            self._done_elsewhere = False
            self.result = self.cmd.result
        else:
            self.result = self.cmd.do(self.session.db)
        self.session.knowledge_changed(self.what, self.kinds)

    def undo_(self) -> None:
        self.cmd.undo(self.session.db)
        self.session.knowledge_changed(self.what, self.kinds)

    def _step(self, write, what: str) -> None:
        try:
            super()._step(write, what)
        except EditError as exc:  # refused (the store changed meanwhile): reported like a failed write
            _stay(self.session, self)
            refused(self.session, exc, None, what)


def run(session, cmd: Command | None, parent=None, *, done: bool = False) -> KnowledgeCommand | None:
    """Do a core command and put it on the undo stack; None (with a dialog) when it was not done."""
    if cmd is None:
        return None
    wrapper = KnowledgeCommand(session, cmd, done=done)
    try:
        return wrapper if push(session, wrapper, parent) else None
    except EditError as exc:
        refused(session, exc, parent)
        return None


def build(session, factory, *args, parent=None, **kwargs) -> KnowledgeCommand | None:
    """Build a core command with ``factory(db, *args, **kwargs)`` and run it; bad input is a message."""
    try:
        cmd = factory(session.db, *args, **kwargs)
    except EditError as exc:
        refused(session, exc, parent)
        return None
    except (sqlite3.Error, OSError) as exc:
        _failed(session, exc, parent, "saved")
        return None
    return run(session, cmd, parent)


def refused(session, exc: EditError, parent, what: str = "") -> None:
    """``what``: "undone" / "redone" for a refused undo or redo (the stack stays where it was)."""
    from PySide6.QtWidgets import QMessageBox

    from .errors import report_error

    title = STEP_TITLES.get(what, "Could not make this change")
    # a refused undo or redo says "nothing was changed" itself (core.edits); the stack stays too
    after = "Undo and Redo stay at this step." if what else "Nothing was changed."
    session.writeFailed.emit(str(exc))
    report_error(title, f"{exc}\n{after}", parent, icon=QMessageBox.Warning)
