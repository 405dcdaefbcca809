"""Finding every mention of every name and alias in a text.

Rules: a match starts and ends on a word boundary, the longest surface form wins at a
position, matches never overlap, and case is matched as the text has it. A character trie
keeps this linear in the text, whatever the number of names (the synthetic benchmark store
has tens of thousands).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

_END = "\x00"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity_id: str


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class MentionFinder:
    """Build once from ``{surface form: entity id}``; call :meth:`find` on any number of texts."""

    def __init__(self, surfaces: Mapping[str, str]):
        self._trie: dict = {}
        for surface, entity_id in surfaces.items():
            surface = surface.strip()
            if not surface:
                continue
            node = self._trie
            for ch in surface:
                node = node.setdefault(ch, {})
            node[_END] = entity_id

    def find(self, text: str, accept: Callable[[int, int, str], bool] | None = None) -> Iterator[Mention]:
        """Mentions in ``text``; ``accept(start, end, value)``, if given, can refuse a match, and
        the longest match it accepts at that position is taken (the suggester refuses names
        written in the wrong case there, so "the West" still finds "West")."""
        n = len(text)
        i = 0
        trie = self._trie
        while i < n:
            if i > 0 and _is_word(text[i - 1]) and _is_word(text[i]):
                i += 1
                continue
            node = trie
            j = i
            best = None
            while j < n:
                node = node.get(text[j])
                if node is None:
                    break
                j += 1
                if _END in node and (j == n or not (_is_word(text[j]) and _is_word(text[j - 1]))) and (
                        accept is None or accept(i, j, node[_END])):
                    best = (j, node[_END])
            if best is not None:
                yield Mention(i, best[0], text[i : best[0]], best[1])
                i = best[0]
            else:
                i += 1
