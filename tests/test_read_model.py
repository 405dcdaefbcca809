"""The read model: each function against the memo's store (and a store built from other data)."""

from __future__ import annotations

import datetime as dt

import pytest

from karabakh_desktop.core import notes, read
from karabakh_desktop.core.store import open_store
from karabakh_desktop.core.touch import touches


def test_facts_of_an_entity_and_of_a_context_item(db):
    war = read.facts(db, "war-2020")
    assert (war.kind, war.subtype, war.name, war.context) == ("event", "military", "44-day war", False)
    crimea = read.facts(db, "crimea-annexation")
    assert crimea.context and "kremlin.ru" in crimea.source
    assert read.facts(db, "no-such-item") is None


def test_names_keep_usage_and_who_uses_them(db):
    names = {a.alias: a for a in read.names(db, "khankendi-stepanakert")}
    assert names["Khankendi"].usage == "az" and names["Stepanakert"].usage == "hy"
    assert "Armenian usage" in names["Stepanakert"].used_by


def test_first_quote_is_the_earliest_evidence_cut_once(db):
    quotes = read.evidence(db, "war-2020")
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    assert read.first_quote(db, "war-2020") == quotes[0].quote
    assert read.first_quote(db, "crimea-annexation") == ""  # context, no evidence
    long = "word " * 100
    short = read.cut(long)
    assert len(short) <= read.QUOTE_CUT and short.endswith("…") and not short[:-1].endswith(" ")
    assert read.cut("short text") == "short text"


def test_first_quote_never_exceeds_the_cut(db):
    for (item,) in db.execute("SELECT DISTINCT item_id FROM evidence"):
        assert len(read.first_quote(db, item)) <= read.QUOTE_CUT


def test_claims_events_relations_cells_figures(db):
    claim_id, claimant = db.execute("SELECT id, claimant_id FROM claims LIMIT 1").fetchone()
    c = read.claim(db, claim_id)
    assert c.claimant == claimant and c.kind in ("attributed", "analysis", "prediction") and c.kind_label
    assert claim_id in {r.id for r in read.claims_about(db, claimant)}
    ev = read.event(db, "war-2020")
    assert ev.start == "2020-09-27" and "azerbaijan" in ev.participants and ev.place == "karabakh"
    rid = db.execute("SELECT id FROM relations LIMIT 1").fetchone()[0]
    rel = read.relation(db, rid)
    assert rel.sign in ("cooperative", "conflictual", "neutral") and rel.source and rel.target
    cid = db.execute("SELECT id FROM pattern_cells LIMIT 1").fetchone()[0]
    assert read.cell(db, cid).value in ("observed", "option", "ruled_out")
    figs = read.figures_about(db, "russian-peacekeepers")
    assert figs and all(f.subject == "russian-peacekeepers" for f in figs)
    assert read.figure(db, figs[0].id) == figs[0]
    assert read.event(db, "russia") is None and read.claim(db, "russia") is None


def test_figure_numbers_read_as_counts_or_years():
    f = read.FigureFacts("f", 1960.0, "troops", "x", "s", True)
    assert f.text == "≈ 1,960 troops"
    assert read.FigureFacts("f", 1992.0, "year", "x", "s", False).number == "1992"
    assert read.FigureFacts("f", 0.5, "km", "x", "s", False).number == "0.5"


def test_sentence_names_and_evidence(db):
    sid = db.execute("SELECT sentence_id FROM evidence WHERE item_id = 'war-2020' LIMIT 1").fetchone()[0]
    s = read.sentence(db, sid)
    assert "war-2020" in s.evidence_for and s.text
    assert read.sentence(db, 10**6) is None


def test_notes_come_through_core_notes(store_copy):
    db = open_store(store_copy)
    try:
        notes.add(db, "russia", "first")
        notes.add(db, "russia", "second")
        assert [n.text for n in read.notes_on(db, "russia")] == ["first", "second"]
        assert read.notes_on(db, "russia") == notes.notes_for(db, "russia")
    finally:
        db.close()


def test_related_groups_what_the_selection_touches(db):
    t = touches(db, ["russia"])
    kinds = dict(db.execute("SELECT id, kind FROM items").fetchall())
    groups = read.related(t, kinds.get)
    assert "claim" not in groups and "figure" not in groups
    assert set().union(*map(set, groups.values())) <= t.items
    assert all(kinds[i] == k for k, members in groups.items() for i in members)


def test_places_and_actors_are_tied_by_the_touch_rule(db):
    by_place = read.actors_by_place(db)
    for place, actors in by_place.items():
        t = touches(db, [place])
        assert set(actors) <= t.items, place  # the map's ties are what selecting the place touches
    for actor in ("russia", "azerbaijan"):
        t = touches(db, [actor])
        assert set(read.places_of_actor(db, actor)) <= t.items
        assert all(actor in by_place[p] for p in read.places_of_actor(db, actor))
    baku = next(p for p in read.map_places(db) if p.id == "baku")
    assert "azerbaijan" in baku.actors and baku.place_type == "capital" and not baku.context


def test_pattern_matrix(db):
    m = read.pattern_matrix(db)
    assert "karabakh" in m.cases and m.patterns
    (case, pattern), (cid, value) = next(iter(m.cells.items()))
    assert m.cell(case, pattern) == (cid, value) and case in m.cases and pattern in m.patterns


def test_citation_comes_from_the_documents_table(db):
    (c,) = read.citations(db)
    assert c.short == "A. Valiyev, PONARS Eurasia Policy Memo, 23 Aug 2021"
    assert c.url.startswith("https://www.ponarseurasia.org/") and "Fair Use" in c.licence
    assert c.full.startswith("Anar Valiyev, “Karabakh After the 44-Day War")
    assert "Natural Earth" in read.data_credits(db)
    assert read.documents(db) == [("memo", c.title)]


def test_a_store_from_other_data_cites_its_own_document(other_store):
    db = open_store(other_store, readonly=True)
    try:
        (c,) = read.citations(db)
        assert c.short == "J. Quill, Example Briefs, 23 Aug 2021"
        assert "CC BY" in c.licence and c.url == "https://example.org/brief"
        assert "Valiyev" not in c.short + c.full + c.licence
        assert read.data_credits(db) == "outlines drawn by the test suite"
        assert read.named_periods(db) == []
    finally:
        db.close()


def test_document_content_lays_out_the_text(db):
    doc = read.document_content(db, "memo")
    assert doc.citation.id == "memo"
    assert all(doc.text[s:e] for _, s, e in doc.paragraphs)
    assert [m[1] for m in doc.mentions] == sorted(m[1] for m in doc.mentions)
    assert doc.evidence_starts and read.document_content(db, "nope") is None
    assert read.document_of(db, ["russia"]) == "memo"
    assert read.document_of(db, ["sentence:1"]) == "memo"
    assert read.document_of(db, []) is None


def test_named_periods_come_from_the_data(db):
    periods = {p.id: p for p in read.named_periods(db)}
    war = periods["period-war-2020"]
    assert war.window == (dt.date(2020, 9, 27), dt.date(2020, 11, 11)) and war.event == "war-2020"
    assert war.evidence and not war.context and war.label == "27 Sep 2020 – 10 Nov 2020"
    ceasefire = periods["period-after-ceasefire"]
    assert ceasefire.window[0] == dt.date(2020, 11, 10)
    context = [p for p in periods.values() if p.context]
    assert all(p.source for p in context)


@pytest.mark.parametrize("bad, message", [
    ('start = "2020-09-27"\nend = "2020-09-01"', "ends"),
    ('start = "2020-13"\nend = "2021"', "2020-13"),
    ('start = "2020"\nend = "2021"\nevent = "russia"', "expected event"),
])
def test_a_broken_period_is_reported_with_file_and_record(data_copy, bad, message):
    from karabakh_desktop.core.datafiles import DataError, load

    (data_copy / "periods.toml").write_text(f'[[period]]\nid = "p"\nname = "P"\n{bad}\ncontext = true\n'
                                            f'source = "test"\n', encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(data_copy)
    assert "periods.toml, record 'p'" in str(err.value) and message in str(err.value)


def test_shortest_dated_period(db):
    first, after = read.shortest_dated_period(db)
    assert after > first
