"""The touch rule, for each kind of item, on the memo's store."""

from karabakh_desktop.core.touch import DIM, SOFT, STRONG, kind_of, touches


def test_actor_touches_relations_neighbours_events_claims_places(db):
    t = touches(db, ["russia"])
    assert t.level("russia") == STRONG
    rels = {r[0] for r in db.execute("SELECT id FROM relations WHERE source_id='russia' OR target_id='russia'")}
    assert rels and rels <= t.items
    assert "armenia" in t.items and "azerbaijan" in t.items  # neighbours
    assert "moscow" in t.items  # the capital that stands for it
    claims = {r[0] for r in db.execute("SELECT id FROM claims WHERE claimant_id='russia' OR subject_id='russia'")}
    assert claims <= t.items
    mention_sentences = {r[0] for r in db.execute("SELECT sentence_id FROM mentions WHERE entity_id='russia'")}
    assert mention_sentences <= t.sentences
    assert t.level("cia") == DIM


def test_place_touches_events_there_and_actors_tied(db):
    t = touches(db, ["shusha"])
    events_there = {r[0] for r in db.execute("SELECT entity_id FROM events WHERE place_id='shusha'")}
    assert events_there and events_there <= t.items
    for ev in events_there:
        parts = {r[0] for r in db.execute("SELECT entity_id FROM event_participants WHERE event_id=?", [ev])}
        assert parts <= t.items | {"shusha"}


def test_event_touches_participants_place_and_evidence(db):
    ev, place = db.execute("SELECT entity_id, place_id FROM events WHERE start='2020-11-08'").fetchone()
    t = touches(db, [ev])
    parts = {r[0] for r in db.execute("SELECT entity_id FROM event_participants WHERE event_id=?", [ev])}
    assert parts <= t.items and place in t.items
    ev_sents = {r[0] for r in db.execute("SELECT sentence_id FROM evidence WHERE item_id=?", [ev])}
    assert ev_sents and ev_sents <= t.evidence_sentences


def test_relation_touches_both_ends_and_evidence(db):
    rid, s, tgt = db.execute("SELECT id, source_id, target_id FROM relations LIMIT 1").fetchone()
    t = touches(db, [rid])
    assert {s, tgt} <= t.items and t.evidence_sentences


def test_claim_touches_claimant_subject_and_sentence(db):
    cid, claimant, subject, sid = db.execute(
        "SELECT id, claimant_id, subject_id, sentence_id FROM claims WHERE subject_id IS NOT NULL LIMIT 1").fetchone()
    t = touches(db, [cid])
    assert {claimant, subject} <= t.items and sid in t.sentences and sid in t.evidence_sentences


def test_sentence_touches_what_it_mentions(db):
    sid = db.execute("SELECT sentence_id FROM mentions WHERE entity_id='shusha' LIMIT 1").fetchone()[0]
    t = touches(db, [f"sentence:{sid}"])
    assert t.level("shusha") == SOFT and sid in t.sentences
    assert kind_of(db, f"sentence:{sid}") == "sentence"


def test_cell_and_pattern(db):
    cid, case, pattern = db.execute("SELECT id, case_id, pattern_id FROM pattern_cells LIMIT 1").fetchone()
    assert {case, pattern} <= touches(db, [cid]).items
    assert cid in touches(db, [pattern]).items


def test_unknown_items_touch_nothing(db):
    t = touches(db, ["no-such-thing", "sentence:abc"])
    assert not t.items and not t.sentences
    assert touches(db, []).empty
