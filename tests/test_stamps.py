"""What the screen keeps between repaints (gui/views/stamps.py): shaped names drawn exactly where
drawText draws them, pixmaps of labels per look, and graphics items kept as pixmaps."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from karabakh_desktop.gui.views.stamps import LabelStamps, StaticTexts
from karabakh_desktop.gui.views.style import SCREEN


def _image(draw, w=320, h=80, dpr=1.0) -> QImage:
    img = QImage(int(w * dpr), int(h * dpr), QImage.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(dpr)
    img.fill(QColor("#F4F1EA"))
    p = QPainter(img)
    draw(p)
    p.end()
    return img


def _pixels(img: QImage) -> np.ndarray:
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    return arr[:, :img.width() * 4].copy()


@pytest.mark.parametrize("dpr", [1.0, 2.0])  # (a screen scaled by 2 gets drawText itself)
@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("x, y, extra", [(10.0, 8.0, 0.0), (12.37, 9.81, 0.0), (3.5, 20.25, 7.0)])
def test_a_kept_name_is_drawn_pixel_for_pixel_as_drawtext_draws_it(qapp, bold, x, y, extra, dpr):
    font = SCREEN.font(SCREEN.strong_label_pt if bold else SCREEN.label_pt, bold=bold)
    text = "Azerbaijani forces take Shusha / Shushi"
    fm = QFontMetricsF(font)
    box = QRectF(x, y, fm.horizontalAdvance(text), fm.height() + extra)
    texts = StaticTexts()

    def kept(p):
        p.setFont(font)
        p.setPen(QColor("#202020"))
        texts.draw(p, box, text, font)

    def direct(p):
        p.setFont(font)
        p.setPen(QColor("#202020"))
        p.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, text)

    first, again = _pixels(_image(kept, dpr=dpr)), _pixels(_image(kept, dpr=dpr))
    reference = _pixels(_image(direct, dpr=dpr))
    assert (reference != _pixels(_image(lambda p: None, dpr=dpr))).any()  # something was drawn
    assert np.array_equal(first, reference) and np.array_equal(again, reference)
    assert len(texts) == (1 if dpr == 1.0 else 0)  # shaped once, drawn twice


def test_kept_names_are_shaped_again_for_another_text_or_font_and_drawn_in_the_pen_of_the_moment(qapp):
    font, bold = SCREEN.font(SCREEN.label_pt), SCREEN.font(SCREEN.strong_label_pt, bold=True)
    texts = StaticTexts()
    box = QRectF(4, 4, 200, 20)

    def draw(text, f, colour):
        def paint(p):
            p.setPen(QColor(colour))
            texts.draw(p, box, text, f)
        return _pixels(_image(paint)).reshape(80, 320, 4)

    light = draw("44-day war", font, "#202020")
    renamed = draw("Second Karabakh War", font, "#202020")
    strong = draw("44-day war", bold, "#202020")
    assert len(texts) == 3 and not np.array_equal(light, renamed) and not np.array_equal(light, strong)
    dark = draw("44-day war", font, "#E8E6E3")  # a theme's text colour: the same shaped text, recoloured
    assert len(texts) == 3
    ink = (np.abs(light[..., :3].astype(int) - [0xEA, 0xF1, 0xF4]).sum(axis=2) > 60)
    assert ink.any()
    assert (dark[ink][:, :3].astype(int).sum(axis=1) > light[ink][:, :3].astype(int).sum(axis=1)).all()


def test_label_stamps_keep_one_pixmap_per_look_and_put_it_on_the_whole_pixel(qapp):
    stamps = LabelStamps()
    calls = []

    def paint_with(colour):
        def paint(q, r):
            calls.append(colour)
            q.fillRect(r, QColor(colour))
        return paint

    rect = QRectF(10.4, 5.6, 30, 12)
    img = _image(lambda p: [stamps.draw(p, rect, ("red",), paint_with("#D55E00")) for _ in range(3)])
    assert calls == ["#D55E00"] and len(stamps) == 1  # drawn once, stamped three times
    assert img.pixelColor(10, 6) == QColor("#D55E00") and img.pixelColor(39, 17) == QColor("#D55E00")
    assert img.pixelColor(9, 6) != QColor("#D55E00") and img.pixelColor(10, 5) != QColor("#D55E00")
    img = _image(lambda p: stamps.draw(p, rect, ("blue",), paint_with("#0072B2")))
    assert calls == ["#D55E00", "#0072B2"] and len(stamps) == 2  # another look: another pixmap
    assert img.pixelColor(20, 10) == QColor("#0072B2")
