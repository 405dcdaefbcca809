"""Building the SQLite store from a data folder.

The build writes a new file beside the target and renames it over the target only once
everything succeeded, so a failed build leaves an existing store untouched. The user tables
of the existing store (notes, scenes, positions, shared state) are carried into the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

from . import datafiles, dates, document, schema
from .fold import fold
from .mentions import MentionFinder
from .quotes import QuoteIndex
from .store import StoreError, connect, open_store

# Bump when the build's output changes for the same data, so stores built before get rebuilt.
BUILD_VERSION = "3"  # 2: indexes on mentions and evidence by document; 3: periods, series, data credits


def data_fingerprint(folder: str | Path) -> str:
    """A hash of every file in the data folder (and the build version): changes when they change."""
    folder = Path(folder)
    h = hashlib.sha256(f"build {BUILD_VERSION} schema {schema.SCHEMA_VERSION}\n".encode())
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.name.startswith("."):
            h.update(str(p.relative_to(folder)).encode() + b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def build(data_dir: str | Path, out: str | Path, *, keep_user_tables: bool = True) -> dict:
    """Validate ``data_dir`` and build the store at ``out``. Returns counts per table.

    Raises :class:`datafiles.DataError` (naming file and record) before anything is written.
    """
    started = time.perf_counter()
    kb = datafiles.load(data_dir)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.building-{os.getpid()}")
    for p in (tmp, Path(f"{tmp}-journal")):
        p.unlink(missing_ok=True)
    db = connect(tmp)
    try:
        schema.migrations.apply(db)
        with db.atomic():
            counts = _fill(db, kb)
            db["meta"].insert_all([
                {"key": "data_fingerprint", "value": data_fingerprint(data_dir)},
                {"key": "built_at", "value": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
                {"key": "schema_version", "value": str(schema.SCHEMA_VERSION)},
                {"key": "data_folder", "value": str(Path(data_dir).resolve())},
                {"key": "data_credits", "value": kb.data_credits},
            ], replace=True)
        if keep_user_tables and out.exists():
            counts.update(_carry_user_tables(db, out))
        db.close()
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(Exception):
            db.close()
        tmp.unlink(missing_ok=True)
        raise
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts


def _carry_user_tables(db, old: Path) -> dict:
    """Copy the analyst's tables from the store being replaced. An unreadable old store is not
    fatal: its file stays where it is until the rename, and the error says why nothing was kept."""
    try:
        open_store(old, readonly=True).close()
    except StoreError:
        return {"user_rows_kept": 0}
    kept = 0
    db.execute("ATTACH DATABASE ? AS old", [str(old)])
    try:
        old_tables = {r[0] for r in db.execute("SELECT name FROM old.sqlite_master WHERE type = 'table'")}
        with db.atomic():
            for table in schema.USER_TABLES:
                if table not in old_tables:
                    continue
                new_cols = [c.name for c in db[table].columns]
                old_cols = {r[1] for r in db.execute(f"PRAGMA old.table_info([{table}])")}
                cols = ", ".join(f"[{c}]" for c in new_cols if c in old_cols)
                cur = db.execute(f"INSERT OR REPLACE INTO main.[{table}] ({cols}) SELECT {cols} FROM old.[{table}]")
                kept += max(cur.rowcount, 0)
    finally:
        db.execute("DETACH DATABASE old")
    return {"user_rows_kept": kept}


def _fill(db, kb: datafiles.KnowledgeBase) -> dict:
    counts: dict[str, int] = {}
    sentence_spans: dict[str, list[document.Span]] = {}
    sentence_ids: dict[tuple[str, int], int] = {}
    next_sentence = 1
    for d in kb.documents:
        text = kb.texts[d["id"]]
        db["documents"].insert({k: d.get(k) for k in ("id", "title", "author", "publisher", "published", "url",
                                                      "credit", "licence", "series")} | {"text": text})
        paras = document.paragraphs(text)
        sents = document.sentences(text, paras)
        db["paragraphs"].insert_all({"document_id": d["id"], "ordinal": p.ordinal, "kind": p.kind,
                                     "start": p.start, "end": p.end, "text": p.text} for p in paras)
        rows = []
        for s in sents:
            sentence_ids[(d["id"], s.ordinal)] = next_sentence
            rows.append({"id": next_sentence, "document_id": d["id"], "paragraph": s.paragraph,
                         "ordinal": s.ordinal, "start": s.start, "end": s.end, "text": s.text})
            next_sentence += 1
        db["sentences"].insert_all(rows)
        sentence_spans[d["id"]] = sents

    quote_index = QuoteIndex(kb.texts)

    def where(quote: str) -> tuple[str, int, int, int] | None:
        found = quote_index.find(quote)
        if found is None:
            return None
        doc_id, at = found
        s = document.locate(sentence_spans[doc_id], at)
        return doc_id, at, at + len(quote), sentence_ids.get((doc_id, s.ordinal)) if s else None

    entities, aliases, evidence = [], [], []
    for kind in ("actor", "place", "event", "pattern"):
        for r in kb.all(kind):
            subtype = r.get("actor_type") or r.get("place_type") or r.get("category")
            entities.append({"id": r["id"], "kind": kind, "subtype": subtype, "name": r["name"],
                             "description": r.get("description"), "context": int(bool(r.get("context"))),
                             "source": r.get("source"), "note": r.get("note")})
            for a in r.get("aliases", []) or []:
                aliases.append({"entity_id": r["id"], "alias": a["alias"], "usage": a.get("usage", "other"),
                                "used_by": a.get("used_by"), "alias_kind": a.get("kind", "name"),
                                "mention": int(a.get("mention", True)), "note": a.get("note")})
    db["entities"].insert_all(entities)
    db["aliases"].insert_all(aliases)
    db["actors"].insert_all({"entity_id": r["id"], "actor_type": r["actor_type"], "country_id": r.get("country"),
                             "seat_id": r.get("seat")} for r in kb.all("actor"))
    db["places"].insert_all({"entity_id": r["id"], "lat": float(r["lat"]), "lon": float(r["lon"]),
                             "place_type": r["place_type"], "parent_id": r.get("parent"),
                             "metonym_for": r.get("metonym_for"), "is_case": int(bool(r.get("case")))}
                            for r in kb.all("place"))
    events, participants = [], []
    for r in kb.all("event"):
        ext: dates.Extent = r["_extent"]
        events.append({"entity_id": r["id"], "start": r["start"], "end": r.get("end"), "precision": r["precision"],
                       "place_id": r.get("place"), "context": int(bool(r.get("context"))),
                       "category": r["category"], "maybe_from": ext.maybe[0].isoformat(),
                       "maybe_to": ext.maybe[1].isoformat(),
                       "sure_from": ext.sure[0].isoformat() if ext.sure else None,
                       "sure_to": ext.sure[1].isoformat() if ext.sure else None})
        participants += [{"event_id": r["id"], "entity_id": p} for p in dict.fromkeys(r.get("participants", []))]
    db["events"].insert_all(events)
    db["event_participants"].insert_all(participants)
    db["relations"].insert_all({"id": r["id"], "source_id": r["source"], "target_id": r["target"], "kind": r["kind"],
                                "sign": r["sign"], "directed": int(r.get("directed", True)), "start": r.get("start"),
                                "end": r.get("end"), "asserted_by": r.get("asserted_by"),
                                "description": r.get("description"), "context": int(bool(r.get("context"))),
                                "source": r.get("source"), "note": r.get("note")} for r in kb.all("relation"))
    db["figures"].insert_all({"id": r["id"], "value": r["value"], "unit": r["unit"], "label": r["label"],
                              "subject_id": r["subject"], "approx": int(bool(r.get("approx"))),
                              "description": r.get("description"), "note": r.get("note")} for r in kb.all("figure"))
    claims = []
    for r in kb.all("claim"):
        loc = where(r["quote"])
        claims.append({"id": r["id"], "claimant_id": r["claimant"], "subject_id": r.get("subject"),
                       "sentence_id": loc[3] if loc else None, "summary": r["summary"], "quote": r["quote"],
                       "kind": r["kind"], "start": loc[1] if loc else None, "end": loc[2] if loc else None,
                       "description": r.get("description"), "note": r.get("note")})
    db["claims"].insert_all(claims)
    db["patterns"].insert_all({"id": r["id"], "name": r["name"], "description": r.get("description")}
                              for r in kb.all("pattern"))
    db["pattern_cells"].insert_all({"id": r["id"], "case_id": r["case"], "pattern_id": r["pattern"],
                                    "value": r["value"], "note": r.get("note")} for r in kb.all("cell"))
    db["periods"].insert_all({"id": r["id"], "name": r["name"], "start": r["start"], "end": r["end"],
                              "first": r["_window"][0].isoformat(), "after": r["_window"][1].isoformat(),
                              "event_id": r.get("event"), "description": r.get("description"),
                              "evidence": json.dumps(list(r.get("evidence", [])), ensure_ascii=False),
                              "context": int(bool(r.get("context"))), "source": r.get("source"),
                              "note": r.get("note"), "ordinal": n} for n, r in enumerate(kb.all("period")))
    for kind, recs in kb.items.items():
        if kind == "period":  # a period's quotes live with it: it is not an item that evidence points to
            continue
        for r in recs:
            quotes = ([r["quote"]] if r.get("quote") else []) + list(r.get("evidence", []))
            for q in dict.fromkeys(quotes):
                loc = where(q)
                if loc:
                    evidence.append({"item_id": r["id"], "document_id": loc[0], "sentence_id": loc[3], "quote": q,
                                     "start": loc[1], "end": loc[2]})
    db["evidence"].insert_all(evidence)
    counts["mentions"] = _fill_mentions(db, kb, sentence_spans, sentence_ids)
    counts["search_rows"] = _fill_search(db)
    # Panels read mentions and evidence document by document: without these, a store of many
    # documents (the 10,000-entity benchmark has 500) is scanned whole once per document.
    db["mentions"].create_index(["document_id", "start"], if_not_exists=True)
    db["evidence"].create_index(["document_id"], if_not_exists=True)
    for table in ("sentences", "entities", "aliases", "events", "relations", "figures", "claims", "pattern_cells",
                  "evidence"):
        counts[table] = db[table].count
    return counts


def _fill_mentions(db, kb, sentence_spans, sentence_ids) -> int:
    surfaces = datafiles.surface_forms(kb)
    finder = MentionFinder({s: eid for s, (eid, _) in surfaces.items()})
    metonym = {r["id"]: r["metonym_for"] for r in kb.all("place") if r.get("metonym_for")}
    rows = []
    for doc_id, text in kb.texts.items():
        spans = sentence_spans[doc_id]
        for m in finder.find(text):
            s = document.locate(spans, m.start)
            sid = sentence_ids.get((doc_id, s.ordinal)) if s else None
            rows.append({"entity_id": m.entity_id, "document_id": doc_id, "start": m.start, "end": m.end,
                         "sentence_id": sid, "surface": m.surface, "via": None})
            if m.entity_id in metonym:
                rows.append({"entity_id": metonym[m.entity_id], "document_id": doc_id, "start": m.start,
                             "end": m.end, "sentence_id": sid, "surface": m.surface, "via": m.entity_id})
    db["mentions"].insert_all(rows, batch_size=5000)
    return len(rows)


def _fill_search(db) -> int:
    rows = []
    for eid, name, desc in db.execute("SELECT id, name, description FROM entities"):
        rows.append((eid, "name", name, fold(name)))
        if desc:
            rows.append((eid, "description", desc, fold(desc)))
    for eid, alias in db.execute("SELECT entity_id, alias FROM aliases"):
        rows.append((eid, "alias", alias, fold(alias)))
    for rid, kind, desc in db.execute("SELECT id, kind, coalesce(description, '') FROM relations"):
        rows.append((rid, "relation", f"{kind.replace('_', ' ')}: {desc}", fold(f"{kind.replace('_', ' ')} {desc}")))
    for cid, summary in db.execute("SELECT id, summary FROM claims"):
        rows.append((cid, "claim", summary, fold(summary)))
    for fid, label in db.execute("SELECT id, label FROM figures"):
        rows.append((fid, "figure", label, fold(label)))
    for sid, text in db.execute("SELECT id, text FROM sentences"):
        rows.append((f"sentence:{sid}", "sentence", text, fold(text)))
    db.conn.executemany("INSERT INTO search_index (item_id, field, display, folded) VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def ensure_default_store(data_dir: str | Path, out: str | Path) -> tuple[Path, bool]:
    """Build the store at ``out`` if it is missing or was built from other data. Returns (path, rebuilt).

    A damaged default store is rebuilt (it holds nothing but rebuilt data and the user tables,
    which are carried over when they can be read).
    """
    out = Path(out)
    if out.exists():
        try:
            db = open_store(out)
            try:
                current = db.execute("SELECT value FROM meta WHERE key='data_fingerprint'").fetchone()
            finally:
                db.close()
            if current and current[0] == data_fingerprint(data_dir):
                return out, False
        except (StoreError, sqlite3.Error):
            backup = out.with_name(out.name + f".damaged-{int(time.time())}")
            os.replace(out, backup)
    build(data_dir, out)
    return out, True

