"""A first window is laid out before it is shown: each panel, made as its dock is shown, is made and
laid out once, at its dock's size — not at Qt's default 640×480, nor at the docks' bare minimum
while the window settles (four layouts of every panel before the first paint, ~45 ms of CPU)."""

from collections import defaultdict

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication

from karabakh_desktop.gui import theme
from karabakh_desktop.gui.mainwindow import MainWindow
from karabakh_desktop.gui.memo_margin import MARGIN_W
from karabakh_desktop.gui.panels import Panel
from karabakh_desktop.gui.session import Session

SHOWN = {"memo", "network", "map", "timeline", "details", "patterns"}  # in front in the default layout


class _Sizes(QObject):
    """Every size each panel is given (its resize events), from before it is made."""

    def __init__(self):
        super().__init__()
        self.seen: dict[str, list] = defaultdict(list)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Resize and isinstance(obj, Panel):
            self.seen[obj.panel_id].append((event.size().width(), event.size().height()))
        return False


def _first_window(qtbot, store, *, restore: bool):
    app = QApplication.instance()
    theme.apply(app, "light")
    session = Session(store, follow=False)
    win = MainWindow(session, restore=restore)
    qtbot.addWidget(win)
    sizes = _Sizes()
    app.installEventFilter(sizes)
    try:
        win.show()
        qtbot.waitExposed(win)
        qtbot.waitUntil(lambda: win._default_state is not None and not win.refit_pending, timeout=10000)
    finally:
        app.removeEventFilter(sizes)
    return win, session, sizes.seen


def test_each_panel_of_a_first_window_is_laid_out_once_at_its_docks_size(qtbot, store_copy):
    win, session, seen = _first_window(qtbot, store_copy, restore=False)
    try:
        made = win.panels.made
        assert set(made) == SHOWN
        for pid, panel in made.items():
            assert seen[pid] == [(panel.width(), panel.height())], pid
            dock = win.docks[pid]
            assert dock.widget() is panel and panel.width() == dock.width()
        # what follows the panel's inner layout, not the panel's one resize: the memo's evidence bars
        memo = made["memo"]
        vp = memo.view.viewport().geometry()
        assert memo.margin.geometry() == QRect(vp.left() - MARGIN_W, vp.top(), MARGIN_W, vp.height())
        # and the pattern names, fitted to the table as laid out (room for one case column)
        patterns = made["patterns"]
        assert patterns.table.verticalHeader().maximumWidth() == patterns._names_width()
    finally:
        session.close()


def test_a_window_on_a_saved_layout_makes_each_panel_once_at_its_size_too(qtbot, store_copy, window):
    window.save_layout()  # conftest's window: KARABAKH_DESKTOP_HOME is the test's
    win, session, seen = _first_window(qtbot, store_copy, restore=True)
    try:
        for pid, panel in win.panels.made.items():
            assert seen[pid] == [(panel.width(), panel.height())], pid
    finally:
        session.close()
