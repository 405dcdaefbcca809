"""What the store says of one item, kind by kind: the facts the Details panel and tooltips render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import notes as _notes
from ..touch import Touch

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Facts:
    """What every entity (actor, place, event, pattern) carries; ``context`` items are not from the
    memo and name their ``source``. Relations carry the same fields (their kind as ``subtype``)."""

    id: str
    kind: str
    subtype: str | None
    name: str
    description: str | None
    context: bool
    source: str | None
    note: str | None


def facts(db: Database, item: str) -> Facts | None:
    """The :class:`Facts` of an entity or a relation; None for other items and unknown ids."""
    row = db.execute("SELECT id, kind, subtype, name, description, context, source, note FROM entities "
                     "WHERE id = ?", [item]).fetchone()
    if row is None:
        row = db.execute("SELECT id, 'relation', kind, kind, description, context, source, note FROM relations "
                         "WHERE id = ?", [item]).fetchone()
    if row is None:
        return None
    eid, kind, subtype, name, description, context, source, note = row
    return Facts(eid, kind, subtype, name or eid, description, bool(context), source, note)


@dataclass(frozen=True)
class Alias:
    """One name of an entity: the words, whose usage (``az``, ``hy``, ``en`` …), who uses it, and what
    kind of name it is (``name``, ``spelling``, ``metonym``, ``abbreviation``, ``term``)."""

    alias: str
    usage: str
    used_by: str | None
    kind: str


def names(db: Database, item: str) -> list[Alias]:
    """Every alias of ``item``, in the order the data gives them."""
    return [Alias(a, u or "other", by, k or "name") for a, u, by, k in db.execute(
        "SELECT alias, usage, used_by, alias_kind FROM aliases WHERE entity_id = ? ORDER BY id", [item])]


@dataclass(frozen=True)
class PlaceFacts:
    lat: float
    lon: float
    place_type: str
    metonym_for: str | None  # the actor a capital stands for in the memo
    parent: str | None
    is_case: bool


def place(db: Database, item: str) -> PlaceFacts | None:
    """Where a place is and what it is; None if ``item`` is not a place."""
    row = db.execute("SELECT lat, lon, place_type, metonym_for, parent_id, is_case FROM places WHERE entity_id = ?",
                     [item]).fetchone()
    return None if row is None else PlaceFacts(float(row[0]), float(row[1]), row[2] or "", row[3], row[4],
                                               bool(row[5]))


@dataclass(frozen=True)
class EventFacts:
    start: str  # partial ISO dates, as in the data
    end: str | None
    precision: str
    place: str | None
    category: str
    context: bool
    participants: tuple[str, ...]


def event(db: Database, item: str) -> EventFacts | None:
    """When and where an event happened and who took part; None if ``item`` is not an event."""
    row = db.execute("SELECT start, end, precision, place_id, category, context FROM events WHERE entity_id = ?",
                     [item]).fetchone()
    if row is None:
        return None
    parts = tuple(r[0] for r in db.execute("SELECT entity_id FROM event_participants WHERE event_id = ? "
                                           "ORDER BY rowid", [item]))
    return EventFacts(row[0], row[1], row[2], row[3], row[4] or "", bool(row[5]), parts)


@dataclass(frozen=True)
class RelationFacts:
    source: str
    target: str
    kind: str
    sign: str
    directed: bool
    start: str | None
    end: str | None
    asserted_by: str | None
    description: str | None
    context: bool


def relation(db: Database, item: str) -> RelationFacts | None:
    """A relation's ends, kind, sign, dates and who asserts it; None if ``item`` is not a relation."""
    row = db.execute("SELECT source_id, target_id, kind, sign, directed, start, end, asserted_by, description, "
                     "context FROM relations WHERE id = ?", [item]).fetchone()
    if row is None:
        return None
    s, t, kind, sign, directed, start, end, asserted, desc, context = row
    return RelationFacts(s, t, kind, sign, bool(directed), start, end, asserted, desc, bool(context))


CLAIM_KIND_LABELS = {"attributed": "Attributed claim", "analysis": "The author's analysis",
                     "prediction": "The author's prediction"}


@dataclass(frozen=True)
class ClaimFacts:
    claimant: str
    subject: str | None
    summary: str
    quote: str
    kind: str  # attributed, analysis, prediction
    sentence_id: int | None

    @property
    def kind_label(self) -> str:
        return CLAIM_KIND_LABELS.get(self.kind, self.kind)


def claim(db: Database, item: str) -> ClaimFacts | None:
    """Who claims what about whom, in which words; None if ``item`` is not a claim."""
    row = db.execute("SELECT claimant_id, subject_id, summary, quote, kind, sentence_id FROM claims WHERE id = ?",
                     [item]).fetchone()
    return None if row is None else ClaimFacts(*row)


@dataclass(frozen=True)
class ClaimRef:
    id: str
    claimant: str
    kind: str
    summary: str


def claims_about(db: Database, item: str) -> list[ClaimRef]:
    """The claims ``item`` makes or is the subject of (not itself), in the data's order."""
    return [ClaimRef(*r) for r in db.execute(
        "SELECT id, claimant_id, kind, summary FROM claims WHERE (claimant_id = ? OR subject_id = ?) AND id != ? "
        "ORDER BY rowid", [item, item, item])]


@dataclass(frozen=True)
class CellFacts:
    case: str
    pattern: str
    value: str  # observed, option, ruled_out
    note: str | None


def cell(db: Database, item: str) -> CellFacts | None:
    """A pattern cell's case, pattern and value; None if ``item`` is not a cell."""
    row = db.execute("SELECT case_id, pattern_id, value, note FROM pattern_cells WHERE id = ?", [item]).fetchone()
    return None if row is None else CellFacts(*row)


@dataclass(frozen=True)
class FigureFacts:
    id: str
    value: float
    unit: str
    label: str
    subject: str
    approx: bool

    @property
    def number(self) -> str:
        """1,960 troops, but 1992 (a year) and 0.5 km: thousands separators only for counts."""
        v = float(self.value)
        if v.is_integer():
            return str(int(v)) if "year" in (self.unit or "") and 1000 <= v <= 2200 else f"{int(v):,}"
        return f"{v:,}"

    @property
    def text(self) -> str:
        """``≈ 1,960 troops``: the value as the memo gives it, approximate ones marked."""
        return f"{'≈ ' if self.approx else ''}{self.number} {self.unit}".strip()


_FIGURE_COLUMNS = "id, value, unit, label, subject_id, approx"


def _figure(row) -> FigureFacts:
    fid, value, unit, label, subject, approx = row
    return FigureFacts(fid, value, unit or "", label or "", subject, bool(approx))


def figure(db: Database, item: str) -> FigureFacts | None:
    """A figure of the memo; None if ``item`` is not a figure."""
    row = db.execute(f"SELECT {_FIGURE_COLUMNS} FROM figures WHERE id = ?", [item]).fetchone()
    return None if row is None else _figure(row)


def figures_about(db: Database, item: str) -> list[FigureFacts]:
    """Every figure whose subject is ``item``, in the data's order."""
    return [_figure(r) for r in db.execute(f"SELECT {_FIGURE_COLUMNS} FROM figures WHERE subject_id = ? ORDER BY rowid",
                                           [item])]


@dataclass(frozen=True)
class SentenceFacts:
    id: int
    document_id: str
    text: str
    mentioned: tuple[str, ...]  # entities named in it (not through a metonym), in order of first mention
    evidence_for: tuple[str, ...]  # items it is evidence for


def sentence(db: Database, sid: int) -> SentenceFacts | None:
    """A sentence of a document, what it names and what it is evidence for; None if there is none."""
    row = db.execute("SELECT document_id, text FROM sentences WHERE id = ?", [sid]).fetchone()
    if row is None:
        return None
    ents = tuple(dict.fromkeys(r[0] for r in db.execute(
        "SELECT entity_id FROM mentions WHERE sentence_id = ? AND via IS NULL AND status = 'confirmed' ORDER BY start",
        [sid])))
    items = tuple(dict.fromkeys(r[0] for r in db.execute(
        "SELECT item_id FROM evidence WHERE sentence_id = ? ORDER BY start, id", [sid])))
    return SentenceFacts(sid, row[0], row[1] or "", ents, items)


def notes_on(db: Database, item: str) -> list[_notes.Note]:
    """The analyst's notes on ``item``, through :func:`core.notes.notes_for` (its order: oldest first)."""
    return _notes.notes_for(db, item)


def related(touch: Touch, kind_of, skip=("claim", "figure")) -> dict[str, list[str]]:
    """What the selection touches, grouped by kind (``kind_of(item)`` says the kind), without the kinds in
    ``skip`` (Details lists claims and figures under their own headings). Groups and members keep no
    particular order: the caller sorts them by the labels it shows."""
    groups: dict[str, list[str]] = {}
    for item in touch.items:
        kind = kind_of(item) or "other"
        if kind not in skip:
            groups.setdefault(kind, []).append(item)
    return groups
