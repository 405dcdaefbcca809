"""One meaning per colour: the colours of item kinds, tie signs and timeline categories — all seen
together in the window and on a slide — are disjoint sets, far apart, in every theme."""

import itertools

import pytest

from karabakh_desktop.gui import theme

# Greys carry no hue meaning ("other", "neutral", a sentence, the memo's own publication date in its
# named lane): two greys may meet. Every coloured mark must be far from every other set's colours.
MIN_DELTA_E = 25  # CIE76 ΔE between colours of different meaning; ~2.3 is just noticeable


def lab(colour) -> tuple[float, float, float]:
    c = theme.QColor(colour)
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in (c.redF(), c.greenF(), c.blueF())]
    r, g, b = lin
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def grey(colour) -> bool:
    return theme.QColor(colour).hslSaturationF() < 0.05


def delta_e(a, b) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b))) ** 0.5


def sets_as_drawn(name: str) -> dict[str, dict[str, str]]:
    base = theme.THEMES[name].base
    kinds = {k: c for k, c in theme.KIND_COLOURS.items() if k in theme.KIND_LABELS and k != "cell"}
    kinds["selection"] = theme.HIGHLIGHT
    return {"kind": kinds,
            "sign": {s: theme.sign_colour(s, base).name() for s in theme.SIGN_COLOURS},
            "category": dict(theme.CATEGORY_COLOURS)}


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_kinds_signs_and_categories_never_share_a_colour(name):
    sets = sets_as_drawn(name)
    for (sa, a), (sb, b) in itertools.combinations(sets.items(), 2):
        for ka, ca in a.items():
            for kb, cb in b.items():
                if grey(ca) and grey(cb):
                    continue
                assert delta_e(ca, cb) >= MIN_DELTA_E, f"{name}: {sa} {ka} {ca} looks like {sb} {kb} {cb}"


def test_categories_are_told_apart_and_signs_too():
    for group in (theme.CATEGORY_COLOURS, {s: c for s, c in theme.SIGN_COLOURS.items()}):
        for (ka, ca), (kb, cb) in itertools.combinations(group.items(), 2):
            assert delta_e(ca, cb) >= MIN_DELTA_E, f"{ka} {ca} and {kb} {cb}"


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_a_tie_is_visible_on_every_theme(name):
    base = theme.THEMES[name].base
    for sign in ("cooperative", "conflictual"):
        assert theme.contrast(theme.sign_colour(sign, base), base) >= 3.0
