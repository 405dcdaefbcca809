"""Hostile strings in the data and in notes — markup and script tags, right-to-left marks, NUL
bytes, a 100,000-character name — are stored and read back unchanged and shown as text; search
and the mention finder, fuzzed, never fail."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNs
from PySide6.QtWidgets import QApplication

from karabakh_desktop import paths
from karabakh_desktop.core import notes
from karabakh_desktop.core.build import build
from karabakh_desktop.core.catalog import Catalog
from karabakh_desktop.core.fold import fts_match
from karabakh_desktop.core.mentions import MentionFinder
from karabakh_desktop.core.search import search
from karabakh_desktop.core.store import open_store

MARKUP = "<b>Bold</b> <script>alert('x')</script> & <i>Co</i>"
RTL = "\u202eSDRAWKCAB\u202c then \u200fright-to-left\u200e and \u2067isolate\u2069"
NUL = "before\x00after"
LONG = ("Very Long Name " * 7000)[:100_000]
SOURCE = "<a href='javascript:alert(1)'>click</a> <img src=x onerror=alert(2)>"
MEMO_LINE = f"A hostile line names {MARKUP} and quotes <script>alert(1)</script> plus {RTL}."
HOSTILE_NOTES = [MARKUP, RTL, NUL, LONG, SOURCE, "", "  \n\t", "'; DROP TABLE user_notes; --", "\ud7ff\ue000\U0010fffd"]


def _s(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a TOML basic string: NUL and marks as \u escapes


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(paths.data_dir(), data)
    memo = data / "memo" / "karabakh-after-the-44-day-war.txt"
    memo.write_text(memo.read_text(encoding="utf-8").rstrip("\n") + "\n" + MEMO_LINE + "\n", encoding="utf-8")
    with open(data / "actors.toml", "a", encoding="utf-8") as fh:
        fh.write(f"""
[[actor]]
id = "hostile-markup"
name = {_s(MARKUP)}
actor_type = "organisation"
description = {_s(RTL)}
note = {_s(NUL)}
evidence = ["quotes <script>alert(1)</script>"]
aliases = [{{ alias = {_s("<img src=x onerror=alert(3)>")}, usage = "other" }}]

[[actor]]
id = "hostile-long"
name = {_s(LONG)}
actor_type = "organisation"
context = true
source = {_s(SOURCE)}
""")
    out = tmp_path_factory.mktemp("hostile-store") / "kb.db"
    build(data, out)
    return out


@pytest.fixture
def session(hostile_store, tmp_path, qapp):
    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.session import Session

    theme.apply(QApplication.instance(), "light")
    copy = tmp_path / "kb.db"
    shutil.copyfile(hostile_store, copy)
    s = Session(copy, follow=False)
    yield s
    s.close()


def test_hostile_data_is_stored_and_read_back_unchanged(hostile_store):
    db = open_store(hostile_store, readonly=True)
    row = db.execute("SELECT name, description, note FROM entities WHERE id = 'hostile-markup'").fetchone()
    assert row == (MARKUP, RTL, NUL)
    assert db.execute("SELECT name, source FROM entities WHERE id = 'hostile-long'").fetchone() == (LONG, SOURCE)
    assert Catalog(db).names["hostile-long"] == LONG
    # The name in the memo line is found as a mention, and its slice is the name.
    text = db.execute("SELECT text FROM documents").fetchone()[0]
    spans = db.execute("SELECT start, end FROM mentions WHERE entity_id = 'hostile-markup'").fetchall()
    assert spans and all(text[a:b] == MARKUP for a, b in spans)
    db.close()


def test_details_panel_shows_markup_as_text(session, qtbot):
    from karabakh_desktop.gui.details_panel import DetailsPanel

    details = DetailsPanel(session)
    qtbot.addWidget(details)
    session.select("hostile-markup")
    plain = details.view.toPlainText()
    assert MARKUP in plain  # the tags are characters on screen, not bold text and a script
    assert "<img src=x onerror=alert(3)>" in plain
    assert "SDRAWKCAB" in plain and "\u202e" in plain
    assert "beforeafter" in plain or NUL in plain  # shown, NUL or not; never cut at the NUL
    session.select("hostile-long")
    plain = details.view.toPlainText()
    assert LONG[:2000] in plain
    assert SOURCE in plain
    assert not [h for h in _anchors(details.view.document()) if "javascript" in h]  # no link was made of it


def test_details_isolates_exactly_the_texts_with_bidi_marks():
    from karabakh_desktop.gui.details_panel import _e

    for mark in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert _e(f"a<{mark}b") == f"<bdi>a&lt;{mark}b</bdi>"  # cannot reorder what follows it
    for other in "\u200d\u2029\u202f\u2065\u206a\u05d0":  # near neighbours, Hebrew letters: left as they are
        assert _e(f"a{other}") == f"a{other}"
    assert _e(None) == "" and _e('x"\x00&') == "x&quot;&amp;"


def _anchors(doc) -> list[str]:
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                out.append(fmt.anchorHref())
            it += 1
        block = block.next()
    return out


def test_memo_panel_shows_markup_in_the_text_as_text(session, qtbot):
    from karabakh_desktop.gui.memo_panel import MemoPanel

    memo = MemoPanel(session)
    qtbot.addWidget(memo)
    plain = memo.view.toPlainText()
    assert MEMO_LINE in plain
    index = next(i for i, (_, _, e) in enumerate(memo.mentions) if e == "hostile-markup")
    a, b, _ = memo.mentions[index]
    assert plain[a:b] == MARKUP
    memo.activate_mention(index)
    assert session.selection.items == ("hostile-markup",)
    assert memo.highlight_level("hostile-markup") == 2


def _shows_as_text(label) -> bool:
    return label.textFormat() == Qt.PlainText or (label.textFormat() == Qt.AutoText and
                                                  not QtGuiNs.mightBeRichText(label.text()))


def test_main_window_status_shows_a_hostile_name_as_text(session, qtbot):
    from karabakh_desktop.gui.mainwindow import MainWindow

    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    session.select("hostile-markup")
    assert MARKUP in win.sel_label.text()
    assert _shows_as_text(win.sel_label), "the status bar renders the name's markup instead of showing it"


def test_window_with_a_100k_name_opens_and_selects_it(session, qtbot):
    from karabakh_desktop.gui.mainwindow import MainWindow

    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    session.select("hostile-long")
    QApplication.processEvents()
    assert session.selection.items == ("hostile-long",)
    assert win.panels["details"].highlight_level("hostile-long") == 2


@pytest.mark.parametrize("text", HOSTILE_NOTES, ids=["markup", "rtl", "nul", "100k", "script-src", "empty",
                                                     "blank", "sql", "edges"])
def test_hostile_notes_are_stored_read_back_and_shown_as_text(session, qtbot, text):
    from karabakh_desktop.gui.details_panel import DetailsPanel

    n = notes.add(session.db, "shusha", text)
    assert notes.get(session.db, n.id).text == text
    assert notes.notes_for(session.db, "shusha")[-1].text == text
    details = DetailsPanel(session)
    qtbot.addWidget(details)
    session.select("shusha")
    shown = details.view.toPlainText()
    if text.strip():
        assert text.replace("\x00", "")[:1000].strip() in shown.replace("\x00", "")
    assert session.db["user_notes"].count >= 1


def test_search_finds_a_hostile_note_and_name(session):
    notes.add(session.db, "shusha", "remember <script>alert(99)</script> zebrafish")
    hits = search(session.db, "zebrafish")
    assert [(h.item_id, h.field) for h in hits] == [("shusha", "note")]
    assert "<script>" in hits[0].text
    assert any(h.item_id == "hostile-markup" for h in search(session.db, "alert"))


# --- fuzzing ---------------------------------------------------------------------------------------------
FTS_NASTY = st.sampled_from(['"', "'", "*", "(", ")", "NEAR", "AND", "OR", "NOT", "-", "^", ":", "{", "}", "\x00",
                             "\u202e", "ı", "Ş", "ə", "column:", "NEAR(a b)", "\\", "%", "_", "  "])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=12), FTS_NASTY), max_size=8).map(" ".join))
def test_search_never_raises(db, query):
    hits = search(db, query)
    assert isinstance(hits, list)
    match = fts_match(query)
    if match is not None:  # what reaches FTS5 is always valid syntax
        db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH ?", [match]).fetchone()


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


WORDS = st.text(alphabet=st.sampled_from(list("abAB Şəı-’'<>\u202e_1")), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(WORDS, st.sampled_from(["e1", "e2", "e3"]), min_size=1, max_size=6),
       st.lists(st.one_of(WORDS, st.sampled_from([" ", ".", ",", "\n", "x", "<b>"])), max_size=30))
def test_mention_finder_fuzzed(surfaces, parts):
    text = "".join(parts + list(surfaces)[:3])
    found = list(MentionFinder(surfaces).find(text))
    stripped = {s.strip(): e for s, e in surfaces.items() if s.strip()}
    last_end = 0
    for m in found:
        assert text[m.start:m.end] == m.surface  # the slice is the surface
        assert m.start >= last_end  # sorted, no overlaps
        last_end = m.end
        assert m.surface in stripped and stripped[m.surface] in surfaces.values()
        # Word boundaries at both ends.
        assert not (m.start > 0 and _is_word(text[m.start - 1]) and _is_word(text[m.start]))
        assert not (m.end < len(text) and _is_word(text[m.end - 1]) and _is_word(text[m.end]))


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz") / "kb.db"
    build(paths.data_dir(), out)
    return out


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=3000))
def test_any_note_text_round_trips(fuzz_store, text):
    db = open_store(fuzz_store)
    try:
        n = notes.add(db, "shusha", text)
        assert notes.get(db, n.id).text == text
    finally:
        db.close()


def test_note_tooltips_show_markup_as_text(session, qtbot):
    from karabakh_desktop.core import notes
    from karabakh_desktop.gui.notes_editor import NoteEditor

    notes.add(session.db, "shusha", "<b>bold</b> & <script>x</script>")
    editor = NoteEditor(session)
    qtbot.addWidget(editor)
    editor.set_item("shusha")
    tip = editor.list.item(0).toolTip()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in tip and "<b>" not in tip
