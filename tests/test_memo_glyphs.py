"""The memo's paragraphs keep their shaped glyphs (memo_glyphs): the same pixels as shaping them at each
paint, within a budget of characters; and what the memo shows after selections and a new width is a
fresh render of it."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from karabakh_desktop.gui import memo_glyphs, memo_panel


def _settle():
    for _ in range(4):
        QApplication.processEvents()


def _image(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format_RGB32)


def _paragraphs(doc):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def test_paragraphs_keep_their_glyphs_and_look_the_same(session, show_panel):
    memo = show_panel(memo_panel.MemoPanel(session), 300, 450)
    doc = memo.view.document()
    assert all(b.layout().cacheEnabled() for b in _paragraphs(doc))
    assert memo._glyphs == doc.characterCount()
    for item in ("karabakh-armenians", "sentence:76", "azerbaijan"):  # highlights in many paragraphs
        session.select(item)
        _settle()
        kept = _image(memo.view.viewport())
        for block in _paragraphs(doc):
            block.layout().setCacheEnabled(False)  # shaped again at each paint, as Qt does by default
        memo.view.viewport().update()
        _settle()
        assert _image(memo.view.viewport()) == kept, item
        for block in _paragraphs(doc):
            block.layout().setCacheEnabled(True)


def test_a_text_past_the_budget_is_shaped_at_each_paint(session, monkeypatch):
    monkeypatch.setattr(memo_glyphs, "GLYPHS_KEPT", 100)  # the memo is 14,000 characters
    memo = memo_panel.MemoPanel(session)
    assert not any(b.layout().cacheEnabled() for b in _paragraphs(memo.view.document()))
    assert memo._glyphs == 0
    memo.deleteLater()


def test_the_memo_on_screen_is_a_fresh_render_after_each_change(window, qtbot):
    qtbot.waitExposed(window)
    window.resize(1366, 768)
    _settle()
    s, view = window.session, window.panels["memo"].view

    def stale() -> bool:
        shown = window.screen().grabWindow(window.winId()).toImage().convertToFormat(QImage.Format_RGB32)
        vp = view.viewport()
        r = vp.rect().translated(vp.mapTo(window, vp.rect().topLeft()))
        return shown.copy(r) != _image(vp)

    for item in ("karabakh-armenians", "armenia", "azerbaijan", "russia", "sentence:76", "shusha", "turkey"):
        s.select(item)
        _settle()
        assert not stale(), item
    window.resize(1200, 740)  # laid out again at another width, glyphs and all
    _settle()
    assert not stale()
