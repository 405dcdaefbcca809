"""What a slide says and where each part of it goes.

A slide is: an optional classification/handling banner (top and bottom), a title, the current
selection, time window and naming choice in words, the panel as drawn, its legend, an optional
caption and the source footnote with the data credits. The footnote is read from the store (its
documents' citations and data credits, through :mod:`core.read`). The layout is in logical units of
a 1920×1080 slide and scaled to the requested size, so a 4K export is the same slide, sharper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QMainWindow

from ...core import dates, naming, read
from .. import theme
from ..panels import Panel
from ..views.style import wrap as wrap_lines

FONT_CREDIT = "type set in DejaVu fonts"  # the app's own font (resources/), not the data's
FORMATS = ("png", "svg", "pdf")
BASE_W, BASE_H = 1920, 1080
MIN_SIDE, MAX_SIDE = 64, 8192
MAX_LEGEND_ROWS = 3
MAX_CITED = 4  # a footnote names this many documents; a store of hundreds says how many more

# Banner colours as handling markings are commonly shown; anything else is a neutral dark bar.
_BANNERS = (("TOP SECRET", "#FF8C00", "#000000"), ("UNCLASSIFIED", "#007A33", "#FFFFFF"),
            ("CONFIDENTIAL", "#0033A0", "#FFFFFF"), ("SECRET", "#C8102E", "#FFFFFF"))


class ExportError(Exception):
    """An export that could not be made or written; the message says what to do."""


# --- what a slide says ------------------------------------------------------------------------------
@dataclass
class Slide:
    title: str
    statement: str
    legend: list[tuple[str, str]] = field(default_factory=list)
    caption: str = ""
    banner: str = ""
    footnote: bool = True
    source: str = ""  # "Source: A. Valiyev, PONARS Eurasia Policy Memo, 23 Aug 2021": the store's documents
    credits: str = ""  # "Data credits: …": the data's credits and the app's font


def parse_size(text: str | tuple[int, int]) -> tuple[int, int]:
    """'1920x1080' (or a (w, h) pair) → (w, h); a clear ExportError for anything else."""
    if isinstance(text, tuple):
        w, h = text
    else:
        m = re.fullmatch(r"\s*(\d{1,5})\s*[x×X]\s*(\d{1,5})\s*", str(text))
        if not m:
            raise ExportError(f"size {text!r} is not WIDTHxHEIGHT in pixels, e.g. 1920x1080 or 3840x2160")
        w, h = int(m.group(1)), int(m.group(2))
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise ExportError(f"size {w}x{h} is out of range: each side must be {MIN_SIDE}–{MAX_SIDE} pixels")
    return int(w), int(h)


def describe_state(session) -> str:
    """The selection, the time window and the naming choice in words, for the line under the title."""
    items = list(session.selection.items)
    if items:
        names = "; ".join(session.label(i) for i in items[:5])
        more = f" and {len(items) - 5} more" if len(items) > 5 else ""
        sel = f"Highlighted: {names}{more}"
    else:
        sel = "Nothing selected"
    when = f"Time window: {dates.window_label(session.time_window)}"
    names_choice = naming.CHOICES.get(session.naming, session.naming)
    return f"{sel} · {when} · Contested names: {names_choice.lower()}"


def source_and_credits(db) -> tuple[str, str]:
    """The footnote's two lines, from the store's documents and data credits (never from constants: a
    store built from other data cites its own documents)."""
    cites = read.citations(db)
    shown = "; ".join(c.short for c in cites[:MAX_CITED])
    more = f"; and {len(cites) - MAX_CITED} more documents (listed in Help ▸ About)" if len(cites) > MAX_CITED else ""
    source = f"Source: {shown}{more}" if cites else ""
    return source, "Data credits: " + " · ".join(p for p in (read.data_credits(db), FONT_CREDIT) if p)


def documents_title(db) -> str:
    """The title slides carry: the first document's, or "Linked views" for a store without one."""
    cites = read.citations(db)
    return cites[0].title if cites and cites[0].title else "Linked views"


def target_legend(target) -> list[tuple[str, str]]:
    if isinstance(target, QMainWindow):
        # Every panel's legend at once is a page of its own: the window states the shared code.
        t = theme.current()
        return [(theme.KIND_COLOURS[k], theme.KIND_LABELS[k]) for k in
                ("actor", "place", "event", "relation", "claim", "pattern")] + [
            (t.selected, "selected"), (t.touched, "touched by the selection"),
            (theme.sign_colour("cooperative", t.base).name(), "cooperative tie"),
            (theme.sign_colour("conflictual", t.base).name(), "conflictual tie")]
    return _legend_of(target)


def _legend_of(panel) -> list[tuple]:
    if not isinstance(panel, Panel):
        return []
    if panel.has_figure and panel.panel_id in ("network", "map", "timeline"):
        from ..views.legend import slide_legend

        return slide_legend(panel)  # what the figure draws, with its symbols
    return [(str(e[0]), str(e[1]), *e[2:]) for e in (panel.legend() or [])]  # (colour, meaning[, symbol])


def target_title(target) -> str:
    if isinstance(target, QMainWindow):
        return "Linked views"
    if isinstance(target, Panel) and target.title:
        return target.title
    return target.windowTitle() or "View"


def make_slide(target, session, *, title=None, caption=None, banner=None, footnote=True) -> Slide:
    source, credits = source_and_credits(session.db)
    # title "" leaves the slide untitled (a deck whose slides carry their own title)
    return Slide(title=title if title is not None else f"{target_title(target)} · {documents_title(session.db)}",
                 statement=describe_state(session), legend=target_legend(target), caption=caption or "",
                 banner=banner or "", footnote=footnote, source=source, credits=credits)


# --- layout ---------------------------------------------------------------------------------------------
def _font(px: float, bold=False, italic=False) -> QFont:
    f = QFont(theme.FONT_FAMILY)
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    f.setItalic(italic)
    return f


def wrap(font: QFont, text: str, width: float) -> list[str]:
    """Greedy word wrap with the font's real advances (the same lines go to PNG, PDF and SVG)."""
    return wrap_lines(QFontMetricsF(font), text, width)


@dataclass
class _Text:
    lines: list[str]
    font: QFont
    x: float
    y: float  # top of the first line
    colour: str
    line_h: float


class Layout:
    """Where every part of a slide goes, in logical units (a 1920-wide, 1080-high slide at scale 1)."""

    MARGIN = 32

    def __init__(self, size: tuple[int, int], slide: Slide, colours: theme.Theme):
        W, H = size
        self.size = size
        self.scale = s = max(0.3, min(W / BASE_W, H / BASE_H))
        self.w, self.h = w, h = W / s, H / s
        m = self.MARGIN
        inner = w - 2 * m
        self.texts: list[_Text] = []
        self.banner_h = 36 if slide.banner else 0
        if slide.banner:
            self.banner_font = _font(20, bold=True)
            self.banner_colours = next(((bg, fg) for key, bg, fg in _BANNERS if key in slide.banner.upper()),
                                       ("#333333", "#FFFFFF"))
        y = self.banner_h + 20
        y = self._add(slide.title, _font(34, bold=True), m, y, inner, colours.text, max_lines=2) + 6
        y = self._add(slide.statement, _font(18), m, y, inner, colours.muted, max_lines=3) + 12
        top = y
        y = h - self.banner_h - 14
        self.footnote_top = y
        if slide.footnote:
            foot = _font(14)
            lh = QFontMetricsF(foot).lineSpacing()
            lines = wrap(foot, slide.source, inner) + wrap(foot, slide.credits, inner)
            y -= lh * len(lines)
            self.texts.append(_Text(lines, foot, m, y, colours.muted, lh))
            self.footnote_top = y
            y -= 8
        if slide.caption:
            cap = _font(21, italic=True)
            lh = QFontMetricsF(cap).lineSpacing()
            lines = wrap(cap, slide.caption, inner)[:4]
            y -= lh * len(lines)
            self.texts.append(_Text(lines, cap, m, y, colours.text, lh))
            y -= 10
        self.legend: list[tuple] = []  # (swatch rect, colour, meaning, text position, symbol drawer or None)
        self.legend_font = _font(16)
        if slide.legend:
            y = self._legend(slide.legend, m, y, inner)
        self.body = QRectF(m, top, inner, max(40.0, y - top - 6))

    def _add(self, text, font, x, y, width, colour, max_lines=3) -> float:
        lh = QFontMetricsF(font).lineSpacing()
        lines = wrap(font, text, width)[:max_lines]
        self.texts.append(_Text(lines, font, x, y, colour, lh))
        return y + lh * len(lines)

    def _legend(self, entries, x0, bottom, width) -> float:
        fm = QFontMetricsF(self.legend_font)
        lh, sw, gap = fm.lineSpacing(), fm.height() * 0.8, 26
        rows: list[list[tuple]] = [[]]
        used = 0.0
        for entry in entries:
            colour, meaning = entry[0], entry[1]
            draw = entry[2] if len(entry) > 2 else None  # the figure's own symbol, drawn wider than a swatch
            wide = sw * 1.8 if draw is not None else sw
            need = wide + 8 + fm.horizontalAdvance(meaning)
            if rows[-1] and used + need > width:
                rows.append([])
                used = 0.0
            rows[-1].append((colour, meaning, used, draw, wide))
            used += need + gap
        if len(rows) > MAX_LEGEND_ROWS:  # a legend must not eat the slide: the panel shows the rest
            rows = rows[:MAX_LEGEND_ROWS]
        top = bottom - lh * len(rows)
        for r, row in enumerate(rows):
            y = top + r * lh
            for colour, meaning, off, draw, wide in row:
                rect = QRectF(x0 + off, y + (lh - sw) / 2, wide, sw)
                self.legend.append((rect, colour, meaning, QPointF(rect.right() + 8, y), draw))
        return top - 8


