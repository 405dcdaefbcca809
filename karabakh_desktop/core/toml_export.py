"""Writing a whole store back out as a ``data/`` folder: shipped data, the analyst's edits and
imported documents, in the format ``db build --data`` reads (see ``data/README.md``).

A team shares a curated knowledge base this way: a folder of diffable files. What a plain data
folder leaves to the build is written out explicitly, so that building the folder gives the
same store: every evidence quote carries its document and offset (``{ quote, document, start }``;
a short quote may occur in several documents), every document is marked ``mentions =
"listed"`` and its mentions — suggested and rejected ones too — are in ``mentions.toml``.
The notes, scenes and other user tables are not part of the knowledge base and stay in the store.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database



def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        # A JSON string is a valid TOML basic string, but for DEL, which TOML wants escaped.
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_value(x)}" for k, x in v.items() if x is not None) + " }"
    if isinstance(v, list | tuple):
        if not v:
            return "[]"
        return "[\n" + "".join(f"  {_value(x)},\n" for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _records(array: str, records: list[dict]) -> str:
    out = []
    for r in records:
        lines = [f"[[{array}]]"] + [f"{k} = {_value(v)}" for k, v in r.items() if v is not None and v != []]
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def export_toml(db: Database, out: str | Path) -> list[Path]:
    """Write the knowledge base into the folder ``out`` (created; existing files of the same names
    are replaced, each one atomically). Returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    evidence: dict[str, list[dict]] = {}
    for item, doc, quote, start in db.execute("SELECT item_id, document_id, quote, start FROM evidence ORDER BY id"):
        evidence.setdefault(item, []).append({"quote": quote, "document": doc, "start": start})
    aliases: dict[str, list[dict]] = {}
    for eid, alias, usage, used_by, kind, mention, note in db.execute(
            "SELECT entity_id, alias, usage, used_by, alias_kind, mention, note FROM aliases ORDER BY id"):
        aliases.setdefault(eid, []).append(_clean({"alias": alias, "usage": usage, "used_by": used_by, "kind": kind,
                                                   "mention": False if mention == 0 else None, "note": note}))

    docs = []
    for d in db["documents"].rows_where(order_by="rowid"):
        name = f"texts/{d['id']}.txt"
        files[name] = d["text"]
        docs.append(_clean({"id": d["id"], "title": d["title"], "author": d["author"], "publisher": d["publisher"],
                            "published": d["published"], "url": d["url"], "series": d.get("series"),
                            "credit": d["credit"],
                            "licence": d["licence"], "file": name, "mentions": "listed",
                            "imported": True if d.get("layer") == "analyst" else None}))
    credits = db.execute("SELECT value FROM meta WHERE key = 'data_credits'").fetchone()
    files["documents.toml"] = ("# Exported by karabakh-desktop db export --format toml\n\n"
                               + (f"data_credits = {_value(credits[0])}\n\n" if credits and credits[0] else "")
                               + _records("document", docs))

    def base(e: dict) -> dict:
        return {"id": e["id"], "name": e["name"], "description": e["description"],
                "context": True if e["context"] else None, "source": e["source"], "note": e["note"]}

    def tail(e: dict) -> dict:
        return {"aliases": aliases.get(e["id"], []), "evidence": evidence.get(e["id"], [])}

    ents = {e["id"]: e for e in db["entities"].rows_where(order_by="rowid")}
    actors = [base(ents[a["entity_id"]]) | {"actor_type": a["actor_type"], "country": a["country_id"],
                                            "seat": a["seat_id"]} | tail(ents[a["entity_id"]])
              for a in db["actors"].rows_where(order_by="rowid")]
    places = [base(ents[p["entity_id"]]) | {"place_type": p["place_type"], "lat": p["lat"], "lon": p["lon"],
                                            "parent": p["parent_id"], "metonym_for": p["metonym_for"],
                                            "case": True if p["is_case"] else None} | tail(ents[p["entity_id"]])
              for p in db["places"].rows_where(order_by="rowid")]
    participants: dict[str, list[str]] = {}
    for ev, ent in db.execute("SELECT event_id, entity_id FROM event_participants ORDER BY rowid"):
        participants.setdefault(ev, []).append(ent)
    events = [base(ents[e["entity_id"]]) | {"start": e["start"], "end": e["end"], "precision": e["precision"],
                                            "place": e["place_id"], "category": e["category"],
                                            "participants": participants.get(e["entity_id"], [])}
              | tail(ents[e["entity_id"]]) for e in db["events"].rows_where(order_by="rowid")]
    patterns = [base(ents.get(p["id"], p | {"context": 0, "source": None, "note": None})) | tail(p)
                for p in db["patterns"].rows_where(order_by="rowid")]
    cells = [{"id": c["id"], "case": c["case_id"], "pattern": c["pattern_id"], "value": c["value"], "note": c["note"],
              "evidence": evidence.get(c["id"], [])} for c in db["pattern_cells"].rows_where(order_by="rowid")]
    figures = [{"id": f["id"], "value": f["value"], "unit": f["unit"], "label": f["label"], "subject": f["subject_id"],
                "approx": True if f["approx"] else None, "description": f["description"], "note": f["note"],
                "evidence": evidence.get(f["id"], [])} for f in db["figures"].rows_where(order_by="rowid")]
    relations = [{"id": r["id"], "source": r["source_id"], "target": r["target_id"], "kind": r["kind"],
                  "sign": r["sign"], "directed": False if r["directed"] == 0 else None, "start": r["start"],
                  "end": r["end"], "asserted_by": r["asserted_by"], "description": r["description"],
                  "context": True if r["context"] else None, "note": r["note"], "evidence": evidence.get(r["id"], [])}
                 for r in db["relations"].rows_where(order_by="rowid")]
    claims = []
    for c in db["claims"].rows_where(order_by="rowid"):
        ev = list(evidence.get(c["id"], []))
        located = next((q for q in ev if q["quote"] == c["quote"] and q["start"] == c["start"]), None)
        if located:
            ev.remove(located)
        claims.append({"id": c["id"], "claimant": c["claimant_id"], "subject": c["subject_id"], "summary": c["summary"],
                       "quote": c["quote"], "quote_document": located["document"] if located else None,
                       "quote_start": located["start"] if located else None, "kind": c["kind"],
                       "description": c["description"], "note": c["note"], "evidence": ev})
    periods = [{"id": p["id"], "name": p["name"], "start": p["start"], "end": p["end"], "event": p["event_id"],
                "description": p["description"], "evidence": json.loads(p["evidence"] or "[]"),
                "context": True if p["context"] else None, "source": p["source"], "note": p["note"]}
               for p in db["periods"].rows_where(order_by="ordinal")] if db["periods"].exists() else []
    mentions = [_clean({"document": doc, "entity": eid, "start": s, "end": e, "status": st, "confidence": conf,
                        "via": via})
                for doc, eid, s, e, st, conf, via in db.execute(
                    "SELECT document_id, entity_id, start, end, status, confidence, via FROM mentions ORDER BY id")]

    head = "# Exported by karabakh-desktop db export --format toml; see data/README.md\n\n"
    files["actors.toml"] = head + _records("actor", actors)
    files["places.toml"] = head + _records("place", places)
    files["events.toml"] = head + _records("event", events)
    files["figures.toml"] = head + _records("figure", figures)
    files["relations.toml"] = head + _records("relation", relations)
    files["claims.toml"] = head + _records("claim", claims)
    files["patterns.toml"] = head + _records("pattern", patterns) + "\n" + _records("cell", cells)
    files["mentions.toml"] = head + _records("mention", mentions)
    if periods:
        files["periods.toml"] = head + _records("period", periods)
    written = []
    for name, text in files.items():
        written.append(_write(out / name, text))
    return written


def _write(path: Path, text: str) -> Path:
    """Write beside and rename over: a failed export never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
