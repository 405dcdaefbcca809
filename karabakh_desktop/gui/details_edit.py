"""Editing the item the Details panel shows, in place: any field, a name added or removed, a merge
with another entity, a deletion. Each is one undoable command (committed at once, replayed on top
of a rebuild); the core refuses bad input with a message, and nothing is written then.

The row of buttons asks with small dialogs; the methods under them (``set_field``, ``add_alias``,
``remove_alias``, ``merge``, ``delete``) do the edit and are what tests drive.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QToolButton

from .panels import panel_toolbar

ENTITY_KINDS = ("actor", "place", "event", "pattern")


class DetailsEditor:
    def __init__(self, panel):
        self.panel = panel
        self.buttons = {}
        widgets = []
        for key, text, tip, slot in (
                ("field", "Edit…", "Change a field of this item", self.ask_field),
                ("add_alias", "+ Name…", "Add a name or alias, with whose usage it is", self.ask_add_alias),
                ("remove_alias", "− Name…", "Remove a name or alias", self.ask_remove_alias),
                ("merge", "Merge…", "Merge another entity into this one (its names, mentions, evidence, "
                                    "relations and notes move here)", self.ask_merge),
                ("delete", "Delete", "Delete this item (its mentions become suggestions again)", self.ask_delete)):
            b = self.buttons[key] = QToolButton(text=text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            widgets.append(b)
        self.bar = panel_toolbar(widgets, parent=panel)  # (made in the panel: see panel_toolbar)
        self._state: tuple | None = None  # (shown, editable, an entity) as the bar last showed them
        self.update()

    @property
    def item(self) -> str | None:
        item = getattr(self.panel, "shown", None)
        return item if item and not item.startswith("sentence:") and self.panel.session.catalog.exists(item) else None

    def update(self) -> None:
        item = self.item
        kind = self.panel.session.catalog.kind(item) if item else None
        # The bar keeps its place while anything is selected: hidden for a sentence and shown again for
        # the next item, it laid out the Details dock and then every dock of the window (a third of the
        # benchmark's selections). With nothing here to edit, its buttons are greyed instead.
        # Most selections change none of the three: the bar is left alone then.
        state = (getattr(self.panel, "shown", None) is not None, item is not None, kind in ENTITY_KINDS)
        if state == self._state:
            return
        self._state = state
        self.bar.setVisible(state[0])
        self.bar.setEnabled(state[1])
        for key in ("add_alias", "remove_alias", "merge"):
            self.buttons[key].setEnabled(state[2])

    def _run(self, command: str, *args, **kwargs):
        """Build and run ``core.item_edits.<command>`` (imported at the first edit, not at start-up:
        it brings the data-file reader, tomllib and the mention finder along)."""
        from ..core import item_edits
        from . import knowledge_commands  # the undo stack's wrappers and core.edits: at the first edit too

        return knowledge_commands.build(self.panel.session, getattr(item_edits, command), *args, parent=self.panel,
                                        **kwargs)

    # --- the edits -----------------------------------------------------------------------------------
    def set_field(self, field: str, value):
        return self._run("set_field_command", self.item, field, value)

    def add_alias(self, alias: str, usage: str = "other"):
        return self._run("add_alias_command", self.item, alias, usage=usage)

    def remove_alias(self, alias: str):
        return self._run("remove_alias_command", self.item, alias)

    def merge(self, other: str):
        """Merge ``other`` into the item shown (it survives)."""
        return self._run("merge_command", self.item, other)

    def delete(self):
        return self._run("delete_command", self.item)

    # --- asking ------------------------------------------------------------------------------------
    def ask_field(self) -> None:
        from ..core import item_edits

        item = self.item
        if item is None:
            return
        db = self.panel.session.db
        fields = item_edits.editable_fields(db, item)
        field, ok = QInputDialog.getItem(self.panel, "Edit", "Field:", list(fields), 0, False)
        if not ok:
            return
        current = fields[field]
        choices = item_edits.field_choices(db, item, field)
        if choices:
            value, ok = QInputDialog.getItem(self.panel, "Edit", f"{field}:", choices,
                                             choices.index(current) if current in choices else 0, False)
        elif isinstance(current, float) or field in ("lat", "lon"):
            value, ok = QInputDialog.getDouble(self.panel, "Edit", f"{field}:", float(current or 0), -180, 180, 4)
        else:
            value, ok = QInputDialog.getText(self.panel, "Edit", f"{field}:", text="" if current is None else str(current))
            value = value.strip() or None
        if ok:
            self.set_field(field, value)

    def ask_add_alias(self) -> None:
        from ..core import datafiles

        alias, ok = QInputDialog.getText(self.panel, "Add a name", "Name or alias:")
        if not ok or not alias.strip():
            return
        usage, ok = QInputDialog.getItem(self.panel, "Add a name", "Whose usage:", sorted(datafiles.USAGES),
                                         sorted(datafiles.USAGES).index("other"), False)
        if ok:
            self.add_alias(alias.strip(), usage)

    def ask_remove_alias(self) -> None:
        names = [a[0] for a in self.panel.session.catalog.aliases.get(self.item, [])]
        if not names:
            self.panel.session.status.emit("This entity has no aliases to remove.")
            return
        alias, ok = QInputDialog.getItem(self.panel, "Remove a name", "Name or alias:", names, 0, False)
        if ok:
            self.remove_alias(alias)

    def ask_merge(self) -> None:
        s = self.panel.session
        kind = s.catalog.kind(self.item)
        others = sorted((i for i, k in s.catalog.kinds.items() if k == kind and i != self.item), key=s.label)
        labels = [f"{s.label(i)} ({i})" for i in others]
        choice, ok = QInputDialog.getItem(self.panel, "Merge", f"Merge into {s.label(self.item)}:", labels, 0, True)
        if ok and choice in labels:
            self.merge(others[labels.index(choice)])

    def ask_delete(self) -> None:
        s = self.panel.session
        if QMessageBox.question(self.panel, "Delete", f"Delete {s.label(self.item)}? (Edit ▸ Undo brings it back.)") \
                == QMessageBox.Yes:
            self.delete()
