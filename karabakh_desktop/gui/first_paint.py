"""Work that waits until a widget has been painted once: what the first picture does not need.

Start-up is timed to the first complete paint of the window, and a Python thread started before
it (the network's background layout) takes the interpreter lock from the GUI thread while the
panels are built and painted: measured at 10,000 entities, it made the start ~30 % slower, and
twice that on one core. A :class:`PaintGate` holds such work until its widget has painted, or runs
it at the next turn of the event loop when no paint is coming (the widget is not shown, or sits
behind another tab).
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class PaintGate(QObject):
    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.widget = widget
        self.painted = False
        self._waiting: list[Callable[[], None]] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Paint and not self.painted:
            self.painted = True
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self._release)  # after this paint, not inside it
        return False

    def run(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` now if the widget has painted, else once it has (or when it turns out unseen)."""
        if self.painted:
            fn()
            return
        self._waiting.append(fn)
        QTimer.singleShot(0, self._release_if_unseen)

    def _release_if_unseen(self) -> None:
        w = self.widget
        if not w.isVisible() or w.visibleRegion().isEmpty():
            self._release()

    def _release(self) -> None:
        waiting, self._waiting = self._waiting, []
        for fn in waiting:
            fn()


def pause_gc_until_painted(widget: QWidget) -> None:
    """Hold Python's cyclic garbage collector until ``widget`` (a new window) has painted once and
    the application next waits for input.

    Building a window makes tens of thousands of objects that live as long as it does (widgets,
    items, the panels' models) and few cycles worth finding; the collector, set off by allocation
    counts, walks them again and again meanwhile: ~200 collections, one of them full, measured at
    ~45 ms of CPU of a 0.8 s start at memo scale. Held, it runs once, when the window is on screen
    and settled (the event loop is about to wait: what the first paint set off, such as the first
    layout's resize and repaint, is done). Reference counting frees everything else as usual; the
    collector also comes back if the window is never shown or is gone first.
    """
    if not gc.isenabled():
        return  # someone else holds it (another window opening, a caller of their own)
    gc.disable()
    state = {"resumed": False, "waiting_on": None}

    def resume(*_) -> None:
        if not state["resumed"]:
            state["resumed"] = True
            gc.enable()
        dispatcher, state["waiting_on"] = state["waiting_on"], None
        if dispatcher is not None:
            dispatcher.aboutToBlock.disconnect(resume)

    def when_idle() -> None:
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is None or state["resumed"]:
            resume()
        else:
            state["waiting_on"] = dispatcher
            dispatcher.aboutToBlock.connect(resume)

    widget.destroyed.connect(resume)
    PaintGate(widget).run(when_idle)
