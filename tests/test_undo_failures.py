"""A failed undo or redo leaves the undo stack where it was (issue 17k): the store and the stack agree,
the user is told why in words (busy, read-only, changed meanwhile — never "damaged"), and nothing is
lost. Before, QUndoStack moved its index past a step whose write had failed, so the next undo or
redo did the wrong step."""

from __future__ import annotations

import sqlite3

import pytest

from karabakh_desktop.core import item_edits, notes
from karabakh_desktop.core.store import open_store
from karabakh_desktop.gui import knowledge_commands
from karabakh_desktop.gui.commands import AddNote


@pytest.fixture
def shown(monkeypatch):
    got: list[str] = []
    monkeypatch.setattr("karabakh_desktop.gui.errors.report_error",
                        lambda title, message, parent=None, **kw: got.append(message))
    return got


def _lock(path):
    """Another program holding the store's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_failed_undo_and_redo_leave_the_stack_where_it_was(session, shown, qtbot):
    stack = session.undo_stack
    session.db.execute("PRAGMA busy_timeout = 50")  # the lock below is not let go: fail fast
    stack.push(AddNote(session, "russia", "my note on the peacekeepers"))
    note_id = notes.notes_for(session.db, "russia")[0].id
    other = _lock(session.path)
    with qtbot.waitSignal(session.writeFailed) as failed:
        stack.undo()
    other.rollback()
    other.close()
    assert stack.index() == 1 and stack.canUndo() and not stack.canRedo()  # not moved
    assert [n.text for n in notes.notes_for(session.db, "russia")] == ["my note on the peacekeepers"]  # kept
    assert "busy" in failed.args[0] and "not undone" in failed.args[0] and "damaged" not in failed.args[0]
    assert shown and "busy" in shown[-1]
    # the next undo (the lock gone) undoes the very step that failed, then redo brings it back
    stack.undo()
    assert stack.index() == 0 and notes.notes_for(session.db, "russia") == []
    other = _lock(session.path)
    with qtbot.waitSignal(session.writeFailed) as failed:
        stack.redo()
    other.rollback()
    other.close()
    assert stack.index() == 0 and stack.canRedo() and notes.notes_for(session.db, "russia") == []
    assert "busy" in failed.args[0] and "not redone" in failed.args[0]
    stack.redo()
    assert stack.index() == 1 and notes.get(session.db, note_id).text == "my note on the peacekeepers"


def test_an_undo_on_a_store_gone_read_only_stays_put_and_says_so(session, shown):
    stack = session.undo_stack
    stack.push(AddNote(session, "russia", "first"))
    stack.push(AddNote(session, "russia", "second"))
    session.db.close()
    session.db = open_store(session.path, readonly=True)  # as a store that became read-only under the window
    stack.undo()
    assert stack.index() == 2
    assert "not undone" in shown[-1] and "damaged" not in shown[-1]
    assert sorted(n.text for n in notes.notes_for(session.db, "russia")) == ["first", "second"]


def test_a_refused_redo_of_a_knowledge_edit_stays_put(window, shown):
    """The store changed under the window (another program took the row's place): the redo is
    refused in words and the stack stays, so a later undo does not undo a step that was never redone."""
    s = window.session
    stack = s.undo_stack
    assert knowledge_commands.build(s, item_edits.add_alias_command, "kalbajar", "Karvachar test") is not None
    stack.undo()
    assert stack.index() == 0
    free = s.db.execute("SELECT max(id) + 1 FROM aliases").fetchone()[0]  # the undone alias's id, free again
    other = sqlite3.connect(s.path)  # another program's alias takes it
    other.execute("INSERT INTO aliases (id, entity_id, alias, usage, alias_kind) "
                  "VALUES (?, 'kalbajar', 'Taken meanwhile', 'other', 'name')", [free])
    other.commit()
    other.close()
    stack.redo()
    assert stack.index() == 0 and stack.canRedo()
    assert "changed meanwhile" in shown[-1] and "damaged" not in shown[-1]
    assert "Taken meanwhile" in [r[0] for r in s.db.execute("SELECT alias FROM aliases")]
