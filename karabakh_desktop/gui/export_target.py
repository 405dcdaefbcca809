"""Which view File ▸ Export ▸ Export Panel… (Ctrl+E) takes, and its menu text that names it.

Apart from the slides package (``slides.dialogs``) so that the window's menu can follow the focus
without importing the export code at start-up.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from .panels import Panel

SLIDE_VIEWS = ("network", "map", "timeline", "memo", "patterns")  # what a slide can be of


def current_panel(panels: dict[str, Panel], *, make: bool = True) -> Panel | None:
    """The view Ctrl+E exports: the focused one if it makes a slide (not the Scenes list, say), else
    the first visible big view, else (``make``) the first big view, made if the window has not yet."""
    made = panels.made if hasattr(panels, "made") else panels  # a window's panels are made when first shown
    focus = QApplication.focusWidget()
    for pid in SLIDE_VIEWS:
        panel = made.get(pid)
        if panel is not None and focus is not None and (focus is panel or panel.isAncestorOf(focus)):
            return panel
    for pid in SLIDE_VIEWS:
        panel = made.get(pid)
        if panel is not None and panel.isVisible():
            return panel
    return next((panels[p] for p in SLIDE_VIEWS if p in panels), None) if make else None


def name_export_action(action, panels: dict[str, Panel]) -> None:
    """Keep Ctrl+E's menu text naming the view it will export ("Export Map…")."""
    def rename(*_):
        try:
            panel = current_panel(panels, make=False)
            action.setText(f"Export {panel.title}…" if panel is not None else "Export &Panel…")
        except RuntimeError:  # the window is gone: stop following the focus for it
            app.focusChanged.disconnect(rename)

    app = QApplication.instance()
    app.focusChanged.connect(rename)
    rename()
