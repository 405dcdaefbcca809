"""The memo's highlights drawn over the text (memo_highlights) show the very pixels Qt's own extra
selections showed: names and sentences selected and touched, in every theme, with a time window
greying names, with the reader's own text selection over a highlight, after the text is laid out at
another width; what is on screen is a fresh render after each change; paragraphs keep their glyphs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtWidgets import QApplication

from karabakh_desktop.gui import memo_panel
from karabakh_desktop.gui.memo_highlights import HighlightedText


def _settle():
    for _ in range(4):
        QApplication.processEvents()


def _image(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format_RGB32)


def _as_qt_draws_it(view) -> QImage:
    """The view as Qt draws every highlight itself (the overlay off), then the overlay on again."""
    HighlightedText.overlay = False
    try:
        view._share(force=True)
        _settle()
        return _image(view.viewport())
    finally:
        HighlightedText.overlay = True
        view._share(force=True)
        _settle()


def _on_a_laptop(window, qtbot):
    qtbot.waitExposed(window)
    window.resize(1366, 768)
    _settle()
    return window.session, window.panels["memo"]


@pytest.mark.parametrize("theme_name", ["light", "dark", "high-contrast"])
def test_highlights_drawn_over_the_text_are_qts_pixels(window, qtbot, theme_name):
    s, memo = _on_a_laptop(window, qtbot)
    s.set_theme(theme_name)
    _settle()
    view = memo.view
    sentences = sorted(memo.sentence_pos)
    items = ["karabakh-armenians", "azerbaijan", f"sentence:{sentences[len(sentences) // 2]}", "russia",
             "armenia", f"sentence:{sentences[-3]}", "shusha", "nikol-pashinyan", "peacekeeper-deployment"]
    drawn_over = 0
    for item in items:
        s.select(item)
        _settle()
        drawn_over += view.drawn_over
        assert _image(view.viewport()) == _as_qt_draws_it(view), item
    assert drawn_over > 3 * len(items)  # the overlay drew most of them (or the test proves nothing)


def test_greyed_names_and_the_readers_own_selection_keep_qts_pixels(window, qtbot):
    s, memo = _on_a_laptop(window, qtbot)
    view = memo.view
    s.select("russia")
    s.set_time_window((dt.date(2020, 9, 1), dt.date(2020, 11, 30)))  # names out of it greyed (Qt's)
    _settle()
    assert view.drawn_over
    assert _image(view.viewport()) == _as_qt_draws_it(view)
    # the reader drags over a line with highlights: theirs is drawn over them, as Qt draws it
    top = view.cursorForPosition(view.viewport().rect().center())
    c = QTextCursor(top)
    c.movePosition(QTextCursor.StartOfBlock)
    c.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
    view.setTextCursor(c)
    _settle()
    assert _image(view.viewport()) == _as_qt_draws_it(view)
    s.set_time_window(None)


def test_the_memo_on_screen_is_a_fresh_render_after_each_change(window, qtbot):
    """Boxes drawn over the text are repainted where they were when they go (no selection scrolls
    far between some of these), and measured again when the text is laid out at another width."""
    s, memo = _on_a_laptop(window, qtbot)
    view = memo.view

    def stale() -> bool:
        shown = window.screen().grabWindow(window.winId()).toImage().convertToFormat(QImage.Format_RGB32)
        vp = view.viewport()
        r = vp.rect().translated(vp.mapTo(window, vp.rect().topLeft()))
        return shown.copy(r) != _image(vp)

    steps = ["karabakh-armenians", "armenia", "azerbaijan", "russia", "sentence:76", "shusha", "turkey"]
    for item in steps:
        s.select(item)
        _settle()
        assert not stale(), item
        s.select(item, add=True)  # the same passages: nothing scrolls, the highlights change in place
        s.select("armenia", add=True)
        _settle()
        assert not stale(), ("added", item)
    window.resize(1200, 740)  # the memo laid out at another width: its boxes measured again
    _settle()
    qtbot.waitUntil(lambda: not view._stale)
    _settle()
    assert not stale()
    assert _image(view.viewport()) == _as_qt_draws_it(view)


def test_paragraphs_keep_their_glyphs_within_a_budget(session, show_panel, monkeypatch):
    memo = show_panel(memo_panel.MemoPanel(session), 300, 450)
    doc = memo.view.document()
    block = doc.begin()
    while block.isValid():
        assert block.layout().cacheEnabled()
        block = block.next()
    session.select("karabakh-armenians")
    _settle()
    kept = _image(memo.view.viewport())
    block = doc.begin()
    while block.isValid():
        block.layout().setCacheEnabled(False)  # shaped again at each paint, as Qt does by default
        block = block.next()
    memo.view.viewport().update()
    _settle()
    assert _image(memo.view.viewport()) == kept  # the same glyphs either way

    monkeypatch.setattr(memo_panel, "GLYPHS_KEPT", 100)  # a text past the budget: Qt's default
    other = memo_panel.MemoPanel(session)
    assert not other.view.document().begin().layout().cacheEnabled()
    assert other._glyphs == 0
    other.deleteLater()
