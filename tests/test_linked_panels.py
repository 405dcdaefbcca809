"""A selection made in one panel shows in the others; windows on one store follow each other."""

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from karabakh_desktop.gui import theme
from karabakh_desktop.gui.details_panel import DetailsPanel
from karabakh_desktop.gui.memo_panel import MemoPanel
from karabakh_desktop.gui.patterns_panel import PatternsPanel
from karabakh_desktop.gui.session import Session


def test_memo_click_shows_in_details_and_patterns(session, qtbot):
    memo, details, patterns = MemoPanel(session), DetailsPanel(session), PatternsPanel(session)
    for w in (memo, details, patterns):
        qtbot.addWidget(w)
    index = next(i for i, (_, _, e) in enumerate(memo.mentions) if e == "crimea")
    with qtbot.waitSignal(session.selectionChanged):
        memo.activate_mention(index)
    assert session.selection.items == ("crimea",)
    assert memo.highlight_level("crimea") == 2
    assert "Crimea" in details.view.toPlainText()
    assert details.highlight_level("crimea") == 2
    # Crimea is a case of the pattern matrix: its row header is emphasised, its cells softly lit.
    assert patterns.highlight_level("crimea") == 1
    cell = next(cid for (case, _), (cid, _) in patterns.cells.items() if case == "crimea")
    assert patterns.highlight_level(cell) >= 1


def _highlights(memo):
    return sorted((s.cursor.selectionStart(), s.cursor.selectionEnd(), s.format.background().style().value,
                   s.format.background().color().name(), s.format.foreground().color().name(),
                   s.format.underlineStyle().value, s.format.underlineColor().name()) for s in memo.view.extraSelections())


def test_memo_highlights_kept_between_selections_are_the_ones_drawn_afresh(session, qtbot, monkeypatch):
    from karabakh_desktop.gui import memo_view

    monkeypatch.setattr(memo_view, "NEAR_FROM", 10**9)  # every highlight handed to the view, not those near it
    memo = MemoPanel(session)
    qtbot.addWidget(memo)
    # names shared between the selections come back in other looks (selected, touched, plain)
    for item in ("shusha", "russia", "shusha", "crimea-annexation", "russia"):
        session.select(item)
        fresh = MemoPanel(session)
        qtbot.addWidget(fresh)
        assert _highlights(fresh) and _highlights(memo) == _highlights(fresh)


def test_pattern_cell_selects_and_shows_evidence(session, qtbot):
    memo, patterns = MemoPanel(session), PatternsPanel(session)
    qtbot.addWidget(memo)
    qtbot.addWidget(patterns)
    (case, pattern), (cid, _) = next(iter(patterns.cells.items()))
    patterns.click_cell(patterns.cases.index(case), patterns.patterns.index(pattern))
    assert session.selection.items == (cid,)
    assert patterns.highlight_level(cid) == 2
    quote = session.db.execute("SELECT quote FROM evidence WHERE item_id = ?", [cid]).fetchone()[0]
    assert quote[:40] in patterns.evidence.text().replace("&quot;", '"').replace("&#x27;", "'")
    assert memo.targets, "the memo highlights the evidence sentence"


def test_memo_highlight_is_drawn_in_the_selection_colour(session, qtbot):
    memo = MemoPanel(session)
    qtbot.addWidget(memo)
    session.select("shusha")
    colours = {sel.format.background().color().name() for sel in memo.view.extraSelections()}
    assert QColor(theme.current().selected).name() in colours
    assert memo.nav_label.text().startswith("Passage 1 of ")
    first = memo.current
    memo.step(+1)
    assert memo.current == (first + 1) % len(memo.targets)


def test_details_evidence_link_selects_the_sentence(session, qtbot):
    details = DetailsPanel(session)
    qtbot.addWidget(details)
    session.select("shusha")
    sid = session.db.execute("SELECT sentence_id FROM evidence WHERE item_id='shusha'").fetchone()[0]
    from PySide6.QtCore import QUrl

    details._on_anchor(QUrl(f"sentence:{sid}"))
    assert session.selection.items == (f"sentence:{sid}",)
    assert "Names in it" in details.view.toHtml()


def test_details_page_shown_after_others_looks_as_when_shown_fresh(session, qtbot, show_panel):
    """The details page keeps its scroll bar on while a new page replaces an old one, greyed on a page
    that fits (one layout, not two); what it then shows equals what a new panel shows for that page alone."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    def shown():
        return show_panel(DetailsPanel(session), 240, 360)

    details = shown()
    bars = []
    for item in ("azerbaijan", "war-2020", None, "azerbaijan", "shusha", "sentence:4", None):
        if item is None:
            session.clear_selection()
        else:
            session.select(item)
        fresh = shown()  # rendered once, from an empty page
        QApplication.processEvents()  # both laid out (the editing bar comes and goes with the item)
        assert fresh.view.toHtml() == details.view.toHtml()
        bar, fresh_bar = details.view.verticalScrollBar(), fresh.view.verticalScrollBar()
        assert details.view.verticalScrollBarPolicy() == Qt.ScrollBarAlwaysOn and bar.isVisible()
        assert (bar.isVisible(), bar.maximum(), bar.value()) == (fresh_bar.isVisible(), fresh_bar.maximum(),
                                                                  fresh_bar.value())
        assert details.view.viewport().grab().toImage() == fresh.view.viewport().grab().toImage()
        bars.append(bar.maximum() > 0)
        fresh.close()
    assert True in bars and False in bars  # pages that scroll and pages that fit, each after the other


def test_hostile_strings_render_as_text(store_copy, qtbot, qapp):
    import sqlite3

    evil = "<b>bold</b><script>alert(1)</script>\u202eevil\u200f" + "x" * 100_000
    con = sqlite3.connect(store_copy)
    con.execute("UPDATE entities SET name = ?, description = ? WHERE id = 'shusha'", [evil, "<img src=x onerror=1>"])
    con.execute("INSERT INTO user_notes (item_id, text, created, updated, deleted) VALUES ('shusha', ?, 1, 1, 0)",
                ["<i>note</i>\x00end"])
    con.commit()
    con.close()
    s = Session(store_copy, follow=False)
    details = DetailsPanel(s)
    qtbot.addWidget(details)
    s.select("shusha")
    text = details.view.toPlainText()
    assert "<b>bold</b><script>alert(1)</script>" in text
    assert "<img src=x onerror=1>" in text
    assert "<i>note</i>" in text
    s.close()


def test_two_windows_follow_each_other(store_copy, qtbot, qapp):
    a, b = Session(store_copy), Session(store_copy)
    try:
        a.select("ganja")
        qtbot.waitUntil(lambda: b.selection.items == ("ganja",), timeout=300)
        b.set_naming("hy")
        qtbot.waitUntil(lambda: a.naming == "hy", timeout=300)
        b.set_follow(False)
        a.select("barda")
        qtbot.wait(250)  # nothing should arrive while not following
        assert b.selection.items == ("ganja",)
        b.set_follow(True)  # catching up on re-enable
        assert b.selection.items == ("barda",)
    finally:
        a.close(), b.close()


def test_a_second_process_is_followed_within_300ms(store_copy, qtbot, qapp):
    s = Session(store_copy)
    code = textwrap.dedent(f"""
        from karabakh_desktop.core.shared_state import SharedState
        SharedState({str(store_copy)!r}, "other-process").write("selection", ["tartar"])
    """)
    try:
        subprocess.run([sys.executable, "-c", code], check=True, timeout=60, env=dict(os.environ))
        qtbot.waitUntil(lambda: s.selection.items == ("tartar",), timeout=300)
    finally:
        s.close()


def test_memo_follows_the_theme(session, qtbot):
    memo = MemoPanel(session)
    qtbot.addWidget(memo)
    session.select("shusha")
    selections = []
    session.selectionChanged.connect(lambda *args: selections.append(args))
    try:
        with qtbot.waitSignal(session.themeChanged):
            session.set_theme("dark")
        block = memo.view.document().firstBlock()
        while not block.text().startswith("(PONARS"):  # the byline, drawn in the muted colour
            block = block.next()
        colour = block.begin().fragment().charFormat().foreground().color().name()
        assert colour == QColor(theme.THEMES["dark"].muted).name()
        assert memo.highlight_level("shusha") == 2  # the highlights survive the new documents
        assert selections == []  # a theme change is not a fake selection change
    finally:
        session.set_theme("light")


def test_memo_keeps_its_passage_through_a_play_run(session, qtbot):
    """Each Play tick is a time-window change: the reader stays at the passage they stepped to."""
    import datetime as dt

    memo = MemoPanel(session)
    qtbot.addWidget(memo)
    session.select("shusha")
    assert len(memo.targets) > 2
    memo.step(+1)
    at, where = memo.current, memo.view.textCursor().position()
    day = dt.date(2020, 9, 1)
    for k in range(4):
        with qtbot.waitSignal(session.timeWindowChanged) as sig:
            session.set_time_window((day + dt.timedelta(days=30 * k), day + dt.timedelta(days=30 * (k + 1))),
                                    origin="timeline")
        assert sig.args[1] == "timeline" and session.time_window_origin == "timeline"
        assert memo.current == at and memo.view.textCursor().position() == where
    assert memo.nav_label.text().startswith(f"Passage {at + 1} of")


@pytest.mark.filterwarnings("ignore:Function.*setActiveWindow:DeprecationWarning")
def test_f3_steps_through_the_highlighted_passages(session, qtbot):
    from PySide6.QtCore import Qt

    memo = MemoPanel(session)
    qtbot.addWidget(memo)
    memo.show()
    qtbot.waitExposed(memo)
    QApplication.setActiveWindow(memo)  # shortcuts go to the active window; offscreen nothing else activates it
    session.select("shusha")
    assert len(memo.targets) > 1
    first = memo.current
    qtbot.keyClick(memo.nav_label, Qt.Key_F3)
    assert memo.current == (first + 1) % len(memo.targets)
    qtbot.keyClick(memo.nav_label, Qt.Key_F3, Qt.ShiftModifier)
    assert memo.current == first


def _broken_words(doc) -> list[tuple[str, str]]:
    """(line, block) for every line of a laid-out page that ends inside a word."""
    out = []
    block = doc.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for i in range(layout.lineCount() - 1):
            line = layout.lineAt(i)
            end = line.textStart() + line.textLength()
            if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                out.append((text[line.textStart():end], text))
        block = block.next()
    return out


@pytest.mark.parametrize("item", ["azerbaijan", "armenia", "russia", "karabakh"])
def test_details_names_wrap_at_spaces_only(session, qtbot, item):
    """Before: the Names table squeezed its first column, so "Азербайджан" was cut mid-word
    ("Азербайдж" / "ан") at 1920x1080 (a Details dock of 300-340 px) and narrower."""
    details = DetailsPanel(session)
    qtbot.addWidget(details)
    session.select(item)
    details.show()
    for width in (210, 260, 300, 340, 420, 600):  # the dock's least width … a wide one (scale 2 halves it)
        details.resize(width, 700)
        QApplication.processEvents()
        assert _broken_words(details.view.document()) == [], width
    assert details.view.horizontalScrollBar().maximum() == 0  # nor runs past the panel's edge
