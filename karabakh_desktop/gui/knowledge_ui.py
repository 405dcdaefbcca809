"""What the window adds for the analyst's own knowledge: File ▸ Import Document…, View ▸ Count
Suggested Mentions, Edit ▸ Conflicts…, and the one reload path after a knowledge edit.

Panels whose model is cheap to re-read reload in place (``Panel.on_knowledge``). The map, the
timeline and the patterns matrix build their whole scene from the store when made, so after an
edit of items the window makes them again from the session and puts them in the same dock with
the same view (``view_state``): a new place is on the map, a new event on the timeline, at once.
"""

from __future__ import annotations

from .panels import PANELS, make_panel

# Rebuilt from the store after an edit of items of these kinds (None: of any kind).
REBUILT = {"map": {"place", "actor", "event"},  # places, their actors and events
           "timeline": {"event", "relation", "actor", "place"},  # events, periods, participants, names
           "patterns": {"pattern", "cell", "place", "actor"}}


def install(window) -> None:
    window.session.knowledgeChanged.connect(lambda what: rebuild_panels(window, what))


def rebuild_panels(window, what: str) -> None:
    if what != "items":
        return
    specs = {s.panel_id: s for s in PANELS}
    kinds = window.session.changed_kinds
    for pid, depends in REBUILT.items():
        if kinds is not None and not kinds & depends:
            continue
        old, dock = window.panels.peek(pid), window.docks.get(pid)  # one not made yet is made anew anyway
        if old is None or dock is None or dock.widget() is not old:
            continue
        state = old.view_state()
        new = make_panel(specs[pid], window.session)
        if state:
            new.restore_view_state(state)
        dock.setWidget(new)
        window.panels[pid] = new
        old.disconnect_session()
        for sig, slot in ((window.session.themeChanged, old._take_theme),
                          (window.session.userDataChanged, old.on_user_data),
                          (window.session.knowledgeChanged, old.on_knowledge)):
            sig.disconnect(slot)
        old.deleteLater()


def import_document(window, path=None, *, settings=None, ask: bool = True, meta: dict | None = None):
    """File ▸ Import Document… (the file dialog remembers its folder in ``settings``); with ``path``,
    that file (``ask=False``: no form, ``meta`` as given)."""
    from . import import_flow  # the importers and their forms: only when a document is imported

    if path is None:
        return import_flow.ask_and_import(window.session, window, settings)
    flow = import_flow.ImportFlow(window.session, path, window, ask=ask, meta=meta)
    flow.start()
    return flow


def show_conflicts(window):
    """Edit ▸ Conflicts…: the analyst's edits that the shipped data has changed under, each kept or dropped."""
    from .conflicts_dialog import ConflictsDialog

    dialog = ConflictsDialog(window.session, window)
    dialog.show()
    return dialog
