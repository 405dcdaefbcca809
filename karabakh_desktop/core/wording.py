"""How counts are said in the interface: "1 item", "2 items" (never "1 items")."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun that agrees with it; ``plural`` when adding an *s* is wrong ("1 passage")."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"
