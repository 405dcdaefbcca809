"""How counts are said in the interface: "1 item", "2 items" (never "1 items", nor an "s" in brackets)."""

from __future__ import annotations


def noun(n: int, singular: str, plural: str | None = None) -> str:
    """The noun that agrees with ``n`` ("mention", "mentions"), for a sentence that says the count
    elsewhere or not at all ("no such mentions: 4, 9"); ``plural`` when adding an *s* is wrong."""
    return singular if n == 1 else plural or singular + "s"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun that agrees with it: "1 passage", "12,000 passages", "3 countries"."""
    return f"{n:,} {noun(n, singular, plural)}"
