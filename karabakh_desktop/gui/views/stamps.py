"""Drawing on screen, with what a selection does not change made once.

Laying out and drawing a line of text costs some 12 µs a label on every repaint, and the same labels
come back with every selection. :class:`StaticTexts` keeps each label's shaped text (QStaticText:
half the time, the same pixels); :class:`LabelStamps` keeps a label's whole picture as a pixmap
(a fifth of the time, but text blended into a transparent pixmap is not blended quite as Qt blends
it onto the view, so only where that was already so: the network's labels). Only the screen comes
here: an export draws its labels as text, which stays text in SVG and PDF.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPixmap, QStaticText, QTransform


class StaticTexts:
    """Single lines of text shaped once per (text, font) and drawn where ``drawText(box,
    AlignLeft | AlignVCenter, text)`` would draw them, in the painter's pen. Shaped for a device pixel
    ratio of 1: on a scaled screen the glyphs would fall a little otherwise than drawText puts them,
    so there the text is drawn as drawText draws it."""

    def __init__(self, limit: int = 2000):
        self.limit = limit
        self._texts: dict[tuple, tuple[QStaticText, float]] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def draw(self, p: QPainter, box: QRectF, text: str, font: QFont, font_key: str | None = None) -> None:
        if p.device().devicePixelRatioF() != 1.0:
            p.setFont(font)
            p.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, text)
            return
        st, height = self.shaped(text, font, font_key)
        # centred on the line's height as drawText centres it (QStaticText.size() is rounded up)
        p.drawStaticText(QPointF(box.x(), box.y() + (box.height() - height) / 2), st)

    def shaped(self, text: str, font: QFont, font_key: str | None = None) -> tuple[QStaticText, float]:
        """The kept shaped ``text`` in ``font``, and the font's line height."""
        key = (text, font.key() if font_key is None else font_key)
        got = self._texts.get(key)
        if got is None:
            if len(self._texts) >= self.limit:  # names and fonts come and go: start again
                self._texts.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.PlainText)
            st.prepare(QTransform(), font)
            got = self._texts[key] = (st, QFontMetricsF(font).height())
        return got


class LabelStamps:
    """Pixmaps of labels, one per look (``key``) and size, put at the nearest whole pixel.

    ``draw(p, rect, key, paint)`` puts ``paint(q, rect)``'s picture at ``rect`` of ``p`` (a painter on a
    raster device with no transform but its device pixel ratio ``dpr``). ``key`` must say everything
    ``paint`` draws but the rectangle (text, font, colours): a change of any of them is another pixmap."""

    def __init__(self, limit: int = 1280):
        self.limit = limit
        self._pixmaps: dict[tuple, QPixmap] = {}

    def __len__(self) -> int:
        return len(self._pixmaps)

    def draw(self, p: QPainter, rect: QRectF, key: tuple, paint: Callable[[QPainter, QRectF], None],
             dpr: float = 1.0) -> None:
        w, h = rect.width(), rect.height()
        full = (key, w, h, dpr)
        pm = self._pixmaps.get(full)
        if pm is None:
            if len(self._pixmaps) >= self.limit:  # looks come and go (themes, names, zoom): start again
                self._pixmaps.clear()
            pm = QPixmap(math.ceil(w * dpr), math.ceil(h * dpr))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.transparent)
            q = QPainter(pm)
            q.setRenderHint(QPainter.Antialiasing)
            q.setRenderHint(QPainter.TextAntialiasing)
            paint(q, QRectF(0, 0, w, h))
            q.end()
            self._pixmaps[full] = pm
        p.drawPixmap(QPointF(round(rect.x()), round(rect.y())), pm)  # at a whole logical pixel, as they always were
