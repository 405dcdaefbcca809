"""The benchmark's paint watch listens from the moment the window exists, not from before it is
built (an application-wide Python filter would carry every event of the window's construction into
Python, a cost of the measurement): that is sound only if showing the window paints nothing
before the event loop runs. Something that painted inside show() (a processEvents, a repaint())
would make the watch miss the first paint."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from karabakh_desktop import bench
from karabakh_desktop.gui.app import open_window


class _Paints(QObject):
    def __init__(self):
        super().__init__()
        self.seen = 0

    def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
        if ev.type() == QEvent.Paint:
            self.seen += 1
        return False


def test_showing_the_window_paints_nothing_until_the_event_loop_runs(qtbot, store_copy):
    app = QApplication.instance()
    win = open_window(store_copy, show=False)
    paints = _Paints()
    app.installEventFilter(paints)
    try:
        win.show()  # the panels are made here (lazy panels), as on the real start
        assert len(win.panels.made) >= 5 and paints.seen == 0
        watch = bench._PaintWatch(app)
        watch.expect(win, win.panels.made.values())
        assert watch.wait(timeout_s=60)  # every visible panel painted, seen by the late watch
        assert paints.seen > 0
    finally:
        app.removeEventFilter(paints)
        win.close()
        win.deleteLater()
