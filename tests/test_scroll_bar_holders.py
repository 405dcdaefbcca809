"""A scroll bar whose range or value a selection changes repaints in its opaque holder: not the panel
under it, nor the scroll area's frame or a splitter between them; and the window shows what a fresh
render of it shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QGraphicsView, QScrollBar


def _settle():
    for _ in range(4):
        QApplication.processEvents()


def test_a_scroll_bar_repaints_in_its_holder_and_the_screen_stays_a_fresh_render(window, qtbot):
    qtbot.waitExposed(window)
    window.resize(1366, 768)
    _settle()
    s = window.session
    areas = [a for a in window.findChildren(QAbstractScrollArea) if not isinstance(a, QGraphicsView)]
    holders = [bar.parentWidget() for area in areas  # (a graphics view's bars are never shown)
               for bar in (area.verticalScrollBar(), area.horizontalScrollBar())
               if bar.parentWidget() is not area and window.isAncestorOf(bar)]
    assert holders and all(h.autoFillBackground() for h in holders)
    painted: list[tuple[QObject, QRegion]] = []  # each paint: the widget, its region in the window

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Paint and obj.isWidgetType():
                painted.append((obj, event.region().translated(obj.mapTo(window, obj.rect().topLeft()))))
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    bars_painted = 0
    cells = sorted(i for i, k in s.catalog.kinds.items() if k == "cell")
    try:
        # texts of other heights in Details, the memo scrolled, the matrix scrolled to a cell
        for item in ["karabakh-armenians", cells[-1], "sentence:9", "seven-districts", cells[0], "russia"]:
            painted.clear()
            s.select(item)
            _settle()
            for bar, region in [(w, r) for w, r in painted if isinstance(w, QScrollBar)]:
                bars_painted += 1
                between = []  # the widgets from the bar's holder's parent up to the window
                w = bar.parentWidget().parentWidget()
                while w is not None and w is not window:
                    between.append(w)
                    w = w.parentWidget()
                under = [type(w).__name__ for w, r in painted if w in between and r.intersects(region)]
                assert under == [], (item, under)
            # (stale pixels stay stale: a wait lets only a pending repaint land)
            qtbot.waitUntil(lambda: _screen(window) == window.grab().toImage().convertToFormat(QImage.Format_RGB32),
                            timeout=3000)
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert bars_painted  # (the selections did move bars)


def _screen(window) -> QImage:
    return window.screen().grabWindow(window.winId()).toImage().convertToFormat(QImage.Format_RGB32)
