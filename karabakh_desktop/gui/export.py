"""One exporter for every panel, the whole window and saved scenes: a slide-ready image.

A slide is: an optional classification/handling banner (top and bottom), a title, the current
selection, time window and naming choice in words, the panel as drawn (so what is highlighted on
screen is highlighted here), its legend, an optional caption and the source footnote with the
data credits. The layout is drawn in logical units of a 1920×1080 slide and scaled to the
requested size, so a 4K export is the same slide with sharper pixels.

- PNG: the panel is rendered at the slide's body size — a docked panel through a detached copy
  of itself resized offscreen (kept for the next export), so a small dock still fills a slide.
- SVG: pyqtgraph panels through pyqtgraph's SVGExporter (QSvgGenerator misplaces its edges),
  other panels through QSvgGenerator; either is nested in an SVG that carries the slide's text.
- PDF: QPdfWriter at 96 dpi (the resolution at which pyqtgraph output is faithful); widgets
  draw as vectors.

Every file is written atomically (temporary file, then rename): an error leaves no partial file.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QMarginsF, QPoint, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMainWindow, QWidget

from .. import __version__
from ..core import naming
from . import theme
from .panels import PANELS, Panel, make_panel

SOURCE = "Source: A. Valiyev, PONARS Eurasia Policy Memo, 23 Aug 2021"
CREDITS = ("Data credits: map outlines from Natural Earth (public domain) via world-atlas (ISC) · "
           "type set in DejaVu fonts · knowledge base read from the memo; context items are marked")
FORMATS = ("png", "svg", "pdf")
SIZES = {"1920x1080": (1920, 1080), "3840x2160": (3840, 2160)}
BASE_W, BASE_H = 1920, 1080
MIN_SIDE, MAX_SIDE = 64, 8192
PANEL_ZOOM = 1.25  # a panel is laid out at 1/1.25 of the slide's body and drawn 1.25× larger: legible type
MAX_LEGEND_ROWS = 3
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

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


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def describe_state(session) -> str:
    """The selection, the time window and the naming choice in words, for the line under the title."""
    items = list(session.selection.items)
    if items:
        names = "; ".join(session.label(i) for i in items[:5])
        more = f" and {len(items) - 5} more" if len(items) > 5 else ""
        sel = f"Highlighted: {names}{more}"
    else:
        sel = "Nothing selected"
    w = session.time_window
    when = (f"Time window: {_day(w[0])} – {_day(w[1] - dt.timedelta(days=1))}" if w
            else "Time window: all dates")
    names_choice = naming.CHOICES.get(session.naming, session.naming)
    return f"{sel} · {when} · Contested names: {names_choice.lower()}"


def memo_title(session) -> str:
    row = session.db.execute("SELECT title FROM documents LIMIT 1").fetchone()
    return row[0] if row and row[0] else "Karabakh After the 44-Day War"


def target_legend(target) -> list[tuple[str, str]]:
    if isinstance(target, QMainWindow):
        # Every panel's legend at once is a page of its own: the window states the shared code.
        t = theme.current()
        return [(theme.KIND_COLOURS[k], theme.KIND_LABELS[k]) for k in
                ("actor", "place", "event", "relation", "claim", "pattern")] + [
            (t.selected, "selected"), (t.touched, "touched by the selection"),
            (theme.SIGN_COLOURS["cooperative"], "cooperative tie"),
            (theme.SIGN_COLOURS["conflictual"], "conflictual tie")]
    return _legend_of(target)


def _legend_of(panel) -> list[tuple[str, str]]:
    try:
        return [(str(c), str(m)) for c, m in (panel.legend() or [])]
    except Exception:  # a panel's legend must not stop an export
        return []


def _target_title(target) -> str:
    if isinstance(target, QMainWindow):
        return "Linked views"
    return getattr(target, "title", "") or target.windowTitle() or "View"


def make_slide(target, session, *, title=None, caption=None, banner=None, footnote=True) -> Slide:
    return Slide(title=title or f"{_target_title(target)} · {memo_title(session)}", statement=describe_state(session),
                 legend=target_legend(target), caption=caption or "", banner=banner or "", footnote=footnote)


# --- layout ---------------------------------------------------------------------------------------------
def _font(px: float, bold=False, italic=False) -> QFont:
    f = QFont(theme.FONT_FAMILY)
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    f.setItalic(italic)
    return f


def wrap(font: QFont, text: str, width: float) -> list[str]:
    """Greedy word wrap with the font's real advances (the same lines go to PNG, PDF and SVG)."""
    fm = QFontMetricsF(font)
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if fm.horizontalAdvance(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


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
            lines = wrap(foot, SOURCE, inner) + wrap(foot, CREDITS, inner)
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
        self.legend: list[tuple[QRectF, str, str, QPointF]] = []
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
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for colour, meaning in entries:
            need = sw + 8 + fm.horizontalAdvance(meaning)
            if rows[-1] and used + need > width:
                rows.append([])
                used = 0.0
            rows[-1].append((colour, meaning, used))
            used += need + gap
        if len(rows) > MAX_LEGEND_ROWS:  # a legend must not eat the slide: the panel shows the rest
            rows = rows[:MAX_LEGEND_ROWS]
        top = bottom - lh * len(rows)
        for r, row in enumerate(rows):
            y = top + r * lh
            for colour, meaning, off in row:
                rect = QRectF(x0 + off, y + (lh - sw) / 2, sw, sw)
                self.legend.append((rect, colour, meaning, QPointF(rect.right() + 8, y)))
        return top - 8


# --- painting (PNG and PDF share it) ------------------------------------------------------------------
def _paint_chrome(p: QPainter, lay: Layout, slide: Slide, colours: theme.Theme) -> None:
    p.fillRect(QRectF(0, 0, lay.w, lay.h), QColor(colours.base))
    if slide.banner:
        bg, fg = lay.banner_colours
        for y in (0, lay.h - lay.banner_h):
            r = QRectF(0, y, lay.w, lay.banner_h)
            p.fillRect(r, QColor(bg))
            p.setPen(QColor(fg))
            p.setFont(lay.banner_font)
            p.drawText(r, Qt.AlignCenter, slide.banner.upper())
    for t in lay.texts:
        p.setFont(t.font)
        p.setPen(QColor(t.colour))
        for i, line in enumerate(t.lines):
            p.drawText(QRectF(t.x, t.y + i * t.line_h, lay.w - t.x, t.line_h), Qt.AlignLeft | Qt.AlignVCenter, line)
    p.setFont(lay.legend_font)
    for rect, colour, meaning, at in lay.legend:
        p.setPen(QColor(colours.muted))
        p.setBrush(QColor(colour))
        p.drawRect(rect)
        p.setPen(QColor(colours.text))
        p.drawText(QRectF(at.x(), at.y(), lay.w - at.x(), QFontMetricsF(lay.legend_font).lineSpacing()),
                   Qt.AlignLeft | Qt.AlignVCenter, meaning)


def _paint_body(p: QPainter, widget: QWidget, body: QRectF) -> None:
    """Draw ``widget`` scaled to fit ``body`` (scale 1 when the widget was made at the body's size);
    a panel with a figure draws that instead, at the body's size."""
    if isinstance(widget, Panel) and widget.has_figure:
        widget.paint_figure(p, body)
        return
    ws = widget.size()
    k = min(body.width() / max(1, ws.width()), body.height() / max(1, ws.height()))
    if abs(k - 1) < 0.02:
        k = 1.0
    dx = body.x() + (body.width() - ws.width() * k) / 2
    dy = body.y() + (body.height() - ws.height() * k) / 2
    p.save()
    p.translate(dx, dy)
    p.scale(k, k)
    p.setClipRect(QRectF(0, 0, ws.width(), ws.height()))
    # The widget paints with this painter's state: start it from a fresh one (pyqtgraph views
    # otherwise fill their background with whatever brush the legend swatches left behind).
    p.setPen(QColor("#000000"))
    p.setBrush(Qt.NoBrush)
    p.setFont(QApplication.font())
    QWidget.render(widget, p, QPoint(0, 0))  # not widget.render: a panel may define its own render()
    p.restore()


# --- the widget that stands for a target -------------------------------------------------------------
_COPIES: dict[int, dict[str, Panel]] = {}


def _settle(widget: QWidget) -> None:
    """Lay out a widget that is not on screen: deliver resize and layout events now."""
    if not widget.isVisible():
        widget.setAttribute(Qt.WA_DontShowOnScreen, True)
        widget.setAttribute(Qt.WA_QuitOnClose, False)
        widget.show()
    lay = QWidget.layout(widget)  # unbound: a panel may have an attribute called "layout"
    if lay is not None:
        lay.activate()
    QApplication.sendPostedEvents(None, 0)


def _copy_of(panel: Panel) -> Panel | None:
    """A detached twin of a docked panel, kept (quiet) per session for the next export."""
    session = panel.session
    copies = _COPIES.get(id(session))
    if copies is None:
        key = id(session)
        copies = _COPIES[key] = {}
        session.destroyed.connect(lambda *_: _drop_copies(key))
    twin = copies.get(panel.panel_id)
    if twin is None:
        # One twin at a time: repeated exports of a panel stay fast, and exporting panel after
        # panel does not keep a full copy (and window surface) of each in memory.
        for other in list(copies):
            _release(copies.pop(other))
        spec = next((s for s in PANELS if s.panel_id == panel.panel_id), None)
        if spec is None:
            return None
        twin = make_panel(spec, session)
        twin.setAttribute(Qt.WA_DontShowOnScreen, True)
        twin.setAttribute(Qt.WA_QuitOnClose, False)  # an offscreen twin never keeps the app running
        for sig, slot in ((session.selectionChanged, twin.on_selection),
                          (session.timeWindowChanged, twin.on_time_window), (session.namingChanged, twin.on_naming)):
            try:
                sig.disconnect(slot)  # the twin is synced when used, not on every click
            except (RuntimeError, TypeError):
                pass
        copies[panel.panel_id] = twin
    return twin


def _drop_copies(key: int) -> None:
    for twin in _COPIES.pop(key, {}).values():
        _release(twin)


def _release(twin: Panel) -> None:
    try:
        twin.hide()
        twin.destroy()  # its window surface goes now
        twin.deleteLater()
        # and the rest now too: a command-line export or a benchmark never returns to the event
        # loop between exports, and twins waiting for deletion would pile up.
        QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    except RuntimeError:  # already gone with the application
        pass


def _sync(twin: Panel, panel: Panel) -> None:
    s = panel.session
    twin.on_naming(s.naming)
    twin.on_time_window(s.time_window)
    twin.on_selection(s.touch, None)
    try:
        twin.restore_view_state(panel.view_state())
    except Exception:  # a view state that does not fit the twin's size: keep its own view
        pass


def _export_widget(panel: QWidget) -> QWidget:
    try:
        w = panel.export_widget() if isinstance(panel, Panel) else panel
    except Exception:
        w = panel
    return w if isinstance(w, QWidget) else panel


def _fit(panel: QWidget, logical: QSize) -> QWidget:
    """Size ``panel`` so that its export widget (the part that represents it) gets ``logical``."""
    panel.resize(logical)
    _settle(panel)
    ew = _export_widget(panel)
    if ew is not panel and ew.size() != logical:
        extra = panel.size() - ew.size()
        panel.resize(logical + QSize(max(0, extra.width()), max(0, extra.height())))
        _settle(panel)
    return ew


def body_widget(target: QWidget, logical: QSize) -> QWidget:
    """The widget to draw for ``target`` at (about) ``logical`` size."""
    if isinstance(target, QMainWindow):
        if not target.isVisible():
            target.resize(logical)
            _settle(target)
        return target
    if isinstance(target, Panel) and target.has_figure:
        return target  # drawn through its figure at any size: no twin to lay out
    zoom = getattr(target, "export_zoom", PANEL_ZOOM)
    zoomed = QSize(int(logical.width() / zoom), int(logical.height() / zoom))
    if isinstance(target, Panel) and not target.isWindow():
        twin = _copy_of(target)
        if twin is None:
            return _export_widget(target)
        ew = _fit(twin, zoomed)
        _sync(twin, target)
        QApplication.sendPostedEvents(None, 0)
        return ew
    if target.isWindow():
        return _fit(target, zoomed)
    return _export_widget(target)


def _session_of(target):
    return getattr(target, "session", None)


# --- formats -------------------------------------------------------------------------------------------------
def _prepare(target, size, kw):
    session = _session_of(target)
    if session is None:
        raise ExportError("this view has no session to describe")
    slide = make_slide(target, session, **kw)
    lay = Layout(size, slide, theme.current())
    widget = body_widget(target, QSize(int(lay.body.width()), int(lay.body.height())))
    return slide, lay, widget


def render_image(target, size=(1920, 1080), **kw) -> QImage:
    size = parse_size(size)
    slide, lay, widget = _prepare(target, size, kw)
    img = QImage(size[0], size[1], QImage.Format_RGB32)  # opaque: PNG needs no second, converted copy
    img.fill(QColor(theme.current().base))
    p = QPainter(img)
    try:
        p.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform)
        p.scale(lay.scale, lay.scale)
        _paint_chrome(p, lay, slide, theme.current())
        _paint_body(p, widget, lay.body)
    finally:
        p.end()
    return img


def _png(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.WriteOnly)
    # Opaque RGB and light compression: encoding, not drawing, is most of an export's time.
    if not img.convertToFormat(QImage.Format_RGB32).save(buf, "PNG", 80):
        raise ExportError("the image could not be encoded as PNG")
    return bytes(buf.data())


class _Pdf:
    """A PDF at 96 dpi, one page per slide, painted like the PNG but as vectors."""

    def __init__(self, size):
        self.size = size
        self.buf = QBuffer()
        self.buf.open(QIODevice.WriteOnly)
        self.writer = QPdfWriter(self.buf)
        self.writer.setResolution(96)
        self.writer.setTitle("Karabakh Desktop export")
        self.writer.setCreator(f"Karabakh Desktop {__version__}")
        self.writer.setPageSize(QPageSize(QSizeF(size[0] * 72 / 96, size[1] * 72 / 96), QPageSize.Point))
        self.writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        self.painter: QPainter | None = None

    def page(self, slide: Slide, lay: Layout, widget: QWidget) -> None:
        if self.painter is None:
            self.painter = QPainter(self.writer)
        else:
            self.writer.newPage()
        p = self.painter
        p.save()
        # The device is W×H at 96 dpi; the layout is logical: one scale maps it.
        dev_w = self.writer.width()
        p.scale(lay.scale * dev_w / self.size[0], lay.scale * dev_w / self.size[0])
        _paint_chrome(p, lay, slide, theme.current())
        _paint_body(p, widget, lay.body)
        p.restore()

    def finish(self) -> bytes:
        if self.painter is not None:
            self.painter.end()
        self.buf.close()
        return bytes(self.buf.data())


def _svg_of_figure(panel: Panel, size: QSizeF) -> bytes:
    """A panel's figure as SVG: marks as paths, labels as text."""
    from PySide6.QtSvg import QSvgGenerator

    buf = QBuffer()
    buf.open(QIODevice.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(size.toSize())
    gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    gen.setResolution(96)
    p = QPainter(gen)
    try:
        panel.paint_figure(p, QRectF(0, 0, size.width(), size.height()))
    finally:
        p.end()
    return bytes(buf.data())


def _svg_of_widget(target, widget: QWidget, body: QRectF | None = None) -> bytes:
    """The body as SVG: the panel's figure, else pyqtgraph's own exporter where the panel offers an
    item, else QSvgGenerator."""
    item = None
    panel = widget if isinstance(widget, Panel) else None
    if panel is not None and panel.has_figure and body is not None:
        return _svg_of_figure(panel, body.size())
    if panel is not None:
        try:
            item = panel.graphics_item()
        except Exception:
            item = None
    if item is not None:
        from pyqtgraph.exporters import SVGExporter

        data = SVGExporter(item).export(toBytes=True)
        return data if isinstance(data, bytes) else str(data).encode("utf-8")
    from PySide6.QtSvg import QSvgGenerator

    buf = QBuffer()
    buf.open(QIODevice.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(widget.size())
    gen.setViewBox(QRectF(0, 0, widget.width(), widget.height()))
    gen.setResolution(96)
    p = QPainter(gen)
    try:
        QWidget.render(widget, p, QPoint(0, 0))
    finally:
        p.end()
    return bytes(buf.data())


def _svg_text(parent, x, y, text, font: QFont, colour, anchor="start") -> None:
    el = ET.SubElement(parent, f"{{{SVG_NS}}}text", {
        "x": f"{x:.1f}", "y": f"{y:.1f}", "fill": colour, "font-family": f"{font.family()}, sans-serif",
        "font-size": str(font.pixelSize()), "text-anchor": anchor})
    if font.bold():
        el.set("font-weight", "bold")
    if font.italic():
        el.set("font-style", "italic")
    el.text = text


def render_svg(target, size=(1920, 1080), **kw) -> bytes:
    size = parse_size(size)
    slide, lay, widget = _prepare(target, size, kw)
    colours = theme.current()
    root = ET.Element(f"{{{SVG_NS}}}svg", {"width": str(size[0]), "height": str(size[1]),
                                             "viewBox": f"0 0 {lay.w:.2f} {lay.h:.2f}", "version": "1.1"})
    ET.SubElement(root, f"{{{SVG_NS}}}title").text = slide.title
    ET.SubElement(root, f"{{{SVG_NS}}}rect", {"x": "0", "y": "0", "width": f"{lay.w:.2f}", "height": f"{lay.h:.2f}",
                                               "fill": colours.base})
    if slide.banner:
        bg, fg = lay.banner_colours
        for y in (0, lay.h - lay.banner_h):
            ET.SubElement(root, f"{{{SVG_NS}}}rect", {"x": "0", "y": f"{y:.2f}", "width": f"{lay.w:.2f}",
                                                       "height": str(lay.banner_h), "fill": bg})
            asc = QFontMetricsF(lay.banner_font).ascent()
            _svg_text(root, lay.w / 2, y + (lay.banner_h + asc) / 2 - 2, slide.banner.upper(), lay.banner_font, fg,
                      "middle")
    for t in lay.texts:
        fm = QFontMetricsF(t.font)
        for i, line in enumerate(t.lines):
            base = t.y + i * t.line_h + (t.line_h - fm.height()) / 2 + fm.ascent()
            _svg_text(root, t.x, base, line, t.font, t.colour)
    fm = QFontMetricsF(lay.legend_font)
    for rect, colour, meaning, at in lay.legend:
        ET.SubElement(root, f"{{{SVG_NS}}}rect", {"x": f"{rect.x():.1f}", "y": f"{rect.y():.1f}",
                                                   "width": f"{rect.width():.1f}", "height": f"{rect.height():.1f}",
                                                   "fill": colour, "stroke": colours.muted})
        _svg_text(root, at.x(), at.y() + (fm.lineSpacing() - fm.height()) / 2 + fm.ascent(), meaning,
                  lay.legend_font, colours.text)
    inner = ET.fromstring(_svg_of_widget(target, widget, lay.body))
    vb = (inner.get("viewBox") or inner.get("viewBox ") or "").replace(",", " ").split()
    vx, vy, vw, vh = (float(v) for v in vb) if len(vb) == 4 else (0.0, 0.0, float(widget.width()),
                                                                   float(widget.height()))
    # A group, not a nested <svg>: SVG Tiny readers (QtSvg among them) skip nested documents.
    b = lay.body
    k = min(b.width() / max(vw, 1e-9), b.height() / max(vh, 1e-9))
    dx, dy = b.x() + (b.width() - vw * k) / 2, b.y() + (b.height() - vh * k) / 2
    defs = ET.SubElement(root, f"{{{SVG_NS}}}defs")
    clip = ET.SubElement(defs, f"{{{SVG_NS}}}clipPath", {"id": "kd-body"})
    ET.SubElement(clip, f"{{{SVG_NS}}}rect", {"x": f"{vx:.2f}", "y": f"{vy:.2f}", "width": f"{vw:.2f}",
                                               "height": f"{vh:.2f}"})
    group = ET.SubElement(root, f"{{{SVG_NS}}}g", {
        "transform": f"translate({dx:.3f},{dy:.3f}) scale({k:.6f}) translate({-vx:.3f},{-vy:.3f})",
        "clip-path": "url(#kd-body)", "id": "kd-panel"})
    for child in list(inner):
        if child.tag not in (f"{{{SVG_NS}}}title", f"{{{SVG_NS}}}desc"):
            group.append(child)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def render_pdf(target, size=(1920, 1080), **kw) -> bytes:
    size = parse_size(size)
    slide, lay, widget = _prepare(target, size, kw)
    pdf = _Pdf(size)
    pdf.page(slide, lay, widget)
    return pdf.finish()


def export(target, fmt: str = "png", size=(1920, 1080), path: str | Path | None = None, *, title: str | None = None,
           caption: str | None = None, banner: str | None = None, footnote: bool = True) -> bytes | Path:
    """Export a panel or the main window as a slide. Returns the bytes, or the path written."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if path is not None:
        check_writable(path)
    kw = {"title": title, "caption": caption, "banner": banner, "footnote": footnote}
    if fmt == "png":
        data = _png(render_image(target, size, **kw))
    elif fmt == "svg":
        data = render_svg(target, size, **kw)
    else:
        data = render_pdf(target, size, **kw)
    if path is None:
        return data
    write_file(path, data)
    return Path(path)


def check_writable(path: str | Path) -> None:
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    import os

    if not os.access(path.parent, os.W_OK):
        raise ExportError(f"cannot write {path}: the folder {path.parent} is not writable")


def write_atomic(path: str | Path, data: bytes) -> None:
    """``core.exports.write_atomic``, imported when first used (that module brings networkx)."""
    from ..core.exports import write_atomic as write

    write(path, data)


def write_file(path: str | Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ExportError(f"cannot write {path}: the disk is full; nothing was written") from None
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None


def copy_to_clipboard(target, size=(1920, 1080), **kw) -> QImage:
    img = render_image(target, size, **kw)
    QGuiApplication.clipboard().setImage(img)
    return img


# --- scenes ------------------------------------------------------------------------------------------------
def slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:48] or "scene"


def export_scenes(session, scene_list, out: str | Path, *, fmt: str = "png", size=(1920, 1080),
                  banner: str | None = None, board=None) -> list[Path]:
    """One image per scene into a folder (``01-title.png`` …), or one PDF with a page per scene when
    ``out`` ends in .pdf. Everything is rendered first; files are written only when all succeeded."""
    from .briefing import SceneBoard

    out = Path(out)
    size = parse_size(size)
    scene_list = list(scene_list)
    if not scene_list:
        raise ExportError("there are no saved scenes to export; capture one in the Scenes panel first")
    own_board = board is None
    board = board or SceneBoard(session)
    deck = out.suffix.lower() == ".pdf"
    if deck:
        check_writable(out)
    elif out.exists() and not out.is_dir():
        raise ExportError(f"cannot write scenes to {out}: it is a file; give a folder, or a name ending in .pdf")
    elif not out.exists() and not out.parent.is_dir():
        raise ExportError(f"cannot write scenes to {out}: the folder {out.parent} does not exist")
    try:
        pdf = _Pdf(size) if deck else None
        files: list[tuple[Path, bytes]] = []
        for n, scene in enumerate(scene_list, 1):
            board.apply(scene)
            kw = {"title": scene.title or f"Scene {n}", "caption": scene.caption, "banner": banner}
            if deck:
                slide, lay, widget = _prepare(board, size, kw)
                pdf.page(slide, lay, widget)
                continue
            name = out / f"{n:02d}-{slug(scene.title)}.{fmt}"
            if fmt == "png":
                data = _png(render_image(board, size, **kw))
            else:
                data = render_svg(board, size, **kw) if fmt == "svg" else render_pdf(board, size, **kw)
            files.append((name, data))
        if deck:
            write_file(out, pdf.finish())
            return [out]
        try:
            out.mkdir(exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot create the folder {out}: {exc.strerror or exc}") from None
        written = []
        try:
            for name, data in files:
                write_file(name, data)
                written.append(name)
        except ExportError:
            for w in written:
                w.unlink(missing_ok=True)
            raise
        return written
    finally:
        if own_board:
            board.deleteLater()


# --- the main window's menu actions ------------------------------------------------------------------------
def _ask_size(win) -> tuple[int, int] | None:
    choices = ["1920x1080 (Full HD)", "3840x2160 (4K)", "Custom…"]
    choice, ok = QInputDialog.getItem(win, "Export size", "Size in pixels:", choices, 0, False)
    if not ok:
        return None
    if choice.startswith("Custom"):
        text, ok = QInputDialog.getText(win, "Export size", "Width x height in pixels:", text="1600x900")
        if not ok:
            return None
        return parse_size(text)
    return parse_size(choice.split()[0])


def _current_panel(win) -> Panel | None:
    """The panel that has focus, else the first visible big view."""
    focus = QApplication.focusWidget()
    for panel in win.panels.values():
        if focus is not None and (focus is panel or panel.isAncestorOf(focus)):
            return panel
    for pid in ("network", "map", "timeline", "memo", "patterns"):
        panel = win.panels.get(pid)
        if panel is not None and panel.isVisible():
            return panel
    return next(iter(win.panels.values()), None)


def export_dialog(win, target) -> Path | None:
    """Ask for a file (format by extension), a size and a caption; export; report in the status bar."""
    if target is None:
        return None
    name = slug(_target_title(target))
    path, chosen = QFileDialog.getSaveFileName(win, "Export", str(Path.home() / f"{name}.png"),
                                               "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)")
    if not path:
        return None
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        fmt = "svg" if "SVG" in chosen else "pdf" if "PDF" in chosen else "png"
        path = f"{path}.{fmt}"
    try:
        size = _ask_size(win)
        if size is None:
            return None
        caption, ok = QInputDialog.getText(win, "Caption", "Caption (optional):")
        if not ok:
            return None
        started = time.perf_counter()
        written = export(target, fmt, size, path, caption=caption or None, banner=win.export_banner or None)
    except ExportError as exc:
        from .app import report_error

        report_error("Export failed", str(exc), win)
        return None
    win.statusBar().showMessage(f"Exported {written} ({size[0]}×{size[1]}, "
                                f"{(time.perf_counter() - started) * 1000:.0f} ms)", 8000)
    return written


def export_scenes_dialog(win) -> list[Path]:
    from ..core import scenes

    path, _ = QFileDialog.getSaveFileName(win, "Export scenes", str(Path.home() / "briefing.pdf"),
                                          "One PDF, a page per scene (*.pdf);;A folder of PNG images (*)")
    if not path:
        return []
    try:
        written = export_scenes(win.session, scenes.list_scenes(win.session.db), path,
                                banner=win.export_banner or None)
    except ExportError as exc:
        from .app import report_error

        report_error("Export failed", str(exc), win)
        return []
    win.statusBar().showMessage(f"Exported {len(written)} file(s) to {path}", 8000)
    return written


def set_banner_dialog(win) -> None:
    text, ok = QInputDialog.getText(win, "Banner", "Classification or handling banner, printed at the top and "
                                    "bottom of every export (empty for none):", text=win.export_banner)
    if ok:
        win.export_banner = text.strip()


def install_export_actions(win) -> None:
    """File → Export… actions, F5 briefing, the Scenes panel's host, and following a briefing."""
    from . import briefing

    win.export_banner = ""
    menu = win.export_menu

    def act(text, slot, shortcut=None, tip=None):
        a = QAction(text, win)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        menu.addAction(a)
        return a

    win.export_panel_action = act("Export &Panel…", lambda: export_dialog(win, _current_panel(win)), "Ctrl+E",
                                  "The focused panel as a slide: PNG, SVG or PDF")
    win.export_window_action = act("Export &Window…", lambda: export_dialog(win, win), "Ctrl+Shift+E",
                                   "The whole window as a slide")
    win.copy_image_action = act("&Copy Panel Image", lambda: _copy(win), "Ctrl+Alt+C",
                                "The focused panel as a slide image, to the clipboard")
    win.export_scenes_action = act("Export &Scenes…", lambda: export_scenes_dialog(win), None,
                                   "Every saved scene: a PDF deck or a folder of images")
    menu.addSeparator()
    act("Classification &Banner…", lambda: set_banner_dialog(win), None,
        "A classification or handling banner for the top and bottom of exports")
    briefing.install(win)


def _copy(win) -> None:
    panel = _current_panel(win)
    if panel is None:
        return
    copy_to_clipboard(panel, banner=win.export_banner or None)
    win.statusBar().showMessage(f"Copied the {panel.title} as an image", 5000)


# --- self-test -----------------------------------------------------------------------------------------------
def is_blank(img: QImage, rect=None) -> bool:
    """True when every pixel of ``rect`` (default: all) has the same colour."""
    r = rect or img.rect()
    sub = img.copy(r).convertToFormat(QImage.Format_RGB32)
    first = sub.pixel(0, 0)
    step = max(1, min(sub.width(), sub.height()) // 200)
    for y in range(0, sub.height(), step):
        for x in range(0, sub.width(), step):
            if sub.pixel(x, y) != first:
                return False
    return True


def selftest_steps(win) -> Iterable[tuple[str, callable]]:
    session = win.session

    def one(panel_id, fmt):
        def run():
            target = win if panel_id == "window" else win.panels[panel_id]
            if not session.selection.items and session.catalog.kinds:
                session.select(next(iter(session.catalog.kinds)), origin="selftest")
            data = export(target, fmt, (1920, 1080))
            if fmt == "png":
                img = QImage.fromData(QByteArray(data), "PNG")
                ok = img.width() == 1920 and img.height() == 1080 and not is_blank(img)
                return ok, f"{len(data) // 1024} KB, {img.width()}×{img.height()}"
            ok = data.startswith(b"%PDF") if fmt == "pdf" else b"<svg" in data
            return ok, f"{len(data) // 1024} KB"
        return run

    for pid in ("network", "map", "timeline", "memo", "patterns"):
        if pid in win.panels:
            yield f"export {pid} png", one(pid, "png")
    yield "export window png", one("window", "png")
    yield "export network svg", one("network", "svg")
    yield "export map pdf", one("map", "pdf")


# --- the command line ------------------------------------------------------------------------------------------
def cli_export(store: str | Path, *, view: str | None, scenes: bool, select: list[str], window, size, fmt: str,
               naming: str = "both", title=None, caption=None, banner=None, out: str | Path) -> list[Path]:
    """``karabakh-desktop export``: the same exporter, offscreen, on a private snapshot of the store (so
    an export never writes to the store, which may be read-only or open in a running app)."""
    import sqlite3
    import tempfile

    from ..core import scenes as scene_store
    from .app import application
    from .session import Session

    app = application()
    theme.apply(app, "light")
    from PySide6.QtCore import qInstallMessageHandler

    def quiet(mode, context, message):  # the offscreen platform's chatter is not the user's business
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    with tempfile.TemporaryDirectory(prefix="kd-export-") as tmp:
        snapshot = Path(tmp) / "store.db"
        src = sqlite3.connect(f"{Path(store).resolve().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(snapshot)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        session = Session(snapshot, follow=False)
        target = None
        try:
            if scenes:
                return export_scenes(session, scene_store.list_scenes(session.db), out, fmt=fmt, size=size,
                                     banner=banner)
            if view == "window":
                from .mainwindow import MainWindow

                target = MainWindow(session, restore=False)
            else:
                spec = next(s for s in PANELS if s.panel_id == view)
                target = make_panel(spec, session)
            session.set_naming(naming)
            session.set_time_window(window, origin="cli")
            session.set_selection(select, origin="cli")
            QApplication.sendPostedEvents(None, 0)
            app.processEvents()
            show_range = getattr(target, "show_range", None)
            if window is not None and callable(show_range):
                # A slide about a time window shows that window, with some of what is around it.
                margin = max((window[1] - window[0]) / 4, dt.timedelta(days=7))
                show_range(window[0] - margin, window[1] + margin)
                app.processEvents()
            return [export(target, fmt, size, out, title=title, caption=caption, banner=banner)]
        finally:
            if target is not None:
                target.hide()
                target.deleteLater()
            session.close()
            QApplication.sendPostedEvents(None, 0)
