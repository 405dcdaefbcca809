"""The Patterns evidence view: a cell's text laid out once at the view's width, painted as the
word-wrapped rich-text label in a scroll area it stands for painted it; links select their item;
a resize lays it out again; a theme recolours it."""

from html import escape

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea

from karabakh_desktop.core import read
from karabakh_desktop.gui import theme
from karabakh_desktop.gui.patterns_panel import EvidenceView, PatternsPanel
from karabakh_desktop.gui.window_layout import Quiet

LONG = ("<b>Karabakh × Passportisation</b><br>“" + "Russia could distribute passports to the Armenians "
        "of Karabakh, as it did in Abkhazia and South Ossetia. " * 6 + "”")


def _settle():
    for _ in range(3):
        QApplication.processEvents()


def _shown(qtbot, widget, width, height):
    holder = Quiet(widget)  # as the panel holds it
    qtbot.addWidget(holder)
    holder.resize(width, height)
    holder.show()
    qtbot.waitExposed(holder)
    _settle()
    return holder


def _view_shown(qtbot, html, width, height):
    """An evidence view of ``html`` in its holder, shown at a size: (view, holder)."""
    view = EvidenceView(margin=6)
    view.setText(html)
    return view, _shown(qtbot, view, width, height)


def _label_reader(html):
    """What the panel showed before: a word-wrapped rich-text label (margin 6) in a scroll area."""
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText)
    label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
    label.setMargin(6)
    area = QScrollArea()
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    return area


def _lines(view):
    doc = view.document()
    block, lines = doc.firstBlock(), []
    while block.isValid():
        layout = block.layout()
        lines += [layout.lineAt(i) for i in range(layout.lineCount())]
        block = block.next()
    return lines


@pytest.mark.parametrize("size", [(240, 60), (240, 400), (520, 90), (900, 300)])
def test_the_view_shows_the_pixels_of_the_label_it_stands_for(qtbot, qapp, size):
    theme.apply(qapp, "light")
    for html in (LONG, "<i>Click a cell to see what the memo says.</i>"):
        view, ours = _view_shown(qtbot, html, *size)
        theirs = _shown(qtbot, _label_reader(html), *size)
        assert ours.grab().toImage() == theirs.grab().toImage(), (size, html[:20])
        # taller than the view: a scroll bar, as the scroll area shows one
        assert view.verticalScrollBar().isVisible() == (view.contentHeight() > size[1])


def test_a_cell_shows_its_text_wrapped_to_the_width_and_named_for_screen_readers(session, qtbot, show_panel):
    panel = show_panel(PatternsPanel(session), 420, 420)
    cid = max((cell[0] for cell in panel.cells.values()), key=lambda c: sum(map(len, read.quotes(session.db, c))))
    session.select(cid)
    _settle()
    view = panel.evidence
    text = view.document().toPlainText()
    assert session.label(cid) in text and all(q in text for q in read.quotes(session.db, cid))
    assert view.accessibleName() == text
    width = view.viewport().width() - 2 * view.margin()
    assert view.document().textWidth() == width
    lines = _lines(view)
    assert len(lines) > 3 and all(line.naturalTextWidth() <= width for line in lines)
    # what is painted is that text: the view is not blank where its first line is
    image = view.viewport().grab().toImage()
    first = lines[0]
    row = int(view.margin() + first.y() + first.height() / 2)
    colours = {image.pixelColor(x, row).name() for x in range(view.margin(), view.margin() + int(first.naturalTextWidth()))}
    assert theme.current().text.lower() in colours


def test_a_resize_lays_the_text_out_again_at_the_new_width(qtbot, qapp):
    theme.apply(qapp, "light")
    view, holder = _view_shown(qtbot, LONG, 260, 70)
    bar = view.verticalScrollBar()
    assert bar.isVisible() and view.document().textWidth() == 260 - bar.sizeHint().width() - 12
    narrow_lines = len(_lines(view))
    holder.resize(700, 400)
    _settle()
    assert not bar.isVisible() and view.document().textWidth() == 700 - 12
    assert len(_lines(view)) < narrow_lines
    assert view.contentHeight() <= 400
    assert holder.grab().toImage() == _view_shown(qtbot, LONG, 700, 400)[1].grab().toImage()
    holder.resize(260, 70)  # and back: the bar again, its range the text's overflow
    _settle()
    assert bar.isVisible() and bar.maximum() == view.contentHeight() - view.viewport().height()


def test_a_link_in_the_evidence_selects_its_item(session, qtbot, show_panel):
    panel = show_panel(PatternsPanel(session), 420, 420)
    view = panel.evidence
    view.setText('See <a href="baku">Baku</a> and more words after it.')
    _settle()
    line = _lines(view)[0]
    block_text = view.document().firstBlock().text()
    start, end = block_text.index("Baku"), block_text.index(" and more")
    y = int(view.margin() + line.y() + line.height() / 2)

    def at(position):
        return QPoint(int(view.margin() + (line.cursorToX(position)[0] + line.cursorToX(position + 1)[0]) / 2), y)

    assert view.anchorAt(at(start + 1)) == "baku" and view.anchorAt(at(end + 3)) == ""
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=at(end + 3))  # plain text: nothing happens
    assert session.selection.items == ()
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=at(start + 1))
    assert session.selection.items == ("baku",)


def test_a_theme_change_recolours_the_evidence(session, qtbot, show_panel):
    panel = show_panel(PatternsPanel(session), 420, 420)
    session.select(next(iter(panel.cells.values()))[0])
    _settle()
    view = panel.evidence

    def colours():
        image = view.viewport().grab().toImage()
        return {image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}

    light = theme.THEMES["light"]
    assert light.text.lower() in colours() and light.window.lower() in colours()
    session.set_theme("dark")
    try:
        _settle()
        dark = theme.THEMES["dark"]
        seen = colours()
        assert dark.text.lower() in seen and dark.window.lower() in seen and light.text.lower() not in seen
    finally:
        session.set_theme("light")


def test_a_text_shown_again_is_its_kept_document_laid_out_at_the_width_it_is_shown_at(qtbot, qapp):
    theme.apply(qapp, "light")
    view, holder = _view_shown(qtbot, LONG, 300, 70)
    long_doc = view.document()
    view.setText("<b>Short</b>")
    assert view.document() is not long_doc
    holder.resize(500, 80)  # while another text is shown
    _settle()
    view.setText(LONG)
    assert view.document() is long_doc  # not parsed again
    assert long_doc.textWidth() == view.viewport().width() - 12  # but laid out at the new width
    assert holder.grab().toImage() == _view_shown(qtbot, LONG, 500, 80)[1].grab().toImage()
    # a new font: every text laid out in it
    font = view.font()
    font.setPointSize(font.pointSize() + 4)
    view.setFont(font)
    _settle()
    assert view.document().defaultFont().pointSize() == font.pointSize()
    view.setText("<b>Short</b>")
    assert view.document().defaultFont().pointSize() == font.pointSize()


def test_the_evidence_follows_an_edit_of_a_cells_quotes(session, qtbot):
    """The panel keeps each selection's evidence text; an edit of the knowledge reads it again."""
    panel = PatternsPanel(session)
    qtbot.addWidget(panel)
    cid = next(iter(panel.cells.values()))[0]
    session.select(cid)
    quote = read.quotes(session.db, cid)[0]
    assert quote in panel.evidence.document().toPlainText()
    with session.db.conn:
        session.db.execute("UPDATE evidence SET quote = ? WHERE item_id = ? AND quote = ?",
                           ["A quote changed by an edit", cid, quote])
    session.knowledge_changed("evidence")
    text = panel.evidence.document().toPlainText()
    assert "A quote changed by an edit" in text and quote not in text



def test_the_evidence_kept_per_selection_of_cells_is_bounded_and_in_id_order(session, qtbot, show_panel, monkeypatch):
    import karabakh_desktop.gui.patterns_panel as pp

    monkeypatch.setattr(pp, "EVIDENCE_KEPT", 3)
    panel = show_panel(PatternsPanel(session), 420, 420)
    cells = sorted({cell[0] for cell in panel.cells.values()})[:6]
    session.select(cells[0])
    for cid in cells[1:]:  # a Ctrl-click run: one more cell at each step
        session.select(cid, add=True)
    assert len(panel._evidence) == 3
    # the evidence names the cells in id order, however the selection's set happens to list them
    text = panel.evidence.text()
    at = [text.index(escape(session.label(c))) for c in cells]
    assert at == sorted(at)
