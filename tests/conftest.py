"""Shared fixtures. Qt runs offscreen; the user's data folder is a temporary one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="kd-test-home-")
os.environ["KARABAKH_DESKTOP_HOME"] = _HOME

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Deterministic property tests: the same examples on every run and machine, no flaky deadlines.
settings.register_profile("karabakh", derandomize=True, deadline=None, database=None)
settings.load_profile("karabakh")

from karabakh_desktop import paths  # noqa: E402
from karabakh_desktop.core.build import build  # noqa: E402
from karabakh_desktop.core.store import open_store  # noqa: E402

DATA = paths.data_dir()
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]  # file modes apply to it


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The memo's store, built once from the shipped data; treat as read-only."""
    out = tmp_path_factory.mktemp("store") / "kb.db"
    build(DATA, out)
    return out


@pytest.fixture
def store_copy(built_store, tmp_path) -> Path:
    """A private copy of the memo's store that a test may write to."""
    dst = tmp_path / "kb.db"
    shutil.copyfile(built_store, dst)
    return dst


@pytest.fixture(scope="session")
def build_bundle_tool():
    """tools/build-bundle as a module (a script without .py: loaded by path)."""
    import importlib.machinery
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "tools" / "build-bundle"
    loader = importlib.machinery.SourceFileLoader("build_bundle", str(path))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("build_bundle", loader))
    loader.exec_module(module)
    return module


@pytest.fixture
def db(built_store):
    d = open_store(built_store, readonly=True)
    yield d
    d.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _modifier_keys_released():
    """Let go of the modifier keys a test's synthetic input left held.

    ``qtbot.mouseClick(..., Qt.ControlModifier)`` sets the application's keyboard state to Ctrl
    and, unlike a user, never releases the key: ``QApplication.keyboardModifiers()`` stayed Ctrl
    in every later test, so a plain click there (a link in the details panel) added to the
    selection instead of replacing it, and the result depended on which tests ran before.
    """
    yield
    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QWindow
    from PySide6.QtTest import QTest

    if QGuiApplication.instance() is None or QGuiApplication.keyboardModifiers() == Qt.NoModifier:
        return
    window = QWindow()  # a key release the way a user makes it; hidden, nothing receives it
    for key in (Qt.Key_Control, Qt.Key_Shift, Qt.Key_Alt, Qt.Key_Meta):
        QTest.keyRelease(window, key)
    window.destroy()
    assert QGuiApplication.keyboardModifiers() == Qt.NoModifier, "a modifier key stayed held after the test"


@pytest.fixture
def store_with_text(store_copy, tmp_path):
    """A copy of the memo's store with ``text`` imported as a document: ``(db, document id)``
    (``author=``, ``published=`` ... as ``library.import_command`` takes them)."""
    from karabakh_desktop.core import library
    from karabakh_desktop.core.store import open_store

    opened = []

    def make(text: str, title: str, name: str = "note.txt", **meta):
        db = open_store(store_copy)
        opened.append(db)
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return db, library.import_command(db, p, title=title, **meta).do(db)["id"]

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def show_panel(qtbot):
    """Show a panel at a size and wait until it is on screen: ``show_panel(Panel(session), w, h)``."""
    def show(panel, width: int, height: int):
        qtbot.addWidget(panel)
        panel.resize(width, height)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return show


@pytest.fixture
def window_layouts(window, qtbot):
    """``window_layouts(items)``: select each of ``items`` in the shown window (after three selections that
    bring up the history's buttons and Details' tool bar, and grey the tool bar once, laid out once)
    and return the layouts of the window and its docks that those selections caused, as "objectName
    laid out" lines. A text that changes per selection must cause none: each is a layout of every
    dock. (The tool bar's first greying, for a sentence, lays the window out once: once the window's
    first layout is done before a selection — as for a user, who clicks after it — that one-off came
    within the selections measured.)"""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QDockWidget

    def run(items, after=None):
        seen = []

        class Spy(QObject):
            def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
                if ev.type() == QEvent.LayoutRequest and (obj is window or isinstance(obj, QDockWidget)):
                    seen.append(f"{obj.objectName()} laid out")
                return False

        qtbot.waitExposed(window)
        first = window.session.db.execute("SELECT id FROM sentences ORDER BY id LIMIT 1").fetchone()[0]
        for item in ("shusha", f"sentence:{first}", "russia"):
            window.session.select(item)
            QApplication.processEvents()
        spy = Spy()
        QApplication.instance().installEventFilter(spy)
        try:
            for item in items:
                window.session.select(item)
                QApplication.processEvents()
                if after:
                    after(item)
        finally:
            QApplication.instance().removeEventFilter(spy)
        return seen

    return run


@pytest.fixture
def session(store_copy, qapp):
    """A GUI session (light theme, not following other windows) on a private copy of the store."""
    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.session import Session

    theme.apply(qapp, "light")
    s = Session(store_copy, follow=False)
    yield s
    s.close()


@pytest.fixture
def window(qtbot, store_copy):
    """The main window (light theme, default layout) on a private copy of the store, shown."""
    from PySide6.QtWidgets import QApplication

    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.mainwindow import MainWindow
    from karabakh_desktop.gui.session import Session

    theme.apply(QApplication.instance(), "light")
    session = Session(store_copy, follow=False)
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    session.close()


OTHER_DOCUMENT = {"title": "A Test Brief on Other Matters", "author": "Jane Quill", "publisher": "Example Institute",
                  "series": "Example Briefs", "url": "https://example.org/brief",
                  "licence": "Licensed to the test suite under CC BY 4.0 by the Example Institute.",
                  "credit": "Jane Quill, “A Test Brief on Other Matters”, Example Briefs, 23 August 2021."}


@pytest.fixture(scope="session")
def other_store(tmp_path_factory) -> Path:
    """A store built from another data folder: the memo's text and items, but cited as another document
    (another author, publisher, series, URL and licence), with other data credits and no named periods."""
    import re

    data = tmp_path_factory.mktemp("other") / "data"
    shutil.copytree(DATA, data)
    doc = (data / "documents.toml").read_text(encoding="utf-8")
    for key, value in OTHER_DOCUMENT.items():
        doc = re.sub(rf'^{key} = ".*"$', f'{key} = "{value}"', doc, count=1, flags=re.M)
    doc = re.sub(r'^data_credits = ".*"$', 'data_credits = "outlines drawn by the test suite"', doc, flags=re.M)
    (data / "documents.toml").write_text(doc, encoding="utf-8")
    (data / "periods.toml").unlink()
    out = data.parent / "other.db"
    build(data, out)
    return out


@pytest.fixture
def recorder():
    """A panel class that records every call of the Panel contract it receives, in order."""
    from karabakh_desktop.gui.panels import Panel

    class Recorder(Panel):
        panel_id = "recorder"

        def __init__(self, session):
            super().__init__(session)
            self.calls = []

        def on_selection(self, touch, change):
            self.calls.append(("selection", tuple(sorted(touch.selected))))

        def on_time_window(self, window):
            self.calls.append(("time", window, self.session.time_window_origin))

        def on_naming(self, choice):
            self.calls.append(("naming", choice))

        def on_theme(self, theme_name):
            self.calls.append(("theme", theme_name))

        def on_user_data(self, kind, item_id):
            self.calls.append(("user", kind, item_id))

        def highlight_level(self, item):
            return 2 if ("selection", (item,)) in self.calls else None

    return Recorder


@pytest.fixture
def nobody_folder(built_store):
    """A folder owned by the unprivileged user `nobody` (pytest's tmp is root's, closed to it)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a case as `nobody`")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed")
    probe = subprocess.run([*NOBODY, sys.executable, "-c", "import karabakh_desktop"], capture_output=True,
                           cwd="/", timeout=60)
    if probe.returncode != 0:
        pytest.skip(f"`nobody` cannot run this checkout's Python: {probe.stderr.decode()[-200:]}")
    folder = Path(tempfile.mkdtemp(prefix="kd-nobody-"))
    os.chown(folder, 65534, 65534)
    yield folder
    os.chmod(folder, 0o700)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def store_in_read_only_folder(nobody_folder, built_store) -> Path:
    """A copy of the store, owned by `nobody`, in a folder `nobody` cannot write (a read-only medium)."""
    folder = nobody_folder / "ro"
    folder.mkdir()
    db = folder / "kb.db"
    shutil.copyfile(built_store, db)
    os.chown(db, 65534, 65534)
    os.chmod(folder, 0o555)
    return db
