"""The app-wide naming choice for contested names (Khankendi / Stepanakert, Shusha / Shushi …).

The product never silently takes a side: the default shows both usages side by side, and a
user who picks one usage picks it for every panel at once.
"""

from __future__ import annotations

from .fold import fold

BOTH, AZ, HY, EN = "both", "az", "hy", "en"
CHOICES = {BOTH: "Both usages side by side", AZ: "Azerbaijani usage", HY: "Armenian usage", EN: "Common English"}


def display_name(name: str, aliases: list[tuple[str, str, str]], choice: str = BOTH) -> str:
    """The label of an entity. ``aliases`` are ``(alias, usage, kind)`` rows.

    A name is contested when the Armenian side has a name of its own for the entity (an alias of
    usage ``hy`` and kind ``name``) and the Azerbaijani side has a form too (any ``az`` alias):
    Khankendi / Stepanakert, Shusha / Shushi, Kalbajar / Karvachar, Zangezur / Syunik. Only then
    does the naming choice change the label. A native spelling (Azərbaycan, Hayastan, Naxçıvan)
    is not a contest and never replaces the English label; where the Azerbaijani form is such a
    spelling, the common English name stands for the Azerbaijani side ("Lachin Corridor / Berdzor
    corridor"). "Both" puts the Azerbaijani usage first, as the two sides' names are usually cited.
    """
    sides = contested_sides(name, aliases)
    if sides is None or choice == EN:
        return name
    az, hy = sides
    if choice == AZ:
        return az
    if choice == HY:
        return hy
    return f"{az} / {hy}" if az != hy else name


def contested_sides(name: str, aliases: list[tuple[str, str, str]]) -> tuple[str, str] | None:
    """(Azerbaijani usage, Armenian usage) of a contested name, or None if the name is not contested."""
    hy = next((a for a, u, k in aliases if u == HY and k in ("name", None)), None)
    if hy is None or not any(u == AZ for _, u, _k in aliases):
        return None
    az = next((a for a, u, k in aliases if u == AZ and k in ("name", None) and _latin_english(a)), name)
    return az, hy


def _latin_english(text: str) -> bool:
    return fold(text) == text.lower()


def is_contested(name: str, aliases: list[tuple[str, str, str]]) -> bool:
    return contested_sides(name, aliases) is not None
