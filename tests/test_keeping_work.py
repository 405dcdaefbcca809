"""Nothing the analyst wrote is lost (issue 11): rebuilds under writers and open windows, locked and
read-only default stores, two first starts at once, damaged stores set aside with their notes
salvaged, and failed saves that say why and keep the text."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOBODY

from karabakh_desktop import paths
from karabakh_desktop.cli import main
from karabakh_desktop.core import store
from karabakh_desktop.core.build import build, prepare_default_store
from karabakh_desktop.core.store import open_store

DATA = paths.data_dir()


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def add_notes(path: Path, n: int, text: str = "mine") -> None:
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO user_notes (item_id, text, created, updated, deleted) VALUES ('shusha', ?, 0, 0, 0)",
                    [(f"{text} {i}",) for i in range(n)])
    con.commit()
    con.close()


def note_texts(path: Path) -> set[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT text FROM user_notes")}
    finally:
        con.close()


@pytest.fixture
def home(tmp_path, monkeypatch, built_store) -> Path:
    """A user data folder holding a default store, current with the shipped data, with two notes."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("KARABAKH_DESKTOP_HOME", str(h))
    shutil.copyfile(built_store, h / "karabakh.db")
    prepare_default_store(DATA, h / "karabakh.db")
    add_notes(h / "karabakh.db", 2)
    return h


# --- rebuilds -------------------------------------------------------------------------------------------------
WRITER = textwrap.dedent("""
    import os, sqlite3, sys, time
    path, mode, stop = sys.argv[1], sys.argv[2], sys.argv[3]
    committed = []
    con = sqlite3.connect(path, timeout=30) if mode == "long" else None
    print("ready", flush=True)
    n = 0
    while not os.path.exists(stop):
        c = con or sqlite3.connect(path, timeout=30)
        c.execute("INSERT INTO user_notes (item_id, text, created, updated, deleted) VALUES ('shusha', ?, 0, 0, 0)",
                  [f"w{n}"])
        c.commit()
        committed.append(f"w{n}")
        if con is None:
            c.close()
        n += 1
        time.sleep(0.002)  # a busy writer, but not one that never lets go of the lock
    print(" ".join(committed), flush=True)
""")


@pytest.mark.parametrize("mode", ["long", "per-note"], ids=["one long-lived connection", "a connection per note"])
def test_notes_committed_while_the_store_is_rebuilt_are_all_kept(store_copy, tmp_path, mode):
    """Before: the build copied the user tables, then swapped the file; a note committed in between
    was gone (about one per rebuild) and `db check` said ok. Now the rebuild happens in place."""
    stop = tmp_path / "stop"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store_copy), mode, str(stop)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    try:
        for _ in range(4):
            r = cli("db", "build", "--out", store_copy)
            assert r.exit_code == 0, r.output
            assert "user rows kept" in r.output
    finally:
        stop.touch()
        out, _ = proc.communicate(timeout=60)
    committed = set(out.split())
    assert len(committed) > 4, "the writer did not get to write while the builds ran"
    assert committed <= note_texts(store_copy)
    assert cli("db", "check", store_copy).exit_code == 0


def build_as_a_writer_commits(store: Path, monkeypatch, note: str, *, hooked: str, after: bool):
    """`db build --out store` while a writer holds ``note`` uncommitted, and commits it (SQLite then
    deletes the store's journal) the moment the build calls ``os.<hooked>`` on the journal: right
    after the call (``after``: the build has just seen the journal) or right before it."""
    journal = Path(f"{store}-journal")
    writer = sqlite3.connect(store, timeout=30)
    writer.execute("INSERT INTO user_notes (item_id, text, created, updated, deleted) VALUES ('shusha', ?, 0, 0, 0)",
                   [note])
    assert journal.is_file()  # the writer's transaction is open: its journal is being written
    real = getattr(os, hooked)

    def commit_there(path, *args, **kwargs):
        now = os.fspath(path) == str(journal) and writer.in_transaction
        if now and not after:
            writer.commit()
        result = real(path, *args, **kwargs)
        if now and after:
            writer.commit()
        return result

    monkeypatch.setattr(os, hooked, commit_there)
    try:
        r = cli("db", "build", "--out", store)
    finally:
        monkeypatch.undo()
        met = not writer.in_transaction
        writer.close()
    assert met, "the build never met the journal: the race did not happen"
    return r


def test_a_note_committed_as_the_rebuild_looks_at_the_journal_is_kept(store_copy, monkeypatch):
    """The race of the test above, made to happen every time. SQLite creates kb.db-journal at each
    transaction and deletes it at the commit. Before: the rebuild looked whether the journal was
    there, then stat-ed it to check it is a regular file; a writer's commit in between deleted it, and
    the rebuild failed with "kb.db-journal is unreadable". Here the commit lands exactly there."""
    r = build_as_a_writer_commits(store_copy, monkeypatch, "committed as the rebuild starts",
                                  hooked="stat", after=True)
    assert r.exit_code == 0, r.output
    assert "user rows kept" in r.output
    assert "committed as the rebuild starts" in note_texts(store_copy)
    assert cli("db", "check", store_copy).exit_code == 0


def test_a_journal_that_is_a_link_to_nothing_is_named(store_copy, tmp_path):
    """Only a journal that vanished is no journal: a dangling link in its place is refused, by name."""
    Path(f"{store_copy}-journal").symlink_to(tmp_path / "nowhere")
    r = cli("db", "build", "--out", store_copy)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "kb.db-journal is a symbolic link to a missing file" in r.output
    assert not (tmp_path / "nowhere").exists() and not list(tmp_path.glob("*.damaged*"))


def test_a_window_open_across_a_rebuild_keeps_saving(session, qtbot):
    """Before: `db build --out` on the open store swapped the file; every later save failed with a
    traceback on stderr ("attempt to write a readonly database") and left a phantom undo entry."""
    from karabakh_desktop.gui.notes_editor import NoteEditor

    editor = NoteEditor(session)
    qtbot.addWidget(editor)
    editor.set_item("shusha")
    r = subprocess.run([sys.executable, "-m", "karabakh_desktop.cli", "db", "build", "--out", str(session.path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    editor.start_edit(None)
    editor.editor.setPlainText("written after the rebuild")
    assert editor.save() is not None
    assert session.undo_stack.count() == 1
    assert "written after the rebuild" in note_texts(session.path)
    session.undo_stack.undo()  # undo writes too
    assert [n.text for n in __import__("karabakh_desktop.core.notes", fromlist=["x"]).notes_for(session.db, "shusha")] \
        == []


def test_a_failed_rebuild_rolls_back_and_keeps_everything(store_copy, data_copy, monkeypatch):
    from karabakh_desktop.core import build as build_mod

    add_notes(store_copy, 3)
    before = open_store(store_copy, readonly=True)
    entities = before["entities"].count
    before.close()

    def boom(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(build_mod, "_fill_search", boom)
    with pytest.raises(sqlite3.OperationalError):
        build(data_copy, store_copy)
    db = open_store(store_copy, readonly=True)
    assert db["entities"].count == entities and db["user_notes"].count == 3
    db.close()


def test_a_full_disk_during_db_build_is_a_message(store_copy, tmp_path):
    """A file-size limit stands in for a full disk: SQLite's write fails part-way through."""
    add_notes(store_copy, 2)
    code = textwrap.dedent("""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
        from karabakh_desktop.cli import main
        sys.argv = ["karabakh-desktop", "db", "build", "--out", sys.argv[1]]
        main()
    """)
    for target in (store_copy, tmp_path / "new.db"):
        r = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 1, r.stderr
        assert "Traceback" not in r.stderr and "could not be written" in r.stderr
    assert cli("db", "check", store_copy).exit_code == 0
    assert len(note_texts(store_copy)) == 2
    assert not (tmp_path / "new.db").exists() and not list(tmp_path.glob(".new.db.building*"))


# --- the default store: locked, read-only, damaged, first start --------------------------------------------
def _hold_exclusive(path: Path, seconds: float) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import sqlite3, time
        con = sqlite3.connect({str(path)!r}, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        time.sleep({seconds})
        con.execute("ROLLBACK")
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.parametrize("command", [("db", "export", "--format", "geojson"), ("export", "--view", "map")],
                         ids=["db export", "export"])
def test_a_default_store_locked_for_3_s_is_waited_for_not_set_aside(home, tmp_path, command):
    """Before: `export` renamed the locked store to .damaged-TIME, built an empty one, exited 0."""
    proc = _hold_exclusive(home / "karabakh.db", 3)
    try:
        r = cli(*command, "--out", tmp_path / "out.png")
    finally:
        proc.wait(timeout=30)
    assert r.exit_code == 0, r.output
    assert not list(home.glob("*.damaged*"))
    assert note_texts(home / "karabakh.db") == {"mine 0", "mine 1"}


def test_a_default_store_locked_too_long_says_busy(home, tmp_path, monkeypatch, qapp, capsys):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.3)
    proc = _hold_exclusive(home / "karabakh.db", 4)
    try:
        r = cli("db", "export", "--format", "geojson", "--out", tmp_path / "places.geojson")
        from karabakh_desktop.gui.app import run

        assert run() == 1
    finally:
        proc.wait(timeout=30)
    assert r.exit_code == 1 and "busy" in r.output and "try again" in r.output.lower()
    assert "Traceback" not in r.output
    assert "busy" in capsys.readouterr().err
    assert not list(home.glob("*.damaged*")) and not (tmp_path / "places.geojson").exists()
    assert note_texts(home / "karabakh.db") == {"mine 0", "mine 1"}


def test_a_journal_that_is_a_folder_is_named_and_nothing_is_renamed(home, tmp_path):
    """Before: each start added another .damaged copy while saying "the file was left as it was"."""
    (home / "karabakh.db-journal").mkdir()
    for _ in range(2):
        r = cli("db", "export", "--format", "geojson", "--out", tmp_path / "p.geojson")
        assert r.exit_code == 1
        assert "karabakh.db-journal is a folder" in r.output and "Traceback" not in r.output
    assert not list(home.glob("*.damaged*"))
    (home / "karabakh.db-journal").rmdir()
    assert note_texts(home / "karabakh.db") == {"mine 0", "mine 1"}


def _corrupt_documents(path: Path) -> None:
    """Overwrite the pages of the memo's text (a knowledge table): the user tables stay readable."""
    con = sqlite3.connect(path)
    pages = [p for (p,) in con.execute("SELECT pageno FROM dbstat WHERE name = 'documents'")]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    for p in pages[1:]:
        data[(p - 1) * size: p * size] = b"\xa5" * size
    path.write_bytes(bytes(data))


def test_a_damaged_default_store_is_set_aside_and_its_notes_salvaged(home, tmp_path):
    _corrupt_documents(home / "karabakh.db")
    r = cli("db", "export", "--format", "geojson", "--out", tmp_path / "p.geojson")
    assert r.exit_code == 0, r.output
    aside = list(home.glob("karabakh.db.damaged-*"))
    assert len(aside) == 1
    assert str(aside[0]) in r.output and "2 rows of your notes" in r.output  # the message (on stderr) says where and what
    assert note_texts(home / "karabakh.db") == {"mine 0", "mine 1"}
    assert cli("db", "check", home / "karabakh.db").exit_code == 0


def test_a_note_committed_as_a_damaged_store_is_set_aside_is_salvaged(store_copy, monkeypatch):
    """A damaged store's journal goes aside with it. Before: the build looked whether the journal was
    there, then moved it; a writer's commit in between deleted it, and the build stopped half-way:
    the store moved aside, none built in its place, and "cannot write kb.db: No such file or
    directory". Here the commit lands there."""
    add_notes(store_copy, 2)
    _corrupt_documents(store_copy)
    r = build_as_a_writer_commits(store_copy, monkeypatch, "committed as the store is set aside",
                                  hooked="replace", after=False)  # into the file already moved aside
    assert r.exit_code == 0, r.output
    assert "3 rows of your notes" in r.output
    assert note_texts(store_copy) == {"mine 0", "mine 1", "committed as the store is set aside"}
    assert len(list(store_copy.parent.glob("kb.db.damaged-*"))) == 1


@pytest.mark.parametrize("make", ["newer", "folder"])
def test_a_newer_store_or_a_folder_is_refused_never_renamed(home, tmp_path, make):
    db = home / "karabakh.db"
    if make == "newer":
        con = sqlite3.connect(db)
        con.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                    "VALUES ('karabakh_desktop', 'm999_from_the_future', '2031-01-01')")
        con.commit()
        con.close()
    else:
        db.unlink()
        db.mkdir()
    r = cli("db", "export", "--format", "geojson", "--out", tmp_path / "p.geojson")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert ("newer version" if make == "newer" else "is a folder") in r.output
    assert not list(home.glob("*.damaged*"))


FIRST_START = textwrap.dedent("""
    import sys
    from karabakh_desktop import paths
    from karabakh_desktop.core import notes
    from karabakh_desktop.core.build import prepare_default_store
    from karabakh_desktop.core.store import open_store
    prepared = prepare_default_store(paths.data_dir(), paths.default_store())
    db = open_store(prepared.path)
    print(prepared.rebuilt, file=sys.stderr)
    sys.stdin.readline()  # all started and opened: now each writes its first note
    notes.add(db, "shusha", "first note of " + sys.argv[1])
    print("saved", flush=True)
""")


def test_two_first_starts_at_once_build_once_and_share_the_file(tmp_path):
    """Before: both built the default store; one was left on the orphaned file (its note failed)."""
    h = tmp_path / "fresh"
    env = dict(os.environ, KARABAKH_DESKTOP_HOME=str(h))
    procs = [subprocess.Popen([sys.executable, "-c", FIRST_START, str(i)], env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(3)]
    results = [p.communicate("\n", timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    assert [out.strip() for out, _ in results] == ["saved"] * 3
    assert sorted(err.strip().splitlines()[-1] for _, err in results) == ["False", "False", "True"]
    assert note_texts(h / "karabakh.db") == {f"first note of {i}" for i in range(3)}
    assert sorted(p.name for p in h.iterdir()) == ["karabakh.db"]


def test_a_killed_build_leaves_no_building_file_for_ever(store_copy):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = store_copy.with_name(f".{store_copy.name}.building-{dead.stdout.strip()}")
    stale.write_bytes(b"half a store")
    Path(f"{stale}-journal").write_bytes(b"x")
    assert cli("db", "build", "--out", store_copy).exit_code == 0
    assert not list(store_copy.parent.glob(".*building*"))


def test_selftest_never_writes_the_users_store(home):
    db = home / "karabakh.db"
    before = db.read_bytes()
    r = cli("selftest")
    assert r.exit_code == 0, r.output
    assert db.read_bytes() == before


# --- read-only, as a user for whom file modes apply --------------------------------------------------------------
AS_NOBODY = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from karabakh_desktop.gui.app import application, open_window
    app = application()
    win = open_window(sys.argv[1], show=False)
    print("opened", win is not None, "read_only", bool(win and win.session.read_only), flush=True)
    from karabakh_desktop.gui.notes_editor import NoteEditor
    ed = NoteEditor(win.session)
    said = []
    win.session.writeFailed.connect(said.append)
    ed.set_item("shusha")
    ed.start_edit(None)
    ed.editor.setPlainText("cannot be saved here")
    print("saved", ed.save(), "undo", win.session.undo_stack.count(), "kept", ed.editor.toPlainText(), flush=True)
    print("said", said[0].splitlines()[0] if said else None, flush=True)
""")


def test_chmod_444_default_store_as_a_normal_user_opens_read_only(nobody_folder, built_store):
    """Before: the read-only default store was renamed .damaged (or the start failed renaming it)."""
    home = nobody_folder / "home"
    home.mkdir()
    db = home / "karabakh.db"
    shutil.copyfile(built_store, db)
    prepare_default_store(DATA, db)
    add_notes(db, 2)
    for p in (home, db):
        os.chown(p, 65534, 65534)
    os.chmod(db, 0o444)
    before = db.read_bytes()
    env = dict(os.environ, KARABAKH_DESKTOP_HOME=str(home))
    out = nobody_folder / "places.geojson"
    r = subprocess.run([*NOBODY, sys.executable, "-m", "karabakh_desktop.cli", "db", "export", "--format", "geojson",
                        "--out", str(out)], env=env, capture_output=True, text=True, cwd="/", timeout=120)
    assert r.returncode == 0, r.stderr
    assert "read-only" in r.stderr and out.exists()
    r = subprocess.run([*NOBODY, sys.executable, "-c", AS_NOBODY, str(db)], env=env, capture_output=True, text=True,
                       cwd="/", timeout=120)
    assert r.returncode == 0, r.stderr
    assert "opened True read_only True" in r.stdout
    assert "saved None undo 0 kept cannot be saved here" in r.stdout
    assert "is read-only" in r.stdout and "Traceback" not in r.stderr
    assert db.read_bytes() == before and not list(home.glob("*.damaged*"))
    assert note_texts(db) == {"mine 0", "mine 1"}


def test_a_store_in_a_read_only_folder_as_a_normal_user(store_in_read_only_folder):
    """A read-only medium: the folder cannot hold a journal; the store opens read-only all the same."""
    db = store_in_read_only_folder
    folder = db.parent
    r = subprocess.run([*NOBODY, sys.executable, "-m", "karabakh_desktop.cli", "db", "check", str(db)],
                       capture_output=True, text=True, cwd="/", timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*NOBODY, sys.executable, "-c", AS_NOBODY, str(db)], capture_output=True, text=True,
                       cwd="/", timeout=120)
    assert "opened True read_only True" in r.stdout, r.stderr
    assert "saved None undo 0" in r.stdout and "read-only" in r.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["kb.db"]


UNDO_AS_NOBODY = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from karabakh_desktop.gui import commands, errors
    from karabakh_desktop.gui.app import application
    from karabakh_desktop.gui.session import Session
    from karabakh_desktop.core import notes
    said = []
    errors.report_error = lambda title, message, parent=None, **kw: said.append(title + ": " + message)
    app = application()
    path = sys.argv[1]
    s = Session(path, follow=False)
    s.undo_stack.push(commands.AddNote(s, "shusha", "my note"))
    os.chmod(os.path.dirname(path), 0o555)  # the store's folder and file turn read-only under the window
    os.chmod(path, 0o444)
    s.undo_stack.undo()
    print("index", s.undo_stack.index(), "notes", [n.text for n in notes.notes_for(s.db, "shusha")], flush=True)
    print("said", said[-1].replace("\\n", " ") if said else None, flush=True)
    os.chmod(os.path.dirname(path), 0o755)
    os.chmod(path, 0o644)
    s.undo_stack.undo()  # writable again: the same step is undone
    print("then", s.undo_stack.index(), [n.text for n in notes.notes_for(s.db, "shusha")], flush=True)
""")


def test_an_undo_on_a_store_turned_read_only_as_a_normal_user_stays_put(nobody_folder, built_store):
    """File modes apply to `nobody` (not to root): the store and its folder made read-only while the
    window is open; the undo is refused in words (never "damaged"), the stack does not move, the note stays."""
    folder = nobody_folder / "store"
    folder.mkdir()
    db = folder / "kb.db"
    shutil.copyfile(built_store, db)
    for p in (folder, db):
        os.chown(p, 65534, 65534)
    r = subprocess.run([*NOBODY, sys.executable, "-c", UNDO_AS_NOBODY, str(db)], capture_output=True, text=True,
                       cwd="/", timeout=120)
    assert r.returncode == 0, r.stderr
    assert "index 1 notes ['my note']" in r.stdout, r.stdout + r.stderr
    said = next(line for line in r.stdout.splitlines() if line.startswith("said"))
    assert "Could not undo" in said and "not undone" in said and "damaged" not in said.lower(), said
    assert "then 0 []" in r.stdout


def test_an_open_window_shows_the_rebuilt_knowledge_in_place(window, qtbot, data_copy):
    """Before: after `db build` rebuilt the open store in place, the window showed the old knowledge
    until it was reopened. Now it sees the rebuild (a build mark in the store's meta), reloads its
    views in place, keeps the selection and the notes, and says so in the status bar."""
    from karabakh_desktop.core import notes
    from karabakh_desktop.gui.commands import AddNote

    s = window.session
    s.select("russia")
    s.undo_stack.push(AddNote(s, "russia", "kept across the rebuild"))
    details = window.panels["details"]
    assert "deployed the peacekeeping contingent" in details.view.toPlainText()
    details.note_editor.start_edit(None)  # a note being written when the rebuild comes
    details.note_editor.editor.setPlainText("a draft, not saved yet")
    actors = data_copy / "actors.toml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "deployed the peacekeeping contingent", "deployed the rebuilt contingent"), encoding="utf-8")
    with qtbot.waitSignal(s.status, timeout=5000,
                          check_params_cb=lambda msg: "rebuilt" in msg) as said:
        build(data_copy, s.path)  # as `db build --out` from a terminal, on the open store (the window polls)
    assert "selection" in said.args[0] and "notes" in said.args[0]
    assert "deployed the rebuilt contingent" in details.view.toPlainText()
    assert s.selection.items == ("russia",)
    assert [n.text for n in notes.notes_for(s.db, "russia")] == ["kept across the rebuild"]
    assert details.note_editor.editor.toPlainText() == "a draft, not saved yet"  # the draft is kept too
    assert "rebuilt" in window.statusBar().currentMessage()
    # the note's undo still works (notes live in the analyst's tables, which a rebuild keeps)
    s.undo_stack.undo()
    assert notes.notes_for(s.db, "russia") == []


def test_a_rebuild_under_the_window_drops_knowledge_steps_from_undo_and_keeps_the_edits(window, qtbot, data_copy):
    """A knowledge edit's undo names rows by their place in the store, which a rebuild changes: its step
    goes (the edit itself is replayed by the rebuild and stays), and the status bar says Undo starts afresh."""
    from karabakh_desktop.core import item_edits, read
    from karabakh_desktop.gui import knowledge_commands

    s = window.session
    assert knowledge_commands.build(s, item_edits.set_field_command, "kalbajar", "description", "my own words")
    with qtbot.waitSignal(s.status, timeout=5000, check_params_cb=lambda msg: "rebuilt" in msg) as said:
        build(data_copy, s.path)
    assert "Undo starts afresh" in said.args[0] and s.undo_stack.count() == 0
    assert read.facts(s.db, "kalbajar").description == "my own words"
