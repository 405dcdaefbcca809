"""Scenes and notes: stored in the store, kept over a rebuild, every edit undoable exactly."""

import datetime as dt

from karabakh_desktop.core import notes, scenes
from karabakh_desktop.core.build import build
from karabakh_desktop.core.scene_state import SceneState
from karabakh_desktop.core.search import search
from karabakh_desktop.core.store import connect, open_store
from karabakh_desktop.gui.commands import AddNote, AddScene, DeleteNote, EditNote
from karabakh_desktop.gui.details_panel import DetailsPanel
from karabakh_desktop.gui.scene_host import apply_state, capture_state
from karabakh_desktop.gui.scenes_panel import ScenesPanel
from karabakh_desktop.paths import data_dir


def rows(db, table):
    return db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()



def test_scenes_and_notes_survive_a_rebuild(store_copy):
    db = open_store(store_copy)
    sc = scenes.add(db, "Shusha after the war", {"selection": ["shusha"], "naming": "az"}, "caption")
    note = notes.add(db, "shusha", "Check the 8 November date against the trilateral statement.")
    notes.add(db, f"scene:{sc.id}", "Open with this one")
    before_scenes, before_notes = rows(db, "user_scenes"), rows(db, "user_notes")
    db.close()
    build(data_dir(), store_copy)
    db = open_store(store_copy, readonly=True)
    try:
        assert rows(db, "user_scenes") == before_scenes
        assert rows(db, "user_notes") == before_notes
        assert scenes.get(db, sc.id).state == {"selection": ["shusha"], "naming": "az"}
        assert [n.text for n in notes.notes_for(db, "shusha")] == [note.text]
    finally:
        db.close()


def test_notes_are_searchable_and_committed_at_once(session, store_copy):
    session.undo_stack.push(AddNote(session, "lachin-corridor", "Rotation schedule of the zqxj peacekeepers"))
    other = connect(store_copy, readonly=True)  # as another process (or a restarted app) would see it
    try:
        assert other.execute("SELECT text FROM user_notes WHERE item_id = 'lachin-corridor' AND deleted = 0"
                             ).fetchone() == ("Rotation schedule of the zqxj peacekeepers",)
    finally:
        other.close()
    hits = search(session.db, "zqxj")
    assert [(h.item_id, h.field) for h in hits] == [("lachin-corridor", "note")]
    session.undo_stack.undo()
    assert search(session.db, "zqxj") == []


def test_note_add_edit_delete_undo_redo_exactly(session):
    db = session.db
    stack = session.undo_stack
    stack.push(AddNote(session, "russia", "first"))
    note_id = notes.notes_for(db, "russia")[0].id
    after_add = rows(db, "user_notes")
    stack.push(EditNote(session, note_id, "second"))
    after_edit = rows(db, "user_notes")
    stack.push(DeleteNote(session, note_id))
    assert notes.notes_for(db, "russia") == []
    stack.undo()
    assert rows(db, "user_notes") == after_edit
    stack.undo()
    assert rows(db, "user_notes") == after_add
    assert notes.get(db, note_id).text == "first"
    stack.undo()
    assert notes.notes_for(db, "russia") == []
    stack.redo()
    assert rows(db, "user_notes") == after_add  # the same id comes back, timestamps and all
    stack.redo()
    assert rows(db, "user_notes") == after_edit
    stack.redo()
    assert notes.notes_for(db, "russia") == []


def test_scene_edits_undo_and_redo_exactly(session, qtbot):
    panel = ScenesPanel(session)
    qtbot.addWidget(panel)
    db = session.db
    session.select("shusha")
    a = panel.capture("A")
    session.select("russia")
    b = panel.capture("B", caption="Russia's role")
    session.select("turkey")
    c = panel.capture("C")
    snapshots = [rows(db, "user_scenes")]
    panel.rename(a, "A renamed")
    snapshots.append(rows(db, "user_scenes"))
    panel.set_caption(b, "A new caption")
    snapshots.append(rows(db, "user_scenes"))
    panel.move(c, step=-1)
    snapshots.append(rows(db, "user_scenes"))
    assert [s.title for s in panel.scenes()] == ["A renamed", "C", "B"]
    assert [panel.list.item(i).text() for i in range(3)] == ["1. A renamed", "2. C", "3. B"]
    session.select("azerbaijan")
    panel.update_scene(b)
    snapshots.append(rows(db, "user_scenes"))
    assert scenes.get(db, b).state["selection"] == ["azerbaijan"]
    panel.delete(a)
    snapshots.append(rows(db, "user_scenes"))
    assert [s.title for s in panel.scenes()] == ["C", "B"]
    for expected in reversed(snapshots[:-1]):
        session.undo_stack.undo()
        assert rows(db, "user_scenes") == expected
    for expected in snapshots[1:]:
        session.undo_stack.redo()
        assert rows(db, "user_scenes") == expected


def test_capture_and_apply_restore_the_state(session, qtbot):
    panel = ScenesPanel(session)
    qtbot.addWidget(panel)
    session.set_naming("hy")
    session.set_time_window((dt.date(2020, 9, 27), dt.date(2020, 11, 11)))
    session.set_selection(["shusha", "russia"])
    sid = panel.capture("War")
    session.set_naming("both")
    session.set_time_window(None)
    session.clear_selection()
    panel.apply(sid)
    assert session.selection.items == ("shusha", "russia")
    assert session.time_window == (dt.date(2020, 9, 27), dt.date(2020, 11, 11))
    assert session.naming == "hy"


def test_apply_skips_ids_gone_after_a_rebuild(session):
    apply_state(session, SceneState.from_json({"selection": ["shusha", "no-such-item"],
                                               "time_window": ["bad", "dates"], "naming": "nonsense"}))
    assert session.selection.items == ("shusha",)
    assert session.time_window is None and session.naming == "both"
    assert capture_state(session).selection == ("shusha",)


def test_details_panel_adds_a_note_that_shows_and_undoes(session, qtbot):
    details = DetailsPanel(session)
    qtbot.addWidget(details)
    session.select("shusha")
    editor = details.note_editor
    assert editor.item_id == "shusha" and editor.isEnabled()
    editor.add_btn.click()
    assert editor.edit_row.isVisibleTo(editor)
    editor.editor.setPlainText("Showcase city for reconstruction")
    with qtbot.waitSignal(session.userDataChanged, check_params_cb=lambda kind, _: kind == "note"):
        editor.save_btn.click()
    assert "Showcase city for reconstruction" in details.view.toPlainText()
    assert editor.list.count() == 1
    editor.start_edit(notes.notes_for(session.db, "shusha")[0].id)
    editor.editor.setPlainText("Showcase city, reconstruction under way")
    editor.save()
    assert "reconstruction under way" in details.view.toPlainText()
    session.undo_stack.undo()
    assert "Showcase city for reconstruction" in details.view.toPlainText()
    session.undo_stack.undo()
    assert "Showcase city" not in details.view.toPlainText()
    assert editor.list.count() == 0


def test_add_scene_command_announces_and_undoes(session, qtbot):
    with qtbot.waitSignal(session.userDataChanged, check_params_cb=lambda kind, _: kind == "scene"):
        session.undo_stack.push(AddScene(session, "T", {"selection": []}))
    assert [s.title for s in scenes.list_scenes(session.db)] == ["T"]
    session.undo_stack.undo()
    assert scenes.list_scenes(session.db) == []
    assert len(scenes.list_scenes(session.db, include_deleted=True)) == 1
