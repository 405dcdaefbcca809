"""The analyst's own sources in the window (issue 15): import, confirm / reject suggestions, record
items from a selected passage, edit in Details — each one undoable, each shown at once in every
panel; a write the store refuses is a dialog, and nothing goes on the undo stack."""

from __future__ import annotations

from PySide6.QtCore import Qt

from karabakh_desktop.core import read, record
from karabakh_desktop.core.store import open_store
from karabakh_desktop.gui import knowledge_ui, record_dialogs, theme

TEXT = """# Notes on the corridor

Russian peacekeepers patrol the Lachin corridor between Xankəndi and Armenia.

The road through Kelbadjar to Zarislava was reopened in 2021, said the Ministry. Şuşa remains closed.

Zarislava has a school again.
"""


def import_sample(window, qtbot, tmp_path, name="notes.md", text=TEXT, meta=None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    flow = knowledge_ui.import_document(window, path, ask=False, meta=meta or {"author": "A. Reader"})
    with qtbot.waitSignal(flow.finished, timeout=30000) as blocker:
        pass
    return blocker.args[0]


def shown_doc(window, qtbot, tmp_path):
    done = import_sample(window, qtbot, tmp_path)
    doc_id = done.cmd.result["id"]
    docs = window.panels["documents"]
    docs.choose(docs.row_of(doc_id))
    return doc_id, window.panels["memo"]


def test_import_through_the_gui_shows_in_documents_and_memo(window, qtbot, tmp_path):
    from karabakh_desktop.gui.slides import source_and_credits

    done = import_sample(window, qtbot, tmp_path)
    assert "Reader" not in source_and_credits(window.session.db)[0]  # nothing recorded from it yet
    assert done is not None and window.session.undo_stack.count() == 1
    doc_id = done.cmd.result["id"]
    docs = window.panels["documents"]
    row = docs.row_of(doc_id)
    assert row >= 0 and docs.table.item(row, 0).text() == "Notes on the corridor"
    assert int(docs.table.item(row, 3).text()) >= 5  # suggested mentions to confirm
    memo = window.panels["memo"]
    assert memo.doc_box.findData(doc_id) >= 0  # the memo lists it too
    assert docs.choose(row) == doc_id and memo.shown.doc_id == doc_id  # chosen through the session
    assert "Russian peacekeepers" in memo.view.toPlainText()
    assert docs.fields["author"].text() == "A. Reader"
    # metadata edited in place: one undoable command, shown at once in the list and the memo's list
    docs.fields["title"].setText("Corridor notes")
    docs.fields["title"].editingFinished.emit()
    assert docs.table.item(docs.row_of(doc_id), 0).text() == "Corridor notes"
    assert memo.doc_box.itemText(memo.doc_box.findData(doc_id)) == "Corridor notes"
    docs.fields["published"].setText("June 2021")
    docs.fields["published"].editingFinished.emit()  # refused (a message): the store's value is shown again
    assert docs.fields["published"].text() == "" and window.session.undo_stack.count() == 2
    window.session.undo_stack.undo()
    assert docs.table.item(docs.row_of(doc_id), 0).text() == "Notes on the corridor"
    # undo removes it everywhere at once
    window.session.undo_stack.undo()
    assert docs.row_of(doc_id) == -1 and memo.doc_box.findData(doc_id) == -1 and memo.shown.doc_id != doc_id


def test_unreadable_file_is_a_message_and_nothing_is_pushed(window, qtbot, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    flow = knowledge_ui.import_document(window, bad, ask=False)
    with qtbot.waitSignal(flow.finished, timeout=30000) as blocker:
        pass
    assert blocker.args[0] is None and window.session.undo_stack.count() == 0


def test_confirm_and_reject_from_the_memo_panel(window, qtbot, tmp_path):
    doc_id, memo = shown_doc(window, qtbot, tmp_path)
    ctl = memo.suggestions
    sugg = {e: (a, b, mid) for a, b, mid, e, _c in memo.shown.suggested}
    assert {"kalbajar", "shusha", "lachin-corridor"} <= set(sugg)
    fuzzy = next(c for *_x, e, c in memo.shown.suggested if e == "kalbajar")
    exact = next(c for *_x, e, c in memo.shown.suggested if e == "shusha")
    assert fuzzy < exact
    n = len(memo.shown.suggested)
    # drawn distinctly: dotted underline, not the kind-coloured text of a confirmed mention
    a = sugg["shusha"][0]
    cur = memo.view.textCursor()
    cur.setPosition(a + 1)
    fmt = cur.charFormat()
    from PySide6.QtGui import QTextCharFormat

    assert fmt.underlineStyle() == QTextCharFormat.DotLine and fmt.anchorHref() == f"suggest:{sugg['shusha'][2]}"
    assert "confidence" in fmt.toolTip()
    assert fmt.foreground().color() != theme.kind_text_colour("place")  # a confirmed mention's text is kind-coloured

    ctl.choose(next(i for i, s in enumerate(memo.shown.suggested) if s[3] == "shusha"))
    memo.view.setFocus()
    qtbot.waitUntil(memo.view.hasFocus)
    qtbot.keyClick(memo.view, Qt.Key_C)  # the key confirms it
    assert len(memo.shown.suggested) == n - 1
    assert any(e == "shusha" for *_x, e in memo.shown.mentions)  # now a confirmed, clickable mention
    cur = memo.view.textCursor()
    cur.setPosition(a + 1)
    assert cur.charFormat().anchorHref() == "item:shusha"
    assert cur.charFormat().foreground().color() == theme.kind_text_colour("place")
    docs = window.panels["documents"]
    assert docs.table.item(docs.row_of(doc_id), 2).text() == "1"
    ctl.choose(next(i for i, s in enumerate(memo.shown.suggested) if s[3] == "kalbajar"))
    assert ctl.set_status("rejected", every=True) is not None
    assert all(s[3] != "kalbajar" for s in memo.shown.suggested)
    window.session.undo_stack.undo()
    assert any(s[3] == "kalbajar" for s in memo.shown.suggested)
    # the context menu on a suggestion confirms or rejects it too
    a, _b, mid, _e, _c = next(x for x in memo.shown.suggested if x[3] == "lachin-corridor")
    cur = memo.view.textCursor()
    cur.setPosition(a + 2)
    menu = memo.suggestions.context_menu(memo.view.cursorRect(cur).center())
    next(x for x in menu.actions() if x.text() == "Reject Suggestion").trigger()
    assert all(x[2] != mid for x in memo.shown.suggested)
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert len(memo.shown.suggested) == n and not any(e == "shusha" for *_x, e in memo.shown.mentions)
    cur = memo.view.textCursor()
    cur.setPosition(a + 1)
    assert cur.charFormat().anchorHref().startswith("suggest:")  # a suggestion again, drawn as one
    assert cur.charFormat().foreground().color() != theme.kind_text_colour("place")
    # the toggle counts suggested mentions in the panels' counts
    window.count_suggested_action.trigger()
    assert int(docs.table.item(docs.row_of(doc_id), 2).text()) == n


def test_tag_as_new_place_shows_at_once_in_map_and_network(window, qtbot, tmp_path):
    doc_id, memo = shown_doc(window, qtbot, tmp_path)
    text = read.document_content(window.session.db, doc_id).text
    start = text.index("Zarislava")
    end = start + len("Zarislava")
    memo.suggestions.select_passage(start, end)
    assert memo.suggestions.passage() == (doc_id, start, end)
    rect = memo.view.cursorRect(memo.view.textCursor())
    actions = {a.text().split("\t")[0]: a for a in memo.suggestions.context_menu(rect.center()).actions()}
    assert actions["Tag as…"].isEnabled() and actions["Record Relation…"].isEnabled()
    window.panels["network"].set_include_places(True)  # the network with places on
    form = record_dialogs.EntityDialog(window.session, doc_id, start, end, window)
    assert form.name.text() == "Zarislava"
    form.kind.setCurrentText("place")
    form.subtype.setCurrentText("village")
    form.aliases.setText("Zarislava village")
    done = form.submit()
    assert done is None and "coordinates" in form.error.text()  # no made-up position
    form.lat.setText("39.9")
    form.lon.setText("46.4")
    done = form.submit()
    assert done is not None
    eid = done.result["id"]
    assert eid in window.panels["map"].places  # the map was made again from the store
    # its other mentions are found when the memo panel looks again
    assert not any(x[3] == eid for x in memo.shown.suggested)
    assert memo.suggestions.suggest_again() is not None
    assert any(x[3] == eid for x in memo.shown.suggested)
    window.session.undo_stack.undo()
    assert window.panels["map"].highlight_level(eid) is not None
    assert eid in window.panels["network"].node_ids
    ev = read.evidence(window.session.db, eid)
    assert ev and ev[0].quote == text[start:end] == "Zarislava"
    assert any(e == eid for *_x, e in memo.shown.mentions)
    window.session.undo_stack.undo()
    assert eid not in window.panels["map"].places and not window.session.catalog.exists(eid)
    window.session.undo_stack.redo()
    assert eid in window.panels["map"].places


def test_tag_as_existing_entity_and_record_relation(window, qtbot, tmp_path):
    doc_id, memo = shown_doc(window, qtbot, tmp_path)
    text = read.document_content(window.session.db, doc_id).text
    s = text.index("said the Ministry")
    tag = record_dialogs.TagDialog(window.session, doc_id, s + 9, s + 17, window)
    tag.search.setText("Armenia")
    assert tag.list.count() >= 1
    tag.list.setCurrentRow(next(i for i in range(tag.list.count()) if tag.list.item(i).data(record_dialogs.ID_ROLE)
                                == "armenia"))
    assert tag.submit() is not None
    assert any(e == "armenia" and text[a:b] == "Ministry" for e, a, b in
               read.document_content(window.session.db, doc_id).mentions)
    # a slide now cites the imported document too: content comes from it
    from karabakh_desktop.gui.slides import source_and_credits

    source = source_and_credits(window.session.db)[0]
    assert "Valiyev" in source and "Reader" in source

    net = window.panels["network"]
    edges_before = net.g.number_of_edges()
    p = text.index("Russian peacekeepers patrol")
    rel = record_dialogs.RelationDialog(window.session, doc_id, p, p + len("Russian peacekeepers patrol the Lachin"),
                                        window)
    rel.source.setCurrentIndex(rel.source.findData("russian-peacekeepers"))
    rel.target.setCurrentIndex(rel.target.findData("armenia"))
    rel.kind.setText("patrols_near")
    rel.sign.setCurrentText("neutral")
    done = rel.submit()
    assert done is not None
    rid = done.result["id"]
    net = window.panels["network"]
    assert net.g.number_of_edges() == edges_before + 1 and rid in net.model.edge_ids
    assert read.evidence(window.session.db, rid)[0].quote == text[p:p + len("Russian peacekeepers patrol the Lachin")]
    window.session.undo_stack.undo()
    assert window.panels["network"].g.number_of_edges() == edges_before


def test_bad_form_input_says_why_and_stays_open(window, qtbot, tmp_path, monkeypatch):
    doc_id, memo = shown_doc(window, qtbot, tmp_path)
    shown = []
    monkeypatch.setattr("karabakh_desktop.gui.errors.report_error",
                        lambda title, message, parent=None, **kw: shown.append(message))
    text = read.document_content(window.session.db, doc_id).text
    memo.suggestions.select_passage(text.index("Russian"), text.index("Şuşa") + 4)  # two sentences
    assert memo.suggestions.tag() is None and "more than one sentence" in shown[-1]
    claim = record_dialogs.ClaimDialog(window.session, doc_id, 0, 5, window)
    claim.summary.setText("")
    assert claim.submit() is None and "summary" in claim.error.text()
    assert window.session.undo_stack.count() == 1  # the import only


def test_details_field_edit_undo_redo_exactly(window):
    s = window.session
    s.select("kalbajar")
    details = window.panels["details"]
    before = dict(__import__("karabakh_desktop.core.item_edits", fromlist=["x"]).editable_fields(s.db, "kalbajar"))
    assert details.editor.set_field("description", "A district west of Karabakh.") is not None
    assert "A district west of Karabakh." in details.view.toPlainText()
    from karabakh_desktop.core import item_edits

    s.undo_stack.undo()
    assert item_edits.editable_fields(s.db, "kalbajar") == before
    assert "A district west of Karabakh." not in details.view.toPlainText()
    s.undo_stack.redo()
    assert item_edits.editable_fields(s.db, "kalbajar")["description"] == "A district west of Karabakh."
    assert details.editor.add_alias("Kelbajar test", "en") is not None
    assert "Kelbajar test" in details.view.toPlainText()
    assert details.editor.remove_alias("Kelbajar test") is not None
    assert "Kelbajar test" not in details.view.toPlainText()
    assert details.editor.set_field("place_type", "no-such-type") is None  # refused: a message, nothing pushed
    assert s.undo_stack.count() == 3


def test_merge_and_undo_and_delete(window):
    s = window.session
    s.select("lachin")
    details = window.panels["details"]
    counts = read.mention_counts(s.db)
    done = details.editor.merge("lachin-corridor")
    assert done is not None
    assert not s.catalog.exists("lachin-corridor") and s.catalog.exists("lachin")
    assert read.mention_counts(s.db)["lachin"] == counts["lachin"] + counts["lachin-corridor"]
    assert "lachin-corridor" not in window.panels["map"].places
    s.undo_stack.undo()
    assert s.catalog.exists("lachin-corridor") and read.mention_counts(s.db) == counts
    s.select("lachin-corridor")
    assert details.editor.delete() is not None
    assert not s.catalog.exists("lachin-corridor") and s.selection.items == ()
    s.undo_stack.undo()
    assert s.catalog.exists("lachin-corridor") and read.mention_counts(s.db) == counts


def test_failed_write_is_a_dialog_and_nothing_on_the_stack(window, monkeypatch, tmp_path):
    s = window.session
    shown = []
    monkeypatch.setattr("karabakh_desktop.gui.errors.report_error",
                        lambda title, message, parent=None, **kw: shown.append(message))
    s.db.close()
    s.db = open_store(s.path, readonly=True)  # as a store that became read-only under the window
    s.select("kalbajar")
    assert window.panels["details"].editor.set_field("description", "never written") is None
    assert shown and "not saved" in shown[-1] and s.undo_stack.count() == 0
    assert "never written" not in (read.facts(s.db, "kalbajar").description or "")
    # a window whose store is read-only does not import either (its message says why)
    s.read_only = "The store is read-only: open a writable copy."
    path = tmp_path / "n.txt"
    path.write_text("Lachin.", encoding="utf-8")
    flow = knowledge_ui.import_document(window, path, ask=False)
    assert "read-only" in shown[-1] and "Nothing was imported" in shown[-1] and s.undo_stack.count() == 0
    assert flow is not None


def test_conflicts_dialog_lists_and_resolves(window):
    dialog = knowledge_ui.show_conflicts(window)
    assert dialog.rows == [] and dialog.list.count() == 1 and not dialog.keep_btn.isEnabled()
    dialog.close()


def test_new_event_is_on_the_timeline_at_once(window, qtbot, tmp_path):
    doc_id, _memo = shown_doc(window, qtbot, tmp_path)
    text = read.document_content(window.session.db, doc_id).text
    start = text.index("The road through")
    end = text.index(", said")
    form = record_dialogs.EntityDialog(window.session, doc_id, start, end, window)
    form.kind.setCurrentText("event")
    form.name.setText("Kalbajar road reopened")
    form.subtype.setCurrentText(sorted(record.SUBTYPES["event"])[0])
    form.date_start.setText("2021-05")
    done = form.submit()
    assert done is not None, form.error.text()
    eid = done.result["id"]
    assert eid in window.panels["timeline"].events.ids
    assert read.evidence(window.session.db, eid)[0].quote == text[start:end]
    window.session.undo_stack.undo()
    assert eid not in window.panels["timeline"].events.ids


def test_metadata_form_is_prefilled_and_checks_the_date(qapp, tmp_path):
    from PySide6.QtWidgets import QDialog

    from karabakh_desktop.core import importers
    from karabakh_desktop.gui.import_flow import MetadataForm

    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Shusha Talks</title><meta name='author' content='R. Writer'></head>"
                    "<body><nav>Home | About</nav><article><p>Talks in Şuşa went on for a day.</p></article></body>"
                    "</html>", encoding="utf-8")
    found = importers.read(path)
    form = MetadataForm(path, found)
    assert form.edits["title"].text() == "Shusha Talks" and "Writer" in form.edits["author"].text() == found.author
    form.edits["published"].setText("21 August")
    form._check()
    assert "date" in form.error.text() and form.result() != QDialog.Accepted


def test_gazetteer_candidates_fill_the_coordinates_off_the_gui_thread(window, qtbot, tmp_path):
    doc_id, _memo = shown_doc(window, qtbot, tmp_path)
    text = read.document_content(window.session.db, doc_id).text
    start = text.index("Lachin")
    form = record_dialogs.EntityDialog(window.session, doc_id, start, start + 6, window)
    form.kind.setCurrentText("place")
    form.find_candidates()
    qtbot.waitUntil(lambda: form.find.isEnabled(), timeout=30000)
    assert form.candidates.count() >= 1 and "km from the region" in form.candidates.itemText(0)
    assert abs(float(form.lat.text()) - 39.6) < 0.2 and abs(float(form.lon.text()) - 46.5) < 0.2


def test_the_memo_without_suggestions_says_so(window):
    """The shipped memo has no suggested mentions: its bar says "No suggestions", not "0 suggested"."""
    bar = window.panels["memo"].suggestions
    assert not bar.suggested
    assert bar.label.text() == "No suggestions"
    assert [k for k, b in bar.buttons.items() if not b.isHidden()] == ["again"]  # nothing to confirm or reject

