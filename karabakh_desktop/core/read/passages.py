"""The passages of a document that speak of a selection, as a slide quotes them: whole sentences,
grouped by paragraph, each paragraph with its "¶ n" (the n-th body paragraph of its document)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database



@dataclass(frozen=True)
class Passage:
    document_id: str
    paragraph: int  # ¶ n: the body paragraph's number in its document, from 1
    sentences: tuple[str, ...]  # whole sentences, in the document's order
    evidence: bool  # some sentence is evidence of the selection (not only a mention)


def passages(db: Database, sentence_ids: Iterable[int], evidence_ids: Iterable[int] = ()) -> list[Passage]:
    """The sentences ``sentence_ids`` grouped into their paragraphs, in the documents' order."""
    wanted = sorted({int(s) for s in sentence_ids})
    if not wanted:
        return []
    ev = {int(s) for s in evidence_ids}
    numbers: dict[tuple[str, int], int] = {}
    for doc, ordinal, n in db.execute(
            "SELECT document_id, ordinal, ROW_NUMBER() OVER (PARTITION BY document_id ORDER BY ordinal) "
            "FROM paragraphs WHERE kind = 'body'"):
        numbers[(doc, ordinal)] = n
    groups: dict[tuple[str, int], list[tuple[int, str, bool]]] = {}
    marks = ",".join("?" * len(wanted))
    for sid, doc, para, start, text in db.execute(
            f"SELECT id, document_id, paragraph, start, text FROM sentences WHERE id IN ({marks}) "
            "ORDER BY document_id, start", wanted):
        if (doc, para) in numbers:  # titles, captions and bylines are not passages
            groups.setdefault((doc, para), []).append((start, text, sid in ev))
    return [Passage(doc, numbers[(doc, para)], tuple(t for _, t, _ in rows), any(e for *_, e in rows))
            for (doc, para), rows in groups.items()]


def opening(db: Database, sentences: int = 60) -> list[Passage]:
    """The first body paragraphs of the documents (about ``sentences`` sentences): what a memo slide
    quotes when nothing is selected."""
    return passages(db, [r[0] for r in db.execute(
        "SELECT id FROM sentences ORDER BY document_id, start LIMIT ?", [sentences])])
