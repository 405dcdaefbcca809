"""Read-only lookups every panel needs: labels under the naming choice, kinds, colours' keys."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from . import naming
from .read.documents import document_name, document_of

if TYPE_CHECKING:
    from sqlite_utils import Database


class Catalog:
    """Names and kinds of every item, loaded once per store (small: one row per item)."""

    def __init__(self, db: Database):
        self.db = db
        self.kinds: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.subtypes: dict[str, str] = {}
        for item_id, kind, name in db.execute("SELECT id, kind, name FROM items"):
            self.kinds[item_id] = kind
            self.names[item_id] = name or item_id
        for eid, subtype in db.execute("SELECT id, subtype FROM entities"):
            self.subtypes[eid] = subtype
        self.aliases: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for eid, alias, usage, kind in db.execute("SELECT entity_id, alias, usage, alias_kind FROM aliases ORDER BY id"):
            self.aliases[eid].append((alias, usage, kind))
        self.relations = {r[0]: r[1:] for r in db.execute("SELECT id, source_id, target_id, kind, sign FROM relations")}

    def kind(self, item: str) -> str | None:
        if item.startswith("sentence:"):
            return "sentence"
        return self.kinds.get(item)

    def label(self, item: str, choice: str = naming.BOTH) -> str:
        """A short label for any item, contested names under the naming choice."""
        kind = self.kind(item)
        if kind in ("actor", "place", "event", "pattern"):
            return naming.display_name(self.names[item], self.aliases.get(item, []), choice)
        if kind == "relation":
            s, t, k, _sign = self.relations[item]
            return f"{self.label(s, choice)} → {k.replace('_', ' ')} → {self.label(t, choice)}"
        if kind == "cell":
            case, pattern = self.db.execute("SELECT case_id, pattern_id FROM pattern_cells WHERE id = ?",
                                            [item]).fetchone()
            return f"{self.label(case, choice)} × {self.label(pattern, choice)}"
        if kind == "sentence":  # which document it is from: the analyst's imports stand beside the memo
            doc = document_of(self.db, [item])
            return f"Sentence {item.split(':', 1)[1]}" + (f" of {document_name(self.db, doc)}" if doc else "")
        return self.names.get(item, item)

    def exists(self, item: str) -> bool:
        if item.startswith("sentence:"):
            return self.db.execute("SELECT 1 FROM sentences WHERE id = ?", [item.split(":", 1)[1]]).fetchone() is not None
        return item in self.kinds
