"""One legend per slide, built from what the figure draws, with the real symbols: the map's star,
square and hatched area, the network's node colours and tie lines, the timeline's bars, dots and
hatching — and only the entries that occur (no "selected" without a selection, no time window
without one).

An entry is ``(colour, meaning, draw)``; ``draw(painter, w, h)`` paints the symbol in a ``w`` × ``h``
box at the painter's origin (the colour is what a legend without symbols would show)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from .. import theme

Entry = tuple[str, str, object]


def slide_legend(panel) -> list[Entry]:
    pid = getattr(panel, "panel_id", "")
    if pid == "network":
        return _network(panel)
    if pid == "map":
        return _map(panel)
    if pid == "timeline":
        return _timeline(panel)
    return [(str(e[0]), str(e[1]), e[2] if len(e) > 2 else None) for e in (panel.legend() or [])]


def _network(panel) -> list[Entry]:
    from .network.figure import draw_swatch

    selected = bool(panel.session.touch.selected)
    out = []
    for name, spec in panel.figure.legend_entries():
        if name == "selected" and not selected:
            continue
        colour = (spec.get("brush") or QBrush(spec["line"].color())).color().name() if "brush" in spec or "line" in \
            spec else "#777777"
        out.append((colour, f"tie: {name}" if "arrow" in spec else name,
                    lambda p, w, h, spec=spec: draw_swatch(p, spec, w, h)))
    return out


def _map(panel) -> list[Entry]:
    from .map import text

    touch = panel.session.touch
    skip = set()
    if not touch.selected:
        skip |= {"selected", "touched by selection"}
    if panel.session.time_window is None:
        skip.add("faded: inactive in the time window")
    if not panel.shapes_box.isChecked():
        skip |= {"approx. area (hand-drawn)", "approx. corridor / route"}

    def centred(drawer):
        def draw(p, w, h):
            p.translate(w / 2, h / 2)
            drawer(p)
        return draw

    return [(str(colour), meaning, centred(drawer)) for meaning, drawer, colour in text.legend_entries(panel)
            if meaning not in skip]


def _timeline(panel) -> list[Entry]:
    from ...core import timeline_layout as tl
    from .timeline.figure import CATEGORY_COLOURS, OTHER_COLOUR, WINDOW_EDGE

    t = theme.current()
    model = panel.model
    present = set(model.events.category)
    cats = [c for c in tl.CATEGORY_ORDER if c in present] + sorted(present - set(tl.CATEGORY_ORDER))
    out: list[Entry] = []
    for c in cats:
        colour = CATEGORY_COLOURS.get(c, OTHER_COLOUR)
        out.append((colour, f"{tl.category_label(c)} event", _bar(colour)))
    grey = "#777777"
    out.append((grey, "dot: an exact day", _dot(grey, grey)))
    out.append((grey, "bar: a period", _bar(grey)))
    if (model.layout.seg_kind == tl.FUZZY).any():
        out.append((grey, "hatched, dashed: known only to the month or year", _bar(grey, fuzzy=True)))
    if model.events.context.any():
        out.append((t.base, "hollow: context, not stated in the memo", _dot(t.base, grey)))
    if model.selection_on:
        out.append((t.highlight, "selected", _dot(grey, t.highlight, 3.0)))
        out.append((t.text, "outlined: touched by the selection", _dot(grey, t.text, 2.2)))
    if panel.session.time_window is not None:
        out.append((WINDOW_EDGE, "time window (faint: inactive in it; dotted: possibly active)", _window()))
    if getattr(panel, "published", None) is not None:
        out.append((t.muted, "dashed line: the memo's publication date; shaded after it: expected", _vline()))
    return out


def _bar(colour: str, fuzzy: bool = False):
    def draw(p: QPainter, w: float, h: float) -> None:
        c = QColor(colour)
        r = QRectF(1, h * 0.25, w - 2, h * 0.5)
        fill = QColor(c)
        fill.setAlpha(60 if fuzzy else 150)
        p.fillRect(r, fill)
        if fuzzy:
            p.fillRect(r, QBrush(c, Qt.BDiagPattern))
        p.setPen(QPen(c.darker(130), 1.2, Qt.DashLine if fuzzy else Qt.SolidLine))
        p.setBrush(Qt.NoBrush)
        p.drawRect(r)
    return draw


def _dot(fill: str, line: str, width: float = 1.4):
    def draw(p: QPainter, w: float, h: float) -> None:
        p.setRenderHint(QPainter.Antialiasing)
        p.setPen(QPen(QColor(line), width))
        p.setBrush(QColor(fill))
        r = h * 0.36
        p.drawEllipse(QPointF(w / 2, h / 2), r, r)
    return draw


def _window():
    from .timeline.figure import WINDOW_EDGE

    def draw(p: QPainter, w: float, h: float) -> None:
        p.fillRect(QRectF(3, 0, w - 6, h), QColor(255, 176, 0, 45))
        p.setPen(QPen(QColor(WINDOW_EDGE), 2))
        p.drawLine(QPointF(3, 0), QPointF(3, h))
        p.drawLine(QPointF(w - 3, 0), QPointF(w - 3, h))
    return draw


def _vline():
    def draw(p: QPainter, w: float, h: float) -> None:
        p.fillRect(QRectF(w / 2, 0, w / 2, h), QColor(120, 120, 120, 40))
        p.setPen(QPen(QColor(theme.current().text), 1.5, Qt.DashLine))
        p.drawLine(QPointF(w / 2, 0), QPointF(w / 2, h))
    return draw
