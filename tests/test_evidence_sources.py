"""Every line of evidence says which document it comes from and who wrote it: the memo's as "in the
memo", an analyst's imported document by its own title, author and date."""

from __future__ import annotations

import pytest

from karabakh_desktop.core import read, record

TEXT = ("Field Report from Aghdam\n\nField notes from Aghdam. "
        "Observers said that Turkey keeps its monitors in Aghdam near the ceasefire centre.\n")


def _text(db, doc: str) -> str:
    return db.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()[0]


@pytest.fixture
def tagged(store_with_text):
    """The store with a field report in which "Turkey" is tagged as the memo's actor ``turkey``."""
    db, doc = store_with_text(TEXT, "Field Report from Aghdam", author="Jane Quill", published="2022-03-01")
    i = _text(db, doc).index("Turkey keeps")
    record.tag_command(db, doc, i, i + len("Turkey keeps its monitors in Aghdam"), "turkey").do(db)
    return db, doc


def test_evidence_is_grouped_by_document_in_build_order(tagged):
    db, doc = tagged
    groups = read.evidence_by_document(db, "turkey")
    assert [c.id for c, _ in groups] == ["memo", doc]  # the memo first (built first), then the import
    memo, imported = groups
    assert memo[0].title.startswith("Karabakh After the 44-Day War") and memo[0].author == "Anar Valiyev"
    assert imported[0].author == "Jane Quill" and imported[0].date_label == "1 Mar 2022"
    assert [e.quote for e in imported[1]] == ["Turkey keeps its monitors in Aghdam"]
    assert all(e.document_id == "memo" for e in memo[1]) and memo[1]


def _page(session, qtbot, item: str) -> str:
    from karabakh_desktop.gui.details_panel import DetailsPanel

    details = DetailsPanel(session)
    qtbot.addWidget(details)
    session.select(item)
    return details.view.toPlainText()


def test_details_heads_evidence_by_its_document(tagged, qtbot, qapp):
    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.session import Session

    db, _doc = tagged
    theme.apply(qapp, "light")
    session = Session(db.conn.execute("PRAGMA database_list").fetchone()[2], follow=False)
    try:
        page = _page(session, qtbot, "turkey")
        assert "Evidence in the memo" not in page  # part of it is not in the memo
        head_memo = page.index("In the memo — Anar Valiyev, “Karabakh After the 44-Day War")
        head_import = page.index("In “Field Report from Aghdam” — Jane Quill, 1 Mar 2022")
        quote = page.index("Turkey keeps its monitors in Aghdam")
        assert head_memo < head_import < quote  # the import's quote is under the import's head
        # the memo's own evidence stays under the memo's head
        memo_quote = read.evidence_by_document(db, "turkey")[0][1][0].quote
        assert head_memo < page.index(memo_quote[:40]) < head_import
        # an item whose evidence is all in the memo keeps the memo's wording
        assert "Evidence in the memo" in _page(session, qtbot, "shusha")
    finally:
        session.close()


def test_tooltips_quote_the_memo_first_and_name_another_document(tagged):
    db, doc = tagged
    quote, source = read.first_quote_cited(db, "turkey")
    assert source == "" and quote == read.evidence_by_document(db, "turkey")[0][1][0].quote[:len(quote)]
    # an item whose only evidence is the analyst's: the tooltip names the document
    i = _text(db, doc).index("the ceasefire centre")
    item = record.create_entity_command(db, doc, i, i + len("the ceasefire centre"), kind="place",
                                        name="Ceasefire centre", subtype="town", lat=40.0, lon=46.9).do(db)["id"]
    assert read.first_quote_cited(db, item) == ("the ceasefire centre", "Field Report from Aghdam")


def test_memo_slide_counts_left_out_passages_where_they_are(tagged, qapp):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from karabakh_desktop.gui.views.compose import passage_sources
    from karabakh_desktop.gui.views.memo.figure import MemoFigure

    db, doc = tagged
    sids = [r[0] for r in db.execute("SELECT sentence_id FROM evidence WHERE item_id = 'turkey'")]
    passages = read.passages(db, sids)
    sources = passage_sources(db, passages)
    assert sources == {"memo": "the memo", doc: "“Field Report from Aghdam”"}
    fig = MemoFigure()
    memo_only = [ps for ps in passages if ps.document_id == "memo"]
    assert fig.more_line(memo_only, sources) == "… and 1 more passage in the memo"
    assert fig.more_line(passages, sources) == "… and 2 more passages in the memo and “Field Report from Aghdam”"
    imported = [ps for ps in passages if ps.document_id == doc]
    assert fig.more_line(imported, sources) == "… and 1 more passage in “Field Report from Aghdam”"
    img = QImage(400, 60, QImage.Format_ARGB32)  # too small for any passage: all counted in the last line
    p = QPainter(img)
    fig.paint(p, QRectF(0, 0, 400, 60), passages, sources=sources)
    p.end()


def test_memo_slide_heads_another_documents_passages_with_its_title(tagged, qapp):
    """A memo slide quoting an imported document's passage puts it under "In “Title”:" — its "¶ 1"
    is that document's first paragraph, not the memo's — and the memo's under "In the memo:"; a
    slide of the memo's passages alone has no heads."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from karabakh_desktop.gui.views.compose import passage_sources
    from karabakh_desktop.gui.views.memo.figure import MemoFigure

    db, doc = tagged
    sids = [r[0] for r in db.execute("SELECT sentence_id FROM evidence WHERE item_id = 'turkey'")]
    passages = read.passages(db, sids)
    fig = MemoFigure()
    img = QImage(1600, 900, QImage.Format_ARGB32)
    p = QPainter(img)
    fig.paint(p, QRectF(0, 0, 1600, 900), passages, sources=passage_sources(db, passages))
    p.end()
    assert fig.last_heads == ["In the memo:", "In “Field Report from Aghdam”:"]  # the memo's first
    memo_only = [ps for ps in passages if ps.document_id == "memo"]
    p = QPainter(img)
    fig.paint(p, QRectF(0, 0, 1600, 900), memo_only, sources=passage_sources(db, memo_only))
    p.end()
    assert fig.last_heads == []


def test_details_of_a_sentence_names_its_document(tagged, qtbot, qapp):
    """"[go to sentence N]" under an import's head leads to that sentence: Details says whose it is
    (before: "Sentence N of the memo" for every sentence)."""
    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.session import Session

    db, doc = tagged
    theme.apply(qapp, "light")
    session = Session(db.conn.execute("PRAGMA database_list").fetchone()[2], follow=False)
    try:
        (sid,) = db.execute("SELECT sentence_id FROM evidence WHERE item_id = 'turkey' AND document_id = ?",
                            [doc]).fetchone()
        page = _page(session, qtbot, f"sentence:{sid}")
        assert f"Sentence {sid} of “Field Report from Aghdam” — Jane Quill, 1 Mar 2022" in page
        assert "of the memo" not in page
        (memo_sid,) = db.execute("SELECT id FROM sentences WHERE document_id = 'memo' LIMIT 1").fetchone()
        assert f"Sentence {memo_sid} of the memo" in _page(session, qtbot, f"sentence:{memo_sid}")
    finally:
        session.close()


def test_details_names_a_document_as_it_is_now_after_its_author_is_edited(tagged, qtbot, qapp):
    """Details reads each document's citation once for all its pages: an edit of the document's
    author (done or undone) shows on the next page at once, as the store says it now."""
    from karabakh_desktop.core import library
    from karabakh_desktop.gui import knowledge_commands, theme
    from karabakh_desktop.gui.details_panel import DetailsPanel
    from karabakh_desktop.gui.session import Session

    db, doc = tagged
    theme.apply(qapp, "light")
    session = Session(db.conn.execute("PRAGMA database_list").fetchone()[2], follow=False)
    details = DetailsPanel(session)
    qtbot.addWidget(details)
    try:
        session.select("turkey")
        assert "In “Field Report from Aghdam” — Jane Quill" in details.view.toPlainText()
        assert knowledge_commands.build(session, library.set_document_command, doc, "author", "J. Q. Writer")
        assert "In “Field Report from Aghdam” — J. Q. Writer" in details.view.toPlainText()
        session.select("shusha")
        session.undo_stack.undo()
        session.select("turkey")
        assert "In “Field Report from Aghdam” — Jane Quill" in details.view.toPlainText()
    finally:
        session.close()
