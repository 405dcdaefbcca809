"""Colours and fonts. Item kinds use the Okabe–Ito palette, which stays distinct for the common
forms of colour blindness; the highlight is a colour no kind uses, plus weight and outline, so it
never rests on hue alone."""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass

import shiboken6
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

from .. import paths

# Okabe & Ito (2008), "Color Universal Design".
KIND_COLOURS = {
    "actor": "#0072B2",     # blue
    "place": "#009E73",     # bluish green
    "event": "#E69F00",     # orange
    "relation": "#CC79A7",  # reddish purple
    "claim": "#D55E00",     # vermillion
    "pattern": "#56B4E9",   # sky blue
    "cell": "#56B4E9",
    "figure": "#8C7A00",    # dark yellow (readable as text)
    "sentence": "#777777",
}
KIND_LABELS = {"actor": "Actor", "place": "Place", "event": "Event", "relation": "Relation", "claim": "Claim",
               "pattern": "Pattern", "cell": "Pattern cell", "figure": "Figure", "sentence": "Sentence"}
# One meaning per colour in what a user sees together (tests/test_palette.py holds the rule): item kinds
# keep Okabe–Ito; a tie's sign and a timeline category take hues no kind uses (from Paul Tol's
# colour-blind-safe schemes), every colour of one set at least CIE ΔE 25 from every colour of another,
# in every theme. Grey (#777777) is the shared "other / neutral / no category", on purpose.
# Sign is dark (indigo, maroon) so a tie reads as a line; categories are light, so a bar's darker
# outline carries it on white and its fill on black. The timeline's lanes name the category too.
SIGN_COLOURS = {"cooperative": "#332288", "conflictual": "#6D0F2E", "neutral": "#777777"}
CATEGORY_COLOURS = {
    "military": "#EE8866",           # coral
    "diplomatic": "#B4A7E5",         # lavender
    "domestic_politics": "#AA4499",  # purple
    "humanitarian": "#99DD88",       # pale green
    "reconstruction": "#DDCC77",     # sand
    "economic": "#BBEEDD",           # mint
    "publication": "#555555",
}
OTHER_COLOUR = "#777777"
HIGHLIGHT = "#FFB000"  # selection: amber, used by no kind
FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str
    text: str
    muted: str
    highlight: str
    touched: str  # background of softly highlighted text
    selected: str  # background of strongly highlighted text
    dim_alpha: int  # 0..255 for things not touched by the selection


THEMES = {
    "light": Theme("light", "#F3F3F3", "#FFFFFF", "#1A1A1A", "#6B6B6B", HIGHLIGHT, "#FFF1C9", "#FFD36B", 70),
    "dark": Theme("dark", "#262626", "#1C1C1C", "#EDEDED", "#9A9A9A", HIGHLIGHT, "#4A3B12", "#8A6400", 80),
    "high-contrast": Theme("high-contrast", "#000000", "#000000", "#FFFFFF", "#D0D0D0", "#FFFF00", "#333300",
                           "#7A7A00", 110),
}


def kind_colour(kind: str | None) -> QColor:
    return QColor(KIND_COLOURS.get(kind or "", "#777777"))


def sign_colour(sign: str, background: str | None = None) -> QColor:
    """A tie's sign as drawn on ``background`` (the theme's): dark on a light background, lifted to
    3:1 (WCAG non-text contrast) on a dark one, its hue kept."""
    bg = background or current().base
    c = QColor(SIGN_COLOURS.get(sign, OTHER_COLOUR))
    return readable(c, bg, 3.0) if luminance(bg) < 0.18 else c


AA = 4.5  # WCAG 2 AA contrast for normal text


def luminance(colour: str | QColor) -> float:
    """WCAG relative luminance of an sRGB colour."""
    c = QColor(colour)

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: str | QColor, b: str | QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str | QColor, background: str | QColor, ratio: float = AA) -> QColor:
    """``colour`` with its hue kept, darkened or lightened (towards the far end from the background)
    just enough to read on ``background`` at ``ratio``."""
    c, bg = QColor(colour), QColor(background)
    dark_bg = luminance(bg) < 0.18
    h, s, light, a = c.getHslF()
    h = max(h, 0.0)  # a grey has no hue (-1)
    step = 0
    while contrast(c, bg) < ratio and step < 40:
        light = min(1.0, light + 0.025) if dark_bg else max(0.0, light - 0.025)
        c = QColor.fromHslF(h, s, light, a)
        step += 1
    return c


def kind_text_colour(kind: str | None, background: str | None = None) -> QColor:
    """A kind's colour as text (memo names, search results) on the theme's background: the same hue,
    at AA contrast (sky blue darkened on white, dark blue lightened on black)."""
    return QColor.fromRgba(_kind_text_rgba(kind or "", background or current().base))


@functools.lru_cache(maxsize=64)
def _kind_text_rgba(kind: str, background: str) -> int:
    # A handful of kinds and backgrounds: the contrast search runs once for each pair, not once per
    # name in a document (the memo panel colours every mention of a document it turns to).
    return readable(kind_colour(kind), background).rgba()


def link_colour(name: str) -> QColor:
    t = THEMES.get(name, THEMES["light"])
    return readable("#0072B2" if name == "light" else "#56B4E9", t.base)


def register_fonts() -> list[str]:
    """Register the bundled DejaVu Sans so every script of the memo's world renders with no system
    fonts; returns the families loaded."""
    families = []
    for ttf in sorted((paths.resources_dir() / "fonts").glob("*.ttf")):
        fid = QFontDatabase.addApplicationFont(str(ttf))
        if fid >= 0:
            families += QFontDatabase.applicationFontFamilies(fid)
    return families


_SHEETED: weakref.WeakSet = weakref.WeakSet()  # widgets with their own style sheet, re-polished by apply


def keep_sheet(widget):
    """Register a widget that carries its own style sheet, so a theme change re-polishes it."""
    _SHEETED.add(widget)
    return widget


class FusionStyle(QProxyStyle):
    """Qt's Fusion, with the dock title bars' close and float icons made once. Qt's dock layout asks
    the style for those icons (for their size) at every layout of every title bar, ~160 times as the
    window opens, and Fusion makes each anew from six image files: ~10 ms of CPU of the start-up.
    The icons are Fusion's own, the same in every theme; everything else is Fusion's as it is."""

    KEPT = (QStyle.SP_TitleBarCloseButton, QStyle.SP_TitleBarNormalButton)

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))
        self._icons: dict = {}

    def standardIcon(self, icon, option=None, widget=None):  # noqa: N802 (Qt's name)
        if icon in self.KEPT:
            kept = self._icons.get(icon)
            if kept is None:
                kept = self._icons[icon] = super().standardIcon(icon, option, widget)
            return kept
        return super().standardIcon(icon, option, widget)


_STYLE: list = []  # the application's style, kept referenced here as well as by Qt


def apply(app: QApplication, name: str = "light", scale: float = 1.0) -> Theme:
    theme = THEMES.get(name, THEMES["light"])
    if not isinstance(app.style(), FusionStyle):  # a new style object re-polishes every widget: once
        _STYLE[:] = [FusionStyle()]
        app.setStyle(_STYLE[0])
    pal = QPalette()
    pal.setColor(QPalette.Window, QColor(theme.window))
    pal.setColor(QPalette.Base, QColor(theme.base))
    pal.setColor(QPalette.AlternateBase, QColor(theme.window))
    pal.setColor(QPalette.Text, QColor(theme.text))
    pal.setColor(QPalette.WindowText, QColor(theme.text))
    pal.setColor(QPalette.ButtonText, QColor(theme.text))
    pal.setColor(QPalette.Button, QColor(theme.window))
    pal.setColor(QPalette.ToolTipBase, QColor(theme.base))
    pal.setColor(QPalette.ToolTipText, QColor(theme.text))
    pal.setColor(QPalette.PlaceholderText, QColor(theme.muted))
    pal.setColor(QPalette.Highlight, QColor(theme.highlight))
    pal.setColor(QPalette.HighlightedText, QColor("#000000"))
    pal.setColor(QPalette.Link, link_colour(theme.name))
    app.setPalette(pal)
    # A widget under a style sheet (the panels' tool bars) keeps the palette it was polished with: it
    # would show the old theme's button colours (dark text on a dark button). Re-polish those now.
    # Only the widgets registered with ``keep_sheet`` are touched, never a walk of every widget in the
    # app: that walk met half-destroyed widgets left by closed windows and crashed (CI, twice).
    for widget in list(_SHEETED):
        if shiboken6.isValid(widget) and (sheet := widget.styleSheet()):
            widget.setStyleSheet(sheet + " ")
            widget.setStyleSheet(sheet)
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(10 * scale)
    app.setFont(font)
    app.setProperty("kd_theme", theme.name)
    return theme


def current(app: QApplication | None = None) -> Theme:
    app = app or QApplication.instance()
    return THEMES.get(app.property("kd_theme") if app else "light", THEMES["light"])
