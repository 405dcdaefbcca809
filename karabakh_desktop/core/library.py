"""The analyst's documents: importing a file, its metadata, its suggested mentions.

Import reads the file first (nothing is written if it cannot be read), then adds the document,
its paragraphs and sentences (split like the memo), their search rows and the suggested
mentions in one transaction, as one undoable, logged command (:mod:`edits`): a failed import
leaves the store as it was, and the document survives a rebuild of the shipped data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import dates, document, edits, importers, index, suggest
from .edits import Command, Context, EditError, op
from .wording import counted, noun

if TYPE_CHECKING:
    from sqlite_utils import Database

META_FIELDS = ("title", "author", "publisher", "published", "url", "licence", "credit")


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    layer: str
    paragraphs: int
    sentences: int
    confirmed: int
    suggested: int
    rejected: int


def check_date(value: str | None) -> str | None:
    """A publication date as YYYY, YYYY-MM or YYYY-MM-DD (the data's forms), or EditError."""
    if value in (None, ""):
        return None
    try:
        dates.span(value)
    except dates.DateError as exc:
        raise EditError(f"date {value!r}: {exc} (expected YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return value


def import_command(db: Database, path: str | Path, *, title: str | None = None, author: str | None = None,
                   publisher: str | None = None, published: str | None = None, url: str | None = None,
                   licence: str | None = None, suggest_mentions: bool = True,
                   read: importers.ReadDocument | None = None) -> Command:
    """Read a file and return the command that adds it (``.do(db)`` to import). ``read``: the file as
    :func:`importers.read` already read it (the GUI reads first, to pre-fill its metadata form).

    Raises :class:`importers.ReadError` (file and reason) or :class:`EditError` (bad metadata)
    before anything is written.
    """
    path = Path(path)
    check_date(published)
    read = read if read is not None else importers.read(path)
    if published is None and read.published:
        try:
            published = check_date(read.published[:10])
        except EditError:
            published = None
    title = (title or read.title or path.stem.replace("_", " ").replace("-", " ")).strip()
    payload = {"id": edits.new_id(db, title), "title": title, "author": author or read.author,
               "publisher": publisher, "published": published, "url": url, "licence": licence,
               "credit": None, "source_file": path.name, "format": read.format, "encoding": read.encoding,
               "pages": read.pages, "text": read.text, "suggest": suggest_mentions}
    return Command("import_document", payload, f"Import “{title}”")


@op("import_document")
def _import(db: Database, p: dict, ctx: Context) -> dict:
    if db.execute("SELECT 1 FROM documents WHERE id = ?", [p["id"]]).fetchone():
        raise EditError(f"a document {p['id']!r} is already in the store")
    text = p["text"]
    db["documents"].insert({k: p.get(k) for k in ("id", *META_FIELDS)} | {"text": text, "layer": "analyst"})
    paras = document.paragraphs(text)
    sents = document.sentences(text, paras)
    db["paragraphs"].insert_all(({"document_id": p["id"], "ordinal": s.ordinal, "kind": s.kind, "start": s.start,
                                  "end": s.end, "text": s.text} for s in paras), batch_size=2000)
    db["sentences"].insert_all(({"document_id": p["id"], "paragraph": s.paragraph, "ordinal": s.ordinal,
                                 "start": s.start, "end": s.end, "text": s.text} for s in sents), batch_size=2000)
    index.add_sentences(db, p["id"])
    n = suggest.suggest(db, p["id"]) if p.get("suggest", True) else 0
    return {"id": p["id"], "paragraphs": len(paras), "sentences": len(sents), "suggestions": n,
            "characters": len(text)}


def set_document_command(db: Database, document_id: str, field_name: str, value: str | None) -> Command:
    if field_name not in META_FIELDS:
        raise EditError(f"a document has no editable field {field_name!r} (one of {', '.join(META_FIELDS)})")
    row = db.execute(f"SELECT [{field_name}] FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise EditError(f"no document {document_id!r}")
    if field_name == "published":
        check_date(value)
    return Command("set_document", {"document": document_id, "field": field_name, "old": row[0], "new": value},
                   f"Set {field_name} of {document_id}")


def document_meta(db: Database, document_id: str) -> dict[str, str | None]:
    """A document's editable metadata (:data:`META_FIELDS`); empty when there is no such document."""
    row = db.execute(f"SELECT {', '.join(META_FIELDS)} FROM documents WHERE id = ?", [document_id]).fetchone()
    return dict(zip(META_FIELDS, row, strict=True)) if row else {}


@op("set_document")
def _set_document(db: Database, p: dict, ctx: Context) -> dict:
    row = db.execute(f"SELECT [{p['field']}] FROM documents WHERE id = ?", [p["document"]]).fetchone()
    if row is None:
        raise EditError(f"no document {p['document']!r}")
    if ctx.replay and row[0] != p["old"]:
        ctx.conflict("changed", p["document"], f"the shipped data changed the {p['field']} of document "
                     f"{p['document']!r} since you set it", shipped=row[0], analyst=p["new"])
    db.execute(f"UPDATE documents SET [{p['field']}] = ? WHERE id = ?", [p["new"], p["document"]])
    return {}


def status_command(db: Database, mention_ids: list[int], status: str) -> Command:
    """Confirm, reject (or put back to suggested) these mentions."""
    if status not in ("confirmed", "suggested", "rejected"):
        raise EditError(f"status {status!r}: expected confirmed, suggested or rejected")
    if not mention_ids:
        raise EditError("no mentions given")
    marks = ",".join("?" * len(mention_ids))
    rows = db.execute(f"SELECT id, document_id, entity_id, start, end FROM mentions WHERE id IN ({marks}) "
                      f"AND via IS NULL", list(mention_ids)).fetchall()
    missing = set(mention_ids) - {r[0] for r in rows}
    if missing:
        raise EditError(f"no such {noun(len(missing), 'mention')}: {', '.join(map(str, sorted(missing)))} (or a "
                        "capital's government row: confirm the place's row)")
    docs = {r[1] for r in rows}
    spans = {doc: [[r[2], r[3], r[4]] for r in rows if r[1] == doc] for doc in docs}
    verb = {"confirmed": "Confirm", "rejected": "Reject", "suggested": "Unconfirm"}[status]
    return Command("mention_status", {"status": status, "spans": spans},
                   f"{verb} {counted(len(rows), 'mention')}")


def name_status_command(db: Database, document_id: str, entity_id: str, status: str, *,
                        surface: str | None = None) -> Command:
    """Confirm or reject every suggestion of one name (an entity, optionally one spelling) in a document."""
    ids = suggest.mentions_of_name(db, document_id, entity_id, surface=surface)
    if not ids:
        raise EditError(f"no suggested mention of {entity_id!r} in {document_id!r}")
    return status_command(db, ids, status)


@op("mention_status")
def _mention_status(db: Database, p: dict, ctx: Context) -> dict:
    changed = 0
    for doc, spans in p["spans"].items():
        for entity, start, end in spans:
            row = db.execute("SELECT id FROM mentions WHERE document_id = ? AND entity_id = ? AND start = ? "
                             "AND end = ? AND via IS NULL", [doc, entity, start, end]).fetchone()
            if row is None:
                if ctx.replay:
                    ctx.conflict("gone", entity, f"the mention of {entity!r} at {start}-{end} in {doc!r} that you "
                                 f"marked {p['status']} is no longer suggested")
                    continue
                raise EditError(f"no mention of {entity!r} at {start}-{end} in {doc!r}")
            changed += suggest.set_status(db, [row[0]], p["status"])
    return {"changed": changed}


def resuggest_command(document_id: str) -> Command:
    """Run the suggester again on a document (after names were added): only new spans are added."""
    return Command("suggest", {"document": document_id}, f"Suggest mentions in {document_id}")


@op("suggest")
def _suggest(db: Database, p: dict, ctx: Context) -> dict:
    return {"suggestions": suggest.suggest(db, p["document"])}


def documents(db: Database) -> list[DocumentInfo]:
    """Every document with its counts, the shipped ones first, then by title."""
    counts: dict[tuple[str, str], int] = {}
    for doc, status, n in db.execute("SELECT document_id, status, count(*) FROM mentions WHERE via IS NULL "
                                     "GROUP BY document_id, status"):
        counts[(doc, status)] = n
    paras = dict(db.execute("SELECT document_id, count(*) FROM paragraphs GROUP BY document_id").fetchall())
    sents = dict(db.execute("SELECT document_id, count(*) FROM sentences GROUP BY document_id").fetchall())
    out = []
    for did, title, author, publisher, published, url, layer in db.execute(
            "SELECT id, title, author, publisher, published, url, layer FROM documents "
            "ORDER BY layer = 'analyst', title COLLATE NOCASE"):
        out.append(DocumentInfo(did, title, author, publisher, published, url, layer, paras.get(did, 0),
                                sents.get(did, 0), counts.get((did, "confirmed"), 0),
                                counts.get((did, "suggested"), 0), counts.get((did, "rejected"), 0)))
    return out
