"""The main window: docks with names, layout saved and restored, menus, history, search, errors."""

import hashlib
import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from karabakh_desktop.gui import theme
from karabakh_desktop.gui.mainwindow import MainWindow
from karabakh_desktop.gui.panels import PANELS


def test_every_panel_is_a_named_dock(window):
    docks = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {f"dock-{s.panel_id}" for s in PANELS} <= docks
    titles = [a.text() for a in window.panel_menu.actions()]
    assert {"Network", "Timeline", "Map", "Memo", "Details", "Patterns"} <= set(titles)


def test_close_reopen_and_layout_restore(window, qtbot):
    dock = window.docks["map"]
    dock.toggleViewAction().trigger()
    assert not dock.isVisible()
    window.save_layout()
    win2 = MainWindow(window.session, restore=True)
    qtbot.addWidget(win2)
    win2.show()
    assert not win2.docks["map"].isVisible()
    win2.reset_layout()
    assert win2.docks["map"].isVisible()
    window.reset_layout()
    assert dock.isVisible()


def test_escape_clears_and_history_walks(window, qtbot):
    s = window.session
    s.select("shusha")
    s.select("russia")
    qtbot.keyClick(window, Qt.Key_Escape)
    assert s.selection.items == ()
    window.back_action.trigger()
    assert s.selection.items == ("russia",)
    window.back_action.trigger()
    assert s.selection.items == ("shusha",)
    window.forward_action.trigger()
    assert s.selection.items == ("russia",)


def test_search_box_selects_the_chosen_result(window):
    window.search.refresh("Naxçıvan")
    assert window.search.model.rowCount() > 0
    window.search.choose(window.search.hits[0].item_id)
    assert window.session.selection.items == ("nakhchivan",)


def test_status_bar_states_the_selection(window):
    window.session.select("shusha")
    assert "Shusha / Shushi" in window.sel_label.text()


def test_a_new_status_line_repaints_the_line_alone(window, qtbot):
    """The selection's line (and the memo's passage count) change with every selection: neither may
    have the status bar lay out again and repaint its other widgets (the kind legend), nor the
    window lay out its docks."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel

    bar = window.statusBar()
    seen = []

    class Spy(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
            if ev.type() == QEvent.LayoutRequest and obj in (bar, window):
                seen.append(f"{type(obj).__name__} laid out")
            elif ev.type() == QEvent.Paint and isinstance(obj, QLabel) and obj is not window.sel_label \
                    and bar.isAncestorOf(obj):
                seen.append(f"{obj.text() or 'swatch'} repainted")
            elif ev.type() == QEvent.Paint and obj is bar:
                seen.append(f"{type(obj).__name__} repainted")
            return False

    qtbot.waitExposed(window)
    for item in ("shusha", "russia"):  # the history's buttons and Details' tool bar come up: laid out once
        window.session.select(item)
        QApplication.processEvents()
    bar.clearMessage()  # a panel's message (a hidden legend…) covers the selection's line for a while
    QApplication.processEvents()
    spy = Spy()
    QApplication.instance().installEventFilter(spy)
    try:
        for item in ("baku", "lachin-corridor", "armenia", "shusha"):
            before = window.sel_label.text()
            window.session.select(item)
            QApplication.processEvents()
            assert window.sel_label.text() != before and window.sel_label.isVisible(), bar.currentMessage()
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert seen == []
    assert window.sel_label.width() > 120 and window.sel_label.height() >= window.sel_label.sizeHint().height()


def test_themes_apply(window):
    for name in theme.THEMES:
        window.set_theme(name)
        assert theme.current().name == name
    window.set_theme("light")


def test_corrupt_store_gets_a_message_and_is_left_as_it_was(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    res = subprocess.run([sys.executable, "-m", "karabakh_desktop", "--db", str(bad)], capture_output=True,
                         text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert res.returncode == 1
    assert "damaged" in res.stderr or "not a" in res.stderr
    assert "Traceback" not in res.stderr
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


def test_newer_schema_is_refused(store_copy, tmp_path):
    import sqlite3

    con = sqlite3.connect(store_copy)
    con.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                "VALUES ('karabakh_desktop', 'm999_from_the_future', 'x')")
    con.commit()
    con.close()
    before = hashlib.sha256(store_copy.read_bytes()).hexdigest()
    from karabakh_desktop.gui.app import open_window

    assert open_window(store_copy, show=False) is None
    assert hashlib.sha256(store_copy.read_bytes()).hexdigest() == before
