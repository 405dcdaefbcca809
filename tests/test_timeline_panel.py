"""The timeline panel: marks on a date axis, selection, and the app-wide time window."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF

from karabakh_desktop.core import activity, naming
from karabakh_desktop.core import timeline_layout as tl
from karabakh_desktop.gui import theme
from karabakh_desktop.gui.views.timeline.names import NameGeometry
from karabakh_desktop.gui.views.timeline.panel import TimelinePanel

D = dt.date



@pytest.fixture
def panel(show_panel, session):
    return show_panel(TimelinePanel(session), 1100, 420)


def segments(panel, event_id):
    """(kind, x0, x1, y) of each drawn segment of an event, in view coordinates."""
    L = panel.layout
    i = panel.event_pos[event_id]
    out = []
    for s in np.flatnonzero(panel._seg_event == i):
        out.append((int(L.seg_kind[s]), float(L.seg_x0[s]), float(L.seg_x1[s]), float(L.mark_y[L.seg_mark[s]])))
    return out


def drawn_rect(panel, event_id):
    """The rectangle the bar item paints for the event's (first) bar or fuzzy segment."""
    i = panel.event_pos[event_id]
    bar_segs = panel._bar_segs
    k = int(np.flatnonzero(panel._seg_event[bar_segs] == i)[0])
    return panel.marks.rect(k)


def widget_pos(panel, x, y):
    scene = panel.view.mapViewToScene(QPointF(x, y))
    return panel.plot.mapFromScene(scene)


def pixel(panel, x, y) -> QColor:
    img = panel.plot.grab().toImage()
    p = widget_pos(panel, x, y)
    return img.pixelColor(p.x(), p.y())


def test_a_period_is_drawn_from_its_start_to_its_end(panel, qapp):
    rect = drawn_rect(panel, "war-2020")
    assert rect.left() == tl.seconds(D(2020, 9, 27))
    assert rect.right() == tl.seconds(D(2020, 11, 11))  # to the end of its last day, 10 November
    assert [k for k, *_ in segments(panel, "war-2020")] == [tl.BAR]
    # and the user sees it there: coloured just inside both ends, background just outside
    panel.show_range(D(2020, 9, 1), D(2020, 12, 1))
    qapp.processEvents()
    y = rect.center().y()
    bg = QColor(theme.current().base)
    inside = [pixel(panel, tl.seconds(D(2020, 9, 28)), y), pixel(panel, tl.seconds(D(2020, 11, 10)), y)]
    outside = [pixel(panel, tl.seconds(D(2020, 9, 23)), y), pixel(panel, tl.seconds(D(2020, 11, 15)), y)]
    assert all(c != bg for c in inside)
    assert all(c == bg for c in outside)


def test_a_month_precision_event_covers_the_month_as_a_fuzzy_span(panel):
    segs = segments(panel, "armenian-political-crisis")  # "November 2020"
    assert [(k, x0, x1) for k, x0, x1, _ in segs] == [
        (tl.FUZZY, tl.seconds(D(2020, 11, 1)), tl.seconds(D(2020, 12, 1)))]
    # drawn hatched with a dashed outline (never as a point on a false exact day), unlike a certain period
    [(pen, _, hatch)] = panel.drawn("armenian-political-crisis")
    assert pen.style() == Qt.DashLine and hatch.style() == Qt.BDiagPattern
    [(pen, _, hatch)] = panel.drawn("war-2020")
    assert pen.style() == Qt.SolidLine and hatch is None


def test_a_period_with_year_precision_gets_fuzzy_ends(panel):
    segs = segments(panel, "russian-military-absence-since-1992")  # 1992 – 2020, to the year
    assert [k for k, *_ in segs] == [tl.FUZZY, tl.BAR, tl.FUZZY]
    assert segs[0][1] == tl.seconds(D(1992, 1, 1)) and segs[-1][2] == tl.seconds(D(2021, 1, 1))


def test_clicking_an_event_selects_it_and_ctrl_adds(panel, session, qtbot):
    panel.show_range(D(2020, 9, 1), D(2020, 12, 1))
    _, x0, x1, y = segments(panel, "war-2020")[0]
    with qtbot.waitSignal(session.selectionChanged):
        qtbot.mouseClick(panel.plot.viewport(), Qt.LeftButton, pos=widget_pos(panel, (x0 + x1) / 2, y))
    assert list(session.selection.items) == ["war-2020"]
    assert panel.highlight_level("war-2020") == 2
    _, x0, x1, y = segments(panel, "capture-of-shusha")[0]
    with qtbot.waitSignal(session.selectionChanged):
        qtbot.mouseClick(panel.plot.viewport(), Qt.LeftButton, Qt.ControlModifier,
                         pos=widget_pos(panel, (x0 + x1) / 2, y))
    assert set(session.selection.items) == {"war-2020", "capture-of-shusha"}


def test_selection_highlights_touched_and_dims_the_rest(panel, session):
    session.select("capture-of-shusha")
    assert panel.highlight_level("capture-of-shusha") == 2
    assert panel.highlight_level("crimea-annexation") == 0
    [(pen, brush, _)] = panel.drawn("crimea-annexation")
    assert pen.color().alpha() < 120  # faded
    session.select("shusha")  # the place touches the events there
    assert panel.highlight_level("capture-of-shusha") == 1
    assert panel.highlight_level("shusha-declaration-signed") == 1
    assert panel.highlight_level("august-2008-war") == 0
    assert panel.highlight_level("shusha") is None  # not drawn here


def test_selftest_pick_selects_through_the_click_handler(panel, session):
    picked = panel.selftest_pick()
    assert list(session.selection.items) == [picked]
    assert panel.highlight_level(picked) == 2


def test_context_events_look_different(panel):
    ctx = panel.drawn("crimea-annexation")[0][1].color()
    memo = panel.drawn("capture-of-shusha")[0][1].color()
    assert ctx.rgb() == QColor(theme.current().base).rgb()  # hollow
    assert memo.rgb() != QColor(theme.current().base).rgb()
    assert any("context" in meaning for _, meaning in panel.legend())


def test_hover_tooltip_states_date_precision_place_people_and_quote(panel):
    tip = panel.tooltip("august-2008-war")
    assert "Aug 2008" in tip and "to the month" in tip
    assert "South Ossetia" in tip and "Russia" in tip and "Georgia" in tip
    assert "analogous to that in South Ossetia" in tip
    assert "exact day" in panel.tooltip("capture-of-shusha")


def test_actor_lanes_put_an_event_in_each_participants_lane(panel, session):
    panel.set_lanes("actor")
    i = panel.event_pos["joint-statement-signed"]
    lanes = {panel.layout.lanes[int(panel.layout.mark_lane[m])].key for m in panel.layout.marks_of[i]}
    parts = set(panel.events.participants[i])
    assert lanes == parts and len(lanes) >= 2
    ticks = dict(panel.lane_axis._tickLevels[0])
    assert session.label("russia") in ticks.values()
    panel.set_lanes("category")
    assert {ln.key for ln in panel.layout.lanes} >= {"military", "diplomatic"}


def test_the_publication_date_is_marked(panel):
    assert panel.published == D(2021, 8, 23)
    assert panel.pub_line.value() == pytest.approx(tl.seconds(D(2021, 8, 23)) + tl.DAY / 2)
    assert any("23 Aug 2021" in lab.textItem.toPlainText() for lab in panel.pub_labels)


def test_brushing_sets_the_shared_window_and_clear_removes_it(panel, session, qtbot):
    with qtbot.waitSignal(session.timeWindowChanged):
        panel._on_brush(tl.seconds(D(2020, 9, 27)) + 3600, tl.seconds(D(2020, 11, 11)) - 3600, True)
    assert session.time_window == (D(2020, 9, 27), D(2020, 11, 11))  # snapped to whole days
    assert panel.region.isVisible()
    assert panel.region.getRegion() == (tl.seconds(D(2020, 9, 27)), tl.seconds(D(2020, 11, 11)))
    with qtbot.waitSignal(session.timeWindowChanged):
        panel.clear_window_btn.click()
    assert session.time_window is None and not panel.region.isVisible()


def test_a_window_dims_inactive_events_and_marks_possibly_active_ones(panel, session):
    before = panel.drawn("crimea-annexation")[0][1].color().alpha()
    session.set_time_window((D(2020, 11, 1), D(2020, 11, 16)))
    states = activity.states(session.db, session.time_window)
    assert states["capture-of-shusha"] == "active"
    assert states["crimea-annexation"] == "inactive"
    assert states["armenian-political-crisis"] == "possibly"
    alpha = lambda e: panel.drawn(e)[0][0].color().alpha()  # noqa: E731
    assert alpha("crimea-annexation") < alpha("capture-of-shusha")
    after = panel.drawn("crimea-annexation")[0][1].color().alpha()
    assert after < before
    # the half-covered month is drawn dotted: possibly, not dropped
    [(pen, _, _)] = panel.drawn("armenian-political-crisis")
    assert pen.style() == Qt.DotLine and pen.color().alpha() > 0


def test_the_memo_panel_dims_mentions_inactive_in_the_window(qtbot, session):
    from karabakh_desktop.gui.memo_panel import MemoPanel

    memo = MemoPanel(session)
    qtbot.addWidget(memo)
    muted = QColor(theme.current().muted)

    def dimmed(entity):
        spans = {(a, b) for a, b, e in memo.mentions if e == entity}
        return any((s.cursor.selectionStart(), s.cursor.selectionEnd()) in spans
                   and s.format.foreground().color() == muted for s in memo.view.extraSelections())

    session.set_time_window((D(2014, 3, 1), D(2014, 4, 1)))
    assert dimmed("shusha") and not dimmed("crimea")
    session.set_time_window(None)
    assert not dimmed("shusha")


def test_step_and_play_move_the_window(panel, session, qtbot):
    panel.step_box.setCurrentIndex(panel.step_box.findData("month"))
    session.set_time_window((D(2020, 9, 27), D(2020, 10, 27)))
    panel.step_window(+1)
    assert session.time_window == (D(2020, 10, 27), D(2020, 11, 27))
    panel.step_window(-1)
    assert session.time_window == (D(2020, 9, 27), D(2020, 10, 27))
    panel._play.setInterval(1)
    panel.play_btn.setChecked(True)
    qtbot.waitUntil(lambda: session.time_window[0] >= D(2020, 12, 27), timeout=3000)
    panel.play_btn.setChecked(False)
    assert not panel._play.isActive()
    # the window stays in view while it moves
    (x0, x1), _ = panel.view.viewRange()
    assert x0 <= tl.seconds(session.time_window[0]) and tl.seconds(session.time_window[1]) <= x1


def test_view_state_round_trips(panel, session, qtbot):
    panel.set_lanes("actor")
    panel.show_range(D(2020, 9, 27), D(2020, 11, 11))
    session.set_time_window((D(2020, 10, 1), D(2020, 10, 8)))
    state = panel.view_state()
    panel.set_lanes("category")
    panel.fit_all()
    session.set_time_window(None)
    panel.restore_view_state(state)
    assert panel.lanes_mode == "actor"
    assert session.time_window == (D(2020, 10, 1), D(2020, 10, 8))
    assert panel.view.viewRange()[0] == pytest.approx(state["x"])


def test_graphics_item_is_the_plot_for_svg_export(panel):
    import pyqtgraph as pg
    from pyqtgraph.exporters import SVGExporter

    item = panel.graphics_item()
    assert isinstance(item, pg.GraphicsWidget)  # the view with its two axes (no PlotItem: see plain_view)
    assert panel.view.parentItem() is item and panel.axis.parentItem() is item and panel.lane_axis.parentItem() is item
    svg = SVGExporter(item).export(toBytes=True)
    assert b"<svg" in svg and len(svg) > 2000


def test_a_window_brushed_on_the_timeline_filters_the_network_and_the_map(qtbot, panel, session):
    from karabakh_desktop.gui.views.map.panel import MapPanel
    from karabakh_desktop.gui.views.network.panel import NetworkPanel

    net, geo = NetworkPanel(session), MapPanel(session)
    for w in (net, geo):
        qtbot.addWidget(w)
        w.resize(600, 400)
        w.show()

    def node_alpha(actor):
        return net.figure.node_look(net.node_index[actor])[1].color().alpha()

    def place_alpha(place):  # on the map as shown (the region layer)
        return geo.marker_look(place, "region")[0].color().alpha()

    assert node_alpha("nikol-pashinyan") == node_alpha("russia")
    assert place_alpha("shusha") == place_alpha("karabakh")
    # March 2014: the annexation of Crimea, Russia's long absence from Karabakh (1992–2020);
    # nothing yet in Shusha, nothing of Pashinyan's
    with qtbot.waitSignal(session.timeWindowChanged):
        panel._on_brush(tl.seconds(D(2014, 3, 1)), tl.seconds(D(2014, 4, 1)), True)
    states = activity.states(session.db, session.time_window)
    assert (states["russia"], states["nikol-pashinyan"]) == ("active", "inactive")
    assert (states["karabakh"], states["shusha"]) == ("active", "inactive")
    assert node_alpha("nikol-pashinyan") < node_alpha("russia") / 2
    assert place_alpha("shusha") < place_alpha("karabakh") / 2
    panel.clear_window_btn.click()
    assert node_alpha("nikol-pashinyan") == node_alpha("russia")
    assert place_alpha("shusha") == place_alpha("karabakh")


def test_the_default_view_shows_the_dense_period_and_fit_all_the_rest(panel):
    (x0, x1), _ = panel.view.viewRange()
    first, last = tl.day_at(x0), tl.day_at(x1)
    assert D(2020, 1, 1) < first < D(2020, 9, 27) and D(2021, 8, 23) < last < D(2022, 6, 1)  # the war to the memo
    panel.fit_all()
    (x0, x1), _ = panel.view.viewRange()
    assert tl.day_at(x0) < D(1989, 1, 1)


def test_axis_labels_never_run_together(panel):
    from PySide6.QtGui import QFontMetrics

    fm = QFontMetrics(panel.axis.style["tickFont"])
    for days in (20, 120, 700, 4000, 15000):
        x0 = tl.seconds(D(2020, 1, 1))
        panel.view.setXRange(x0, x0 + days * tl.DAY, padding=0)
        (a, b), _ = panel.view.viewRange()
        width = panel.axis.width() or panel.view.width()
        values = panel.axis.tickValues(a, b, width)[0][1]
        labels = panel.axis.tickStrings(values, 1, 1)
        assert len(values) >= 2 and all(labels)
        xs = [(v - a) / (b - a) * width for v in values]
        for (xl, tl_), (xr, tr) in zip(zip(xs, labels), list(zip(xs, labels))[1:]):
            assert xr - xl > (fm.horizontalAdvance(tl_) + fm.horizontalAdvance(tr)) / 2 + 4, (tl_, tr)


def test_the_lanes_scroll(panel, qtbot):
    panel.resize(900, 200)  # a laptop's short dock
    qtbot.waitUntil(lambda: panel.lane_scroll.isVisible())
    sb = panel.lane_scroll
    assert sb.maximum() > 0
    _, (top, bottom) = panel.view.viewRange()
    sb.setValue(sb.maximum())
    _, (top2, bottom2) = panel.view.viewRange()
    assert top2 > top and bottom2 == pytest.approx(panel.layout.height + 0.3, abs=0.2)
    assert bottom2 - top2 == pytest.approx(bottom - top)
    panel.resize(900, 1400)
    qtbot.waitUntil(lambda: not panel.lane_scroll.isVisible())  # all lanes fit: no scroll bar


def test_set_window_uses_the_selections_span(panel, session):
    e = next(i for i in panel.events.ids if panel.event_pos[i] is not None and
             panel.events.m1[panel.event_pos[i]] - panel.events.m0[panel.event_pos[i]] > 1)
    session.select(e)
    panel.set_window_btn.click()
    i = panel.event_pos[e]
    assert session.time_window == (D.fromordinal(int(panel.events.m0[i])), D.fromordinal(int(panel.events.m1[i])))
    session.set_time_window(None)
    session.clear_selection()
    messages = []
    session.status.connect(messages.append)
    panel.set_window_btn.click()
    assert session.time_window is None and "select" in messages[-1]


def test_play_stops_after_the_last_event_and_pause_has_a_glyph(panel, session, qtbot):
    from PySide6.QtGui import QFontMetrics

    panel.step_box.setCurrentIndex(panel.step_box.findData("year"))
    last = panel.model.last_start()
    session.set_time_window((D(last.year - 1, 1, 1), D(last.year, 1, 1)))
    panel._play.setInterval(1)
    panel.play_btn.setChecked(True)
    fm = QFontMetrics(panel.play_btn.font())
    assert all(fm.inFontUcs4(ord(ch)) for ch in panel.play_btn.text() if not ch.isspace())
    qtbot.waitUntil(lambda: not panel.play_btn.isChecked(), timeout=5000)
    assert session.time_window[0] <= last  # never on into empty years
    assert panel.play_btn.text() == "▶ Play"


def test_dots_scale_with_the_screen(panel, monkeypatch):
    from PySide6.QtGui import QImage, QPainter

    sizes = []
    fig = panel.figure
    real = fig.draw_dots
    monkeypatch.setattr(fig, "draw_dots", lambda p, groups, smooth=True: (sizes.append(fig.style.mark_scale),
                                                                             real(p, groups, smooth)))
    for dpr in (1.0, 2.0):
        img = QImage(200, 200, QImage.Format_ARGB32)
        img.setDevicePixelRatio(dpr)
        p = QPainter(img)
        panel.marks.paint(p)
        p.end()
    assert sizes == [1.0, 2.0]  # cosmetic pens are device pixels: twice as many on a screen scaled by 2
    assert fig.style.mark_scale == 1.0


def _labels_after_paint(panel, qapp):
    panel.plot.grab()  # a real paint of the view: the marks item names the events in view
    return panel.figure.last_labels


def test_a_time_window_step_keeps_the_names_where_they_are_and_a_selection_places_them_again(panel, session, qapp):
    session.set_time_window((D(2020, 9, 27), D(2020, 10, 27)))
    first = _labels_after_paint(panel, qapp)
    assert first
    session.set_time_window((D(2020, 10, 27), D(2020, 11, 27)))  # what Play does: the names stay, not laid out again
    assert _labels_after_paint(panel, qapp) is first
    event = next(e for e in panel.events.ids if panel.event_pos[e] not in {ev for ev, _ in first})
    day = D.fromordinal(int(panel.events.m0[panel.event_pos[event]]))
    panel.show_range(day - dt.timedelta(days=20), day + dt.timedelta(days=20))
    session.select(event)  # a new selection: laid out again, the selected event named
    named = _labels_after_paint(panel, qapp)
    assert named is not first and panel.event_pos[event] in {ev for ev, _ in named}
    session.clear_selection()  # and cleared: no longer named as the selection (laid out again)
    assert _labels_after_paint(panel, qapp) is not named


def test_play_does_not_queue_steps_when_each_step_is_slow(panel, session, qtbot):
    """A step slower than Play's pace delays the next one; steps never pile up behind it, and none
    comes after Pause."""
    import time

    steps = []

    def slow(window, origin):
        steps.append(window)
        end = time.perf_counter() + 0.03  # a panel that takes 30 ms over each step
        while time.perf_counter() < end:
            pass

    session.timeWindowChanged.connect(slow)
    panel.step_box.setCurrentIndex(panel.step_box.findData("day"))
    session.set_time_window((D(2020, 9, 27), D(2020, 9, 28)))
    steps.clear()
    panel._play.setInterval(1)  # far faster than a step can be taken
    started = time.perf_counter()
    panel.play_btn.setChecked(True)
    qtbot.waitUntil(lambda: len(steps) >= 6, timeout=5000)
    panel.play_btn.setChecked(False)
    elapsed = time.perf_counter() - started
    taken = len(steps)
    assert taken <= elapsed / 0.03 + 1  # one step at a time, each after the last was done
    for _ in range(5):
        qtbot.wait(10)  # let the event loop run: nothing was queued behind Pause
    assert len(steps) == taken
    assert steps == [(D(2020, 9, 28) + dt.timedelta(days=k), D(2020, 9, 29) + dt.timedelta(days=k)) for k in range(taken)]


def test_the_benchmarks_play_counts_each_step_it_times(panel, session, qapp):
    """bench_play drives the real Play button and timer: each timed step is one window change."""
    from karabakh_desktop import bench_play

    changes = []
    session.timeWindowChanged.connect(lambda w, origin: origin == "timeline" and changes.append(w))
    panel._play.setInterval(0)
    times = bench_play._run_play(qapp, panel, session, 4)
    assert len(times) == len(changes) == 4 and all(t > 0 for t in times)
    assert not panel.play_btn.isChecked() and not panel._play.isActive()
    assert changes[1][0] > changes[0][0]  # forward, a step at a time


# --- names kept for the view: a selection only ranks and places them again ---------------------------
def _drawn_names(panel) -> dict:
    panel.plot.grab()  # paints the marks, and with them the names
    return dict(panel.figure.last_labels)


def _fresh_names(panel) -> dict:
    """Where the names go for the selection now, worked out from nothing (as an export does)."""
    fig = panel.figure
    geo = fig._names
    sx, sy, dx, dy, coords = geo.view
    X, Y = (lambda v: v * sx + dx), (lambda v: v * sy + dy)
    style = fig.style
    fms = (QFontMetricsF(style.font(style.label_pt)), QFontMetricsF(style.font(style.strong_label_pt, bold=True)))
    placed, _ = NameGeometry(fig, X, Y, geo.plot, fms, fig.event_label).place()
    return placed


def test_the_timeline_names_a_new_selection_from_the_view_it_kept(panel, session):
    fig = panel.figure
    before = _drawn_names(panel)
    kept = fig._names
    assert kept is not None and before == _fresh_names(panel)
    for item in ("capture-of-shusha", "shusha", "russia", "capture-of-shusha"):
        session.select(item)
        names = _drawn_names(panel)
        assert fig._names is kept  # the same view: only the ranking and placing were done again
        assert names == _fresh_names(panel)
    event = panel.event_pos["capture-of-shusha"]
    assert any(ev == event for ev, _ in names)  # the selection is always named
    session.clear_selection()
    assert _drawn_names(panel) == before  # back to what no selection names


def test_a_new_view_or_naming_works_the_names_out_again(panel, session):
    fig = panel.figure
    session.select("capture-of-shusha")
    _drawn_names(panel)
    kept = fig._names
    panel.view.scaleBy((0.5, 1))
    names = _drawn_names(panel)
    assert fig._names is not kept and names == _fresh_names(panel)
    kept = fig._names
    session.set_naming(naming.AZ)
    names = _drawn_names(panel)
    assert fig._names is not kept
    assert all(text == session.label(panel.model.events.ids[ev]) for ev, text in names)


def test_a_renamed_event_is_named_anew(panel, session):
    from karabakh_desktop.core import item_edits
    from karabakh_desktop.gui import knowledge_commands

    session.select("capture-of-shusha")
    event = panel.event_pos["capture-of-shusha"]
    assert any(ev == event for ev, _ in _drawn_names(panel))
    cmd = item_edits.set_field_command(session.db, "capture-of-shusha", "name", "Shusha taken")
    assert knowledge_commands.run(session, cmd) is not None
    names = _drawn_names(panel)
    assert (event, session.label("capture-of-shusha")) in names and "Shusha taken" in session.label("capture-of-shusha")


def _bars_drawn(panel, monkeypatch) -> int:
    """How many bars a real paint of the view strokes (each bar: a rectangle of five points)."""
    count = []
    fig = panel.figure
    real = fig.draw_bars
    monkeypatch.setattr(fig, "draw_bars", lambda p, groups: (count.append(sum(g[5].elementCount() // 5 for g in groups)),
                                                             real(p, groups)))
    panel.plot.grab()
    monkeypatch.setattr(fig, "draw_bars", real)
    return count[-1]


def test_the_screen_draws_the_bars_in_view_and_a_pan_or_zoom_brings_the_others_back(panel, qapp, monkeypatch):
    """At 10,000 entities the view shows a few hundred of thousands of bars: only those (and a margin)
    are stroked, and the ones a pan or a zoom brings into view are drawn there."""
    war, war_2008 = drawn_rect(panel, "war-2020"), drawn_rect(panel, "august-2008-war")
    bg = QColor(theme.current().base)
    panel.show_range(D(2020, 9, 1), D(2020, 12, 1))
    qapp.processEvents()
    in_view = _bars_drawn(panel, monkeypatch)
    assert 0 < in_view < len(panel._bar_segs)  # the 2008 war and the 1990s are not stroked
    assert pixel(panel, tl.seconds(D(2020, 10, 15)), war.center().y()) != bg
    panel.show_range(D(2008, 7, 1), D(2008, 10, 1))  # a pan far back in time
    qapp.processEvents()
    assert pixel(panel, tl.seconds(D(2008, 8, 15)), war_2008.center().y()) != bg
    assert pixel(panel, tl.seconds(D(2008, 7, 10)), war_2008.center().y()) == bg  # before it: background
    panel.show_range(D(2020, 9, 1), D(2020, 12, 1))  # and back
    qapp.processEvents()
    assert pixel(panel, tl.seconds(D(2020, 10, 15)), war.center().y()) != bg
    panel.fit_all()  # zoomed out on every lane: every bar
    qapp.processEvents()
    assert _bars_drawn(panel, monkeypatch) == len(panel._bar_segs)
    assert pixel(panel, tl.seconds(D(2008, 8, 15)), war_2008.center().y()) != bg


def test_an_export_draws_its_own_view_whatever_the_screen_shows(panel, qapp):
    """The screen cuts its shapes to its view; an export of another view (a framed slide) draws
    every bar of that view, the same whatever the screen was showing."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    def export(view):
        img = QImage(1200, 500, QImage.Format_RGB32)
        p = QPainter(img)
        panel.paint_figure(p, QRectF(0, 0, 1200, 500), view)
        p.end()
        return img

    _, lanes = panel.view.viewRange()
    framed = ((tl.seconds(D(2020, 9, 1)), tl.seconds(D(2020, 12, 1))), tuple(lanes))
    panel.show_range(D(2020, 9, 1), D(2020, 12, 1))
    qapp.processEvents()
    panel.plot.grab()
    seen = export(framed)
    panel.show_range(D(2008, 7, 1), D(2008, 10, 1))  # the screen now shows none of the framed bars
    qapp.processEvents()
    panel.plot.grab()
    assert export(framed) == seen
    fig = panel._export_figure
    war = drawn_rect(panel, "war-2020")
    plot, (x0, x1), (y0, y1) = fig.last_plot, framed[0], framed[1]
    x = plot.left() + (tl.seconds(D(2020, 10, 15)) - x0) * plot.width() / (x1 - x0)
    y = plot.top() + (war.center().y() - y0) * plot.height() / (y1 - y0)
    zoom = fig.style.zoom
    assert QColor(seen.pixel(int(x * zoom), int(y * zoom))) != QColor(theme.current().base)  # the war's bar


# --- names on screen: shaped once, drawn in the colours of the moment ------------------------------------
def _ink(img, box, colour: QColor, tol: int = 60) -> int:
    """Pixels of ``colour`` inside ``box`` (left, top, right, bottom) of a grab."""
    a, top, b, bottom = (int(round(v)) for v in box)
    part = img.copy(a, top, b - a, bottom - top).convertToFormat(img.Format.Format_RGB32)
    arr = np.frombuffer(part.constBits(), np.uint8).reshape(part.height(), part.bytesPerLine())
    bgr = arr[:, :part.width() * 4].reshape(part.height(), part.width(), 4)[:, :, :3].astype(int)
    return int((np.abs(bgr - [colour.blue(), colour.green(), colour.red()]).sum(axis=2) < tol).sum())


def test_the_names_on_screen_are_kept_shaped_and_follow_the_theme(panel, session, qtbot):
    session.select("war-2020")
    img = panel.plot.viewport().grab().toImage()
    named = {text: box for (ev, text), box in panel.figure.last_labels.items()}
    box = named["44-day war"]
    light, dark = QColor(theme.THEMES["light"].text), QColor(theme.THEMES["dark"].text)
    assert _ink(img, box, light) > 20  # dark type on the light halo
    kept = len(panel.figure._statics)
    assert kept >= len(named)  # every name on screen shaped once, in its font...
    session.select("capture-of-shusha")
    panel.plot.viewport().grab()
    session.select("war-2020")
    panel.plot.viewport().grab()
    assert len(panel.figure._statics) <= kept + 2  # ...and not again when it comes back (new ones: bold)
    try:
        with qtbot.waitSignal(session.themeChanged):
            session.set_theme("dark")
        img = panel.plot.viewport().grab().toImage()
        box = {text: b for (ev, text), b in panel.figure.last_labels.items()}["44-day war"]
        # light type on the dark halo: the shaped text kept from the light theme, recoloured
        assert _ink(img, box, dark, tol=20) > 20 and _ink(img, box, QColor("#FFFFFF"), tol=10) == 0
    finally:
        session.set_theme("light")


def test_in_a_short_timeline_what_the_selection_touches_is_named_even_under_a_long_bar(show_panel, session):
    """A slide's timeline cell is short: the Crimea annexation's dot sits just under the long bar of
    "Russia without military presence…", every box beside it covers that bar, and the name of the
    event the presenter selected Crimea for was dropped. What the selection touches may go over a
    mark (never over another name), as the selection's own names may."""
    panel = show_panel(TimelinePanel(session), 1100, 100)
    session.set_time_window((D(2014, 2, 1), D(2014, 4, 30)))
    panel.show_range(D(2014, 1, 20), D(2014, 5, 10))  # as the slide frames its time window
    session.select("crimea")
    event = panel.event_pos["crimea-annexation"]
    named = _drawn_names(panel)
    assert any(ev == event for ev, _ in named), named
    assert named == _fresh_names(panel)
    boxes = list(named.values())  # no two names overlap
    assert not any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
                   for i, a in enumerate(boxes) for b in boxes[i + 1:])
