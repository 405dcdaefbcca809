"""The network panel's controls: its tool bar, plot and progress row, and the ties filter menu.
(Functions of the panel, kept here so that the panel holds behaviour, not widget building.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ....core import graph
from ....core.views import network as nv
from ... import theme
from ..pg_adapter import move_legend_entries
from ..plain_view import PlainView
from .items import Legend

LEGEND_MAX = 0.4  # the most of the view's height the on-screen legend takes (a strip kept free of nodes)


def build(panel) -> None:
    """The tool bar (layout, size, colour, focus, ties, places, fit, more), the plot, the progress row."""
    panel.toolbar = QToolBar()
    panel.toolbar.setIconSize(panel.toolbar.iconSize() * 0.75)
    panel.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)

    def menu_button(text: str, tip: str, options: dict, current, setter) -> QActionGroup:
        btn = QToolButton()
        btn.setText(text)
        btn.setToolTip(tip)
        btn.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(btn)
        group = QActionGroup(btn)
        for key, label in options.items():
            act = menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(key == current)
            act.setData(key)
            act.triggered.connect(lambda _=False, k=key: setter(k))
            group.addAction(act)
        btn.setMenu(menu)
        panel.toolbar.addWidget(btn)
        return group

    st = panel.state
    panel.layout_group = menu_button("Layout", "How nodes are placed", nv.LAYOUT_NAMES, st.layout,
                                    panel.set_layout)
    panel.size_group = menu_button("Size", "What a node's size shows", nv.MEASURE_NAMES, st.measure,
                                  panel.set_measure)
    panel.colour_group = menu_button("Colour", "What a node's colour shows", nv.COLOUR_NAMES, st.colour,
                                    panel.set_colour_by)
    panel.focus_group = menu_button("Focus", "Show only the neighbourhood of the selection", nv.FOCUS_NAMES, 0,
                                   panel.set_focus)
    filter_btn = QToolButton()
    filter_btn.setText("Ties")
    filter_btn.setToolTip("Show or hide ties by sign and kind")
    filter_btn.setPopupMode(QToolButton.InstantPopup)
    panel.filter_menu = QMenu(filter_btn)
    filter_btn.setMenu(panel.filter_menu)
    panel.toolbar.addWidget(filter_btn)
    panel.places_action = QAction("Places", panel)
    panel.places_action.setCheckable(True)
    panel.places_action.setToolTip("Also show the places actors are tied to")
    panel.places_action.toggled.connect(panel.set_include_places)
    panel.toolbar.addAction(panel.places_action)
    fit = QAction("Fit", panel)
    fit.setToolTip("Fit the network to the panel")
    fit.triggered.connect(panel.fit)
    panel.toolbar.addAction(fit)
    more = QToolButton()
    more.setText("⋯")
    more.setToolTip("Positions and legend")
    more.setPopupMode(QToolButton.InstantPopup)
    more_menu = QMenu(more)
    more_menu.addAction("Reset positions", panel.reset_positions).setToolTip(
        "Forget where you dragged nodes in this layout")
    more_menu.addAction("Recompute layout", panel.recompute_layout)
    panel.legend_action = more_menu.addAction("Show legend")
    panel.legend_action.setCheckable(True)
    panel.legend_action.setChecked(True)
    panel.legend_action.toggled.connect(panel._show_legend)
    more.setMenu(more_menu)
    panel.toolbar.addWidget(more)

    panel.plot = PlainView(background=theme.current().base)  # no axes, no plot menu: see plain_view
    panel.plot.setAntialiasing(True)
    panel.vb = panel.plot.getViewBox()
    panel.vb.setAspectLocked(True)
    panel.vb.setDefaultPadding(0.06)
    panel.legend_item = legend_item(panel.vb, 3)
    panel.plot.scene().sigMouseClicked.connect(panel._on_scene_click)
    panel.plot.scene().sigMouseMoved.connect(panel._on_mouse_moved)

    panel.progress = QProgressBar()
    panel.progress.setFormat("Laying out %v of %m iterations")
    cancel = QPushButton("Cancel")
    cancel.clicked.connect(panel.cancel_layout)
    panel.progress_row = QWidget()
    row = QHBoxLayout(panel.progress_row)
    row.setContentsMargins(4, 0, 4, 0)
    row.addWidget(panel.progress, 1)
    row.addWidget(cancel)
    panel.progress_row.hide()

    lay = QVBoxLayout(panel)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(0)
    lay.addWidget(panel.toolbar)
    lay.addWidget(panel.progress_row)
    lay.addWidget(panel.plot, 1)


def fill_filter_menu(panel) -> None:
    """The Ties menu: signs, then each family's kinds, as checkable entries."""
    menu = panel.filter_menu
    menu.clear()
    menu.addSection("Sign")
    for sign, label in nv.SIGN_LABELS.items():
        act = menu.addAction(label)
        act.setCheckable(True)
        act.setChecked(sign not in panel.state.hidden_signs)
        act.setData(("sign", sign))
        act.toggled.connect(lambda on, k=sign: panel._toggle_filter("sign", k, on))
    by_family: dict[str, set[str]] = {}
    for kind, fam in zip(panel.model.edge_kind, panel.model.edge_family):
        by_family.setdefault(fam, set()).add(kind)
    for fam in nv.FAMILIES:
        if fam not in by_family:
            continue
        menu.addSection(graph.FAMILY_LABELS[fam].capitalize())
        for kind in sorted(by_family[fam]):
            act = menu.addAction(kind.replace("_", " "))
            act.setCheckable(True)
            act.setChecked(kind not in panel.state.hidden_kinds)
            act.setData(("kind", kind))
            act.toggled.connect(lambda on, k=kind: panel._toggle_filter("kind", k, on))


def legend_item(vb, columns: int):
    """The on-screen legend, bottom left in the view, in ``columns`` columns (a new one for another
    count: pyqtgraph's ``setColumnCount`` leaves the old grid's rows and widths behind)."""
    lg = Legend(offset=(4, -4), colCount=columns, labelTextSize="7.5pt", verSpacing=1, horSpacing=0)
    lg.setParentItem(vb)
    return lg


def fit_legend(panel) -> bool:
    """Lay the legend out for the view's size: as many columns as fit its width (three on a large
    screen, two on a laptop), so it never runs past the view's edge nor hides an entry, and at most
    ``LEGEND_MAX`` of its height (the fit keeps that strip free of nodes). A view too small for
    it shows none (the ⋯ menu's choice stays; it comes back when the view grows). True when the
    legend was made anew (and the view fitted again)."""
    lg, room_w, room_h = panel.legend_item, panel.vb.width() - 8, panel.vb.height()
    if room_w <= 0 or room_h <= 0 or not lg.items:
        lg.setVisible(panel.state.legend)
        return False
    label_w = [label.text_size.width() for _, label in lg.items]
    sample_w = max(sample.boundingRect().width() for sample, _ in lg.items) + 6  # as LegendItem adds them
    row_h = (lg.boundingRect().height() - 4) / max(1, -(-len(lg.items) // lg.columnCount))

    def fits(n: int) -> bool:  # items go row by row: item i in column i % n
        width = sum(max(label_w[j::n]) + sample_w for j in range(n))
        return width <= room_w and -(-len(label_w) // n) * row_h + 10 <= LEGEND_MAX * room_h

    n = next((n for n in (3, 2) if fits(n)), None)
    shown = panel.state.legend and n is not None
    if shown != lg.isVisible() and not shown and panel.state.legend and panel.isVisible():
        panel.session.status.emit("The network's legend is hidden while its view is this small (it would "
                                  "cover the nodes); it comes back when the view is larger.")
    lg.setVisible(shown)
    if n is None or n == lg.columnCount:
        return False
    # The entries move into a legend of n columns: their labels are laid-out text, and making them
    # again cost ~12 ms of CPU at start-up (the first resize turns the three columns into two).
    panel.legend_item = move_legend_entries(lg, legend_item(panel.vb, n))
    panel.legend_item.freeze()  # drawn as one picture again (items.Legend), as update_legend leaves it
    if lg.scene() is not None:
        lg.scene().removeItem(lg)
    if not fit_legend(panel):
        panel._refit()
    return True
