"""The store's schema, as sqlite-utils ``Migrations`` recorded in the database.

Two kinds of tables live in one file:
- knowledge-base tables, rewritten by every build from ``data/``;
- user tables (``USER_TABLES``), which belong to the analyst and are carried over a rebuild.

A store that has applied a migration this version of the app does not know was written by a
newer version: it is refused rather than guessed at (see ``store.open_store``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations: Migrations

MIGRATION_SET = "karabakh_desktop"  # the name the steps are recorded under in _sqlite_migrations
# The steps in order. ``migrations`` (sqlite-utils' Migrations of these steps) is built when first
# asked for: opening a store whose steps are all applied needs only their names (start-up).
_STEPS = []


def _step(fn):
    _STEPS.append(fn)
    return fn


def __getattr__(name: str):
    if name != "migrations":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for fn in _STEPS:
        steps()(fn)
    globals()["migrations"] = steps
    return steps

KB_TABLES = ("meta", "documents", "periods", "paragraphs", "sentences", "entities", "aliases", "actors", "places",
             "events", "event_participants", "relations", "figures", "claims", "patterns", "pattern_cells",
             "mentions", "evidence", "conflicts", "geo_outlines")
USER_TABLES = ("user_state", "user_notes", "user_scenes", "user_positions", "user_edits")
SCHEMA_VERSION = 3  # 2: named periods, documents.series; 3: mentions.status/confidence, layer columns, user_edits
# Knowledge rows the analyst created (imported documents, recorded items) have layer 'analyst';
# everything the build writes from data/ has layer 'shipped'.
LAYERED_TABLES = ("documents", "entities", "aliases", "relations", "claims", "mentions", "evidence")
MENTION_STATUSES = ("confirmed", "suggested", "rejected")


@_step
def m001_knowledge_base(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["documents"].create({"id": str, "title": str, "author": str, "publisher": str, "published": str,
                            "url": str, "credit": str, "licence": str, "text": str}, pk="id")
    db["paragraphs"].create({"id": int, "document_id": str, "ordinal": int, "kind": str, "start": int,
                             "end": int, "text": str}, pk="id", foreign_keys=[("document_id", "documents")])
    db["sentences"].create({"id": int, "document_id": str, "paragraph": int, "ordinal": int, "start": int,
                            "end": int, "text": str}, pk="id", foreign_keys=[("document_id", "documents")])
    db["entities"].create({"id": str, "kind": str, "subtype": str, "name": str, "description": str,
                           "context": int, "source": str, "note": str}, pk="id")
    db["aliases"].create({"id": int, "entity_id": str, "alias": str, "usage": str, "used_by": str,
                          "alias_kind": str, "mention": int, "note": str}, pk="id",
                         foreign_keys=[("entity_id", "entities")])
    db["actors"].create({"entity_id": str, "actor_type": str, "country_id": str, "seat_id": str},
                        pk="entity_id", foreign_keys=[("entity_id", "entities")])
    db["places"].create({"entity_id": str, "lat": float, "lon": float, "place_type": str, "parent_id": str,
                         "metonym_for": str, "is_case": int}, pk="entity_id",
                        foreign_keys=[("entity_id", "entities")])
    db["events"].create({"entity_id": str, "start": str, "end": str, "precision": str, "place_id": str,
                         "context": int, "category": str, "maybe_from": str, "maybe_to": str,
                         "sure_from": str, "sure_to": str}, pk="entity_id",
                        foreign_keys=[("entity_id", "entities")])
    db["event_participants"].create({"event_id": str, "entity_id": str}, pk=("event_id", "entity_id"))
    db["relations"].create({"id": str, "source_id": str, "target_id": str, "kind": str, "sign": str,
                            "directed": int, "start": str, "end": str, "asserted_by": str,
                            "description": str, "context": int, "source": str, "note": str}, pk="id")
    db["figures"].create({"id": str, "value": float, "unit": str, "label": str, "subject_id": str,
                          "approx": int, "description": str, "note": str}, pk="id")
    db["claims"].create({"id": str, "claimant_id": str, "subject_id": str, "sentence_id": int,
                         "summary": str, "quote": str, "kind": str, "start": int, "end": int,
                         "description": str, "note": str}, pk="id")
    db["patterns"].create({"id": str, "name": str, "description": str}, pk="id")
    db["pattern_cells"].create({"id": str, "case_id": str, "pattern_id": str, "value": str,
                                "note": str}, pk="id")
    db["mentions"].create({"id": int, "entity_id": str, "document_id": str, "start": int, "end": int,
                           "sentence_id": int, "surface": str, "via": str}, pk="id")
    db["evidence"].create({"id": int, "item_id": str, "document_id": str, "sentence_id": int, "quote": str,
                           "start": int, "end": int}, pk="id")
    for table, cols in [("aliases", ["entity_id"]), ("mentions", ["entity_id"]), ("mentions", ["sentence_id"]),
                        ("evidence", ["item_id"]), ("evidence", ["sentence_id"]), ("relations", ["source_id"]),
                        ("relations", ["target_id"]), ("event_participants", ["entity_id"]),
                        ("claims", ["claimant_id"]), ("claims", ["subject_id"]), ("figures", ["subject_id"]),
                        ("sentences", ["document_id", "start"])]:
        db[table].create_index(cols)
    # Every selectable thing, whatever table it lives in: one lookup for the selection model.
    db.create_view("items", """
        SELECT id, kind, name FROM entities
        UNION ALL SELECT id, 'relation', kind FROM relations
        UNION ALL SELECT id, 'claim', summary FROM claims
        UNION ALL SELECT id, 'figure', label FROM figures
        UNION ALL SELECT id, 'cell', case_id || ' × ' || pattern_id FROM pattern_cells""")
    db.execute("CREATE VIRTUAL TABLE search_index USING fts5(item_id UNINDEXED, field UNINDEXED, "
               "display UNINDEXED, folded, tokenize = 'unicode61 remove_diacritics 2')")


@_step
def m002_user_tables(db: Database) -> None:
    # The shared state between windows and instances (selection, time window, naming, scene) of older
    # versions: unused since it moved to the side file <store>.shared (core.shared_state); kept, as a
    # migration would gain nothing.
    db["user_state"].create({"key": str, "value": str, "rev": int, "writer": str, "updated": float}, pk="key")
    db["user_notes"].create({"id": int, "item_id": str, "text": str, "created": float, "updated": float,
                             "deleted": int}, pk="id", not_null={"item_id"}, defaults={"deleted": 0})
    db["user_notes"].create_index(["item_id"])
    db["user_scenes"].create({"id": int, "position": float, "title": str, "caption": str, "state": str,
                              "created": float, "updated": float, "deleted": int}, pk="id",
                             defaults={"deleted": 0})
    db["user_positions"].create({"layout": str, "item_id": str, "x": float, "y": float},
                                pk=("layout", "item_id"))


@_step
def m003_periods_and_series(db: Database) -> None:
    # Named periods (data/periods.toml): the timeline's quick ranges come from the data, not the GUI.
    # ``first``/``after`` are the half-open window of days; ``evidence`` the memo quotes as JSON.
    db["periods"].create({"id": str, "name": str, "start": str, "end": str, "first": str, "after": str,
                          "event_id": str, "description": str, "evidence": str, "context": int, "source": str,
                          "note": str, "ordinal": int}, pk="id")
    # The series a document appeared in ("PONARS Eurasia Policy Memo"): part of its citation.
    if "series" not in db["documents"].columns_dict:
        db["documents"].add_column("series", str)


@_step
def m004_analyst_layer(db: Database) -> None:
    # Suggested mentions are rows of `mentions` too, so a confirmation is one UPDATE and a
    # rejection stays in the store (a re-run of the suggester skips it). Shipped rows: confirmed.
    db["mentions"].add_column("status", str, not_null_default="confirmed")
    db["mentions"].add_column("confidence", float)
    for table in LAYERED_TABLES:
        db[table].add_column("layer", str, not_null_default="shipped")
    db["mentions"].create_index(["entity_id", "status"], if_not_exists=True)
    # The analyst's edits, one row per command, replayed on top of every rebuild (see `layer`).
    db["user_edits"].create({"id": int, "op": str, "payload": str, "created": float}, pk="id")
    # What the last replay could not apply cleanly; rewritten by every build (a knowledge table).
    db["conflicts"].create({"id": int, "edit_id": int, "op": str, "item_id": str, "kind": str, "message": str,
                            "shipped": str, "analyst": str}, pk="id")


@_step
def m005_paragraph_lookup(db: Database) -> None:
    # The memo panel reads one document's paragraphs at a time: without this index every turn to
    # another document scanned the whole table (about 1 ms at 10,000 entities, 500 documents).
    db["paragraphs"].create_index(["document_id", "ordinal"], if_not_exists=True)


@_step
def m006_geo_outlines(db: Database) -> None:
    # The map's country outlines as arrays, with their simplification weights (core.geo_store): a
    # start reads them instead of parsing the GeoJSON files. Rewritten by every build (a knowledge table).
    db["geo_outlines"].create({"file": str, "fingerprint": str, "layout": str, "coords": bytes, "weights": bytes}, pk="file")


def known_migrations() -> set[str]:
    return {fn.__name__ for fn in _STEPS}
