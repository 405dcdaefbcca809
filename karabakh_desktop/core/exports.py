"""Data exports for other tools: the actor network for Gephi, places for QGIS, tables as CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from . import graph, safe_io

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMATS = ("gexf", "graphml", "geojson", "csv")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file in the target folder, then rename: no partial file, ever.

    A symlink is written through (its target is replaced, the link stays); a folder, pipe or
    device is refused with :class:`safe_io.NotAFile` before anything is opened."""
    path = safe_io.write_target(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; an export gets the user's usual mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def network_for_export(db: Database) -> nx.MultiDiGraph:
    g = graph.actor_graph(db, include_places=True)
    for _node, data in g.nodes(data=True):
        data["label"] = data.pop("name")
    for _s, _t, key, data in g.edges(keys=True, data=True):
        data["relation_id"] = key
    return g


def gexf(db: Database) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(network_for_export(db), buf)
    return buf.getvalue()


def graphml(db: Database) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(network_for_export(db), buf)
    return buf.getvalue()


def geojson(db: Database) -> bytes:
    feats = []
    for eid, name, ptype, lat, lon, context in db.execute(
            "SELECT e.id, e.name, p.place_type, p.lat, p.lon, e.context FROM places p JOIN entities e "
            "ON e.id = p.entity_id ORDER BY e.id"):
        aliases = [{"alias": a, "usage": u, "used_by": b} for a, u, b in db.execute(
            "SELECT alias, usage, used_by FROM aliases WHERE entity_id = ? ORDER BY id", [eid])]
        feats.append({"type": "Feature", "id": eid, "geometry": {"type": "Point", "coordinates": [lon, lat]},
                      "properties": {"id": eid, "name": name, "place_type": ptype, "context": bool(context),
                                     "aliases": aliases}})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, indent=1).encode()


CSV_TABLES = {
    "events": "SELECT e.id, e.name, v.start, v.end, v.precision, v.category, v.place_id, v.context, "
              "(SELECT group_concat(entity_id, ';') FROM event_participants WHERE event_id = e.id) AS participants "
              "FROM events v JOIN entities e ON e.id = v.entity_id ORDER BY v.maybe_from",
    "relations": "SELECT id, source_id, target_id, kind, sign, directed, asserted_by, description FROM relations "
                 "ORDER BY id",
    "claims": "SELECT id, claimant_id, subject_id, kind, summary, quote, sentence_id FROM claims ORDER BY start",
}


def csv_tables(db: Database) -> dict[str, bytes]:
    out = {}
    for name, sql in CSV_TABLES.items():
        cur = db.execute(sql)
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([d[0] for d in cur.description])
        w.writerows(cur.fetchall())
        out[name] = buf.getvalue().encode("utf-8")
    return out


def export(db: Database, fmt: str, out: str | Path) -> list[Path]:
    """Write one export; CSV writes ``<out>-events.csv`` etc. (or into ``out`` if it is a folder)."""
    out = Path(out)
    if fmt == "csv":
        written = []
        for name, data in csv_tables(db).items():
            target = out / f"{name}.csv" if out.is_dir() else out.with_name(f"{out.stem}-{name}.csv")
            write_atomic(target, data)
            written.append(target)
        return written
    data = {"gexf": gexf, "graphml": graphml, "geojson": geojson}[fmt](db)
    write_atomic(out, data)
    return [out]
