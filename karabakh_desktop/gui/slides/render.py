"""Drawing a slide to PNG, SVG and PDF, writing it atomically, and exporting saved scenes.

- PNG: a panel with a figure (network, map, timeline) draws it into the slide's body at the body's
  size; other targets' body widget (see :mod:`.body`) is painted under the slide's chrome.
- SVG: a figure through QSvgGenerator (marks as paths, labels as text); other pyqtgraph panels
  through pyqtgraph's SVGExporter (QSvgGenerator misplaces its edges), the rest through
  QSvgGenerator; each is nested in an SVG that carries the slide's text.
- PDF: QPdfWriter at 96 dpi (the resolution at which pyqtgraph output is faithful); widgets draw
  as vectors.

Every file is written atomically (temporary file, then rename): an error leaves no partial file.
"""

from __future__ import annotations

import errno
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPoint, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from ... import version
from .. import theme
from ..panels import Panel
from .body import body_widget
from .slide import FORMATS, ExportError, Layout, Slide, make_slide, parse_size

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


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
    for rect, colour, meaning, at, draw in lay.legend:
        if draw is not None:
            p.save()
            p.translate(rect.topLeft())
            draw(p, rect.width(), rect.height())
            p.restore()
            p.setFont(lay.legend_font)
        else:
            p.setPen(QColor(colours.muted))
            p.setBrush(QColor(colour))
            p.drawRect(rect)
        p.setPen(QColor(colours.text))
        p.drawText(QRectF(at.x(), at.y(), lay.w - at.x(), QFontMetricsF(lay.legend_font).lineSpacing()),
                   Qt.AlignLeft | Qt.AlignVCenter, meaning)


def _paint_figure(p: QPainter, panel, rect: QRectF, view=None) -> None:
    """A panel's figure over ``view``, with the view's word on what it leaves out at its foot (a
    network slide with nothing selected shows the most connected nodes: see ``views.frame``)."""
    from ..views.compose import paint_framed

    paint_framed(p, panel, rect, view)


def _paint_body(p: QPainter, widget: QWidget, body: QRectF, view=None) -> None:
    """Draw ``widget`` scaled to fit ``body`` (scale 1 when the widget was made at the body's size);
    a panel with a figure draws that instead, at the body's size (over ``view``: the slide's framing)."""
    if getattr(widget, "has_figure", False):
        _paint_figure(p, widget, body, view)
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



# --- formats -------------------------------------------------------------------------------------------------
def _prepare(target, size, kw):
    """The slide, its layout, the widget that draws its body and that body's framed view (None: as
    the panel shows it). ``kw["frame"]``: frame the selection (see :mod:`.frame`)."""
    kw = dict(kw)
    frame = kw.pop("frame", False)
    # A panel, or the main window: both carry the session they show.
    session = target.session if isinstance(target, Panel | QMainWindow) else None
    if session is None:
        raise ExportError("this view has no session to describe")
    slide = make_slide(target, session, **kw)
    if isinstance(target, QMainWindow):  # the window's views composed as figures, never a grab of it
        from .window import window_board

        target = window_board(target, frame=frame)
        slide.legend = target.legend()
    text = None
    if isinstance(target, Panel) and not target.has_figure and target.panel_id in ("memo", "details", "patterns"):
        from ..views.compose import TextFigure

        text = TextFigure(target)  # a text panel's slide is its figure: passages or matrix, no widgets
        slide.legend = text.legend()
    lay = Layout(size, slide, theme.current())
    widget = text or body_widget(target, QSize(int(lay.body.width()), int(lay.body.height())))
    view = None
    if frame and isinstance(widget, Panel) and widget.has_figure:
        from ..views.frame import slide_view

        view = slide_view(widget, lay.body)
    return slide, lay, widget, view


def render_image(target, size=(1920, 1080), **kw) -> QImage:
    size = parse_size(size)
    slide, lay, widget, view = _prepare(target, size, kw)
    img = QImage(size[0], size[1], QImage.Format_RGB32)  # opaque: PNG needs no second, converted copy
    img.fill(QColor(theme.current().base))
    p = QPainter(img)
    try:
        p.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform)
        p.scale(lay.scale, lay.scale)
        _paint_chrome(p, lay, slide, theme.current())
        _paint_body(p, widget, lay.body, view)
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
        self.writer.setCreator(f"Karabakh Desktop {version()}")
        self.writer.setPageSize(QPageSize(QSizeF(size[0] * 72 / 96, size[1] * 72 / 96), QPageSize.Point))
        self.writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        self.painter: QPainter | None = None

    def page(self, slide: Slide, lay: Layout, widget: QWidget, view=None) -> None:
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
        _paint_body(p, widget, lay.body, view)
        p.restore()

    def finish(self) -> bytes:
        if self.painter is not None:
            self.painter.end()
        self.buf.close()
        return bytes(self.buf.data())


class _SvgPainter(QPainter):
    """Qt's SVG 1.1 writer sees a clip when it is set but not when ``restore()`` brings back the
    outer one: what follows a nested clip (a map's inset, a timeline's plot area) would stay inside
    the inner clip and vanish. Setting the restored clip again tells the writer."""

    def restore(self) -> None:
        super().restore()
        if self.hasClipping():
            self.setClipPath(self.clipPath())
        else:  # clipping off again: the writer must drop the last clip too
            self.setClipping(True)
            self.setClipping(False)


def _svg(size: QSize, draw) -> bytes:
    """SVG of what ``draw(painter)`` paints on a ``size`` page (QSvgGenerator, 96 dpi)."""
    from PySide6.QtSvg import QSvgGenerator

    buf = QBuffer()
    buf.open(QIODevice.WriteOnly)
    # SVG 1.1, not Qt's default Tiny 1.2: only 1.1 carries clip paths, so a composed figure stays in
    # its box (every figure clips itself to its rectangle) in any renderer, as it does in the PNG
    gen = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
    gen.setOutputDevice(buf)
    gen.setSize(size)
    gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    gen.setResolution(96)
    p = _SvgPainter(gen)
    try:
        draw(p)
    finally:
        p.end()
    return bytes(buf.data())


def _svg_of_figure(panel, size: QSizeF, view=None) -> bytes:
    """A panel's figure as SVG: marks as paths, labels as text."""
    return _svg(size.toSize(), lambda p: _paint_figure(p, panel, QRectF(0, 0, size.width(), size.height()), view))


def _svg_of_widget(target, widget: QWidget, body: QRectF | None = None, view=None) -> bytes:
    """The body as SVG: the panel's figure, else pyqtgraph's own exporter where the panel offers an
    item, else QSvgGenerator."""
    if getattr(widget, "has_figure", False) and body is not None:
        return _svg_of_figure(widget, body.size(), view)
    item = widget.graphics_item() if isinstance(widget, Panel) else None
    if item is not None:
        from pyqtgraph.exporters import SVGExporter

        data = SVGExporter(item).export(toBytes=True)
        return data if isinstance(data, bytes) else str(data).encode("utf-8")
    return _svg(widget.size(), lambda p: QWidget.render(widget, p, QPoint(0, 0)))


def _svg_text(parent, x, y, text, font: QFont, colour, anchor="start") -> None:
    el = ET.SubElement(parent, f"{{{SVG_NS}}}text", {
        "x": f"{x:.1f}", "y": f"{y:.1f}", "fill": colour, "font-family": f"{font.family()}, sans-serif",
        "font-size": str(font.pixelSize()), "text-anchor": anchor})
    if font.bold():
        el.set("font-weight", "bold")
    if font.italic():
        el.set("font-style", "italic")
    el.text = text


def _svg_symbol(root, rect: QRectF, draw) -> None:
    k = 4  # drawn 4× larger and scaled down: the generator writes coordinates as integers at times
    w, h = rect.width() * k, rect.height() * k

    def paint(p):
        p.scale(k, k)
        draw(p, rect.width(), rect.height())

    inner = ET.fromstring(_svg(QSize(int(w) + 1, int(h) + 1), paint))
    group = ET.SubElement(root, f"{{{SVG_NS}}}g", {
        "transform": f"translate({rect.x():.2f},{rect.y():.2f}) scale({1 / k:.4f})"})
    for child in list(inner):
        if child.tag not in (f"{{{SVG_NS}}}title", f"{{{SVG_NS}}}desc"):
            group.append(child)


def render_svg(target, size=(1920, 1080), **kw) -> bytes:
    size = parse_size(size)
    slide, lay, widget, view = _prepare(target, size, kw)
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
    for rect, colour, meaning, at, draw in lay.legend:
        if draw is not None:  # the figure's symbol, drawn by Qt's SVG generator and placed here
            _svg_symbol(root, rect, draw)
        else:
            ET.SubElement(root, f"{{{SVG_NS}}}rect", {"x": f"{rect.x():.1f}", "y": f"{rect.y():.1f}",
                                                       "width": f"{rect.width():.1f}",
                                                       "height": f"{rect.height():.1f}",
                                                       "fill": colour, "stroke": colours.muted})
        _svg_text(root, at.x(), at.y() + (fm.lineSpacing() - fm.height()) / 2 + fm.ascent(), meaning,
                  lay.legend_font, colours.text)
    inner = ET.fromstring(_svg_of_widget(target, widget, lay.body, view))
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
    slide, lay, widget, view = _prepare(target, size, kw)
    pdf = _Pdf(size)
    pdf.page(slide, lay, widget, view)
    return pdf.finish()


def export(target, fmt: str = "png", size=(1920, 1080), path: str | Path | None = None, *, title: str | None = None,
           caption: str | None = None, banner: str | None = None, footnote: bool = True,
           frame: bool = False) -> bytes | Path:
    """Export a panel or the main window as a slide. Returns the bytes, or the path written.
    ``frame``: the slide frames the selection (with its surroundings), not the panel's extent."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if path is not None:
        check_writable(path)
    kw = {"title": title, "caption": caption, "banner": banner, "footnote": footnote, "frame": frame}
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
    """Refuse, before anything is rendered, a target that is a folder, pipe, device or link loop,
    or whose folder is missing or unwritable (a symlink is fine: its target is written)."""
    from ...core.safe_io import NotAFile, write_target

    path = Path(path)
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder; give a file name")
    try:
        path = write_target(path)
    except NotAFile as exc:
        raise ExportError(f"cannot write {path}: it is {exc.what}, not a file; nothing was written") from None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")

    if not os.access(path.parent, os.W_OK):
        raise ExportError(f"cannot write {path}: the folder {path.parent} is not writable")


def write_atomic(path: str | Path, data: bytes) -> None:
    """``core.exports.write_atomic``, imported when first used (that module brings networkx)."""
    from ...core.exports import write_atomic as write

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
    from ..briefing import SceneBoard  # the board imports every panel: only when scenes are exported

    out = Path(out)
    size = parse_size(size)
    scene_list = list(scene_list)
    if not scene_list:
        raise ExportError("there are no saved scenes to export; capture one in the Scenes panel first")
    own_board = board is None
    board = board or SceneBoard(session)
    if out.suffix.lower() == ".pptx":
        try:
            return [_export_pptx(session, board, scene_list, out, size, banner)]
        finally:
            if own_board:
                board.deleteLater()
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
                slide, lay, widget, view = _prepare(board, size, kw)
                pdf.page(slide, lay, widget, view)
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



def _export_pptx(session, board, scene_list, out: Path, size, banner) -> Path:
    """A PowerPoint deck: each scene's figure as a picture at the slide's resolution; the title and
    caption as the slide's own text (so they are not in the picture twice)."""
    from .pptx import picture_size, speaker_notes, write_deck

    check_writable(out)
    entries = []
    for n, scene in enumerate(scene_list, 1):
        board.apply(scene)
        title = scene.title or f"Scene {n}"
        # the slide's title and caption are the deck's own text: the picture leaves them out
        img = render_image(board, picture_size(bool(scene.caption), size[0]), title="", banner=banner)
        entries.append((title, scene.caption, _png(img), speaker_notes(session, scene)))
    write_file(out, write_deck(entries))
    return out


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
