"""A slide's framing of a panel: the view (in the panel's own ranges) that shows what the slide is
about — the selection with its surroundings (see :mod:`core.views.framing` for the rules).

``slide_view(panel, body)`` returns the ranges to draw, or None to draw the panel as it is. It never
changes the panel, except that an offscreen network panel (command line, a deck) about a place
shows the places (a node set of its own: the figure can only draw what the model holds).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QRectF

from ...core import timeline_layout as tl
from ...core.views import framing

MAP_MIN_KM = 200.0  # the least a framed map spans: a town with the towns and borders around it
MAP_MARGIN = 0.6
DAY = 86400.0
TOUCHED_SHARE = 0.75  # a timeline slide about an actor or place frames most of the events it touches
NETWORK_PAD = 18.0  # pixels (the figure's own) between the framed nodes and names and the edge
LONG_SPAN = 365 * DAY  # a period longer than this is framed by its start (its bar runs on past the edge)


def _plot_aspect(body: QRectF) -> float:
    return max(body.width(), 1.0) / max(body.height(), 1.0)


def slide_view(panel, body: QRectF):
    """The framed ranges of ``panel`` for a slide body, or None (nothing to frame there)."""
    pid = getattr(panel, "panel_id", "")
    touch = panel.session.touch
    if not touch.selected:
        return None
    if pid == "map":
        return _map_view(panel, touch, body)
    if pid == "timeline":
        return _timeline_view(panel, touch)
    if pid == "network":
        return _network_view(panel, touch, body)
    return None


def _map_view(panel, touch, body):
    from ...core.views import map as mv

    layer = panel.current_layer()
    index = {pid: n for n, pid in enumerate(layer.ids)}
    chosen = [index[i] for i in touch.selected if i in index]
    if not chosen:  # an actor or event: frame the places it touches
        chosen = [index[i] for i in touch.items if i in index]
    if not chosen:
        return None
    x0, y0, x1, y1 = layer.projection.forward_bbox(mv.DATA_EXTENTS[layer.name])
    box = framing.box_around(layer.xy[chosen].tolist(), aspect=_plot_aspect(body), margin=MAP_MARGIN,
                             min_span=MAP_MIN_KM, limits=(min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)))
    return ((box[0], box[1]), (box[2], box[3])) if box else None


def _event_spans(model, ids) -> list[tuple[float, float]]:
    ev = model.events
    out = []
    for e in ids:
        i = model.event_pos.get(e)
        if i is not None:
            out.append((tl.seconds(dt.date.fromordinal(int(ev.m0[i]))),
                        tl.seconds(dt.date.fromordinal(int(ev.m1[i])))))
    return out


def _timeline_view(panel, touch):
    model = panel.model
    spans, keep = _event_spans(model, touch.selected), 1.0
    if not spans:  # an actor or place: the events it touches, where most of them are
        spans, keep = _event_spans(model, touch.items), TOUCHED_SHARE
    window = panel.session.time_window
    wsec = (tl.seconds(window[0]), tl.seconds(window[1])) if window else None
    if not spans and wsec is None:
        return None
    lo, hi = model.layout.x_extent()
    x = framing.time_span(spans, wsec, limits=(lo, hi), keep=keep, long_span=LONG_SPAN)
    _, yr = panel.view.viewRange()
    return (x, tuple(yr)) if x else None


def _network_view(panel, touch, body):
    kinds = panel.session.catalog.kinds
    if not panel.state.places and not panel.isVisible() and any(kinds.get(i) == "place" for i in touch.selected):
        # a slide about a place shows it; only an offscreen panel (command line, deck) is changed so,
        # never the one the analyst is looking at
        panel.set_include_places(True)
    m = panel.model
    vis = [m.node_ids[i] for i in np.flatnonzero(m.node_visible)]
    edges = [(m.node_ids[a], m.node_ids[b]) for a, b in zip(m.edge_src.tolist(), m.edge_dst.tolist())]
    nodes = framing.neighbourhood(edges, touch.selected, vis)
    if nodes:  # and what the selection touches (drawn outlined): never cut at the edge either
        states = m.node_state.tolist()
        nodes |= {m.node_ids[i] for i in np.flatnonzero(m.node_visible).tolist() if states[i] in "Ss"}
    if not nodes:
        return None
    pos = {m.node_ids[i]: (float(m.pos[i, 0]), float(m.pos[i, 1])) for i in range(len(m.node_ids))}
    full = m.fit_box(only_visible=True)
    least = 0.45 * max(full[2] - full[0], full[3] - full[1]) if full else 0.0  # a lone node with some room
    box = _network_fit(panel, nodes, body, least) or framing.network_box(pos, nodes, aspect=_plot_aspect(body),
                                                                          min_span=least)
    return ((box[0], box[1]), (box[2], box[3])) if box else None


def _network_fit(panel, nodes, body: QRectF, least: float):
    """The box that shows the framed nodes whole — each with its radius and its name (to its right,
    where the figure puts it first) and a margin — in the figure's own pixels; when the names are
    too wide for that, the selection's names only."""
    from .network.figure import NetworkFigure
    from .style import EXPORT

    m = panel.model
    fig = getattr(panel, "_export_figure", None)
    if fig is None or fig.model is not m:
        fig = NetworkFigure(m, panel.state, panel.session.label, EXPORT)
    size = fig.label_sizes(*fig.fonts())
    w, h = body.width() / fig.style.zoom, body.height() / fig.style.zoom
    index = {n: i for i, n in enumerate(m.node_ids)}
    framed = [index[n] for n in nodes if n in index]
    states = m.node_state.tolist()

    def extents(named):
        out = []
        for i in framed:
            r = float(m.node_size[i]) * fig.style.mark_scale / 2 + 3  # the selection's ring besides
            lw, lh = size(i, states[i] == "S")[1:] if named(i) else (0.0, 0.0)
            out.append((float(m.pos[i, 0]), float(m.pos[i, 1]), r, r + 2 + lw, max(r, lh / 2), max(r, lh / 2)))
        return out

    for named in (lambda i: True, lambda i: states[i] == "S", lambda i: False):
        box = framing.box_with_extents(extents(named), w, h, pad=NETWORK_PAD, min_span=least)
        if box is not None:
            return box
    return None
