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
    """A new text is laid out, and the scroll bar shown or hidden, before the window paints: the text
    is painted once, at its new size, and a bar just shown is not painted again in a second pass."""
    qtbot.waitExposed(window)
    session, panel = window.session, window.panels["patterns"]
    _settle()
    cells = sorted(panel.cells.values(), key=lambda cell: sum(map(len, read.quotes(session.db, cell[0]))))
    ev = panel.evidence
    sizes, bar_paints = [], _Events(ev.verticalScrollBar(), QEvent.Paint)
    ev.viewport().installEventFilter(watch := _SizeAtPaint(sizes))
    assert watch
    for item in (cells[-1][0], "baku", cells[0][0], cells[-1][0], "baku"):  # long, none, short, long, none
        sizes.clear()
        bar_paints.seen.clear()
        session.select(item)
        _settle()
        assert sizes, item  # shown
        # never painted at its old size first (then laid out and painted again at the new one)
        assert set(sizes) == {ev.viewport().size().toTuple()} and len(sizes) == 1, item
        assert len(bar_paints.seen) <= 1, item
        assert ev.document().textWidth() == ev.viewport().width() - 2 * ev.margin(), item
        quotes = read.quotes(session.db, item) if item.startswith("cell") else []
        assert all(escape(q) in ev.text() for q in quotes) and (quotes or "Click a cell" in ev.text())
    assert ev.verticalScrollBar().isVisible() is False  # "baku": the one line needs none


class _SizeAtPaint(QObject):
    def __init__(self, sizes):
        super().__init__()
        self.sizes = sizes

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Paint:
            self.sizes.append(obj.size().toTuple())
        return False
