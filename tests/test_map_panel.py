"""The schematic region map: places where they project, clicks select, selections elsewhere restyle,
names follow the app-wide choice, the base map needs no network."""

import datetime as dt
import socket

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from karabakh_desktop.core import geo, naming
from karabakh_desktop.core.touch import touches
from karabakh_desktop.core.views import map as mv
from karabakh_desktop.gui import theme
from karabakh_desktop.gui.views.map.panel import MapPanel


@pytest.fixture
def panel(session, qtbot):
    p = MapPanel(session)
    qtbot.addWidget(p)
    p.resize(700, 560)
    p.show()
    qtbot.waitExposed(p)
    p.fit_region()
    return p


def coords(session, pid):
    return session.db.execute("SELECT lon, lat FROM places WHERE entity_id = ?", [pid]).fetchone()


class Marker:
    """A place's marker as the panel draws it: where (view km) and with what brush and pen."""

    def __init__(self, panel, pid, layer):
        self.xy = panel.place_position(pid, layer)
        self.look = panel.marker_look(pid, layer)

    def pos(self):
        return QPointF(*self.xy)

    def brush(self):
        return self.look[0]

    def pen(self):
        return self.look[1]


def point(panel, pid, layer=None):
    return Marker(panel, pid, layer)


def test_a_place_is_drawn_where_its_coordinates_project(panel, session):
    lon, lat = coords(session, "baku")
    x, y = geo.LocalProjection(geo.DEFAULT_LAT0, geo.DEFAULT_LON0).forward(lon, lat)
    pos = point(panel, "baku").pos()
    assert (pos.x(), pos.y()) == pytest.approx((x, y), abs=1e-6)
    # Baku is ~ 290 km east and ~ 45 km north of the projection origin (40 N, 46.5 E)
    assert x == pytest.approx(geo.haversine_km(46.5, lat, lon, lat), rel=0.01)
    # and on screen: east of Yerevan, on the Caspian side of the view
    vb = panel.plot.getViewBox()
    baku = vb.mapViewToScene(point(panel, "baku").pos())
    yerevan = vb.mapViewToScene(point(panel, "yerevan").pos())
    assert baku.x() > yerevan.x() + 100


def test_clicking_a_place_selects_it(panel, session, qtbot):
    vb = panel.plot.getViewBox()
    scene_pos = vb.mapViewToScene(point(panel, "ganja").pos())
    at = panel.plot.mapFromScene(scene_pos)
    with qtbot.waitSignal(session.selectionChanged, timeout=1000):
        qtbot.mouseClick(panel.plot.viewport(), Qt.LeftButton, pos=at)
    assert list(session.selection.items) == ["ganja"]
    assert panel.highlight_level("ganja") == 2
    # Ctrl adds
    at = panel.plot.mapFromScene(vb.mapViewToScene(point(panel, "baku").pos()))
    with qtbot.waitSignal(session.selectionChanged, timeout=1000):
        qtbot.mouseClick(panel.plot.viewport(), Qt.LeftButton, Qt.ControlModifier, pos=at)
    assert set(session.selection.items) == {"ganja", "baku"}


def test_a_selection_elsewhere_restyles_the_places(panel, session):
    t = theme.current()
    assert point(panel, "baku").brush().color().alpha() == 255  # nothing selected: nothing dimmed
    session.select("shusha", origin="memo")
    assert point(panel, "shusha").brush().color().rgb() == QColor(t.highlight).rgb()
    parent = point(panel, "nagorno-karabakh")  # Shusha lies in it: touched
    assert parent.pen().color().rgb() == QColor(t.highlight).rgb()
    assert parent.brush().color().rgb() == QColor(theme.KIND_COLOURS["place"]).rgb()
    assert point(panel, "baku").brush().color().alpha() == t.dim_alpha
    assert [panel.highlight_level(i) for i in ("shusha", "nagorno-karabakh", "baku")] == [2, 1, 0]
    session.clear_selection()
    assert point(panel, "baku").brush().color().alpha() == 255
    assert panel.highlight_level("shusha") == 0


def test_a_far_place_touched_by_the_selection_is_pinned_to_the_view_edge(panel, session):
    assert panel.highlight_level("moscow") == 0
    assert not panel.label_shown("pin:moscow")
    session.select("russia", origin="network")  # Moscow is its capital
    assert panel.highlight_level("moscow") == 1
    (x0, x1), (y0, y1) = panel.plot.getViewBox().viewRange()
    i = panel.region.pins.index("moscow")
    px, py = panel.region.pin_positions[i]
    assert x0 < px < x1 and py == pytest.approx(y1, abs=(y1 - y0) * 0.06)  # on the north edge
    assert panel.label_shown("pin:moscow")
    assert "↑" in panel.shown_labels()["pin:moscow"].text


def test_a_pin_is_drawn_while_its_place_is_touched_and_gone_after(panel, session):
    def patch():  # the pixels around Moscow's pin, as the screen shows them
        vb = panel.plot.getViewBox()
        px, py = panel.region.pin_positions[panel.region.pins.index("moscow")]
        at = panel.plot.mapFromScene(vb.mapViewToScene(QPointF(px, py)))
        img = panel.plot.grab().toImage()
        ratio = img.devicePixelRatio()
        return {img.pixel(int((at.x() + dx) * ratio), int((at.y() + dy) * ratio))
                for dx in range(-3, 4) for dy in range(-3, 4)}

    session.select("russia", origin="network")
    pinned = patch()
    session.select("shusha", origin="network")  # touches no far place: no pin
    assert patch() != pinned and len(patch()) < len(pinned)
    session.select("russia", origin="network")
    assert patch() == pinned


def test_selecting_crimea_shows_it_in_the_inset_and_the_comparison_view(panel, session):
    session.select("crimea", origin="patterns")
    assert panel.inset.isVisible()
    assert point(panel, "crimea", "inset").brush().color().rgb() == QColor(theme.current().highlight).rgb()
    panel.fit_comparison()
    assert panel.view == "comparison" and not panel.inset.isVisible()
    assert panel.highlight_level("crimea") == 2
    assert panel.label_text("crimea") == "Crimea" and panel.label_shown("crimea")


def test_naming_choice_relabels_the_map(panel, session):
    panel.fit_karabakh()
    session.select("khankendi-stepanakert")
    assert panel.label_text("khankendi-stepanakert") == "Khankendi / Stepanakert"
    assert panel.shown_labels()["place:khankendi-stepanakert"].text == "Khankendi / Stepanakert"
    assert panel.label_text("shusha") == "Shusha / Shushi"
    session.set_naming("hy")
    assert panel.label_text("khankendi-stepanakert") == "Stepanakert"
    assert panel.label_text("shusha") == "Shushi"
    assert panel.shown_labels()["place:khankendi-stepanakert"].text == "Stepanakert"  # drawn as chosen
    session.set_naming("az")
    assert panel.label_text("shusha") == "Shusha"
    assert "Khankendi" in panel.tooltip_for(("place", "khankendi-stepanakert"))


def test_naming_choice_relabels_the_network_too(session, qtbot):
    network_panel = pytest.importorskip("karabakh_desktop.gui.views.network.panel")
    net = network_panel.NetworkPanel(session)
    qtbot.addWidget(net)
    net.resize(600, 500)
    net.show()
    qtbot.waitExposed(net)
    net.set_include_places(True)  # contested names are places' names
    session.select("syunik")  # a selected node is always labelled

    def texts():
        net.grab()  # paint, which places the labels
        return {label.text for label in net.labels_item._placed}

    assert "Zangezur / Syunik" in texts()
    session.set_naming("hy")
    assert "Syunik" in texts() and "Zangezur / Syunik" not in texts()


def test_base_map_loads_with_no_network(session, qtbot, monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network use is not allowed in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    p = MapPanel(session)
    qtbot.addWidget(p)
    names = {name for _, name in p.region.fills}
    assert {"Azerbaijan", "Armenia", "Georgia", "Iran", "Turkey", "Russia"} <= names
    assert {"Moldova", "Ukraine", "Crimea"} <= {name for _, name in p.comparison.fills}
    assert len(p.shape_items) == len(geo.load_schematic())
    assert all(item.path.elementCount() > 3 for item, _ in p.region.fills)


def test_shapes_select_what_they_stand_for_or_show_their_note(panel, session):
    panel.fit_karabakh()
    assert panel.shape_entity["lachin-corridor"] == "lachin-corridor"
    assert panel.shape_entity["district-agdam"] == "agdam"
    assert panel.shape_entity["peacekeeping-zone"] == "russian-peacekeeping-zone"
    line = panel.shape_paths_km["lachin-corridor"][0]
    x, y = (line[len(line) // 2] + line[len(line) // 2 - 1]) / 2
    assert panel.click_at(float(x), float(y)) == "lachin-corridor"
    assert list(session.selection.items) == ["lachin-corridor"]
    assert panel.shape_items["lachin-corridor"].pen.color().rgb() == QColor(theme.current().highlight).rgb()
    # Jabrayil: no item of the store stands for it; the click shows the note and selects nothing
    assert panel.shape_entity["district-jabrayil"] is None
    lon, lat = 46.95, 39.30
    assert geo.point_in_feature(lon, lat, panel.shapes["district-jabrayil"])
    assert panel.click_at(*panel.region.projection.forward(lon, lat)) is None
    assert "approximate" in panel.info.text() and "Jabrayil" in panel.info.text()
    assert list(session.selection.items) == ["lachin-corridor"]
    tip = panel.tooltip_for(("shape", "zangezur-route"))
    assert "approximate" in tip and "km of the drawn line cross Armenia" in tip


def test_shapes_are_labelled_approximate(panel):
    panel.fit_karabakh()
    texts = {sid: label[0] for sid, label in panel.shape_labels.items()}
    assert all("approx." in t for t in texts.values())
    shown = panel.shown_labels()
    assert any(f"shape:{s}" in shown for s in texts)
    assert all("approx." in e.text for k, e in shown.items() if k.startswith("shape:"))
    assert panel.shape_items["nkao-former"].pen.style() != Qt.SolidLine


def test_places_with_no_activity_in_the_time_window_fade(panel, session):
    session.set_time_window((dt.date(2014, 3, 18), dt.date(2014, 3, 19)))
    assert point(panel, "shusha").brush().color().alpha() < 100
    panel.fit_comparison()
    assert point(panel, "crimea").brush().color().alpha() == 255
    session.set_time_window(None)
    assert point(panel, "crimea").brush().color().alpha() == 255


def test_the_view_cannot_leave_the_data(panel):
    vb = panel.plot.getViewBox()
    x0, y0, x1, y1 = panel.region.projection.forward_bbox(geo.REGION_DATA_EXTENT)
    vb.setRange(xRange=(x1 - 100, x1 + 2000), yRange=(y0 - 500, y0 + 300), padding=0)
    (vx0, vx1), (vy0, vy1) = vb.viewRange()
    assert vx1 <= x1 + 1 and vy0 >= y0 - 1


def test_fit_buttons_and_scale_bar(panel):
    panel.fit_region_button.click()
    wide = panel.scale_km
    w, s, e, n = panel.view_extent()
    assert w <= geo.REGION_EXTENT[0] + 0.3 and e >= geo.REGION_EXTENT[2] - 0.3
    panel.fit_karabakh_button.click()
    assert panel.scale_km < wide
    assert panel.scale_text.text() == f"{panel.scale_km:g} km"
    (x0, x1), _ = panel.plot.getViewBox().viewRange()
    assert panel.scale_km == geo.nice_scale_bar_km(x1 - x0)
    panel.fit_comparison_button.click()
    assert panel.view == "comparison"


def test_view_state_round_trip(panel):
    panel.fit_karabakh()
    state = panel.view_state()
    assert state["view"] == "region"
    panel.fit_comparison()
    panel.restore_view_state(state)
    assert panel.view == "region"
    assert panel.view_extent() == pytest.approx(tuple(state["extent"]), abs=0.01)


def test_a_fitted_view_stays_fitted_when_the_panel_is_resized(panel, qtbot):
    panel.fit_region()
    panel.resize(360, 700)  # a tall, narrow dock
    qtbot.waitUntil(lambda: panel.plot.getViewBox().boundingRect().width() < 380)
    w, s, e, n = panel.view_extent()
    assert w <= geo.REGION_EXTENT[0] + 0.3 and e >= geo.REGION_EXTENT[2] - 0.3  # Baku and the Caspian still in


def test_a_resize_runs_the_range_handler_once_with_the_overlays_in_their_new_places(panel, qtbot, monkeypatch):
    runs = []
    place_pins = panel._place_pins
    monkeypatch.setattr(panel, "_place_pins", lambda: runs.append(panel.legend_item.pos().x()) or place_pins())
    panel.resize(640, 520)
    qtbot.waitUntil(lambda: len(runs) > 0)
    vb = panel.plot.getViewBox()
    assert len(runs) == 1  # the fit's range change no longer runs it a first time
    # it ran after the legend moved to the new right edge, and left the scale bar for the new range
    assert runs[0] == vb.boundingRect().width() - panel.legend_item.boundingRect().width() - 6
    (x0, x1), _ = vb.viewRange()
    assert panel.scale_km == geo.nice_scale_bar_km(x1 - x0)


def test_a_selected_place_is_always_named(panel, session):
    panel.fit_region()  # Shusha sits in the crowded Karabakh cluster at this scale
    session.select("shusha")
    assert panel.label_shown("shusha")


def test_selftest_pick_goes_through_the_click_handler(panel, session, qtbot):
    with qtbot.waitSignal(session.selectionChanged) as blocker:
        picked = panel.selftest_pick()
    assert picked is not None and list(session.selection.items) == [picked]
    assert blocker.args[1].origin == "map"
    assert panel.highlight_level(picked) == 2


def test_legend_and_exports(panel, tmp_path):
    legend = dict((text, colour) for colour, text in panel.legend())
    assert "capital" in legend and "selected" in legend and "approx. area (hand-drawn)" in legend
    from pyqtgraph.exporters import SVGExporter

    svg = SVGExporter(panel.graphics_item()).export(toBytes=True).decode()
    assert "<svg" in svg and "Baku" in svg
    out = tmp_path / "map.png"
    assert panel.export_widget().grab().save(str(out)) and out.stat().st_size > 10_000


def test_a_selection_restyles_the_map_it_has_and_builds_nothing_new(panel, session):
    # What keeps a selection cheap is that it only restyles: the scene's items are the same objects after
    # forty selections (how fast that is, is the benchmark's to say, not a timed test's).
    ids = [i for i in session.catalog.kinds if session.catalog.kind(i) in ("place", "actor", "event")][:40]
    scene = panel.plot.scene()
    before = {id(item) for item in scene.items()}
    for item in ids:
        panel.on_selection(touches(session.db, [item]), None)
    panel.on_selection(touches(session.db, ["shusha"]), None)
    assert {id(item) for item in scene.items()} == before
    assert panel.highlight_level("shusha") == 2


def _grab_image(panel):
    return panel.plot.grab().toImage()


def _pixels(img):
    import numpy as np

    img = img.convertToFormat(img.Format.Format_ARGB32)
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4).astype(int)


def test_the_cached_base_map_matches_a_direct_drawing_and_follows_the_view(panel, session, qtbot, monkeypatch):
    from karabakh_desktop.gui.views.map.items import CachedPaths

    session.select("shusha")
    panel.fit_karabakh()
    cached = _grab_image(panel)
    monkeypatch.setattr(CachedPaths, "CACHE", False)
    direct = _grab_image(panel)
    # the image is the drawing after a zoom (dashes that leave the view may restart their pattern)
    differ = (abs(_pixels(cached) - _pixels(direct)).max(axis=2) > 8).mean()
    assert differ < 0.01
    panel.fit_region()
    assert (abs(_pixels(_grab_image(panel)) - _pixels(direct)).max(axis=2) > 8).mean() > 0.2  # (a view change shows)
    panel.fit_karabakh()
    monkeypatch.setattr(CachedPaths, "CACHE", True)
    # an export draws the panel through a scaled painter: it must come out as a direct drawing
    from karabakh_desktop.gui.slides import render_image

    exported = render_image(panel, (1280, 720))
    monkeypatch.setattr(CachedPaths, "CACHE", False)
    assert (abs(_pixels(exported) - _pixels(render_image(panel, (1280, 720)))).max(axis=2) > 8).mean() < 0.001
    monkeypatch.setattr(CachedPaths, "CACHE", True)
    base, shapes = panel.region.base, panel.shapes_item
    _grab_image(panel)
    renders, shape_renders = base.renders, shapes.renders
    for item in ("baku", "ganja", "lachin-corridor"):
        session.select(item)
        _grab_image(panel)
    assert base.renders == renders  # a selection repaints over the kept image
    assert shapes.renders == shape_renders  # a highlighted outline keeps the hatched fills' image
    assert panel.shape_items["lachin-corridor"].pen.color().rgb() == QColor(theme.current().highlight).rgb()
    panel.fit_region()
    _grab_image(panel)
    assert base.renders == renders + 1  # a new view redraws it once


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_names_do_not_overlap_each_other_or_cover_markers(panel, session):
    session.select("nagorno-karabakh")  # touches a crowd of places in a small area
    for fit in (panel.fit_region, panel.fit_karabakh):
        fit()
        shown = panel.shown_labels()
        assert len(shown) > 5
        forced = {k for k in shown if k.startswith("place:") and k[6:] in session.selection.items}
        rects = [(k, e.rect) for k, e in shown.items() if k not in forced]
        for n, (k, a) in enumerate(rects):
            for k2, b in rects[n + 1:]:
                assert not _overlap(a, b), (k, k2)
        layer, vb = panel.region, panel.plot.getViewBox()
        tr = vb.childGroup.sceneTransform()
        markers = [(x * tr.m11() + tr.dx(), y * tr.m22() + tr.dy()) for x, y in layer.xy]
        for k, r in rects:
            if panel._levels.get(k.split(":", 1)[1], 0) < 2:
                assert not any(_overlap(r, (x - 5, y - 5, x + 5, y + 5)) for x, y in markers), k


def test_a_selection_names_what_it_touches_and_leaves_other_names_in_place(panel, session):
    panel.fit_region()
    before = {k: e.rect for k, e in panel.shown_labels().items()}
    session.select("shusha")
    after = panel.shown_labels()
    assert "place:shusha" in after  # selected: always named
    touched = {k for k in after if k.startswith("place:") and panel._levels.get(k[6:])}
    moved = [k for k in before if k in after and k not in touched and after[k].rect != before[k]]
    assert not moved  # names the selection does not involve stay where they were
    gone = [k for k in before if k not in after]
    sel_rects = [after[k].rect for k in touched]
    assert all(any(_overlap(before[k], r) for r in sel_rects) or k[6:] in panel._levels for k in gone)
    session.clear_selection()
    assert {k: e.rect for k, e in panel.shown_labels().items()} == before


def test_names_dim_with_the_markers_when_the_selection_touches_no_place(panel, session):
    t = theme.current()
    label = panel.shown_labels()["place:baku"]
    assert panel.label_colour(label).alpha() == 255
    session.select("bbc")  # an actor tied to no place: every marker dims, and so does every name
    assert point(panel, "baku").brush().color().alpha() == t.dim_alpha
    assert panel.label_colour(panel.shown_labels()["place:baku"]).alpha() < 255


def test_a_selection_changes_the_look_of_the_markers_it_concerns(panel, session, qtbot):
    session.select("baku")
    layer = panel.region
    brushes = [panel.marker_look(pid)[0] for pid in layer.ids]
    session.select("ganja")
    changed = [i for i, (a, pid) in enumerate(zip(brushes, layer.ids)) if a is not panel.marker_look(pid)[0]]
    assert set(changed) >= {layer.index["baku"], layer.index["ganja"]}
    assert len(changed) < len(layer.ids)  # the rest kept their (dimmed) brush object
    assert panel.highlight_level("ganja") == 2 and panel.highlight_level("baku") == 0


def test_the_markers_repaint_only_when_a_look_changes(panel, session, monkeypatch):
    """Restyled with nothing changed, the markers' item is not repainted; a selection that changes
    a marker's look repaints around that marker (a box of the scene, each marker's apart: not the
    whole item, nor one box around all the changed markers)."""
    from karabakh_desktop.gui.views.map import markers

    item = panel.region.markers
    session.select("bbc")
    whole, boxes = [], []
    monkeypatch.setattr(item, "update", lambda *args: whole.append(args))
    monkeypatch.setattr(item.scene(), "update", lambda *args: boxes.append(args))
    markers.restyle(panel, panel.region)
    assert whole == [] and boxes == []
    session.select("shusha")
    assert boxes and whole == [] and panel.highlight_level("shusha") == 2
    x, y = panel.region.xy[panel.region.index["shusha"]]
    at = item.mapToScene(float(x), float(y))
    # the marker's box is a few dozen pixels, however far apart the changed markers lie (the names'
    # boxes come here too)
    assert any(b[0].contains(at) and b[0].width() < 60 and b[0].height() < 60 for b in boxes)


def _click_corridor(panel):
    line = panel.shape_paths_km["lachin-corridor"][0]
    x, y = (line[len(line) // 2] + line[len(line) // 2 - 1]) / 2
    return panel.click_at(float(x), float(y))


def test_the_description_box_belongs_to_the_selection_and_never_resizes_the_map(panel, session):
    panel.fit_karabakh()
    size = panel.plot.size()
    scale = panel.plot.getViewBox().viewPixelSize()
    assert _click_corridor(panel) == "lachin-corridor"
    assert not panel.info.isHidden() and "Lachin" in panel.info.text()
    assert panel.plot.size() == size and panel.plot.getViewBox().viewPixelSize() == scale  # over the map
    assert panel.info.geometry().bottom() <= panel.plot.height()
    session.select("shusha")  # another selection: the box described the corridor
    assert panel.info.isHidden()
    _click_corridor(panel)
    session.clear_selection()  # Esc
    assert panel.info.isHidden()
    _click_corridor(panel)
    session.set_naming("hy")  # it was written with the other names
    assert panel.info.isHidden()


def test_a_selection_out_of_view_gets_an_edge_arrow_and_show_selection_brings_it_in(panel, session):
    panel.fit_karabakh()
    session.select("nakhchivan")
    arrows = panel.edge_arrows()
    assert [a[0] for a in arrows] == ["nakhchivan"]
    _, x, y, arrow = arrows[0]
    r = panel.plot.getViewBox().boundingRect()
    assert arrow in "←↙↖" and x < r.width() / 2  # Nakhchivan is west (south-west) of Karabakh
    shown = [i for i in panel._edge_items if i.isVisible()]
    assert len(shown) == 1 and "Nakhchivan" in shown[0].text()
    # clear of the title and the north arrow at the top
    box = shown[0].mapRectToScene(shown[0].boundingRect())
    for overlay in (panel.title_text, panel.north_group):
        other = overlay.mapRectToScene(overlay.boundingRect() | overlay.childrenBoundingRect())
        assert not box.intersects(other)
    panel.show_selection()
    assert panel.edge_arrows() == []
    x0, x1 = panel.plot.getViewBox().viewRange()[0]
    px, _ = panel.place_position("nakhchivan")
    assert x0 <= px <= x1
    assert not any(i.isVisible() for i in panel._edge_items)


def test_the_corridor_hover_names_the_corridor_not_the_edge_of_the_data(panel, qtbot):
    panel.fit_karabakh()
    line = panel.shape_paths_km["lachin-corridor"][0]
    x, y = (line[len(line) // 2] + line[len(line) // 2 - 1]) / 2
    vb = panel.plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(float(x), float(y)))
    assert not [i for i in panel.plot.scene().items(scene) if i.toolTip() == "Beyond the map data"]
    panel._on_mouse_moved((scene,))
    assert "Lachin" in panel.plot.toolTip()


def test_the_title_is_not_repeated_as_a_place_name(panel, session):
    panel.fit_region()
    assert panel.title_text.text() == "South Caucasus"
    assert not panel.label_shown("south-caucasus")  # the title names the region
    session.select("south-caucasus")
    assert panel.label_shown("south-caucasus")  # selected, it is named at its marker


@pytest.mark.parametrize("size", [(391, 410), (560, 600)])  # the map dock at 1366x768 and at 1920x1080
@pytest.mark.parametrize("selected", [None, "shusha", "lachin-corridor"])
def test_no_names_collide_in_the_karabakh_view_at_the_default_size(panel, session, qtbot, size, selected):
    panel.resize(*size)
    qtbot.waitUntil(lambda: panel.width() == size[0])
    panel.fit_karabakh()
    if selected:
        session.select(selected)
    placed = list(panel.shown_labels().values())
    assert len(placed) >= 8
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            overlap = not (a.rect[2] <= b.rect[0] or b.rect[2] <= a.rect[0] or
                           a.rect[3] <= b.rect[1] or b.rect[3] <= a.rect[1])
            assert not overlap, (a.text, b.text)


def test_the_legend_lists_only_the_place_types_in_view(panel, qtbot):
    whole = {text for _, text in panel.legend()}
    assert "capital" in whole  # Yerevan, Baku, ... in the region view
    x, y = panel.place_position("shusha")
    panel.plot.getViewBox().setRange(xRange=(x - 15, x + 15), yRange=(y - 15, y + 15), padding=0)
    qtbot.waitUntil(lambda: "capital" not in {text for _, text in panel.legend()})
    near = {text for _, text in panel.legend()}
    from karabakh_desktop.core.views import map as mv

    assert mv.PLACE_STYLES[panel.places["shusha"].place_type][2] in near  # what is in view stays
    assert near < whole


def test_a_places_tooltip_names_the_actors_tied_to_it_read_when_asked(panel, session):
    """The actors of a place are read for its tooltip (not every place's at start-up), by the rule of
    read.actors_by_place."""
    from karabakh_desktop.core import read
    from karabakh_desktop.gui.views.map.text import actors_of

    by_place = read.actors_by_place(session.db)
    assert panel._actors == {}  # nothing read at start-up
    for pid in ("baku", "khankendi-stepanakert"):
        assert actors_of(panel, pid) == by_place.get(pid, ()) and by_place.get(pid)
    tip = panel.tooltip_for(("place", "baku"))
    assert "Actors tied to it: " in tip and session.label(by_place["baku"][0]) in tip
    assert all(p.actors == () for p in panel.places.values())  # the map's places carry none


def test_markers_wear_the_look_of_their_level_activity_and_context_through_selections_and_windows(panel, session):
    """The markers are restyled per distinct look (numpy) on each change: after any sequence of
    selections and windows every marker wears exactly figure.place_style of its own state — the
    previous selection let go, the new one set, the window's fades applied."""
    from karabakh_desktop.core import activity

    def check():
        layer = panel.current_layer()
        states = activity.states(session.db, session.time_window) if session.time_window else {}
        touch = session.touch
        for pid in layer.ids:
            level = 2 if pid in touch.selected else 1 if pid in touch.items else 0
            want = panel.figure.place_style(level, bool(touch.selected), states.get(pid, activity.ACTIVE),
                                            panel.places[pid].context)
            assert panel.marker_look(pid) is want, pid

    session.select("shusha")
    check()
    session.set_time_window((dt.date(2014, 3, 18), dt.date(2014, 3, 19)))
    check()
    session.select("baku")  # shusha let go, baku set, the window still applied
    check()
    assert panel.highlight_level("shusha") == 0 and panel.highlight_level("baku") == 2
    session.set_time_window(None)
    session.clear_selection()
    check()


def test_a_theme_change_recolours_the_markers_as_drawn(panel, session, qtbot):
    """The markers' looks come from the theme: a selected place turns the high-contrast yellow on
    screen, its outline the theme's text colour, and back."""
    yellow = QColor(theme.THEMES["high-contrast"].highlight)

    def drawn_yellow():
        image = panel.plot.grab().toImage().convertToFormat(QImage.Format_RGB32)
        pixels = np.frombuffer(image.constBits(), dtype=np.uint32)
        return int((pixels == yellow.rgb()).sum())

    session.select("shusha")
    assert panel.marker_look("shusha")[1].color().rgb() == QColor(theme.THEMES["light"].text).rgb()
    assert drawn_yellow() == 0
    try:
        session.set_theme("high-contrast")
        brush, pen = panel.marker_look("shusha")
        assert brush.color().rgb() == yellow.rgb() and pen.color().rgb() == QColor("#FFFFFF").rgb()
        assert drawn_yellow() > 20
    finally:
        session.set_theme("light")
    assert panel.marker_look("shusha")[0].color().rgb() == QColor(theme.THEMES["light"].highlight).rgb()
    assert drawn_yellow() == 0


def test_the_insets_names_are_laid_out_again_only_when_the_selection_reaches_the_inset(panel, session):
    inset = panel.inset_layer
    away = [pid for pid in panel.region.ids if pid not in inset.index
            and not set(touches(session.db, frozenset([pid])).items) & set(inset.index)][:2]
    assert len(away) == 2 and "crimea" in inset.index
    session.select(away[0])
    first, region = panel.placed_labels(inset), panel.placed_labels(panel.region)
    session.select(away[1])  # another place the inset does not show, touching none it shows
    assert panel.placed_labels(inset) is first
    assert panel.placed_labels(panel.region) is not region
    session.select("crimea")  # an inset place selected: its name is laid out (and always shown)
    assert panel.placed_labels(inset) is not first
    assert panel.label_shown("crimea", "inset")
    for item in (away[0], "crimea", "azerbaijan", away[1], "karabakh-armenians", "russia"):
        session.select(item)
        for layer in (inset, panel.region):  # what is kept is what a layout from scratch gives
            base, marks = layer.base_layout
            fresh = mv.selection_layout(layer, base, marks, panel._frame(layer), panel._levels, panel.shape_entity)
            assert panel.placed_labels(layer) == fresh, (item, layer.name)


def test_a_paint_draws_the_names_a_layout_from_scratch_gives_after_any_change(panel, session, qtbot):
    """The name tiers paint the layout their panel made in the same epoch (a selection's slot lays
    the names out; its paint takes them): each change that may move a name starts a new one."""
    from karabakh_desktop.gui.views.map import names

    vb = panel.plot.getViewBox()

    def check(what):
        QApplication.processEvents()
        for layer in (panel.inset_layer, panel.current_layer()):
            for item in layer.label_items:
                tr = item.sceneTransform()
                kept = names.placed_tier(panel, layer, item.tier, (tr.m11(), tr.m22(), tr.dx(), tr.dy()))
                layer.layout_key = layer.placed_key = layer.frame_memo = None  # from scratch
                fresh = [e for e in panel.placed_labels(layer).values() if e.tier == item.tier]
                assert kept == fresh, (what, layer.name, item.tier)

    steps = [("select", lambda: session.select("shusha")),
             ("pan", lambda: vb.translateBy(x=15.0, y=-10.0)),
             ("select", lambda: session.select("karabakh-armenians")),
             ("zoom", lambda: vb.scaleBy((0.7, 0.7))),
             ("legend", lambda: panel.legend_box.toggle()),
             ("shapes", lambda: panel.shapes_box.toggle()),
             ("resize", lambda: panel.resize(panel.width() - 90, panel.height() + 40)),
             ("naming", lambda: session.set_naming(naming.AZ)),
             ("window", lambda: session.set_time_window((dt.date(2020, 9, 1), dt.date(2020, 11, 30)))),
             ("theme", lambda: session.set_theme("dark")),
             ("select", lambda: session.select("russia")),
             ("legend", lambda: panel.legend_box.toggle()),
             ("shapes", lambda: panel.shapes_box.toggle()),
             ("cases", panel.fit_comparison),
             ("select", lambda: session.select("crimea")),
             ("region", panel.fit_karabakh),
             ("clear", session.clear_selection)]
    try:
        for what, do in steps:
            do()
            check(what)
    finally:
        session.set_theme("light")


def test_the_screen_draws_borders_simplified_to_its_pixels_and_exports_draw_every_vertex(panel, session):
    from karabakh_desktop.gui.views.map.items import CachedPaths, _Simplified

    base = panel.region.base
    assert all(b.detail is not None for b in panel.region.borders)  # the store had the weights
    full = sum(b.path.elementCount() for b in panel.region.borders)

    def drawn(px_per_km):
        paths = base._screen_paths(px_per_km)
        assert [p.of if isinstance(p, _Simplified) else p for p in paths] == base.paths  # same order, same looks
        return paths, sum(p.path.elementCount() for p in paths if isinstance(p, _Simplified))

    px_per_km = abs(base._vb.childGroup.transform().m11())
    paths, shown = drawn(px_per_km)
    assert shown < 0.9 * full  # at the region's zoom many vertices fall within a tenth of a pixel
    assert drawn(px_per_km * 64)[1] > shown  # zoomed in: more of them count
    twin = next(p for p in paths if isinstance(p, _Simplified))
    assert twin.pen is twin.of.pen and twin.brush is twin.of.brush  # a restyle of the border reaches it
    assert all(s >= px_per_km for s in base._simplified) and len(base._simplified) <= 4
    # exports draw the full paths (the content's borders are the items' own)
    assert panel.content.borders[mv.REGION] is panel.region.borders
    assert CachedPaths.SIMPLIFY_PX <= 0.1
