"""The documents of a store: how each is cited (from the ``documents`` table, never from constants) and
what the Memo panel lays out (text, paragraphs, mentions, sentences, where evidence is)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import dates

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Citation:
    """What a document is cited as. ``licence`` is the publisher's terms (the fair-use text shown in
    About); ``credit`` the full credit line the data gives, if any."""

    id: str
    title: str
    author: str
    publisher: str
    series: str
    published: str  # a partial ISO date, as in the data
    url: str
    credit: str
    licence: str

    @property
    def date_label(self) -> str:
        """``23 Aug 2021`` (the precision the date is given with)."""
        try:
            return dates.label(self.published) if self.published else ""
        except dates.DateError:
            return self.published

    @property
    def short(self) -> str:
        """``A. Valiyev, PONARS Eurasia Policy Memo, 23 Aug 2021``: the slide footnote's citation."""
        words = self.author.split()
        author = f"{words[0][0]}. {' '.join(words[1:])}" if len(words) > 1 else self.author
        return ", ".join(p for p in (author, self.series or self.publisher, self.date_label) if p)

    @property
    def full(self) -> str:
        """Author, “title”, series, date, URL: the reference as a reader writes it."""
        parts = [self.author, f"“{self.title}”" if self.title else "", self.series or self.publisher,
                 self.date_label, self.url]
        return ", ".join(p for p in parts if p)


def _columns(db: Database) -> str:
    # A store opened read-only before the `series` migration was applied still reads (without it).
    # (PRAGMA, not db["documents"].columns_dict: a window reads this before its first paint, when
    # sqlite-utils' table helpers are not loaded yet; see core.store.)
    has_series = any(r[1] == "series" for r in db.execute("PRAGMA table_info(documents)"))
    series = "series" if has_series else "''"
    return f"id, title, author, publisher, {series}, published, url, credit, licence"


def citations(db: Database, doc_id: str | None = None) -> list[Citation]:
    """The :class:`Citation` of every document of the store, in the order they were built (or of
    document ``doc_id`` alone: a store of thousands of documents opens one without reading all)."""
    where, args = ("WHERE id = ? ", [doc_id]) if doc_id is not None else ("", [])
    return [Citation(*(v if v is not None else "" for v in row))
            for row in db.execute(f"SELECT {_columns(db)} FROM documents {where}ORDER BY rowid", args)]


def memo_id(db: Database) -> str | None:
    """The id of the memo: the store's first document (built from its data before any import; the
    document slides take their title from), or None for a store without documents."""
    row = db.execute("SELECT id FROM documents ORDER BY rowid LIMIT 1").fetchone()
    return row[0] if row else None


def imported_title(db: Database, doc_id: str) -> str | None:
    """How a passage names the analyst's imported document it is from: its title (its id when it has
    none); None for the memo (the store's first document) or a document the store does not hold."""
    if doc_id == memo_id(db):
        return None
    cite = citations(db, doc_id)
    return (cite[0].title or doc_id) if cite else None


SHORT_TITLE = 40  # characters a list gives a document's name


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """A title short enough to name a document in a list: without its subtitle (what follows a colon)
    when what comes before has two words or more, cut at a word with "…" past ``limit`` characters.
    ``Karabakh After the 44-Day War: Russian Peacekeepers and Patterns`` → ``Karabakh After the 44-Day War``."""
    title = " ".join(title.split())
    head = title.split(": ", 1)[0]
    if head != title and len(head.split()) >= 2:
        title = head
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit]
    return cut.rstrip(" ,;:–—-") + "…"


MEMO_NAME = "the memo"


def _quoted(title: str, doc_id: str) -> str:
    return f"“{short_title(title)}”" if title != doc_id else doc_id


def document_name(db: Database, doc_id: str) -> str:
    """How a list or a label says which document a passage is from: "the memo" for the memo, an
    imported document's short title in quotes (“Field report”), its id when it has no title, or the
    id of a document the store does not hold."""
    return named_citation(db, doc_id)[0]


def named_citation(db: Database, doc_id: str) -> tuple[str, Citation | None]:
    """:func:`document_name` of ``doc_id`` and its :class:`Citation` (None for a document the store
    does not hold), from one read of the citation: for a list that names a document and cites it."""
    is_memo = doc_id == memo_id(db)
    cite = next(iter(citations(db, doc_id)), None) if doc_id is not None else None
    if is_memo:
        return MEMO_NAME, cite
    if cite is None:
        return doc_id, None
    return _quoted(cite.title or doc_id, doc_id), cite


def cited_documents(db: Database, items=None) -> list[Citation]:
    """The documents that content comes from: those holding the evidence, claim passages or confirmed
    mentions of ``items`` (None: of any item of the knowledge base), in build order. A slide cites
    these: an imported document nothing was recorded from is not a source of what it shows. When
    none is found (a store without evidence), every document."""
    ids = None if items is None else [i for i in items if not str(i).startswith("sentence:")]
    if ids is not None and not ids:
        return []
    where, args = ("", []) if ids is None else (" AND {col} IN (" + ",".join("?" * len(ids)) + ")", ids)
    sql = (f"SELECT document_id FROM evidence WHERE 1{where.format(col='item_id')} "
           f"UNION SELECT s.document_id FROM claims c JOIN sentences s ON s.id = c.sentence_id "
           f"WHERE 1{where.format(col='c.id')} "
           f"UNION SELECT document_id FROM mentions WHERE status = 'confirmed'{where.format(col='entity_id')}")
    used = {r[0] for r in db.execute(sql, args * 3)}
    cites = citations(db)
    return [c for c in cites if c.id in used] or (cites if ids is None else [])


def earliest_publication(db: Database):
    """The first day of the earliest document's date (the timeline's "as of" line), or None."""
    days = []
    for c in citations(db):
        try:
            days.append(dates.span(c.published)[0])
        except dates.DateError:
            continue
    return min(days, default=None)


def data_credits(db: Database) -> str:
    """What the data credits besides its documents (``data_credits`` in ``documents.toml``), or ""."""
    row = db.execute("SELECT value FROM meta WHERE key = 'data_credits'").fetchone()
    return row[0] if row and row[0] else ""


def documents(db: Database) -> list[tuple[str, str]]:
    """(id, title) of every document, in build order."""
    return [(c.id, c.title) for c in citations(db)]


@dataclass(frozen=True)
class DocumentContent:
    """One document as the Memo panel lays it out; every position is an offset into ``text``.
    ``mentions`` are direct (not through a metonym) and sorted by start."""

    citation: Citation
    text: str
    paragraphs: tuple[tuple[str, int, int], ...]  # (kind, start, end) in reading order
    mentions: tuple[tuple[str, int, int], ...]  # (entity, start, end)
    sentences: tuple[tuple[int, int, int], ...]  # (sentence id, start, end)
    evidence_starts: tuple[int, ...]  # where each evidence quote and claim quote starts
    # Suggested mentions, for the analyst to confirm or reject: (mention id, entity, start, end,
    # confidence), sorted by start; never counted with ``mentions``.
    suggested: tuple[tuple[int, str, int, int, float], ...] = ()


def document_content(db: Database, doc_id: str) -> DocumentContent | None:
    """The text and layout of document ``doc_id``; None if the store has no such document."""
    cite = next(iter(citations(db, doc_id)), None)
    if cite is None:
        return None
    (text,) = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
    paragraphs = tuple(db.execute("SELECT kind, start, end FROM paragraphs WHERE document_id = ? ORDER BY ordinal",
                                  [doc_id]))
    # Confirmed mentions only: suggestions are the analyst's to confirm (see core/suggest).
    mentions = tuple(db.execute("SELECT entity_id, start, end FROM mentions WHERE document_id = ? AND via IS NULL "
                                "AND status = 'confirmed' ORDER BY start", [doc_id]))
    sentences = tuple(db.execute("SELECT id, start, end FROM sentences WHERE document_id = ? ORDER BY start",
                                 [doc_id]))
    # The document's sentences as a list to look claims up in: a join would visit every claim's
    # sentence (a millisecond and more, on each document the memo panel turns to, at 10,000 entities).
    starts = tuple(r[0] for r in db.execute(
        "SELECT start FROM evidence WHERE document_id = ? UNION ALL SELECT start FROM claims "
        "WHERE sentence_id IN (SELECT id FROM sentences WHERE document_id = ?) AND start IS NOT NULL",
        [doc_id, doc_id]))
    suggested = tuple(db.execute("SELECT id, entity_id, start, end, confidence FROM mentions WHERE document_id = ? "
                                 "AND via IS NULL AND status = 'suggested' ORDER BY start", [doc_id]))
    return DocumentContent(cite, text or "", paragraphs, mentions, sentences, starts, suggested)


def document_of(db: Database, selected) -> str | None:
    """The document a selection is in: that of its first selected sentence, else of the first evidence
    or mention of its items; None when none of it is in any document."""
    selected = list(selected)
    for item in selected:
        if item.startswith("sentence:") and item.split(":", 1)[1].isdigit():
            row = db.execute("SELECT document_id FROM sentences WHERE id = ?", [int(item.split(":", 1)[1])]).fetchone()
            if row:
                return row[0]
    ids = [i for i in selected if not i.startswith("sentence:")]
    if not ids:
        return None
    marks = ",".join("?" * len(ids))
    row = db.execute(f"SELECT document_id FROM evidence WHERE item_id IN ({marks}) UNION ALL "
                     f"SELECT document_id FROM mentions WHERE entity_id IN ({marks}) AND status = 'confirmed' LIMIT 1",
                     ids + ids).fetchone()
    return row[0] if row else None
