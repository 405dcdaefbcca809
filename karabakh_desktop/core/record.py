"""Recording what the analyst reads: a passage (document + character offsets) becomes evidence.

"Tag as" an existing entity, a new actor, place or event, a relation, a claim: each is a
command (:mod:`edits`) whose passage is stored as evidence — document, sentence, offsets and
the quote, with ``text[start:end] == quote`` always (white space at the ends of a selection is
trimmed off the offsets, not just the quote).
"""

from __future__ import annotations

import gzip
import math
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from . import datafiles, dates, index
from .edits import Command, Context, EditError, exists, new_id, op

if TYPE_CHECKING:
    from sqlite_utils import Database

# The South Caucasus, for ordering gazetteer candidates (the middle of the memo's map).
REGION_CENTRE = (40.2, 46.5)
ENTITY_KINDS = ("actor", "place", "event")
SUBTYPES = {"actor": datafiles.ACTOR_TYPES, "place": datafiles.PLACE_TYPES, "event": datafiles.EVENT_CATEGORIES}


def passage(db: Database, document_id: str, start: int, end: int) -> tuple[int, int, str, int | None]:
    """(start, end, quote, sentence id) of a selection, trimmed of white space; EditError if out of range."""
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise EditError(f"no document {document_id!r}")
    text = row[0] or ""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise EditError(f"passage {start}-{end} is outside document {document_id!r} (0-{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise EditError("the selected passage is empty")
    sid = db.execute("SELECT id, end FROM sentences WHERE document_id = ? AND start <= ? AND end > ? ORDER BY start "
                     "LIMIT 1", [document_id, start, start]).fetchone()
    if sid and end > sid[1]:
        # The data's rule: an item's evidence is one sentence, or part of one.
        raise EditError("the passage runs over more than one sentence: select one sentence, or part of one, "
                        "and record the next sentence apart")
    return start, end, text[start:end], sid[0] if sid else None


def add_evidence(db: Database, item_id: str, p: dict) -> None:
    start, end, quote, sid = passage(db, p["document"], p["start"], p["end"])
    db["evidence"].insert({"item_id": item_id, "document_id": p["document"], "sentence_id": sid, "quote": quote,
                           "start": start, "end": end, "layer": "analyst"})


def add_mention(db: Database, entity_id: str, p: dict) -> None:
    """A confirmed mention at the passage (a suggestion there is confirmed instead of doubled)."""
    start, end, quote, sid = passage(db, p["document"], p["start"], p["end"])
    # Longest match wins for the analyst too: suggestions inside or across the tagged span go.
    db.execute("DELETE FROM mentions WHERE document_id = ? AND status = 'suggested' AND start < ? AND end > ? "
               "AND NOT (entity_id = ? AND start = ? AND end = ?)", [p["document"], end, start, entity_id, start, end])
    metonym = db.execute("SELECT metonym_for FROM places WHERE entity_id = ?", [entity_id]).fetchone()
    for eid, via in [(entity_id, None)] + ([(metonym[0], entity_id)] if metonym and metonym[0] else []):
        row = db.execute("SELECT id FROM mentions WHERE document_id = ? AND entity_id = ? AND start = ? AND end = ? "
                         "AND via IS ?", [p["document"], eid, start, end, via]).fetchone()
        if row:
            db.execute("UPDATE mentions SET status = 'confirmed' WHERE id = ?", [row[0]])
        else:
            db["mentions"].insert({"entity_id": eid, "document_id": p["document"], "start": start, "end": end,
                                   "sentence_id": sid, "surface": quote, "via": via, "status": "confirmed",
                                   "layer": "analyst"})


def _passage_args(document_id: str, start: int, end: int) -> dict:
    return {"document": document_id, "start": int(start), "end": int(end)}


# ------------------------------------------------------------------------------------------- tag

def tag_command(db: Database, document_id: str, start: int, end: int, entity_id: str) -> Command:
    """Tag a passage as an existing entity: a confirmed mention (actors, places) and evidence."""
    _, _, quote, _ = passage(db, document_id, start, end)
    if not exists(db, entity_id):
        raise EditError(f"no item {entity_id!r}")
    return Command("tag", _passage_args(document_id, start, end) | {"entity": entity_id},
                   f"Tag “{quote[:40]}” as {entity_id}")


@op("tag", needs=lambda p: [p["entity"]])
def _tag(db: Database, p: dict, ctx: Context) -> dict:
    kind = db.execute("SELECT kind FROM items WHERE id = ?", [p["entity"]]).fetchone()
    if kind is None:
        raise EditError(f"no item {p['entity']!r}")
    if kind[0] in ("actor", "place"):
        add_mention(db, p["entity"], p)
    add_evidence(db, p["entity"], p)
    return {"id": p["entity"]}


# ---------------------------------------------------------------------------------- new entity

def create_entity_command(db: Database, document_id: str, start: int, end: int, *, kind: str, name: str,
                          subtype: str, aliases: list[dict] | None = None, description: str | None = None,
                          lat: float | None = None, lon: float | None = None, parent: str | None = None,
                          date_start: str | None = None, date_end: str | None = None,
                          precision: str | None = None, place: str | None = None,
                          participants: list[str] | None = None) -> Command:
    """A new actor, place or event whose evidence (and, for actors and places, mention) is the passage."""
    passage(db, document_id, start, end)
    p = _passage_args(document_id, start, end) | {
        "kind": kind, "name": (name or "").strip(), "subtype": subtype, "aliases": aliases or [],
        "description": description, "lat": lat, "lon": lon, "parent": parent, "date_start": date_start,
        "date_end": date_end, "precision": precision, "place": place, "participants": participants or []}
    _validate_entity(db, p)
    p["id"] = new_id(db, p["name"])
    return Command("create_entity", p, f"New {kind} “{p['name']}”")


def _validate_entity(db: Database, p: dict) -> None:
    kind = p["kind"]
    if kind not in ENTITY_KINDS:
        raise EditError(f"kind {kind!r}: expected one of {', '.join(ENTITY_KINDS)}")
    if not p["name"]:
        raise EditError("a new entity needs a name")
    if p["subtype"] not in SUBTYPES[kind]:
        raise EditError(f"{kind} type {p['subtype']!r}: expected one of {', '.join(sorted(SUBTYPES[kind]))}")
    for a in p["aliases"]:
        if not isinstance(a, dict) or len(str(a.get("alias", "")).strip()) < 2:
            raise EditError(f"alias {a!r} needs a text of at least two characters")
        if a.get("usage", "other") not in datafiles.USAGES:
            raise EditError(f"alias usage {a.get('usage')!r}: expected one of {', '.join(sorted(datafiles.USAGES))}")
    forms = [p["name"]] if kind in ("actor", "place") else []
    for f in forms + [a["alias"] for a in p["aliases"]]:
        check_surface(db, f, None)
    if kind == "place" and not (isinstance(p["lat"], int | float) and isinstance(p["lon"], int | float)
            and -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180):
        raise EditError(f"a place needs coordinates (lat -90..90, lon -180..180), got {p['lat']}, {p['lon']}")
    if kind == "event":
        if not p["date_start"]:
            raise EditError("an event needs a start date (YYYY, YYYY-MM or YYYY-MM-DD)")
        try:
            dates.extent(p["date_start"], p["date_end"])
        except dates.DateError as exc:
            raise EditError(f"event dates: {exc}") from None
        prec = p["precision"] or dates.precision_of(p["date_start"])
        if prec != dates.precision_of(p["date_start"]):
            raise EditError(f"precision {prec!r} does not match the start {p['date_start']!r}")
        p["precision"] = prec
    for ref in [p["parent"], p["place"], *p["participants"]]:
        if ref and not exists(db, ref):
            raise EditError(f"no item {ref!r}")


def check_surface(db: Database, form: str, entity_id: str | None) -> None:
    """One name or alias belongs to one entity (the data's rule): refuse a form another one has."""
    row = db.execute("SELECT id FROM entities WHERE name = ? AND kind IN ('actor', 'place') AND id IS NOT ? "
                     "UNION SELECT entity_id FROM aliases WHERE alias = ? AND entity_id IS NOT ?",
                     [form, entity_id, form, entity_id]).fetchone()
    if row:
        raise EditError(f"the name {form!r} already belongs to {row[0]!r}; tag the passage as that entity, "
                        "or merge the two")


@op("create_entity", needs=lambda p: [r for r in [p.get("parent"), p.get("place"), *p.get("participants", [])] if r])
def _create_entity(db: Database, p: dict, ctx: Context) -> dict:
    eid = p["id"]
    if exists(db, eid):
        raise EditError(f"an item {eid!r} is already in the store")
    _validate_entity(db, p)
    kind = p["kind"]
    db["entities"].insert({"id": eid, "kind": kind, "subtype": p["subtype"], "name": p["name"],
                           "description": p.get("description"), "context": 0, "layer": "analyst"})
    if kind == "actor":
        db["actors"].insert({"entity_id": eid, "actor_type": p["subtype"]})
    elif kind == "place":
        db["places"].insert({"entity_id": eid, "lat": float(p["lat"]), "lon": float(p["lon"]),
                             "place_type": p["subtype"], "parent_id": p.get("parent"), "is_case": 0})
    else:
        ext = dates.extent(p["date_start"], p["date_end"])
        db["events"].insert({"entity_id": eid, "start": p["date_start"], "end": p["date_end"],
                             "precision": p["precision"], "place_id": p.get("place"), "context": 0,
                             "category": p["subtype"], "maybe_from": ext.maybe[0].isoformat(),
                             "maybe_to": ext.maybe[1].isoformat(),
                             "sure_from": ext.sure[0].isoformat() if ext.sure else None,
                             "sure_to": ext.sure[1].isoformat() if ext.sure else None})
        db["event_participants"].insert_all({"event_id": eid, "entity_id": x} for x in dict.fromkeys(p["participants"]))
    db["aliases"].insert_all({"entity_id": eid, "alias": a["alias"].strip(), "usage": a.get("usage", "other"),
                              "used_by": a.get("used_by"), "alias_kind": a.get("kind", "name"),
                              "mention": int(a.get("mention", True)), "layer": "analyst"} for a in p["aliases"])
    if kind in ("actor", "place"):
        add_mention(db, eid, p)
    add_evidence(db, eid, p)
    index.reindex(db, [eid])
    return {"id": eid}


# ------------------------------------------------------------------------------------ relation

def relation_command(db: Database, document_id: str, start: int, end: int, *, source: str, kind: str, sign: str,
                     target: str, date_start: str | None = None, date_end: str | None = None,
                     directed: bool = True, asserted_by: str | None = None,
                     description: str | None = None) -> Command:
    passage(db, document_id, start, end)
    p = _passage_args(document_id, start, end) | {
        "source": source, "target": target, "kind": (kind or "").strip(), "sign": sign, "directed": bool(directed),
        "date_start": date_start, "date_end": date_end, "asserted_by": asserted_by, "description": description}
    _validate_relation(db, p)
    p["id"] = new_id(db, f"{source}-{p['kind']}-{target}")
    return Command("record_relation", p, f"Relation {source} {p['kind']} {target}")


def _validate_relation(db: Database, p: dict) -> None:
    if not p["kind"] or not all(c.isalnum() or c == "_" for c in p["kind"]):
        raise EditError(f"relation kind {p['kind']!r}: a word like supports, opposes, mediates (letters and _)")
    if p["sign"] not in datafiles.SIGNS:
        raise EditError(f"sign {p['sign']!r}: expected one of {', '.join(sorted(datafiles.SIGNS))}")
    for ref in (p["source"], p["target"], p.get("asserted_by")):
        if ref and not exists(db, ref):
            raise EditError(f"no item {ref!r}")
    for key in ("date_start", "date_end"):
        if p.get(key):
            try:
                dates.span(p[key])
            except dates.DateError as exc:
                raise EditError(f"{key.replace('date_', '')}: {exc}") from None


@op("record_relation", needs=lambda p: [r for r in (p["source"], p["target"], p.get("asserted_by")) if r])
def _record_relation(db: Database, p: dict, ctx: Context) -> dict:
    if exists(db, p["id"]):
        raise EditError(f"an item {p['id']!r} is already in the store")
    _validate_relation(db, p)
    db["relations"].insert({"id": p["id"], "source_id": p["source"], "target_id": p["target"], "kind": p["kind"],
                            "sign": p["sign"], "directed": int(p["directed"]), "start": p.get("date_start"),
                            "end": p.get("date_end"), "asserted_by": p.get("asserted_by"),
                            "description": p.get("description"), "context": 0, "layer": "analyst"})
    add_evidence(db, p["id"], p)
    index.reindex(db, [p["id"]])
    return {"id": p["id"]}


# --------------------------------------------------------------------------------------- claim

def claim_command(db: Database, document_id: str, start: int, end: int, *, claimant: str, kind: str,
                  summary: str, subject: str | None = None) -> Command:
    passage(db, document_id, start, end)
    p = _passage_args(document_id, start, end) | {"claimant": claimant, "kind": kind,
                                                  "summary": (summary or "").strip(), "subject": subject}
    _validate_claim(db, p)
    p["id"] = new_id(db, f"claim-{claimant}-{p['summary'][:30]}")
    return Command("record_claim", p, f"Claim by {claimant}")


def _validate_claim(db: Database, p: dict) -> None:
    if p["kind"] not in datafiles.CLAIM_KINDS:
        raise EditError(f"claim kind {p['kind']!r}: expected one of {', '.join(sorted(datafiles.CLAIM_KINDS))}")
    if not p["summary"]:
        raise EditError("a claim needs a summary")
    for ref in (p["claimant"], p.get("subject")):
        if ref and not exists(db, ref):
            raise EditError(f"no item {ref!r}")


@op("record_claim", needs=lambda p: [r for r in (p["claimant"], p.get("subject")) if r])
def _record_claim(db: Database, p: dict, ctx: Context) -> dict:
    if exists(db, p["id"]):
        raise EditError(f"an item {p['id']!r} is already in the store")
    _validate_claim(db, p)
    start, end, quote, sid = passage(db, p["document"], p["start"], p["end"])
    db["claims"].insert({"id": p["id"], "claimant_id": p["claimant"], "subject_id": p.get("subject"),
                         "sentence_id": sid, "summary": p["summary"], "quote": quote, "kind": p["kind"],
                         "start": start, "end": end, "layer": "analyst"})
    add_evidence(db, p["id"], p)
    index.reindex(db, [p["id"]])
    return {"id": p["id"]}


# ---------------------------------------------------------------------------------- gazetteer

_TOWNS: str | None = None  # the gazetteer's text, read once; a name is looked up with str.find


def gazetteer_path() -> Path:
    """data/gazetteer/cities5000.tsv.gz (tools/make-gazetteer; GeoNames, CC BY 4.0)."""
    from .. import paths

    return paths.data_dir() / "gazetteer" / "cities5000.tsv.gz"


def place_candidates(name: str, limit: int = 8) -> list[dict]:
    """Coordinates for a place name from the offline GeoNames list of towns of 5,000 people and
    more (69,000; the smallest that has the region's district towns: the 15,000 list lacks Lachin
    and Kalbajar), nearest to the South Caucasus first. Matching is on folded names: every name
    in every script of the towns within 2,000 km of the region, elsewhere the town's own name
    (tools/make-gazetteer). The first call reads the 2 MB file (≈ 0.1 s); a look-up is one scan
    of its text for ``|name|``."""
    global _TOWNS
    from .fold import fold

    if _TOWNS is None:
        path = gazetteer_path()
        try:
            _TOWNS = gzip.decompress(path.read_bytes()).decode("utf-8")
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
            raise EditError(f"the offline gazetteer {path} cannot be read ({type(exc).__name__}: {exc}); "
                            "enter the coordinates by hand") from None
    key = " ".join(fold(name).replace("|", " ").split())
    if not key:
        return []
    text, needle, hits, at = _TOWNS, f"|{key}|", [], 0
    while (at := text.find(needle, at)) >= 0:
        begin = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        at = end  # one hit per town, however many of its names match
        try:
            _gid, n, cc, _admin1, lat, lon, pop, _keys = text[begin:end].split("\t")
            lat_f, lon_f = float(lat), float(lon)
            hits.append({"name": n, "country": cc, "lat": lat_f, "lon": lon_f, "population": int(pop),
                         "distance_km": round(_km(REGION_CENTRE, (lat_f, lon_f)))})
        except ValueError:
            raise EditError(f"the offline gazetteer {gazetteer_path()} is damaged near character {begin}; "
                            "enter the coordinates by hand") from None
    hits.sort(key=lambda h: (h["distance_km"], -h["population"]))
    return hits[:limit]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))
