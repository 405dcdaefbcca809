"""Starting the application: the QApplication, fonts, theme, the store, the first window.

A store that cannot be opened gets a dialog and the same message on the terminal; the file is
never touched. A read-only store opens read-only, with a dialog saying so. Ctrl+C in the
terminal closes the windows and quits cleanly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from .. import paths
from .errors import report_error
from .first_paint import pause_gc_until_painted

_windows: list = []  # open main windows (kept alive here; each owns its session)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Karabakh Desktop")
        app.setOrganizationName("karabakh-desktop")
        app.setDesktopFileName("karabakh-desktop")
    from . import theme

    if not app.property("kd_fonts"):
        app.setProperty("kd_fonts", ",".join(theme.register_fonts()))
    return app


def open_window(store_path: str | Path, *, show: bool = True):
    """A new main window with its own session on ``store_path``; None (after a dialog) on failure."""
    import sqlite3

    from ..core.store import StoreError, classify
    from .mainwindow import MainWindow
    from .session import Session

    try:
        session = Session(store_path)
    except StoreError as exc:
        report_error(exc.title, str(exc))
        return None
    except sqlite3.Error as exc:  # e.g. a store whose views call functions this app does not allow
        err = classify(exc, Path(store_path))
        report_error(err.title, str(err))
        return None
    win = MainWindow(session)
    if show:  # its panels are made and painted in show(): the collector waits (first_paint)
        pause_gc_until_painted(win)
    win.newWindowRequested.connect(lambda path, parent=win: _open_from(parent, path))  # the application opens
    same = [w for w in _windows if w.session.path.resolve() == session.path.resolve()]
    if same:  # two windows on one store are told apart in the task bar
        win.setWindowTitle(f"{win.windowTitle()} ({len(same) + 1})")
    _windows.append(win)
    win.destroyed.connect(lambda *_: _windows.remove(win) if win in _windows else None)
    if show:
        win.show()
    if session.read_only:
        win.setWindowTitle(f"{win.windowTitle()} (read-only)")
        report_error("Store is read-only", session.read_only, win, icon=QMessageBox.Warning)
    return win


def _open_from(parent, store_path: str):
    """A window asked for another: on the same store it opens showing what the first one shows
    (selection, time window, names), not "Nothing selected"."""
    win = open_window(store_path)
    if win is not None and win.session.path.resolve() == parent.session.path.resolve():
        src, dst = parent.session, win.session
        dst.set_naming(src.naming)
        dst.set_time_window(src.time_window, origin="window")
        if src.selection.items:
            dst.set_selection(src.selection.items, origin="window")
    return win


def quit_on_ctrl_c(app: QApplication) -> None:
    """Ctrl+C in the terminal closes the windows and quits. Python sees a signal only when it runs,
    so a short timer wakes it while Qt's event loop waits."""
    import signal

    from PySide6.QtCore import QTimer

    def on_sigint(*_):
        print("karabakh-desktop: interrupted (Ctrl+C): closing", file=sys.stderr)
        app.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGINT, on_sigint)
    timer = QTimer(app)
    timer.setObjectName("kd-sigint-wakeup")
    timer.timeout.connect(lambda: None)
    timer.start(200)


def run(db_path: Path | None = None, theme: str | None = None) -> int:
    app = application()
    from . import mainwindow
    from . import theme as themes

    name = theme or mainwindow.settings().value("theme", "light")
    themes.apply(app, name if name in themes.THEMES else "light")
    if db_path is None:
        import sqlite3

        from ..core.build import prepare_default_store
        from ..core.datafiles import DataError
        from ..core.store import StoreError, write_error

        where = paths.default_store()
        try:
            prepared = prepare_default_store(paths.data_dir(), where)
        except StoreError as exc:
            report_error(exc.title, str(exc))
            return 1
        except sqlite3.Error as exc:
            report_error("Cannot prepare the default store", write_error(exc, where))
            return 1
        except (DataError, OSError) as exc:
            report_error("Cannot prepare the default store", str(exc))
            return 1
        db_path = prepared.path
        if prepared.notice and not prepared.readonly:  # read-only: the window says so itself
            report_error("The default store was rebuilt", prepared.notice, icon=QMessageBox.Warning)
    if open_window(db_path) is None:
        return 1
    quit_on_ctrl_c(app)
    return app.exec()
