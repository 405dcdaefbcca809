"""The window's panels, each made when its dock is first shown (or when something first asks for it).

A panel behind a tab (Scenes, Documents) or in a closed dock costs nothing at start-up: its dock
holds an empty stand-in until Qt shows the dock — when the window opens with it in front, when its
tab is raised, when View ▸ Panels or Ctrl+Shift+N opens it. Qt shows the docks in front inside
``QMainWindow.show()``, so those panels are made before the first paint and are in it. Whatever
asks for a panel by id (``window.panels["scenes"]``: scenes, exports, the self-test, tests) gets it
made on the spot. A panel made late starts from the session's selection, time window and names,
as every panel does when it is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from .panels import Panel, PanelSpec, add_panel, make_panel
from .session import Session


class LazyPanels(Mapping):
    """Panel id -> panel, for every declared panel; reading one makes it. ``pid in panels`` and
    :meth:`peek` never make one; iterating the values or items makes them all."""

    def __init__(self, window: QMainWindow, session: Session, specs: list[PanelSpec],
                 on_made: Callable[[str, Panel], None]):
        self._window, self._session = window, session
        self._specs = {s.panel_id: s for s in specs}
        self._made: dict[str, Panel] = {}
        self._on_made = on_made

    def __getitem__(self, pid: str) -> Panel:
        panel = self._made.get(pid)
        return panel if panel is not None else self._make(self._specs[pid])

    def __setitem__(self, pid: str, panel: Panel) -> None:  # a panel rebuilt in its dock (knowledge_ui)
        self._made[pid] = panel

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, pid) -> bool:
        return pid in self._specs

    def peek(self, pid: str) -> Panel | None:
        """The panel if it has been made, else None (never makes it)."""
        return self._made.get(pid)

    @property
    def made(self) -> dict[str, Panel]:
        return dict(self._made)

    def dock(self, spec: PanelSpec) -> QDockWidget:
        """A dock for ``spec`` holding a stand-in; its panel is made when the dock is first shown
        (then, on each showing, it catches up on what it missed while hidden)."""
        return add_panel(self._window, spec, QWidget(), lambda pid=spec.panel_id: self[pid].catch_up())

    def _make(self, spec: PanelSpec) -> Panel:
        dock = self._window.docks[spec.panel_id]
        stand_in = dock.widget()
        # The room the dock gives its widget, which the stand-in has been laid out to: a panel put in the
        # dock at Qt's default size (640×480) laid out its views at that size first — the memo's text,
        # the views' ranges, the legends — and again at the dock's. Made at it (Panel.made_at), the memo
        # lays its text out at its own width from the start.
        shown = stand_in is not None and dock.isVisible()
        panel = make_panel(spec, self._session, stand_in.size() if shown else None)
        self._made[spec.panel_id] = panel
        if stand_in is not None:
            panel.setMinimumWidth(max(panel.minimumWidth(), stand_in.minimumWidth()))  # window_layout's
            if shown:
                # as it is now: making a panel can move the window's docks (a status message of its own)
                panel.resize(stand_in.size())
            stand_in.deleteLater()
        dock.setWidget(panel)
        if dock.isVisible():
            panel.show()  # in a shown dock Qt would show it only at the next turn of the event loop
        self._on_made(spec.panel_id, panel)
        return panel
