"""Places as the map draws them, and the ties between places and actors (the rule of
:mod:`core.touch`, read here for every place at once rather than written again)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..touch import place_ties

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class MapPlace:
    """A place with coordinates: where it is, what it is, the events there and the actors tied to it."""

    id: str
    lon: float
    lat: float
    place_type: str
    context: bool
    is_case: bool
    events: tuple[str, ...]
    actors: tuple[str, ...]  # sorted ids


def _actors(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT id FROM entities WHERE kind = 'actor'")}


def actors_by_place(db: Database) -> dict[str, tuple[str, ...]]:
    """Every place -> the actors tied to it (seated there, standing for it, taking part in an event
    there, or at the other end of a relation with it), sorted; places with no tie are left out."""
    places = {r[0] for r in db.execute("SELECT entity_id FROM places")}
    actors = _actors(db)
    tied: dict[str, set[str]] = {}
    for place, other in place_ties(db):
        if place in places and other in actors:
            tied.setdefault(place, set()).add(other)
    return {p: tuple(sorted(a)) for p, a in tied.items()}


def places_of_actor(db: Database, actor: str) -> tuple[str, ...]:
    """The places tied to ``actor`` by the same rule as :func:`actors_by_place`, sorted."""
    places = {r[0] for r in db.execute("SELECT entity_id FROM places")}
    return tuple(sorted({p for p, _ in place_ties(db, other=actor) if p in places}))


def actors_of_place(db: Database, place: str) -> tuple[str, ...]:
    """The actors tied to ``place`` by the rule of :func:`actors_by_place`, sorted."""
    actors = _actors(db)
    return tuple(sorted({other for _, other in place_ties(db, place=place) if other in actors}))


def map_places(db: Database, *, actors: bool = True) -> list[MapPlace]:
    """Every place that has coordinates, in the data's order, with its events and tied actors
    (``actors=False``: none, for a caller that asks :func:`actors_of_place` when it needs them —
    every tie of every place is a read of the whole store: 60 ms at 10,000 entities)."""
    events: dict[str, list[str]] = {}
    for eid, place in db.execute("SELECT entity_id, place_id FROM events WHERE place_id IS NOT NULL ORDER BY rowid"):
        events.setdefault(place, []).append(eid)
    tied = actors_by_place(db) if actors else {}
    return [MapPlace(pid, float(lon), float(lat), ptype or "", bool(context), bool(is_case),
                     tuple(events.get(pid, ())), tied.get(pid, ()))
            for pid, lat, lon, ptype, is_case, context in db.execute(
                "SELECT p.entity_id, p.lat, p.lon, p.place_type, p.is_case, e.context FROM places p "
                "JOIN entities e ON e.id = p.entity_id WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL "
                "ORDER BY p.rowid")]
