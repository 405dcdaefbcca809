"""The app-wide naming choice for contested names (Khankendi / Stepanakert, Shusha / Shushi …).

The product never silently takes a side: the default shows both usages side by side, and a
user who picks one usage picks it for every panel at once.
"""

from __future__ import annotations

BOTH, AZ, HY, EN = "both", "az", "hy", "en"
CHOICES = {BOTH: "Both usages side by side", AZ: "Azerbaijani usage", HY: "Armenian usage", EN: "Common English"}


def display_name(name: str, aliases: list[tuple[str, str, str]], choice: str = BOTH) -> str:
    """The label of an entity. ``aliases`` are ``(alias, usage, kind)`` rows. Only aliases of kind
    ``name`` stand in for a label: spelling variants (Naxçıvan), metonyms and terms never do.

    "Both" puts the Azerbaijani usage first and the Armenian second; where only one side has its
    own alias, the common name stands for the other (Shusha / Shushi, Khankendi / Stepanakert).
    """
    az, hy = usage_name(aliases, AZ), usage_name(aliases, HY)
    if choice == AZ:
        return az or name
    if choice == HY:
        return hy or name
    if choice == BOTH:
        left, right = az or name, hy or name
        if left != right:
            return f"{left} / {right}"
    return name


def usage_name(aliases: list[tuple[str, str, str]], usage: str) -> str | None:
    for alias, u, kind in aliases:
        if u == usage and kind in ("name", None):
            return alias
    return None


def is_contested(name: str, aliases: list[tuple[str, str, str]]) -> bool:
    return display_name(name, aliases, BOTH) != name
