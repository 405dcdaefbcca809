"""What a selection costs the window outside the panels' own work: a panel known shown in its dock
is not asked again where it sits until its dock's visibility changes; the status bar's new line
repaints the line alone (no layout request, no holder painted under it); the Patterns evidence is
laid out before the window paints, so it is painted at its new size only."""

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStatusBar

from karabakh_desktop.core import read
from karabakh_desktop.gui.panels import PanelSpec, add_panel
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


def test_a_panel_known_shown_is_not_asked_again_until_its_dock_changes(session, qtbot, recorder):
    win = QMainWindow()
    qtbot.addWidget(win)
    front, back = recorder(session), recorder(session)
    docks = [add_panel(win, PanelSpec(name, name, "", Qt.RightDockWidgetArea), panel)
             for name, panel in (("front", front), ("back", back))]
    win.tabifyDockWidget(docks[0], docks[1])
    win.show()
    qtbot.waitExposed(win)
    docks[0].raise_()
    qtbot.waitUntil(lambda: not front.hidden_in_window() and back.hidden_in_window())
    asked = []
    tabs = win.tabifiedDockWidgets
    win.tabifiedDockWidgets = lambda dock: asked.append(dock) or tabs(dock)
    for item in ("shusha", "lachin", "baku"):
        session.select(item)
    assert ("selection", ("baku",)) in front.calls
    assert docks[0] not in asked  # known shown: where it sits is not worked out again per change
    # its tab put behind: the dock's visibility changed, so it is asked again, and now waits
    docks[1].raise_()
    qtbot.waitUntil(front.hidden_in_window)
    session.select("agdam")
    assert ("selection", ("agdam",)) not in front.calls and ("selection", ("agdam",)) in back.calls
    docks[0].raise_()  # in front again: caught up, and known shown again
    qtbot.waitUntil(lambda: ("selection", ("agdam",)) in front.calls)
    assert not front.hidden_in_window()
    asked.clear()
    session.select("shusha")
    assert docks[0] not in asked and front.calls[-1] == ("selection", ("shusha",))
    docks[0].close()  # closed: waits
    qtbot.waitUntil(front.hidden_in_window)
    session.select("lachin")
    assert front.calls[-1] == ("selection", ("shusha",))


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
