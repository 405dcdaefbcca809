"""Editing items in place: any field, aliases, merging two entities, deleting an item.

Each is a command (:mod:`edits`): undoable exactly, committed at once, and replayed on top of
a rebuild. A merge moves everything that pointed at the merged entity to the survivor and
keeps the old id as an alias of kind ``merged`` (:func:`edits.resolve`), so scenes and notes
that named it still find it. A deleted entity's mentions go back to being suggestions, for
whichever remaining entity has that name (none: they go).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import datafiles, dates, index, suggest
from .edits import Command, Context, EditError, exists, op
from .record import check_surface

if TYPE_CHECKING:
    from sqlite_utils import Database

# Per item kind, the tables holding its fields (first match wins) and their key column.
_TABLES = {"actor": [("entities", "id"), ("actors", "entity_id")],
           "place": [("entities", "id"), ("places", "entity_id")],
           "event": [("entities", "id"), ("events", "entity_id")],
           "pattern": [("entities", "id"), ("patterns", "id")],
           "relation": [("relations", "id")], "claim": [("claims", "id")], "figure": [("figures", "id")],
           "cell": [("pattern_cells", "id")]}
_FIXED = {"id", "entity_id", "kind", "layer", "maybe_from", "maybe_to", "sure_from", "sure_to", "sentence_id",
          "quote", "start_offset"}
_CHOICES = {("actors", "actor_type"): datafiles.ACTOR_TYPES, ("places", "place_type"): datafiles.PLACE_TYPES,
            ("events", "category"): datafiles.EVENT_CATEGORIES, ("relations", "sign"): datafiles.SIGNS,
            ("claims", "kind"): datafiles.CLAIM_KINDS, ("pattern_cells", "value"): datafiles.CELL_VALUES,
            ("events", "precision"): set(dates.PRECISIONS)}
_SUBTYPE_OF = {"actor_type", "place_type", "category"}


def _kind(db: Database, item_id: str) -> str:
    row = db.execute("SELECT kind FROM items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise EditError(f"no item {item_id!r}")
    return row[0]


def _column(db: Database, item_id: str, field: str) -> tuple[str, str]:
    kind = _kind(db, item_id)
    for table, key in _TABLES[kind]:
        if field in db[table].columns_dict and field not in _FIXED:
            return table, key
    editable = sorted({c for t, _k in _TABLES[kind] for c in db[t].columns_dict} - _FIXED)
    raise EditError(f"a {kind} has no editable field {field!r} (fields: {', '.join(editable)})")


def _validate(db: Database, table: str, field: str, value) -> None:
    choices = _CHOICES.get((table, field))
    if choices is not None and value not in choices:
        raise EditError(f"{field} {value!r}: expected one of {', '.join(sorted(choices))}")
    if field == "name" and not (isinstance(value, str) and value.strip()):
        raise EditError("a name cannot be empty")
    if (field.endswith("_id") or field in ("asserted_by", "metonym_for")) and value is not None \
            and not exists(db, value):
        raise EditError(f"{field}: no item {value!r}")
    if table == "places" and field in ("lat", "lon"):
        limit = 90 if field == "lat" else 180
        if not isinstance(value, int | float) or not -limit <= value <= limit:
            raise EditError(f"{field} must be a number in -{limit}..{limit}, got {value!r}")
    if field in ("start", "end") and table in ("events", "relations") and value is not None:
        try:
            dates.span(value)
        except dates.DateError as exc:
            raise EditError(f"{field}: {exc}") from None


def editable_fields(db: Database, item_id: str) -> dict[str, object]:
    """Every field of an item that :func:`set_field_command` can set, with its value now (for a form)."""
    out: dict[str, object] = {}
    for table, key in _TABLES[_kind(db, item_id)]:
        row = db.execute(f"SELECT * FROM [{table}] WHERE [{key}] = ?", [item_id]).fetchone()
        if row is None:
            continue
        for col, value in zip(db[table].columns_dict, row, strict=True):
            if col not in _FIXED and col not in out:
                out[col] = value
    return out


def field_choices(db: Database, item_id: str, field: str) -> list[str] | None:
    """The values a field may take, when it is a choice (a type, a sign, a precision …)."""
    kind = _kind(db, item_id)
    for table, _key in _TABLES[kind]:
        if (table, field) in _CHOICES:
            return sorted(_CHOICES[(table, field)])
    return None


def set_field_command(db: Database, item_id: str, field: str, value) -> Command:
    """Set one field of an item (entity, relation, claim, figure, pattern cell)."""
    table, key = _column(db, item_id, field)
    _validate(db, table, field, value)
    old = db.execute(f"SELECT [{field}] FROM [{table}] WHERE [{key}] = ?", [item_id]).fetchone()[0]
    return Command("set_field", {"item": item_id, "field": field, "old": old, "new": value},
                   f"Set {field} of {item_id}")


@op("set_field", touches=lambda p: [p["item"]])
def _set_field(db: Database, p: dict, ctx: Context) -> dict:
    item, field, value = p["item"], p["field"], p["new"]
    table, key = _column(db, item, field)
    _validate(db, table, field, value)
    current = db.execute(f"SELECT [{field}] FROM [{table}] WHERE [{key}] = ?", [item]).fetchone()
    if ctx.replay and current is not None and current[0] != p["old"]:
        ctx.conflict("changed", item, f"the shipped data changed the {field} of {item!r} since you set it",
                     shipped=current[0], analyst=value)
    db.execute(f"UPDATE [{table}] SET [{field}] = ? WHERE [{key}] = ?", [value, item])
    if field in _SUBTYPE_OF:
        db.execute("UPDATE entities SET subtype = ? WHERE id = ?", [value, item])
    if table == "events" and field in ("start", "end"):
        s, e = db.execute("SELECT start, end FROM events WHERE entity_id = ?", [item]).fetchone()
        try:
            ext = dates.extent(s, e)
        except dates.DateError as exc:
            raise EditError(f"event dates: {exc}") from None
        db.execute("UPDATE events SET maybe_from = ?, maybe_to = ?, sure_from = ?, sure_to = ?, precision = ? "
                   "WHERE entity_id = ?", [ext.maybe[0].isoformat(), ext.maybe[1].isoformat(),
                                           ext.sure[0].isoformat() if ext.sure else None,
                                           ext.sure[1].isoformat() if ext.sure else None, dates.precision_of(s), item])
    if table == "patterns" and field in ("name", "description"):
        db.execute(f"UPDATE entities SET [{field}] = ? WHERE id = ?", [value, item])
    index.reindex(db, [item])
    return {"id": item}


# -------------------------------------------------------------------------------------- aliases

def add_alias_command(db: Database, entity_id: str, alias: str, *, usage: str = "other", kind: str = "name",
                      used_by: str | None = None) -> Command:
    p = {"entity": entity_id, "alias": (alias or "").strip(), "usage": usage, "kind": kind, "used_by": used_by}
    _check_alias(db, p)
    return Command("add_alias", p, f"Add alias “{p['alias']}” to {entity_id}")


def _check_alias(db: Database, p: dict) -> None:
    if _kind(db, p["entity"]) not in ("actor", "place", "event", "pattern"):
        raise EditError(f"{p['entity']!r} is not an entity: only entities have aliases")
    if len(p["alias"]) < 2:
        raise EditError("an alias has at least two characters (a one-character alias would be found everywhere)")
    if p["usage"] not in datafiles.USAGES:
        raise EditError(f"usage {p['usage']!r}: expected one of {', '.join(sorted(datafiles.USAGES))}")
    if p["kind"] not in datafiles.ALIAS_KINDS:
        raise EditError(f"alias kind {p['kind']!r}: expected one of {', '.join(sorted(datafiles.ALIAS_KINDS))}")
    if db.execute("SELECT 1 FROM aliases WHERE entity_id = ? AND alias = ?", [p["entity"], p["alias"]]).fetchone():
        raise EditError(f"{p['entity']!r} already has the alias {p['alias']!r}")
    check_surface(db, p["alias"], p["entity"])


@op("add_alias", touches=lambda p: [p["entity"]])
def _add_alias(db: Database, p: dict, ctx: Context) -> dict:
    _check_alias(db, p)
    db["aliases"].insert({"entity_id": p["entity"], "alias": p["alias"], "usage": p["usage"],
                          "used_by": p.get("used_by"), "alias_kind": p["kind"], "mention": 1, "layer": "analyst"})
    index.reindex(db, [p["entity"]])
    return {}


def remove_alias_command(db: Database, entity_id: str, alias: str) -> Command:
    if not db.execute("SELECT 1 FROM aliases WHERE entity_id = ? AND alias = ?", [entity_id, alias]).fetchone():
        raise EditError(f"{entity_id!r} has no alias {alias!r}")
    return Command("remove_alias", {"entity": entity_id, "alias": alias}, f"Remove alias “{alias}” of {entity_id}")


@op("remove_alias", touches=lambda p: [p["entity"]])
def _remove_alias(db: Database, p: dict, ctx: Context) -> dict:
    if db.execute("DELETE FROM aliases WHERE entity_id = ? AND alias = ?", [p["entity"], p["alias"]]).rowcount == 0:
        raise EditError(f"{p['entity']!r} has no alias {p['alias']!r}")
    index.reindex(db, [p["entity"]])
    return {}


# ---------------------------------------------------------------------------------------- merge

# Every column that points at an entity: (table, column).
_REFERENCES = [("mentions", "entity_id"), ("mentions", "via"), ("evidence", "item_id"), ("relations", "source_id"),
               ("relations", "target_id"), ("relations", "asserted_by"), ("claims", "claimant_id"),
               ("claims", "subject_id"), ("figures", "subject_id"), ("events", "place_id"),
               ("places", "parent_id"), ("places", "metonym_for"), ("actors", "country_id"),
               ("actors", "seat_id"), ("pattern_cells", "case_id"), ("user_notes", "item_id")]


def merge_command(db: Database, survivor: str, other: str) -> Command:
    """Merge ``other`` into ``survivor`` (same kind of entity)."""
    if survivor == other:
        raise EditError("cannot merge an entity with itself")
    k1, k2 = _kind(db, survivor), _kind(db, other)
    if k1 != k2 or k1 not in ("actor", "place", "event"):
        raise EditError(f"only two actors, two places or two events can be merged ({survivor} is a {k1}, "
                        f"{other} a {k2})")
    return Command("merge", {"survivor": survivor, "other": other}, f"Merge {other} into {survivor}")


@op("merge", touches=lambda p: [p["survivor"], p["other"]])
def _merge(db: Database, p: dict, ctx: Context) -> dict:
    a, b = p["survivor"], p["other"]
    if _kind(db, a) != _kind(db, b):
        raise EditError(f"{a!r} and {b!r} are not of one kind")
    a_name, a_desc = db.execute("SELECT name, description FROM entities WHERE id = ?", [a]).fetchone()
    b_name, b_desc = db.execute("SELECT name, description FROM entities WHERE id = ?", [b]).fetchone()
    have = {r[0] for r in db.execute("SELECT alias FROM aliases WHERE entity_id = ?", [a])} | {a_name}
    for rowid, alias in db.execute("SELECT id, alias FROM aliases WHERE entity_id = ?", [b]).fetchall():
        if alias in have:
            db.execute("DELETE FROM aliases WHERE id = ?", [rowid])
        else:
            db.execute("UPDATE aliases SET entity_id = ? WHERE id = ?", [a, rowid])
            have.add(alias)
    if b_name not in have:
        db["aliases"].insert({"entity_id": a, "alias": b_name, "usage": "other", "alias_kind": "name", "mention": 1,
                              "used_by": f"merged from {b}", "layer": "analyst"})
    db["aliases"].insert({"entity_id": a, "alias": b, "usage": "other", "alias_kind": "merged", "mention": 0,
                          "used_by": "the id of a merged entity", "layer": "analyst"})
    for table, col in _REFERENCES:
        db.execute(f"UPDATE [{table}] SET [{col}] = ? WHERE [{col}] = ?", [a, b])
    # A participant of both events, or a mention of both at one span, is kept once.
    db.execute("DELETE FROM event_participants WHERE event_id = ? AND entity_id IN "
               "(SELECT entity_id FROM event_participants WHERE event_id = ?)", [b, a])
    db.execute("UPDATE event_participants SET event_id = ? WHERE event_id = ?", [a, b])
    db.execute("DELETE FROM event_participants WHERE entity_id = ? AND event_id IN "
               "(SELECT event_id FROM event_participants WHERE entity_id = ?)", [b, a])
    db.execute("UPDATE event_participants SET entity_id = ? WHERE entity_id = ?", [a, b])
    db.execute("DELETE FROM mentions WHERE entity_id = ? AND id NOT IN (SELECT min(id) FROM mentions "
               "WHERE entity_id = ? GROUP BY document_id, start, end, via)", [a, a])
    if not a_desc and b_desc:
        db.execute("UPDATE entities SET description = ? WHERE id = ?", [b_desc, a])
    for table in ("actors", "places", "events"):
        db.execute(f"DELETE FROM [{table}] WHERE entity_id = ?", [b])
    db.execute("DELETE FROM entities WHERE id = ?", [b])
    index.reindex(db, [a, b])
    return {"id": a}


# --------------------------------------------------------------------------------------- delete

def delete_command(db: Database, item_id: str) -> Command:
    kind = _kind(db, item_id)
    if kind in ("pattern", "cell"):
        raise EditError("the case × pattern matrix is edited in the data files, not item by item")
    return Command("delete", {"item": item_id}, f"Delete {item_id}")


@op("delete", touches=lambda p: [p["item"]])
def _delete(db: Database, p: dict, ctx: Context) -> dict:
    item = p["item"]
    kind = _kind(db, item)
    doomed = [item]
    if kind in ("actor", "place", "event"):
        # What cannot stand without it goes with it: its relations, claims it makes, its figures.
        doomed += [r[0] for r in db.execute("SELECT id FROM relations WHERE source_id = ? OR target_id = ?",
                                            [item, item])]
        doomed += [r[0] for r in db.execute("SELECT id FROM claims WHERE claimant_id = ?", [item])]
        doomed += [r[0] for r in db.execute("SELECT id FROM figures WHERE subject_id = ?", [item])]
        for table, col in (("claims", "subject_id"), ("relations", "asserted_by"), ("events", "place_id"),
                           ("places", "parent_id"), ("places", "metonym_for"), ("actors", "country_id"),
                           ("actors", "seat_id")):
            db.execute(f"UPDATE [{table}] SET [{col}] = NULL WHERE [{col}] = ?", [item])
        db.execute("DELETE FROM event_participants WHERE event_id = ? OR entity_id = ?", [item, item])
        spans = db.execute("SELECT DISTINCT document_id, start, end FROM mentions WHERE entity_id = ? AND via IS NULL",
                           [item]).fetchall()
        db.execute("DELETE FROM mentions WHERE entity_id = ? OR via = ?", [item, item])
        db.execute("DELETE FROM aliases WHERE entity_id = ?", [item])
        for table in ("actors", "places", "events"):
            db.execute(f"DELETE FROM [{table}] WHERE entity_id = ?", [item])
        db.execute("DELETE FROM entities WHERE id = ?", [item])
        _resuggest(db, spans)
    marks = ",".join("?" * len(doomed))
    db.execute(f"DELETE FROM evidence WHERE item_id IN ({marks})", doomed)
    for table in ("relations", "claims", "figures"):
        db.execute(f"DELETE FROM [{table}] WHERE id IN ({marks})", doomed)
    index.reindex(db, doomed)
    return {"deleted": doomed}


def _resuggest(db: Database, spans: list[tuple[str, int, int]]) -> None:
    """The spans a deleted entity was mentioned at, suggested for the entity that has that name now."""
    if not spans:
        return
    finder = suggest.Suggester(db)
    texts = {d: db.execute("SELECT text FROM documents WHERE id = ?", [d]).fetchone()[0] for d, _s, _e in spans}
    for doc, start, end in spans:
        sid = db.execute("SELECT id FROM sentences WHERE document_id = ? AND start <= ? AND end > ? LIMIT 1",
                         [doc, start, start]).fetchone()
        taken = {r[0] for r in db.execute("SELECT entity_id FROM mentions WHERE document_id = ? AND start < ? "
                                          "AND end > ?", [doc, end, start])}
        for sg in finder.find(texts[doc][start:end], fuzzy=False):
            if sg.start == 0 and sg.end == end - start and sg.entity_id not in taken:
                db["mentions"].insert({"entity_id": sg.entity_id, "document_id": doc, "start": start, "end": end,
                                       "sentence_id": sid[0] if sid else None, "surface": sg.surface,
                                       "via": sg.via, "status": "suggested", "confidence": sg.confidence,
                                       "layer": "analyst"})
