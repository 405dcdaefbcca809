"""A store reads through the standard library until something needs sqlite-utils (core.store).

The start path of ``karabakh-desktop`` up to the window's first complete paint reads only, so it
leaves sqlite-utils (and the pluggy and dateutil it brings) unloaded; a write, a table
helper or a migration builds the store's ``sqlite_utils.Database`` on the same connection.
"""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from karabakh_desktop.core import read
from karabakh_desktop.core.store import connect, open_store
from karabakh_desktop.core.transaction import opens_transaction

# The real command, its window watched until every visible panel has painted once; then what was
# imported by then is printed and the process leaves (Qt's teardown is not part of the start).
FIRST_PAINT = """
import os, sys
from PySide6.QtWidgets import QApplication
from karabakh_desktop import bench
from karabakh_desktop.gui import app as gui_app

opened = gui_app.open_window

def open_and_paint(path, **kw):
    watch = bench._PaintWatch(QApplication.instance())
    win = opened(path, **kw)
    watch.expect(win, win.panels.made.values())
    painted = watch.wait()
    late = [m for m in ("sqlite_utils", "pluggy", "dateutil", "karabakh_desktop.core.importers",
                        "karabakh_desktop.core.library") if m in sys.modules]
    print("painted" if painted else "not painted", " ".join(late) or "none", flush=True)
    os._exit(0)

gui_app.open_window = open_and_paint
from karabakh_desktop.cli import main
main(sys.argv[1:])
"""


def _first_paint(args, home) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KARABAKH_DESKTOP_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, *args], capture_output=True, text=True, timeout=120,
                         env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()


def test_karabakh_desktop_on_a_store_paints_its_window_without_sqlite_utils(store_copy, tmp_path):
    assert _first_paint(["--db", str(store_copy)], tmp_path) == ["painted", "none"]


def test_the_default_store_up_to_date_is_opened_without_sqlite_utils(built_store, tmp_path):
    """Nor the edit log's replay with the importers and the document library: no build is needed."""
    shutil.copyfile(built_store, tmp_path / "karabakh.db")  # the default store, built from data/
    assert _first_paint([], tmp_path) == ["painted", "none"]


def test_a_store_missing_a_schema_step_is_still_migrated_before_its_window_opens(store_copy, tmp_path):
    with sqlite3.connect(store_copy) as con:
        con.execute("DROP INDEX idx_paragraphs_document_id_ordinal")
        con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_paragraph_lookup'")
    con.close()
    assert _first_paint(["--db", str(store_copy)], tmp_path)[0] == "painted"
    with sqlite3.connect(store_copy) as con:
        steps = {r[0] for r in con.execute("SELECT name FROM _sqlite_migrations")}
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    con.close()
    assert "m005_paragraph_lookup" in steps and "idx_paragraphs_document_id_ordinal" in indexes


def test_the_read_model_reads_an_old_store_opened_read_only_without_its_table_helpers(store_copy):
    """Before m003 a store had no documents.series and no periods: read without them, with SQL."""
    with sqlite3.connect(store_copy) as con:
        con.execute("ALTER TABLE documents DROP COLUMN series")
        con.execute("DROP TABLE periods")
    con.close()
    db = open_store(store_copy, readonly=True)
    try:
        assert read.citations(db)[0].series == ""
        assert read.named_periods(db) == []
        assert db._database is None  # nothing asked for sqlite-utils
    finally:
        db.close()


def test_a_write_outside_a_transaction_is_committed_at_once_as_sqlite_utils_does(store_copy):
    db, other = connect(store_copy), connect(store_copy, readonly=True)
    try:
        db.execute("INSERT INTO meta (key, value) VALUES ('probe', '1')")
        assert not db.conn.in_transaction
        assert other.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone() == ("1",)
        # Transaction control is the caller's: the transaction it opens stays open.
        db.execute("  -- a comment first\n BEGIN")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'probe'")
        assert db.conn.in_transaction
        db.rollback()
        assert other.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone() == ("1",)
        # A write that fails leaves no transaction behind to capture the next ones.
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO meta (key, value) VALUES ('probe', '3')")
        assert not db.conn.in_transaction
    finally:
        db.close()
        other.close()


def test_transaction_control_is_told_from_writes():
    assert opens_transaction("BEGIN IMMEDIATE")
    assert opens_transaction("/* why */ savepoint x")
    assert opens_transaction(";\ufeff-- note\nrelease x")
    assert not opens_transaction("INSERT INTO t VALUES (1) -- BEGIN")
    assert not opens_transaction("")


def test_table_helpers_and_a_nested_atomic_share_the_stores_connection_and_transaction(store_copy):
    db = connect(store_copy)
    try:
        with pytest.raises(RuntimeError), db.atomic():
            db["meta"].insert({"key": "outer", "value": "1"})  # sqlite-utils, inside the Store's transaction
            with pytest.raises(KeyError), db.atomic():  # a savepoint: rolled back alone
                db.execute("INSERT INTO meta (key, value) VALUES ('inner', '1')")
                raise KeyError
            assert db.execute("SELECT count(*) FROM meta WHERE key IN ('outer', 'inner')").fetchone() == (1,)
            raise RuntimeError
        assert db.execute("SELECT count(*) FROM meta WHERE key IN ('outer', 'inner')").fetchone() == (0,)
        assert db._database is not None and db.database.conn is db.conn
        assert db["meta"].pks == ["key"] and "meta" in db.table_names()
    finally:
        db.close()
