"""A momentary lock held by another instance is waited for, never shown as "locked".

Both cases below failed at once ("database is locked", or "table already exists") before write
transactions took the write lock at ``BEGIN`` (``store.Store.atomic``): a deferred transaction
that reads first is refused the write lock without the busy handler being asked to wait.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlite_utils import Database

from karabakh_desktop.core import notes, scenes, schema
from karabakh_desktop.core.store import open_store

HOLD_S = 0.3  # well inside the 5 s busy timeout


def _hold_write_lock(path, then=None) -> threading.Thread:
    """Another writer holds the write lock (RESERVED) for a moment, does ``then``, and commits."""
    con = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO user_notes (item_id, text, created, updated, deleted) VALUES ('x', 'other', 0, 0, 0)")
    released = threading.Event()

    def release():
        released.wait(HOLD_S)
        try:
            if then:
                then(con)
            con.execute("COMMIT")
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.close()

    t = threading.Thread(target=release)
    t.start()
    return t


def test_a_write_that_reads_first_waits_for_another_writer(store_copy):
    db = open_store(store_copy)
    holder = _hold_write_lock(store_copy)
    s = scenes.add(db, "waited", {"selection": []})  # reads the last position, then inserts
    holder.join()
    assert [x.title for x in scenes.list_scenes(db)] == ["waited"]
    assert {n.text for n in notes.all_notes(db)} == {"other"}
    assert s.id
    db.close()


def test_two_instances_opening_an_older_store_at_once_both_open(store_copy):
    step = "m003_periods_and_series"  # undone by hand: a store from before named periods
    con = sqlite3.connect(store_copy)
    con.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [step])
    con.execute("DROP TABLE periods")
    con.commit()
    con.close()

    def other_instance_migrates(con):
        schema.migrations.apply(Database(con))  # inside the holder's transaction

    holder = _hold_write_lock(store_copy, then=other_instance_migrates)
    db = open_store(store_copy)  # sees the step pending, waits for the lock, finds it done
    holder.join()
    assert step in {r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")}
    assert db["periods"].exists()
    db.close()


def test_an_older_store_gains_the_paragraph_index_on_open(store_copy):
    """m005: a store from before it reads a document's paragraphs through an index, not a scan."""
    con = sqlite3.connect(store_copy)
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_paragraph_lookup'")
    con.execute("DROP INDEX IF EXISTS idx_paragraphs_document_id_ordinal")
    con.commit()
    plan = " ".join(str(r) for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT kind FROM paragraphs WHERE document_id = 'x' ORDER BY ordinal"))
    con.close()
    assert "SCAN paragraphs" in plan
    db = open_store(store_copy)
    plan = " ".join(str(r) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT kind FROM paragraphs WHERE document_id = 'x' ORDER BY ordinal"))
    assert "USING INDEX idx_paragraphs_document_id_ordinal" in plan
    db.close()


def test_an_older_store_opened_read_only_is_read_without_the_index(store_copy):
    """A store from before m005 on a read-only medium: read as it is (a scan), nothing written."""
    from karabakh_desktop.core import read

    con = sqlite3.connect(store_copy)
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_paragraph_lookup'")
    con.execute("DROP INDEX IF EXISTS idx_paragraphs_document_id_ordinal")
    con.commit()
    con.close()
    before = store_copy.read_bytes()
    db = open_store(store_copy, readonly=True)
    doc = db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    assert read.document_content(db, doc).paragraphs
    db.close()
    assert store_copy.read_bytes() == before
