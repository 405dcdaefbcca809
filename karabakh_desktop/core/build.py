"""Building the SQLite store from a data folder.

Two ways, one rule: the analyst's tables (``schema.USER_TABLES``: notes, scenes, positions,
shared state, the edit log) never move, and the analyst's edit log is replayed on top of the new
shipped data in the same transaction (:func:`layer.replay`): imported documents, recorded items
and edits come back, conflicts are listed.

- An existing store is rebuilt **in place** by :func:`replace_knowledge`: one ``BEGIN IMMEDIATE``
  transaction empties and refills the knowledge tables inside the same file. A window that has
  the file open keeps it (and keeps saving), and a note committed by anyone before or after the
  transaction is simply there; one committed while it runs waits for it (busy timeout). A failed
  build rolls back and leaves the store as it was.
- A brand-new store is written to ``.NAME.building-PID`` beside the target and renamed over it
  once complete, so a killed first build never leaves half a store. Stale ``.building`` files of
  builds that died are removed by the next build.

Builds in one folder are serialized by a lock on the folder (``flock``): two first starts
at once build once, and the second opens what the first built. A symlinked target is built
through the link (the link stays). Only a really damaged file (not SQLite, failing the integrity
check) is ever set aside, as ``NAME.damaged-TIME``, with its user tables salvaged where SQLite can
still read them; a locked, read-only or newer store is never renamed.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import datafiles, dates, document, index, safe_io, schema, starter
from .mentions import MentionFinder
from .store import StoreCorrupt, StoreError, StoreLocked, StoreNotSQLite, StoreReadOnly, connect, open_store
from .wording import counted

# Bump when the build's output changes for the same data, so stores built before get rebuilt.
BUILD_VERSION = "4"  # 2: indexes on mentions and evidence by document; 3: periods, series, data credits; 4: geo_outlines
LOCK_WAIT_S = 120.0  # a second start waits this long for a first build to finish


def data_fingerprint(folder: str | Path) -> str:
    """A hash of every file in the data folder (and the build version): changes when they change."""
    folder = Path(folder)
    h = hashlib.sha256(f"build {BUILD_VERSION} schema {schema.SCHEMA_VERSION}\n".encode())
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.name.startswith("."):
            h.update(str(p.relative_to(folder)).encode() + b"\0")
            h.update(safe_io.read_bytes(p))
    return h.hexdigest()


def build(data_dir: str | Path, out: str | Path, *, keep_user_tables: bool = True,
          starter_scenes: bool = False) -> dict:
    """Validate ``data_dir`` and build the store at ``out``. Returns counts per table.

    Raises :class:`datafiles.DataError` (naming file and record) before anything is written, a
    :class:`StoreError` when the existing store is locked, read-only or newer (left as it was),
    and :class:`safe_io.NotAFile` when ``out`` is a folder, pipe or device. A damaged existing
    store is set aside (``counts["set_aside"]`` names where) and its user tables salvaged.
    With ``keep_user_tables=False`` an existing store is replaced by a new file (benchmarks).
    ``starter_scenes``: a store built new gets the data's starter briefing (``scenes.toml``).
    """
    started = time.perf_counter()
    kb = datafiles.load(data_dir)
    starters = starter.read(data_dir, kb.by_id()) if starter_scenes else []  # checked before any write
    fingerprint = data_fingerprint(data_dir)
    target = safe_io.write_target(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(target):
        fresh = not target.exists() or not keep_user_tables
        counts = _build_locked(kb, data_dir, fingerprint, target, keep_user_tables=keep_user_tables)
        if fresh and starters:
            counts["starter_scenes"] = _seed(target, starters)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts


def _build_locked(kb, data_dir, fingerprint: str, target: Path, *, keep_user_tables: bool = True,
                  db=None) -> dict:
    """The build proper, under :func:`build_lock`; ``db`` is the target already opened, if it was."""
    clean_stale_builds(target)
    if not target.exists() or not keep_user_tables:
        return _build_new(kb, data_dir, fingerprint, target)
    try:
        db = db or open_store(target)
    except (StoreCorrupt, StoreNotSQLite) as exc:
        return _set_aside_and_build(kb, data_dir, fingerprint, target, exc)
    try:
        return replace_knowledge(db, kb, data_dir, fingerprint)
    finally:
        db.close()


def replace_knowledge(db, kb: datafiles.KnowledgeBase, data_dir: str | Path, fingerprint: str | None = None) -> dict:
    """Replace every knowledge table of an open store with ``kb``, in one transaction, in place.

    The one place where shipped knowledge overwrites what is in a store: the user tables
    (``schema.USER_TABLES``) are not touched, so nothing the analyst committed — before, during
    (it waits for the lock) or after — is lost, and connections that have the file open keep it.
    On any error the transaction is rolled back and the store is as it was.
    """
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    # Keep changed pages in memory until the commit: readers (other windows) are only blocked
    # for the commit itself, not for the whole rebuild.
    conn.execute("PRAGMA cache_spill = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in (*schema.KB_TABLES, "search_index"):
            conn.execute(f"DELETE FROM [{table}]")
        counts = _fill_all(db, kb, data_dir, fingerprint)
        # Every knowledge row went, the analyst's too: they come back from the edit log, on top of
        # the new shipped rows, in this same transaction (a failed replay rolls the rebuild back).
        counts.update(_replay(db))
        counts["user_rows_kept"] = sum(db[t].count for t in schema.USER_TABLES if db[t].exists())
        conn.commit()
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.rollback()
        raise
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA cache_spill = ON")
    return counts


def _replay(db) -> dict:
    # layer brings the edit commands, the document library and the importers: imported by a build,
    # not by a start that finds the default store up to date (prepare_default_store).
    from . import layer

    return layer.replay(db)


def _fill_all(db, kb, data_dir, fingerprint: str | None) -> dict:
    from . import geo_store  # (numpy: not loaded by a start that opens an up-to-date store)

    counts = _fill(db, kb)
    counts["geo_outlines"] = geo_store.fill(db)
    db["meta"].insert_all([
        {"key": "data_fingerprint", "value": fingerprint or data_fingerprint(data_dir)},
        {"key": "built_at", "value": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
        # new at every build: an open window compares it to learn that the store was rebuilt under it
        {"key": "build_id", "value": uuid.uuid4().hex},
        {"key": "schema_version", "value": str(schema.SCHEMA_VERSION)},
        {"key": "data_folder", "value": str(Path(data_dir).resolve())},
        {"key": "data_credits", "value": kb.data_credits},
    ], replace=True)
    return counts


def _build_new(kb, data_dir, fingerprint: str, target: Path, salvage_from: Path | None = None) -> dict:
    """A complete new store written beside ``target`` and renamed over it (atomic)."""
    tmp = target.with_name(f".{target.name}.building-{os.getpid()}")
    for p in (tmp, Path(f"{tmp}-journal")):
        p.unlink(missing_ok=True)
    db = connect(tmp)
    try:
        schema.migrations.apply(db)
        with db.atomic():
            counts = _fill_all(db, kb, data_dir, fingerprint)
        if salvage_from is not None:
            counts.update(salvage_user_tables(db, salvage_from))
            counts.update(_replay(db))  # the salvaged edit log, on top of the new data
        db.close()
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(Exception):
            db.close()
        for p in (tmp, Path(f"{tmp}-journal")):
            p.unlink(missing_ok=True)
        raise
    return counts


def _set_aside_and_build(kb, data_dir, fingerprint: str, target: Path, why: StoreError) -> dict:
    """Move a damaged store out of the way (never delete it), build anew, salvage its user tables."""
    aside = target.with_name(f"{target.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while aside.exists():
        n += 1
        aside = target.with_name(f"{target.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
    clean_stale_builds(target)
    os.replace(target, aside)
    journal = Path(f"{target}-journal")
    if journal.is_file():  # a hot journal belongs to its file: it goes along
        with contextlib.suppress(FileNotFoundError):  # unless a writer's commit has deleted it since
            os.replace(journal, Path(f"{aside}-journal"))
    counts = _build_new(kb, data_dir, fingerprint, target, salvage_from=aside)
    kept = counts.get("user_rows_kept", 0)
    counts["set_aside"] = str(aside)
    counts["notice"] = (f"The store {target} was damaged ({why.title.lower()}: {str(why).splitlines()[0]}).\n"
                        f"It was moved aside, unchanged, to {aside}, and a new store was built. "
                        f"{counted(kept, 'row')} of your notes, scenes and settings were recovered from it.")
    return counts


def salvage_user_tables(db, old: Path) -> dict:
    """Copy the analyst's tables from ``old`` into ``db`` as far as SQLite can read them: a table
    that reads whole is copied whole, a damaged one row by row up to the first unreadable row."""
    kept = 0
    try:
        db.execute("ATTACH DATABASE ? AS old", [str(old)])
    except sqlite3.Error:
        return {"user_rows_kept": 0}
    try:
        try:
            old_tables = {r[0] for r in db.execute("SELECT name FROM old.sqlite_master WHERE type = 'table'")}
        except sqlite3.Error:
            return {"user_rows_kept": 0}
        for table in schema.USER_TABLES:
            if table not in old_tables:
                continue
            kept += _salvage_table(db, table)
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.conn.commit()
        with contextlib.suppress(sqlite3.Error):
            db.execute("DETACH DATABASE old")
    return {"user_rows_kept": kept}


def _salvage_table(db, table: str) -> int:
    try:
        new_cols = [c.name for c in db[table].columns]
        old_cols = {r[1] for r in db.execute(f"PRAGMA old.table_info([{table}])")}
    except sqlite3.Error:
        return 0
    cols = [c for c in new_cols if c in old_cols]
    names = ", ".join(f"[{c}]" for c in cols)
    try:
        with db.atomic():
            cur = db.execute(f"INSERT OR REPLACE INTO main.[{table}] ({names}) SELECT {names} FROM old.[{table}]")
            return max(cur.rowcount, 0)
    except sqlite3.Error:
        pass
    kept = 0
    insert = f"INSERT OR REPLACE INTO main.[{table}] ({names}) VALUES ({', '.join('?' for _ in cols)})"
    try:
        for row in db.execute(f"SELECT {names} FROM old.[{table}]"):
            db.execute(insert, list(row))
            kept += 1
    except sqlite3.Error:
        pass
    return kept


# --- serializing builds of one file -----------------------------------------------------------------------
@contextlib.contextmanager
def build_lock(target: Path, wait: float | None = None):
    """Hold an exclusive ``flock`` on the folder of ``target`` while building there. It is released
    if the process dies, leaves no file behind, and is independent of SQLite's own (fcntl) locks.
    A folder that cannot be opened cannot be built in either: go on without (the build reports)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux or macOS
        yield
        return
    try:
        fd = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + (LOCK_WAIT_S if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreLocked(f"{target} is being built by another program, which has not finished "
                                      "in time.\nTry again when it is done; nothing was changed.") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def clean_stale_builds(target: Path) -> list[Path]:
    """Remove ``.NAME.building-PID`` files of builds whose process is gone (killed mid-build)."""
    removed = []
    for p in target.parent.glob(f".{target.name}.building-*"):
        pid = p.name.rsplit("-", 1)[-1]
        if p.name.endswith("-journal"):
            pid = p.name[: -len("-journal")].rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and safe_io.pid_alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed


def _fill(db, kb: datafiles.KnowledgeBase) -> dict:
    counts: dict[str, int] = {}
    sentence_spans: dict[str, list[document.Span]] = {}
    sentence_ids: dict[tuple[str, int], int] = {}
    next_sentence = 1
    quote_index = kb.quotes()  # made by the checks, with every text's sentences: not split twice
    for d in kb.documents:
        text = kb.texts[d["id"]]
        db["documents"].insert({k: d.get(k) for k in ("id", "title", "author", "publisher", "published", "url",
                                                      "credit", "licence", "series")} | {"text": text})
        paras = document.paragraphs(text)
        sents = quote_index.sentences[d["id"]]
        _insert_rows(db, "paragraphs", ("document_id", "ordinal", "kind", "start", "end", "text"),
                     [(d["id"], p.ordinal, p.kind, p.start, p.end, p.text) for p in paras])
        rows = []
        for s in sents:
            sentence_ids[(d["id"], s.ordinal)] = next_sentence
            rows.append((next_sentence, d["id"], s.paragraph, s.ordinal, s.start, s.end, s.text))
            next_sentence += 1
        _insert_rows(db, "sentences", ("id", "document_id", "paragraph", "ordinal", "start", "end", "text"), rows)
        sentence_spans[d["id"]] = sents


    def where(quote: str | dict) -> tuple[str, int, int, int] | None:
        if isinstance(quote, dict):  # a located quote (exports): its own document and offset
            found, quote = (quote["document"], quote["start"]), quote["quote"]
        else:
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
        loc = where(datafiles.evidence_quotes(r)[0])
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
            for q in datafiles.evidence_quotes(r):
                loc = where(q)
                if loc:
                    evidence.append({"item_id": r["id"], "document_id": loc[0], "sentence_id": loc[3],
                                     "quote": q["quote"] if isinstance(q, dict) else q, "start": loc[1], "end": loc[2]})
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
    listed = {d["id"] for d in kb.documents if d.get("mentions") == "listed"}
    rows = []
    for m in kb.mentions:  # documents whose mentions the data lists (exports keep suggestions and rejections)
        s = document.locate(sentence_spans[m["document"]], m["start"])
        rows.append({"entity_id": m["entity"], "document_id": m["document"], "start": m["start"], "end": m["end"],
                     "sentence_id": sentence_ids.get((m["document"], s.ordinal)) if s else None,
                     "surface": kb.texts[m["document"]][m["start"]:m["end"]], "via": m.get("via"),
                     "status": m.get("status", "confirmed"), "confidence": m.get("confidence")})
    # Listed mentions are the data's own values (sqlite-utils stores odd TOML types as it always
    # has); found ones are known str/int tuples, inserted after them in the same order as before.
    db["mentions"].insert_all(rows, batch_size=5000)
    n = len(rows)
    found = []
    for doc_id, text in kb.texts.items():
        if doc_id in listed:
            continue
        spans = sentence_spans[doc_id]
        ends = [s.end for s in spans]
        for start, end, entity_id in finder.spans(text):
            # document.locate, in C: the first sentence ending after the offset, if it holds it
            k = bisect.bisect_right(ends, start)
            s = spans[k] if k < len(spans) and spans[k].start <= start else None
            sid = sentence_ids.get((doc_id, s.ordinal)) if s else None
            surface = text[start:end]
            found.append((entity_id, doc_id, start, end, sid, surface, None, "confirmed", None))
            if entity_id in metonym:
                found.append((metonym[entity_id], doc_id, start, end, sid, surface, entity_id, "confirmed", None))
    _insert_rows(db, "mentions", ("entity_id", "document_id", "start", "end", "sentence_id", "surface", "via",
                                  "status", "confidence"), found)
    return n + len(found)


def _insert_rows(db, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of plain str/int/float/None values, straight to SQLite (sqlite-utils' insert_all looks
    at every value of every row: most of the build's time at a megabyte of text)."""
    if rows:
        db.conn.executemany(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                            f"VALUES ({', '.join('?' * len(columns))})", rows)


def _fill_search(db) -> int:
    return index.fill(db)


@dataclass
class DefaultStore:
    """What :func:`prepare_default_store` did: the path to open, and what the user must be told."""

    path: Path
    rebuilt: bool = False
    readonly: bool = False  # open it read-only: it cannot be written
    notice: str | None = None  # a sentence for the user (set aside, read-only, stale), or None


def prepare_default_store(data_dir: str | Path, out: str | Path) -> DefaultStore:
    """Build the default store if it is missing or was built from other data, serialized with any
    other start doing the same (see :func:`build_lock`).

    A locked store is waited for (busy timeout) and then reported (:class:`StoreLocked`); a
    read-only one is used as it is (``readonly``, with a notice); a newer one, or a folder, pipe or
    device in its place, is refused. Only a damaged one is set aside — never deleted — with its
    user tables salvaged into the new store, and the notice says where the old file is.
    """
    out = Path(out)
    kb_cache: list = []

    def fingerprint() -> str:
        if not kb_cache:
            kb_cache.append(data_fingerprint(data_dir))
        return kb_cache[0]

    target = safe_io.write_target(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # reported below by the open or the build
    with build_lock(target):
        if target.exists():
            try:
                db = open_store(target)
            except StoreReadOnly as exc:
                return _read_only_default(target, exc, fingerprint())
            except (StoreCorrupt, StoreNotSQLite) as exc:
                counts = _set_aside_and_build(datafiles.load(data_dir), data_dir, fingerprint(), target, exc)
                return DefaultStore(target, rebuilt=True, notice=counts["notice"])
            try:
                current = db.execute("SELECT value FROM meta WHERE key='data_fingerprint'").fetchone()
                if current and current[0] == fingerprint():
                    db.close()
                    return DefaultStore(target)
                _build_locked(datafiles.load(data_dir), data_dir, fingerprint(), target, db=db)
            finally:
                db.close()
            return DefaultStore(target, rebuilt=True)
        kb = datafiles.load(data_dir)
        starters = starter.read(data_dir, kb.by_id())
        _build_locked(kb, data_dir, fingerprint(), target)
        _seed(target, starters)  # a first start: the starter briefing, ready for F5
        return DefaultStore(target, rebuilt=True)


def _seed(target: Path, starters) -> int:
    db = open_store(target)
    try:
        return starter.seed(db, starters)
    finally:
        db.close()


def _read_only_default(target: Path, why: StoreReadOnly, fingerprint: str) -> DefaultStore:
    db = open_store(target, readonly=True)  # raises what a read-only open cannot get past
    try:
        current = db.execute("SELECT value FROM meta WHERE key='data_fingerprint'").fetchone()
    finally:
        db.close()
    stale = "" if current and current[0] == fingerprint else (
        " It was built from older data than this version ships and cannot be rebuilt while read-only.")
    return DefaultStore(target, readonly=True,
                        notice=f"{str(why).splitlines()[0]} It was opened read-only: you can look and export, "
                               f"but notes and scenes cannot be saved.{stale}")


def ensure_default_store(data_dir: str | Path, out: str | Path) -> tuple[Path, bool]:
    """:func:`prepare_default_store`, as ``(path, rebuilt)``."""
    prepared = prepare_default_store(data_dir, out)
    return prepared.path, prepared.rebuilt

