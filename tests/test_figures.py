"""The views' figures: each draws its view into any painter at any size; an SVG of it is vectors
and text (read back by rsvg when installed), a PNG slide shows the selection in the plot area."""

import datetime as dt
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from karabakh_desktop.gui import slides, theme
from karabakh_desktop.gui.views.map.figure import BASE_COLOURS
from karabakh_desktop.gui.views.map.panel import MapPanel
from karabakh_desktop.gui.views.network.panel import NetworkPanel
from karabakh_desktop.gui.views.timeline.panel import TimelinePanel

SVG = "{http://www.w3.org/2000/svg}"
# (panel, what to select, the label the figure must write for it)
VIEWS = {
    "network": (NetworkPanel, "russia", "Russia"),
    "map": (MapPanel, "shusha", "Shusha / Shushi"),
    "timeline": (TimelinePanel, "war-2020", "Military"),  # the timeline names its lanes
}


@pytest.fixture(params=sorted(VIEWS))
def view(request, session, qtbot):
    cls, item, label = VIEWS[request.param]
    panel = cls(session)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    if request.param == "map":
        panel.fit_karabakh()
    session.select(item, origin="test")
    return request.param, panel, label


def _amber_pixels(img: QImage, rect: QRectF) -> int:
    img = img.convertToFormat(QImage.Format_RGB32).copy(rect.toRect())
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, :img.width() * 4]
    bgr = arr.reshape(img.height(), img.width(), 4)[:, :, :3].astype(int)
    want = QColor(theme.current().highlight)
    return int((np.abs(bgr - [want.blue(), want.green(), want.red()]).sum(axis=2) < 40).sum())


def test_an_svg_of_the_view_is_vectors_and_text(view, tmp_path):
    name, panel, label = view
    data = slides.export(panel, "svg", (1920, 1080))
    root = ET.fromstring(data)
    body = root.find(f".//{SVG}g[@id='kd-panel']")
    assert body is not None
    assert not list(root.iter(f"{SVG}image")), "a raster image in the vector export"
    texts = [t.text or "" for t in body.iter(f"{SVG}text")]
    assert any(label in t for t in texts), texts[:20]
    marks = list(body.iter(f"{SVG}path")) + list(body.iter(f"{SVG}circle")) + list(body.iter(f"{SVG}ellipse"))
    assert len(marks) > 10
    if shutil.which("rsvg-convert"):  # an independent renderer reads it
        out = tmp_path / f"{name}.png"
        (tmp_path / f"{name}.svg").write_bytes(data)
        subprocess.run(["rsvg-convert", str(tmp_path / f"{name}.svg"), "-o", str(out)], check=True, timeout=60)
        rendered = QImage(str(out))
        assert rendered.width() == 1920 and _amber_pixels(rendered, QRectF(0, 0, 1920, 1080)) > 20


def test_a_png_slide_shows_the_selection_in_the_plot_area(view):
    name, panel, _ = view
    img = QImage.fromData(QByteArray(slides.export(panel, "png", (1920, 1080))), "PNG")
    lay = slides.Layout((1920, 1080), slides.make_slide(panel, panel.session), theme.current())
    body = QRectF(lay.body.x() * lay.scale, lay.body.y() * lay.scale, lay.body.width() * lay.scale,
                  lay.body.height() * lay.scale)
    selected = _amber_pixels(img, body)
    panel.session.clear_selection()
    cleared = QImage.fromData(QByteArray(slides.export(panel, "png", (1920, 1080))), "PNG")
    assert selected > _amber_pixels(cleared, body) + 20, name


@pytest.mark.parametrize("size", [(640, 360), (3840, 2160)])
def test_the_figure_draws_into_any_painter_at_any_size(view, size):
    name, panel, _ = view
    img = QImage(*size, QImage.Format_RGB32)
    img.fill(QColor("#123456"))
    p = QPainter(img)
    panel.paint_figure(p, QRectF(0, 0, *size))
    p.end()
    assert _amber_pixels(img, QRectF(0, 0, *size)) > 0, name  # the selection is drawn
    corner = QColor(img.pixel(2, 2))
    assert corner != QColor("#123456")  # the figure fills its rectangle (its own background)


def test_a_timeline_slide_shows_the_time_window(session, qtbot):
    panel = TimelinePanel(session)
    qtbot.addWidget(panel)
    panel.resize(1100, 420)
    session.set_time_window((dt.date(2020, 9, 27), dt.date(2020, 11, 11)))
    panel.show_range(dt.date(2019, 1, 1), dt.date(2022, 1, 1))
    img = QImage(1600, 800, QImage.Format_RGB32)
    p = QPainter(img)
    panel.paint_figure(p, QRectF(0, 0, 1600, 800))
    p.end()
    # the window's edges (dark amber) are drawn where the war is on the date axis
    edge = QColor("#B07800")
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(800, img.bytesPerLine())[:, :1600 * 4]
    bgr = arr.reshape(800, 1600, 4)[:, :, :3].astype(int)
    cols = np.flatnonzero((np.abs(bgr - [edge.blue(), edge.green(), edge.red()]).sum(axis=2) < 30).sum(axis=0) > 300)
    assert len(cols) >= 2 and 0.5 < cols.min() / 1600 < 0.75


def test_a_figure_in_another_style_leaves_the_panel_as_it_was(view):
    """Issue 13's presentation style is another FigureStyle: larger type, thicker marks. A figure in
    it draws the same view model, and the on-screen looks are not touched."""
    from karabakh_desktop.gui.views.map.figure import MapFigure
    from karabakh_desktop.gui.views.network.figure import NetworkFigure
    from karabakh_desktop.gui.views.style import FigureStyle
    from karabakh_desktop.gui.views.timeline.figure import TimelineFigure

    name, panel, _ = view
    big = FigureStyle(name="big", label_pt=16, strong_label_pt=18, line_scale=2, mark_scale=2, zoom=1.0)
    img = QImage(1920, 1080, QImage.Format_RGB32)
    p = QPainter(img)
    rect = QRectF(0, 0, 1920, 1080)
    if name == "network":
        (x0, x1), (y0, y1) = panel.vb.viewRange()
        fig = NetworkFigure(panel.model, panel.state, panel.session.label, big)
        fig.restyle()
        fig.paint(p, rect, (x0, y0, x1, y1))
        before = panel.figure.node_look(panel.node_index["russia"])[0].widthF()
        assert fig.node_look(panel.node_index["russia"])[0].widthF() == 2 * before
    elif name == "map":
        pens = {sid: s.pen for sid, s in panel.shape_items.items()}
        (x0, x1), (y0, y1) = panel.plot.getViewBox().viewRange()
        MapFigure(big).paint(p, rect, panel.content, panel.view, (x0, x1, y0, y1), label=panel.session.label)
        assert {sid: s.pen for sid, s in panel.shape_items.items()} == pens
    else:
        xr, yr = panel.view.viewRange()
        fig = TimelineFigure(panel.model, big)
        fig.restyle()
        fig.paint(p, rect, xr, yr, lane_label=panel.lane_label)
    p.end()
    assert _amber_pixels(img, rect) > 0


def _rgb(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format_RGB32)
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, :img.width() * 4]
    return arr.reshape(img.height(), img.width(), 4)[:, :, :3].astype(int)


@pytest.mark.skipif(not shutil.which("rsvg-convert"), reason="needs rsvg-convert, an independent SVG renderer")
def test_a_composed_svg_keeps_each_figure_in_its_box(session, qtbot, tmp_path):
    """A map framed on Shusha reaches far past its box; in the SVG (read by rsvg) the timeline's box
    must look as in the PNG, not be covered by map land drawn after it."""
    from karabakh_desktop.core.views.composition import compose
    from karabakh_desktop.gui.panels import PANELS, make_panel
    from karabakh_desktop.gui.slides import render
    from karabakh_desktop.gui.views.compose import GAP, paint_composition

    panels = {}
    for pid in ("map", "network", "timeline"):
        panels[pid] = make_panel(next(s for s in PANELS if s.panel_id == pid), session)
        qtbot.addWidget(panels[pid])
        panels[pid].resize(900, 600)
    session.select("shusha", origin="test")
    rect = QRectF(0, 0, 1920, 1080)

    def draw(p):
        paint_composition(p, rect, session, panels, framed=tuple(panels))

    png = QImage(1920, 1080, QImage.Format_RGB32)
    png.fill(QColor(theme.current().base))
    p = QPainter(png)
    draw(p)
    p.end()
    (tmp_path / "w.svg").write_bytes(render._svg(png.size(), draw))
    subprocess.run(["rsvg-convert", "-b", theme.current().base, str(tmp_path / "w.svg"), "-o",
                    str(tmp_path / "w.png")], check=True, timeout=60)
    svg, png = _rgb(QImage(str(tmp_path / "w.png"))), _rgb(png)
    assert svg.shape == png.shape
    base = BASE_COLOURS[theme.current().name]
    ink = QColor(theme.current().text)

    def near(arr, colour: QColor) -> np.ndarray:
        return np.abs(arr - [colour.blue(), colour.green(), colour.red()]).sum(axis=2) < 12

    for pid, (x, y, w, h) in compose(list(panels), 1920, 1080, GAP).items():
        inner = (slice(int(y) + 2, int(y + h) - 2), slice(int(x) + 2, int(x + w) - 2))
        mapped, expected = (sum(near(img[inner], QColor(base[k])) for k in ("sea", "land", "focus")).mean()
                            for img in (svg, png))
        if pid == "map":
            assert mapped > 0.5
        else:  # no land or sea drawn over a neighbour (a few edge pixels share those colours in the PNG too)
            assert mapped < expected + 0.002, f"{pid}: {mapped:.1%} of its box is map colour in the SVG"
        # and nothing lost to a clip left behind (lane names, axis, scale bar): as much ink as the PNG
        drawn, want = near(svg[inner], ink).sum(), near(png[inner], ink).sum()
        assert abs(drawn - want) <= 0.2 * want + 50, (pid, drawn, want)


@pytest.mark.parametrize("width", [320, 520, 900, 1500])
def test_the_pattern_matrix_column_names_never_overlap(session, width):
    from karabakh_desktop.core import read
    from karabakh_desktop.gui.views.memo.matrix import MatrixFigure

    fig = MatrixFigure()
    names = [session.label(c) for c in read.pattern_matrix(session.db).cases]
    assert len(names) > 3
    left = width * 0.35
    heads = fig.header_layout(width, 500, left, names)
    bold = QFontMetricsF(fig.style.font(fig.style.small_label_pt, bold=True))
    for i, box in enumerate(heads.rects):
        assert box.left() >= left - 0.01 and box.right() <= width + 0.01 and box.bottom() <= heads.height + 0.01
        assert not any(box.intersects(other) for other in heads.rects[i + 1:]), (width, heads.texts)
        if heads.rotated:  # one upright line, its length within the band
            assert bold.horizontalAdvance(heads.texts[i]) <= box.height() + 0.01
        else:  # wrapped within its own column
            assert bold.boundingRect(box, Qt.TextWordWrap, heads.texts[i]).width() <= box.width() + 0.01
    if width >= 1500:
        assert not heads.rotated  # room enough: names read across
