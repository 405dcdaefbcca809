"""The map's place markers: their looks for the selection and the time window, and the one item
per layer that draws them.

A marker's look is ``MapFigure.place_style`` of its place's level (selected, touched, neither), its
activity in the time window and whether it is context; at 10,000 entities a time-window step (Play)
restyles every marker, so each marker's look is a small integer code worked out with numpy, and
the looks per distinct code. What is kept per list of markers (each id's row, its position in the
activity index, its context) lives in the panel's ``_marker_codes``.

One :class:`MarkerItem` draws a whole layer — the comparison cases' rings, the markers (the
selected and touched on top, as exports draw them), the far places' pins while the selection
touches them. It replaced three pyqtgraph ScatterPlotItems per layer, whose per-item preparation
(bounds, masks, coordinate transforms, the atlas look-up of every restyled point) cost more than
drawing ~40 marks: on screen the marks are stamped from pyqtgraph's symbol atlas in one
``drawPixmapFragments`` call (``pg_adapter.Stamper``, the same pixels as pyqtgraph's); any other
device (SVG, PDF, print) gets vector paths.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPaintEngine, QPainter

from ....core import activity
from ....core.arrays import distinct
from ....core.views import map as mv
from ... import theme
from ..partial import update_apart
from ..pg_adapter import Stamper, draw_symbol
from .figure import cosmetic_pen
from .items import exposed_rect

RING_GROWTH = 9  # a comparison case's ring is this many pixels wider than its marker
ATLAS_MAX = 256  # looks kept on the symbol sheet before it is started again (themes, windows)
MARK_MARGIN = 4  # px around a mark and its ring that its pen and antialiasing may reach


class MarkerItem(pg.GraphicsObject):
    """Every mark of one map layer, in its view box's km; see the module's docstring."""

    CLIP = True  # a partial repaint draws only the marks it reaches

    def __init__(self, layer: mv.LayerModel, places: dict[str, mv.PlaceInfo], bounds: QRectF):
        super().__init__()
        self.layer = layer
        self._bounds = bounds
        self.symbols: list[str] = []
        shape_of: dict[str, int] = {}

        def shapes_sizes(ids, pinned):
            shapes, sizes = [], []
            for pid in ids:
                symbol, size = mv.style_of(places[pid])[:2]
                shapes.append(shape_of.setdefault(symbol, len(shape_of)))
                sizes.append(max(6, size - 3) if pinned else size)
            return np.array(shapes, dtype=np.int64), np.array(sizes, dtype=float)

        self.shapes, self.sizes = shapes_sizes(layer.ids, False)
        self.pin_shapes, self.pin_sizes = shapes_sizes(layer.pins, True)
        shape_of.setdefault("o", len(shape_of))
        self.symbols = list(shape_of)
        cases = [n for n, pid in enumerate(layer.ids) if places[pid].is_case]
        self.rings = np.array(cases, dtype=np.int64)
        self.ring_sizes = self.sizes[self.rings] + RING_GROWTH if cases else np.zeros(0)
        self.ring_look = (cosmetic_pen(theme.KIND_COLOURS["place"], 1.5), QBrush(Qt.NoBrush))
        self.codes = np.zeros(len(layer.ids), dtype=np.int64)  # see styles(): level, activity, context
        self.pin_codes = np.zeros(len(layer.pins), dtype=np.int64)
        self.looks: dict[int, tuple] = {}  # code -> (brush, pen)
        self._stamper = Stamper()
        # px around a mark's position that it reaches: the widest mark, its ring, pen and antialiasing
        self._reach = float(np.concatenate([self.sizes, self.pin_sizes, [0.0]]).max()) / 2 + RING_GROWTH / 2 + MARK_MARGIN
        # every mark as stamped on screen, bottom first: (pins' positions, ratio, km, sheet rectangles);
        # worked out again when a look, a pin's place or the sheet changes, not at every repaint
        self._stamps: tuple | None = None
        # each mark's form, (size, shape) as one number, and each (look, form)'s rectangle on the symbol
        # sheet, kept while the sheet lasts: a selection's new stamps are a few look-ups, not a sheet query
        forms = distinct(np.concatenate([self.sizes, self.pin_sizes, self.ring_sizes]) * 64
                         + np.concatenate([self.shapes, self.pin_shapes, np.full(len(self.rings), self.symbols.index("o"))]))
        self._form_sizes, self._form_shapes = forms // 64, (forms % 64).astype(np.int64)
        self._forms = np.searchsorted(forms, self.sizes * 64 + self.shapes)
        self._pin_forms = np.searchsorted(forms, self.pin_sizes * 64 + self.pin_shapes)
        self._ring_forms = np.searchsorted(forms, self.ring_sizes * 64 + self.symbols.index("o"))
        self._sheet: dict[tuple, tuple] = {}  # (code, form, pen id, brush id) -> (rectangle, pen, brush)
        self.setZValue(20)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return self._bounds

    # --- looks ------------------------------------------------------------------------------------
    def set_looks(self, codes: np.ndarray, pin_codes: np.ndarray, looks: dict[int, tuple]) -> bool:
        """Wear these looks (``looks[codes[n]]`` is marker n's (brush, pen)); repainted only where
        a marker's look changed (all over when a look itself did: a theme). True when one did."""
        # a code kept wears the same look unless the looks were forgotten (a theme): a code new here
        # is some marker's new code, and that marker is repainted anyway
        same_looks = bool(self.looks) and all(looks.get(c) is self.looks[c] for c in
                                              distinct(np.concatenate([codes, pin_codes])).tolist() if c in self.looks)
        changed = None
        if same_looks and len(codes) == len(self.codes) and len(pin_codes) == len(self.pin_codes):
            changed = np.flatnonzero(codes != self.codes), np.flatnonzero(pin_codes != self.pin_codes)
        self.codes, self.pin_codes, self.looks = codes, pin_codes, looks
        self._stamps = None
        if changed is None:
            self.update()
            return True
        if not len(changed[0]) and not len(changed[1]):
            return False
        self._update_marks(*changed)
        return True

    def _update_marks(self, rows: np.ndarray, pins: np.ndarray) -> None:
        """Repaint around these markers and pins (a mark moved up or down the stack, or restyled):
        a box of the largest mark's size, ring and pen, in pixels, whatever the zoom."""
        layer = self.layer
        tr = self.sceneTransform()
        sx, sy = abs(tr.m11()), abs(tr.m22())
        pin_xy = np.asarray(layer.pin_positions, dtype=float).reshape(-1, 2)
        if sx < 1e-12 or sy < 1e-12 or (len(pins) and len(pin_xy) != len(layer.pins)):
            self.update()
            return
        r = self._reach  # px
        xy = np.concatenate([np.asarray(layer.xy, dtype=float).reshape(-1, 2)[rows], pin_xy[pins]])
        update_apart(self, [QRectF(x - r / sx, y - r / sy, 2 * r / sx, 2 * r / sy) for x, y in xy.tolist()])

    def invalidate(self) -> None:
        """Forget the looks (a theme changed): the next :meth:`set_looks` repaints."""
        self.looks = {}
        self._stamper.clear()
        self._sheet.clear()
        self._stamps = None

    def forget_stamps(self) -> None:
        """Work every stamp out again at the next paint, its rectangle on a new sheet too (the tests:
        what repaints reuse is what they would work out anew)."""
        self._stamper.clear()
        self._sheet.clear()
        self._stamps = None
        self.update()

    def look(self, pid: str) -> tuple | None:
        """The (brush, pen) marker ``pid`` is drawn with now (a pin: None while it is not shown)."""
        layer = self.layer
        if pid in layer.index:
            return self.looks.get(int(self.codes[layer.index[pid]]))
        if pid in layer.pins:
            code = int(self.pin_codes[layer.pins.index(pid)])
            return self.looks.get(code) if code // 6 > 0 else None
        return None

    # --- drawing ----------------------------------------------------------------------------------
    def _stack(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The places' and the pins' positions (km), and the order they are drawn in, bottom first:
        the markers' rows (the touched and the selected on top), the pins shown (while touched)."""
        layer = self.layer
        xy_all = np.asarray(layer.xy, dtype=float).reshape(-1, 2)
        pin_xy = np.asarray(layer.pin_positions, dtype=float).reshape(-1, 2)
        order = np.argsort(self.codes // 6, kind="stable")
        shown_pins = np.flatnonzero(self.pin_codes // 6 > 0)
        shown_pins = shown_pins[np.argsort(self.pin_codes[shown_pins] // 6, kind="stable")]
        if len(pin_xy) != len(layer.pins):
            shown_pins = shown_pins[:0]
        return xy_all, pin_xy, order, shown_pins

    def _marks(self, box: tuple | None = None) -> tuple[np.ndarray, list, np.ndarray, np.ndarray, np.ndarray]:
        """What is drawn, bottom first: positions (km), looks, each mark's look, size and shape —
        of the marks whose position lies in ``box`` (x0, y0, x1, y1 km; None: all)."""
        xy_all, pin_xy, order, shown_pins = self._stack()
        rings, ring_sizes = self.rings, self.ring_sizes
        if box is not None:  # a repaint of a few boxes: the marks there (at 10,000 places, most are not)
            def near(at):
                return (at[:, 0] >= box[0]) & (at[:, 0] <= box[2]) & (at[:, 1] >= box[1]) & (at[:, 1] <= box[3])
            inside = near(xy_all)
            order, shown_pins = order[inside[order]], shown_pins[near(pin_xy[shown_pins])]
            rings, ring_sizes = rings[inside[rings]], ring_sizes[inside[rings]]
        codes = np.concatenate([self.codes[order], self.pin_codes[shown_pins]])
        palette_codes = distinct(codes)
        palette = [self.ring_look] + [self.looks[c][::-1] for c in palette_codes.tolist()]  # (pen, brush)
        which = np.concatenate([np.zeros(len(rings), dtype=np.int64), 1 + np.searchsorted(palette_codes, codes)])
        xy = np.concatenate([xy_all[np.concatenate([rings, order])], pin_xy[shown_pins]])
        sizes = np.concatenate([ring_sizes, self.sizes[order], self.pin_sizes[shown_pins]])
        ring = self.symbols.index("o")
        shapes = np.concatenate([np.full(len(rings), ring, dtype=np.int64), self.shapes[order],
                                 self.pin_shapes[shown_pins]])
        return xy, palette, which, sizes, shapes

    def _exposed_km(self, p: QPainter) -> tuple | None:
        """The repainted rectangle in km, grown by the widest mark's reach (None: everything)."""
        r = exposed_rect(p) if self.CLIP else None
        tr = p.transform()
        sx, sy = abs(tr.m11()), abs(tr.m22())
        if r is None or tr.isRotating() or sx < 1e-12 or sy < 1e-12:
            return None
        reach = self._reach
        return (r.left() - reach / sx, r.top() - reach / sy, r.right() + reach / sx, r.bottom() + reach / sy)

    def _stamped(self, ratio: float) -> tuple[np.ndarray, np.ndarray]:
        """Every mark as stamped, bottom first: its position (km) and its rectangle on the symbol
        sheet (a sheet's rectangles stay put as looks are added: only a new sheet moves them)."""
        kept = self._stamps
        if kept is not None and kept[0] is self.layer.pin_positions and kept[1] == ratio:
            return kept[2], kept[3]
        if len(self._stamper) > ATLAS_MAX:
            self._stamper.clear()
            self._sheet.clear()
        if self._stamper.set_ratio(ratio):
            self._sheet.clear()
        layer = self.layer
        xy_all, pin_xy, order, shown_pins = self._stack()
        xy = np.concatenate([xy_all[self.rings], xy_all[order], pin_xy[shown_pins]])
        # each stamp's look code (-1: a case's ring) and form as one number
        n = len(self._form_sizes)
        keys = np.concatenate([self._ring_forms, (self.codes[order] + 1) * n + self._forms[order],
                               (self.pin_codes[shown_pins] + 1) * n + self._pin_forms[shown_pins]])
        uniq = distinct(keys).tolist()
        rects, new = [], []
        for key in uniq:
            code, form = divmod(key, n)
            pen, brush = self.ring_look if code == 0 else self.looks[code - 1][::-1]
            got = self._sheet.get((key, id(pen), id(brush)))
            rects.append(got[0] if got is not None else None)
            if got is None:
                new.append((len(rects) - 1, key, form, pen, brush))
        if new:  # looks not yet on the sheet: drawn there, once
            src = self._stamper.rects([(pen, brush) for *_, pen, brush in new], np.arange(len(new)),
                                      self._form_sizes[[f for _, _, f, _, _ in new]], self.symbols,
                                      self._form_shapes[[f for _, _, f, _, _ in new]])
            for (at, key, _, pen, brush), r in zip(new, src.tolist()):
                self._sheet[(key, id(pen), id(brush))] = (r, pen, brush)  # (the pen and brush kept: their ids stay theirs)
                rects[at] = r
        src = np.array(rects, dtype=float).reshape(-1, 4)[np.searchsorted(np.array(uniq), keys)]
        self._stamps = (layer.pin_positions, ratio, xy, src)
        return xy, src

    def paint(self, p: QPainter, *args) -> None:
        if not len(self.codes) and not len(self.pin_codes) or not self.looks:
            return
        engine = p.paintEngine()
        box = self._exposed_km(p)
        raster = engine is not None and engine.type() == QPaintEngine.Raster
        if raster:
            device = p.device()
            ratio = device.devicePixelRatioF() if device is not None else 1.0
            xy, src = self._stamped(ratio)
            if box is not None:  # a repaint of a few boxes: the marks there (at 10,000 places, most are not)
                near = (xy[:, 0] >= box[0]) & (xy[:, 0] <= box[2]) & (xy[:, 1] >= box[1]) & (xy[:, 1] <= box[3])
                xy, src = xy[near], src[near]
        else:
            xy, palette, which, sizes, shapes = self._marks(box)
        if not len(xy):
            return
        tr = p.transform()  # km -> the device's logical pixels
        px = np.column_stack([xy[:, 0] * tr.m11() + xy[:, 1] * tr.m21() + tr.dx(),
                              xy[:, 0] * tr.m12() + xy[:, 1] * tr.m22() + tr.dy()])
        p.save()
        p.resetTransform()  # marks are drawn in pixels, whatever the zoom (as pyqtgraph's pxMode)
        if raster:
            self._stamper.stamp(p, px, src, ratio)
        else:
            for (x, y), look, size, shape in zip(px.tolist(), which.tolist(), sizes.tolist(), shapes.tolist()):
                p.save()
                p.translate(x, y)
                draw_symbol(p, self.symbols[shape], size, *palette[look])
                p.restore()
        p.restore()


def restyle(panel, layer) -> None:
    """Work out the look of every marker of the layer (per distinct code) and hand the looks to its
    item, which repaints only when one changed."""
    item: MarkerItem | None = layer.markers
    if item is None:
        return
    codes, pin_codes = codes_of(panel, layer.ids), codes_of(panel, layer.pins)
    style, any_selected = panel.figure.place_style, panel.content.any_selected
    looks = {c: style(c // 6, any_selected, activity.NAMES[(c // 2) % 3], bool(c % 2))
             for c in distinct(np.concatenate([codes, pin_codes])).tolist()}
    item.set_looks(codes, pin_codes, looks)


def codes_of(panel, ids: list[str]) -> np.ndarray:
    """Each marker's look as a code, (level × 3 + activity rank) × 2 + context: what
    ``figure.place_style`` is asked for."""
    if not ids:
        return np.zeros(0, dtype=np.int64)
    idx = activity.index(panel.session.db)
    got = panel._marker_codes.get(id(ids))
    if got is None or got[0] is not ids or got[1] is not idx:
        at = np.array([idx.position.get(i, -1) for i in ids], dtype=np.int64)
        ctx = np.array([bool(panel.places[i].context) for i in ids], dtype=np.int64)
        got = panel._marker_codes[id(ids)] = (ids, idx, {i: n for n, i in enumerate(ids)}, at, ctx)
    _, _, rows, at, ctx = got
    level = np.zeros(len(ids), dtype=np.int64)
    for item, lvl in panel._levels.items():
        row = rows.get(item)
        if row is not None:
            level[row] = lvl
    rank = np.full(len(ids), 2, dtype=np.int64)  # not dated, or no window: active
    if isinstance(panel._window, tuple):  # (the index keeps its ranks for the last window)
        dated = at >= 0
        rank[dated] = idx.ranks(panel._window)[at[dated]]
    return (level * 3 + rank) * 2 + ctx


def place_states(panel, window) -> dict[str, str]:
    """The activity state in ``window`` of each place the activity index dates (the others are active)."""
    idx = activity.index(panel.session.db)
    got = panel._marker_codes.get("places")
    if got is None or got[0] is not idx:
        pids = [pid for pid in panel.places if pid in idx.position]
        got = panel._marker_codes["places"] = (idx, pids, np.array([idx.position[p] for p in pids], dtype=np.int64))
    _, pids, at = got
    return dict(zip(pids, np.array(activity.NAMES, dtype=object)[idx.ranks(window)[at]].tolist()))
