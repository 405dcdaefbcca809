"""A panel is made when its dock is first shown (or when something first asks for it): behind a tab
or closed it costs nothing at start-up, and made late it shows the session as it is then."""

import datetime as dt
import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication

from karabakh_desktop.gui.mainwindow import MainWindow

BEHIND_TABS = {"scenes", "documents"}  # tabbed behind Patterns in the default layout
WINDOW = (dt.date(2020, 9, 27), dt.date(2020, 11, 11))


def _open(session, qtbot, *, restore=False):
    win = MainWindow(session, restore=restore)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_panels_behind_tabs_are_not_made_until_their_tab_is_raised(window, qtbot):
    qtbot.waitExposed(window)
    assert set(window.panels.made) == {"memo", "network", "map", "timeline", "details", "patterns"}
    for pid in BEHIND_TABS:
        assert window.panels.peek(pid) is None and pid in window.panels
        assert window.docks[pid].toggleViewAction().isChecked()  # open, only behind a tab
    window.docks["scenes"].raise_()
    qtbot.waitUntil(lambda: window.panels.peek("scenes") is not None)
    scenes = window.panels.peek("scenes")
    assert window.docks["scenes"].widget() is scenes
    qtbot.waitUntil(lambda: scenes.isVisible() and not scenes.visibleRegion().isEmpty())
    assert scenes.host is window.scene_host  # the window's, so its captures record the window's views
    assert window.panels.peek("documents") is None


def test_a_closed_panel_made_later_shows_the_selection_and_time_window_of_that_moment(window, qtbot):
    for pid in ("map", "timeline"):
        window.docks[pid].toggleViewAction().trigger()  # closed
    window.save_layout()
    win = _open(window.session, qtbot, restore=True)
    assert win.panels.peek("map") is None and win.panels.peek("timeline") is None
    win.session.select("shusha")
    win.session.set_time_window(WINDOW)
    win.panel_menu.actions()[[a.text() for a in win.panel_menu.actions()].index("Map")].trigger()  # View ▸ Panels
    qtbot.waitUntil(lambda: win.panels.peek("map") is not None and win.panels.peek("map").isVisible())
    assert win.panels.peek("map").highlight_level("shusha") == 2
    assert win.panels.peek("timeline") is None  # still closed: still not made
    win.focus_panel("timeline")  # Ctrl+Shift+4
    timeline = win.panels.peek("timeline")
    assert timeline is not None and win.docks["timeline"].isVisible()
    assert timeline.window == WINDOW and timeline.region.isVisible()
    window.reset_layout()
    window.save_layout()


def test_the_go_to_panel_shortcut_makes_and_focuses_a_panel_behind_a_tab(window, qtbot):
    qtbot.waitExposed(window)
    window.activateWindow()
    key = next(a for a in window.focus_menu.actions() if a.text() == "Documents")
    assert key.shortcut().toString() == "Ctrl+Shift+8"
    key.trigger()
    documents = window.panels.peek("documents")
    assert documents is not None
    qtbot.waitUntil(lambda: not documents.visibleRegion().isEmpty())
    qtbot.waitUntil(lambda: window.panel_of(QApplication.focusWidget()) == "documents")  # the keyboard in it


def test_f6_walks_into_a_panel_not_made_yet(window, qtbot):
    qtbot.waitExposed(window)
    window.focus_panel("patterns")
    window.cycle_focus(+1)  # the menu's order: ... Details, Patterns, Scenes
    assert window.panels.peek("scenes") is not None
    assert window.docks["scenes"].widget() is window.panels.peek("scenes")


def test_a_restored_layout_makes_what_it_shows_in_front(window, qtbot):
    window.docks["scenes"].raise_()
    qtbot.waitUntil(lambda: window.panels.peek("scenes") is not None)
    window.save_layout()
    win = _open(window.session, qtbot, restore=True)
    assert win.panels.peek("scenes") is not None  # in front in the saved layout: made at show
    assert win.panels.peek("patterns") is None  # behind the Scenes tab now
    assert win.panels.peek("documents") is None
    assert not win.panels.peek("scenes").visibleRegion().isEmpty()
    window.reset_layout()
    window.save_layout()


def test_asking_for_a_panel_makes_it_in_its_dock(window):
    docs = window.panels["documents"]  # an export, a scene or a test asks for it by id
    assert window.panels.peek("documents") is docs
    assert window.docks["documents"].widget() is docs
    assert len(window.panels) == len(window.docks)


def test_start_up_leaves_the_heavy_modules_and_the_tabbed_panels_for_later(built_store, tmp_path):
    """The real start path up to the first complete paint imports what that paint needs: networkx,
    the slides with their PowerPoint and PDF writers, the importers, the record forms, the briefing
    and the panels behind tabs come when first used, as do the Details panel's edits (with the data-file
    reader and tomllib); numpy.ma, which np.unique imports, not at all."""
    code = ("import sys\n"
            "from karabakh_desktop import bench\n"
            "r = bench.child_startup(sys.argv[1])\n"
            "assert r['complete'], r\n"
            "heavy = ['networkx', 'pptx', 'pypdf', 'karabakh_desktop.gui.slides', 'karabakh_desktop.gui.briefing',\n"
            "         'karabakh_desktop.gui.import_flow', 'karabakh_desktop.gui.record_dialogs',\n"
            "         'karabakh_desktop.core.importers', 'karabakh_desktop.core.library',\n"
            "         'karabakh_desktop.core.pdf_writer', 'karabakh_desktop.gui.scenes_panel',\n"
            "         'karabakh_desktop.gui.documents_panel', 'numpy.ma', 'karabakh_desktop.core.item_edits',\n"
            "         'karabakh_desktop.core.datafiles', 'tomllib']\n"
            "print(' '.join(m for m in heavy if m in sys.modules) or 'none', ','.join(r['made']))\n")
    store = tmp_path / "kb.db"
    store.write_bytes(built_store.read_bytes())
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KARABAKH_DESKTOP_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, timeout=120,
                         env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["none", "details,map,memo,network,patterns,timeline"]


def test_a_big_networks_layout_starts_after_the_views_first_paint(store_copy, qtbot, monkeypatch):
    """The background layout's thread would take the interpreter lock from the panels being built and
    painted: it waits for the network's first picture (the interim circle), then runs and lands."""
    from PySide6.QtCore import QEvent, QObject

    from karabakh_desktop.gui.session import Session
    from karabakh_desktop.gui.views.network import panel as network_panel

    monkeypatch.setattr(network_panel, "BIG_GRAPH", 10)  # the memo's graph stands in for a big one
    session = Session(store_copy, follow=False)
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    net = win.panels["network"]  # made before the window is shown
    job = net.job
    assert job is not None and not job.running

    class Paints(QObject):
        seen: list = []

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Paint:
                self.seen.append(job.running)
            return False

    paints = Paints()
    net.plot.viewport().installEventFilter(paints)
    with qtbot.waitSignal(net.layoutFinished, timeout=60000):
        win.show()
    assert paints.seen and paints.seen[0] is False  # painted first, laid out after
    assert net.job is None and not net.progress_row.isVisible()
    net.plot.viewport().removeEventFilter(paints)
    session.close()


def test_the_edit_commands_leave_openssls_hashes_until_an_edit_needs_one():
    """core.edits (the edit commands; no longer imported before the first paint, but by the first edit)
    does not load hashlib (OpenSSL, ~3 ms of CPU). It comes with the first fingerprint or non-ASCII id;
    the ids are as before."""
    code = ("import sys\n"
            "import karabakh_desktop.core.edits\n"
            "print('hashlib' in sys.modules)\n"
            "from karabakh_desktop.core.edits import slug\n"
            "print(slug('Shusha / Shushi'), slug('Шуша'), 'hashlib' in sys.modules)\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    import hashlib

    assert out.stdout.split() == ["False", "shusha-shushi", f"item-{hashlib.sha1('Шуша'.encode()).hexdigest()[:8]}",
                                  "True"]
