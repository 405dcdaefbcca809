"""The memo's text is laid out once at start-up, at the width it shows: a memo panel made at its dock's size
(Panel.made_at) gives its text view that width before the first document, and showing it lays nothing out
again; a new width still lays the text out anew."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from karabakh_desktop.gui import panels

MEMO = next(s for s in panels.PANELS if s.panel_id == "memo")
WHOLE = 2147483647.0  # the width of the rectangle Qt's text layout reports after laying the whole text out


def _settle():
    for _ in range(3):
        QApplication.processEvents()


def _made_at(session, qtbot, size: QSize):
    memo = panels.make_panel(MEMO, session, size)
    qtbot.addWidget(memo)
    assert panels.Panel.made_at is None  # only while it is made
    memo.resize(size)  # as lazy_panels does once a panel is made
    doc = memo.view.document()
    laid_out: list[float] = []  # the widths of the text's whole new layouts
    doc.documentLayout().update.connect(lambda rect: laid_out.append(rect.width()))
    return memo, doc, laid_out


def test_a_memo_made_at_its_size_lays_its_text_out_once_at_the_width_it_shows(session, qtbot):
    memo, doc, laid_out = _made_at(session, qtbot, QSize(300, 400))
    before = doc.pageSize().width()
    memo.show()
    qtbot.waitExposed(memo)
    _settle()
    view = memo.view
    assert before == view.viewport().width() == doc.pageSize().width()  # laid out before it was shown, at its width
    assert view.verticalScrollBar().isVisible()  # the memo is longer than the view: counted in from the start
    assert WHOLE not in laid_out  # showing it laid nothing out again

    memo.resize(360, 400)  # a new width: the text is laid out anew, at it
    _settle()
    assert doc.pageSize().width() == view.viewport().width() > before
    assert WHOLE in laid_out


def test_a_memo_that_fits_its_view_keeps_no_scroll_bar(session, qtbot):
    # The bar is counted in for the first layout and the view's own policy (as needed) is kept after it.
    memo, doc, _ = _made_at(session, qtbot, QSize(900, 20000))
    memo.show()
    qtbot.waitExposed(memo)
    _settle()
    assert doc.documentLayout().documentSize().height() < memo.view.viewport().height()
    assert not memo.view.verticalScrollBar().isVisible()
    assert doc.pageSize().width() == memo.view.viewport().width()


def test_a_panel_made_without_a_size_is_laid_out_at_the_size_it_is_given(session, show_panel):
    memo = show_panel(panels.make_panel(MEMO, session), 320, 300)  # (the tests' panels, a twin for a slide)
    _settle()
    assert memo.view.document().pageSize().width() == memo.view.viewport().width()


def test_the_window_makes_its_memo_at_its_size(window, qtbot):
    qtbot.waitExposed(window)
    _settle()
    memo = window.panels["memo"]
    assert memo.view.document().pageSize().width() == memo.view.viewport().width()
