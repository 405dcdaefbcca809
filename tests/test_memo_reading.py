"""What the memo's reader sees around a selection: the place they read at is kept when the text is built
again (a new theme, a knowledge change), and the selected item's names stand out from what it touches
(underlined, not only in a stronger amber)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QTextCursor

from karabakh_desktop.gui import theme
from karabakh_desktop.gui.memo_panel import MemoPanel


def _where(memo) -> tuple[int, int, str]:
    """(scroll value, the text position at the top of the view, the passage count shown)."""
    return (memo.view.verticalScrollBar().value(), memo.view.cursorForPosition(QPoint(0, 0)).position(),
            memo.nav_label.text())


def test_a_new_theme_or_a_knowledge_change_keeps_the_readers_place(session, show_panel):
    memo = show_panel(MemoPanel(session), 620, 420)
    bar = memo.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)  # the reader scrolled half-way down
    before = _where(memo)
    assert before[0] > 0 and before[1] > 0
    session.set_theme("dark")  # the document is built again in the new colours
    assert _where(memo) == before
    # a passage stepped to stays where it was, and so does the count ("Passage 3 of …")
    session.select("russia")
    memo.step(+1)
    memo.step(+1)
    before = _where(memo)
    assert before[2].startswith("Passage 3 of ") and before[0] > 0
    session.set_theme("light")
    assert _where(memo) == before
    session.knowledge_changed("items")  # an edit or its undo: the documents are read again
    assert _where(memo) == before
    bar.setValue(0)  # at the top it stays at the top
    session.set_theme("dark")
    assert _where(memo)[:2] == (0, 0)
    session.set_theme("light")


def _line_cover(img, rect, background: QColor, ink: QColor) -> float:
    """The largest share of the columns from ``rect``'s left to its right that a line in ``ink`` crosses,
    over the rows from ``rect``'s top to just under it (a line on a fractional row is two half-inked rows)."""
    lb, li = background.lightnessF(), ink.lightnessF()

    def inked(x, y):
        return max(0.0, min(1.0, (img.pixelColor(x, y).lightnessF() - lb) / (li - lb)))

    xs = range(rect.left() + 1, rect.right())
    best = 0.0
    for y in range(rect.top(), min(rect.bottom() + 3, img.height() - 1)):
        best = max(best, sum(inked(x, y) + inked(x, y + 1) >= 0.6 for x in xs) / len(xs))
    return best


def _visible_span(memo, eid):
    """A mention of ``eid`` drawn on one line wholly inside the view: its rect from start to end."""
    vp = memo.view.viewport().rect()
    for a, b in memo.shown.by_entity[eid]:
        c = QTextCursor(memo.view.document())
        c.setPosition(a)
        ra = memo.view.cursorRect(c)
        c.setPosition(b)
        rb = memo.view.cursorRect(c)
        if ra.top() == rb.top() and vp.contains(ra) and vp.contains(rb):
            return ra.united(rb)
    return None


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_selected_items_names_are_underlined_in_the_text_colour(session, show_panel, name):
    """Bold was asked of Qt's extra selections, which draw no change of the text's width: the selected
    names looked like the touched ones but for the amber. Now a solid underline in the text colour
    crosses the whole name; a touched name keeps its mention's dotted one (half its columns)."""
    session.set_theme(name)
    try:
        memo = show_panel(MemoPanel(session), 620, 560)
        session.select("russia")  # scrolls to its first passage; Azerbaijan, Armenia … are touched
        t = theme.current()
        assert theme.contrast(t.text, t.selected) >= theme.AA  # the underline is in the text colour
        img = memo.view.viewport().grab().toImage()
        selected = _visible_span(memo, "russia")
        touched = next(r for e in ("azerbaijan", "armenia", "moscow") if (r := _visible_span(memo, e)))
        assert selected is not None and touched is not None
        assert _line_cover(img, selected, QColor(t.selected), QColor(t.text)) >= 0.9, name
        assert _line_cover(img, touched, QColor(t.touched), QColor(t.text)) < 0.8, name
    finally:
        session.set_theme("light")
