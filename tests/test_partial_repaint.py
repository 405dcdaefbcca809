"""What a window shows after a selection, a time window or a naming choice is what a fresh render of
it shows, in the views that repaint only part of themselves: the map and the timeline (only around
the marks and names that changed), the network (its names reach past its nodes' box), the
patterns matrix (a re-fonted header in a scrolled table) and the memo's margin (bars beside
paragraphs that move when the text is laid out again)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGraphicsView

from karabakh_desktop.core import naming


def _settle():
    for _ in range(4):
        QApplication.processEvents()


def _stale_panels(win, pids=("map", "network", "patterns", "timeline"), margin: bool = True) -> list[str]:
    """The panels (and the memo's margin) whose pixels on screen differ from a fresh render."""
    shown = win.screen().grabWindow(win.winId()).toImage().convertToFormat(QImage.Format_RGB32)
    fresh = win.grab().toImage().convertToFormat(QImage.Format_RGB32)
    out = []
    for pid in pids:
        panel = win.panels[pid]
        if panel.visibleRegion().isEmpty():
            continue
        r = QRect(panel.mapTo(win, panel.rect().topLeft()), panel.size())
        if shown.copy(r) != fresh.copy(r):
            out.append(pid)
    margin = win.panels["memo"].margin if margin else None
    if margin is not None and not margin.visibleRegion().isEmpty():
        r = QRect(margin.mapTo(win, margin.rect().topLeft()), margin.size())
        if shown.copy(r) != fresh.copy(r):
            out.append("memo margin")
    return out


def _on_a_laptop(win, qtbot):
    qtbot.waitExposed(win)
    win.resize(1366, 768)
    _settle()
    return win.session


def _each_fresh(win, steps, pids=("map", "network", "patterns", "timeline"), margin: bool = True,
                more: dict | None = None) -> None:
    """Take each step (what, argument) and check the screen against a fresh render after it (``more``:
    other steps, what -> how)."""
    s = win.session
    do = {"select": s.select, "add": lambda item: s.select(item, add=True), "window": s.set_time_window,
          "naming": s.set_naming, "theme": s.set_theme, "clear": lambda _: s.clear_selection(), **(more or {})}
    for what, arg in steps:
        do[what](arg)
        _settle()
        assert _stale_panels(win, pids, margin) == [], (what, arg)


def test_the_screen_is_a_fresh_render_after_each_change(window, qtbot):
    win = window
    _on_a_laptop(win, qtbot)
    patterns = win.panels["patterns"]
    cell = next(iter(patterns.cells.values()))[0]
    last = patterns.patterns[-1]  # a cell of the last pattern scrolls the matrix down to it
    low = next(c[0] for (case, pattern), c in patterns.cells.items() if pattern == last)
    steps = [("select", "azerbaijan"), ("select", "karabakh-armenians"), ("select", cell),
             ("select", patterns.cases[0]), ("window", (dt.date(2020, 9, 1), dt.date(2020, 11, 30))),
             ("select", "shusha"), ("select", "war-2020"), ("window", (dt.date(2021, 1, 1), dt.date(2021, 6, 1))),
             ("naming", naming.AZ), ("select", "russia"), ("window", None), ("select", "baku"),
             ("select", patterns.patterns[-1]), ("select", "armenia"), ("select", low), ("select", "libya"),
             # a cell scrolled into view, then its pattern's header let go
             ("select", "cell-recognition-karabakh"), ("select", "south-ossetia-analogy"), ("clear", None)]
    _each_fresh(win, steps)


def _repainted_share(session, widget, qtbot, before: str, after: str) -> float:
    """The share of ``widget`` repainted when the selection goes from ``before`` to ``after``, once
    ``widget`` has nothing else left to repaint and its size holds (a panel's new text may move the
    docks' splitters, and a view resized is repainted whole: then the pair is taken again)."""
    watch = _Exposed(widget)

    def still() -> bool:
        watch.rects.clear()
        _settle()
        return not watch.rects

    for _ in range(4):
        session.select(before)
        qtbot.waitUntil(still, timeout=5000)
        size = widget.size()
        watch.rects.clear()
        session.select(after)
        _settle()
        if widget.size() == size:
            break
    widget.removeEventFilter(watch)
    assert widget.size() == size and watch.rects, "not repainted, or resized at every try"
    return sum(r.width() * r.height() for r in watch.rects) / (size.width() * size.height())


class _Exposed(QObject):
    def __init__(self, widget):
        super().__init__()
        self.widget, self.rects = widget, []
        widget.installEventFilter(self)

    def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
        if obj is self.widget and ev.type() == QEvent.Paint:
            self.rects.append(ev.region().boundingRect())
        return False


def test_a_selection_repaints_the_map_only_around_what_changed(window, qtbot):
    qtbot.waitExposed(window)
    _settle()
    s = window.session
    panel = window.panels["map"]
    vp = panel.findChildren(QGraphicsView)[0].viewport()
    s.select("shusha")
    _settle()
    exposed = _Exposed(vp)
    s.select("baku")  # one place let go, another selected
    _settle()
    assert exposed.rects, "the map was not repainted"
    full = vp.rect().width() * vp.rect().height()
    assert sum(r.width() * r.height() for r in exposed.rects) < full / 2
    assert panel.highlight_level("baku") == 2 and panel.highlight_level("shusha") in (0, 1)


def test_a_header_let_go_in_a_scrolled_matrix_is_repainted(session, show_panel):
    """Qt repaints a re-fonted header section where it would be if the table were not scrolled."""
    from karabakh_desktop.gui.patterns_panel import PatternsPanel

    panel = show_panel(PatternsPanel(session), 420, 260)
    t = panel.table
    checked = 0
    for (case, pattern), (cell_id, _) in sorted(panel.cells.items()):
        session.select(cell_id)  # scrolls the matrix to the cell; its pattern's header in bold
        _settle()
        if not t.verticalScrollBar().value():
            continue
        session.clear_selection()  # every header let go
        _settle()
        shown = panel.screen().grabWindow(panel.winId()).toImage().convertToFormat(QImage.Format_RGB32)
        fresh = panel.grab().toImage().convertToFormat(QImage.Format_RGB32)
        assert shown.copy(panel.rect()) == fresh, (case, pattern)
        checked += 1
    assert checked


def test_the_timeline_on_screen_is_a_fresh_render_after_each_selection(window, qtbot):
    """Every event selected in turn (its mark restyled, names moved, made bold, let go), between
    selections of places and actors, time windows, a naming choice, a theme and a cleared selection."""
    win = window
    _on_a_laptop(win, qtbot)
    panel = win.panels["timeline"]
    others = ["shusha", "azerbaijan", "russia", "karabakh-armenians", "armenia"]
    steps = []
    for k, event in enumerate(panel.events.ids):
        steps.append(("select", event))
        if k % 3 == 2:
            steps.append(("select", others[k % len(others)]))
        if k == 4:
            steps.append(("window", (dt.date(2020, 9, 27), dt.date(2020, 11, 10))))
        if k == 8:
            steps.append(("naming", naming.AZ))
        if k == 10:
            steps.append(("add", panel.events.ids[0]))
        if k == 12:
            steps.append(("theme", "dark"))
        if k == 14:
            steps.append(("clear", None))
        if k == 16:
            steps.append(("window", None))
    _each_fresh(win, steps, ("timeline",))


def test_a_selection_repaints_the_timeline_only_around_what_changed(window, qtbot):
    s = _on_a_laptop(window, qtbot)
    panel = window.panels["timeline"]
    # one event let go, another selected (and their names)
    assert _repainted_share(s, panel.plot.viewport(), qtbot, "capture-of-shusha", "peacekeeper-deployment") < 1 / 4
    assert panel.highlight_level("peacekeeper-deployment") == 2
    assert panel.highlight_level("capture-of-shusha") == 0


def _map_on_screen(win):
    panel = win.panels["map"]
    shown = win.screen().grabWindow(win.winId()).toImage().convertToFormat(QImage.Format_RGB32)
    return shown.copy(QRect(panel.mapTo(win, panel.rect().topLeft()), panel.size()))


def _map_drawn_anew(win):
    """The map on screen after every image it keeps was drawn again from scratch (a fresh render
    of the window would reuse them: it paints at the same device transform)."""
    panel = win.panels["map"]
    for layer in panel._all_layers():
        layer.base.invalidate()
        layer.markers.forget_stamps()
    panel.shapes_item.invalidate()
    _settle()
    return _map_on_screen(win)


def test_the_map_stamps_its_markers_as_it_would_anew(window, qtbot):
    """The markers' stamps, kept between repaints and from one selection to the next (each look's
    rectangle on the symbol sheet), are what a repaint working them out anew draws: through
    selections, pins, time windows, a theme and a naming."""
    win = window
    qtbot.waitExposed(win)
    _settle()
    s = win.session
    steps = [("select", "shusha"), ("select", "russia"), ("add", "baku"),
             ("window", (dt.date(2020, 9, 1), dt.date(2020, 11, 30))), ("select", "karabakh-armenians"),
             ("theme", "dark"), ("select", "rel-georgia-south-ossetia"), ("naming", naming.AZ),
             ("window", None), ("select", "seven-districts"), ("theme", "light"), ("clear", None),
             ("select", "south-ossetia-analogy")]
    do = {"select": s.select, "add": lambda item: s.select(item, add=True), "window": s.set_time_window,
          "naming": s.set_naming, "theme": s.set_theme, "clear": lambda _: s.clear_selection()}
    for what, arg in steps:
        do[what](arg)
        _settle()
        assert _map_on_screen(win) == _map_drawn_anew(win), (what, arg)


def test_the_map_redraws_changed_outlines_as_a_whole_drawing_would(window, qtbot):
    """A selection that highlights a shape's outline (or lets it go) draws the outlines' image again
    only in that shape's box: what shows is what a drawing of all outlines from scratch shows."""
    win = window
    qtbot.waitExposed(win)
    _settle()
    s = win.session
    panel = win.panels["map"]
    shapes = panel.shapes_item
    entities = list(dict.fromkeys(e for e in panel.shape_entity.values() if e))
    assert len(entities) >= 2
    steps = []
    for entity in entities:
        steps += [entity, "shusha", entity, entities[0], "russia"]
    partial = 0
    for item in steps:
        version, whole = shapes._pens_version, shapes.pen_renders
        s.select(item)
        _settle()
        if shapes._pens_version != version:  # an outline changed
            partial += shapes.pen_renders == whole
        shown = _map_on_screen(win)
        assert shown == _map_drawn_anew(win), item
    assert partial >= len(entities)


def test_the_network_on_screen_is_a_fresh_render_after_each_selection(window, qtbot):
    """Every actor and tie selected in turn (its node or tie restyled with its neighbours', names
    moved, made bold, let go), some added to the selection, between time windows, a naming choice,
    a theme, a focus on the neighbourhood, a cleared selection and a zoom."""
    win = window
    _on_a_laptop(win, qtbot)
    panel = win.panels["network"]
    nodes, ties = list(panel.model.node_ids), list(panel.model.edge_ids)
    between = {9: ("window", (dt.date(2020, 9, 27), dt.date(2020, 11, 10))), 20: ("naming", naming.AZ),
               30: ("window", None), 40: ("theme", "dark"), 50: ("clear", None), 60: ("focus", 1),
               70: ("focus", 0),
               # zoomed in: the resting layers are drawn in part even by a fresh render
               80: ("zoom", 0.4), 100: ("zoom", 2.5)}
    steps = []
    for k, item in enumerate(nodes + ties):
        steps.append(("select", item))
        if k % 5 == 4:
            steps.append(("add", ties[k % len(ties)]))
        steps += [between[k]] if k in between else []
    _each_fresh(win, steps, ("network",), margin=False,
                more={"focus": panel.set_focus, "zoom": lambda f: panel.vb.scaleBy((f, f))})


def test_the_network_names_are_fresh_when_kept_places_come_back(window, qtbot):
    """The names' places of a selection seen before are kept (and the names made for them): back
    under another time window (other fades), after a theme, after a naming choice, they are drawn
    in the look of now."""
    win = window
    _on_a_laptop(win, qtbot)
    window_a = (dt.date(2020, 9, 27), dt.date(2020, 11, 10))
    steps = [("select", "armenia"), ("select", "azerbaijan"), ("window", window_a), ("select", "armenia"),
             ("select", "azerbaijan"), ("window", None), ("select", "armenia"), ("theme", "dark"),
             ("select", "azerbaijan"), ("select", "armenia"), ("naming", naming.AZ), ("select", "azerbaijan"),
             ("theme", "light"), ("select", "armenia")]
    panel = win.panels["network"]
    for step in steps:
        _each_fresh(win, [step], ("network",), margin=False)
        # and the names on screen are those a figure without kept places or names would draw now
        assert _network_names(panel, panel.labels_item.drawn()[1]) == _network_names(panel, _names_afresh(panel)), step


def _network_names(panel, labels) -> list[tuple]:
    return [(label.node, label.rect.getRect(), label.text, label.font.key(), label.colour.rgba(),
             label.background.rgba()) for label in labels]


def _names_afresh(panel) -> list:
    from karabakh_desktop.gui.views.network.figure import NetworkFigure, map_points

    figure = NetworkFigure(panel.model, panel.state, panel.session.label)
    figure.names_version = panel.figure.names_version
    figure.restyle()
    tr = panel.labels_item.deviceTransform(panel.plot.viewportTransform())
    w, h = panel.labels_item.viewport_size()
    return figure.place_labels(map_points(tr, panel.model.pos), w, h)


def test_a_selection_repaints_the_network_only_around_what_changed(window, qtbot):
    s = _on_a_laptop(window, qtbot)
    panel = window.panels["network"]
    vp = panel.plot.viewport()
    # one actor let go, another selected (and their ties and names)
    assert _repainted_share(s, vp, qtbot, "russia", "armenia") < 1 / 2
    assert panel.highlight_level("armenia") == 2 and panel.highlight_level("russia") in (0, 1)
    exposed = _Exposed(vp)
    s.clear_selection()  # every node and tie comes back: all of it
    _settle()
    assert sum(r.width() * r.height() for r in exposed.rects) >= vp.width() * vp.height()
