"""Suggested mentions: native spellings, longest match, metonyms, fuzzy variants, and the
analyst's confirmations and rejections surviving a re-run."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from karabakh_desktop.core import library, suggest
from karabakh_desktop.core.fold import fold
from karabakh_desktop.core.store import open_store

TEXT = ("Talks in Xankəndi\n"
        "The Lachin corridor was reopened, and forces left Laçın, Ağdam and Şuşa.\n"
        "Reports from Kelbadjar said Moscow would stay; turkey was served at dinner.\n"
        "The Armenians and Georgian traders met in Baku, while There and Minister went unmatched.\n")


@pytest.fixture
def kb(store_with_text):
    return store_with_text(TEXT, "Field report", "report.txt")


def _found(db, doc):
    return {(s["surface"], s["entity_id"]): s for s in suggest.suggestions(db, doc)}


def test_native_spellings_find_their_entities(kb):
    db, doc = kb
    found = _found(db, doc)
    for surface, entity in [("Xankəndi", "khankendi-stepanakert"), ("Laçın", "lachin"), ("Ağdam", "agdam"),
                            ("Şuşa", "shusha")]:
        assert (surface, entity) in found, surface
        s = found[(surface, entity)]
        assert TEXT[s["start"]:s["end"]] == surface and s["confidence"] >= 0.9


def test_longest_name_wins(kb):
    db, doc = kb
    found = _found(db, doc)
    assert ("Lachin corridor", "lachin-corridor") in found
    assert not any(s == "Lachin" for s, _ in found)


def test_capital_as_metonym_suggests_the_government_too(kb):
    db, doc = kb
    rows = [s for s in suggest.suggestions(db, doc) if s["surface"] == "Moscow"]
    assert {(r["entity_id"], r["via"]) for r in rows} == {("moscow", None), ("russia", "moscow")}


def test_fuzzy_variant_found_at_lower_confidence(kb):
    db, doc = kb
    found = _found(db, doc)
    fuzzy = found[("Kelbadjar", "kalbajar")]
    assert fuzzy["confidence"] < min(s["confidence"] for k, s in found.items() if k[0] in ("Laçın", "Baku"))


def test_no_false_friends(kb):
    db, doc = kb
    surfaces = {s for s, _ in _found(db, doc)}
    # a common noun in lower case, derived words, and common capitalised words
    for word in ("turkey", "Georgian", "There", "Minister"):
        assert word not in surfaces
    assert ("Armenians", "armenians") in _found(db, doc)  # a name of its own in the data, not "Armenia" fuzzily


@pytest.mark.parametrize("variant, name, expected", [
    ("Kelbadjar", "Kelbajar", True), ("Stepanakerd", "Stepanakert", True), ("Nakhichevan", "Nakhchivan", True),
    ("Khojaly", "Khojali", True), ("Aghdam", "Agdam", True),
    ("Angara", "Ankara", False), ("Prussia", "Russia", False), ("Georgian", "Georgia", False),
    ("There", "Tehran", False), ("Minister", "Minsk", False),
])
def test_fuzzy_threshold_on_measured_pairs(variant, name, expected):
    """The pairs behind FUZZY_THRESHOLD (see suggest's docstring)."""
    q, n = fold(variant), fold(name)
    accepted = fuzz.ratio(q, n) >= suggest.FUZZY_THRESHOLD and suggest._plausible(q, n)
    assert accepted is expected


def test_confirm_reject_and_rerun(kb):
    db, doc = kb
    ids = suggest.mentions_of_name(db, doc, "shusha")
    library.status_command(db, ids, "confirmed").do(db)
    library.name_status_command(db, doc, "baku", "rejected").do(db)
    counts = suggest.mention_counts(db, document_id=doc)
    assert counts == {"shusha": 1}
    assert suggest.mention_counts(db, document_id=doc, include_suggested=True)["lachin"] == 1
    # the capital's government row followed its place row
    assert db.execute("SELECT status FROM mentions WHERE document_id = ? AND via = 'baku'", [doc]).fetchone() == (
        "rejected",)
    before = db.execute("SELECT count(*) FROM mentions WHERE document_id = ?", [doc]).fetchone()
    assert library.resuggest_command(doc).do(db) == {"suggestions": 0}
    assert db.execute("SELECT count(*) FROM mentions WHERE document_id = ?", [doc]).fetchone() == before
    assert [s["surface"] for s in suggest.suggestions(db, doc, status="rejected") if not s["via"]] == ["Baku"]


def test_rerun_after_a_new_alias_adds_only_the_new_name(kb):
    from karabakh_desktop.core import item_edits

    db, doc = kb
    item_edits.add_alias_command(db, "russia", "Minister", usage="other", kind="term").do(db)  # deliberately odd
    assert library.resuggest_command(doc).do(db) == {"suggestions": 1}


def test_panels_count_confirmed_only(kb):
    """The memo's shipped mentions are confirmed; suggestions stay out of the counts and the touch rule."""
    from karabakh_desktop.core.touch import touches

    db, doc = kb
    assert db.execute("SELECT count(*) FROM mentions WHERE document_id = 'memo' AND status != 'confirmed'"
                      ).fetchone() == (0,)
    sid = db.execute("SELECT sentence_id FROM mentions WHERE document_id = ? AND entity_id = 'shusha'", [doc]).fetchone()[0]
    assert "shusha" not in touches(db, {f"sentence:{sid}"}).items
    assert sid not in touches(db, {"shusha"}).sentences


def test_on_the_memo_itself_the_suggester_finds_exactly_the_builds_mentions(store_copy, tmp_path):
    """Import the memo's text as a second document: every name the build found, and nothing else
    (no fuzzy false positive such as "Azerbaijani towns" for Azerbaijani troops)."""
    from collections import Counter

    from karabakh_desktop import paths

    db = open_store(store_copy)
    memo = paths.data_dir() / "memo" / "karabakh-after-the-44-day-war.txt"
    doc = library.import_command(db, memo, title="Memo again").do(db)["id"]

    def found(d):
        text = db.execute("SELECT text FROM documents WHERE id = ?", [d]).fetchone()[0]
        return Counter((e, text[s:x]) for e, s, x in db.execute(
            "SELECT entity_id, start, end FROM mentions WHERE document_id = ? AND via IS NULL", [d]))

    assert found(doc) == found("memo")
    assert ("the-west", "West") in found(doc)  # "the West": the lower-case "the" does not hide "West"
    db.close()


def test_the_read_model_shows_suggestions_apart(kb):
    from karabakh_desktop.core import read

    db, doc = kb
    content = read.document_content(db, doc)
    assert content.mentions == ()  # nothing confirmed yet
    assert {(e, content.text[s:x]) for _i, e, s, x, _c in content.suggested} >= {("shusha", "Şuşa"),
                                                                                 ("kalbajar", "Kelbadjar")}
    library.name_status_command(db, doc, "shusha", "confirmed").do(db)
    content = read.document_content(db, doc)
    assert [e for e, _s, _x in content.mentions] == ["shusha"]
    assert "shusha" not in {e for _i, e, *_ in content.suggested}
    info = next(d for d in read.document_infos(db) if d.id == doc)
    assert (info.title, info.confirmed, info.layer) == ("Field report", 1, "analyst")
    assert read.mention_counts(db, document_id=doc) == {"shusha": 1}


def test_without_rapidfuzz_only_close_spellings_are_missing(store_copy, tmp_path, monkeypatch):
    """The bundle leaves rapidfuzz out: exact and folded names are still found."""
    monkeypatch.setattr(suggest, "fuzzy_available", lambda: False)
    db = open_store(store_copy)
    p = tmp_path / "r.txt"
    p.write_text(TEXT, encoding="utf-8")
    doc = library.import_command(db, p).do(db)["id"]
    found = _found(db, doc)
    assert ("Şuşa", "shusha") in found and ("Kelbadjar", "kalbajar") not in found
    db.close()
