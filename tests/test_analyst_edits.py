"""Recording from a passage and editing items: evidence offsets, and undo / redo restoring exactly."""

from __future__ import annotations

import gzip

import pytest

from karabakh_desktop.core import item_edits, library, record, undo
from karabakh_desktop.core.edits import EditError, resolve
from karabakh_desktop.core.search import search
from karabakh_desktop.core.store import open_store

TEXT = ("Observers of the Karabakh Monitoring Group said on Monday that Turkey will keep its monitors in Aghdam. "
        "The ceasefire centre near Aghdam opened in January 2021, with Russian and Turkish officers.\n")


@pytest.fixture
def kb(store_with_text):
    return store_with_text(TEXT, "Monitoring note")


def dump(db) -> dict:
    out = {t: db.execute(f"SELECT rowid, * FROM [{t}] ORDER BY rowid").fetchall() for t in undo.TRACKED}
    out["search_index"] = db.execute("SELECT rowid, * FROM search_index ORDER BY rowid").fetchall()
    return out


def at(text: str, needle: str) -> tuple[int, int]:
    i = TEXT.index(needle)
    return i, i + len(needle)


def _evidence(db, item):
    return db.execute("SELECT document_id, sentence_id, quote, start, end FROM evidence WHERE item_id = ?",
                      [item]).fetchall()


def _check_evidence(db, doc, item):
    rows = [r for r in _evidence(db, item) if r[0] == doc]
    assert rows
    text = db.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()[0]
    for _d, sid, quote, start, end in rows:
        assert text[start:end] == quote
        s_start, s_end = db.execute("SELECT start, end FROM sentences WHERE id = ?", [sid]).fetchone()
        assert s_start <= start < s_end


def test_tag_as_existing_entity(kb):
    db, doc = kb
    a, b = at(TEXT, "Aghdam")
    cmd = record.tag_command(db, doc, a - 1, b, "agdam")  # the space before the selection is trimmed
    cmd.do(db)
    _check_evidence(db, doc, "agdam")
    assert db.execute("SELECT status, start, end FROM mentions WHERE document_id = ? AND entity_id = 'agdam' "
                      "AND start = ?", [doc, a]).fetchone() == ("confirmed", a, b)


def test_new_actor_place_event(kb):
    db, doc = kb
    a, b = at(TEXT, "Karabakh Monitoring Group")
    actor = record.create_entity_command(db, doc, a, b, kind="actor", name="Karabakh Monitoring Group",
                                         subtype="organisation", aliases=[{"alias": "KMG", "usage": "en",
                                                                          "kind": "abbreviation"}]).do(db)["id"]
    _check_evidence(db, doc, actor)
    # the longer, tagged span replaced the suggestion of "Karabakh" inside it
    assert db.execute("SELECT entity_id, status FROM mentions WHERE document_id = ? AND start < ? AND end > ?",
                      [doc, b, a]).fetchall() == [(actor, "confirmed")]
    assert search(db, "KMG")[0].item_id == actor
    a, b = at(TEXT, "The ceasefire centre near Aghdam")
    cands = record.place_candidates("Ağdam")
    assert cands and cands[0]["country"] == "AZ"
    place = record.create_entity_command(db, doc, a, b, kind="place", name="Ceasefire monitoring centre",
                                         subtype="town", lat=cands[0]["lat"], lon=cands[0]["lon"], parent="agdam").do(db)
    _check_evidence(db, doc, place["id"])
    a, b = at(TEXT, "The ceasefire centre near Aghdam opened in January 2021")
    event = record.create_entity_command(db, doc, a, b, kind="event", name="Monitoring centre opens",
                                         subtype="military", date_start="2021-01", place=place["id"],
                                         participants=["turkey", "russia"]).do(db)["id"]
    assert db.execute("SELECT precision, maybe_from, maybe_to FROM events WHERE entity_id = ?", [event]).fetchone() == (
        "month", "2021-01-01", "2021-02-01")
    _check_evidence(db, doc, event)


def test_relation_and_claim(kb):
    db, doc = kb
    a, b = at(TEXT, "Turkey will keep its monitors in Aghdam.")
    rel = record.relation_command(db, doc, a, b, source="turkey", kind="deployed_to", sign="neutral",
                                  target="agdam", date_start="2021-01").do(db)["id"]
    _check_evidence(db, doc, rel)
    claim = record.claim_command(db, doc, a, b, claimant="turkey", kind="prediction",
                                 summary="Turkish monitors stay in Aghdam").do(db)["id"]
    _check_evidence(db, doc, claim)
    row = db.execute("SELECT quote, start, end, sentence_id FROM claims WHERE id = ?", [claim]).fetchone()
    assert row[0] == TEXT[row[1]:row[2]] == "Turkey will keep its monitors in Aghdam."


@pytest.mark.parametrize("bad", [
    lambda db, doc: record.tag_command(db, doc, 0, 10_000, "agdam"),
    lambda db, doc: record.tag_command(db, doc, 5, 5, "agdam"),
    lambda db, doc: record.tag_command(db, doc, 0, 4, "no-such-entity"),
    lambda db, doc: record.create_entity_command(db, doc, 0, 4, kind="place", name="Nowhere", subtype="town"),
    lambda db, doc: record.create_entity_command(db, doc, 0, 4, kind="actor", name="Baku", subtype="state"),
    lambda db, doc: record.create_entity_command(db, doc, 0, 4, kind="event", name="X", subtype="military",
                                                 date_start="2021-13"),
    lambda db, doc: record.relation_command(db, doc, 0, 4, source="turkey", kind="x", sign="friendly", target="agdam"),
    lambda db, doc: record.claim_command(db, doc, 0, 4, claimant="turkey", kind="rumour", summary="s"),
    lambda db, doc: item_edits.set_field_command(db, "shusha", "lat", 123.0),
    lambda db, doc: item_edits.set_field_command(db, "shusha", "nonsense", 1),
    lambda db, doc: item_edits.add_alias_command(db, "shusha", "Baku"),
    lambda db, doc: item_edits.merge_command(db, "shusha", "russia"),
])
def test_bad_edits_are_refused_before_writing(kb, bad):
    db, doc = kb
    before = dump(db)
    with pytest.raises(EditError):
        bad(db, doc).do(db)
    assert dump(db) == before


def test_every_field_edit_undoes_exactly(kb):
    db, doc = kb
    before = dump(db)
    cmds = [item_edits.set_field_command(db, "shusha", "name", "Shusha (Shushi)"),
            item_edits.set_field_command(db, "shusha", "lat", 39.7601),
            item_edits.set_field_command(db, "shusha", "place_type", "city"),
            item_edits.set_field_command(db, "joint-statement-signed", "start", "2020-11-09"),
            item_edits.set_field_command(db, "joint-statement-signed", "category", "legal"),
            item_edits.add_alias_command(db, "shusha", "Şuşa şəhəri", usage="az"),
            item_edits.remove_alias_command(db, "shusha", "Shushi")]
    for c in cmds:
        c.do(db)
    assert db.execute("SELECT name FROM entities WHERE id = 'shusha'").fetchone() == ("Shusha (Shushi)",)
    assert search(db, "Shusha (Shushi)")[0].item_id == "shusha"
    after = dump(db)
    for c in reversed(cmds):
        c.undo(db)
    assert dump(db) == before
    for c in cmds:
        c.do(db)  # redo
    assert dump(db) == after


def test_merge_moves_everything_and_undoes_exactly(kb):
    db, doc = kb
    from karabakh_desktop.core import notes

    a, b = at(TEXT, "Karabakh Monitoring Group")
    kmg = record.create_entity_command(db, doc, a, b, kind="actor", name="Karabakh Monitoring Group",
                                       subtype="organisation").do(db)["id"]
    rel = record.relation_command(db, doc, a, b, source=kmg, kind="cooperates_with", sign="cooperative",
                                  target="russia").do(db)["id"]
    note = notes.add(db, kmg, "a duplicate of the joint centre?")
    before = dump(db)
    survivor = "joint-monitoring-center"
    cmd = item_edits.merge_command(db, survivor, kmg)
    cmd.do(db)
    assert db.execute("SELECT 1 FROM entities WHERE id = ?", [kmg]).fetchone() is None
    assert resolve(db, kmg) == survivor
    assert db.execute("SELECT source_id FROM relations WHERE id = ?", [rel]).fetchone() == (survivor,)
    assert db.execute("SELECT item_id FROM user_notes WHERE id = ?", [note.id]).fetchone() == (survivor,)
    assert (doc, None, "Karabakh Monitoring Group", a, b) in [(r[0], None, *r[2:]) for r in _evidence(db, survivor)]
    assert not _evidence(db, kmg)
    assert ("Karabakh Monitoring Group",) in db.execute("SELECT alias FROM aliases WHERE entity_id = ?", [survivor])
    after = dump(db)
    cmd.undo(db)
    assert dump(db) == before
    cmd.do(db)
    assert dump(db) == after


def test_delete_turns_mentions_back_into_suggestions_and_undoes(kb):
    db, doc = kb
    a, b = at(TEXT, "Aghdam")
    record.tag_command(db, doc, a, b, "agdam").do(db)
    before = dump(db)
    cmd = item_edits.delete_command(db, "turkey")
    cmd.do(db)
    assert db.execute("SELECT 1 FROM items WHERE id = 'turkey'").fetchone() is None
    assert not db.execute("SELECT 1 FROM relations WHERE source_id = 'turkey' OR target_id = 'turkey'").fetchall()
    assert not db.execute("SELECT 1 FROM mentions WHERE entity_id = 'turkey'").fetchall()
    cmd.undo(db)
    assert dump(db) == before
    # an entity the analyst made and tagged: delete it and its span is suggested for whoever has that name
    a = TEXT.index("Aghdam", b)
    b = a + len("Aghdam")
    place = record.create_entity_command(db, doc, a, b, kind="place", name="Aghdam (town)", subtype="town",
                                         lat=39.99, lon=46.93).do(db)["id"]
    item_edits.delete_command(db, place).do(db)
    assert db.execute("SELECT entity_id, status FROM mentions WHERE document_id = ? AND start = ? AND via IS NULL",
                      [doc, a]).fetchall() == [("agdam", "suggested")]


def test_import_undo_leaves_the_store_as_before(store_copy, tmp_path):
    db = open_store(store_copy)
    before = dump(db)
    p = tmp_path / "x.txt"
    p.write_text(TEXT)
    cmd = library.import_command(db, p)
    cmd.do(db)
    cmd.undo(db)
    assert dump(db) == before
    db.close()


def test_failed_import_leaves_the_file_byte_for_byte(store_copy, tmp_path, monkeypatch):
    from karabakh_desktop.core import suggest

    p = tmp_path / "x.txt"
    p.write_text(TEXT)
    db = open_store(store_copy)
    cmd = library.import_command(db, p)
    raw = store_copy.read_bytes()

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(suggest, "suggest", boom)
    with pytest.raises(RuntimeError):
        cmd.do(db)
    db.close()
    assert store_copy.read_bytes() == raw


def test_imported_text_is_searchable_at_once_and_metadata_editable(kb):
    db, doc = kb
    hits = [h for h in search(db, "monitors Aghdam") if h.field == "sentence"]
    assert hits and "Turkey will keep its monitors in Aghdam" in hits[0].text
    before = dump(db)
    cmd = library.set_document_command(db, doc, "published", "2021-01-15")
    cmd.do(db)
    assert library.documents(db)[-1].published == "2021-01-15" or any(
        d.published == "2021-01-15" for d in library.documents(db))
    cmd.undo(db)
    assert dump(db) == before
    with pytest.raises(EditError, match="expected YYYY-MM-DD"):
        library.set_document_command(db, doc, "published", "15/01/2021")


def test_redo_after_another_window_wrote_is_refused_cleanly(store_copy, tmp_path):
    one, two = open_store(store_copy), open_store(store_copy)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT)
    cmd = library.import_command(one, tmp_path / "a.txt")
    cmd.do(one)
    cmd.undo(one)
    library.import_command(two, tmp_path / "b.txt").do(two)  # takes the row ids the undone import had
    before = dump(one)
    with pytest.raises(EditError, match="changed meanwhile"):
        cmd.do(one)
    assert dump(one) == before
    one.close()
    two.close()


@pytest.mark.parametrize("content", [None, b"not gzip at all", gzip.compress(b"\xff\xfe broken utf-8")])
def test_a_missing_or_damaged_gazetteer_is_a_message(monkeypatch, tmp_path, content):
    path = tmp_path / "cities5000.tsv.gz"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(record, "_TOWNS", None)
    monkeypatch.setattr(record, "gazetteer_path", lambda: path)
    with pytest.raises(EditError, match="enter the coordinates by hand"):
        record.place_candidates("Shusha")


def test_a_damaged_line_of_the_gazetteer_is_a_message(monkeypatch, tmp_path):
    path = tmp_path / "cities5000.tsv.gz"
    path.write_bytes(gzip.compress(b"1\tShusha\tAZ\t\tnot-a-latitude\t46.7\t4000\t|shusha|\n"))
    monkeypatch.setattr(record, "_TOWNS", None)
    monkeypatch.setattr(record, "gazetteer_path", lambda: path)
    with pytest.raises(EditError, match="damaged"):
        record.place_candidates("Shusha")


def test_gazetteer_matches_whole_folded_names_in_any_script():
    # Every script's name of a town of the region; one row per town however many names match.
    assert [c["name"] for c in record.place_candidates("ШУША")][:1] == ["Shusha"]
    assert record.place_candidates("Şuşa")[0]["name"] == "Shusha"
    assert record.place_candidates("Շուշի")[0]["name"] == "Shusha"
    # A whole name, never a longer word (Shushi is one of its names; Shushin is none) nor blank.
    assert record.place_candidates("shushin") == [] and record.place_candidates("  ") == []
    # Beyond the region by the town's own name; nearest first, then by population.
    paris = record.place_candidates("Paris", limit=3)
    assert paris[0]["country"] == "FR" and [p["distance_km"] for p in paris] == sorted(p["distance_km"] for p in paris)
    assert len(paris) == 3


@pytest.mark.parametrize("name, expected", [("Laçın", "AZ"), ("Kalbajar", "AZ"), ("Шуша", "AZ"), ("Gyumri", "AM")])
def test_gazetteer_has_the_regions_towns_nearest_first(name, expected):
    first = record.place_candidates(name)[0]
    assert first["country"] == expected and first["distance_km"] < 400


def test_a_passage_is_one_sentence_or_part_of_one(kb):
    db, doc = kb
    a = TEXT.index("said on Monday")
    b = TEXT.index("opened in January")
    with pytest.raises(EditError, match="more than one sentence"):
        record.claim_command(db, doc, a, b, claimant="turkey", kind="analysis", summary="two sentences")
