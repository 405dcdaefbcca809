"""Slides read from the back of a room: lane names never collide, the publication date keeps clear
of the marks, a long period does not stretch the timeline's frame, and a framed network shows its
nodes and names whole (the selection's name never cut)."""

import datetime as dt

import pytest
from PySide6.QtCore import QRectF

from karabakh_desktop.core import timeline_layout as tl
from karabakh_desktop.core.views import framing
from karabakh_desktop.core.views import timeline as tv
from karabakh_desktop.gui import slides as ex
from karabakh_desktop.gui.panels import PANELS, make_panel
from karabakh_desktop.gui.views.frame import slide_view

DAY = 86400.0
BODY = QRectF(0, 0, 1856, 360)  # a timeline along the bottom of a 1080p scene slide
SCENE_2 = ["joint-statement", "russian-peacekeepers"]  # the starter briefing's second scene


def _panel(session, qtbot, pid, size=(900, 600)):
    panel = make_panel(next(s for s in PANELS if s.panel_id == pid), session)
    qtbot.addWidget(panel)
    panel.resize(*size)
    return panel


# --- the rules (no Qt) ---------------------------------------------------------------------------------
def test_lane_names_are_nudged_apart_within_their_lanes():
    lanes = [(0, 100), (100, 140), (140, 160), (160, 178)]  # the last two thinner than a name
    rows = tv.lane_label_rows(lanes, 24.0, 0, 178)
    assert None not in rows
    assert all(b - a >= 24.0 - 1e-9 for a, b in zip(rows, rows[1:]))  # no two names overlap
    assert all(lo <= y <= hi for y, (lo, hi) in zip(rows, lanes))  # each beside its own lane
    assert rows[-1] + 12 <= 178  # and inside the plot


def test_lanes_too_thin_for_their_names_lose_the_thinnest_names_never_overlap():
    lanes = [(0, 100), (100, 110), (110, 118), (118, 130)]
    rows = tv.lane_label_rows(lanes, 24.0, 0, 130)
    shown = [y for y in rows if y is not None]
    assert rows[0] is not None and rows[2] is None  # the thinnest goes first
    assert len(shown) < len(lanes)
    assert all(b - a >= 24.0 - 1e-9 for a, b in zip(shown, shown[1:]))


def test_a_long_period_is_framed_by_its_start_unless_everything_is_long():
    year = 365 * DAY
    spans = [(100 * DAY, 101 * DAY), (101 * DAY, 101 * DAY + 5 * year)]  # a statement and a five-year mission
    a, b = framing.time_span(spans, margin=0.1, min_span=60 * DAY, long_span=year)
    assert a < 100 * DAY and 101 * DAY < b < 150 * DAY
    a, b = framing.time_span(spans[1:], margin=0.0, min_span=0.0, long_span=year)  # only the long one
    assert (a, b) == spans[1]


def test_a_box_with_extents_holds_every_point_with_its_pixels():
    items = [(0.0, 0.0, 10, 300, 12, 12), (1.0, 0.5, 10, 200, 12, 12), (-1.0, -0.5, 30, 30, 30, 30)]
    w, h, pad = 900.0, 400.0, 18.0
    x0, x1, y0, y1 = framing.box_with_extents(items, w, h, pad=pad)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(w / h)
    s = (x1 - x0) / w  # units per pixel
    for x, y, left, right, below, above in items:
        assert x0 + pad * s - 1e-9 <= x - left * s and x + right * s <= x1 - pad * s + 1e-9
        assert y0 + pad * s - 1e-9 <= y - below * s and y + above * s <= y1 - pad * s + 1e-9
    assert framing.box_with_extents([(0, 0, 10, 2000, 5, 5)], w, h) is None  # wider than the plot


# --- the rendered slides ----------------------------------------------------------------------------------
def _draw_timeline(panel, view=None):
    from PySide6.QtGui import QImage, QPainter

    img = QImage(int(BODY.width()), int(BODY.height()), QImage.Format_ARGB32)
    p = QPainter(img)
    panel.paint_figure(p, BODY, view)
    p.end()
    return panel._export_figure


def test_a_thin_timeline_names_every_lane_it_can_without_overlap(session, qtbot):
    panel = _panel(session, qtbot, "timeline")
    session.set_selection(["shusha"], origin="test")
    fig = _draw_timeline(panel)
    from PySide6.QtGui import QFontMetricsF

    line = QFontMetricsF(fig.style.font(max(9.5, fig.style.label_pt))).height()
    rows = sorted(y for y in fig.last_lane_rows.values() if y is not None)
    assert len(rows) >= 5
    assert all(b - a >= line - 0.01 for a, b in zip(rows, rows[1:]))


def test_the_publication_date_has_its_own_band_above_the_marks(session, qtbot):
    panel = _panel(session, qtbot, "timeline")
    session.set_selection(SCENE_2, origin="test")
    pub = tl.seconds(panel.published)
    fig = _draw_timeline(panel, ((pub - 400 * DAY, pub + 400 * DAY), tuple(panel.view.viewRange()[1])))
    left, top, right, bottom = fig.last_publication_box
    assert bottom <= fig.last_plot.top()  # marks are cut to the plot: none reaches the words
    assert fig.last_plot.left() <= left and right <= fig.last_plot.right()
    for a, t, b, btm in fig.last_labels.values():  # nor does an event's name
        assert t >= bottom or btm <= top or b <= left or a >= right


def test_scene_2_frames_november_2020_and_shows_the_mission_running_on(session, qtbot):
    panel = _panel(session, qtbot, "timeline")
    session.set_selection(SCENE_2, origin="test")
    (a, b), _ = slide_view(panel, BODY)
    statement = tl.seconds(dt.date(2020, 11, 10))
    assert a < statement < b and b - a <= 120 * DAY  # weeks around the statement, not 2020–2026
    fig = _draw_timeline(panel, slide_view(panel, BODY))
    assert fig.last_continuations  # the five-year mission ends in an arrow at the edge, with its date
    box = fig.last_continuations[0]
    assert box[2] <= fig.last_plot.right() + 2
    for la, lt, lb, lbtm in fig.last_labels.values():  # and no event's name covers that date
        assert lt >= box[3] or lbtm <= box[1] or lb <= box[0] or la >= box[2]


def _paint_network_slide(panel):
    """Paint the network as the main view of a scene slide (framed); the figure that drew it."""
    from PySide6.QtGui import QImage, QPainter

    body = QRectF(0, 0, 1150, 480)
    img = QImage(int(body.width()), int(body.height()), QImage.Format_ARGB32)
    p = QPainter(img)
    view = slide_view(panel, body)
    panel.paint_figure(p, body, view)
    p.end()
    panel._export_figure.test_shown = getattr(view, "shown", None)  # the nodes a view of a few draws
    return panel._export_figure


@pytest.mark.parametrize("selection", [SCENE_2, ["shusha"]])
def test_a_framed_network_shows_its_nodes_and_names_whole(session, qtbot, selection):
    from karabakh_desktop.core.views import framing as fr

    panel = _panel(session, qtbot, "network")
    session.set_selection(selection, origin="test")
    ex.render_image(panel, (1920, 1080), frame=True)  # warm up the figure the slide keeps
    fig, m = _paint_network_slide(panel), panel.model
    w, h = fig.last_size
    vis = [m.node_ids[i] for i in range(len(m.node_ids)) if m.node_visible[i]]
    edges = list(zip((m.node_ids[a] for a in m.edge_src.tolist()), (m.node_ids[b] for b in m.edge_dst.tolist())))
    framed = fr.neighbourhood(edges, session.touch.selected, vis)
    assert framed
    for n in framed:
        i = m.node_ids.index(n)
        (x, y), r = fig.last_xy[i], m.node_size[i] * fig.style.mark_scale / 2
        assert r <= x <= w - r and r <= y <= h - r, n  # never cut at the figure's edge
    named = {lab.node: lab for lab in fig.last_labels}
    for n in session.touch.selected:
        if n in m.node_ids:
            lab = named[m.node_ids.index(n)]
            assert "…" not in lab.text  # the selection's name is whole (on two lines if long)
            assert lab.text.replace("\n", " ") == session.label(n)
            assert lab.rect.left() >= 0 and lab.rect.right() <= w and lab.rect.top() >= 0 and lab.rect.bottom() <= h


@pytest.mark.parametrize("selection", [SCENE_2, []], ids=["scene 2, framed", "the whole network"])
def test_every_node_on_a_network_slide_is_named_or_numbered_in_its_key(session, qtbot, selection):
    """Before: scene 2's slide drew a context node beside "Trilateral statement…" with no name: the
    label placer found no free spot around it (the selection's bold names and ties fill them) and
    dropped it, silently. Now a node the placer cannot name carries a number, and the figure's key
    says whose it is."""
    from karabakh_desktop.core.views.network import label_text

    panel = _panel(session, qtbot, "network")
    session.set_selection(selection, origin="test")
    fig, m = _paint_network_slide(panel), panel.model
    w, h = fig.last_size
    named = {lab.node for lab in fig.last_labels}
    numbered = dict(getattr(fig, "last_unnamed", ()))  # node → its number
    shown = m.node_visible if fig.test_shown is None else m.node_visible & fig.test_shown
    drawn = [i for i in range(len(m.node_ids)) if shown[i] and 0 <= fig.last_xy[i][0] <= w
             and 0 <= fig.last_xy[i][1] <= h]
    counted = getattr(fig, "last_unnumbered", 0)  # past the key's lines it counts them: "+N more"
    assert len([i for i in drawn if i not in named and i not in numbered]) == counted
    assert not named & set(numbered)
    assert sorted(numbered.values()) == list(range(1, len(numbered) + 1))
    for i, n in numbered.items():  # the key names each number, and sits inside the figure
        assert f"{n} {label_text(session.label(m.node_ids[i]))}" in fig.last_key_text
    if counted:
        assert f"+{counted} more" in fig.last_key_text
    if selection:  # a scene's framed slide: every node named or numbered, none only counted
        assert counted == 0
    if numbered:
        key = fig.last_key_rect
        assert key.left() >= 0 and key.top() >= 0 and key.right() <= w and key.bottom() <= h


def test_a_scene_network_cell_shows_the_selection_and_its_ties_apart_and_named(session, qtbot):
    """Before (issue 17l): the "Corridors" scene's network cell drew the whole network faded behind
    the two corridors — dozens of unrelated nodes piled on one another and a key "+71 more" of nodes
    without a name. A scene's network cell shows the selection and its ties only, laid out for the
    cell: every node drawn is selected or tied to the selection, none covers another, all are named."""
    cells = {title: rest for title, *rest in _scene_network_cells(session, qtbot, only="Corridors")}
    assert len(cells) == 1  # a cell the scene leaves to framing
    fig, m, drawn = next(iter(cells.values()))
    ids = {m.node_ids[i] for i in drawn}
    selected = set(session.touch.selected)
    assert selected & ids == {"lachin-corridor", "zangezur-corridor"}
    tied = {b if a in selected else a for a, b in
            zip((m.node_ids[x] for x in m.edge_src.tolist()), (m.node_ids[y] for y in m.edge_dst.tolist()))
            if a in selected or b in selected}
    assert ids <= selected | tied  # nothing unrelated, faded behind them
    for n, i in enumerate(drawn):  # no node hides another
        for j in drawn[n + 1:]:
            ri, rj = (m.node_size[k] * fig.style.mark_scale / 2 for k in (i, j))
            assert ((fig.last_xy[i] - fig.last_xy[j]) ** 2).sum() ** 0.5 >= ri + rj, (m.node_ids[i], m.node_ids[j])
    assert {lab.node for lab in fig.last_labels} >= set(drawn)  # every one named in full: no key of numbers
    assert not fig.last_unnamed and not fig.last_unnumbered


def test_separate_moves_discs_apart_inside_the_area():
    pts = [(50.0, 50.0), (52.0, 50.0), (50.0, 50.0), (195.0, 95.0)]  # two nearly on one spot, one on another
    radii = [20.0, 15.0, 10.0, 30.0]
    xy = framing.separate(pts, radii, 200.0, 100.0, gap=4.0)
    for i in range(len(pts)):
        assert radii[i] <= xy[i][0] <= 200 - radii[i] and radii[i] <= xy[i][1] <= 100 - radii[i]
        for j in range(i + 1, len(pts)):
            assert ((xy[i] - xy[j]) ** 2).sum() ** 0.5 >= radii[i] + radii[j] + 4.0 - 1e-6


def _scene_network_cells(session, qtbot, only: str = ""):
    """Every starter scene (``only``: whose title starts so) whose slide has a network cell left to
    framing: (title, figure, model, drawn node indices), as the slide draws them at 1920×1080."""
    from karabakh_desktop import paths
    from karabakh_desktop.core import scenes as scene_store
    from karabakh_desktop.core import starter
    from karabakh_desktop.gui.briefing import SceneBoard

    ids = {r[0] for r in session.db.execute("SELECT id FROM items")}
    board = SceneBoard(session)
    qtbot.addWidget(board)
    out = []
    for title, caption, state in starter.read(paths.data_dir(), ids):
        if not title.startswith(only):
            continue
        board.apply(scene_store.add(session.db, title, state.to_json(), caption))
        if "network" not in board.shown or "network" not in board.framed:
            continue
        ex.render_image(board, (1920, 1080))
        panel = board.panels["network"]
        fig, m = panel._export_figure, panel.model
        w, h = fig.last_size
        drawn = [i for i in range(len(m.node_ids)) if m.node_visible[i] and 0 <= fig.last_xy[i][0] <= w
                 and 0 <= fig.last_xy[i][1] <= h]
        out.append((title, fig, m, drawn))
    return out


def test_scene_network_cells_spread_their_nodes_and_keep_names_off_other_nodes(session, qtbot):
    """Before: the "Corridors" cell crowded its five nodes into its lower left (their centres spread
    over a fifth of its width), Russia's and Azerbaijan's discs nearly touching and Azerbaijan's name
    over Russia's disc, the rest of the cell empty. Now every scene's network cell spreads its nodes
    over its room, with room between the discs (as drawn, with the selection's ring) and no name on
    another node."""
    cells = _scene_network_cells(session, qtbot)
    assert any(t.startswith("Corridors") for t, *_ in cells)
    for title, fig, m, drawn in cells:
        w, h = fig.last_size
        xy = fig.last_xy
        radius = {i: m.node_size[i] * fig.style.mark_scale / 2 + 3 for i in drawn}
        for n, i in enumerate(drawn):
            for j in drawn[n + 1:]:
                d = float(((xy[i] - xy[j]) ** 2).sum() ** 0.5)
                assert d >= radius[i] + radius[j] + 8, (title, m.node_ids[i], m.node_ids[j])
        for lab in fig.last_labels:
            for j in drawn:
                if j == lab.node:
                    continue
                r = lab.rect
                nx, ny = min(max(xy[j][0], r.left()), r.right()), min(max(xy[j][1], r.top()), r.bottom())
                assert (nx - xy[j][0]) ** 2 + (ny - xy[j][1]) ** 2 > radius[j] ** 2, (title, lab.text, m.node_ids[j])
        if len(drawn) >= 3:  # over the cell's room, not in a corner of it
            span = xy[drawn].max(axis=0) - xy[drawn].min(axis=0)
            assert span[0] >= 0.4 * w and span[1] >= 0.4 * h, (title, span, (w, h))


def test_spread_uses_the_room_and_keeps_names_clear():
    pts = [(0.0, 0.0), (0.1, 0.0), (0.05, 0.02), (5.0, 5.0)]  # three crowded, one far away
    radii, labels = [20.0, 15.0, 12.0, 18.0], [(120.0, 20.0), (60.0, 20.0), (0.0, 0.0), (200.0, 40.0)]
    xy = framing.spread(pts, radii, labels, 600.0, 300.0, pad=10.0, gap=8.0)
    for i, ((x, y), r, (lw, lh)) in enumerate(zip(xy, radii, labels)):
        assert 10 + r <= x + 1e-6 and x + r + (2 + lw if lw else 0) <= 590 + 1e-6, i
        assert 10 + max(r, lh / 2) <= y + 1e-6 <= 290 - max(r, lh / 2) + 2e-6, i
        for j in range(i + 1, len(pts)):
            assert ((xy[i] - xy[j]) ** 2).sum() ** 0.5 >= r + radii[j] + 4, (i, j)
    assert xy[:3, 0].max() - xy[:3, 0].min() > 100  # the crowded three are spread, not left in a corner


def test_a_window_slide_with_nothing_selected_names_every_node_its_network_cell_draws(window):
    """Before: with nothing selected the window slide's network cell drew all 48 nodes in a third of
    the slide's width — a pile of discs, a node cut at the top and a key "Not named for room: 1 …
    2 … +39 more". Now the cell shows the most connected nodes that fit, each named, apart, with
    the ties among them, and says at its foot how many of how many it shows (an SVG's text)."""
    import re
    import xml.etree.ElementTree as ET

    assert not window.session.touch.selected
    svg = ex.export(window, "svg", (1920, 1080), frame=True)
    panel = window._kd_slide_board.panels["network"]
    fig, m = panel._export_figure, panel.model
    w, h = fig.last_size
    named = {lab.node for lab in fig.last_labels}
    words = " ".join(t.text or "" for t in ET.fromstring(svg).iter() if t.tag.endswith("text"))
    said = re.search(r"Shown: the (\d+) most connected of (\d+) nodes and the ties among them", words)
    assert said, words[-400:]
    shown, total = int(said.group(1)), int(said.group(2))
    assert total == int(m.node_visible.sum()) > shown >= 4  # honest: how many of how many
    assert not fig.last_unnamed and not fig.last_unnumbered and "more" not in fig.last_key_text
    order = m.label_order(panel.state.measure)
    assert named == set(order[:shown])  # the most connected, every one named
    xy, r = fig.last_xy, m.node_size * fig.style.mark_scale / 2
    for n, i in enumerate(sorted(named)):
        assert r[i] <= xy[i][0] <= w - r[i] and r[i] <= xy[i][1] <= h - r[i]  # none cut at the cell's edge
        for j in sorted(named)[n + 1:]:
            assert ((xy[i] - xy[j]) ** 2).sum() ** 0.5 >= r[i] + r[j] + 8, (m.node_ids[i], m.node_ids[j])
