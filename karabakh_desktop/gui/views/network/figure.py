"""The network figure: the view model drawn into any QPainter at any size.

Ties are painter paths, nodes ellipses, labels text — so an SVG or PDF of it is vectors and text.
The on-screen panel draws through the same pieces (``items.py`` adds its pixmap caches), and an
export calls :meth:`NetworkFigure.paint` with the slide's painter and rectangle.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from ....core import graph
from ....core.arrays import distinct
from ....core.views import network as nv
from ... import theme
from ..pg_adapter import Stamper
from ..style import SCREEN, FigureStyle, begin
from .names import FigureNames, colour

TYPE_COLOURS = {"state": "#0072B2", "armed": "#CC79A7", "organisation": "#56B4E9", "population": "#8C7A00",
                "text": "#8A8A8A", "place": theme.KIND_COLOURS["place"], "other": "#5F5F5F"}
COMMUNITY_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#8C7A00", "#5F5F5F", "#F0A0FF"]
FAMILY_DASHES = {"force": None, "agreement": [6, 3], "stance": [1.2, 2.6], "other": [7, 3, 1.2, 3]}
CONTEXT_GREY = "#5F5F5F"
TIE_ROOM = 8.0  # px beyond a tie's control points it may paint: the selection's halo (10 px wide, round caps), antialiasing


def role_colour(role: str) -> str:
    """The colour of a node's colour role (see ``NetworkModel.colour_groups``)."""
    if role.startswith("community-"):
        k = role.split("-", 1)[1]
        return COMMUNITY_COLOURS[int(k)] if k.isdigit() and int(k) < nv.COMMUNITY_GROUPS else COMMUNITY_COLOURS[-2]
    return TYPE_COLOURS.get(role, TYPE_COLOURS["other"])


def tint(hex_colour: str, towards: str, amount: float) -> QColor:
    a, b = QColor(hex_colour), QColor(towards)
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * amount, a.greenF() + (b.greenF() - a.greenF()) * amount,
                           a.blueF() + (b.blueF() - a.blueF()) * amount)


def _combos(roles: tuple[np.ndarray, list], fades, context=None) -> tuple[list[tuple], np.ndarray]:
    """The distinct (role, fade[, context]) of the elements, and which one each element has: a
    window change restyles thousands of nodes and ties with a few pens, found without a loop."""
    codes, names = roles
    # (distinct then searchsorted: a sort and a lookup among a few values, several times faster
    # than np.unique's return_inverse, which argsorts; it runs on every step of Play)
    fades = np.asarray(fades, dtype=float)
    fade_values = distinct(fades)
    key = codes * len(fade_values) + np.searchsorted(fade_values, fades)
    if context is not None:
        key = key * 2 + np.asarray(context, dtype=np.int64)
    uniq = distinct(key)
    combo = np.searchsorted(uniq, key)
    out = []
    for k in uniq.tolist():
        ctx = None
        if context is not None:
            k, ctx = divmod(k, 2)
        role, f = divmod(k, len(fade_values))
        out.append((names[role], float(fade_values[f])) + (() if ctx is None else (bool(ctx),)))
    return out, combo.reshape(-1)


def map_points(tr, xy: np.ndarray) -> np.ndarray:
    """Apply an affine QTransform to an (n, 2) array."""
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([tr.m11() * x + tr.m21() * y + tr.dx(), tr.m12() * x + tr.m22() * y + tr.dy()], axis=1)


class NetworkFigure(FigureNames):
    """Pens, brushes and drawing of one network view. ``label(item)`` names an item (the session's
    naming choice); ``state`` is the view's :class:`NetworkState` (measure, colour, filters…)."""

    def __init__(self, model: nv.NetworkModel, state: nv.NetworkState, label, style: FigureStyle = SCREEN):
        super().__init__()  # the names' caches
        self.model, self.state, self.label, self.style = model, state, label, style
        self._brushes: dict = {}
        self._pens: dict = {}
        self.palette: list[tuple[QPen, QBrush]] = []
        self._palette_index: dict[tuple[int, int], int] = {}
        self.looks: dict[str, np.ndarray] = {}  # look (n, d, s, S) -> palette index per node
        self._looks_key = None
        self.looks_version = 0
        self.base_pens: list[QPen] = []
        self.base_brushes: list[QBrush] = []
        self._base_key = None
        self.base_version = 0
        self.edge_pens: list[QPen] = []
        self.edge_arrow_brushes: list[QBrush] = []
        self._stamper: Stamper | None = None  # symbols for exports into an image
        self._role_codes: dict[str, tuple[np.ndarray, list]] = {}
        self._halo_pens: dict[str, QPen] = {}  # theme -> the selected ties' halo

    # --- looks ----------------------------------------------------------------------------------
    def forget_looks(self) -> None:
        """A theme change: every cached pen and brush is stale."""
        self._stamper = None
        self._brushes.clear()
        self._pens.clear()
        self.palette.clear()
        self._palette_index.clear()
        self._looks_key = self._base_key = None
        self.forget_names_looks()
        self._halo_pens.clear()

    def _style_index(self, pen: QPen, brush: QBrush) -> int:
        key = (id(pen), id(brush))
        got = self._palette_index.get(key)
        if got is None:
            got = self._palette_index[key] = len(self.palette)
            self.palette.append((pen, brush))  # held here, so ids stay unique
        return got

    def _brush(self, colour_hex: str, state: str, fade: float, context: bool) -> QBrush:
        key = (colour_hex, state, fade, context)
        b = self._brushes.get(key)
        if b is None:
            t = theme.current()
            c = tint(colour_hex, t.base, 0.6) if context else QColor(colour_hex)
            alpha = (t.dim_alpha / 255 if state == "d" else 1.0) * fade
            b = self._brushes[key] = QBrush(colour(c, alpha))
        return b

    def _node_pen(self, colour_hex: str, state: str, fade: float, context: bool) -> QPen:
        key = (colour_hex, state, fade, context)
        pen = self._pens.get(key)
        if pen is None:
            t = theme.current()
            k = self.style.line_scale
            if state == "S":
                pen = QPen(QColor(t.highlight), 4 * k)
            elif state == "s":
                pen = QPen(colour(t.text, fade), 2 * k)
            elif context:
                pen = QPen(colour(colour_hex, (t.dim_alpha / 255 if state == "d" else 1) * fade), 2 * k, Qt.DashLine)
            else:
                pen = QPen(colour(t.base, (t.dim_alpha / 255 if state == "d" else 1) * fade), 1.2 * k)
            pen.setCosmetic(True)
            self._pens[key] = pen
        return pen

    def edge_pen(self, sign: str, family: str, state: str, fade: float) -> tuple[QPen, QBrush]:
        key = ("edge", sign, family, state, fade)
        got = self._pens.get(key)
        if got is None:
            t = theme.current()
            width, alpha = {"S": (3.4, 1.0), "s": (2.6, 1.0), "n": (1.7, 0.9), "d": (1.3, t.dim_alpha / 255)}[state]
            c = colour(theme.sign_colour(sign, t.base), alpha * fade)
            dashes = FAMILY_DASHES.get(family)
            pen = QPen(c, width * self.style.line_scale, Qt.SolidLine, Qt.FlatCap if dashes else Qt.RoundCap)
            if dashes:
                pen.setDashPattern(dashes)
            got = self._pens[key] = (pen, QBrush(c))
        return got

    def restyle(self) -> bool:
        """Pens and brushes for the model's current looks. Node looks depend on colours, sizes, the
        time window and the theme — not on the selection — and are recomputed only when one of
        those changes (True then); tie pens are the resting ones plus the few touched."""
        m, st = self.model, self.state
        changed = False
        # keyed by the fades themselves, not by the window: a Play step that fades nothing anew
        # keeps every look, and the resting layers' pixmaps with them
        key = (st.colour, st.measure, np.asarray(m.node_fade, dtype=float).tobytes(), theme.current().name, len(m))
        if key != self._looks_key:
            self._looks_key = key
            changed = True
            combos, combo = _combos(self._codes(st.colour, lambda: map(role_colour, m.colour_groups(st.colour))),
                                    m.node_fade, m.node_context)
            looks = {}
            for look in "ndsS":
                table = np.array([self._style_index(self._node_pen(c, look, f, x), self._brush(c, look, f, x))
                                  for c, f, x in combos], dtype=np.int64)
                looks[look] = table[combo] if len(combo) else np.zeros(0, dtype=np.int64)
            self.looks = looks
            self.looks_version += 1
        fades = m.edge_fade
        base_key = (m.rest, np.asarray(fades, dtype=float).tobytes(), m.edge_visible.tobytes(), theme.current().name)
        if base_key != self._base_key:
            combos, combo = _combos(self._codes("ties", lambda: zip(m.edge_sign, m.edge_family)), fades)
            got = [self.edge_pen(sign_family[0], sign_family[1], m.rest, f) for sign_family, f in combos]
            at = combo.tolist()
            self.base_pens = [got[i][0] for i in at]
            self.base_brushes = [got[i][1] for i in at]
            self._base_key = base_key
            self.base_version += 1
        self.edge_pens = list(self.base_pens)
        self.edge_arrow_brushes = list(self.base_brushes)
        for e in m.top_edges:
            self.edge_pens[e], self.edge_arrow_brushes[e] = self.edge_pen(m.edge_sign[e], m.edge_family[e],
                                                                          m.edge_state[e], fades[e])
        return changed

    def _codes(self, what: str, values) -> tuple[np.ndarray, list]:
        """Per node (or tie) a small integer for its role (``values()``: one per element), and the
        roles: kept per figure, since a figure's model does not change."""
        got = self._role_codes.get(what)
        if got is None:
            roles: dict = {}
            codes = np.array([roles.setdefault(v, len(roles)) for v in values()], dtype=np.int64)
            got = self._role_codes[what] = (codes, list(roles))
        return got

    def node_look(self, i: int) -> tuple[QPen, QBrush, float]:
        """The pen, brush and diameter node ``i`` is drawn with."""
        m = self.model
        look = str(m.node_state[i])
        pen, brush = self.palette[int(self.looks[look][i])]
        return pen, brush, float(m.node_size[i]) * self.style.mark_scale

    def drawn_level(self, item: str) -> int | None:
        """How ``item`` is drawn, read from the looks drawn with: 2 selected, 1 touched, 0 neither, None
        not shown (the panel's ``highlight_level``)."""
        m, t = self.model, theme.current()
        if item in m.node_index:
            i = m.node_index[item]
            if not m.node_visible[i]:
                return None
            pen, brush, _ = self.node_look(i)
            if pen.color().rgb() == QColor(t.highlight).rgb() and pen.widthF() >= 3:
                return 2
            if pen.color().rgb() == QColor(t.text).rgb() and brush.color().alpha() > t.dim_alpha:
                return 1
            return 0
        if item in m.edge_index:
            e = m.edge_index[item]
            if not m.edge_visible[e]:
                return None
            if m.edge_halo[e]:
                return 2
            return 1 if self.edge_pens[e].widthF() >= 2.5 else 0
        return None

    # --- drawing, in the pixel space of ``xy`` ------------------------------------------------------
    def edge_paths(self, xy: np.ndarray, only: np.ndarray | None = None) -> list:
        """Per tie (path, arrowhead or None), or None when too short to draw (or not in ``only``)."""
        geo = self.model.edge_geometry(xy)
        out: list = [None] * len(geo.drawn)
        want = geo.drawn if only is None else geo.drawn & only
        idx = np.flatnonzero(want)
        start, ctrl, end = geo.start[idx].tolist(), geo.ctrl[idx].tolist(), geo.end[idx].tolist()
        # An arrowhead's three corners as six plain floats: unpacking them beats a list of lists per tie
        # (at 10,000 an export makes ~3,900 arrowheads; the nested comprehension was 50 ms of it).
        arrows, bent, directed = geo.arrows[idx].reshape(len(idx), 6).tolist(), geo.bent[idx].tolist(), geo.directed[idx].tolist()
        for n, e in enumerate(idx.tolist()):
            path = QPainterPath(QPointF(*start[n]))
            if bent[n]:
                path.quadTo(QPointF(*ctrl[n]), QPointF(*end[n]))
            else:
                path.lineTo(QPointF(*end[n]))
            if directed[n]:
                x0, y0, x1, y1, x2, y2 = arrows[n]
                out[e] = (path, QPolygonF((QPointF(x0, y0), QPointF(x1, y1), QPointF(x2, y2))))
            else:
                out[e] = (path, None)
        return out

    def touched_ties(self) -> np.ndarray:
        """A mask of the ties drawn on top (the selection's), the only ones drawn without the resting layer."""
        mask = np.zeros(len(self.model.edge_ids), dtype=bool)
        mask[list(self.model.top_edges)] = True
        return mask

    def draw_edges(self, p: QPainter, paths: list, layer: str, within: QRectF | None = None) -> None:
        """The resting layer ("base": every visible tie, dimmed while something is selected) or the
        touched ties on top ("top", the selected with a halo); ``within``: only the part of the output
        being repainted, the touched ties that reach into it (on screen, a selection repaints a few
        boxes: a tie wholly outside them would be stroked for nothing)."""
        m = self.model
        if layer == "base":
            self._draw_resting(p, paths)
            return
        order, pens, brushes = m.top_edges, self.edge_pens, self.edge_arrow_brushes
        t = theme.current()
        halo_pen = self._halo_pens.get(t.name)
        if halo_pen is None:
            halo_pen = self._halo_pens[t.name] = QPen(colour(t.highlight, 0.75), 10 * self.style.line_scale,
                                                      Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)
        visible = m.edge_visible
        if within is not None:
            within = within.adjusted(-TIE_ROOM, -TIE_ROOM, TIE_ROOM, TIE_ROOM)
        for e in order:
            if not visible[e] or paths[e] is None:
                continue
            path, arrow = paths[e]
            if within is not None and not within.intersects(path.controlPointRect()) and (
                    arrow is None or not within.intersects(arrow.boundingRect())):
                continue  # (a curve lies inside its control points)
            if m.edge_halo[e]:
                p.setPen(halo_pen)
                p.setBrush(Qt.NoBrush)
                p.drawPath(path)
                if arrow is not None:
                    p.drawPolygon(arrow)
            p.setPen(pens[e])
            p.setBrush(Qt.NoBrush)
            p.drawPath(path)
            if arrow is not None:
                p.setPen(Qt.NoPen)
                p.setBrush(brushes[e])
                p.drawPolygon(arrow)

    def _draw_resting(self, p: QPainter, paths: list) -> None:
        """Every visible tie in its resting look, one pen at a time: a painter's state changes cost
        more than the drawing of a short tie, and thousands of ties share a handful of pens. (Ties
        of one pen are drawn together, their arrowheads after them.)"""
        by_pen: dict[int, list[int]] = {}
        visible, pens = self.model.edge_visible, self.base_pens
        for e, got in enumerate(paths):
            if got is not None and visible[e]:
                by_pen.setdefault(id(pens[e]), []).append(e)
        no_brush, no_pen = Qt.NoBrush, Qt.NoPen
        for ties in by_pen.values():
            p.setPen(pens[ties[0]])
            p.setBrush(no_brush)
            for e in ties:
                p.drawPath(paths[e][0])
            p.setPen(no_pen)
            p.setBrush(self.base_brushes[ties[0]])
            for e in ties:
                if paths[e][1] is not None:
                    p.drawPolygon(paths[e][1])

    def draw_nodes(self, p: QPainter, xy: np.ndarray) -> None:
        """Every visible node: the resting ones, then the touched on top. Into an image (an export)
        they are stamped from symbols drawn once per look at the device's resolution; any other
        device (SVG, PDF) gets one ellipse per node."""
        m = self.model
        if not len(xy) or not self.looks:
            return
        k = self.style.mark_scale
        rest = np.flatnonzero(m.node_visible & (m.node_state == m.rest))
        top = m.top[m.node_visible[m.top]]
        top_looks = np.array([self.looks[str(m.node_state[i])][i] for i in top.tolist()], dtype=np.int64)
        layers = ((rest, self.looks[m.rest][rest]), (top, top_looks))
        tr = p.transform()
        if isinstance(p.device(), QImage) and not tr.isRotating() and abs(tr.m11() - tr.m22()) < 1e-9:
            if self._stamper is None:
                self._stamper = Stamper()
            dpr = tr.m11()
            self._stamper.set_ratio(dpr)
            dev = map_points(tr, xy)
            p.save()
            p.resetTransform()  # stamped 1:1 in device pixels: Qt's fast path, no resampling
            for idx, looks in layers:
                src = self._stamper.rects(self.palette, looks, m.node_size[idx] * k)
                self._stamper.stamp(p, dev[idx], src, 1.0)
            p.restore()
            return
        for idx, looks in layers:
            for st in np.unique(looks) if len(idx) else ():
                pen, brush = self.palette[int(st)]
                p.setPen(pen)
                p.setBrush(brush)
                for j in idx[looks == st].tolist():
                    r = m.node_size[j] * k / 2
                    p.drawEllipse(QPointF(float(xy[j, 0]), float(xy[j, 1])), r, r)

    # --- the whole figure ----------------------------------------------------------------------------
    def view_transform(self, rect: QRectF, view: tuple[float, float, float, float] | None, zoom: float):
        """Scale and offset from layout units to the logical pixels of ``rect`` / ``zoom``: the
        ``view`` box (x0, y0, x1, y1), or the nodes with a margin, fitted with the aspect kept."""
        w, h = rect.width() / zoom, rect.height() / zoom
        if view is None:
            box = self.model.fit_box(only_visible=True) or (-1.0, -1.0, 1.0, 1.0)
            sx, sy = max(box[2] - box[0], 0.2), max(box[3] - box[1], 0.2)
            view = (box[0] - sx * 0.12, box[1] - sy * 0.08, box[2] + sx * 0.12, box[3] + sy * 0.08)
        x0, y0, x1, y1 = view
        k = min(w / max(x1 - x0, 1e-9), h / max(y1 - y0, 1e-9))
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        # y grows upwards in the layout, downwards in pixels (as on screen)
        return k, w / 2 - cx * k, h / 2 + cy * k, w, h

    def paint(self, p: QPainter, rect: QRectF, view: tuple[float, float, float, float] | None = None, *,
              zoom: float | None = None, background: bool = True, fade: float = 0.0, resting: bool = True,
              positions: np.ndarray | None = None) -> None:
        """Draw the network into ``rect`` of any painter (image, SVG, PDF): the ``view`` box of the
        layout (x0, y0, x1, y1; None fits the visible nodes), type ``zoom`` times the screen's;
        ``fade``: a framed view's context fades out over that many pixels at the edges (where it is
        cut), under the names; ``resting=False``: only the touched ties, as the screen draws a big
        graph whose layout is still being computed (see ``EdgesItem.resting``); ``positions``: the
        nodes' places to draw at instead of the model's (a slide cell's own layout of a few nodes)."""
        zoom = self.style.zoom if zoom is None else zoom
        k, dx, dy, w, h = self.view_transform(rect, view, zoom)
        pos = self.model.pos if positions is None else positions
        xy = np.stack([pos[:, 0] * k + dx, -pos[:, 1] * k + dy], axis=1) if len(pos) else np.zeros((0, 2))
        begin(p, rect, zoom)
        if background:
            p.fillRect(QRectF(0, 0, w, h), QColor(theme.current().base))
        only = self.model.edge_visible if resting else self.touched_ties() & self.model.edge_visible
        paths = self.edge_paths(xy, only)
        if resting:
            self.draw_edges(p, paths, "base")
        self.draw_edges(p, paths, "top")
        self.draw_nodes(p, xy)
        if fade and background:
            self.fade_edges(p, w, h, fade)
        self.last_labels = self.place_labels(xy, w, h)  # what was named where (tests read it back)
        self.last_xy, self.last_size = xy, (w, h)
        for label in self.last_labels:
            self.draw_label(p, label)
        if self.style.name != SCREEN.name:  # a slide: the nodes without room for a name are numbered
            from .unnamed import number_unnamed

            number_unnamed(p, self, xy, w, h)
        p.restore()

    @staticmethod
    def fade_edges(p: QPainter, w: float, h: float, width: float) -> None:
        """The background colour over the outer ``width`` pixels, opaque at the edge and clear inside:
        a context node cut by the frame fades out rather than stopping at a hard line."""
        from PySide6.QtGui import QLinearGradient

        base = QColor(theme.current().base)
        clear = QColor(base)
        clear.setAlpha(0)
        p.save()
        p.setPen(Qt.NoPen)
        for a, b, box in ((QPointF(0, 0), QPointF(width, 0), QRectF(0, 0, width, h)),
                          (QPointF(w, 0), QPointF(w - width, 0), QRectF(w - width, 0, width, h)),
                          (QPointF(0, 0), QPointF(0, width), QRectF(0, 0, w, width)),
                          (QPointF(0, h), QPointF(0, h - width), QRectF(0, h - width, w, width))):
            g = QLinearGradient(a, b)
            g.setColorAt(0.0, base)
            g.setColorAt(1.0, clear)
            p.setBrush(g)
            p.drawRect(box)
        p.restore()

    # --- legend -------------------------------------------------------------------------------------
    def legend_entries(self) -> list[tuple[str, dict]]:
        """(meaning, swatch) of what this figure draws: node colours, context, size, selection, tie
        signs and families."""
        m, t = self.model, theme.current()
        out = []
        if self.state.colour == "community":
            comm = m.communities()
            n = min(len(set(comm.values())), len(COMMUNITY_COLOURS) - 1)
            for c in range(min(n, 6)):
                out.append((f"community {c + 1}", {"brush": QBrush(QColor(COMMUNITY_COLOURS[c])), "size": 11}))
            if len(set(comm.values())) > 6:
                out.append(("smaller communities", {"brush": QBrush(QColor(COMMUNITY_COLOURS[-2])), "size": 11}))
        else:
            present = set(m.node_family)
            for f in TYPE_COLOURS:
                if f in present:
                    out.append((graph.TYPE_LABELS[f], {"brush": QBrush(QColor(TYPE_COLOURS[f])), "size": 11}))
        if m.node_context.any():
            pen = QPen(QColor(CONTEXT_GREY), 1.6, Qt.DashLine)
            out.append(("added for context", {"brush": QBrush(tint(CONTEXT_GREY, t.base, 0.6)), "pen": pen,
                                              "size": 11}))
        shown = m.node_base[m.node_visible] if len(m.node_base) == len(m.node_visible) else m.node_base
        if len(shown) > 1 and float(np.ptp(shown)) >= 1.0:  # sizes that differ say something: name the measure
            out.append((f"size: {nv.MEASURE_NAMES.get(self.state.measure, self.state.measure).lower()}",
                        {"brush": QBrush(QColor("#9A9A9A")), "size": 15}))
        out.append(("selected", {"brush": QBrush(QColor("#9A9A9A")), "pen": QPen(QColor(t.highlight), 3),
                                 "size": 11}))
        for sign in ("cooperative", "conflictual", "neutral"):
            if sign in m.edge_sign:
                out.append((nv.SIGN_LABELS[sign], {"line": QPen(theme.sign_colour(sign, t.base), 2.4),
                                                   "arrow": True}))
        for fam in nv.FAMILIES:
            if fam in m.edge_family:
                pen = QPen(QColor(t.muted), 2, Qt.SolidLine, Qt.FlatCap)
                if FAMILY_DASHES[fam]:
                    pen.setDashPattern(FAMILY_DASHES[fam])
                out.append((graph.FAMILY_LABELS[fam], {"line": pen}))
        return out


def draw_swatch(p: QPainter, spec: dict, w: float = 26, h: float = 16) -> None:
    """A legend swatch: a node (colour, size, outline) or a tie (sign colour, family dashes)."""
    p.setRenderHint(QPainter.Antialiasing)
    line = spec.get("line")
    if line is not None:
        arrow = spec.get("arrow", False)
        p.setPen(line)
        p.drawLine(QPointF(2, h / 2), QPointF(w - 7 if arrow else w - 2, h / 2))
        if arrow:
            p.setPen(Qt.NoPen)
            p.setBrush(line.color())
            p.drawPolygon(QPolygonF([QPointF(w - 1, h / 2), QPointF(w - 9, h / 2 - 4), QPointF(w - 9, h / 2 + 4)]))
        return
    p.setPen(spec.get("pen") or Qt.NoPen)
    p.setBrush(spec.get("brush") or Qt.NoBrush)
    size = spec.get("size", 10)
    p.drawEllipse(QPointF(w / 2, h / 2), size / 2, size / 2)
