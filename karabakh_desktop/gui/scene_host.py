"""What a window lends to the Scenes panel and the briefing: its panels and docks, capturing the
window as a :class:`SceneState`, applying one, presenting, and a place for messages.

The Scenes panel and the briefing hold a :class:`SceneHost`; they never search for their window
or attach attributes to it. A host of the session alone (this base class) serves a Scenes panel
outside a window: it captures and applies the session's state and no panel views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .panels import Panel

if TYPE_CHECKING:  # scenes are captured and applied on request: core.scene_state is imported then
    from ..core.scene_state import SceneState


class SceneHost:
    def __init__(self, session):
        self.session = session

    # --- what a window overrides ------------------------------------------------------------------
    def panels(self) -> dict[str, Panel]:
        """The panels whose views a scene records and restores, by id."""
        return {}

    def docks(self) -> dict:
        """The dock of each panel, by id: which are open and which are on screen."""
        return {}

    def present(self, scene_id: int | None) -> None:
        """Start a briefing at ``scene_id`` (a window opens one full screen)."""
        self.message("Briefings are presented from the main window (F5).")

    def export_deck(self) -> None:
        """Export the saved scenes as a deck (a window asks where, and in which format)."""
        self.message("Decks are exported from the main window (File ▸ Export Scenes…).")

    def message(self, text: str) -> None:
        self.session.status.emit(text)

    # --- capturing and applying ---------------------------------------------------------------------
    def capture(self) -> SceneState:
        return capture_state(self.session, self.panels(), self.docks())

    def apply(self, state: SceneState) -> None:
        apply_state(self.session, state, panels=self.panels(), docks=self.docks())


def capture_state(session, panels: dict[str, Panel] | None = None, docks: dict | None = None) -> SceneState:
    """The session's selection, time window and naming, each panel's view and which docks are open
    and on screen."""
    from ..core.scene_state import NOT_RECORDED, SceneState

    views = {}
    for pid, panel in (panels or {}).items():
        if pid not in NOT_RECORDED:
            view = panel.view_state()
            if view:
                views[pid] = view
    opened, shown = [], []
    for pid, dock in (docks or {}).items():
        if pid in NOT_RECORDED:
            continue
        if dock.toggleViewAction().isChecked():
            opened.append(pid)
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            shown.append(pid)
    return SceneState(tuple(session.selection.items), session.time_window, session.naming, views, tuple(opened),
                      tuple(shown))


def apply_state(session, state: SceneState, *, panels: dict[str, Panel] | None = None,
                docks: dict | None = None) -> None:
    """Put a scene's state on a session and (optionally) on panels and docks. Ids that no longer exist
    (after a rebuild) are skipped by the session; a view that a panel cannot read (a hand-edited store)
    is skipped, and the rest of the scene still applies."""
    from ..core.scene_state import NOT_RECORDED

    if state.naming is not None:
        session.set_naming(state.naming)
    session.set_time_window(state.time_window, origin="scene")
    session.set_selection(state.selection, origin="scene")
    if docks and state.open:
        for pid, dock in docks.items():
            if pid not in NOT_RECORDED:
                dock.setVisible(pid in state.open)
        for pid in state.shown:
            if pid in docks:
                docks[pid].raise_()
    for pid, view in state.views.items():
        panel = (panels or {}).get(pid)
        if panel is not None:
            try:
                panel.restore_view_state(view)
            except (TypeError, ValueError, KeyError, IndexError):  # malformed values in the stored JSON
                session.status.emit(f"The scene's {pid} view could not be read; the rest was applied.")
