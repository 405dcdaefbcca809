"""How a panel is declared and added: one spec per panel, one function that docks it.

Every panel is a :class:`Panel` built from the session alone. It subscribes to the session's
signals and draws; it changes the selection only through the session. The same small
interface lets the self-test, the exporter and the scene recorder treat all panels alike.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QToolBar, QVBoxLayout, QWidget

from .session import Session


class Panel(QWidget):
    panel_id = ""
    title = ""
    has_figure = False  # True: paint_figure draws the view (never widgets); exports go through it

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        session.selectionChanged.connect(self.on_selection)
        session.timeWindowChanged.connect(self.on_time_window)
        session.namingChanged.connect(self.on_naming)

    # --- what panels override ------------------------------------------------------------------
    def on_selection(self, touch, change) -> None:
        """Restyle for a new selection (``touch`` says what is strong, soft and dim)."""

    def on_time_window(self, window) -> None:
        """Show what is active in the window (None: no window)."""

    def on_naming(self, choice: str) -> None:
        """Relabel contested names."""

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

    def paint_figure(self, painter, rect) -> None:
        """Draw this view's content into ``rect`` of any painter (image, SVG, PDF) at any size, as the
        panel shows it now (extent, selection, looks); only when ``has_figure``."""
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


def panel_toolbar(widgets) -> QToolBar:
    """A panel's own row of controls. A tool bar rather than a layout, so that in a narrow dock
    (a 1366-pixel laptop) the controls that do not fit go behind its extension button instead of
    forcing the whole window wider. ``None`` in the list is a separator."""
    bar = QToolBar()
    bar.setIconSize(QSize(16, 16))
    bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
    bar.setStyleSheet("QToolBar { border: 0px; spacing: 3px; padding: 1px; }")
    for w in widgets:
        if w is None:
            bar.addSeparator()
        else:
            bar.addWidget(w)
    return bar


class PlaceholderPanel(Panel):
    """Holds the place of a panel whose issue has not landed yet."""

    def __init__(self, session: Session, parent: QWidget | None = None, *, what: str = ""):
        super().__init__(session, parent)
        lay = QVBoxLayout(self)
        label = QLabel(f"{what}\n\nThis panel is not built yet.")
        label.setAlignment(Qt.AlignCenter)
        label.setWordWrap(True)
        lay.addWidget(label)


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
    PanelSpec("timeline", "Timeline", "karabakh_desktop.gui.timeline_panel:TimelinePanel", Qt.BottomDockWidgetArea,
              "Ctrl+4"),
    PanelSpec("details", "Details", "karabakh_desktop.gui.details_panel:DetailsPanel", Qt.RightDockWidgetArea,
              "Ctrl+5"),
    PanelSpec("patterns", "Patterns", "karabakh_desktop.gui.patterns_panel:PatternsPanel", Qt.RightDockWidgetArea,
              "Ctrl+6"),
    PanelSpec("scenes", "Scenes", "karabakh_desktop.gui.scenes_panel:ScenesPanel", Qt.RightDockWidgetArea, "Ctrl+7"),
]


def make_panel(spec: PanelSpec, session: Session) -> Panel:
    module_name, cls_name = spec.target.split(":")
    try:
        cls = getattr(importlib.import_module(module_name), cls_name)
    except (ImportError, AttributeError):
        if module_name.rsplit(".", 1)[-1] in ("network_panel", "timeline_panel", "map_panel"):
            panel = PlaceholderPanel(session, what=spec.title)
            panel.panel_id, panel.title = spec.panel_id, spec.title
            return panel
        raise
    return cls(session)


def add_panel(window: QMainWindow, spec: PanelSpec, panel: Panel) -> QDockWidget:
    """Dock a panel under an object name, so ``saveState``/``restoreState`` find it again."""
    dock = QDockWidget(spec.title, window)
    dock.setObjectName(f"dock-{spec.panel_id}")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetClosable | QDockWidget.DockWidgetMovable |
                     QDockWidget.DockWidgetFloatable)
    window.addDockWidget(spec.area, dock)
    return dock
