"""What a selection costs the window outside the panels' own work: the status bar's new line
repaints the line alone (no layout request, no holder painted under it); the Patterns evidence is
laid out before the window paints, so it is painted at its new size only."""

from html import escape

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStatusBar

from karabakh_desktop.core import read
from karabakh_desktop.gui.window_layout import Quiet


class _Events(QObject):
    """Counts the events of some types that reach a widget."""

    def __init__(self, widget, *types):
        super().__init__()
        self.types, self.seen = types, []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() in self.types:
            self.seen.append(event.type())
        return False


def _settle():
    for _ in range(4):
        QApplication.processEvents()


def test_a_new_status_line_repaints_the_line_alone(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    bar = QStatusBar()
    win.setStatusBar(bar)
    label = QLabel("Nothing selected")
    holder = Quiet(label)
    bar.addWidget(holder, 1)
    bar.addPermanentWidget(QLabel("Time window: 2020"))
    win.resize(800, 200)
    win.show()
    qtbot.waitExposed(win)
    _settle()
    assert label.geometry() == holder.rect()
    held = _Events(holder, QEvent.LayoutRequest, QEvent.Paint)
    painted = _Events(label, QEvent.Paint)
    bar_events = _Events(bar, QEvent.LayoutRequest)
    for text in ("Selected: Shusha / Shushi · touches 12 items, 30 sentences", "Selected: Baku", "x" * 300):
        label.setText(text)
        _settle()
    assert len(painted.seen) == 3  # each new text shown
    assert held.seen == [] and bar_events.seen == []  # no layout asked for, the holder not painted under it
    win.resize(900, 200)  # the holder still gives its size to the line
    _settle()
    assert label.geometry() == holder.rect()


def test_the_evidence_of_a_cell_is_painted_at_its_new_size_only(window, qtbot):
    qtbot.waitExposed(window)
    session, panel = window.session, window.panels["patterns"]
    _settle()
    cells = sorted(panel.cells.values(), key=lambda cell: sum(map(len, read.quotes(session.db, cell[0]))))
    ev = panel.evidence
    sizes = []
    ev.installEventFilter(watch := _SizeAtPaint(sizes))
    assert watch
    for item in (cells[-1][0], "baku", cells[0][0], cells[-1][0], "baku"):  # long, none, short, long, none
        sizes.clear()
        session.select(item)
        _settle()
        assert sizes, item  # shown
        # never painted at its old size first (then laid out and painted again at the new one)
        assert set(sizes) == {ev.size().toTuple()} and ev.height() >= ev.heightForWidth(ev.width()), item
        quotes = read.quotes(session.db, item) if item.startswith("cell") else []
        assert all(escape(q) in ev.text() for q in quotes) and (quotes or "Click a cell" in ev.text())


class _SizeAtPaint(QObject):
    def __init__(self, sizes):
        super().__init__()
        self.sizes = sizes

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Paint:
            self.sizes.append(obj.size().toTuple())
        return False


def test_the_evidence_height_kept_per_text_width_and_font_is_the_labels_own(window, qtbot):
    """The evidence label keeps its height for a width (the scroll area asks it 8-10 times per text):
    what it answers is what a plain label with the same text, width and font answers."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont

    panel = window.panels["patterns"]
    ev = panel.evidence
    plain = QLabel()
    qtbot.addWidget(plain)
    plain.setWordWrap(True)
    plain.setTextFormat(Qt.RichText)
    plain.setAlignment(Qt.AlignTop | Qt.AlignLeft)
    plain.setMargin(ev.margin())
    texts = [panel.evidence_html((cell,)) for cell, _ in panel.cells.values()][:6] + [panel.evidence_html(())]
    for font_size in (None, 14):
        if font_size:
            font = QFont(ev.font())
            font.setPointSize(font_size)
            ev.setFont(font)
            plain.setFont(font)
        for text in texts * 2:  # asked again: kept answers
            ev.setText(text)
            plain.setText(text)
            for width in (120, 200, 260, 400):
                assert ev.heightForWidth(width) == plain.heightForWidth(width), (font_size, width, text[:40])
