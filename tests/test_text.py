"""Splitting the memo, finding mentions, folding for search."""

from hypothesis import given, settings
from hypothesis import strategies as st

from karabakh_desktop.core import document
from karabakh_desktop.core.fold import fold, fts_match, query_variants, transliterate
from karabakh_desktop.core.mentions import MentionFinder

MEMO = (__import__("karabakh_desktop.paths", fromlist=["x"]).data_dir() / "memo" /
        "karabakh-after-the-44-day-war.txt").read_text(encoding="utf-8")


def test_paragraph_kinds_of_the_memo():
    paras = document.paragraphs(MEMO)
    kinds = [p.kind for p in paras]
    assert kinds[0] == "title" and kinds[1] == "caption" and kinds[2] == "byline"
    headings = [p.text for p in paras if p.kind == "heading"]
    assert headings == ["A Deadly War in the South Caucasus", "Russians in Karabakh: We Are Back!",
                        "Azerbaijan’s Stance: Strategic Patience Works", "What Comes Next?", "Conclusion"]
    assert paras[-1].kind == "notice" and "Permission:" in [p.text for p in paras if p.kind == "notice"]
    for p in paras:
        assert MEMO[p.start:p.end] == p.text


def test_sentences_keep_abbreviations_and_offsets():
    sents = document.sentences(MEMO)
    texts = [s.text for s in sents]
    assert any(t.startswith("The EU and particularly the United States") and "“We think outsiders ought to stay out.”"
               in t for t in texts)
    assert "The Biden administration did not bring forth any new changes to U.S. policies in the region." in texts
    for s in sents:
        assert MEMO[s.start:s.end] == s.text
    assert [s.ordinal for s in sents] == list(range(len(sents)))


def test_mentions_longest_first_word_boundaries_no_overlap():
    finder = MentionFinder({"Karabakh": "k", "Karabakh Armenians": "ka", "Armenia": "a", "Baku": "b"})
    text = "Karabakh Armenians met. Armenian troops; Armenia’s Baku-Moscow; Karabakhi"
    found = [(m.surface, m.entity_id) for m in finder.find(text)]
    assert found == [("Karabakh Armenians", "ka"), ("Armenia", "a"), ("Baku", "b")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ’-.Kk\u200fıə")), max_size=80),
       st.lists(st.text(alphabet=st.sampled_from(list("abKk ı")), min_size=1, max_size=6), max_size=6))
def test_mention_finder_fuzz(text, names):
    finder = MentionFinder({n: f"e{i}" for i, n in enumerate(names)})
    last_end = 0
    for m in finder.find(text):
        assert text[m.start:m.end] == m.surface
        assert m.start >= last_end
        last_end = m.end


def test_folding_and_transliteration():
    assert fold("Naxçıvan") == "naxcivan"
    assert transliterate("Naxçıvan") == "nakhchivan"
    assert transliterate("Şuşa") == "shusha"
    assert "nakhchivan" in query_variants("Naxçıvan")
    # Syntax in a query is never passed to FTS5: only quoted words remain.
    assert fts_match('"; DROP TABLE x; --').startswith('("drop"* AND "table"* AND "x"*)')
    assert '"' not in fts_match('a"b').replace('"a"*', "").replace('"b"*', "")
    assert fts_match("   ") is None
