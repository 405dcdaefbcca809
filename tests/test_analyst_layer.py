"""The analyst's layer: edits and imported documents survive a rebuild (and a killed writer),
conflicts with changed shipped data are listed, and the TOML export builds the same store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from karabakh_desktop.cli import main
from karabakh_desktop.core import item_edits, layer, library, record, suggest
from karabakh_desktop.core.build import build
from karabakh_desktop.core.checks import check
from karabakh_desktop.core.store import open_store

TEXT = ("The Karabakh Monitoring Group met in Xankəndi. Reports from Kelbadjar said Baku and Moscow agreed.\n"
        "Turkey will keep its monitors in Aghdam, the group said.\n")


def _analyst_work(db, tmp_path) -> str:
    p = tmp_path / "note.txt"
    p.write_text(TEXT, encoding="utf-8")
    doc = library.import_command(db, p, title="Monitoring note", published="2021-02").do(db)["id"]
    i = TEXT.index("Karabakh Monitoring Group")
    kmg = record.create_entity_command(db, doc, i, i + 25, kind="actor", name="Karabakh Monitoring Group",
                                       subtype="organisation").do(db)["id"]
    j = TEXT.index("Turkey will keep its monitors in Aghdam")
    record.relation_command(db, doc, j, j + 39, source="turkey", kind="deployed_to", sign="neutral",
                            target="agdam").do(db)
    record.claim_command(db, doc, j, j + 39, claimant=kmg, kind="attributed", summary="Turkey stays in Aghdam").do(db)
    library.name_status_command(db, doc, "kalbajar", "confirmed").do(db)
    library.name_status_command(db, doc, "baku", "rejected").do(db)
    item_edits.set_field_command(db, "shusha", "description", "Analyst's description of Shusha.").do(db)
    item_edits.add_alias_command(db, "lachin", "Laçın şəhəri", usage="az").do(db)
    return doc


def _snapshot(db) -> dict:
    q = {"documents": "SELECT id, title, published FROM documents",
         "entities": "SELECT id, kind, name, description FROM entities",
         "aliases": "SELECT entity_id, alias, usage, alias_kind FROM aliases",
         "evidence": "SELECT item_id, document_id, start, end, quote FROM evidence",
         "mentions": "SELECT entity_id, document_id, start, end, status, via FROM mentions",
         "relations": "SELECT id, source_id, target_id, kind, sign FROM relations",
         "claims": "SELECT id, claimant_id, quote, start, end FROM claims",
         "sentences": "SELECT document_id, start, end FROM sentences",
         "periods": "SELECT id, name, first, after, event_id, evidence FROM periods",
         "meta": "SELECT key, value FROM meta WHERE key = 'data_credits'",
         "series": "SELECT id, series FROM documents"}
    return {k: sorted(map(repr, db.execute(sql).fetchall())) for k, sql in q.items()}


def test_edits_survive_a_rebuild(data_copy, tmp_path):
    store = tmp_path / "kb.db"
    build(data_copy, store)
    db = open_store(store)
    doc = _analyst_work(db, tmp_path)
    before = _snapshot(db)
    db.close()
    counts = build(data_copy, store)  # same data, rebuilt: the log is replayed on top
    assert counts["edits_replayed"] == 8 and counts["conflicts"] == 0
    db = open_store(store)
    assert _snapshot(db) == before
    assert suggest.mention_counts(db, document_id=doc)["kalbajar"] == 1
    assert db.execute("SELECT layer FROM documents WHERE id = ?", [doc]).fetchone() == ("analyst",)
    db.close()
    assert check(store) == []


def test_shipped_change_to_an_edited_item_is_a_listed_conflict(data_copy, tmp_path):
    store = tmp_path / "kb.db"
    build(data_copy, store)
    db = open_store(store)
    _analyst_work(db, tmp_path)
    db.close()
    places = data_copy / "places.toml"
    text = places.read_text(encoding="utf-8")
    start = text.index('id = "shusha"')
    at = text.index("description = ", start)
    end = text.index("\n", at)
    places.write_text(text[:at] + 'description = "A new shipped description."' + text[end:], encoding="utf-8")
    build(data_copy, store)
    db = open_store(store)
    rows = layer.conflicts(db)
    assert [(c["kind"], c["item_id"], c["op"]) for c in rows] == [("changed", "shusha", "set_field")]
    assert "A new shipped description." in rows[0]["shipped"] and "Analyst" in rows[0]["analyst"]
    # never silently resolved: the analyst's value is applied, and the conflict is listed until acknowledged
    assert db.execute("SELECT description FROM entities WHERE id = 'shusha'").fetchone() == (
        "Analyst's description of Shusha.",)
    res = CliRunner().invoke(main, ["db", "conflicts", "--db", str(store)])
    assert res.exit_code == 1 and "shusha" in res.output
    layer.acknowledge(db, rows[0]["id"])
    db.close()
    build(data_copy, store)
    db = open_store(store)
    assert layer.conflicts(db) == []
    db.close()


def test_an_edit_on_an_item_the_shipped_data_dropped_is_listed_not_applied(data_copy, tmp_path):
    store = tmp_path / "kb.db"
    build(data_copy, store)
    db = open_store(store)
    item_edits.add_alias_command(db, "anar-valiyev", "A. Valiyev", usage="en").do(db)
    db.close()
    actors = data_copy / "actors.toml"
    actors.write_text(actors.read_text(encoding="utf-8").replace('id = "anar-valiyev"', 'id = "valiyev"')
                      .replace('"anar-valiyev"', '"valiyev"'), encoding="utf-8")
    for f in data_copy.glob("*.toml"):
        f.write_text(f.read_text(encoding="utf-8").replace('"anar-valiyev"', '"valiyev"'), encoding="utf-8")
    build(data_copy, store)
    db = open_store(store)
    assert [(c["kind"], c["item_id"]) for c in layer.conflicts(db)] == [("gone", "anar-valiyev")]
    assert not db.execute("SELECT 1 FROM aliases WHERE alias = 'A. Valiyev'").fetchall()
    db.close()


WRITER = textwrap.dedent("""
    import sys
    from karabakh_desktop.core import item_edits
    from karabakh_desktop.core.store import open_store
    db = open_store(sys.argv[1])
    for i in range(100000):
        item_edits.set_field_command(db, "shusha", "description", f"version {i}").do(db)
        print(i, flush=True)
""")


def test_edits_survive_sigkill_of_the_writer_and_a_rebuild(data_copy, tmp_path):
    store = tmp_path / "kb.db"
    build(data_copy, store)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if int(line) >= 20:
                break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    db = open_store(store)  # rolls back the write that was cut off
    desc = db.execute("SELECT description FROM entities WHERE id = 'shusha'").fetchone()[0]
    n = int(desc.split()[-1])
    assert n >= 20
    logged = db.execute("SELECT count(*) FROM user_edits").fetchone()[0]
    assert logged == n + 1  # every committed edit is in the log, and nothing half-done
    db.close()
    assert check(store) == []
    build(data_copy, store)
    db = open_store(store)
    assert db.execute("SELECT description FROM entities WHERE id = 'shusha'").fetchone() == (desc,)
    db.close()


def test_toml_export_builds_the_same_store(store_copy, tmp_path):
    db = open_store(store_copy)
    _analyst_work(db, tmp_path)
    i = TEXT.index("Xankəndi")
    item_edits.merge_command(db, "khankendi-stepanakert", "shusha").do(db)  # an odd merge, to move many rows
    record.tag_command(db, "memo", 0, 8, "karabakh").do(db)
    before = _snapshot(db)
    assert i > 0
    res = CliRunner().invoke(main, ["db", "export", "--format", "toml", "--out", str(tmp_path / "kb"),
                                    "--db", str(store_copy)])
    assert res.exit_code == 0, res.output
    db.close()
    out = tmp_path / "rebuilt.db"
    res = CliRunner().invoke(main, ["db", "build", "--data", str(tmp_path / "kb"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    db2 = open_store(out)
    after = _snapshot(db2)
    for table in before:
        assert len(after[table]) == len(before[table]), table
        assert after[table] == before[table], table
    db2.close()


def test_export_refuses_a_file_as_folder(store_copy, tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    res = CliRunner().invoke(main, ["db", "export", "--format", "toml", "--out", str(f), "--db", str(store_copy)])
    assert res.exit_code == 1 and "give a folder" in res.output


@pytest.mark.parametrize("args, message", [
    (["doc", "import", "/nonexistent/report.pdf"], "no such file"),
    (["doc", "import", "{scan}"], "no text layer"),
    (["doc", "import", "{txt}", "--published", "2021-02-30"], "2021-02-30"),
    (["doc", "import", "{txt}", "--published", "23 Aug 2021"], "expected YYYY-MM-DD"),
    (["doc", "confirm", "999999"], "no such mention"),
    (["doc", "reject"], "give mention ids"),
])
def test_cli_bad_input_is_a_message_and_exit_1(store_copy, tmp_path, args, message):
    from karabakh_desktop.core.pdf_writer import write_pdf

    write_pdf(tmp_path / "scan.pdf", text=False)
    (tmp_path / "ok.txt").write_text(TEXT)
    raw = store_copy.read_bytes()
    args = [a.format(scan=tmp_path / "scan.pdf", txt=tmp_path / "ok.txt") for a in args]
    res = CliRunner().invoke(main, [*args, "--db", str(store_copy)])
    assert res.exit_code == 1, res.output
    assert message in res.output and "Traceback" not in res.output
    assert store_copy.read_bytes() == raw


def test_cli_import_list_review(store_copy, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph(TEXT.split("\n")[0])
    d.save(tmp_path / "brief.docx")
    run = CliRunner().invoke
    res = run(main, ["doc", "import", str(tmp_path / "brief.docx"), "--title", "Brief", "--author", "An Analyst",
                     "--published", "2021-02-01", "--db", str(store_copy)])
    assert res.exit_code == 0, res.output
    assert "as document brief" in res.output and "suggested mentions" in res.output
    res = run(main, ["doc", "list", "--db", str(store_copy)])
    assert "brief  “Brief” (An Analyst, 2021-02-01)  [analyst]" in res.output
    res = run(main, ["doc", "suggestions", "brief", "--db", str(store_copy)])
    assert "“Xankəndi” → khankendi-stepanakert" in res.output
    res = run(main, ["doc", "reject", "--doc", "brief", "--entity", "baku", "--db", str(store_copy)])
    assert res.exit_code == 0 and "Reject 1 mention" in res.output
    res = run(main, ["doc", "suggestions", "brief", "--status", "rejected", "--db", str(store_copy)])
    assert "“Baku” → baku" in res.output
    res = run(main, ["doc", "edit", "brief", "--publisher", "A Think Tank", "--db", str(store_copy)])
    assert res.exit_code == 0 and "Set publisher of brief" in res.output
    res = run(main, ["doc", "edit", "brief", "--published", "last week", "--db", str(store_copy)])
    assert res.exit_code == 1 and "expected YYYY-MM-DD" in res.output


def test_a_store_of_the_previous_version_gains_the_new_columns(store_copy):
    """Migration m004 on a store built before it: every shipped mention becomes 'confirmed'."""
    import sqlite3

    conn = sqlite3.connect(store_copy)
    for idx in [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE "
                                           "'%status%'")]:
        conn.execute(f"DROP INDEX [{idx}]")
    for table in ("documents", "entities", "aliases", "relations", "claims", "mentions", "evidence"):
        conn.execute(f"ALTER TABLE [{table}] DROP COLUMN layer")
    conn.execute("ALTER TABLE mentions DROP COLUMN status")
    conn.execute("ALTER TABLE mentions DROP COLUMN confidence")
    conn.execute("DROP TABLE user_edits")
    conn.execute("DROP TABLE conflicts")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_analyst_layer'")
    conn.commit()
    conn.close()
    res = CliRunner().invoke(main, ["doc", "list", "--db", str(store_copy)])
    assert res.exit_code == 0, res.output
    assert "283 confirmed, 0 suggested" in res.output
    db = open_store(store_copy)
    assert db.execute("SELECT DISTINCT status FROM mentions").fetchall() == [("confirmed",)]
    db.close()


def test_an_edit_that_no_longer_applies_is_listed_and_the_rebuild_goes_on(data_copy, tmp_path):
    store = tmp_path / "kb.db"
    build(data_copy, store)
    db = open_store(store)
    with db.atomic():
        db["user_edits"].insert_all([
            {"op": "set_field", "payload": '{"item": "shusha", "field": "nonsense", "old": null, "new": 1}',
             "created": 0.0},
            {"op": "frobnicate", "payload": "{}", "created": 0.0},
            {"op": "tag", "payload": "not json", "created": 0.0}])
    item_edits.set_field_command(db, "shusha", "note", "kept").do(db)
    db.close()
    counts = build(data_copy, store)
    assert (counts["edits_replayed"], counts["edits_skipped"]) == (1, 3)
    db = open_store(store)
    assert [c["kind"] for c in layer.conflicts(db)] == ["failed"] * 3
    assert db.execute("SELECT note FROM entities WHERE id = 'shusha'").fetchone() == ("kept",)
    db.close()
