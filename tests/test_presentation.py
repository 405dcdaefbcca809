"""Slides as presentation figures: framing, labels, vector SVG, compositions without widgets,
the PowerPoint deck and the starter briefing."""

import datetime as dt
import re
import shutil

import pytest
from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from karabakh_desktop import paths
from karabakh_desktop.core import scenes, starter
from karabakh_desktop.core import timeline_layout as tl
from karabakh_desktop.core.build import build
from karabakh_desktop.core.datafiles import DataError
from karabakh_desktop.core.store import open_store
from karabakh_desktop.gui import slides as ex
from karabakh_desktop.gui.panels import PANELS, make_panel
from karabakh_desktop.gui.views.frame import slide_view
from karabakh_desktop.gui.views.style import EXPORT, label_px

DATA = paths.data_dir()


def _panel(session, qtbot, pid):
    panel = make_panel(next(s for s in PANELS if s.panel_id == pid), session)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    return panel


@pytest.fixture
def no_widget_drawing(monkeypatch):
    """An export that drew a widget (a grab or a render) fails: slides are figures only."""
    def refuse(*a, **k):
        raise AssertionError("a slide drew a widget")

    monkeypatch.setattr(QWidget, "grab", refuse)
    monkeypatch.setattr(QWidget, "render", refuse)


def test_presentation_type_is_legible_on_a_1080p_slide():
    assert label_px(EXPORT) >= 22


def test_a_map_slide_frames_a_small_selection(session, qtbot):
    panel = _panel(session, qtbot, "map")
    session.set_selection(["shusha"], origin="test")
    (x0, x1), (y0, y1) = slide_view(panel, QRectF(0, 0, 1856, 760))
    layer = panel.current_layer()
    sx, sy = layer.xy[layer.ids.index("shusha")]
    assert x0 < sx < x1 and min(y0, y1) < sy < max(y0, y1)
    (r0, r1), _ = panel.plot.getViewBox().viewRange()
    assert x1 - x0 < (r1 - r0) * 0.6  # not the whole region


def test_a_timeline_slide_spans_and_labels_the_selected_events(session, qtbot, no_widget_drawing):
    panel = _panel(session, qtbot, "timeline")
    session.set_selection(["capture-of-shusha"], origin="test")
    (a, b), _ = slide_view(panel, QRectF(0, 0, 1856, 760))
    day = tl.seconds(dt.date(2020, 11, 8))  # the day Shusha was taken
    assert a < day < b and b - a <= 90 * 86400  # the event with some weeks around it, not years
    svg = ex.export(panel, "svg", (1920, 1080), frame=True).decode()
    assert "Azerbaijani forces take Shusha" in re.sub(r"\s+", " ", svg)


@pytest.mark.parametrize("pid", ["network", "map", "timeline"])
def test_figure_svg_is_vector_with_text_labels(session, qtbot, pid, no_widget_drawing):
    panel = _panel(session, qtbot, pid)
    session.set_selection(["shusha"], origin="test")
    svg = ex.export(panel, "svg", (1920, 1080), frame=True).decode()
    assert "<image" not in svg
    assert "Shusha" in svg and svg.count("<text") > 5


def test_a_network_slide_about_a_place_shows_it_large(session, qtbot, no_widget_drawing):
    panel = _panel(session, qtbot, "network")
    session.set_selection(["shusha"], origin="test")
    data = ex.export(panel, "png", (1920, 1080), frame=True)
    img = QImage.fromData(QByteArray(data), "PNG")
    assert img.width() == 1920 and not ex.render.is_blank(img)
    assert "shusha" in panel.model.node_index and panel.model.node_visible[panel.model.node_index["shusha"]]


def test_scene_slides_are_figures_never_widgets(session, qtbot, no_widget_drawing):
    from karabakh_desktop.gui.briefing import SceneBoard

    board = SceneBoard(session)
    qtbot.addWidget(board)
    for title, caption, state in starter.read(DATA, _ids(session.db)):
        scene = scenes.add(session.db, title, state.to_json(), caption)
        board.apply(scene)
        img = ex.render_image(board, (1920, 1080), title=title)
        assert not ex.render.is_blank(img)


def _ids(db):
    return {r[0] for r in db.execute("SELECT id FROM items")}


def test_the_pptx_deck_has_a_slide_per_scene_with_picture_and_notes(session, qtbot, tmp_path):
    pptx = pytest.importorskip("pptx")
    for title, caption, state in starter.read(DATA, _ids(session.db))[:3]:
        scenes.add(session.db, title, state.to_json(), caption)
    out = tmp_path / "deck.pptx"
    written = ex.export_scenes(session, scenes.list_scenes(session.db), out, size=(960, 540))
    assert written == [out]
    deck = pptx.Presentation(str(out))
    assert len(deck.slides) == 3
    for slide, scene in zip(deck.slides, scenes.list_scenes(session.db)):
        assert slide.shapes.title.text == scene.title
        assert any(s.shape_type == 13 for s in slide.shapes)  # a picture
        notes = slide.notes_slide.notes_text_frame.text
        assert scene.caption in notes and "Source:" in notes and "¶ " in notes


def test_starter_scenes_load_into_a_fresh_store_only(tmp_path):
    out = tmp_path / "fresh.db"
    counts = build(DATA, out, starter_scenes=True)
    assert counts["starter_scenes"] >= 4
    db = open_store(out)
    try:
        first = scenes.list_scenes(db)
        assert [s.title for s in first][0] == "The 44-day war"
        scenes.update(db, first[0].id, title="My own title")
        scenes.set_deleted(db, first[1].id)
    finally:
        db.close()
    build(DATA, out, starter_scenes=True)  # a rebuild: the analyst's scenes stay as they are
    db = open_store(out)
    try:
        again = scenes.list_scenes(db, include_deleted=True)
        assert len(again) == len(first) and again[0].title == "My own title" and again[1].deleted
    finally:
        db.close()


def test_a_starter_scene_naming_no_item_is_a_clear_data_error(data_copy, tmp_path):
    path = data_copy / "scenes.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"war-2020"', '"no-such-war"', 1), encoding="utf-8")
    with pytest.raises(DataError, match="no-such-war"):
        build(data_copy, tmp_path / "x.db", starter_scenes=True)
    assert not (tmp_path / "x.db").exists()
    shutil.rmtree(data_copy)


def test_the_comparison_scene_shows_the_cases_on_the_comparison_map(session, qtbot):
    from karabakh_desktop.gui.briefing import SceneBoard

    (title, caption, state), = [s for s in starter.read(DATA, _ids(session.db)) if "other conflicts" in s[0]]
    board = SceneBoard(session)
    qtbot.addWidget(board)
    board.apply(scenes.add(session.db, title, state.to_json(), caption))
    panel = board.panels["map"]
    assert panel.view == "comparison" and "map" not in board.framed
    (x0, x1), (y0, y1) = panel.plot.getViewBox().viewRange()
    for pid in state.selection:  # every case a marker in view, none an arrow at the edge
        x, y = panel.place_position(pid)
        assert x0 <= x <= x1 and y0 <= y <= y1, pid


@pytest.mark.parametrize("views", ['views.map.view = "globe"', 'views.network.layout = "spring"'])
def test_a_starter_scene_with_a_bad_view_is_a_clear_data_error(data_copy, tmp_path, views):
    path = data_copy / "scenes.toml"
    text = path.read_text(encoding="utf-8").replace('views.map.view = "comparison"', views)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="views"):
        build(data_copy, tmp_path / "x.db", starter_scenes=True)
    shutil.rmtree(data_copy)


def test_the_selected_event_is_named_large_on_a_1080p_timeline_slide(session, qtbot):
    """Read back from the figure's own placement: the selected event's name box, in slide pixels."""
    panel = _panel(session, qtbot, "timeline")
    session.set_selection(["capture-of-shusha"], origin="test")
    img = ex.render_image(panel, (1920, 1080), frame=True)
    fig = panel._export_figure
    named = {text: box for (_, text), box in fig.last_labels.items()}
    box = named[session.label("capture-of-shusha")]
    assert (box[3] - box[1]) * EXPORT.zoom >= 22  # logical units × the figure's zoom = pixels at 1080p
    assert not ex.render.is_blank(img)


@pytest.mark.parametrize("pid", ["network", "map", "timeline", "memo", "patterns"])
def test_outside_its_figure_and_texts_a_slide_is_background(session, qtbot, pid):
    """Nothing but the figure, the slide's text and its legend is drawn: the margins and the gap
    between the heading and the figure are plain background (no tool bar, button or status line)."""
    from PySide6.QtCore import QRect

    from karabakh_desktop.gui import theme

    panel = _panel(session, qtbot, pid)
    session.set_selection(["shusha"], origin="test")
    img = ex.render_image(panel, (1920, 1080), frame=True)
    lay = ex.Layout((1920, 1080), ex.make_slide(panel, session), theme.current())
    body = lay.body.toRect()
    last_text = max(t.y + t.line_h * len(t.lines) for t in lay.texts if t.y < body.top())
    strips = [QRect(0, body.top(), body.left() - 2, body.height()),  # left margin
              QRect(body.right() + 3, body.top(), 1920 - body.right() - 3, body.height()),  # right margin
              QRect(0, int(last_text) + 2, 1920, body.top() - int(last_text) - 3)]  # under the heading
    base = QColor(theme.current().base).rgb()
    for r in strips:
        if r.width() > 0 and r.height() > 0:
            assert ex.render.is_blank(img, r) and img.pixel(r.topLeft()) == base, (pid, r)
