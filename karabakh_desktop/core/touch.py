"""The rule "selecting X highlights Y", in one place.

Panels show the selection strongly, what it touches softly, and dim the rest; which is which
is decided here and nowhere else:

- an actor touches its relations and their other ends (its neighbours), its events, its claims
  (as claimant or subject), its figures, its places (seat, places tied by relations or events,
  capitals that stand for it) and the sentences that mention it or are its evidence;
- a place touches the events there, the actors tied to it, the places inside it, its figures,
  its claims, its pattern cells and its sentences;
- an event touches its participants, its place, its figures and its evidence sentences;
- a relation touches both ends and its evidence sentences;
- a claim touches its claimant, its subject and its sentence;
- a figure touches its subject and its evidence; a pattern cell its case and pattern;
  a pattern its cells and their cases;
- a sentence (``sentence:N``) touches every entity mentioned in it and every item it is evidence for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

STRONG, SOFT, DIM = 2, 1, 0


@dataclass(frozen=True)
class Touch:
    selected: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()  # touched, not selected
    sentences: frozenset[int] = frozenset()  # evidence and mention sentences of the selection
    evidence_sentences: frozenset[int] = field(default=frozenset())  # the subset that is evidence

    def level(self, item: str) -> int:
        if item in self.selected:
            return STRONG
        if item in self.items:
            return SOFT
        return DIM

    @property
    def empty(self) -> bool:
        return not self.selected


# (place, entity) pairs that tie an entity to a place, written once: touches() reads them for the
# selected place or actor, the read model for every place at once (the map's "actors tied here").
# Each is (the table it reads, its place column, its entity column).
PLACE_TIES = (
    ("actors", "seat_id", "entity_id"),  # an actor's seat
    ("places", "entity_id", "metonym_for"),  # a capital standing for its government
    ("events e JOIN event_participants p ON p.event_id = e.entity_id", "e.place_id", "p.entity_id"),
    ("relations", "source_id", "target_id"),  # a relation's ends, both ways
    ("relations", "target_id", "source_id"),
)


def place_ties(db: Database, *, place: str | None = None, other: str | None = None) -> set[tuple[str, str]]:
    """The (place, entity) ties of :data:`PLACE_TIES`, all of them or those of one place or one entity.
    The "place" column of a relation tie may be any entity: callers keep the pairs whose place is one.

    The filter goes into each part of the union, so one place or entity costs a few index look-ups,
    not the whole union (tens of milliseconds at 10,000 entities, on every selection of a place or actor)."""
    parts, args = [], []
    for table, p, o in PLACE_TIES:
        where = [f"{p} IS NOT NULL", f"{o} IS NOT NULL"]
        if place is not None:
            where.append(f"{p} = ?")
            args.append(place)
        if other is not None:
            where.append(f"{o} = ?")
            args.append(other)
        parts.append(f"SELECT {p}, {o} FROM {table} WHERE " + " AND ".join(where))
    return {(a, b) for a, b in db.execute(" UNION ALL ".join(parts), args)}


def kind_of(db: Database, item: str) -> str | None:
    if item.startswith("sentence:"):
        return "sentence"
    row = db.execute("SELECT kind FROM items WHERE id = ?", [item]).fetchone()
    return row[0] if row else None


def touches(db: Database, selected: Iterable[str]) -> Touch:
    selected = frozenset(selected)
    items: set[str] = set()
    sentences: set[int] = set()
    evidence: set[int] = set()
    q = db.execute

    def col(sql: str, *args) -> list:
        return [r[0] for r in q(sql, args) if r[0] is not None]

    for item in selected:
        kind = kind_of(db, item)
        if kind is None:
            continue
        if kind == "sentence":
            try:
                sid = int(item.split(":", 1)[1])
            except ValueError:
                continue
            sentences.add(sid)
            items.update(col("SELECT entity_id FROM mentions WHERE sentence_id = ? AND status = 'confirmed'", sid))
            items.update(col("SELECT item_id FROM evidence WHERE sentence_id = ?", sid))
            continue
        ev = col("SELECT sentence_id FROM evidence WHERE item_id = ?", item)
        evidence.update(ev)
        sentences.update(ev)
        if kind in ("actor", "place"):
            sentences.update(col("SELECT sentence_id FROM mentions WHERE entity_id = ? AND status = 'confirmed'", item))
            rels = q("SELECT id, source_id, target_id FROM relations WHERE source_id = ? OR target_id = ?",
                     [item, item]).fetchall()
            for rid, s, t in rels:
                items.update((rid, s, t))
            items.update(col("SELECT event_id FROM event_participants WHERE entity_id = ?", item))
            items.update(col("SELECT id FROM claims WHERE claimant_id = ? OR subject_id = ?", item, item))
            items.update(col("SELECT id FROM figures WHERE subject_id = ?", item))
        if kind == "actor":
            items.update(p for p, _ in place_ties(db, other=item))  # its seat, capitals, event places
        elif kind == "place":
            items.update(col("SELECT entity_id FROM events WHERE place_id = ?", item))
            items.update(o for _, o in place_ties(db, place=item))  # seated, standing-for, participants
            items.update(col("SELECT entity_id FROM places WHERE parent_id = ?", item))
            items.update(col("SELECT parent_id FROM places WHERE entity_id = ?", item))
            items.update(col("SELECT id FROM pattern_cells WHERE case_id = ?", item))
        elif kind == "event":
            items.update(col("SELECT entity_id FROM event_participants WHERE event_id = ?", item))
            items.update(col("SELECT place_id FROM events WHERE entity_id = ?", item))
            items.update(col("SELECT id FROM figures WHERE subject_id = ?", item))
            items.update(col("SELECT id FROM claims WHERE subject_id = ?", item))
        elif kind == "relation":
            row = q("SELECT source_id, target_id, asserted_by FROM relations WHERE id = ?", [item]).fetchone()
            items.update(x for x in row if x)
        elif kind == "claim":
            row = q("SELECT claimant_id, subject_id, sentence_id FROM claims WHERE id = ?", [item]).fetchone()
            items.update(x for x in row[:2] if x)
            if row[2] is not None:
                sentences.add(row[2])
                evidence.add(row[2])
        elif kind == "figure":
            items.update(col("SELECT subject_id FROM figures WHERE id = ?", item))
        elif kind == "cell":
            row = q("SELECT case_id, pattern_id FROM pattern_cells WHERE id = ?", [item]).fetchone()
            items.update(row)
        elif kind == "pattern":
            for cid, case in q("SELECT id, case_id FROM pattern_cells WHERE pattern_id = ?", [item]):
                items.update((cid, case))
                evidence.update(col("SELECT sentence_id FROM evidence WHERE item_id = ?", cid))
            sentences.update(evidence)
    items.difference_update(selected)
    sentences.discard(None)
    return Touch(selected, frozenset(items), frozenset(sentences), frozenset(evidence))
