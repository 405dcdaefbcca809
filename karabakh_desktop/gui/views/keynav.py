"""The keyboard in a plotted view (network, map, timeline): the arrow keys move a focus ring to
the nearest item in that direction (``core.views.keyboard``), Enter selects the item in the ring,
Ctrl+Enter adds it to the selection; the view shows a frame while it has the keyboard.

A panel hands over its view, its session and one function, ``items() -> (ids, xy, usable)``: the
items it draws with their positions in the view's scene (pixels) and which of them are on screen.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsRectItem, QGraphicsView

from ...core.views.keyboard import nearest_in_direction
from .. import theme

KEYS = {Qt.Key_Left: "left", Qt.Key_Right: "right", Qt.Key_Up: "up", Qt.Key_Down: "down"}
RING_R = 12.0


class KeyNavigator(QObject):
    def __init__(self, view: QGraphicsView, session, items, origin: str):
        super().__init__(view)
        self.view, self.session, self.items, self.origin = view, session, items, origin
        self.current: str | None = None
        view.setFocusPolicy(Qt.StrongFocus)
        view.installEventFilter(self)
        self.ring = QGraphicsEllipseItem(QRectF(-RING_R, -RING_R, 2 * RING_R, 2 * RING_R))
        self.ring.setZValue(1e6)
        self.ring.setVisible(False)
        self.ring.setAcceptedMouseButtons(Qt.NoButton)
        view.scene().addItem(self.ring)
        # The frame is drawn in the scene, not by a style sheet: a style sheet would re-polish and
        # resize the view whenever the keyboard comes or goes.
        self.frame = QGraphicsRectItem()
        self.frame.setZValue(1e6)
        self.frame.setVisible(False)
        self.frame.setAcceptedMouseButtons(Qt.NoButton)
        view.scene().addItem(self.frame)

    # --- moving ------------------------------------------------------------------------------------
    def _where(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        ids, xy, usable = self.items()
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return list(ids), xy, (np.ones(len(xy), dtype=bool) if usable is None else np.asarray(usable, dtype=bool))

    def move(self, direction: str) -> str | None:
        """Move the ring by one arrow key; returns the item now in it. The first key puts it on the
        selection when that is on screen."""
        ids, xy, usable = self._where()
        here = next((k for k, i in enumerate(ids) if i == self.current and usable[k]), None)
        k = None
        if here is None:
            k = next((k for k, i in enumerate(ids) if i in self.session.touch.selected and usable[k]), None)
        if k is None:
            k = nearest_in_direction(xy, here, direction, usable)
        if k is not None:
            self.current = ids[k]
            self.session.status.emit(f"{self.session.label(self.current)} — Enter selects, Ctrl+Enter adds")
        self.refresh()
        return self.current

    def activate(self, add: bool = False) -> None:
        if self.current is not None:
            self.session.select(self.current, add=add, origin=self.origin)

    def refresh(self) -> None:
        """Put the ring on the current item (after a pan, zoom, resize or restyle) and the frame
        round the view while it has the keyboard."""
        focused = self.view.hasFocus()
        self.frame.setVisible(focused)
        if focused:
            pen = QPen(theme.link_colour(theme.current().name), 2.0)
            pen.setCosmetic(True)
            self.frame.setPen(pen)
            vp = self.view.viewport().rect()
            self.frame.setRect(self.view.mapToScene(vp.adjusted(1, 1, -2, -2)).boundingRect())
        if self.current is None or not focused:
            self.ring.setVisible(False)
            return
        ids, xy, usable = self._where()
        at = next((k for k, i in enumerate(ids) if i == self.current and usable[k]), None)
        if at is None:
            self.ring.setVisible(False)
            return
        pen = QPen(theme.link_colour(theme.current().name), 2.5, Qt.DashLine)
        pen.setCosmetic(True)
        self.ring.setPen(pen)
        self.ring.setPos(float(xy[at][0]), float(xy[at][1]))
        self.ring.setVisible(True)

    # --- events ------------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.KeyPress:
            key = event.key()
            if key in KEYS and not event.modifiers() & (Qt.AltModifier | Qt.ControlModifier):
                self.move(KEYS[key])
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter) and self.current is not None:
                self.activate(add=bool(event.modifiers() & Qt.ControlModifier))
                return True
        elif kind in (QEvent.FocusIn, QEvent.FocusOut, QEvent.Resize):
            self.refresh()
        return False
