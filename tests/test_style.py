"""The application's style: Qt's Fusion, with the dock title bars' icons made once (theme.FusionStyle)."""

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory

from karabakh_desktop.gui import theme


def _pixels(icon, size=16):
    return icon.pixmap(QSize(size, size)).toImage()


def test_the_style_is_fusion_and_one_object_whatever_the_theme(qapp):
    theme.apply(qapp, "light")
    style = QApplication.style()
    assert isinstance(style, theme.FusionStyle) and style.baseStyle().name() == "fusion"
    for name in ("dark", "high-contrast", "light"):
        theme.apply(qapp, name)
        assert QApplication.style() is style  # not made again: a new style re-polishes every widget


def test_the_dock_title_bar_icons_are_fusions_own_made_once(qapp):
    theme.apply(qapp, "light")
    style, fusion = QApplication.style(), QStyleFactory.create("Fusion")
    for which in (QStyle.SP_TitleBarCloseButton, QStyle.SP_TitleBarNormalButton):
        first, again = style.standardIcon(which), style.standardIcon(which)
        assert first.cacheKey() == again.cacheKey()  # kept, not made from its image files each time
        for size in (10, 16, 20, 32):
            assert _pixels(first, size) == _pixels(fusion.standardIcon(which), size)
    other = QStyle.SP_DialogOkButton  # every other icon is Fusion's, asked for each time as before
    assert _pixels(style.standardIcon(other)) == _pixels(fusion.standardIcon(other))


def test_a_dock_title_bar_lays_out_its_buttons_as_fusion_does(qapp, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyleOptionDockWidget

    theme.apply(qapp, "light")
    win = QMainWindow()
    qtbot.addWidget(win)
    dock = QDockWidget("Memo", win)
    win.addDockWidget(Qt.LeftDockWidgetArea, dock)
    win.resize(600, 400)
    win.show()
    qtbot.waitExposed(win)
    opt = QStyleOptionDockWidget()
    opt.rect, opt.title, opt.closable, opt.floatable = dock.rect(), "Memo", True, True
    style, fusion = QApplication.style(), QStyleFactory.create("Fusion")
    for element in (QStyle.SE_DockWidgetCloseButton, QStyle.SE_DockWidgetFloatButton, QStyle.SE_DockWidgetTitleBarText):
        assert style.subElementRect(element, opt, dock) == fusion.subElementRect(element, opt, dock)
        assert style.subElementRect(element, opt, dock).isValid()
