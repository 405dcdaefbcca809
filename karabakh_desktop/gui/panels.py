"""How a panel is declared and added: one spec per panel, one function that docks it.

Every panel is a :class:`Panel` built from the session alone. It subscribes to the session's
signals and draws; it changes the selection only through the session. The same small
interface lets the self-test, the exporter and the scene recorder treat all panels alike.

The contract (views code against it):

- ``on_selection(touch, change)``, ``on_naming(choice)``;
- ``on_time_window(window)`` — one argument; who set it is ``self.session.time_window_origin``;
- ``on_theme(theme_name)`` and ``on_user_data(kind, item_id)`` — no-ops unless a panel needs them;
- ``on_knowledge(what)`` — the knowledge base changed: reload the panel's model from the store;
- ``export_zoom``, ``show_range(first, after)``, ``note_editor`` — what exports, the command line
  and the briefing ask of a panel.

A panel that its window hides (its dock closed, or tabbed behind another) does no work for a
selection, a time window, a naming choice or a theme: it notes what it missed and, when it is
shown, catches up once, with the session's values at that moment. Whatever reads a panel
(``highlight_level``, ``paint_figure``, ``legend``, ``view_state``, ``selftest_pick``,
``export_widget``) brings it up to date first (:meth:`Panel.catch_up`), so a hidden panel is never
read stale. Only a docked panel waits: one outside a dock (a briefing's board, an export's twin,
a panel in a test) never does.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QGraphicsView, QMainWindow, QToolBar, QWidget

from . import theme
from .qt_imports import wrap_children
from .session import Session


class Panel(QWidget):
    panel_id = ""
    title = ""
    has_figure = False  # True: paint_figure draws the view (never widgets); exports go through it
    # A slide lays a panel out at 1/export_zoom of its body and draws it export_zoom times larger, so
    # its type stays legible; a panel that holds several others (a scene board) uses 1.
    export_zoom = 1.25
    note_editor = None  # a panel with a notes editor (Details) sets it; a briefing hides it

    # What reads a panel from outside: each brings a hidden panel up to date first.
    READERS = ("highlight_level", "paint_figure", "legend", "view_state", "selftest_pick", "export_widget")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in Panel.READERS:
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, "_catches_up", False):
                setattr(cls, name, _catching_up(method))

    # QSize: while a panel is made for a shown dock, the room the dock gives it (make_panel's ``size``),
    # else None. A panel that lays something out in its constructor (the memo's text) can lay it out at
    # the width it will show; lazy_panels sizes the panel itself once it is made.
    made_at = None

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        # Opaque: a repaint inside the panel stops at it, rather than repainting its dock's title bar
        # and the window behind it first (~0.7 ms of every selection at memo scale).
        self.setAutoFillBackground(True)
        self._missed: dict[str, tuple] = {}  # what changed while hidden: kind -> the latest arguments
        # Known to be shown in its dock until that dock's visibility changes (a tab raised or put
        # behind, the dock closed or shown, the window shown or hidden): see hidden_in_window.
        self._known_shown = False
        self._watched_dock: QDockWidget | None = None
        session.selectionChanged.connect(self._take_selection)
        session.timeWindowChanged.connect(self._take_time_window)
        session.namingChanged.connect(self._take_naming)
        session.themeChanged.connect(self._take_theme)
        session.userDataChanged.connect(self.on_user_data)
        session.knowledgeChanged.connect(self.on_knowledge)

    def disconnect_session(self) -> None:
        """Stop following the selection, time window and naming (an export's twin is synced when used)."""
        s = self.session
        for sig, slot in ((s.selectionChanged, self._take_selection), (s.timeWindowChanged, self._take_time_window),
                          (s.namingChanged, self._take_naming)):
            sig.disconnect(slot)

    # --- hidden panels wait --------------------------------------------------------------------
    def hidden_in_window(self) -> bool:
        """True when this panel is docked in a shown main window but not shown itself: its dock closed,
        or tabbed behind another (Qt keeps such a dock "visible", under the one in front, so what
        counts there is its visible region). A panel outside a dock (a briefing's board, an export's
        twin, a panel in a test) never is: it does its work as changes come.

        Every change asks this of every panel, and the full answer (the dock found, the tabs asked,
        the visible region computed) cost ≈ 0.1 ms of each selection at memo scale for the eight
        panels. A panel found shown in its dock is known shown until the dock's visibility changes
        (Qt says so for a tab raised or put behind, a dock closed or shown, the window shown or
        hidden), as long as it stays visible itself. Were a change ever missed, the panel would do
        work it could have left for later, never show stale content."""
        if self._known_shown and self.isVisible():
            return False
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        main = dock.parentWidget() if dock is not None else None
        if not isinstance(main, QMainWindow) or not main.isVisible():
            return False
        if not self.isVisible():
            return True
        if main.tabifiedDockWidgets(dock) and self.visibleRegion().isEmpty():
            return True
        if dock is not self._watched_dock:
            if self._watched_dock is not None:
                with contextlib.suppress(RuntimeError):  # (that dock may be gone)
                    self._watched_dock.visibilityChanged.disconnect(self._forget_shown)
            dock.visibilityChanged.connect(self._forget_shown)
            self._watched_dock = dock
        self._known_shown = True
        return False

    def _forget_shown(self, _visible: bool = False) -> None:
        self._known_shown = False

    def _take(self, kind: str, slot, *args) -> None:
        if self.hidden_in_window():
            self._missed[kind] = args
            return
        self._missed.pop(kind, None)
        if self._missed:  # shown again without a show event: catch up on the rest first
            self.catch_up()
        slot(*args)

    def _take_selection(self, touch, change) -> None:
        self._take("selection", self.on_selection, touch, change)

    def _take_time_window(self, window) -> None:  # Qt passes the window, not the origin
        self._take("time", self.on_time_window, window)

    def _take_naming(self, choice: str) -> None:
        self._take("naming", self.on_naming, choice)

    def _take_theme(self, name: str) -> None:
        self._take("theme", self.on_theme, name)

    def catch_up(self) -> None:
        """Apply, once, what changed while this panel was hidden (the session's values now)."""
        missed, self._missed = self._missed, {}
        if not missed:
            return
        s = self.session
        if "theme" in missed:
            self.on_theme(*missed["theme"])
        if "naming" in missed:
            self.on_naming(s.naming)
        if "time" in missed:
            self.on_time_window(s.time_window)
        if "selection" in missed:
            self.on_selection(s.touch, None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.catch_up()
        super().showEvent(event)

    # --- what panels override ------------------------------------------------------------------
    def on_selection(self, touch, change) -> None:
        """Restyle for a new selection (``touch`` says what is strong, soft and dim)."""

    def on_time_window(self, window) -> None:
        """Show what is active in the window (None: no window)."""

    def on_naming(self, choice: str) -> None:
        """Relabel contested names."""

    def on_theme(self, theme_name: str) -> None:
        """Redraw in the new theme's colours (``theme.current()``)."""

    def on_user_data(self, kind: str, item_id) -> None:
        """The analyst's scenes (``kind = "scene"``) or notes on ``item_id`` (``"note"``) changed."""

    def on_knowledge(self, what: str) -> None:
        """The knowledge base changed (``"items"``, ``"evidence"``, ``"mentions"`` or ``"documents"``):
        reload what this panel shows from the store. The catalog is already re-read; the selection is restyled after."""

    def show_range(self, first, after) -> None:
        """Show the days ``[first, after)`` (panels with a time axis); others ignore it."""

    def highlight_level(self, item: str) -> int | None:
        """How strongly this panel currently draws ``item`` (2 strong, 1 soft, 0 dim), read from what
        it draws; None when it does not show that item at all. The self-test relies on it."""
        return None

    def selftest_pick(self) -> str | None:
        """Make a selection the way a user would in this panel (through its own click handler);
        return the item selected, or None if this panel has nothing to select."""
        return None

    def export_widget(self) -> QWidget:
        """The widget whose pixels represent this panel in an image export."""
        return self

    def paint_figure(self, painter, rect, view=None) -> None:
        """Draw this view's content into ``rect`` of any painter (image, SVG, PDF) at any size, as the
        panel shows it now (extent, selection, looks), or over ``view`` (the panel's own ranges, e.g.
        a slide's framing); only when ``has_figure``."""
        raise NotImplementedError

    def graphics_item(self):
        """A pyqtgraph item or scene for vector export (SVG/PDF), or None for pixel-only panels."""
        return None

    def legend(self) -> list[tuple[str, str]]:
        """(colour, meaning) pairs for the exported legend."""
        return []

    def view_state(self) -> dict:
        """What a scene records of this panel (extent, focus, layout…)."""
        return {}

    def restore_view_state(self, state: dict) -> None:
        """Apply what :meth:`view_state` returned."""


def _catching_up(method):
    @functools.wraps(method)
    def reader(self, *args, **kwargs):
        self.catch_up()
        return method(self, *args, **kwargs)

    reader._catches_up = True
    return reader


def panel_toolbar(widgets) -> QToolBar:
    """A panel's own row of controls. A tool bar rather than a layout, so that in a narrow dock
    (a 1366-pixel laptop) the controls that do not fit go behind its extension button instead of
    forcing the whole window wider. ``None`` in the list is a separator."""
    bar = QToolBar()
    bar.setIconSize(QSize(16, 16))
    bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
    bar.setStyleSheet("QToolBar { border: 0px; spacing: 3px; padding: 1px; }")
    theme.keep_sheet(bar)
    for w in widgets:
        if w is None:
            bar.addSeparator()
        else:
            bar.addWidget(w)
    return bar


@dataclass(frozen=True)
class PanelSpec:
    panel_id: str
    title: str
    target: str  # "module:Class", imported when the panel is made
    area: Qt.DockWidgetArea
    shortcut: str = ""


PANELS = [
    PanelSpec("memo", "Memo", "karabakh_desktop.gui.memo_panel:MemoPanel", Qt.LeftDockWidgetArea, "Ctrl+1"),
    PanelSpec("network", "Network", "karabakh_desktop.gui.views.network.panel:NetworkPanel", Qt.TopDockWidgetArea,
              "Ctrl+2"),
    PanelSpec("map", "Map", "karabakh_desktop.gui.views.map.panel:MapPanel", Qt.TopDockWidgetArea, "Ctrl+3"),
    PanelSpec("timeline", "Timeline", "karabakh_desktop.gui.views.timeline.panel:TimelinePanel", Qt.BottomDockWidgetArea,
              "Ctrl+4"),
    PanelSpec("details", "Details", "karabakh_desktop.gui.details_panel:DetailsPanel", Qt.RightDockWidgetArea,
              "Ctrl+5"),
    PanelSpec("patterns", "Patterns", "karabakh_desktop.gui.patterns_panel:PatternsPanel", Qt.RightDockWidgetArea,
              "Ctrl+6"),
    PanelSpec("scenes", "Scenes", "karabakh_desktop.gui.scenes_panel:ScenesPanel", Qt.RightDockWidgetArea, "Ctrl+7"),
    PanelSpec("documents", "Documents", "karabakh_desktop.gui.documents_panel:DocumentsPanel", Qt.RightDockWidgetArea,
              "Ctrl+8"),
]


def make_panel(spec: PanelSpec, session: Session, size=None) -> Panel:
    """Import the panel's module (on first use: start-up stays lean) and build the panel (at ``size``, a
    QSize, when the room it will have is known: ``Panel.made_at``). An import error is a bug and is
    raised, never hidden behind a placeholder."""
    module_name, cls_name = spec.target.split(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    Panel.made_at = size
    try:
        panel = cls(session)
    finally:
        Panel.made_at = None
    opaque_scroll_bar_holders(panel)
    return panel


def opaque_scroll_bar_holders(widget: QWidget) -> None:
    """Make the holders Qt puts a scroll area's bars in opaque (filled in the window's colour, as the
    panel under them is). A bar repaints whenever its range or value changes (a new text in Details,
    the memo scrolled to a passage, the matrix scrolled to a cell): a holder that is not opaque had
    Qt paint, under the bar, the panel's background, then every widget between it and the bar (the
    scroll area's frame, a splitter), each a paint event of its own. The bar covers its holder, so
    the window shows the same pixels."""
    for area in widget.findChildren(QAbstractScrollArea):
        if isinstance(area, QGraphicsView):  # its bars are never shown (and not made until asked for)
            continue
        wrap_children(area)  # its bars' holders typed as they are: see qt_imports.wrap_children
        for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
            holder = bar.parentWidget()
            if holder is not None and holder is not area:  # (a bar put in place of Qt's is left as it is)
                holder.setAutoFillBackground(True)


def add_panel(window: QMainWindow, spec: PanelSpec, panel: QWidget, on_shown=None) -> QDockWidget:
    """Dock a panel (or a stand-in for one: ``lazy_panels``) under an object name, so
    ``saveState``/``restoreState`` find it again. ``on_shown()`` runs whenever the dock is shown or
    its tab brought to the front (by default the panel catches up on what it missed)."""
    dock = QDockWidget(spec.title, window)
    dock.setObjectName(f"dock-{spec.panel_id}")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetClosable | QDockWidget.DockWidgetMovable |
                     QDockWidget.DockWidgetFloatable)
    window.addDockWidget(spec.area, dock)
    # A tab brought to the front shows its panel without a show event: catch up here.
    on_shown = on_shown or panel.catch_up
    dock.visibilityChanged.connect(lambda on: on and on_shown())
    return dock
