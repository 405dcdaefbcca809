"""Splitting a memo's plain text into paragraphs and sentences with character offsets.

Offsets always index the original text, so ``text[start:end]`` is the paragraph or sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens that end with a full stop but do not end a sentence.
_ABBREVIATIONS = {"U.S", "U.K", "U.N", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mr", "Mrs",
                  "Ms", "Dr", "St", "Gen", "Lt", "Col", "No", "vs", "e.g", "i.e", "etc", "approx"}
_LONGEST = max(map(len, _ABBREVIATIONS))
# A sentence ends at . ? or ! (plus closing quotes, brackets and a footnote marker like [1]),
# followed by white space and something that can start a sentence.
_BOUNDARY = re.compile(r"[.?!][\"”’)\]]*(?:\[\d+\])?(?=\s+[\"“‘(\[A-Z0-9])")


@dataclass(frozen=True)
class Span:
    ordinal: int
    start: int
    end: int
    text: str
    kind: str = "body"  # paragraphs: title, caption, byline, heading, body, notice
    paragraph: int = 0  # sentences: the ordinal of their paragraph


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines (the memo has one paragraph per line), classified by kind.

    The first line is the title; the lines before the first body paragraph are the caption and
    the byline; short lines without final punctuation are headings; from the repetition of the
    title on, the text is the publisher's notice.
    """
    out: list[Span] = []
    title = None
    in_notice = False
    seen_body = False
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        if title is None:
            title, kind = stripped, "title"
        elif in_notice or stripped == title:
            in_notice, kind = True, "notice"
        elif not seen_body and stripped.startswith("("):
            kind = "byline"
        elif _is_heading(stripped):
            kind = "heading" if seen_body else "caption"
        else:
            kind, seen_body = "body", True
        out.append(Span(len(out), start, end, stripped, kind))
    return out


def _is_heading(line: str) -> bool:
    return len(line) < 80 and len(line.split()) <= 12 and not line.endswith((".", "”", ":", ";", ","))


def sentences(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Sentences of every paragraph, numbered across the document."""
    out: list[Span] = []
    for para in paras if paras is not None else paragraphs(text):
        pos = para.start
        for m in _BOUNDARY.finditer(text, para.start, para.end):
            if _is_abbreviation(text, para.start, m.start()):
                continue
            _add(out, text, pos, m.end(), para.ordinal)
            pos = m.end()
        _add(out, text, pos, para.end, para.ordinal)
    return out


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    """Whether the word (letters, digits, dots) ending at ``dot`` is an abbreviation.

    It looks back at most one character more than the longest abbreviation: a longer word is
    not one, and a look-back bounded per full stop keeps splitting linear in the text's length
    (a regex over the whole paragraph before every stop took minutes for 200 KB)."""
    if text[dot] != ".":
        return False
    start = dot
    while start > floor and dot - start <= _LONGEST and _word_char(text[start - 1]):
        start -= 1
    word = text[start:dot]
    if len(word) > _LONGEST:
        return False
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "._"


def _add(out: list[Span], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(len(out), start, end, text[start:end], "sentence", paragraph))


def locate(spans: list[Span], offset: int) -> Span | None:
    """The span containing a character offset (binary search; spans are sorted)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(spans) and spans[lo].start <= offset < spans[lo].end:
        return spans[lo]
    return None
