"""The memo's paragraphs keep their shaped glyphs, within a budget of characters.

By default a paragraph of a QTextDocument keeps only its lines once laid out: its layout frees the
shaped glyphs and shapes the text again at every paint. A selection scrolls the memo to its passage and
repaints the whole text, so every visible line was shaped again — and once more for each highlight in
its paragraph (Qt draws a highlight by walking the paragraph's lines again), and again when the text
view measures where each changed highlight is. Kept, the memo's share of a selection is about a fifth
less (README, "Selection"); the pixels are the same (the same shaping, done once). ≈ 70 bytes a character: the
documents kept built (at most 32) keep their glyphs up to GLYPHS_KEPT characters in all; past it a
document is shaped at each paint, as Qt does by default (a long analyst's text would hold tens of MB).
"""

from __future__ import annotations

GLYPHS_KEPT = 200_000  # characters (≈ 14 MB)


def keep(doc, kept: int) -> int:
    """Have ``doc``'s paragraphs keep their glyphs if its characters fit beside the ``kept`` ones; return
    how many characters it adds to them (0 when it does not fit)."""
    chars = doc.characterCount()
    if kept + chars > GLYPHS_KEPT:
        return 0
    block = doc.begin()
    while block.isValid():
        block.layout().setCacheEnabled(True)
        block = block.next()
    return chars
