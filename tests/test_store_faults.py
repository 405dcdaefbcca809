"""A store that cannot be used: the user gets a clear message, never a traceback, and the file is
byte-for-byte as it was — through the command line, the window's open path and the self-test."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from karabakh_desktop.cli import main
from karabakh_desktop.core import store
from karabakh_desktop.core.store import open_store


def digest(path: Path) -> str | None:
    """Hash of the file and of any journal beside it (None where there is none)."""
    if not path.exists():
        return None
    h = hashlib.sha256(path.read_bytes())
    for side in ("-journal", "-wal", "-shm"):
        p = Path(f"{path}{side}")
        if p.exists():
            h.update(side.encode() + p.read_bytes())
    return h.hexdigest()


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- making broken stores ----------------------------------------------------------------------------
def _missing(tmp, good):
    return tmp / "nowhere" / "kb.db"


def _empty(tmp, good):
    p = tmp / "empty.db"
    p.write_bytes(b"")
    return p


def _truncated(tmp, good):
    p = tmp / "truncated.db"
    data = good.read_bytes()
    p.write_bytes(data[: len(data) // 3])
    return p


def _not_sqlite(tmp, good):
    p = tmp / "notes.db"
    p.write_text("These are my notes, not a database.\n" * 50, encoding="utf-8")
    return p


def _corrupt(tmp, good):
    """Flip the bytes of a page in the middle of the file: the header stays valid."""
    p = tmp / "corrupt.db"
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    at = page * (len(data) // page // 2)
    for i in range(at, at + page):
        data[i] ^= 0xA5
    p.write_bytes(bytes(data))
    return p


def _foreign_sqlite(tmp, good):
    p = tmp / "other.db"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    return p


def _newer(tmp, good):
    p = tmp / "newer.db"
    shutil.copyfile(good, p)
    con = sqlite3.connect(p)
    con.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                "VALUES ('karabakh_desktop', 'm999_from_the_future', '2031-01-01')")
    con.commit()
    con.close()
    return p


BROKEN = {
    "missing": (_missing, "There is no store at"),
    "empty": (_empty, "is empty"),
    "truncated": (_truncated, "damaged|integrity check|not a SQLite"),
    "not sqlite": (_not_sqlite, "is not a SQLite database"),
    "corrupt": (_corrupt, "damaged|integrity check"),
    "foreign sqlite": (_foreign_sqlite, "not a Karabakh Desktop store"),
    "newer schema": (_newer, "newer version of Karabakh Desktop"),
}


@pytest.fixture(params=list(BROKEN), ids=list(BROKEN))
def broken(request, tmp_path, built_store):
    make, expected = BROKEN[request.param]
    path = make(tmp_path, built_store)
    return path, expected, digest(path)


def _clean(output: str, expected: str, path: Path) -> None:
    import re

    assert "Traceback" not in output, output
    assert re.search(expected, output), f"{expected!r} not in {output!r}"
    assert str(path) in output or path.name in output, output


def test_open_store_refuses_with_a_message(broken):
    path, expected, before = broken
    with pytest.raises(store.StoreError) as err:
        open_store(path)
    _clean(str(err.value), expected, path)
    assert digest(path) == before


def test_cli_db_check_and_export_say_why(broken, tmp_path):
    path, expected, before = broken
    r = cli("db", "check", path)
    assert r.exit_code == 1
    _clean(r.output, expected, path)
    r = cli("db", "export", "--format", "csv", "--out", tmp_path, "--db", path)
    assert r.exit_code == 1
    _clean(r.output, expected, path)
    assert not list(tmp_path.glob("*.csv"))
    assert digest(path) == before


def test_opening_the_window_on_it_says_why(broken, qapp, capsys):
    """`karabakh-desktop --db X`: a dialog (offscreen: the same text on stderr), exit status 1."""
    path, expected, before = broken
    from karabakh_desktop.gui.app import open_window

    assert open_window(path, show=False) is None
    err = capsys.readouterr().err
    _clean(err, expected, path)
    r = cli("--db", path)
    assert r.exit_code == 1
    _clean(r.output, expected, path)
    assert digest(path) == before


def test_selftest_on_it_fails_cleanly(broken):
    path, expected, before = broken
    r = cli("selftest", "--db", path)
    assert r.exit_code == 1
    _clean(r.output, expected, path)
    assert digest(path) == before


# --- locked by another process ----------------------------------------------------------------------------
@pytest.fixture
def locked_store(store_copy):
    """Another process holds an exclusive lock (as a writer in the middle of a long write would)."""
    code = textwrap.dedent(f"""
        import sqlite3, sys
        con = sqlite3.connect({str(store_copy)!r}, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        con.execute("INSERT INTO user_notes (item_id, text, created, updated, deleted) VALUES ('x', 'y', 0, 0, 0)")
        print("locked", flush=True)
        sys.stdin.readline()
        con.execute("ROLLBACK")
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield store_copy
    proc.stdin.write("\n")
    proc.stdin.close()
    proc.wait(timeout=30)


def test_locked_store_gives_a_message_and_is_unchanged(locked_store, qapp, capsys, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    main_file = locked_store.read_bytes()
    with pytest.raises(store.StoreLocked) as err:
        open_store(locked_store)
    assert "locked by another program" in str(err.value)
    r = cli("db", "check", locked_store)
    assert r.exit_code == 1 and "Traceback" not in r.output and "locked" in r.output
    from karabakh_desktop.gui.app import open_window

    assert open_window(locked_store, show=False) is None
    assert "locked" in capsys.readouterr().err
    assert locked_store.read_bytes() == main_file


def test_the_lock_released_the_store_opens_with_nothing_lost(store_copy):
    before = hashlib.sha256(store_copy.read_bytes()).hexdigest()
    code = textwrap.dedent(f"""
        import sqlite3
        con = sqlite3.connect({str(store_copy)!r}, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        con.execute("ROLLBACK")
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    db = open_store(store_copy)
    assert db["user_notes"].count == 0
    db.close()
    assert hashlib.sha256(store_copy.read_bytes()).hexdigest() == before


# --- read-only -----------------------------------------------------------------------------------------------
def _chattr(flag: str, path: Path) -> bool:
    try:
        return subprocess.run(["chattr", flag, str(path)], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.fixture
def immutable():
    """Make a file or folder read-only even for root (tests run as root, where chmod stops nothing):
    the immutable attribute. Skipped where the file system or the container does not allow it."""
    marked = []

    def mark(path: Path) -> Path:
        if not _chattr("+i", path):
            pytest.skip("chattr +i is not available here (needed for a read-only file that root cannot write)")
        marked.append(path)
        return path

    yield mark
    for p in reversed(marked):
        _chattr("-i", p)


def test_read_only_store_opens_read_only_says_so_and_is_unchanged(store_copy, immutable, qapp, capsys):
    before = digest(store_copy)
    immutable(store_copy)
    with pytest.raises(store.StoreReadOnly) as err:
        open_store(store_copy)
    assert "read-only" in str(err.value) and "copy" in str(err.value)
    from karabakh_desktop.gui.app import open_window

    win = open_window(store_copy, show=False)
    assert win is not None and win.session.read_only and win.windowTitle().endswith("(read-only)")
    err_text = capsys.readouterr().err
    assert "read-only" in err_text and "cannot be saved" in err_text and "Traceback" not in err_text
    win.session.close()
    win.deleteLater()
    # Reading it is fine: check and export work on a read-only store.
    r = cli("db", "check", store_copy)
    assert r.exit_code == 0, r.output
    assert digest(store_copy) == before


def test_store_in_a_read_only_folder_is_refused(tmp_path, built_store, immutable):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "kb.db"
    shutil.copyfile(built_store, path)
    before = digest(path)
    immutable(folder)
    with pytest.raises(store.StoreReadOnly) as err:
        open_store(path)
    assert "folder" in str(err.value)
    assert digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["kb.db"]


def test_read_only_check_without_root_powers(store_copy, monkeypatch):
    """Where permissions do apply (any non-root user), os.access is what refuses the write."""
    real = store.os.access
    monkeypatch.setattr(store.os, "access", lambda p, mode: False if mode == store.os.W_OK else real(p, mode))
    before = digest(store_copy)
    with pytest.raises(store.StoreReadOnly):
        open_store(store_copy)
    open_store(store_copy, readonly=True).close()
    assert digest(store_copy) == before
