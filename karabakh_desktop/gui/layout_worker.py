"""A force-directed layout computed off the GUI thread, one iteration at a time, so that it can
report progress and stop when asked while the window stays responsive.

The worker only sees a networkx graph it is handed (never the store: the GUI thread caches the
result). The numpy steps release the GIL for most of their time.
"""

from __future__ import annotations

import os
import sys
import threading

from PySide6.QtCore import QObject, QThread, Signal

from ..core import graph

BACKGROUND_NICE = 10  # the layout's thread yields a busy core to the window (a selection, a paint)


def _run_in_background() -> int | None:
    """Lower this thread's scheduling priority (Linux sets a nice value per thread) and return it.

    On a laptop's busy core, or pinned to one, the layout's numpy steps otherwise take half the core
    from the window while it answers a selection (at 10,000 entities: ~85 → ~55 ms a selection, one
    core). The layout still has every idle cycle. Elsewhere (where a thread id is no process id) nothing.
    """
    if not sys.platform.startswith("linux") or threading.current_thread() is threading.main_thread():
        return None
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, max(os.getpriority(os.PRIO_PROCESS, tid), BACKGROUND_NICE))
        return os.getpriority(os.PRIO_PROCESS, tid)
    except OSError:
        return None


class LayoutWorker(QObject):
    progress = Signal(int, int)  # (iterations done, total)
    finished = Signal(dict)  # positions, normalised
    cancelled = Signal(dict)  # the positions reached so far

    def __init__(self, g, *, seed: int = 7, initial=None, fixed=frozenset()):
        super().__init__()
        self.g, self.seed, self.initial, self.fixed = g, seed, initial, fixed
        self._stop = threading.Event()
        self.nice: int | None = None  # the thread's nice value while it ran (Linux)

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        self.nice = _run_in_background()
        nodes, pos = [], None
        last = -1
        for done, total, nodes, pos in graph.spring_steps(self.g, self.seed, initial=self.initial, fixed=self.fixed):
            if self._stop.is_set():
                self.cancelled.emit(self._as_dict(nodes, pos))
                return
            pct = done * 100 // max(total, 1)
            if pct != last:  # at most 100 signals, whatever the number of iterations
                last = pct
                self.progress.emit(done, total)
        self.finished.emit(self._as_dict(nodes, pos))

    def _as_dict(self, nodes, pos) -> dict:
        if pos is None:
            return {}
        if not self.fixed:
            pos = graph.normalise(pos)
        return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, pos)}


class LayoutJob(QObject):
    """One worker on its own thread; owns both and cleans up after itself."""

    progress = Signal(int, int)
    finished = Signal(dict)
    cancelled = Signal(dict)

    def __init__(self, g, parent: QObject | None = None, **kwargs):
        super().__init__(parent)
        self.thread = QThread()
        self.worker = LayoutWorker(g, **kwargs)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self.progress)
        self.worker.finished.connect(self._done)
        self.worker.cancelled.connect(self._stopped)
        self.running = False

    def start(self) -> None:
        self.running = True
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def wait(self, ms: int = 30000) -> bool:
        self.thread.quit()
        return self.thread.wait(ms)

    def _done(self, pos: dict) -> None:
        self._end()
        self.finished.emit(pos)

    def _stopped(self, pos: dict) -> None:
        self._end()
        self.cancelled.emit(pos)

    def _end(self) -> None:
        self.running = False
        self.thread.quit()
        self.thread.wait()
