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
from ...core.wording import counted

MAP_MIN_KM = 200.0  # the least a framed map spans: a town with the towns and borders around it
MAP_MARGIN = 0.6
DAY = 86400.0
TOUCHED_SHARE = 0.75  # a timeline slide about an actor or place frames most of the events it touches
NETWORK_PAD = 18.0  # pixels (the figure's own) between the framed nodes and names and the edge
CELL_GAP = 16.0  # pixels (the figure's) at least between two nodes of a cell, or a node and a name
CELL_LAYOUT_MAX = 40  # a composed slide's network cell lays out at most this many nodes on its own
CELL_SPRING_STEPS = 100  # ... in this many steps: a few dozen nodes, started from where the whole network's
# layout has them, settle in 100 as in the 200 a whole network takes (half the time, ~10 ms)
OVERVIEW_MAX = 10  # a cell with nothing selected shows at most this many nodes (the most connected), named
SLIDE_OVERVIEW_MAX = 40  # a network slide of its own with nothing selected: as many as fit with their names
SLIDE_OVERVIEW_FILL = 0.5  # its first guess: where names fit, their boxes took half of the room (the memo)
SLIDE_OVERVIEW_TRIES = 3  # then fewer at most this often (~25 ms a try); a name still crowded is numbered
OVERVIEW_FILL = 1.2  # a first guess of how many fit: their discs and names take this share of its room
# (more than all of it: boxes of names leave room beside them), then fewer while they do not fit
LONG_SPAN = 365 * DAY  # a period longer than this is framed by its start (its bar runs on past the edge)


def _plot_aspect(body: QRectF) -> float:
    return max(body.width(), 1.0) / max(body.height(), 1.0)


def slide_view(panel, body: QRectF, *, cell: bool = False):
    """The framed ranges of ``panel`` for a slide body, or None (nothing to frame there). ``cell``:
    the body is one cell of a composed slide (a scene's, the window's), a third of the slide or less."""
    pid = getattr(panel, "panel_id", "")
    touch = panel.session.touch
    if not touch.selected:
        if pid != "network" or (cell and panel.isVisible()):  # a cell on screen (a briefing) draws its own
            return None
        if cell:
            return _overview_view(panel, body, OVERVIEW_MAX, OVERVIEW_FILL)
        return _overview_view(panel, body, SLIDE_OVERVIEW_MAX, SLIDE_OVERVIEW_FILL, tries=SLIDE_OVERVIEW_TRIES)
    if pid == "map":
        return _map_view(panel, touch, body)
    if pid == "timeline":
        return _timeline_view(panel, touch)
    if pid == "network":
        return _network_view(panel, touch, body, cell)
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


def _network_view(panel, touch, body, cell: bool = False):
    kinds = panel.session.catalog.kinds
    if not panel.state.places and not panel.isVisible() and any(kinds.get(i) == "place" for i in touch.selected):
        # a slide about a place shows it; only an offscreen panel (command line, deck) is changed so,
        # never the one the analyst is looking at
        panel.set_include_places(True)
    m = panel.model
    if cell and not panel.isVisible():
        # A cell is too small for the whole network faded behind the selection: the frame around
        # the selection's neighbours then takes in dozens of unrelated nodes, a pile of dots and
        # numbers nobody reads from the back of a room (issue 17l: the "Corridors" scene). The cell
        # shows the selection and its ties only ("Selection + 1 step", as a scene may record), laid
        # out afresh: in the whole network's layout they sit on top of each other.
        if not panel.state.focus:
            panel.set_focus(1)
        pos = _cell_layout(panel)
        if pos is not None:
            return _cell_view(panel, pos, body)[0]
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
    if box and not cell:
        inside = m.node_visible & (m.pos[:, 0] >= box[0]) & (m.pos[:, 0] <= box[1]) & \
            (m.pos[:, 1] >= box[2]) & (m.pos[:, 1] <= box[3])
        if int(inside.sum()) > SLIDE_OVERVIEW_MAX:  # more than can be named: the selection and its ties
            view = _neighbourhood_view(panel, touch, body, nodes)
            if view is not None:
                return view
    return ((box[0], box[1]), (box[2], box[3])) if box else None


class CellView(tuple):
    """A framed view ((x0, x1), (y0, y1)) of a network cell, with the ``positions`` (n × 2, the
    model's node order) the cell's own layout puts the nodes at; ``shown``: the nodes it draws (a
    mask; None: the visible ones) and ``note``: what the cell says it leaves out, drawn in the
    ``foot`` (the figure's pixels at the bottom of the view that no node takes)."""

    def __new__(cls, view, positions: np.ndarray, shown: np.ndarray | None = None, note: str = "",
                foot: float = 0.0):
        self = super().__new__(cls, view)
        self.positions, self.shown, self.note, self.foot = positions, shown, note, foot
        return self

    def above_foot(self, box: QRectF) -> tuple[QRectF, CellView]:
        """The part of ``box`` (the view drawn there) above the foot, and the view of that part."""
        (x0, x1), (y0, y1) = self
        if not self.foot or y1 <= y0:
            return box, self
        cut = box.height() * self.foot / (y1 - y0)
        return box.adjusted(0, 0, 0, -cut), CellView(((x0, x1), (y0 + self.foot, y1)), self.positions, self.shown)


def _figure(panel):
    """The panel's export figure (kept on the panel by ``paint_figure``), or a new one."""
    from .network.figure import NetworkFigure
    from .style import EXPORT

    fig = getattr(panel, "_export_figure", None)
    return fig if fig is not None and fig.model is panel.model else NetworkFigure(panel.model, panel.state,
                                                                                  panel.session.label, EXPORT)


def _cell_layout(panel, vis: list[int] | None = None) -> np.ndarray | None:
    """The nodes ``vis`` (default the visible ones: a selection and its neighbours) laid out on their
    own — a spring layout of their ties, started from where they are in the whole network — as
    positions for every node; None when there are too many of them to gain from it (a hub's
    hundreds: the frame stays)."""
    from ...core import graph

    m = panel.model
    vis = np.flatnonzero(m.node_visible).tolist() if vis is None else vis
    if not vis or len(vis) > CELL_LAYOUT_MAX:
        return None
    ids = [m.node_ids[i] for i in vis]
    drawn = _ties_among(m, vis)  # the ties the cell draws (filters and focus applied)
    shown = graph.Network({n: {} for n in ids}, [(m.node_ids[int(m.edge_src[e])], m.node_ids[int(m.edge_dst[e])],
                                                  m.edge_ids[e], {}) for e in drawn])
    local = graph.spring(shown, initial={n: tuple(m.pos[i]) for n, i in zip(ids, vis)}, iterations=CELL_SPRING_STEPS)
    pos = np.array(m.pos, dtype=float, copy=True)
    pos[vis] = np.array([local[n] for n in ids], dtype=float)
    return pos


def _framed_radii(m, fig) -> np.ndarray:
    """Each node's radius as a frame must leave room for it on a slide of ``fig``: its disc and the
    selection's ring besides (3 px, the figure's own)."""
    return np.asarray(m.node_size, dtype=float) * fig.style.mark_scale / 2 + 3


def _ties_among(m, vis: list[int]) -> list[int]:
    """The visible ties with both ends among the nodes ``vis``."""
    inside = np.zeros(len(m.node_ids), dtype=bool)
    inside[vis] = True
    return np.flatnonzero(m.edge_visible & inside[m.edge_src] & inside[m.edge_dst]).tolist()


def _cell_view(panel, pos: np.ndarray, body: QRectF, vis: list[int] | None = None, *, foot: float = 0.0,
               note: str = ""):
    """The cell's nodes (``vis``, default the visible ones) spread over all of its room
    (``framing.spread``; ``foot`` pixels at the bottom kept for a note): each drawn disc (with the
    selection's ring) and its name (to its right, the figure's first spot) clear of every other, in
    the figure's own pixels — the view is the cell itself, one layout unit a pixel (y up). Returns
    the view and whether every name found its room."""
    m, fig = panel.model, _figure(panel)
    size = fig.label_sizes(*fig.fonts())
    w, h = body.width() / fig.style.zoom, body.height() / fig.style.zoom
    vis = np.flatnonzero(m.node_visible).tolist() if vis is None else vis
    states = m.node_state.tolist()
    radii = _framed_radii(m, fig)[vis]
    labels = [size(i, states[i] == "S")[1:] for i in vis]
    at = {i: k for k, i in enumerate(vis)}
    ties = {tuple(sorted((at[int(m.edge_src[e])], at[int(m.edge_dst[e])]))) for e in _ties_among(m, vis)}
    px = framing.spread(np.stack([pos[vis, 0], -pos[vis, 1]], axis=1), radii, labels, w, h - foot,
                        ties=sorted(ties), pad=NETWORK_PAD, gap=CELL_GAP)
    out = np.array(pos, dtype=float, copy=True)
    out[vis, 0], out[vis, 1] = px[:, 0], -px[:, 1]
    shown = None
    if note:
        shown = np.zeros(len(m.node_ids), dtype=bool)
        shown[vis] = True
    view = CellView(((0.0, w), (-h, 0.0)), out, shown, note, foot if note else 0.0)
    return view, not framing.crowded(px, radii, labels)


def _overview_view(panel, body: QRectF, most: int = OVERVIEW_MAX, fill: float = OVERVIEW_FILL,
                   tries: int | None = None):
    """A slide, or a cell of one, with nothing selected: the whole network there is a pile of dots
    with a key of numbers nobody reads from the back of a room. It shows the most connected nodes
    that fit with their names (at most ``most``) and the ties among them, laid out for the slide,
    and says at its foot how many of how many it shows and how they were chosen (see
    :func:`_named_few` for ``fill`` and ``tries``)."""
    order = panel.model.label_order(panel.state.measure)  # the visible nodes, biggest (most connected) first
    if len(order) < 2:
        return None
    return _named_few(panel, body, [], order, most, fill, tries, lambda k: "" if k == len(order) else
                      f"Shown: the {k} most connected of {len(order)} nodes and the ties among them")


def _neighbourhood_view(panel, touch, body: QRectF, nodes: set[str]):
    """A slide of its own about a selection whose frame takes in more nodes than can be named (a hub
    of a big network: thousands of faded dots around it and a key of numbered context nodes): the
    selection and the nodes it touches, the most connected first as many as fit with their names,
    laid out afresh over the slide, the rest counted at its foot. None when nothing selected is drawn."""
    m = panel.model
    index = m.node_index
    selected = [index[n] for n in touch.selected if n in index and m.node_visible[index[n]]]
    if not selected:
        return None
    rank = {i: r for r, i in enumerate(m.label_order(panel.state.measure))}
    others = sorted({index[n] for n in nodes if n in index and m.node_visible[index[n]]} - set(selected),
                    key=lambda i: rank.get(i, len(rank)))
    total = int(m.node_visible.sum())

    def note(k: int) -> str:
        which = f"the {counted(k, 'node')} it touches" if k == len(others) else \
            f"the {k} most connected of the {len(others)} nodes it touches"
        rest = total - len(selected) - k
        return f"Shown: the selection and {which}" + (f"; {counted(rest, 'other node')} left out" if rest else "")

    return _named_few(panel, body, selected, others, SLIDE_OVERVIEW_MAX - len(selected), SLIDE_OVERVIEW_FILL,
                      SLIDE_OVERVIEW_TRIES, note)


def _named_few(panel, body: QRectF, fixed: list[int], candidates: list[int], most: int, fill: float,
               tries: int | None, note_of):
    """The nodes ``fixed`` and the first of ``candidates`` that fit with their names (at most
    ``most`` of these), laid out on their own and spread over ``body``, with the note
    ``note_of(k)`` (k: how many candidates are shown) at its foot. The panel is not changed: the
    nodes left out are left out in the drawing only. ``fill``: the first guess takes as many as the
    boxes of their discs and names take this share of the room; then fewer (by an eighth) until no
    two overlap, or ``tries`` times (a slide's: how many fit is not monotonic, and each try takes
    ~25 ms): the figure numbers a name it still finds no room for."""
    from .style import label_px

    m, fig = panel.model, _figure(panel)
    size = fig.label_sizes(*fig.fonts())
    w, h = body.width() / fig.style.zoom, body.height() / fig.style.zoom
    foot = label_px(fig.style) / fig.style.zoom * 1.4
    room = max(w - 2 * NETWORK_PAD, 1.0) * max(h - foot - 2 * NETWORK_PAD, 1.0)
    radii = _framed_radii(m, fig)
    states = m.node_state.tolist()

    def area(i: int) -> float:
        r = float(radii[i])
        _, lw, lh = size(i, states[i] == "S")
        return (2 * r + 2 + lw + CELL_GAP) * (2 * max(r, lh / 2) + CELL_GAP)

    # The export dialog's preview draws the slide again at each change of its options (each a few
    # tries of ~25 ms): the same nodes, names and room give the same view, kept on the panel.
    key = (id(m), hash(m.pos.tobytes()), hash(m.node_visible.tobytes()), hash(m.node_state.tobytes()),
           fig.names_version, tuple(fixed), tuple(candidates[:most]), round(w, 1), round(h, 1), fill, tries)
    kept = getattr(panel, "_kd_named_few", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    least = max(0, 2 - len(fixed))
    taken, k = sum(area(i) for i in fixed), 0
    for i in candidates[:most]:  # a first guess: as many as take ``fill`` of the room, names and all
        taken += area(i)
        if taken > fill * room and k >= least:
            break
        k += 1
    while True:
        chosen = fixed + candidates[:k]
        note = note_of(k)
        pos = _cell_layout(panel, chosen)
        if pos is None:
            return None
        view, clear = _cell_view(panel, pos, body, chosen, foot=foot if note else 0.0, note=note)
        tries = None if tries is None else tries - 1
        if clear or k <= least or tries == 0:
            panel._kd_named_few = (key, view)
            return view
        k = max(least, k - max(1, k // 8))


def _network_fit(panel, nodes, body: QRectF, least: float, pos: np.ndarray | None = None):
    """The box that shows the framed nodes whole — each with its radius and its name (to its right,
    where the figure puts it first) and a margin — in the figure's own pixels; when the names are
    too wide for that, the selection's names only. ``pos``: the nodes' positions (the model's)."""
    m, fig = panel.model, _figure(panel)
    size = fig.label_sizes(*fig.fonts())
    w, h = body.width() / fig.style.zoom, body.height() / fig.style.zoom
    index = m.node_index
    framed = [index[n] for n in nodes if n in index]
    states = m.node_state.tolist()
    pos = m.pos if pos is None else pos
    radii = _framed_radii(m, fig)

    def extents(named):
        out = []
        for i in framed:
            r = float(radii[i])
            lw, lh = size(i, states[i] == "S")[1:] if named(i) else (0.0, 0.0)
            out.append((float(pos[i, 0]), float(pos[i, 1]), r, r + 2 + lw, max(r, lh / 2), max(r, lh / 2)))
        return out

    for named in (lambda i: True, lambda i: states[i] == "S", lambda i: False):
        box = framing.box_with_extents(extents(named), w, h, pad=NETWORK_PAD, min_span=least)
        if box is not None:
            return box
    return None
