"""Folding text for search, so that Naxçıvan finds Nakhchivan and Şuşa finds Shusha.

SQLite's ``unicode61 remove_diacritics 2`` tokenizer does not fold the dotless ı and knows
nothing of transliteration, so we fold in Python before text reaches the index and before a
query reaches FTS5. Two keys are produced for a query: the plain fold (diacritics off,
lower case) and a transliteration of Azerbaijani Latin letters to their English digraphs.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ł": "l", "ø": "o", "ß": "ss", "’": "'", "‘": "'"})
_SPECIAL_PAIRS = [(chr(a), b) for a, b in _SPECIAL.items()]  # no replacement holds another's letter
# Azerbaijani Latin -> English transliteration, applied before diacritics are removed.
_AZ_TO_EN = [("ş", "sh"), ("ç", "ch"), ("ğ", "gh"), ("x", "kh"), ("ı", "i"), ("ə", "a"), ("ü", "u"), ("ö", "o")]
_WORD = re.compile(r"\w+", re.UNICODE)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lower case, no diacritics, dotless ı as i; keeps everything else (offsets may shift)."""
    text = text.replace("\x00", "").lower()
    if text.isascii():  # most text: NFKD leaves ASCII as it is, and no ASCII character combines
        return text
    for a, b in _SPECIAL_PAIRS:  # = translate(_SPECIAL), which looks up every character in Python's dict
        if a in text:
            text = text.replace(a, b)
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


class _CombiningMarks(dict):
    """``str.translate`` table that drops combining marks and keeps every other character, filled
    as characters are met (a text's few distinct characters, looked up in C, not one call each)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_COMBINING = _CombiningMarks()


def transliterate(text: str) -> str:
    """Azerbaijani Latin spelling to the English-style one, then folded."""
    low = text.lower()
    for a, b in _AZ_TO_EN:
        low = low.replace(a, b)
    return fold(low)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def query_variants(query: str) -> list[str]:
    """The distinct folded forms of a user's query, most literal first."""
    out: list[str] = []
    for v in (fold(query), transliterate(query)):
        if v.strip() and v not in out:
            out.append(v)
    return out


def fts_match(query: str) -> str | None:
    """An FTS5 MATCH expression: every word of the query as a prefix, any variant.

    Words are quoted, so no user input is ever read as FTS5 syntax.
    """
    groups = []
    for variant in query_variants(query):
        toks = _WORD.findall(variant)
        if toks:
            groups.append(" AND ".join(f'"{t}"*' for t in toks))
    if not groups:
        return None
    return " OR ".join(f"({g})" for g in groups)


def fold_mapped(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and, for each folded character, the offset of the character it came from.

    The map is None when folding kept every character in place (ASCII text), which is the
    common case and costs nothing. The suggester matches on the folded text and reports
    offsets into the original through this map.
    """
    if text.isascii():
        return text.replace("\x00", " ").lower(), None
    # ASCII runs fold by lower() in place; only the other characters go through fold().
    cache: dict[str, str] = {}
    parts: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _NON_ASCII.finditer(text):
        if m.start() > pos:
            parts.append(text[pos:m.start()].replace("\x00", " ").lower())
            where.extend(range(pos, m.start()))
        ch = m.group(0)
        f = cache.get(ch)
        if f is None:
            f = cache[ch] = fold(ch)
        if f:
            parts.append(f)
            where.extend([m.start()] * len(f))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:].replace("\x00", " ").lower())
        where.extend(range(pos, len(text)))
    return "".join(parts), where


# English digraphs back to the Azerbaijani letters, so that "Aghdam" also finds "Ağdam" (which
# folds to "agdam") and "Khankendi" finds "Xankəndi" ("xankendi").
_EN_TO_AZ = [("kh", "x"), ("sh", "ş"), ("ch", "ç"), ("gh", "ğ")]


def az_spelling(text: str) -> str:
    """The folded Azerbaijani-Latin reading of an English-style transliteration."""
    low = text.lower()
    for a, b in _EN_TO_AZ:
        low = low.replace(a, b)
    return fold(low)
