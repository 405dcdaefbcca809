"""TopoJSON -> GeoJSON decoding and clipping of country outlines to a box.

Only a maintainer runs this, to regenerate ``data/geo/*.geojson`` from the
``world-atlas`` npm package (see ``data/geo/README.md``)::

    python tools/topojson.py countries-10m.json region.geojson \\
        --bbox 36,36,54,46 --countries Azerbaijan,Armenia,Georgia

The app itself only reads the GeoJSON output. No Qt, no third-party imports.
"""
from __future__ import annotations

import argparse
import json
import sys

BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)

# ---------------------------------------------------------------- decoding


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) positions of every arc; undoes quantization + delta coding."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for p in arc:
            x, y = x + p[0], y + p[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join arcs into one ring; index ~i (i.e. -i-1) means arc i reversed.

    Consecutive arcs share their junction point, so it is dropped once.
    """
    ring: list[tuple[float, float]] = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def decode(topology: dict, object_name: str = "countries") -> dict:
    """Decode ``topology.objects[object_name]`` to a GeoJSON FeatureCollection.

    Polygon and MultiPolygon geometries are supported (all that world-atlas uses);
    geometries of other types are skipped.
    """
    arcs = decode_arcs(topology)
    obj = topology["objects"][object_name]
    geometries = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
    features = []
    for g in geometries:
        if g["type"] == "Polygon":
            coords = [[_ring(r, arcs) for r in g["arcs"]]]
        elif g["type"] == "MultiPolygon":
            coords = [[_ring(r, arcs) for r in poly] for poly in g["arcs"]]
        else:
            continue
        feature = {"type": "Feature", "properties": dict(g.get("properties", {})),
                   "geometry": {"type": "MultiPolygon", "coordinates": coords}}
        if "id" in g:
            feature["id"] = g["id"]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------- clipping


def clip_ring(ring: list, bbox: BBox) -> list[tuple[float, float]]:
    """Sutherland–Hodgman clip of a closed ring against a lon/lat rectangle.

    Returns a closed ring (first point == last point), or [] if nothing is left.
    Parts of a ring outside the box collapse onto the box edge, so a clipped
    polygon still fills correctly.
    """
    west, south, east, north = bbox
    edges = [  # (inside test, intersection with the edge line)
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    points = [tuple(p) for p in ring]
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    for inside, cross in edges:
        if not points:
            break
        out = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
        points = out
    if len(points) < 3:
        return []
    return points + [points[0]]


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker simplification of an open or closed polyline (iterative)."""
    n = len(points)
    if n < 4 or tolerance <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    # A closed ring's ends coincide: split it at the point farthest from the start.
    split = max(range(n), key=lambda i: _dist2(points[i], points[0])) if points[0] == points[-1] else None
    stack = [(0, split), (split, n - 1)] if split else [(0, n - 1)]
    if split:
        keep[split] = True
    tol2 = tolerance * tolerance
    while stack:
        i, j = stack.pop()
        best, best_d = None, tol2
        for k in range(i + 1, j):
            d = _seg_dist2(points[k], points[i], points[j])
            if d > best_d:
                best, best_d = k, d
        if best is not None:
            keep[best] = True
            stack += [(i, best), (best, j)]
    return [p for p, k in zip(points, keep) if k]


def _dist2(p, q):
    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2


def _seg_dist2(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return _dist2(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return _dist2(p, (a[0] + t * dx, a[1] + t * dy))


def _ring_area(ring) -> float:
    return 0.5 * abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])))


def clip_collection(collection: dict, bbox: BBox, countries: list[str] | None = None,
                    tolerance: float = 0.0, digits: int | None = None,
                    min_area: float = 0.0, extra_properties: dict | None = None) -> dict:
    """Keep features whose name or id is in ``countries`` (all if None), clip to ``bbox``.

    Every polygon is clipped ring by ring; polygons whose outer ring vanishes are
    dropped, as are rings smaller than ``min_area`` square degrees. Rings are then
    simplified with ``tolerance`` (degrees) and rounded to ``digits`` decimals.
    """
    wanted = None if countries is None else {c.strip().lower() for c in countries}
    features = []
    for f in collection["features"]:
        name = str(f["properties"].get("name", ""))
        if wanted is not None and name.lower() not in wanted and str(f.get("id", "")).lower() not in wanted:
            continue
        polygons = []
        for polygon in f["geometry"]["coordinates"]:
            rings = []
            for ring in polygon:
                ring = clip_ring(ring, bbox)
                if not ring or _ring_area(ring) <= min_area:
                    if not rings:
                        break  # outer ring gone: holes do not matter
                    continue
                ring = simplify(ring, tolerance)
                if digits is not None:
                    ring = [(round(x, digits), round(y, digits)) for x, y in ring]
                if len(ring) >= 4:
                    rings.append([list(p) for p in ring])
                elif not rings:
                    break
            if rings:
                polygons.append(rings)
        if polygons:
            properties = {"name": name, **f["properties"], **(extra_properties or {})}
            out = {"type": "Feature", "properties": properties,
                   "geometry": {"type": "MultiPolygon", "coordinates": polygons}}
            if "id" in f:
                out["id"] = f["id"]
                properties.setdefault("id", f["id"])
            features.append(out)
    return {"type": "FeatureCollection", "bbox": list(bbox), "features": features}


def split_off(collection: dict, country: str, bbox: BBox, new_name: str) -> dict:
    """Move the polygons of ``country`` lying wholly inside ``bbox`` to a feature of their own.

    Used to show Crimea, which Natural Earth 4.1 (world-atlas 2) draws as part of
    Russia, as a separate, labelled feature. The new feature keeps the source
    country in ``properties.drawn_as``. Returns the collection (modified in place).
    """
    west, south, east, north = bbox
    for f in list(collection["features"]):
        if f["properties"].get("name", "").lower() != country.lower():
            continue
        inside, rest = [], []
        for polygon in f["geometry"]["coordinates"]:
            within = all(west <= x <= east and south <= y <= north for x, y in polygon[0])
            (inside if within else rest).append(polygon)
        if inside:
            f["geometry"]["coordinates"] = rest
            props = {k: v for k, v in f["properties"].items() if k not in ("id", "iso_a3")}
            props.update(name=new_name, drawn_as=f["properties"]["name"])
            collection["features"].append({"type": "Feature", "properties": props, "geometry": {
                "type": "MultiPolygon", "coordinates": inside}})
    collection["features"] = [f for f in collection["features"] if f["geometry"]["coordinates"]]
    return collection


# ---------------------------------------------------------------- command line

# ISO 3166-1 numeric -> alpha-3, for the countries this app ships (world-atlas only has numeric ids).
ISO_A3 = {"031": "AZE", "051": "ARM", "268": "GEO", "364": "IRN", "792": "TUR", "643": "RUS",
          "795": "TKM", "398": "KAZ", "498": "MDA", "804": "UKR", "642": "ROU", "112": "BLR",
          "100": "BGR", "368": "IRQ", "760": "SYR", "196": "CYP", "300": "GRC", "616": "POL",
          "703": "SVK", "348": "HUN", "860": "UZB", "422": "LBN", "376": "ISR", "400": "JOR"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python tools/topojson.py",
                                 description="Decode a world-atlas TopoJSON file and clip countries to a box.")
    ap.add_argument("src", help="TopoJSON file, e.g. node_modules/world-atlas/countries-10m.json")
    ap.add_argument("out", help="GeoJSON file to write")
    ap.add_argument("--bbox", required=True, help="W,S,E,N in degrees, e.g. 36,36,52,46")
    ap.add_argument("--countries", help="comma-separated names or numeric ids (default: all)")
    ap.add_argument("--object", default="countries", help="TopoJSON object name (default countries)")
    ap.add_argument("--tolerance", type=float, default=0.0, help="Douglas–Peucker tolerance, degrees")
    ap.add_argument("--digits", type=int, default=4, help="decimals kept (default 4, ~10 m)")
    ap.add_argument("--min-area", type=float, default=0.0, help="drop rings below this many square degrees")
    ap.add_argument("--source", default=None, help="value of the 'source' property of every feature")
    ap.add_argument("--split-off", action="append", default=[], metavar="COUNTRY:W,S,E,N:NAME",
                    help="make COUNTRY's polygons inside the box a separate feature NAME (repeatable)")
    args = ap.parse_args(argv)

    bbox = tuple(float(v) for v in args.bbox.split(","))
    if len(bbox) != 4 or not (bbox[0] < bbox[2] and bbox[1] < bbox[3]):
        ap.error("--bbox must be W,S,E,N with W < E and S < N")
    with open(args.src, encoding="utf-8") as fh:
        collection = decode(json.load(fh), args.object)
    countries = args.countries.split(",") if args.countries else None
    extra = {"source": args.source} if args.source else None
    result = clip_collection(collection, bbox, countries, args.tolerance, args.digits, args.min_area, extra)
    for spec in args.split_off:
        try:
            country, box, name = spec.split(":")
            split_off(result, country, tuple(float(v) for v in box.split(",")), name)
        except ValueError:
            ap.error(f"--split-off {spec!r}: expected COUNTRY:W,S,E,N:NAME")
    for f in result["features"]:
        iso = ISO_A3.get(str(f.get("id", "")))
        if iso:
            f["properties"]["iso_a3"] = iso
    if countries:
        found = {f["properties"]["name"].lower() for f in result["features"]} | {
            str(f.get("id", "")).lower() for f in result["features"]}
        missing = [c for c in countries if c.strip().lower() not in found]
        if missing:
            print("warning: not found or outside the box: " + ", ".join(missing), file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    rings = sum(len(p) for f in result["features"] for p in f["geometry"]["coordinates"])
    print(f"{args.out}: {len(result['features'])} features, {rings} rings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
