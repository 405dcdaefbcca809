"""The actor network panel: clicks select, selections restyle nodes and ties, positions persist,
exports show the highlight, the time window fades what is not active."""

from __future__ import annotations

import datetime as dt
from html import escape

import networkx as nx
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from karabakh_desktop import paths
from karabakh_desktop.core import positions
from karabakh_desktop.core.build import build
from karabakh_desktop.gui import theme
from karabakh_desktop.gui.layout_worker import LayoutJob
from karabakh_desktop.gui.session import Session
from karabakh_desktop.gui.views.network.panel import NetworkPanel


@pytest.fixture
def panel(session, qtbot):
    p = NetworkPanel(session)
    qtbot.addWidget(p)
    p.resize(900, 650)
    p.show()
    qtbot.waitExposed(p)
    p.fit()
    return p


def _pen(panel, item):
    return panel.figure.node_look(panel.node_index[item])[0]


def _brush(panel, item):
    return panel.figure.node_look(panel.node_index[item])[1]


def _viewport_pos(panel, item) -> QPoint:
    xy = panel._scene_xy()[panel.node_index[item]]
    return panel.plot.mapFromScene(QPointF(float(xy[0]), float(xy[1])))


def test_a_mouse_click_on_a_node_selects_it(panel, session, qtbot):
    with qtbot.waitSignal(session.selectionChanged, timeout=2000):
        qtbot.mouseClick(panel.plot.viewport(), Qt.LeftButton, pos=_viewport_pos(panel, "russia"))
    assert list(session.selection.items) == ["russia"]
    # Ctrl-click adds; a click on empty background clears
    with qtbot.waitSignal(session.selectionChanged, timeout=2000):
        qtbot.mouseClick(panel.plot.viewport(), Qt.LeftButton, Qt.ControlModifier,
                         pos=_viewport_pos(panel, "turkey"))
    assert set(session.selection.items) == {"russia", "turkey"}
    with qtbot.waitSignal(session.selectionChanged, timeout=2000):
        qtbot.mouseClick(panel.plot.viewport(), Qt.LeftButton, pos=QPoint(3, panel.plot.viewport().height() // 3))
    assert list(session.selection.items) == []


def test_a_click_on_a_tie_selects_the_relation(panel, session):
    e = next(e for e, d in enumerate(panel.model.edge_bend) if d == 0 and panel.model.edge_visible[e])
    rid = panel.model.edge_ids[e]
    xy = panel._scene_xy()
    mid = (xy[panel.model.edge_src[e]] + xy[panel.model.edge_dst[e]]) / 2
    assert panel.click_at(QPointF(*mid)) == rid
    assert list(session.selection.items) == [rid]
    assert panel.highlight_level(rid) == 2


def test_a_selection_made_elsewhere_restyles_nodes_and_ties(panel, session):
    t = theme.current()
    g = panel.g.to_networkx()
    neighbour = next(iter(set(nx.all_neighbors(g, "russia"))))
    stranger = next(n for n in panel.node_ids if n != "russia" and not g.has_edge(n, "russia")
                    and not g.has_edge("russia", n))
    own_tie = next(k for u, v, k in g.edges(keys=True) if "russia" in (u, v))
    other_tie = next(k for u, v, k in g.edges(keys=True) if "russia" not in (u, v))
    # nothing selected: nothing dimmed
    assert _brush(panel, stranger).color().alpha() == 255
    session.select("russia", origin="test")
    assert _pen(panel, "russia").color() == QColor(t.highlight)
    assert _pen(panel, neighbour).color().rgb() == QColor(t.text).rgb()
    assert _brush(panel, stranger).color().alpha() < 255
    assert panel.highlight_level("russia") == 2
    assert panel.highlight_level(neighbour) == 1
    assert panel.highlight_level(stranger) == 0
    pens, index = panel.figure.edge_pens, panel.model.edge_index
    own, other = pens[index[own_tie]], pens[index[other_tie]]
    assert own.widthF() > other.widthF() and own.color().alpha() > other.color().alpha()
    # a selected relation gets the amber halo, its ends are touched
    session.select(own_tie, origin="test")
    assert panel.model.edge_halo[panel.model.edge_index[own_tie]]
    assert panel.highlight_level(own_tie) == 2 and panel.highlight_level("russia") == 1
    session.clear_selection()
    assert panel.highlight_level("russia") == 0 and _brush(panel, stranger).color().alpha() == 255


def test_selftest_pick_goes_through_the_click_handler(panel, session):
    picked = panel.selftest_pick()
    assert picked is not None and list(session.selection.items) == [picked]
    assert panel.highlight_level(picked) == 2


def test_layouts_are_deterministic(session, qtbot, store_copy, tmp_path):
    a = NetworkPanel(session)
    qtbot.addWidget(a)
    for name in ("spring", "circular", "grouped-type", "grouped-community"):
        a.set_layout(name)
        first = a.pos.copy()
        positions.forget(session.db, a.layout_key())  # not from the cache: computed again
        a.recompute_layout()
        assert np.allclose(a.pos, first), name
    assert len({tuple(p) for p in a.pos}) == len(a.pos)


def test_layout_is_cached_and_dragged_positions_persist(panel, session, qtbot, store_copy):
    key = panel.layout_key()
    assert set(positions.load(session.db, key)) == set(panel.node_ids)
    i = panel.node_index["russia"]
    panel.drag_started(i)
    panel.drag_node(i, (0.321, -0.654), finished=True)
    other = NetworkPanel(session)
    qtbot.addWidget(other)
    assert tuple(other.pos[other.node_index["russia"]]) == pytest.approx((0.321, -0.654))
    # undo puts it back; redo moves it again
    session.undo_stack.undo()
    assert tuple(panel.pos[i]) != pytest.approx((0.321, -0.654))
    session.undo_stack.redo()
    assert tuple(panel.pos[i]) == pytest.approx((0.321, -0.654))
    # a rebuild keeps user tables: the drag survives
    session.close()
    build(paths.data_dir(), store_copy)
    s2 = Session(store_copy, follow=False)
    try:
        third = NetworkPanel(s2)
        qtbot.addWidget(third)
        assert tuple(third.pos[third.node_index["russia"]]) == pytest.approx((0.321, -0.654))
        third.reset_positions()
        assert tuple(third.pos[third.node_index["russia"]]) != pytest.approx((0.321, -0.654))
        assert positions.load(s2.db, positions.user_key(key)) == {}
    finally:
        s2.close()


def test_a_real_drag_moves_a_node_and_an_empty_drag_pans(panel, qtbot):
    i = panel.node_index["turkey"]
    before = panel.pos[i].copy()
    start = _viewport_pos(panel, "turkey")
    vp = panel.plot.viewport()
    qtbot.mousePress(vp, Qt.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(vp, start + QPoint(8 * k, 6 * k))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=start + QPoint(40, 30))
    assert not np.allclose(panel.pos[i], before)
    assert positions.load(panel.session.db, positions.user_key(panel.layout_key())).get("turkey") is not None


def _has_colour(img, colour: QColor, tol: int = 40) -> int:
    img = img.convertToFormat(img.Format.Format_RGB32)
    ptr = img.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8).reshape(img.height(), img.bytesPerLine())[:, :img.width() * 4]
    arr = arr.reshape(img.height(), img.width(), 4)[:, :, :3].astype(int)  # BGRA
    want = np.array([colour.blue(), colour.green(), colour.red()])
    return int((np.abs(arr - want).sum(axis=2) < tol).sum())


def test_an_export_shows_the_highlighted_node(panel, session, qtbot):
    amber = QColor(theme.current().highlight)
    before = _has_colour(panel.grab().toImage(), amber)
    session.select("russia", origin="test")
    qtbot.wait(1)
    after = _has_colour(panel.grab().toImage(), amber)
    assert after > before + 40


def test_the_time_window_fades_inactive_ties(panel, session):
    war = "rel-azerbaijan-armenia-war"
    if war not in panel.model.edge_index:
        pytest.skip("the data no longer has this relation")
    active_before = panel.figure.edge_pens[panel.model.edge_index[war]].color().alpha()
    session.set_time_window((dt.date(2008, 8, 1), dt.date(2008, 9, 1)))
    faded = panel.figure.edge_pens[panel.model.edge_index[war]].color().alpha()
    assert faded < active_before / 2
    session.set_time_window((dt.date(2020, 10, 1), dt.date(2020, 11, 1)))
    assert panel.figure.edge_pens[panel.model.edge_index[war]].color().alpha() == active_before


def test_focus_shows_only_the_neighbourhood(panel, session):
    g = panel.g.to_networkx()
    far = next(n for n in panel.node_ids if g.degree(n) == 0)
    session.select("russia", origin="test")
    panel.set_focus(1)
    assert panel.highlight_level(far) is None
    assert panel.highlight_level("russia") == 2
    assert all(panel.highlight_level(n) == 1 for n in nx.all_neighbors(g, "russia"))
    panel.set_focus(0)
    assert panel.highlight_level(far) == 0


def test_filters_hide_ties_by_sign_and_kind(panel):
    conflictual = [e for e, s in enumerate(panel.model.edge_sign) if s == "conflictual"]
    panel.set_filter(hidden_signs={"conflictual"})
    assert all(panel.highlight_level(panel.model.edge_ids[e]) is None for e in conflictual)
    panel.set_filter(hidden_kinds={panel.model.edge_kind[0]}, hidden_signs=set())
    assert panel.highlight_level(panel.model.edge_ids[0]) is None
    assert any(panel.highlight_level(panel.model.edge_ids[e]) == 0 for e in conflictual)


def test_labels_follow_the_naming_choice(panel, session):
    from karabakh_desktop.core import naming

    def labels():
        return {label.text for label in panel.labels_item.placed(panel.scatter.sceneTransform())}

    cat = session.catalog
    panel.set_include_places(True)  # the contested names of the memo are places' names
    target = next(n for n in panel.node_ids if cat.label(n, naming.AZ) != cat.label(n, naming.HY))
    session.select(target, origin="test")  # a selected node always gets its label
    session.set_naming(naming.HY)
    assert session.catalog.label(target, naming.HY)[:32] in " ".join(labels())
    session.set_naming(naming.AZ)
    assert session.catalog.label(target, naming.AZ)[:32] in " ".join(labels())


def test_places_switch_and_view_state_round_trip(panel, session, qtbot):
    n_actors = len(panel.node_ids)
    panel.set_include_places(True)
    assert len(panel.node_ids) > n_actors
    panel.set_layout("circular")
    panel.set_measure("betweenness")
    panel.set_colour_by("community")
    state = panel.view_state()
    other = NetworkPanel(session)
    qtbot.addWidget(other)
    other.resize(900, 650)
    other.restore_view_state(state)
    assert other.view_state()["layout"] == "circular" and other.include_places and other.measure == "betweenness"
    assert other.colour_by == "community"
    assert panel.legend() and any("community" in meaning for _, meaning in panel.legend())


def test_big_layouts_run_off_the_gui_thread_and_can_be_cancelled(qtbot):
    g = nx.relabel_nodes(nx.gnm_random_graph(1200, 2400, seed=3), lambda i: f"n{i}")
    job = LayoutJob(g)
    seen = []
    job.progress.connect(lambda d, t: seen.append(d))
    with qtbot.waitSignal(job.finished, timeout=30000) as blocker:
        job.start()
    assert len(blocker.args[0]) == 1200 and seen and seen[-1] == seen[-1]
    job2 = LayoutJob(g)
    with qtbot.waitSignal(job2.cancelled, timeout=30000):
        job2.start()
        job2.cancel()


def test_each_selection_restyles_exactly_what_it_touches(panel, session):
    """Selections change only the touched nodes: after each one, every node reads as the touch rule
    says, including the nodes the previous selection touched."""
    tie = panel.model.edge_ids[0]
    sid = session.db.execute("SELECT sentence_id FROM mentions WHERE entity_id = 'russia' LIMIT 1").fetchone()[0]
    for item in ("russia", "turkey", tie, f"sentence:{sid}", "russia"):
        session.select(item, origin="test")
        touch = session.touch
        assert [panel.highlight_level(v) for v in panel.node_ids] == [touch.level(v) for v in panel.node_ids], item
    session.clear_selection()
    assert {panel.highlight_level(v) for v in panel.node_ids} == {0}
    assert len({_brush(panel, v).color().alpha() for v in panel.node_ids}) == 1  # nothing dimmed


def test_clearing_the_selection_takes_the_highlight_off_screen(panel, session, qtbot):
    amber = QColor(theme.current().highlight)
    legend_only = _has_colour(panel.grab().toImage(), amber)  # the legend's "selected" swatch
    session.select("russia", origin="test")
    assert _has_colour(panel.grab().toImage(), amber) > legend_only + 40
    session.clear_selection()
    assert _has_colour(panel.grab().toImage(), amber) == legend_only


def test_a_vector_export_draws_the_nodes_and_the_selection(panel, session):
    from pyqtgraph.exporters import SVGExporter

    session.select("russia", origin="test")
    svg = SVGExporter(panel.graphics_item()).export(toBytes=True).decode()
    assert theme.current().highlight.lower() in svg.lower()
    assert svg.count("<path") >= len(panel.node_ids)


def test_opening_the_panel_on_a_laid_out_store_does_not_need_networkx(store_copy, tmp_path):
    """Positions are cached in the store and sizes are degrees: networkx is left for what needs it."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from karabakh_desktop.gui import app, theme\n"
            "from karabakh_desktop.gui.session import Session\n"
            "from karabakh_desktop.gui.views.network.panel import NetworkPanel\n"
            "a = app.application()\n"
            "p = NetworkPanel(Session(sys.argv[1], follow=False))\n"
            "first = 'networkx' in sys.modules\n"
            "p.set_colour_by('community')\n"
            "print(first, 'networkx' in sys.modules)\n")
    env = dict(__import__("os").environ, QT_QPA_PLATFORM="offscreen", KARABAKH_DESKTOP_HOME=str(tmp_path))
    for _ in range(2):  # the first run lays the graph out and caches it
        out = subprocess.run([sys.executable, "-c", code, str(store_copy)], capture_output=True, text=True,
                             env=env, timeout=120)
    assert out.stdout.split() == ["False", "True"], out.stderr[-2000:]


def test_while_a_big_layout_is_computed_only_the_touched_ties_are_drawn(panel, session, qtbot, monkeypatch):
    """The interim circle of a big graph makes every resting tie a chord (a disc that says nothing,
    and the slowest thing to draw on every change): until the layout lands, only the nodes and the
    selection's ties are drawn."""
    from karabakh_desktop.gui.views.network import panel as network_panel

    monkeypatch.setattr(network_panel, "BIG_GRAPH", 10)  # the memo's graph stands in for a big one
    def tie_pixels():  # pixels in the colours of the tie signs (the legend's swatches have a few)
        img = panel.plot.grab().toImage()
        return sum(_has_colour(img, QColor(theme.SIGN_COLOURS[s])) for s in ("cooperative", "conflictual"))

    def slide_tie_pixels():  # the same in an exported slide: it draws what the screen shows
        from PySide6.QtGui import QImage

        from karabakh_desktop.gui.slides import export

        img = QImage.fromData(export(panel, "png", (960, 540)))
        return sum(_has_colour(img, QColor(theme.SIGN_COLOURS[s])) for s in ("cooperative", "conflictual"))

    legend_only = tie_pixels()  # settled: ties and the legend's swatches
    with qtbot.waitSignal(panel.layoutFinished, timeout=30000):
        panel.recompute_layout()  # starts the background job; nothing is processed before the grab
        during = tie_pixels()
        slide_during = slide_tie_pixels()
    after = tie_pixels()
    assert after > 2 * during and legend_only > 2 * during  # what stays is the legend's swatch
    assert slide_tie_pixels() > 2 * slide_during


def test_resizing_and_fitting_never_re_lay_out_the_network(panel, qtbot):
    def shape():
        xy = panel._scene_xy().copy()
        xy -= xy.mean(axis=0)
        return xy / np.abs(xy).max()

    pos, before = panel.pos.copy(), shape()
    for w, h in ((420, 380), (1300, 500), (700, 900)):
        panel.resize(w, h)
        qtbot.waitUntil(lambda w=w: panel.width() == w)
        panel.fit()
        assert np.array_equal(panel.pos, pos)  # the same positions
        assert np.allclose(shape(), before, atol=1e-6)  # the same picture, only scaled: the aspect is locked


def test_the_legend_names_the_size_measure_only_when_sizes_differ(panel):
    def size_entries():
        return [meaning for meaning, _ in panel.figure.legend_entries() if meaning.startswith("size")]

    assert size_entries() == ["size: degree (number of ties)"]
    panel.set_measure("betweenness")
    assert size_entries() == ["size: betweenness (brokers)"]
    m = panel.figure.model
    m.node_base[:] = 12.0  # every drawn node one size: the size says nothing, the legend neither
    assert size_entries() == []


def test_a_time_window_step_fades_the_names_but_keeps_their_places(panel, session):
    """Play: a window change recolours the names (a faded actor's name fades too) without placing
    them again; a new selection places them again."""
    def labels():
        return {lab.node: lab for lab in panel.labels_item.placed(panel.scatter.sceneTransform())}

    war = "rel-azerbaijan-armenia-war"
    if war not in panel.model.edge_index:
        pytest.skip("the data no longer has this relation")
    session.set_time_window((dt.date(2020, 10, 1), dt.date(2020, 11, 1)))
    before, fade_before = labels(), panel.model.node_fade.copy()
    places = panel.figure._placement[1]
    session.set_time_window((dt.date(1992, 1, 1), dt.date(1992, 2, 1)))
    after = labels()
    assert panel.figure._placement[1] is places  # not laid out again
    assert {i: lab.rect for i, lab in after.items()} == {i: lab.rect for i, lab in before.items()}
    faded = [i for i in after if max(panel.model.node_fade[i], 0.45) < max(fade_before[i], 0.45)]
    assert faded and all(after[i].colour.alpha() < before[i].colour.alpha() for i in faded)
    session.select(panel.model.node_ids[faded[0]], origin="test")
    labels()
    assert panel.figure._placement[1] is not places


def test_a_selection_copies_the_legend_and_a_theme_redraws_it(panel, session, qtbot, monkeypatch):
    """The legend (swatches and a text per entry) is kept as one picture: a selection repaints the
    view around it without painting it again; a theme change draws it again in the theme's colours."""
    from karabakh_desktop.gui.views.network import items

    drawn = []
    real = items.draw_swatch
    monkeypatch.setattr(items, "draw_swatch", lambda p, spec, *a: (drawn.append(spec), real(p, spec, *a)))
    vp = panel.plot.viewport()
    vp.repaint()
    drawn.clear()
    session.select("azerbaijan")
    vp.repaint()
    assert drawn == []  # the view was repainted, the legend copied
    img = vp.grab().toImage()
    r = panel.plot.mapFromScene(panel.legend_item.sceneBoundingRect()).boundingRect()
    light, dark, white = QColor(theme.THEMES["light"].text), QColor(theme.THEMES["dark"].text), QColor("#FFFFFF")
    assert _has_colour(img.copy(r), light) > 20 and _has_colour(img.copy(r), white, tol=10) > 1000  # dark on light
    try:
        with qtbot.waitSignal(session.themeChanged):
            session.set_theme("dark")
        vp.repaint()
        assert len(drawn) == len(panel.legend_item.items)  # each swatch drawn again, once
        img = vp.grab().toImage()
        assert _has_colour(img.copy(r), dark, tol=20) > 20 and _has_colour(img.copy(r), white, tol=10) == 0  # light on dark
    finally:
        session.set_theme("light")


def _legend_pixels(panel):
    vp = panel.plot.viewport()
    r = panel.plot.mapFromScene(panel.legend_item.sceneBoundingRect()).boundingRect().adjusted(-2, -2, 2, 2)
    img = vp.grab().toImage().copy(r).convertToFormat(QImage.Format_RGB32)
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine()).astype(int)


def test_the_legends_picture_is_the_legend_as_its_entries_paint_it(panel, session, monkeypatch):
    from karabakh_desktop.gui.views.network.items import Legend

    session.select("azerbaijan")
    panel.update_legend()  # (pyqtgraph lays a legend out wider once it has been cleared: compare like with like)
    frozen = _legend_pixels(panel)
    lg = panel.legend_item
    assert lg.childItems() and all(child.opacity() == 0.0 for child in lg.childItems())  # Qt skips them
    monkeypatch.setattr(Legend, "freeze", lambda self: None)
    panel.update_legend()  # the same legend, its entries painted one by one (clear: live until frozen)
    lg = panel.legend_item
    assert all(child.opacity() == 1.0 for child in lg.childItems())
    live = _legend_pixels(panel)
    assert (np.abs(live - live[0, 0]).sum(axis=1) > 0).any()  # there is a legend to compare
    assert live.shape == frozen.shape and np.abs(live - frozen).max() <= 2  # (an edge blended once more)


def test_a_vector_rendering_of_the_view_gets_the_legends_entries_themselves(panel, session):
    from PySide6.QtCore import QBuffer, QIODevice, QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    buf = QBuffer()
    buf.open(QIODevice.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(panel.plot.viewport().size())
    p = QPainter(gen)
    panel.plot.scene().render(p, QRectF(), panel.plot.sceneRect())
    p.end()
    svg = bytes(buf.data()).decode("utf-8")
    for name, _ in panel.figure.legend_entries():
        assert escape(name.split(":")[0], quote=False) in svg  # each entry as text, not a picture of it


def test_a_resize_that_changes_the_legends_columns_moves_its_entries_and_draws_them_as_a_fresh_fill(panel, qtbot):
    """At start-up the first resize turns three columns into two: the entries move into the new legend
    (not made again: ~12 ms of start-up), which is frozen and looks as a legend filled at that size."""
    three = panel.legend_item
    assert three.columnCount == 3
    labels = [label for _, label in three.items]
    panel.resize(480, 650)  # two columns fit, three do not
    qtbot.waitUntil(lambda: panel.legend_item.columnCount == 2)
    two = panel.legend_item
    assert two is not three and [label for _, label in two.items] == labels and three.items == []
    assert two._frozen and all(child.opacity() == 0.0 for child in two.childItems())
    moved, geometry = _legend_pixels(panel), two.geometry()
    panel.update_legend()  # filled afresh at this size
    assert panel.legend_item.columnCount == 2 and panel.legend_item.geometry() == geometry
    assert np.array_equal(_legend_pixels(panel), moved)


def _picture(paint, size) -> np.ndarray:
    from PySide6.QtGui import QPainter

    img = QImage(size, QImage.Format_ARGB32_Premultiplied)
    img.fill(QColor("#fafafa"))
    p = QPainter(img)
    paint(p)
    p.end()
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine()).copy()


@pytest.mark.parametrize("name", ["states, governments, leaders", "force & control", "Khankendi / Stepanakert",
                                  "<b>not bold</b>", "Şuşa / Շուշի"])
def test_the_legends_words_are_sized_and_drawn_as_pyqtgraphs_label_of_them(qtbot, name):
    """The legend's words (items.Words: no text document) take the room, and make the pixels, of the
    pyqtgraph LabelItem of the same words the legend had (an HTML span, so escaped), at any scale."""
    import pyqtgraph as pg
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QTransform
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    from karabakh_desktop.gui.views.network.items import Words, legend_font

    colour = QColor("#1f2933")
    label = pg.LabelItem(escape(name), color=colour, justify="left", size="7.5pt")
    words = Words(name, legend_font("7.5pt"), colour)
    assert words.text == name and words.text_size == label.item.boundingRect().size() == label.preferredSize()
    for scale in (1.0, 2.0):
        def draw(item, scale=scale):
            return lambda p: (p.setTransform(QTransform.fromScale(scale, scale)),
                              item.paint(p, QStyleOptionGraphicsItem(), None))
        size = QSize(int(words.text_size.width() * scale) + 4, int(words.text_size.height() * scale) + 4)
        mine, theirs = _picture(draw(words), size), _picture(draw(label.item), size)
        assert (mine != mine[0, 0]).any() and np.array_equal(mine, theirs)
