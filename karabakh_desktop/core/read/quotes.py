"""The words behind an item — the memo's, or an imported document's: its evidence, and the one
"first quote" tooltips show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .documents import Citation, citations, memo_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database


QUOTE_CUT = 220  # a tooltip's quote is at most this many characters, the ellipsis included


@dataclass(frozen=True)
class Evidence:
    """One quote of an item: the exact words, the sentence they are in, where they start."""

    quote: str
    sentence_id: int | None
    document_id: str
    start: int


def evidence(db: Database, item: str) -> list[Evidence]:
    """Every evidence quote of ``item``, in the order they appear in the documents (taken in build
    order: the memo's first)."""
    return [Evidence(q, sid, doc, start) for q, sid, doc, start in db.execute(
        "SELECT e.quote, e.sentence_id, e.document_id, e.start FROM evidence e "
        "LEFT JOIN documents d ON d.id = e.document_id WHERE e.item_id = ? "
        "ORDER BY d.rowid, e.start, e.id", [item])]


def evidence_by_document(db: Database, item: str,
                         cited: Callable[[str], list[Citation]] | None = None) -> list[tuple[Citation, list[Evidence]]]:
    """:func:`evidence` grouped by the document it is in, each with that document's citation (who
    wrote it, when), the documents in build order: the memo first, then the analyst's imports.
    ``cited(doc_id)`` gives a document's citations as :func:`citations` does (a caller reading many
    items keeps them: two queries a document saved each time)."""
    by_doc: dict[str, list[Evidence]] = {}
    for e in evidence(db, item):
        by_doc.setdefault(e.document_id, []).append(e)
    cite = cited or (lambda doc_id: citations(db, doc_id))
    # by_doc is in build order already (evidence() sorts by the document's rowid); a document the
    # store no longer holds has no citation and is left out
    return [(c[0], found) for d, found in by_doc.items() if (c := cite(d))]


def quotes(db: Database, item: str) -> list[str]:
    """Just the words of :func:`evidence`, same order."""
    return [e.quote for e in evidence(db, item)]


def cut(text: str, limit: int = QUOTE_CUT) -> str:
    """``text`` if it fits in ``limit`` characters, else its start, cut at a space where possible, and "…"."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def first_quote(db: Database, item: str, limit: int = QUOTE_CUT) -> str:
    """The quote a tooltip shows for ``item``: its earliest evidence in the documents, cut to ``limit``
    characters by :func:`cut`; "" when the item has no evidence (a context item)."""
    return first_quote_cited(db, item, limit)[0]


def first_quote_cited(db: Database, item: str, limit: int = QUOTE_CUT) -> tuple[str, str]:
    """(:func:`first_quote`, where it is from): "" when from the memo (the store's first document),
    else the imported document's title, for a tooltip to name (a quote the analyst recorded from
    another document must not pass for the memo's). The memo's evidence comes first when there is any."""
    row = db.execute("SELECT e.quote, e.document_id, d.rowid, d.title FROM evidence e "
                     "LEFT JOIN documents d ON d.id = e.document_id WHERE e.item_id = ? "
                     "ORDER BY d.rowid, e.start, e.id LIMIT 1", [item]).fetchone()
    if not (row and row[0]):
        return "", ""
    from_memo = row[2] is not None and row[1] == memo_id(db)
    return cut(row[0], limit), "" if from_memo else (row[3] or row[1])
