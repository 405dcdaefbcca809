"""The map's words: tooltips for places, shapes and countries, and the legend's entries."""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from ....core import activity, read
from ....core.views import map as mv
from ... import theme
from .figure import cosmetic_pen, qcolour
from .items import area_drawer, line_drawer, symbol_drawer


def places_in_view(panel, box=None) -> list:
    """The places whose markers are drawn: the current view's inside ``box`` ((x0, x1), (y0, y1) in
    km; default: the extent on screen), and in the region view the overview inset's."""
    layer = panel.current_layer()
    (x0, x1), (y0, y1) = box or panel.plot.getViewBox().viewRange()
    xy = np.asarray(layer.xy, dtype=float).reshape(-1, 2)
    inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    ids = [pid for pid, ok in zip(layer.ids, inside.tolist()) if ok]
    if panel.view == mv.REGION and getattr(panel, "inset_layer", None) is not None:
        ids += panel.inset_layer.ids
    return [panel.places[pid] for pid in dict.fromkeys(ids) if pid in panel.places]


def legend_key(panel, box=None) -> tuple:
    """What decides the legend's place entries: the types, context and cases in view."""
    shown = places_in_view(panel, box)
    return (frozenset(p.place_type for p in shown), any(p.context for p in shown), any(p.is_case for p in shown))


def refresh_legend(panel, force: bool = False) -> None:
    """The on-screen legend lists what is drawn in view: rebuilt for a theme, and after a pan or
    zoom when that changes what is in view."""
    t = theme.current()
    key = (t.name, legend_key(panel))
    if not force and getattr(panel, "_legend_key", None) in (None, key):
        return
    panel._legend_key = key
    entries = legend_entries(panel)
    panel.legend_item.set_entries([(text, draw) for text, draw, _ in entries], t.text, qcolour(t.base, 225), t.muted)
    panel._legend_entries = [(text, c) for text, _, c in entries]


def legend_entries(panel, box=None) -> list[tuple[str, object, str]]:
    """(meaning, swatch painter, colour) of every kind of mark the map draws in view (``box``, as
    for :func:`places_in_view`): a place type only when a place of it is in view."""
    t = theme.current()
    place = theme.KIND_COLOURS["place"]
    edge = cosmetic_pen(t.base, 1.0)
    seen, out = set(), []
    types, with_context, with_cases = legend_key(panel, box)
    for ptype, (symbol, size, text, _rank) in mv.PLACE_STYLES.items():
        if ptype in types and text not in seen:
            seen.add(text)
            out.append((text, symbol_drawer(symbol, size, edge, QBrush(qcolour(place))), place))
    if with_context:
        out.append(("context (not in the memo)",
                    symbol_drawer("o", 9, cosmetic_pen(place, 1.5, Qt.DashLine), QBrush(qcolour(t.base))), place))
    if with_cases:
        out.append(("comparison case (ring)", symbol_drawer("o", 12, cosmetic_pen(place, 1.5), QBrush(Qt.NoBrush)),
                    place))
    out += [
        ("approx. area (hand-drawn)", area_drawer(cosmetic_pen(t.muted, 1.0, Qt.DashLine),
                                                  QBrush(qcolour(t.muted, 140), Qt.BDiagPattern)), t.muted),
        ("approx. corridor / route", line_drawer(cosmetic_pen(place, 2.4, Qt.DashLine)), place),
        ("selected", symbol_drawer("o", 10, cosmetic_pen(t.text, 2.0), QBrush(qcolour(t.highlight))), t.highlight),
        ("touched by selection", symbol_drawer("o", 10, cosmetic_pen(t.highlight, 2.6), QBrush(qcolour(place))),
         t.highlight),
        ("faded: inactive in the time window",
         symbol_drawer("o", 9, cosmetic_pen(t.base, 1.0, alpha=64), QBrush(qcolour(place, 64))), place)]
    return out




def tooltip_for(panel, hit) -> str:
    if hit is None:
        return ""
    what, key = hit
    if what == "place":
        return place_html(panel, key)
    if what == "shape":
        return shape_html(panel, key, panel.shape_entity.get(key))
    if key == "Crimea":
        return ("<b>Crimea</b><br>Annexed by Russia in 2014; internationally recognised as part of Ukraine. "
                "Natural Earth draws it as Russia; it is hatched here.")
    return f"<b>{escape(key)}</b><br><span style='color:gray'>Outline: Natural Earth 1:10m/1:50m</span>"


def actors_of(panel, pid: str) -> tuple[str, ...]:
    """The actors tied to a place, read when its tooltip first asks and kept by the panel, as the
    places themselves are (an edit of places or actors makes the panel anew: knowledge_ui)."""
    got = panel._actors.get(pid)
    if got is None:
        got = panel._actors[pid] = read.actors_of_place(panel.session.db, pid)
    return got


def place_html(panel, pid: str) -> str:
    info = panel.places[pid]
    label = panel.session.label
    parts = [f"<b>{escape(label(pid))}</b>",
             f"<i>{escape(info.place_type.replace('_', ' ') or 'place')}</i>"
             + (" · comparison case" if info.is_case else "")
             + (" · <b>context</b> (not from the memo)" if info.context else "")]
    if info.events:
        parts.append("Events here: " + "; ".join(escape(label(e)) for e in info.events[:8])
                     + (" …" if len(info.events) > 8 else ""))
    actors = actors_of(panel, pid)
    if actors:
        parts.append("Actors tied to it: " + ", ".join(escape(label(a)) for a in actors[:10])
                     + (" …" if len(actors) > 10 else ""))
    if panel._states.get(pid) == activity.INACTIVE:
        parts.append("<span style='color:gray'>Nothing here in the time window.</span>")
    parts.append(f"<span style='color:gray'>{info.lat:.3f}° N, {info.lon:.3f}° E</span>")
    return "<br>".join(parts)


def shape_html(panel, sid: str, entity: str | None) -> str:
    f = panel.shapes[sid]
    props = f.properties
    extra = ""
    km = panel._lengths_inside.get(sid)
    if km:
        note = props.get("length_note")
        extra = (f"<br>About {km:.0f} km of the drawn line cross {escape(props['length_inside'])}"
                 + (f"; {escape(note)}." if isinstance(note, str) and note else "."))
    link = (f"<br>Stands for: {escape(panel.session.label(entity))}" if entity else
            "<br>No item of the knowledge base stands for this shape.")
    return (f"<b>{escape(f.name)}</b> — <i>approximate</i><br>{escape(props['note'])}{extra}"
            f"<br><span style='color:gray'>Source: {escape(props['source'])}</span>{link}")
