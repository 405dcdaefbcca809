"""The window on a laptop and on a large screen, and from the keyboard: where the first window goes,
how the docks share the space, themes switched at run time, every advertised shortcut sent as a
key event the way a user presses it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QMargins, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QUndoCommand
from PySide6.QtWidgets import QApplication, QToolButton

from karabakh_desktop.gui import theme, window_layout
from karabakh_desktop.gui.panels import PANELS

SCREENS = {"laptop": QRect(0, 0, 1366, 768), "full-hd": QRect(0, 0, 1920, 1080)}
FRAME = QMargins(1, 24, 1, 1)  # openbox's frame at 1366x768, as look-window measured it


@pytest.fixture
def window(window, qtbot):
    """conftest's window, once it is exposed and its first layout and refit are done."""
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window._default_state is not None and not window.refit_pending)
    return window


def _outer(client: QRect, frame: QMargins) -> QRect:
    return client.marginsAdded(frame)


@pytest.mark.parametrize("name", list(SCREENS))
@pytest.mark.parametrize("frame", [FRAME, window_layout.ASSUMED_FRAME, QMargins(0, 0, 0, 0)])
def test_the_first_window_with_its_frame_fits_the_screen(name, frame):
    avail = SCREENS[name].adjusted(0, 0, 0, -30)  # a task bar
    client = window_layout.first_geometry(avail, frame)
    assert avail.contains(_outer(client, frame))
    if avail.width() >= window_layout.WIDE:  # a large screen: most of it, not a laptop's window
        assert client.width() >= 0.85 * avail.width() and client.height() >= 0.8 * avail.height()
    else:  # a laptop: all of it
        assert _outer(client, frame).size() == avail.size()


@pytest.mark.parametrize("name", list(SCREENS))
def test_a_real_window_fits_and_every_dock_keeps_its_minimum_width(window, qtbot, name):
    avail = SCREENS[name]
    rect = window_layout.place_first(window, avail)
    window._default_sizes()
    qtbot.waitUntil(lambda: window.size() == rect.size())
    QApplication.processEvents()
    assert avail.contains(window.frameGeometry())
    assert avail.contains(_outer(window.geometry(), window_layout.frame_margins(window)))
    smallest = window.minimumSizeHint().grownBy(FRAME)
    assert smallest.width() <= 1366 and smallest.height() <= 768  # the docks' minimums fit a laptop
    for pid, dock in window.docks.items():
        if dock.isVisible() and not dock.widget().visibleRegion().isEmpty():
            assert dock.widget().width() >= dock.widget().minimumWidth() > 0, pid
    d = window.docks
    # the space goes to what is looked at: network and map wider than Details; Details over Patterns
    assert d["network"].width() > d["details"].width() and d["map"].width() > d["details"].width()
    assert d["details"].width() >= window_layout.MIN_WIDTHS["details"]
    assert d["patterns"].geometry().top() > d["details"].geometry().bottom() - 2  # both in sight at once
    assert window.tabifiedDockWidgets(d["details"]) == []


def _widths(window) -> dict[str, int]:
    return {k: window.docks[k].width() for k in ("memo", "network", "map", "details")}


@pytest.mark.parametrize("sizes", [[(1366, 740), (1800, 1000), (2400, 1200)], [(1800, 1000), (1400, 800)]])
def test_a_wider_window_gives_the_width_to_the_views_not_to_details(window, qtbot, sizes):
    """Resize as a user drags the window's edge: Details keeps its width (within a few px), the
    network and the map take the change."""
    w0, h0 = sizes[0]
    window.resize(w0, h0)
    qtbot.waitUntil(lambda: window.size().width() == w0 and window.docks["details"].width() > 0)
    QApplication.processEvents()
    before = _widths(window)
    for w, h in sizes[1:]:
        window.resize(w, h)
        qtbot.waitUntil(lambda w=w, b=before["details"]: window.size().width() == w and
                        abs(window.docks["details"].width() - b) <= 4)
        QApplication.processEvents()
        after = _widths(window)
        assert abs(after["details"] - before["details"]) <= 4, (before, after)
        for view in ("network", "map"):
            assert (after[view] - before[view]) * (w - w0) > 0, (view, before, after)  # grows as the window does
        before, w0 = after, w


def test_a_dragged_details_width_is_kept_too(window, qtbot):
    window.resize(1500, 900)
    qtbot.waitUntil(lambda: window.size().width() == 1500)
    QApplication.processEvents()
    d = window.docks
    window.resizeDocks([d["map"], d["details"]], [d["map"].width() - 60, d["details"].width() + 60],
                       Qt.Horizontal)  # as a drag of the splitter between them does
    dragged = d["details"].width() + 60
    qtbot.waitUntil(lambda: abs(d["details"].width() - dragged) <= 4)
    window.resize(1900, 900)
    qtbot.waitUntil(lambda: window.size().width() == 1900)
    QApplication.processEvents()
    assert abs(d["details"].width() - dragged) <= 4


def test_the_memo_opens_at_its_title(window):
    memo = window.panels["memo"]
    view = memo.view
    assert view.verticalScrollBar().value() == 0
    top = view.cursorForPosition(QPoint(4, 4)).block()
    title = memo.documents[0][1]
    assert top.text() == title  # the visible text begins with the title: no byline, URL or licence above it
    # the credit stays on screen, one line that expands to the licence
    assert "Anar Valiyev" in memo.credit_label.text() and "ponarseurasia.org" in memo.credit_label.text()
    assert "Fair Use" not in memo.credit_label.text()
    memo.credit_btn.click()
    assert "Fair Use" in memo.credit_label.text()


def test_passages_show_their_full_count_and_come_wholly_into_view(window, qtbot):
    memo = window.panels["memo"]
    window.session.select("russia")
    n = len(memo.targets)
    assert n > 9
    for _ in range(n):
        qtbot.keyClick(window, Qt.Key_F3)
        assert memo.nav_label.text() == f"Passage {memo.current + 1} of {n}"
        a, b = memo.targets[memo.current]
        view = memo.view
        c = view.textCursor()
        c.setPosition(a)
        top = view.cursorRect(c).top()
        c.setPosition(b)
        bottom = view.cursorRect(c).bottom()
        if bottom - top < view.viewport().height():
            assert top >= 0 and bottom <= view.viewport().height(), (memo.current, top, bottom)
    # the label is never cut short: its width holds the text
    assert memo.nav_label.width() >= memo.nav_label.fontMetrics().horizontalAdvance(memo.nav_label.text())


def _toolbar_buttons(window) -> list[QToolButton]:
    return [b for pid in ("map", "timeline", "network") for b in window.panels[pid].findChildren(QToolButton)
            if b.isVisible() and b.text()]


@pytest.mark.parametrize("first,then", list(itertools.permutations(theme.THEMES, 2)))
def test_a_theme_change_restyles_every_tool_bar_button(window, first, then):
    window.set_theme(first)
    window.set_theme(then)
    QApplication.processEvents()
    t = theme.THEMES[then]
    buttons = _toolbar_buttons(window)
    assert len(buttons) > 8
    for b in buttons:
        pal = b.palette()
        text, face = pal.buttonText().color(), pal.button().color()
        assert theme.contrast(text, face) >= theme.AA, (b.text(), text.name(), face.name())
        assert text.name() == QColor(t.text).name(), b.text()
        # what is drawn: the button's face is the new theme's, not the old one's
        img = b.grab().toImage()
        drawn = img.pixelColor(img.width() // 2, 2)
        assert theme.contrast(drawn, text) >= theme.AA, (b.text(), drawn.name())
    window.set_theme("light")


def test_links_names_and_highlights_pass_aa_in_every_theme():
    for name, t in theme.THEMES.items():
        assert theme.contrast(theme.link_colour(name), t.base) >= theme.AA, name
        assert theme.contrast(t.text, t.selected) >= theme.AA, name
        assert theme.contrast(t.text, t.touched) >= theme.AA, name
        for kind in theme.KIND_COLOURS:
            assert theme.contrast(theme.kind_text_colour(kind, t.base), t.base) >= theme.AA, (name, kind)


def test_memo_names_read_in_the_dark_theme(window):
    window.set_theme("high-contrast")
    try:
        memo = window.panels["memo"]
        bg = theme.current().base
        colours = set()
        for a, _, _ in memo.mentions[:60]:
            c = memo.view.textCursor()
            c.setPosition(a + 1)
            colours.add(c.charFormat().foreground().color().name())
        assert len(colours) >= 2
        assert all(theme.contrast(c, bg) >= theme.AA for c in colours), colours
    finally:
        window.set_theme("light")


class _Flip(QUndoCommand):
    def __init__(self, box: list):
        super().__init__("flip")
        self.box = box

    def redo(self):
        self.box.append("done")

    def undo(self):
        self.box.pop()


@pytest.mark.parametrize("keys", [(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier), (Qt.Key_Y, Qt.ControlModifier)])
def test_redo_keys_redo(window, qtbot, keys):
    box: list = []
    window.session.undo_stack.push(_Flip(box))
    assert box == ["done"]
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert box == []
    qtbot.keyClick(window, *keys)
    assert box == ["done"]
    texts = [k.toString() for k in window.redo_action.shortcuts()]
    assert len(texts) == len(set(texts)) and texts[0] == "Ctrl+Shift+Z"


def _focused_panel(window):
    return window.panel_of(window.focusWidget())


def test_f6_visits_every_panel_and_shift_f6_goes_back(window, qtbot):
    window.activateWindow()
    window.search.setFocus()  # the keyboard starts in the tool bar's search box
    seen = []
    for _ in range(len(PANELS)):
        qtbot.keyClick(window.focusWidget() or window, Qt.Key_F6)
        seen.append(_focused_panel(window))
    assert set(seen) == {s.panel_id for s in PANELS}
    assert seen == [s.panel_id for s in PANELS]
    qtbot.keyClick(window.focusWidget(), Qt.Key_F6, Qt.ShiftModifier)
    assert _focused_panel(window) == PANELS[-2].panel_id


def test_ctrl_shift_number_focuses_that_panel(window, qtbot):
    window.docks["map"].hide()
    for n, spec in enumerate(PANELS, start=1):
        qtbot.keyClick(window, getattr(Qt, f"Key_{n}"), Qt.ControlModifier | Qt.ShiftModifier)
        assert _focused_panel(window) == spec.panel_id
        assert window.docks[spec.panel_id].isVisible()  # a closed panel is opened


def test_every_advertised_shortcut_is_unique_and_reachable(window):
    keys = {}
    for act in window.findChildren(type(window.redo_action)):
        for k in act.shortcuts():
            text = k.toString()
            if text:
                assert text not in keys or keys[text] is act, f"{text}: {act.text()} and {keys[text].text()}"
                keys[text] = act
    assert {"F6", "Shift+F6", "Ctrl+Shift+Z", "Ctrl+K", "F3", "F5"} <= set(keys)


def test_tab_leaves_the_memo_without_walking_its_links(window, qtbot):
    memo = window.panels["memo"]
    window.focus_panel("memo")
    assert window.focusWidget() is memo.view
    qtbot.keyClick(memo.view, Qt.Key_Tab)
    assert window.focusWidget() is not memo.view


def test_arrow_keys_move_the_network_focus_and_enter_selects(window, qtbot):
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier | Qt.ShiftModifier)
    net = window.panels["network"]
    plot = window.focusWidget()
    assert plot is net.plot
    qtbot.keyClick(plot, Qt.Key_Right)
    first = net.keys.current
    assert first is not None
    ids, xy, usable = net._key_items()
    x0 = xy[ids.index(first)][0]
    qtbot.keyClick(plot, Qt.Key_Right)
    second = net.keys.current
    assert second != first and xy[ids.index(second)][0] > x0
    qtbot.keyClick(plot, Qt.Key_Down)
    third = net.keys.current
    assert xy[ids.index(third)][1] > xy[ids.index(second)][1]  # down on the screen
    assert net.keys.ring.isVisible() and net.keys.frame.isVisible()
    ring = net.keys.ring.pos()
    assert np.allclose((ring.x(), ring.y()), xy[ids.index(third)])
    qtbot.keyClick(plot, Qt.Key_Return)
    assert window.session.selection.items == (third,)
    qtbot.keyClick(plot, Qt.Key_Up)
    qtbot.keyClick(plot, Qt.Key_Return, Qt.ControlModifier)
    assert set(window.session.selection.items) == {third, net.keys.current}


def test_arrow_keys_in_the_map_and_the_timeline(window, qtbot):
    s = window.session
    for n, pid in ((3, "map"), (4, "timeline")):
        qtbot.keyClick(window, getattr(Qt, f"Key_{n}"), Qt.ControlModifier | Qt.ShiftModifier)
        panel = window.panels[pid]
        plot = window.focusWidget()
        assert plot is panel.plot
        qtbot.keyClick(plot, Qt.Key_Left)
        qtbot.keyClick(plot, Qt.Key_Right)
        assert panel.keys.current is not None
        qtbot.keyClick(plot, Qt.Key_Enter)
        assert s.selection.items == (panel.keys.current,)


def test_the_status_bar_follows_the_naming_choice(window):
    s = window.session
    s.select("khankendi-stepanakert")
    before = window.sel_label.text()
    for choice in ("az", "hy"):
        s.set_naming(choice)
        assert s.label("khankendi-stepanakert") in window.sel_label.text()
    assert window.sel_label.text() != before


def test_a_second_window_shows_the_same_selection_and_its_own_title(window, qtbot):
    from karabakh_desktop.gui import app

    app._windows.append(window)
    try:
        window.session.select("shusha")
        asked = []
        window.newWindowRequested.connect(asked.append)
        window.new_window()  # File ▸ New Window on This Store asks; the application opens
        second = app._open_from(window, asked[-1])
        qtbot.addWidget(second)
        assert second.session.selection.items == ("shusha",)
        assert second.sel_label.text() == window.sel_label.text()
        assert second.windowTitle() != window.windowTitle()
        second.close()
        second.session.close()
    finally:
        app._windows[:] = [w for w in app._windows if w is not window]



@pytest.mark.parametrize("name", list(SCREENS))
def test_the_network_legend_covers_no_node_and_fits_its_view(window, qtbot, name):
    """Before: at 1366x768 the legend (three columns, bottom left) covered the lowest nodes and ran past
    the view's right edge, because the view was fitted before the panel had its size and never again."""
    rect = window_layout.place_first(window, SCREENS[name].adjusted(0, 0, 0, -30))
    window._default_sizes()
    qtbot.waitUntil(lambda: window.size() == rect.size())
    panel = window.panels["network"]
    QApplication.processEvents()
    legend, view = panel.legend_item.sceneBoundingRect(), panel.vb.sceneBoundingRect()
    assert legend.height() > 0 and view.contains(legend), (legend, view)

    def covered():  # nodes, and the names the view draws (in the view's pixels, as the legend's scene is)
        panel.plot.viewport().grab()
        xy = panel._scene_xy()[panel.model.node_visible]
        r = panel.legend_item.sceneBoundingRect().adjusted(-3, -3, 3, 3)
        return [tuple(p) for p in xy if r.contains(float(p[0]), float(p[1]))] + \
            [label.text for label in panel.labels_item._placed if label.rect.intersects(r)]

    qtbot.waitUntil(lambda: not covered(), timeout=3000)
    # a slide of the view as fitted leaves the legend's strip out (the slide has its own legend band)
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    img = QImage(1600, 800, QImage.Format_ARGB32)
    p = QPainter(img)
    panel.paint_figure(p, QRectF(0, 0, 1600, 800))
    p.end()
    fig = panel._export_figure
    lowest = max(float(y) for (_, y), on in zip(fig.last_xy, panel.model.node_visible, strict=True) if on)
    assert lowest > 0.8 * fig.last_size[1], (lowest, fig.last_size)
    # and after the user makes the window smaller (the view was fitted, not moved by hand: it refits)
    window.resize(rect.width() - 200, rect.height() - 120)
    qtbot.waitUntil(lambda: window.width() == rect.width() - 200)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not covered() or not panel.legend_item.isVisible(), timeout=3000)
    if panel.legend_item.isVisible():
        assert panel.vb.sceneBoundingRect().contains(panel.legend_item.sceneBoundingRect())
    else:  # too small a view for it: none, and back when the view grows
        assert panel.state.legend and panel.legend_action.isChecked()
        window.resize(rect.size())
        qtbot.waitUntil(lambda: window.size() == rect.size())
        window._default_sizes()
        qtbot.waitUntil(lambda: panel.legend_item.isVisible() and not covered(), timeout=3000)
