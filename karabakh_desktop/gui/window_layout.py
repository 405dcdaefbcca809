"""Where the first window goes and how its docks share the space (Qt geometry only, no panels).

A first start fits the screen it opens on, frame included: on a 1366x768 laptop the whole window
(title bar and status bar) is on the screen; on a screen of 1600 pixels or more it takes most of
it. The space goes to what is looked at: the network and the map get the middle, the memo a
readable column, Details a narrow column (never below its minimum width) over Patterns, so a
pattern cell and its evidence are seen together; the timeline runs along the bottom.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QMainWindow, QWidget

# Until the window manager has framed the window its frame is unknown: assume a usual one (a title
# bar and thin borders); the first show measures the real one and fits again.
ASSUMED_FRAME = QMargins(4, 32, 4, 4)
WIDE = 1600  # from this screen width the first window takes most of the screen, not a laptop's size
WIDE_SHARE = 0.92

# Shares of the width: memo | network | map | details (the right column); of the height: the top
# row | the timeline. Details over Patterns/Scenes in the right column.
WIDTHS = {"memo": 0.22, "network": 0.30, "map": 0.29, "details": 0.19}
TIMELINE_SHARE = 0.34
DETAILS_SHARE = 0.55
MIDDLE = ("memo", "network", "map")  # who shares a change of the window's width
MIN_WIDTHS = {"memo": 220, "network": 240, "map": 220, "details": 210, "patterns": 210, "scenes": 210,
              "documents": 210, "timeline": 400}


def first_geometry(available: QRect, frame: QMargins = ASSUMED_FRAME) -> QRect:
    """The client rectangle of a first window on a screen whose free area is ``available``, such
    that the window *with its frame* lies inside it: the whole free area below ``WIDE`` pixels,
    ``WIDE_SHARE`` of it (centred) from there on."""
    outer_w, outer_h = available.width(), available.height()
    if outer_w >= WIDE:
        outer_w, outer_h = int(outer_w * WIDE_SHARE), int(outer_h * WIDE_SHARE)
    w = max(200, outer_w - frame.left() - frame.right())
    h = max(200, outer_h - frame.top() - frame.bottom())
    x = available.x() + (available.width() - outer_w) // 2 + frame.left()
    y = available.y() + (available.height() - outer_h) // 2 + frame.top()
    return QRect(x, y, w, h)


def frame_margins(window: QMainWindow) -> QMargins:
    """The frame the window manager gave the window (the assumed one before it has any)."""
    fg, g = window.frameGeometry(), window.geometry()
    m = QMargins(g.left() - fg.left(), g.top() - fg.top(), fg.right() - g.right(), fg.bottom() - g.bottom())
    return m if (m.top() > 0 or m.left() > 0) else ASSUMED_FRAME


def place_first(window: QMainWindow, available: QRect | None = None) -> QRect:
    """Put a first window where :func:`first_geometry` says on its screen (or on ``available``)."""
    if available is None:
        screen = window.screen()
        available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)
    rect = first_geometry(available, frame_margins(window))
    window.setGeometry(rect)
    return rect


def refit_if_outside(window: QMainWindow) -> None:
    """Place the first window again if its frame (now known) sticks out of its screen."""
    screen = window.screen()
    if screen is not None and not window.isMaximized() and \
            not screen.availableGeometry().contains(window.frameGeometry()):
        place_first(window, screen.availableGeometry())


def arrange(window: QMainWindow, docks: dict) -> None:
    """Memo on the left, network and map in the middle, Details over Patterns (tabbed with Scenes)
    on the right, full height; the timeline along the bottom under the memo, network and map."""
    d = docks
    window.setCorner(Qt.BottomLeftCorner, Qt.BottomDockWidgetArea)
    window.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
    window.setCorner(Qt.TopLeftCorner, Qt.LeftDockWidgetArea)
    window.setCorner(Qt.TopRightCorner, Qt.RightDockWidgetArea)
    window.addDockWidget(Qt.LeftDockWidgetArea, d["memo"])
    window.addDockWidget(Qt.RightDockWidgetArea, d["details"])
    window.splitDockWidget(d["details"], d["patterns"], Qt.Vertical)
    if "scenes" in d:
        window.tabifyDockWidget(d["patterns"], d["scenes"])
    if "documents" in d:  # the analyst's documents (issue 15), a tab beside them
        window.tabifyDockWidget(d["patterns"], d["documents"])
    d["patterns"].raise_()
    window.splitDockWidget(d["memo"], d["network"], Qt.Horizontal)
    window.splitDockWidget(d["network"], d["map"], Qt.Horizontal)
    window.addDockWidget(Qt.BottomDockWidgetArea, d["timeline"])
    for key, w in MIN_WIDTHS.items():
        if key in d:
            d[key].widget().setMinimumWidth(w)


def default_sizes(window: QMainWindow, docks: dict) -> None:
    """Dock sizes as shares of the window (Qt applies them once the window is laid out)."""
    d = docks
    w, h = max(window.width(), 800), max(window.height(), 500)
    names = [k for k in WIDTHS if k in d]
    window.resizeDocks([d[k] for k in names], [max(MIN_WIDTHS.get(k, 0), int(w * WIDTHS[k])) for k in names],
                       Qt.Horizontal)
    window.resizeDocks([d["memo"], d["timeline"]], [int(h * (1 - TIMELINE_SHARE)), int(h * TIMELINE_SHARE)],
                       Qt.Vertical)
    window.resizeDocks([d["details"], d["patterns"]], [int(h * DETAILS_SHARE), int(h * (1 - DETAILS_SHARE))],
                       Qt.Vertical)


class DetailsWidthKeeper(QObject):
    """When the window's width changes, Details keeps its width and the change goes to the memo,
    the network and the map in the shares of ``WIDTHS``. Without it Qt gives all of it to the right
    column (there is no central widget to take it).

    Deterministic, no timers: Qt lays the docks out for the new size before the window's resize
    event reaches this filter, so a width Details gets while the window's size is unchanged is the
    user's (a splitter drag, a restored layout) and is remembered; a width it gets from a window
    resize is put back with ``resizeDocks``."""

    def __init__(self, window: QMainWindow, docks: dict):
        super().__init__(window)
        self.window, self.docks = window, docks
        self.width = 0  # Details' width as last set by the user or by this keeper
        self.laid_size = QSize()  # the window size the docks were last shared out for
        window.installEventFilter(self)
        if "details" in docks:
            docks["details"].installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Resize:
            if obj is self.window:
                old, self.laid_size = self.laid_size, self.window.size()
                if self.width and old.isValid() and old.width() != self.laid_size.width():
                    share_width_change(self.window, self.docks, self.width)
            elif obj is self.docks.get("details") and self.window.size() == self.laid_size:
                self.width = obj.width()
        return False


def _docked(window: QMainWindow, dock) -> bool:
    return dock.isVisible() and not dock.isFloating() and not window.isMinimized()


def share_width_change(window: QMainWindow, docks: dict, details_width: int) -> bool:
    """Put Details back to ``details_width`` and give what it gained (or lost) to the visible memo,
    network and map in the shares of ``WIDTHS``. False when there is nothing to move."""
    det = docks.get("details")
    mids = [k for k in MIDDLE if k in docks and _docked(window, docks[k])]
    if det is None or not _docked(window, det) or not mids:
        return False
    extra = det.width() - details_width
    if extra == 0:
        return False
    total = sum(WIDTHS[k] for k in mids)
    sizes = [docks[k].width() + round(extra * WIDTHS[k] / total) for k in mids]
    window.resizeDocks([docks[k] for k in mids] + [det], sizes + [details_width], Qt.Horizontal)
    return True


class Quiet(QWidget):
    """Holds one widget whose content changes often (the status bar's selection line) and keeps its
    changes to itself. A new text asks the label's parent to lay out again; in a layout that request
    climbs to the window (Qt's QLayout::activate ends with the parent's updateGeometry): the status
    bar re-lays out and repaints all of its 17 widgets, then the main window lays out every dock
    again — per selection. Here the label has no layout above it: it is sized to this holder, whose
    own size hint never changes, and only the label repaints.

    The child is held at a fixed size (the holder's): a widget whose minimum and maximum sizes are
    equal posts no layout request to its parent when its content changes, so a new text is one
    event fewer; and it is opaque (it fills its own background, in the holder's colours), so its
    repaint stops at it and the holder is not painted under it. Together ≈ 0.08 ms of each
    selection for the status bar's line alone."""

    def __init__(self, child: QWidget):
        super().__init__()
        self.child = child
        child.setParent(self)
        self.setSizePolicy(child.sizePolicy())
        self.setMinimumSize(child.minimumSize())
        self._hint = child.sizeHint().expandedTo(child.minimumSizeHint())
        self.setAutoFillBackground(True)  # opaque: the label's repaint stops here, not in the window behind
        child.setAutoFillBackground(True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.minimumSize()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.child.move(0, 0)
        self.child.setFixedSize(self.size())
