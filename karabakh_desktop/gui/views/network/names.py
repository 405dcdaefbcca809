"""The network's names: which nodes are named where, in which font and colours, kept while nothing
they depend on changes.

:class:`FigureNames` is the names' part of :class:`~.figure.NetworkFigure` (which it is mixed into:
it reads the figure's ``model``, ``state``, ``label`` and ``style``). On screen the names' places
are kept per view (and for the last few selections in it), and each name, once made, is handed out
again while its look stays the same; an export places its names once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from ....core.views import network as nv
from ... import theme

LABELS_MADE = 2000  # names kept to be handed out again (a few hundred selections of names, well under 1 MB)
# names' places kept per view: the analyst goes back and forth between items (in the benchmark's 103
# selections, 64 kept places spare 11 of 62 placements that 16 did not), as many as fit in about 2 MB of
# what they depend on (a key holds three arrays of every node: 64 at memo scale, 15 at 10,000 nodes)
PLACEMENTS_KEPT = 64
PLACEMENT_KEYS_BYTES = 2_000_000


def colour(hex_or_q, alpha: float = 1.0) -> QColor:
    """``hex_or_q`` with its opacity times ``alpha`` (the figure's pens and brushes use it too: it is
    here, in the module the figure imports)."""
    c = QColor(hex_or_q)
    c.setAlphaF(max(0.0, min(1.0, c.alphaF() * alpha)))
    return c


@dataclass(eq=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class PlacedLabel:
    node: int
    rect: QRectF
    text: str
    font: QFont
    colour: QColor
    background: QColor
    look: tuple = ()  # (box, state, ink alpha): equal before and after a change, the label is drawn the same
    stamp: tuple | None = None  # the screen's key for its pixmap (``items.LabelsItem``), made on first use


class FigureNames:
    """Placing, colouring and drawing a network figure's names (mixed into ``NetworkFigure``)."""

    def __init__(self):
        self._texts: dict = {}
        self._texts_key = None
        self.names_version = 0
        self._placement: tuple | None = None  # (what the names' places depend on, the places)
        self._placements: dict = {}  # the last few, per selection (what they depend on -> the places)
        self._spots: tuple | None = None  # (what the spots depend on, the model, the cover, node -> spots)
        self._fonts: tuple[QFont, QFont] | None = None
        self._font_keys: tuple[str, str] | None = None
        self._inked: tuple | None = None  # (the places, what their colours depend on, the coloured names)
        self._made: tuple = (None, {})  # (theme, fonts, naming), (node, box, state, ink) -> its PlacedLabel

    def forget_names_looks(self) -> None:
        """A theme change: the names' colours are stale (their places are not)."""
        self._inked = None
        self._made = (None, {})

    def fonts(self) -> tuple[QFont, QFont]:
        """The names' two fonts (made once: a style's fonts are fixed; callers do not change them)."""
        if self._fonts is None:
            self._fonts = (self.style.font(self.style.label_pt), self.style.font(self.style.strong_label_pt, bold=True))
        return self._fonts

    def label_sizes(self, font: QFont, bold: QFont, font_keys: tuple[str, str] | None = None):
        """(text, width, height) of a node's label, cached per naming choice and font (``font_keys``:
        the fonts' keys, when the caller has them)."""
        key = (self.names_version, *(font_keys or (font.key(), bold.key())))
        if key != self._texts_key:
            self._texts_key, self._texts = key, {}
        fm, fmb = QFontMetricsF(font), QFontMetricsF(bold)
        ids = self.model.node_ids

        def size(i: int, strong: bool):
            got = self._texts.get((i, strong))
            if got is None:
                # the selection's name is never cut: a long one goes on two lines
                lines = nv.label_lines(self.label(ids[i])) if strong else [nv.label_text(self.label(ids[i]))]
                f = fmb if strong else fm
                got = self._texts[(i, strong)] = ("\n".join(lines), max(f.horizontalAdvance(x) for x in lines) + 6,
                                                  f.height() * len(lines) + 1)
            return got
        return size

    def place_labels(self, xy: np.ndarray, width: float, height: float, cover=None, view_key=None) -> list[PlacedLabel]:
        """The nodes' names, placed and coloured. With ``view_key`` (on screen: the view's transform
        and geometry) the places are kept while nothing they depend on changes — a time-window step
        (Play) fades the names but moves none — and only the colours are worked out again; the places
        of the last few selections in a view are kept too (the analyst goes back and forth)."""
        m = self.model
        font, bold = self.fonts()
        if self._font_keys is None:
            self._font_keys = (font.key(), bold.key())
        size = self.label_sizes(font, bold, self._font_keys)
        key = None if view_key is None else (
            view_key, width, height, self.names_version, self.state.measure, self.style.mark_scale,
            *self._font_keys, m.node_visible.tobytes(), m.node_state.tobytes(), np.asarray(m.node_size).tobytes())
        if key is not None and self._placement is not None and self._placement[0] == key:
            placed = self._placement[1]
        elif key is not None and key in self._placements:  # a selection seen a moment ago, in this view
            placed = self._placements.pop(key)
            self._placements[key] = placed
            self._placement = (key, placed)
        else:
            placed = m.place_labels(xy, width, height, lambda i, strong: size(i, strong)[1:], self.state.measure,
                                    cover=cover, mark_scale=self.style.mark_scale,
                                    kept=None if key is None else self._kept_spots(key[:8], cover))
            self._placement = (key, placed) if key is not None else None
            if key is not None:
                kept = self._placements
                if kept and next(reversed(kept))[:8] != key[:8]:  # another view: those are of no use
                    kept.clear()
                kept[key] = placed
                room = max(4, min(PLACEMENTS_KEPT, PLACEMENT_KEYS_BYTES // max(sum(map(len, key[-3:])), 1)))
                while len(kept) > room:
                    del kept[next(iter(kept))]
        t = theme.current()
        # the names' colours follow from their nodes' states (in ``key``), fades and the theme: the same
        # places with the same fades and theme are the same names, kept as they were (a Play step, a
        # repaint, a selection that changed no name)
        fades = np.asarray(m.node_fade, dtype=float)
        ink_key = (fades.tobytes(), t.name)
        got = self._inked
        if key is not None and got is not None and got[0] is placed and got[1] == ink_key:
            return got[2]
        # a name of the same node with the same look is the same name (its text, font and colours follow
        # from its state, ink and the theme): made once, while the theme, fonts and naming stay
        made_key = (t.name, self._font_keys, self.names_version)
        if key is None or self._made[0] != made_key or len(self._made[1]) > LABELS_MADE:
            self._made = (made_key, {})
        made = self._made[1]
        bg_full = bg_dim = None
        inks: dict[float, QColor] = {}  # a few fades among all the names: one colour each
        out = []
        # the named nodes' states and fades in one step each (the model's arrays: no dict of every item's
        # state per window, no numpy scalar per name)
        idx = [i for i, _ in placed]
        states = m.node_state[idx].tolist() if idx else []
        fades = fades[idx].tolist() if idx else []
        for (i, (x0, y0, x1, y1)), st, fade in zip(placed, states, fades):
            alpha = (0.45 if st == "d" else 1.0) * max(fade, 0.45)
            look = (i, x0, y0, x1, y1, st, alpha)
            label = made.get(look)
            if label is None:
                text, w, h = size(i, st == "S")
                c = inks.get(alpha)
                if c is None:
                    c = inks[alpha] = colour(t.text, alpha)
                if bg_full is None:
                    bg_full, bg_dim = colour(t.base, 0.85), colour(t.base, 0.5)
                label = made[look] = PlacedLabel(i, QRectF(x0, y0, w, h), text, bold if st == "S" else font, c,
                                                 bg_dim if st == "d" else bg_full, (x0, y0, w, h, st, alpha))
            out.append(label)
        self._inked = (placed, ink_key, out) if key is not None else None
        return out

    def _kept_spots(self, view: tuple, cover) -> dict | None:
        """The not-selected nodes' label spots for one view (its transform, output, names, measure,
        mark scale and fonts) and one ``cover``: a selection in that view only places the labels."""
        if cover is None:
            return None
        m = self.model
        key = view + (np.asarray(m.node_base).tobytes(),)
        s = self._spots
        if s is None or s[0] != key or s[1] is not m or s[2] is not cover:
            s = self._spots = (key, m, cover, {})
        return s[3]

    @staticmethod
    def draw_label(p: QPainter, label: PlacedLabel, rect: QRectF | None = None) -> None:
        p.setPen(Qt.NoPen)
        p.setBrush(label.background)
        p.drawRoundedRect(rect or label.rect, 3, 3)
        p.setFont(label.font)
        p.setPen(label.colour)
        p.drawText(rect or label.rect, Qt.AlignCenter, label.text)
