"""On a slide, every node is named: the nodes the label placer found no room for carry a number,
and a key in the figure's emptiest corner says whose each number is ("1 European Union · 2 …").

The placer drops a name where all eight spots around a node are taken (a dense hub, the selection's
bold names). On screen that is fine — hover or select names it — but a slide is looked at, not
explored: an anonymous dot there is a fact the audience cannot read (issue 17k: a context node
beside "Trilateral statement…" on scene 2's slide).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from ... import theme

KEY_HEIGHT = 0.25  # the most of the figure's height the key takes; past its lines, "+N more"
KEY_SHARE = 0.45  # the most of the figure's width the key takes (so that it fits in a corner)


def number_unnamed(p: QPainter, fig, xy: np.ndarray, w: float, h: float) -> None:
    """Number the nodes of ``fig`` drawn inside ``w`` × ``h`` that have no name in ``fig.last_labels``,
    in reading order, and draw the key (at most ``KEY_LINES`` lines: past them it counts the rest,
    "+N more", which stay without a number). Sets ``fig.last_unnamed`` [(node, number)],
    ``fig.last_unnumbered`` (how many the key only counts), ``fig.last_key_text`` and
    ``fig.last_key_rect`` (tests read them back)."""
    m = fig.model
    named = {label.node for label in fig.last_labels}
    inside = m.node_visible & (xy[:, 0] >= 0) & (xy[:, 0] <= w) & (xy[:, 1] >= 0) & (xy[:, 1] <= h) \
        if len(xy) else np.zeros(0, dtype=bool)
    todo = [i for i in np.flatnonzero(inside).tolist() if i not in named]
    todo.sort(key=lambda i: (round(float(xy[i, 1]) / 40), float(xy[i, 0])))  # rows of 40 px, left to right
    fig.last_unnamed, fig.last_unnumbered, fig.last_key_text, fig.last_key_rect = [], 0, "", QRectF()
    if not todo:
        return
    font = fig.style.font(fig.style.small_label_pt, bold=True)
    fm = QFontMetricsF(font)
    max_lines = max(2, int(h * KEY_HEIGHT / fm.lineSpacing()))
    lines = _key_lines(fig, todo, fm, max(w * KEY_SHARE, min(w - 12, 320.0)), max_lines)
    p.save()
    p.setRenderHint(QPainter.Antialiasing)
    p.setRenderHint(QPainter.TextAntialiasing)
    p.setFont(font)
    t = theme.current()
    taken = [label.rect for label in fig.last_labels]
    for i, n in fig.last_unnamed:  # a numbered badge by the node, as a footnote mark, off the names
        r, x, y = float(m.node_size[i]) * fig.style.mark_scale / 2, float(xy[i, 0]), float(xy[i, 1])
        text = str(n)
        bw, bh = max(fm.horizontalAdvance(text) + 6, fm.height()), fm.height()
        spots = [QRectF(x + d, y - d - bh, bw, bh) for d in (r * 0.5, r + 4)] + \
            [QRectF(x - d - bw, y - d - bh, bw, bh) for d in (r * 0.5, r + 4)] + \
            [QRectF(x + d, y + d, bw, bh) for d in (r * 0.5, r + 4)] + \
            [QRectF(x - d - bw, y + d, bw, bh) for d in (r * 0.5, r + 4)]
        spots.sort(key=lambda b: abs(b.center().x() - x) + abs(b.center().y() - y))  # the nearest free one
        def hidden(b: QRectF) -> float:  # how much of the names (and other badges) a spot would cover
            return sum((b & o).width() * (b & o).height() for o in taken if b.intersects(o))

        box = min(spots, key=hidden)  # the nearest of the least covering (a free one when there is)
        taken.append(box)
        p.setPen(QPen(QColor(t.text), 1.0))
        p.setBrush(QColor(t.base))
        p.drawRoundedRect(box, bh / 2, bh / 2)
        p.drawText(box, Qt.AlignCenter, text)
    _draw_key(p, fig, xy, w, h, lines, fm)
    p.restore()


def _key_lines(fig, todo: list[int], fm: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """The key's lines, numbering the nodes of ``todo`` as they fit (``fig.last_unnamed``)."""
    from ....core.views.network import label_text

    lines, line = [], "Not named for room:"
    for k, i in enumerate(todo):
        entry = f"{k + 1} {label_text(fig.label(fig.model.node_ids[i]))}"
        more = f" · +{len(todo) - k} more" if len(lines) == max_lines - 1 else ""
        sep = " " if line.endswith(":") else " · "
        if fm.horizontalAdvance(line + sep + entry + more) > width and not line.endswith(":"):
            if len(lines) == max_lines - 1:
                fig.last_unnumbered = len(todo) - k
                line += more
                break
            lines.append(line)
            line, sep = "", ""
        line += sep + entry
        fig.last_unnamed.append((i, k + 1))
    lines.append(line)
    return lines


def _draw_key(p: QPainter, fig, xy: np.ndarray, w: float, h: float, lines: list[str], fm: QFontMetricsF) -> None:
    t = theme.current()
    box_w = max(fm.horizontalAdvance(x) for x in lines) + 8
    box_h = fm.lineSpacing() * len(lines) + 4
    drawn = xy[fig.model.node_visible] if len(xy) else xy
    corners = [QRectF(2, h - box_h - 2, box_w, box_h), QRectF(w - box_w - 2, h - box_h - 2, box_w, box_h),
               QRectF(2, 2, box_w, box_h), QRectF(w - box_w - 2, 2, box_w, box_h)]

    def under(r: QRectF) -> int:  # the nodes (and the names) the key would hide there
        nodes = int(((drawn[:, 0] >= r.left() - 8) & (drawn[:, 0] <= r.right() + 8) & (drawn[:, 1] >= r.top() - 8)
                     & (drawn[:, 1] <= r.bottom() + 8)).sum()) if len(drawn) else 0
        return 4 * (nodes + sum(1 for label in fig.last_labels if label.rect.intersects(r)))

    rect = min(corners, key=under)  # the first of the emptiest: bottom left, where a reader looks last
    p.setPen(Qt.NoPen)
    p.setBrush(QColor(t.base))
    p.drawRect(rect)
    p.setPen(QColor(t.text))
    for k, x in enumerate(lines):
        p.drawText(QPointF(rect.left() + 4, rect.top() + 2 + fm.ascent() + k * fm.lineSpacing()), x)
    fig.last_key_text, fig.last_key_rect = "\n".join(lines), rect
