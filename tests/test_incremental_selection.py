"""A selection restyles only what changed, and what it keeps from the last one is still right: the
memo keeps the documents it built (a bounded number) and highlights across them, the touch of a
place or actor reads only its own ties, the background layout yields the core. (The timeline's kept
names: tests/test_timeline_panel.py.)"""

from __future__ import annotations

import os
import sys

import pytest
from PySide6.QtGui import QColor, QTextCursor

from karabakh_desktop.core import naming, synthetic
from karabakh_desktop.core.build import build
from karabakh_desktop.core.touch import place_ties
from karabakh_desktop.gui import memo_panel, theme
from karabakh_desktop.gui.memo_panel import MemoPanel


# --- the touch of one place or entity ------------------------------------------------------------------
def test_the_ties_of_one_place_or_entity_are_those_of_all_ties(db):
    every = place_ties(db)
    assert every
    places = {p for p, _ in every}
    others = {o for _, o in every}
    for place in sorted(places)[:15]:
        assert place_ties(db, place=place) == {t for t in every if t[0] == place}
    for other in sorted(others)[:15]:
        assert place_ties(db, other=other) == {t for t in every if t[1] == other}
    some = next(iter(every))
    assert place_ties(db, place=some[0], other=some[1]) == {some}
    assert place_ties(db, place="no-such-place") == set()


# --- the memo's documents ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def many_documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs") / "data"
    synthetic.generate(folder, 100, seed=5)
    out = folder.parent / "kb.db"
    build(folder, out)
    return out


@pytest.fixture
def memo(qtbot, qapp, many_documents, tmp_path, monkeypatch):
    import shutil

    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.session import Session

    theme.apply(qapp, "light")
    store = tmp_path / "kb.db"
    shutil.copyfile(many_documents, store)
    session = Session(store, follow=False)
    monkeypatch.setattr(memo_panel, "DOCS_KEPT", 2)
    p = MemoPanel(session)
    qtbot.addWidget(p)
    p.resize(500, 600)
    p.show()
    yield p
    session.close()


def _sentences_of(panel, doc_id: str, n: int = 1) -> list[str]:
    """The first sentences of a document, as items (selecting one turns the memo to its document)."""
    rows = panel.session.db.execute("SELECT id FROM sentences WHERE document_id = ? ORDER BY start LIMIT ?",
                                    [doc_id, n]).fetchall()
    assert len(rows) == n
    return [f"sentence:{r[0]}" for r in rows]


def test_the_memo_keeps_a_few_documents_and_highlights_across_them(memo):
    session = memo.session
    docs = [d for d, _ in memo.documents]
    assert len(docs) >= 4
    picks = [_sentences_of(memo, d)[0] for d in docs[:4]]
    texts = {}
    for doc_id, eid in zip(docs[:4], picks):
        session.select(eid)
        assert memo.shown.doc_id == doc_id
        assert memo.highlight_level(eid) == 2
        texts[doc_id] = memo.view.toPlainText()
        assert len(memo._docs) <= 2 and doc_id in memo._docs  # the most recent ones, the shown one among them
    previous = picks[3]
    session.select(picks[2])  # the document before: still kept, the same document object
    kept = memo._docs[docs[2]].doc
    assert memo.view.document() is kept
    assert memo.highlight_level(picks[2]) == 2
    assert memo.highlight_level(previous) is None  # not in this document: nothing of it is drawn
    session.select(picks[0])  # dropped since: built again, the same text, highlighted the same
    assert memo.shown.doc_id == docs[0] and memo.view.toPlainText() == texts[docs[0]]
    assert memo.highlight_level(picks[0]) == 2 and memo.highlight_level(picks[2]) is None
    assert list(memo._docs) == [docs[2], docs[0]]


def test_the_memo_clears_the_last_selection_in_the_same_document(memo):
    session = memo.session
    doc_id = memo.documents[1][0]
    first, second = _sentences_of(memo, doc_id, 2)
    session.select(first)
    assert memo.shown.doc_id == doc_id and memo.highlight_level(first) == 2
    built = memo.view.document()
    session.select(second)
    assert memo.view.document() is built  # the same document, highlighted again
    assert memo.highlight_level(second) == 2
    assert memo.highlight_level(first) == 0  # drawn, not highlighted any more


def _mention_look(panel, eid: str) -> tuple[str, str, QColor]:
    """(link, tooltip, colour) of the first mention of ``eid`` in the document shown."""
    a, b = panel.shown.by_entity[eid][0]
    cur = QTextCursor(panel.view.document())
    cur.setPosition(a + 1)
    fmt = cur.charFormat()
    return fmt.anchorHref(), fmt.toolTip(), fmt.foreground().color()


def test_a_document_turned_to_links_names_and_colours_its_mentions_as_now(memo, qapp):
    """Mention formats are kept for the next documents (many documents name the same items): a
    mention in a document built from kept formats links, names and colours as in the first, and a
    document built after a change of naming or theme shows the new name and colours."""
    session = memo.session
    eid, kind = session.db.execute(
        "SELECT m.entity_id, i.kind FROM mentions m JOIN items i ON i.id = m.entity_id WHERE m.status = 'confirmed' "
        "AND m.via IS NULL GROUP BY m.entity_id HAVING count(DISTINCT m.document_id) >= 4 LIMIT 1").fetchone()
    docs = [r[0] for r in session.db.execute("SELECT DISTINCT document_id FROM mentions WHERE entity_id = ? AND "
                                             "status = 'confirmed' AND via IS NULL ORDER BY document_id", [eid])]
    label = session.label(eid)
    looks = []
    for doc_id in docs[:2]:
        session.select(_sentences_of(memo, doc_id)[0])
        assert memo.shown.doc_id == doc_id
        looks.append(_mention_look(memo, eid))
    assert looks[0] == looks[1]
    href, tip, colour = looks[0]
    assert href == f"item:{eid}" and label in tip and colour == theme.kind_text_colour(kind)
    # the name becomes contested, and the analyst shows the Armenian usage
    session.catalog.aliases[eid] = [("Hy-name", "hy", "name"), ("Az-name", "az", "name")]
    session.set_naming(naming.HY)
    session.select(_sentences_of(memo, docs[2])[0])
    assert "Hy-name" in _mention_look(memo, eid)[1]
    session.set_theme("dark")
    try:
        session.select(_sentences_of(memo, docs[3])[0])
        assert memo.shown.doc_id == docs[3]
        assert _mention_look(memo, eid)[2] == theme.kind_text_colour(kind) != colour
    finally:
        session.set_theme("light")


def test_a_document_turned_to_is_laid_out_at_the_views_width_with_its_passage_in_view(memo, qapp):
    """A document is laid out once, when shown, at the view's width; the selected passage is
    highlighted and scrolled into view."""
    session = memo.session
    for doc_id in [d for d, _ in memo.documents][1:4]:
        pick = _sentences_of(memo, doc_id, 6)[-1]
        session.select(pick)
        qapp.processEvents()
        doc = memo.view.document()
        assert memo.shown.doc_id == doc_id and doc is memo.shown.doc
        assert doc.pageSize().width() == memo.view.viewport().width()
        assert memo.highlight_level(pick) == 2
        a, b = memo.shown.sentence_pos[int(pick.split(":")[1])]
        cur = QTextCursor(doc)
        cur.setPosition(a)
        assert memo.view.viewport().rect().contains(memo.view.cursorRect(cur).center())


# --- the network's background layout -----------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a nice value per thread is Linux's")
def test_the_background_layout_yields_a_busy_core_to_the_window(qtbot):
    import networkx as nx

    from karabakh_desktop.gui.layout_worker import BACKGROUND_NICE, LayoutJob

    before = os.getpriority(os.PRIO_PROCESS, 0)
    g = nx.relabel_nodes(nx.gnm_random_graph(60, 120, seed=3), lambda i: f"n{i}")
    job = LayoutJob(g)
    with qtbot.waitSignal(job.finished, timeout=30000) as done:
        job.start()
    assert len(done.args[0]) == 60
    assert job.worker.nice is not None and job.worker.nice >= BACKGROUND_NICE
    assert os.getpriority(os.PRIO_PROCESS, 0) == before  # the window's own thread keeps its priority
