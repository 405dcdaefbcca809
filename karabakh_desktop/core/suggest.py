"""Suggested mentions: every name and alias of every entity, looked for in a new text.

Three ways a span is found, each with its confidence:
- ``exact`` (1.0): the name as written, character for character;
- ``folded`` (0.95): equal after the search folding (case, diacritics, dotless ı): "Laçın" is an
  alias of Lachin, "LACHIN" and "Şuşa" are found too;
- ``spelling`` (0.9): equal after reading the English digraphs as Azerbaijani letters
  ("Aghdam" ~ "Ağdam", "Khankendi" ~ "Xankəndi"); only when the text itself has a non-ASCII
  letter there, so that "Bush" never finds "bus";
- ``fuzzy`` (0.68–0.80): a capitalised word (or two, three) close to a name by rapidfuzz's
  normalised ratio (0–100) of the folded forms, at least ``FUZZY_THRESHOLD``. Measured pairs
  (``tests/test_suggest.py`` keeps them): variants score "Kelbadjar" / Kelbajar 94.1,
  "Stepanakerd" / Stepanakert 90.9, "Aghdam" / Agdam 90.9, "Pashinyan" / Pashinian 88.9,
  "Zangazur" / Zangezur 87.5, "Nakhichevan" / Nakhchivan 85.7, "Khojaly" / Khojali 85.7; but
  "Fizuli" / Fuzuli and "Hadrud" / Hadrut score 83.3, as does the false friend "Angara" / Ankara
  (a Siberian river). 85 keeps the first group and drops the second: a missed variant costs
  the analyst one "Tag as…", a false one costs a rejection per document. Two rules remove the
  high-scoring non-mentions: the name with an ending is a derived word, not a spelling
  ("Georgian" / Georgia 93.3, "Armenians" 87.5, "Azerbaijanis" 90.9, "Crimean" 92.3), and the
  first letter must agree ("Prussia" / Russia 92.3). Common capitalised words stay far below
  ("There" / Tehran 54.5, "Minister" / Minsk 61.5, "Agreement" / Aghdam 40.0).

Longest match wins (the trie of :mod:`mentions`): "Lachin corridor" is the corridor, not Lachin.
A capital used as a metonym (``places.metonym_for``) is suggested for the government too, with
``via`` naming the place, exactly as the build does for shipped mentions.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import document
from .fold import az_spelling, fold, fold_mapped
from .mentions import MentionFinder

if TYPE_CHECKING:
    from sqlite_utils import Database

CONFIDENCE = {"exact": 1.0, "folded": 0.95, "spelling": 0.9}
FUZZY_THRESHOLD = 85.0  # rapidfuzz ratio, 0-100; see the module docstring for the measured pairs
FUZZY_MIN_LENGTH = 5  # shorter names have too many neighbours ("Baku" / "Back", "Iran" / "Iraq")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class Suggestion:
    entity_id: str
    start: int
    end: int
    surface: str
    confidence: float
    how: str  # exact, folded, spelling, fuzzy
    via: str | None = None  # the metonym's place, for the government row of a capital


class Suggester:
    """Built once from the store's names and aliases; :meth:`find` runs on any text."""

    def __init__(self, db: Database):
        forms: list[tuple[str, str]] = []  # (surface, entity id), names before aliases
        for eid, name in db.execute("SELECT id, name FROM entities WHERE kind IN ('actor', 'place') ORDER BY id"):
            forms.append((name, eid))
        for eid, alias in db.execute("SELECT entity_id, alias FROM aliases WHERE coalesce(mention, 1) = 1 "
                                     "AND coalesce(alias_kind, 'name') != 'merged' ORDER BY id"):
            forms.append((alias, eid))
        self.metonym = dict(db.execute("SELECT entity_id, metonym_for FROM places WHERE metonym_for IS NOT NULL"))
        self._keys: dict[str, tuple[str, str, str]] = {}  # folded key -> (entity, surface, how)
        self._lower_ok: set[str] = set()  # keys some surface of which starts in lower case
        self._surfaces: set[str] = {surface for surface, _ in forms}
        for surface, eid in forms:
            key = fold(surface).strip()
            if key:
                self._keys.setdefault(key, (eid, surface, "folded"))
                if not surface[:1].isupper():
                    self._lower_ok.add(key)
        for surface, eid in forms:
            key = az_spelling(surface).strip()
            if key and key not in self._keys:
                self._keys[key] = (eid, surface, "spelling")
        self._finder = MentionFinder({k: k for k in self._keys})
        # Fuzzy candidates: folded names of at least FUZZY_MIN_LENGTH letters, by word count.
        self._fuzzy: dict[int, dict[str, str]] = {}
        for key, (eid, _surface, how) in self._keys.items():
            if how != "spelling" and len(key) >= FUZZY_MIN_LENGTH:
                self._fuzzy.setdefault(len(key.split()), {}).setdefault(key, eid)
        self._fuzzy_cache: dict[str, tuple[str, str, float] | None] = {}

    def find(self, text: str, *, fuzzy: bool = True) -> list[Suggestion]:
        folded, where = fold_mapped(text)

        def orig(a: int, b: int) -> tuple[int, int]:
            return (a, b) if where is None else (where[a], where[b - 1] + 1)

        def accept(a: int, b: int, key: str) -> bool:
            start, end = orig(a, b)
            if not text[start].isupper() and key not in self._lower_ok:
                return False  # "turkey" the bird, "georgia" in a URL: names are written with a capital
            return self._keys[key][2] != "spelling" or not text[start:end].isascii()

        out: list[Suggestion] = []
        covered: list[tuple[int, int]] = []
        for m in self._finder.find(folded, accept):
            eid, surface, how = self._keys[m.entity_id]
            start, end = orig(m.start, m.end)
            span = text[start:end]
            if span in self._surfaces:
                how = "exact"
            covered.append((start, end))
            out += self._with_metonym(Suggestion(eid, start, end, span, CONFIDENCE[how], how))
        if fuzzy and self._fuzzy and fuzzy_available():
            out += self._find_fuzzy(text, covered)
        out.sort(key=lambda s: (s.start, s.via is not None))
        return out

    def _with_metonym(self, s: Suggestion) -> list[Suggestion]:
        gov = self.metonym.get(s.entity_id)
        if gov is None:
            return [s]
        return [s, Suggestion(gov, s.start, s.end, s.surface, s.confidence, s.how, via=s.entity_id)]

    def _find_fuzzy(self, text: str, covered: list[tuple[int, int]]) -> list[Suggestion]:
        from rapidfuzz import fuzz, process

        taken = bytearray(len(text) + 1)
        for a, b in covered:
            taken[a:b] = b"\x01" * (b - a)
        words = [m for m in _NAME_WORD.finditer(text)]
        out: list[Suggestion] = []
        i = 0
        max_n = max(self._fuzzy)
        while i < len(words):
            w = words[i]
            if not w.group(0)[0].isupper() or taken[w.start()]:
                i += 1
                continue
            found = None
            for n in range(min(max_n, len(words) - i), 0, -1):
                group = words[i:i + n]
                start, end = group[0].start(), group[-1].end()
                # Words of one name are separated by single spaces, and none is already a mention.
                if any(taken[g.start()] for g in group) or any(
                        text[a.end():b.start()] != " " for a, b in zip(group, group[1:])):
                    continue
                choices = self._fuzzy.get(n)
                if not choices:
                    continue
                query = fold(text[start:end])
                if query not in self._fuzzy_cache:
                    best = process.extractOne(query, choices.keys(), scorer=fuzz.ratio,
                                              score_cutoff=FUZZY_THRESHOLD)
                    self._fuzzy_cache[query] = None if best is None or not _plausible(query, best[0]) else (
                        best[0], choices[best[0]], best[1])
                hit = self._fuzzy_cache[query]
                if hit is not None:
                    found = (n, start, end, hit)
                    break
            if found is None:
                i += 1
                continue
            n, start, end, (_key, eid, score) = found
            conf = round(0.8 * score / 100, 3)
            out += self._with_metonym(Suggestion(eid, start, end, text[start:end], conf, "fuzzy"))
            i += n
        return out


@functools.cache
def fuzzy_available() -> bool:
    """Whether close spellings can be suggested: rapidfuzz is installed (the bundle has its pure-Python code)."""
    import importlib.util

    return importlib.util.find_spec("rapidfuzz") is not None


def _plausible(query: str, name: str) -> bool:
    """A spelling variant, not another word: same first letter, long enough, and not the name
    with an ending ("Armenians", "Russian") or a piece of it. A name of several words must be
    close word by word: "Azerbaijani towns" is not "Azerbaijani troops", though the whole
    strings score 86."""
    if len(query) < FUZZY_MIN_LENGTH or query[0] != name[0]:
        return False
    if query.startswith(name) or name.startswith(query):
        return False
    qw, nw = query.split(), name.split()
    if len(qw) > 1:
        from rapidfuzz import fuzz

        return len(qw) == len(nw) and all(a == b or (fuzz.ratio(a, b) >= FUZZY_THRESHOLD and _plausible(a, b))
                                          for a, b in zip(qw, nw))
    return True


def document_sentences(db: Database, document_id: str) -> tuple[list[document.Span], list[int]]:
    """The document's sentences as spans (for :func:`document.locate`) and their row ids."""
    rows = db.execute("SELECT id, ordinal, start, end FROM sentences WHERE document_id = ? ORDER BY start",
                      [document_id]).fetchall()
    spans = [document.Span(n, s, e, "") for n, (_id, _o, s, e) in enumerate(rows)]
    return spans, [r[0] for r in rows]


def suggest(db: Database, document_id: str, *, fuzzy: bool = True, suggester: Suggester | None = None) -> int:
    """Add suggested mentions to a document; returns how many (a capital's government row not counted).

    Spans the store already has an opinion on are skipped: one confirmed for any entity, or one
    suggested or rejected for the same entity. So a re-run adds only what is new (a name added
    since), and a rejection is never brought back.
    """
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise KeyError(f"no document {document_id!r}")
    text = row[0] or ""
    suggester = suggester or Suggester(db)
    existing = db.execute("SELECT entity_id, start, end, status FROM mentions WHERE document_id = ?",
                          [document_id]).fetchall()
    confirmed = sorted((s, e) for _eid, s, e, st in existing if st == "confirmed")
    known: dict[str, list[tuple[int, int]]] = {}
    for eid, s, e, _st in existing:
        known.setdefault(eid, []).append((s, e))
    spans, ids = document_sentences(db, document_id)
    rows = []
    for sg in suggester.find(text, fuzzy=fuzzy):
        if _overlaps(confirmed, sg.start, sg.end) or any(
                s < sg.end and sg.start < e for s, e in known.get(sg.entity_id, ())):
            continue
        sent = document.locate(spans, sg.start)
        rows.append({"entity_id": sg.entity_id, "document_id": document_id, "start": sg.start, "end": sg.end,
                     "sentence_id": ids[sent.ordinal] if sent else None, "surface": sg.surface, "via": sg.via,
                     "status": "suggested", "confidence": sg.confidence, "layer": "analyst"})
    if rows:
        db["mentions"].insert_all(rows, batch_size=5000)
    return sum(1 for r in rows if r["via"] is None)


def _overlaps(sorted_spans: list[tuple[int, int]], start: int, end: int) -> bool:
    import bisect

    i = bisect.bisect_left(sorted_spans, (end, -1))
    return any(s < end and start < e for s, e in sorted_spans[max(0, i - 8):i])


def set_status(db: Database, mention_ids: list[int], status: str) -> int:
    """Confirm, reject or re-suggest mentions; a capital's government row follows its place row."""
    if not mention_ids:
        return 0
    marks = ",".join("?" * len(mention_ids))
    n = db.execute(f"UPDATE mentions SET status = ? WHERE id IN ({marks})", [status, *mention_ids]).rowcount
    db.execute(f"""UPDATE mentions SET status = ? WHERE via IS NOT NULL AND EXISTS (
                   SELECT 1 FROM mentions m WHERE m.id IN ({marks}) AND m.document_id = mentions.document_id
                   AND m.start = mentions.start AND m.end = mentions.end AND m.entity_id = mentions.via)""",
               [status, *mention_ids])
    return n


def mentions_of_name(db: Database, document_id: str, entity_id: str, *, surface: str | None = None,
                     status: str = "suggested") -> list[int]:
    """The ids of one entity's mentions in a document with a status (optionally one spelling only)."""
    sql = ("SELECT id FROM mentions WHERE document_id = ? AND entity_id = ? AND status = ? AND via IS NULL")
    args: list = [document_id, entity_id, status]
    if surface is not None:
        sql += " AND surface = ?"
        args.append(surface)
    return [r[0] for r in db.execute(sql + " ORDER BY start", args)]


def mention_counts(db: Database, *, include_suggested: bool = False, document_id: str | None = None) -> dict[str, int]:
    """Mentions per entity: confirmed only (what panels count), or confirmed + suggested."""
    statuses = ("confirmed", "suggested") if include_suggested else ("confirmed",)
    sql = f"SELECT entity_id, count(*) FROM mentions WHERE status IN ({','.join('?' * len(statuses))})"
    args: list = list(statuses)
    if document_id is not None:
        sql += " AND document_id = ?"
        args.append(document_id)
    return dict(db.execute(sql + " GROUP BY entity_id", args).fetchall())


def suggestions(db: Database, document_id: str | None = None, *, status: str = "suggested") -> list[dict]:
    """The suggestions (or rejections) of a document, or of every document, in text order."""
    sql = ("SELECT m.id, m.document_id, m.entity_id, e.name, m.start, m.end, m.surface, m.confidence, m.via "
           "FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id WHERE m.status = ?")
    args: list = [status]
    if document_id is not None:
        sql += " AND m.document_id = ?"
        args.append(document_id)
    cols = ("id", "document_id", "entity_id", "name", "start", "end", "surface", "confidence", "via")
    return [dict(zip(cols, r)) for r in db.execute(sql + " ORDER BY m.document_id, m.start, m.via", args)]
