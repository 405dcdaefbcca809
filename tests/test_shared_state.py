import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import NOBODY

from karabakh_desktop.core.shared_state import SharedState, side_path


def test_another_connection_sees_the_change(store_copy):
    a, b = SharedState(store_copy, "a"), SharedState(store_copy, "b")
    assert b.poll() == {}
    a.write("selection", ["shusha"])
    assert b.poll() == {"selection": ["shusha"]}
    assert b.poll() == {}
    assert a.poll() == {}  # its own writes are not echoed back
    a.close(), b.close()


def test_rewriting_the_same_value_still_reaches_followers(store_copy):
    """data_version does not move for a write that changes nothing: the revision makes it move."""
    a, b = SharedState(store_copy, "a"), SharedState(store_copy, "b")
    a.write("selection", ["shusha"])
    b.poll()
    a.write("selection", ["shusha"])
    assert b.poll() == {"selection": ["shusha"]}
    a.close(), b.close()


def test_two_processes_writing_at_once_lose_nothing(store_copy):
    code = textwrap.dedent(f"""
        import sys
        from karabakh_desktop.core.shared_state import SharedState
        s = SharedState({str(store_copy)!r}, sys.argv[1])
        ok = all(s.write("sel-" + sys.argv[1] + "-" + str(i), [i]) for i in range(150))
        print("ok" if ok else "LOST", s.last_error)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, w], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for w in ("p1", "p2")]
    outs = [p.communicate(timeout=120) for p in procs]
    for out, err in outs:
        assert out.startswith("ok"), (out, err)
        assert "locked" not in err
    reader = SharedState(store_copy, "r")
    for w in ("p1", "p2"):
        assert all(reader.read(f"sel-{w}-{i}") == [i] for i in range(150))
    reader.close()


# --- the side file: no fsync, never the store, damaged → made anew, read-only → said, not touched -----------------
def test_a_share_commits_to_the_side_file_without_flushing_and_leaves_the_store_alone(store_copy):
    """A commit to the store is an fsync on the GUI thread (≈ 20–100 ms on a slow disk); what windows
    share is throwaway, so it goes to a side file that is never flushed."""
    before = store_copy.read_bytes()
    a, b = SharedState(store_copy, "a"), SharedState(store_copy, "b")
    assert a.unavailable is None and a.path == store_copy.with_name("kb.db.shared") and a.path.exists()
    assert a.side_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert a.side_db.execute("PRAGMA synchronous").fetchone()[0] == 0  # OFF
    a.write("selection", ["shusha"])
    assert b.poll() == {"selection": ["shusha"]}
    assert not b.rebuilt()  # a share is not a change of the store
    a.close(), b.close()
    assert store_copy.read_bytes() == before


def test_a_store_opened_through_a_link_shares_with_one_opened_by_its_name(store_copy):
    link = store_copy.with_name("link.db")
    link.symlink_to(store_copy)
    a, b = SharedState(link, "a"), SharedState(store_copy, "b")
    a.write("naming", "hy")
    assert b.poll() == {"naming": "hy"} and a.path == b.path
    a.close(), b.close()


def _foreign_schema(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE shared (key TEXT, colour TEXT)")
    con.commit()
    con.close()


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(b"this is not SQLite at all " * 100),
    lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000),  # a torn header
    _foreign_schema,
], ids=["garbage", "torn", "foreign schema"])
def test_a_damaged_side_file_is_made_anew_silently(store_copy, damage):
    side = side_path(store_copy)
    damage(side)
    Path(f"{side}-wal").write_bytes(b"stale")
    a = SharedState(store_copy, "a")
    assert a.unavailable is None and a.last_error is None
    b = SharedState(store_copy, "b")
    assert a.write("selection", ["ganja"]) and b.poll() == {"selection": ["ganja"]}
    a.close(), b.close()
    assert sqlite3.connect(side).execute("SELECT count(*) FROM shared").fetchone()[0] == 1


def test_a_folder_where_the_side_file_goes_is_left_alone_and_said(store_copy):
    side = side_path(store_copy)
    side.mkdir()
    (side / "mine.txt").write_text("keep")
    s = SharedState(store_copy, "a")
    assert "folder" in s.unavailable and "damaged" not in s.unavailable
    assert s.write("selection", ["ganja"]) is False and s.last_error == s.unavailable
    assert s.poll() == {} and s.read("selection", []) == [] and not s.rebuilt()
    s.close()
    assert (side / "mine.txt").read_text() == "keep"


def test_a_session_that_cannot_share_says_so_once(store_copy, qtbot, qapp):
    from karabakh_desktop.gui.session import Session

    side_path(store_copy).mkdir()
    s = Session(store_copy)
    said = []
    s.status.connect(said.append)
    try:
        s.select("ganja")
        s.select("barda")
        s.flush_shared()
        assert s.selection.items == ("barda",)
        assert len(said) == 1 and said[0].startswith("Other windows cannot follow this one:"), said
    finally:
        s.close()


AS_NOBODY = textwrap.dedent("""
    import sys
    from karabakh_desktop.core.shared_state import SharedState
    s = SharedState(sys.argv[1], "nobody")
    print("unavailable:", s.unavailable)
    print("wrote:", s.write("selection", ["ganja"]), s.last_error)
    print("poll:", s.poll(), s.read("selection", "none"))
    s.close()
""")


def _as_nobody(store):
    return subprocess.run([*NOBODY, sys.executable, "-c", AS_NOBODY, str(store)], capture_output=True, text=True,
                          cwd="/", timeout=120)


def test_a_store_in_a_read_only_folder_cannot_share_and_says_why(store_in_read_only_folder):
    store = store_in_read_only_folder
    r = _as_nobody(store)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "unavailable: the folder of kb.db.shared is read-only" in r.stdout
    assert "wrote: False the folder of kb.db.shared is read-only" in r.stdout
    assert "poll: {} none" in r.stdout and "damaged" not in r.stdout
    assert sorted(p.name for p in store.parent.iterdir()) == ["kb.db"]


def test_a_read_only_side_file_is_never_taken_for_damaged(nobody_folder, built_store):
    store = nobody_folder / "kb.db"
    shutil.copyfile(built_store, store)
    side = side_path(store)
    side.write_bytes(b"not SQLite, but not ours to delete")
    for p in (store, side):
        os.chown(p, 65534, 65534)
    os.chmod(side, 0o444)
    r = _as_nobody(store)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert f"unavailable: {side} is read-only" in r.stdout and "wrote: False" in r.stdout
    assert side.read_bytes() == b"not SQLite, but not ours to delete"
    os.chmod(side, 0o644)  # writable again: now it is ours, damaged, and made anew
    r = _as_nobody(store)
    assert "unavailable: None" in r.stdout and "wrote: True None" in r.stdout, r.stdout + r.stderr


def _locked_for(monkeypatch, times: int) -> dict:
    """Make the side file's first ``times`` opens fail as SQLite does when two instances make it at
    the same moment: "database is locked" at once, without its busy wait."""
    from karabakh_desktop.core import shared_state

    lock = {"calls": 0, "times": times}
    real = shared_state._connect

    def connect(path, timeout=shared_state.BUSY_TIMEOUT_S):
        lock["calls"] += 1
        if lock["calls"] <= lock["times"]:
            raise sqlite3.OperationalError("database is locked")
        return real(path, timeout)

    monkeypatch.setattr(shared_state, "_connect", connect)
    return lock


def test_a_side_file_locked_for_a_moment_as_the_window_opens_is_asked_again(store_copy, monkeypatch):
    """Two instances starting together: one found the new side file locked and could not share for
    its whole session (seen in CI: every share failed with "database is locked")."""
    lock = _locked_for(monkeypatch, 2)
    shared = SharedState(store_copy, "one")
    try:
        assert shared.side_db is not None and shared.unavailable is None and lock["calls"] == 3
        assert shared.write("selection", ["shusha"])
    finally:
        shared.close()


def test_a_side_file_still_locked_after_the_retries_is_opened_when_the_lock_passes(store_copy, monkeypatch):
    lock = _locked_for(monkeypatch, 10**6)
    shared = SharedState(store_copy, "one")
    try:
        assert shared.side_db is None and "locked" in shared.unavailable
        assert not shared.write("selection", ["shusha"]) and "locked" in shared.last_error
        tried = lock["calls"]
        assert not shared.write("selection", ["shusha"]) and lock["calls"] == tried  # once a second at most
        lock["times"] = 0  # the lock passes
        shared._next_reopen = 0.0  # (a second later)
        assert shared.write("selection", ["baku"])
        other = SharedState(store_copy, "two")
        assert other.read("selection") == ["baku"]
        other.close()
    finally:
        shared.close()
