"""Building the store from data/: content, offsets, atomicity, user tables kept."""

import hashlib
import sqlite3

import pytest

from karabakh_desktop.core import build as build_mod
from karabakh_desktop.core.build import build, data_fingerprint, ensure_default_store
from karabakh_desktop.core.datafiles import DataError
from karabakh_desktop.core.store import open_store
from karabakh_desktop.paths import data_dir

DATA = data_dir()


def test_every_item_has_evidence_or_a_source(db):
    rows = db.execute("""SELECT i.id FROM items i WHERE i.kind NOT IN ('pattern')
                         AND i.id NOT IN (SELECT item_id FROM evidence)
                         AND i.id NOT IN (SELECT id FROM entities WHERE context = 1)
                         AND i.id NOT IN (SELECT id FROM relations WHERE context = 1)""").fetchall()
    assert rows == []


def test_evidence_and_mentions_slice_the_text(db):
    text = db.execute("SELECT text FROM documents").fetchone()[0]
    for start, end, quote in db.execute("SELECT start, end, quote FROM evidence"):
        assert text[start:end] == quote
    n = 0
    for start, end, surface in db.execute("SELECT start, end, surface FROM mentions"):
        assert text[start:end] == surface
        n += 1
    assert n > 200
    for start, end, stext in db.execute("SELECT start, end, text FROM sentences"):
        assert text[start:end] == stext


def test_the_memo_is_covered(db):
    """Names, numbers and dates a reader of the memo would look for."""
    names = {r[0] for r in db.execute("SELECT name FROM entities UNION SELECT alias FROM aliases")}
    for must in ("Shusha", "Khankendi", "Stepanakert", "Lachin Corridor", "Nakhchivan", "Zangezur", "Syunik",
                 "Transdniestria", "Abkhazia", "South Ossetia", "Crimea", "Donbas", "Ganja", "Barda", "Tartar",
                 "Agdam", "Kalbajar", "Fizuli", "Nikol Pashinyan", "Ilham Aliyev", "Mike Pompeo"):
        assert must in names, must
    values = {r[0] for r in db.execute("SELECT value FROM figures")}
    for v in (3000, 92, 11, 4000, 1960, 90, 380, 2000, 44, 40):
        assert v in values, v
    starts = {r[0] for r in db.execute("SELECT start FROM events")}
    assert {"2020-09-27", "2020-11-08", "2020-11-09"} <= starts
    war = db.execute("SELECT start, end FROM events WHERE end IS NOT NULL AND start = '2020-09-27'").fetchone()
    assert war == ("2020-09-27", "2020-11-10")


def test_contested_names_are_kept_side_by_side(db):
    usages = dict(db.execute("SELECT alias, usage FROM aliases WHERE alias IN ('Khankendi', 'Stepanakert', "
                             "'Shushi', 'Artsakh')").fetchall())
    assert usages["Khankendi"] == "az" and usages["Stepanakert"] == "hy" and usages["Shushi"] == "hy"


def test_metonyms_count_for_the_government(db):
    via = db.execute("SELECT entity_id, via FROM mentions WHERE surface = 'Moscow' AND via IS NOT NULL").fetchall()
    assert via and all(v == ("russia", "moscow") for v in via)


def test_claims_are_attributed_and_kept_apart_from_analysis(db):
    kinds = {k for (k,) in db.execute("SELECT DISTINCT kind FROM claims")}
    assert kinds == {"attributed", "analysis", "prediction"}
    pompeo = db.execute("SELECT claimant_id FROM claims WHERE quote LIKE '%outsiders ought to stay out%'").fetchone()
    assert pompeo == ("mike-pompeo",)


def test_failed_build_leaves_the_existing_store_untouched(tmp_path, data_copy):
    out = tmp_path / "kb.db"
    build(DATA, out)
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    (data_copy / "places.toml").write_text("this is [not toml", encoding="utf-8")
    with pytest.raises(DataError, match="places.toml"):
        build(data_copy, out)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "kb.db"]  # no temporary file left behind


def test_user_tables_survive_a_rebuild(tmp_path):
    out = tmp_path / "kb.db"
    build(DATA, out)
    db = open_store(out)
    with db.atomic():
        db["user_notes"].insert({"item_id": "shusha", "text": "check the date", "created": 1.0, "updated": 1.0})
        db["user_scenes"].insert({"position": 1, "title": "War", "caption": "", "state": "{}", "created": 1,
                                  "updated": 1})
    db.close()
    counts = build(DATA, out)
    assert counts["user_rows_kept"] == 2
    db = open_store(out)
    assert db.execute("SELECT text FROM user_notes").fetchall() == [("check the date",)]
    assert db.execute("SELECT title FROM user_scenes").fetchall() == [("War",)]
    db.close()


def test_default_store_is_rebuilt_only_when_data_changes(tmp_path, data_copy):
    out = tmp_path / "default.db"
    _, rebuilt = ensure_default_store(data_copy, out)
    assert rebuilt
    _, rebuilt = ensure_default_store(data_copy, out)
    assert not rebuilt
    fp = data_fingerprint(data_copy)
    with (data_copy / "figures.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# an analyst's comment\n")
    assert data_fingerprint(data_copy) != fp
    _, rebuilt = ensure_default_store(data_copy, out)
    assert rebuilt


def test_damaged_default_store_is_set_aside_not_deleted(tmp_path):
    out = tmp_path / "default.db"
    out.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    ensure_default_store(DATA, out)
    kept = list(tmp_path.glob("default.db.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"SQLite format 3")
    assert open_store(out).execute("SELECT count(*) FROM entities").fetchone()[0] > 50


def test_build_is_one_transaction(tmp_path, monkeypatch):
    """A crash half-way through filling leaves no store at the target."""
    out = tmp_path / "kb.db"

    def boom(*a, **k):
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setattr(build_mod, "_fill_search", boom)
    with pytest.raises(sqlite3.OperationalError):
        build(DATA, out)
    assert not out.exists() and list(tmp_path.iterdir()) == []
