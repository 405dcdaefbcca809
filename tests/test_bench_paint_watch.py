"""The benchmark's start-up clock stops when the window has painted completely once. Its watch
listens to the window alone, from the moment it is shown (an application-wide Python filter would
carry every event of every object into Python: a cost of the measurement). That is sound if
(1) showing the window paints nothing before the event loop runs, and (2) when the window first
paints, the same pass paints every panel it shows. Both are checked here against a record of every
widget's paint, on the app's real window."""

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from karabakh_desktop import bench, bench_split
from karabakh_desktop.gui.app import open_window


class _EveryPaint(QObject):
    """Every widget painted, or with a descendant painted (a panel's children may cover it)."""

    def __init__(self):
        super().__init__()
        self.painted: set[int] = set()

    def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
        if ev.type() == QEvent.Paint and isinstance(obj, QWidget):
            w = obj
            while w is not None:
                self.painted.add(bench_split._cpp(w))
                w = w.parentWidget()
        return False


@pytest.mark.parametrize("size", [None, (1362, 764), (1900, 1040)])
def test_when_the_watch_is_done_every_panel_the_window_shows_has_painted(qtbot, store_copy, size):
    app = QApplication.instance()
    win = open_window(store_copy, show=False)
    if size:
        win.resize(*size)
    record = _EveryPaint()
    app.installEventFilter(record)
    try:
        win.show()  # the panels are made here (lazy panels), as on the real start
        assert len(win.panels.made) >= 5 and not record.painted  # (1) nothing painted yet
        watch = bench._PaintWatch(app)
        at_stop = {}
        finish = watch._finish

        def stop():  # what had painted when the clock stopped
            at_stop.update(painted=set(record.painted),
                           shown=[p for p in win.panels.made.values() if not p.visibleRegion().isEmpty()])
            finish()

        watch._finish = stop
        watch.expect(win, win.panels.made.values())
        assert watch.wait(timeout_s=60)
        assert len(at_stop["shown"]) >= 5
        # (2) when the clock stopped, the window and every panel it shows had painted
        assert {p.panel_id for p in at_stop["shown"] if bench_split._cpp(p) not in at_stop["painted"]} == set()
        assert bench_split._cpp(win) in at_stop["painted"]
    finally:
        app.removeEventFilter(record)
        win.close()
        win.deleteLater()
