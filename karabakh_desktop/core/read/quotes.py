"""The words of the memo behind an item: its evidence, and the one "first quote" tooltips show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    """Every evidence quote of ``item``, in the order they appear in the documents."""
    return [Evidence(q, sid, doc, start) for q, sid, doc, start in db.execute(
        "SELECT quote, sentence_id, document_id, start FROM evidence WHERE item_id = ? "
        "ORDER BY document_id, start, id", [item])]


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
    row = db.execute("SELECT quote FROM evidence WHERE item_id = ? ORDER BY document_id, start, id LIMIT 1",
                     [item]).fetchone()
    return cut(row[0], limit) if row and row[0] else ""
