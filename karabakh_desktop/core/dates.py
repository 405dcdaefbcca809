"""Partial ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) and what they cover.

A date known only to the month covers the whole month; an analyst must never see it as
a false exact day. Every date therefore maps to a half-open interval ``[first, after)``
of days, and overlap with a time window is three-valued: active, possibly active, not.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year")
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

ACTIVE = "active"
POSSIBLY = "possibly"
INACTIVE = "inactive"


class DateError(ValueError):
    """A date string that is not a valid partial ISO date."""


def precision_of(text: str) -> str:
    """The precision a date string is written with: ``day``, ``month`` or ``year``."""
    m = _PATTERN.match(text or "")
    if not m:
        raise DateError(f"not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    return "day" if m.group(3) else "month" if m.group(2) else "year"


def span(text: str) -> tuple[_dt.date, _dt.date]:
    """The half-open interval of days ``[first, after)`` that a partial date covers."""
    m = _PATTERN.match(text or "")
    if not m:
        raise DateError(f"not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        if day is not None:
            first = _dt.date(year, month, day)
            return first, first + _dt.timedelta(days=1)
        if month is not None:
            first = _dt.date(year, month, 1)
            after = _dt.date(year + (month == 12), month % 12 + 1, 1)
            return first, after
        return _dt.date(year, 1, 1), _dt.date(year + 1, 1, 1)
    except ValueError as exc:
        raise DateError(f"impossible date {text!r}: {exc}") from None


@dataclass(frozen=True)
class Extent:
    """What an event covers. ``sure`` is the part certainly inside; ``maybe`` the outer hull.

    For a day-precise event both are that day. For a month-precise one, ``sure`` is empty
    (``None``) and ``maybe`` is the month: any day of it may be the day.
    For a period, ``sure`` runs from the end of the start's span to the start of the end's span.
    """

    maybe: tuple[_dt.date, _dt.date]
    sure: tuple[_dt.date, _dt.date] | None


def extent(start: str, end: str | None = None) -> Extent:
    s0, s1 = span(start)
    if not end:
        sure = (s0, s1) if precision_of(start) == "day" else None
        return Extent((s0, s1), sure)
    e0, e1 = span(end)
    if e1 <= s0:
        raise DateError(f"period ends ({end}) before it starts ({start})")
    inner = (s1 if precision_of(start) != "day" else s0, e0 if precision_of(end) != "day" else e1)
    return Extent((s0, max(e1, s1)), inner if inner[0] < inner[1] else None)


def overlap(ext: Extent, window: tuple[_dt.date, _dt.date] | None) -> str:
    """``active`` when the event certainly falls in the window, ``possibly`` when only its
    uncertain span touches it, ``inactive`` otherwise. No window: everything is active."""
    if window is None:
        return ACTIVE
    w0, w1 = window
    m0, m1 = ext.maybe
    if m1 <= w0 or m0 >= w1:
        return INACTIVE
    if ext.sure is not None and ext.sure[0] < w1 and ext.sure[1] > w0:
        return ACTIVE
    if w0 <= m0 and m1 <= w1:  # every day it may fall on is inside: it certainly falls in the window
        return ACTIVE
    return POSSIBLY


def day_label(d: _dt.date) -> str:
    """One day as every label shows it: ``27 Sep 2020`` (the day without a leading zero, on every platform:
    strftime's flag for that is glibc's only)."""
    return f"{d.day} {d:%b %Y}"


def window_label(window: tuple[_dt.date, _dt.date] | None, *, empty: str = "all dates") -> str:
    """A half-open time window ``(first, after)`` as its first and last day: ``27 Sep 2020 – 10 Nov 2020``;
    ``empty`` when there is no window."""
    if window is None:
        return empty
    return f"{day_label(window[0])} – {day_label(window[1] - _dt.timedelta(days=1))}"


def label(start: str, end: str | None = None) -> str:
    """Human label that states the precision: ``27 Sep 2020``, ``Jan 2021``, ``2008``."""

    def one(t: str) -> str:
        d = span(t)[0]
        p = precision_of(t)
        return day_label(d) if p == "day" else d.strftime("%b %Y") if p == "month" else str(d.year)

    return one(start) if not end else f"{one(start)} – {one(end)}"
