"""What the map lays over its view for the selection: arrows on the edge towards selected places
out of view, "show selection", and the description box of a clicked shape (over the map, so it
never resizes it; it belongs to the selection it was opened for)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QLabel, QSizePolicy

from ....core.views import map as mv
from ... import theme
from .figure import qcolour

REGION, COMPARISON = mv.REGION, mv.COMPARISON


def selected_points(panel) -> dict[str, tuple[float, float]]:
    layer = panel.current_layer()
    return {pid: (float(layer.xy[layer.index[pid]][0]), float(layer.xy[layer.index[pid]][1]))
            for pid in panel.session.touch.selected if pid in layer.index}


def build(panel) -> None:
    """The description box (hidden until a shape is clicked) and the one-line hint under the map."""
    # The description of a clicked shape floats over the map's bottom edge: it never resizes the map,
    # and it belongs to the selection it was opened for (gone when that changes).
    panel.info = QLabel(panel.plot)
    panel.info.setWordWrap(True)
    panel.info.setTextFormat(Qt.RichText)
    panel.info.setObjectName("map-info")
    panel.info.setAutoFillBackground(True)
    panel.info.setFrameShape(QLabel.StyledPanel)
    panel.info.setMargin(4)
    panel.info.hide()
    panel._info_for = None  # the selection the box describes
    panel.hint = QLabel("Outlines: Natural Earth (as it draws them). Dashed and hatched shapes are approximate. "
                        "Click a place to select it.")
    panel.hint.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)  # one line, whatever the width
    panel.hint.setToolTip(panel.hint.text())
    panel.hint.setStyleSheet("color: gray; font-size: 8pt;")
    panel._edge_items = []


def key_items(panel):
    """The places the arrow keys move between: the current view's markers on screen, in scene pixels."""
    layer = panel.current_layer()
    vb = panel.plot.getViewBox()
    vb.childTransform()  # brings pyqtgraph's lazily updated view matrix up to date
    tr = vb.childGroup.sceneTransform()
    xy = np.asarray(layer.xy, dtype=float).reshape(-1, 2)
    sx, sy = tr.m11() * xy[:, 0] + tr.dx(), tr.m22() * xy[:, 1] + tr.dy()
    r = vb.sceneBoundingRect()
    inside = (sx >= r.left()) & (sx <= r.right()) & (sy >= r.top()) & (sy <= r.bottom())
    return list(layer.ids), np.column_stack([sx, sy]), inside


def edge_arrows(panel) -> list[tuple[str, float, float, str]]:
    """The arrows on the map's edge pointing at selected places out of view: (id, x, y, arrow)."""
    vb = panel.plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    r = vb.boundingRect()
    return mv.edge_arrows(selected_points(panel), (x0, x1, y0, y1), (r.width(), r.height()))


def update_edge_arrows(panel) -> None:
    if not hasattr(panel, "title_text"):
        return
    vb = panel.plot.getViewBox()
    arrows = edge_arrows(panel)
    while len(panel._edge_items) < len(arrows):
        item = QGraphicsSimpleTextItem(vb)
        item.setZValue(70)
        panel._edge_items.append(item)
    t = theme.current()
    for item, (pid, x, y, arrow) in zip(panel._edge_items, arrows):
        item.setText(f"{arrow} {panel.session.label(pid)}" if arrow in "→↗↘↓" else f"{panel.session.label(pid)} {arrow}")
        item.setBrush(QBrush(qcolour(t.text)))
        if "place" in panel.fonts:
            item.setFont(panel.fonts["place"][0])
        br = item.boundingRect()
        # the text lies on the view's side of the arrow point, inside the edge
        ax = min(max(x - (br.width() if x > vb.boundingRect().width() / 2 else 0), 2),
                 vb.boundingRect().width() - br.width() - 2)
        ay = min(max(y - br.height() / 2, 2), vb.boundingRect().height() - br.height() - 2)
        item.setPos(ax, ay)
        item.setToolTip(f"{panel.session.label(pid)} is out of view: click “Selection” to bring it in")
        item.show()
    for item in panel._edge_items[len(arrows):]:
        item.hide()


def show_selection(panel) -> None:
    """Fit the map to the selected places (the comparison view for places only it shows)."""
    pts = selected_points(panel)
    if not pts and panel.view == REGION:
        in_cases = [p for p in panel.session.touch.selected if p in panel.comparison.index]
        if in_cases:
            panel.set_view(COMPARISON)
            pts = selected_points(panel)
    if not pts:
        panel.session.status.emit("Nothing selected that the map shows.")
        return
    xs, ys = [p[0] for p in pts.values()], [p[1] for p in pts.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 60.0) / 2 * 1.3  # at least ~80 km across
    proj = panel.current_layer().projection
    w, s = proj.inverse(cx - half, cy - half)
    e, n = proj.inverse(cx + half, cy + half)
    panel._fit(panel.view, (w, s, e, n))


def set_info(panel, html: str, for_items: tuple[str, ...] = ()) -> None:
    """Show (or, with no text, hide) the description box, for the selection ``for_items``."""
    panel._info_for = for_items if html else None
    panel.info.setText(html)
    panel.info.setVisible(bool(html))
    place_info(panel)


def place_info(panel) -> None:
    if panel.info.isHidden():
        return
    vp = panel.plot.viewport().geometry()
    w = max(120, min(vp.width() - 12, 380))
    h = min(panel.info.heightForWidth(w), vp.height() // 2)
    panel.info.setGeometry(vp.left() + 6, vp.bottom() - h - 6, w, h)
    panel.info.raise_()
