"""The app's style draws scroll bars flat (cheap at any length), keeps Fusion's sizes, and stays
installed, with a handle clear of its groove, in every theme."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QScrollBar, QStyle, QStyleFactory

from karabakh_desktop.gui import theme
from karabakh_desktop.gui.flat_style import FlatScrollBars, bar_colours

NON_TEXT = 3.0  # WCAG 2.1 non-text contrast


def _bar(qtbot, orientation=Qt.Vertical, length=300):
    bar = QScrollBar(orientation)
    qtbot.addWidget(bar)
    bar.setRange(0, 1000)
    bar.setPageStep(250)
    bar.setValue(500)
    bar.resize(*((bar.sizeHint().width(), length) if orientation == Qt.Vertical else (length, bar.sizeHint().height())))
    bar.show()
    qtbot.waitExposed(bar)
    return bar


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_every_theme_keeps_the_flat_bars_and_draws_a_clear_handle(qtbot, name):
    app = QApplication.instance()
    try:
        theme.apply(app, "light")
        style = app.style()
        theme.apply(app, name)
        assert isinstance(app.style(), FlatScrollBars)
        assert app.style() is style  # a theme switch keeps the style object: no re-polish of every widget
        colours = bar_colours(app.palette())
        assert theme.contrast(colours["handle"], colours["groove"]) >= NON_TEXT, name
        assert theme.contrast(colours["pressed"], colours["groove"]) >= NON_TEXT, name
        for orientation in (Qt.Vertical, Qt.Horizontal):
            bar = _bar(qtbot, orientation)
            img = bar.grab().toImage()
            handle = bar.style().subControlRect(QStyle.CC_ScrollBar, _option(bar), QStyle.SC_ScrollBarSlider, bar)
            groove = bar.style().subControlRect(QStyle.CC_ScrollBar, _option(bar), QStyle.SC_ScrollBarGroove, bar)
            assert handle.isValid() and groove.contains(handle)
            drawn = img.pixelColor(handle.center())
            assert drawn.name() == colours["handle"].name(), name
            # the groove beside the handle: its own colour, the handle clear of it
            beside = (groove.top() + 2 if orientation == Qt.Vertical else groove.center().y(),
                      groove.center().x() if orientation == Qt.Vertical else groove.left() + 2)
            assert img.pixelColor(beside[1], beside[0]).name() == colours["groove"].name(), name
            assert theme.contrast(drawn, QColor(colours["groove"])) >= NON_TEXT
            # an arrow at each end, in the arrow colour
            for part in (QStyle.SC_ScrollBarSubLine, QStyle.SC_ScrollBarAddLine):
                r = bar.style().subControlRect(QStyle.CC_ScrollBar, _option(bar), part, bar)
                assert not r.isEmpty()
                assert colours["pressed"].name() in {img.pixelColor(r.center().x() + dx, r.center().y() + dy).name()
                                                     for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
    finally:
        theme.apply(app, "light")


def _option(bar):
    from PySide6.QtWidgets import QStyleOptionSlider

    opt = QStyleOptionSlider()
    bar.initStyleOption(opt)
    return opt


def test_the_bars_keep_fusions_sizes_and_places(qtbot):
    """Only the drawing changes: the bar's width and where its handle and arrows are (so where a click
    lands) are Fusion's, and no layout moves."""
    fusion = QStyleFactory.create("Fusion")
    flat = QApplication.instance().style()
    assert isinstance(flat, FlatScrollBars)
    for metric in (QStyle.PM_ScrollBarExtent, QStyle.PM_ScrollBarSliderMin):
        assert flat.pixelMetric(metric) == fusion.pixelMetric(metric)
    bar = _bar(qtbot, length=420)
    opt = _option(bar)
    for part in (QStyle.SC_ScrollBarSlider, QStyle.SC_ScrollBarSubLine, QStyle.SC_ScrollBarAddLine,
                 QStyle.SC_ScrollBarGroove, QStyle.SC_ScrollBarAddPage, QStyle.SC_ScrollBarSubPage):
        assert flat.subControlRect(QStyle.CC_ScrollBar, opt, part, bar) == \
            fusion.subControlRect(QStyle.CC_ScrollBar, opt, part, bar), part
    twin = QScrollBar(Qt.Vertical)
    qtbot.addWidget(twin)
    twin.setStyle(fusion)
    fusion.setParent(twin)
    assert bar.sizeHint() == twin.sizeHint() and bar.minimumSizeHint() == twin.minimumSizeHint()


def test_a_held_handle_and_a_disabled_bar_look_different(qtbot):
    bar = _bar(qtbot)
    colours = bar_colours(bar.palette())
    opt = _option(bar)
    handle = bar.style().subControlRect(QStyle.CC_ScrollBar, opt, QStyle.SC_ScrollBarSlider, bar)
    rest = bar.grab().toImage().pixelColor(handle.center())
    qtbot.mousePress(bar, Qt.LeftButton, pos=handle.center())
    held = bar.grab().toImage().pixelColor(handle.center())
    qtbot.mouseRelease(bar, Qt.LeftButton, pos=handle.center())
    bar.setEnabled(False)
    off = bar.grab().toImage().pixelColor(handle.center())
    assert rest.name() == colours["handle"].name()
    assert held.name() == colours["pressed"].name()
    assert off.name() == colours["disabled"].name()
    assert len({rest.name(), held.name(), off.name()}) == 3
