import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from karabakh_desktop.core.search import search


def ids(db, q):
    return [h.item_id for h in search(db, q)]


def test_search_with_and_without_diacritics(db):
    for q in ("Nakhchivan", "Naxçıvan", "naxcivan", "NAKHCHIVAN"):
        assert "nakhchivan" in ids(db, q)[:3], q


def test_search_finds_contested_names_either_way(db):
    assert ids(db, "stepanakert")[0] == ids(db, "Khankendi")[0]
    assert "shusha" in ids(db, "Şuşa")[:3]
    assert "shusha" in ids(db, "Shushi")[:3]


def test_search_finds_full_text_and_prefixes(db):
    hits = search(db, "outsiders ought")
    assert any(h.kind in ("sentence", "claim") for h in hits)
    assert "nikol-pashinyan" in ids(db, "Pashin")


def test_notes_are_searchable(store_copy):
    from karabakh_desktop.core.store import open_store

    d = open_store(store_copy)
    with d.atomic():
        d["user_notes"].insert({"item_id": "ganja", "text": "Çox vacib: verify strike dates", "created": 1,
                                "updated": 1})
    assert any(h.item_id == "ganja" and h.field == "note" for h in search(d, "cox vacib"))
    d.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_search_never_raises(db, q):
    for hit in search(db, q):
        assert hit.item_id


def test_russian_names_of_the_memos_places_are_aliases_marked_as_context(db):
    for q, item in (("Шуша", "shusha"), ("шуша", "shusha"), ("Степанакерт", "khankendi-stepanakert"),
                    ("Лачинский коридор", "lachin-corridor"), ("Нахичевань", "nakhchivan"), ("Россия", "russia")):
        assert item in ids(db, q), q
    rows = [r for r in db.execute("SELECT alias, usage, used_by FROM aliases WHERE usage = 'ru'").fetchall()
            if any("а" <= ch.lower() <= "я" for ch in r[0])]  # the Cyrillic ones
    assert len(rows) >= 20
    assert all("not in the memo" in used_by and "source" in used_by for _, _, used_by in rows)


def test_the_search_box_says_when_nothing_matches(session, qtbot):
    from karabakh_desktop.gui.search_box import ID_ROLE, SearchBox

    box = SearchBox(session)
    qtbot.addWidget(box)
    for text in ("qwxzzv", "*", "Шушаград"):
        box.refresh(text)
        assert box.hits == [] and box.no_results
        assert box.model.rowCount() == 1 and box.model.item(0).text().startswith("No matches")
        assert box.model.item(0).data(ID_ROLE) is None  # nothing to select
    box.refresh("Шуша")
    assert not box.no_results and box.hits[0].item_id == "shusha"


def test_short_titles_name_a_document_in_a_list():
    from karabakh_desktop.core.read import short_title

    assert short_title("Karabakh After the 44-Day War: Russian Peacekeepers and Patterns") == \
        "Karabakh After the 44-Day War"
    assert short_title("Field Report from Aghdam") == "Field Report from Aghdam"
    assert short_title("Aghdam: notes") == "Aghdam: notes"  # one word before the colon is no title
    long = short_title("A very long title about the ceasefire and the corridors and what came of them all")
    assert long.endswith("…") and len(long) <= 41 and long[:-1] == long[:-1].rstrip()
    assert short_title("  Two\nlines  ") == "Two lines"


FIELD = ("Field Report from Aghdam: Notes of a Visit in March\n\nField notes. "
         "Observers counted zyxquartz checkpoints on the road to Aghdam.\n")


def test_a_sentence_hit_names_its_document(store_with_text):
    """With an imported text beside the memo a sentence hit says which document it is from: the
    search's hit, the item's label (the status bar, Details, slides) and the search box's line."""
    from karabakh_desktop.core import read
    from karabakh_desktop.core.catalog import Catalog

    db, doc = store_with_text(FIELD, "Field Report from Aghdam: Notes of a Visit in March", author="Jane Quill")
    (hit,) = [h for h in search(db, "zyxquartz") if h.kind == "sentence"]
    assert hit.document == doc
    assert read.document_name(db, doc) == "“Field Report from Aghdam”"
    memo_hit = next(h for h in search(db, "outsiders ought") if h.kind == "sentence")
    assert memo_hit.document == "memo" and read.document_name(db, "memo") == "the memo"
    cat = Catalog(db)
    assert cat.label(hit.item_id) == f"Sentence {hit.item_id.split(':')[1]} of “Field Report from Aghdam”"
    assert cat.label(memo_hit.item_id).endswith(" of the memo")
    assert cat.label("sentence:999999") == "Sentence 999999"  # a sentence the store lacks: no document


def test_the_search_box_says_which_document_a_sentence_is_from(store_with_text, qapp, qtbot):
    from PySide6.QtCore import Qt

    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.search_box import ID_ROLE, SearchBox
    from karabakh_desktop.gui.session import Session

    db, doc = store_with_text(FIELD, "Field Report from Aghdam: Notes of a Visit in March", author="Jane Quill",
                              published="2022-03-01")
    actor, claim = _record_from_field_report(db, doc)
    theme.apply(qapp, "light")
    session = Session(db.conn.execute("PRAGMA database_list").fetchone()[2], follow=False)
    try:
        box = SearchBox(session)
        qtbot.addWidget(box)
        box.refresh("zyxquartz")
        rows = [box.model.item(r) for r in range(box.model.rowCount())]
        (row,) = [r for r in rows if str(r.data(ID_ROLE)).startswith("sentence:")]
        assert row.text().startswith("Sentence · in “Field Report from Aghdam”: Observers counted zyxquartz")
        assert row.data(Qt.AccessibleTextRole).startswith("Sentence in “Field Report from Aghdam”: Observers")
        tip = row.toolTip()
        assert "Jane Quill" in tip and "Notes of a Visit in March" in tip and "1 Mar 2022" in tip
        box.refresh("outsiders ought")
        memo_rows = [box.model.item(r).text() for r in range(box.model.rowCount())
                     if str(box.model.item(r).data(ID_ROLE)).startswith("sentence:")]
        assert memo_rows and all(t.startswith("Sentence · in the memo: ") for t in memo_rows)
    finally:
        session.close()


def _record_from_field_report(db, doc):
    """An actor and a claim recorded from passages of the imported field report, and a note on the actor."""
    from karabakh_desktop.core import notes, record

    text = db.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()[0]
    at = text.index("Observers")
    actor = record.create_entity_command(db, doc, at, at + len("Observers"), kind="actor", subtype="organisation",
                                         name="Zyxquartz Observers").do(db)["id"]
    at = text.index("counted")
    claim = record.claim_command(db, doc, at, text.index(" on the road"), claimant=actor, kind="attributed",
                                 summary="Zyxquartz checkpoints counted on the road").do(db)["id"]
    notes.add(db, actor, "met them at the qwvbarrier, in my own words")
    return actor, claim


def test_an_item_recorded_from_an_imported_document_names_it(store_with_text):
    """Before: only a sentence hit said which document it is from; an actor or a claim recorded from
    the analyst's import read like the memo's own knowledge. (The memo's items name none: the
    default; a note is the analyst's words, from no document.)"""
    db, doc = store_with_text(FIELD, "Field Report from Aghdam: Notes of a Visit in March", author="Jane Quill")
    actor, claim = _record_from_field_report(db, doc)
    hits = {h.item_id: h for h in search(db, "zyxquartz")}
    assert hits[actor].field == "name" and hits[actor].document == doc
    assert hits[claim].field == "claim" and hits[claim].document == doc
    (note,) = search(db, "qwvbarrier")
    assert (note.item_id, note.field, note.document) == (actor, "note", None)
    assert all(h.document is None for h in search(db, "Shusha") if h.kind != "sentence")
    assert "shusha" in ids(db, "Shusha")


@pytest.fixture
def field_report_box(store_with_text, qapp, qtbot):
    """A search box on a store with the field report imported and an actor and a claim recorded from
    it: ``(box, document id, actor id, claim id)``."""
    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.search_box import SearchBox
    from karabakh_desktop.gui.session import Session

    db, doc = store_with_text(FIELD, "Field Report from Aghdam: Notes of a Visit in March", author="Jane Quill",
                              published="2022-03-01")
    actor, claim = _record_from_field_report(db, doc)
    theme.apply(qapp, "light")
    session = Session(db.conn.execute("PRAGMA database_list").fetchone()[2], follow=False)
    box = SearchBox(session)
    qtbot.addWidget(box)
    yield box, doc, actor, claim
    session.close()


def test_the_search_box_reads_a_documents_citation_once(field_report_box):
    """Before: the box read each document's citation twice per refresh: for its name, then for its
    reference (the tooltip)."""
    box, doc, _, _ = field_report_box
    asked = []
    box.session.db.conn.set_trace_callback(asked.append)
    box.refresh("zyxquartz checkpoints")
    box.session.db.conn.set_trace_callback(None)
    cited = [s for s in asked if "FROM documents WHERE id" in s]
    assert len(cited) == 1, cited
    assert doc in {h.document for h in box.hits}
    assert "Jane Quill" in box.model.item(0).toolTip()


def test_the_search_box_names_the_imported_document_of_any_hit(field_report_box):
    """Before: the box named the document of sentence hits only."""
    from PySide6.QtCore import Qt

    from karabakh_desktop.gui.search_box import ID_ROLE

    box, doc, actor, claim = field_report_box
    box.refresh("zyxquartz")
    rows = {box.model.item(r).data(ID_ROLE): box.model.item(r) for r in range(box.model.rowCount())}
    assert rows[claim].text().startswith("Claim · in “Field Report from Aghdam”: ")
    assert "— claim: Zyxquartz checkpoints counted on the road" in rows[claim].text()
    assert rows[claim].data(Qt.AccessibleTextRole).startswith("Claim in “Field Report from Aghdam”: ")
    assert "Jane Quill" in rows[claim].toolTip() and "1 Mar 2022" in rows[claim].toolTip()
    sentence = next(r for i, r in rows.items() if str(i).startswith("sentence:"))
    assert sentence.text().startswith("Sentence · in “Field Report from Aghdam”: Observers counted zyxquartz")
    assert rows[actor].text() == "Actor · in “Field Report from Aghdam”: Zyxquartz Observers"
    box.refresh("qwvbarrier")  # a note: the analyst's own words, from no document
    assert box.model.item(0).text() == "Actor · Zyxquartz Observers — your note: met them at the qwvbarrier, " \
                                       "in my own words"
    box.refresh("Shusha")
    assert not any("“" in box.model.item(r).text() for r in range(box.model.rowCount())
                   if not str(box.model.item(r).data(ID_ROLE)).startswith("sentence:"))


def test_the_search_box_offers_every_text_not_the_memo_alone(session, qtbot):
    """Before: "Search names, places, claims, the memo…", with the analyst's imported texts searched too."""
    from karabakh_desktop.gui.search_box import SearchBox

    box = SearchBox(session)
    qtbot.addWidget(box)
    hint = box.placeholderText()
    assert "memo" not in hint.lower() and "all texts" in hint and "Ctrl+K" in hint
