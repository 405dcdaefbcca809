"""Odd paths and hostile input (issue 11): pipes, devices, folders and symlinks where files are
expected, data that used to crash the build, failed saves in the window, Ctrl+C, a 1 MB memo."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from karabakh_desktop import paths
from karabakh_desktop.cli import main
from karabakh_desktop.core import document, notes, store
from karabakh_desktop.core.datafiles import DataError, load

DATA = paths.data_dir()


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _clean(r, *expected):
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    for e in expected:
        assert e in r.output, r.output


def _device(tmp_path) -> Path:
    dev = tmp_path / "null"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return dev


# --- exports and builds onto things that are not regular files ------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_db_export_refuses_a_pipe_device_or_folder_and_never_hangs(built_store, tmp_path, kind):
    """Before: a FIFO or /dev/null was replaced by a regular file (exit 0)."""
    target = tmp_path / "out.geojson"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = _device(tmp_path)
    else:
        target.mkdir()
    r = cli("db", "export", "--format", "geojson", "--db", built_store, "--out", target)
    _clean(r, "cannot write")
    assert {"fifo": "named pipe", "device": "a device", "folder": "folder"}[kind] in r.output
    mode = os.lstat(target).st_mode
    assert {"fifo": stat.S_ISFIFO, "device": stat.S_ISCHR, "folder": stat.S_ISDIR}[kind](mode)


def test_slide_export_refuses_a_pipe(built_store, tmp_path):
    target = tmp_path / "slide.png"
    os.mkfifo(target)
    r = cli("export", "--view", "network", "--db", built_store, "--out", target)
    _clean(r, "named pipe", "nothing was written")
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_exports_write_through_a_symlink_and_keep_it(built_store, tmp_path):
    real = tmp_path / "real.geojson"
    real.write_text("old")
    link = tmp_path / "link.geojson"
    link.symlink_to(real)
    assert cli("db", "export", "--format", "geojson", "--db", built_store, "--out", link).exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text())["type"] == "FeatureCollection"
    png, png_link = tmp_path / "real.png", tmp_path / "link.png"
    png_link.symlink_to(png)  # dangling: the export creates its target
    r = cli("export", "--view", "map", "--db", built_store, "--out", png_link, "--size", "640x360")
    assert r.exit_code == 0, r.output
    assert png_link.is_symlink() and png.read_bytes()[:4] == b"\x89PNG"


def test_a_symlink_loop_is_refused(built_store, tmp_path):
    loop = tmp_path / "loop.geojson"
    loop.symlink_to(loop)
    _clean(cli("db", "export", "--format", "geojson", "--db", built_store, "--out", loop), "loops")
    assert loop.is_symlink()


def test_db_build_through_a_symlink_keeps_the_link(tmp_path):
    real, link = tmp_path / "real.db", tmp_path / "link.db"
    link.symlink_to(real)
    assert cli("db", "build", "--out", link).exit_code == 0  # a new store, at the link's target
    sqlite3.connect(real).execute("INSERT INTO user_notes (item_id, text) VALUES ('shusha', 'kept')").connection.commit()
    r = cli("db", "build", "--out", link)  # rebuilt in place, through the link
    # the note and the starter briefing a new store gets (data/scenes.toml) are the user rows kept
    assert r.exit_code == 0 and "user rows kept" in r.output, r.output
    assert sqlite3.connect(real).execute("SELECT text FROM user_notes").fetchall() == [("kept",)]
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["link.db", "real.db"]


def test_db_build_onto_a_pipe_or_folder_is_refused(tmp_path):
    out = tmp_path / "kb.db"
    os.mkfifo(out)
    _clean(cli("db", "build", "--out", out), "cannot write", "named pipe")
    assert stat.S_ISFIFO(os.lstat(out).st_mode)
    folder = tmp_path / "folder.db"
    folder.mkdir()
    r = cli("db", "build", "--out", folder)  # click's own check: a usage message, exit status 2
    assert r.exit_code == 2 and "is a directory" in r.output and folder.is_dir()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_store_that_is_a_pipe_or_device_is_refused_not_read(tmp_path, kind, qapp, capsys):
    """Before: `db check FIFO` hung for ever."""
    path = tmp_path / "kb.db"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path = _device(tmp_path)
    _clean(cli("db", "check", path), "not a regular file")
    _clean(cli("db", "export", "--format", "csv", "--db", path, "--out", tmp_path), "cannot be a store")
    from karabakh_desktop.gui.app import open_window

    assert open_window(path, show=False) is None
    assert "not a regular file" in capsys.readouterr().err


# --- data that used to crash or hang the build ------------------------------------------------------------------
def _fails(folder, *patterns) -> str:
    r = cli("db", "build", "--data", folder, "--out", folder.parent / "out.db")
    _clean(r, *patterns)
    assert not (folder.parent / "out.db").exists()
    return r.output


def _edit(folder, name, old, new):
    p = folder / name
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_deeply_nested_toml_is_a_message(data_copy):
    (data_copy / "figures.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _fails(data_copy, "figures.toml", "nested too deeply")


def test_a_26_digit_figure_is_a_message(data_copy):
    _edit(data_copy, "figures.toml", "value = ", "value = 12345678901234567890123456 # ")
    _fails(data_copy, "figures.toml", "too large a number (26 digits)")


@pytest.mark.parametrize("file, anchor, field", [
    ("relations.toml", "sign = ", "approx"),  # approx is the figures' flag: ignored on a relation
    ("figures.toml", "approx = false\n", "approx"),
    ("actors.toml", "actor_type = ", "mention"),
    ("places.toml", "place_type = ", "context"),
])
def test_a_flag_that_is_not_true_or_false_is_a_message(data_copy, file, anchor, field):
    _edit(data_copy, file, anchor, f'{field} = "no"\n' if anchor.startswith(field) else f'{field} = "no"\n{anchor}')
    if file == "relations.toml":
        assert load(data_copy)
        return
    _fails(data_copy, file, f"field '{field}' must be true or false, got 'no'")


def test_directed_no_is_a_message(data_copy):
    _edit(data_copy, "relations.toml", "directed = false", 'directed = "no"')
    _fails(data_copy, "relations.toml", "field 'directed' must be true or false, got 'no'")


@pytest.mark.parametrize("make, expected", [
    ("fifo", "named pipe"), ("loop", "loops"), ("folder", "a folder"),
])
def test_a_memo_file_that_is_a_pipe_loop_or_folder_is_named(data_copy, make, expected):
    memo = next((data_copy / "memo").glob("*.txt"))
    memo.unlink()
    if make == "fifo":
        os.mkfifo(memo)
    elif make == "loop":
        memo.symlink_to(memo)
    else:
        memo.mkdir()
    out = _fails(data_copy, "documents.toml", expected)
    assert "quote not found" not in out  # the one cause, not 300 consequences


@pytest.mark.parametrize("make", ["folder", "fifo"])
def test_a_data_file_that_is_a_folder_or_pipe_is_named_as_the_culprit(data_copy, make):
    """Before: a folder named actors.toml was blamed on the output ("cannot write OUT")."""
    (data_copy / "actors.toml").unlink()
    os.mkfifo(data_copy / "actors.toml") if make == "fifo" else (data_copy / "actors.toml").mkdir()
    out = _fails(data_copy, "actors.toml: cannot be read")
    assert "cannot write" not in out


def test_blank_names_and_one_character_aliases_are_rejected(data_copy):
    _edit(data_copy, "actors.toml", 'name = "Turkey"', 'name = "   "')
    _edit(data_copy, "places.toml", "aliases = [", 'aliases = [{ alias = ",", usage = "other" }, ')
    with pytest.raises(DataError) as err:
        load(data_copy)
    msg = str(err.value)
    assert "field 'name' is empty" in msg and "alias ',' is a single character" in msg


def test_an_evidence_quote_must_lie_within_one_sentence(data_copy):
    _edit(data_copy, "relations.toml",
          '"Azerbaijan liberated its seven occupied territories and established rule over Karabakh.",\n'
          '  "A significant share of that region went under the control of Russian peacekeepers",',
          '"Azerbaijan liberated its seven occupied territories and established rule over Karabakh. '
          'A significant share of that region went under the control of Russian peacekeepers",')
    with pytest.raises(DataError) as err:
        load(data_copy)
    assert "rel-azerbaijan-rules-karabakh': quote spans more than one sentence" in str(err.value)


def test_a_store_whose_views_call_load_extension_is_refused(store_copy, qapp, capsys):
    con = sqlite3.connect(store_copy)
    con.execute("DROP VIEW items")
    con.execute("CREATE VIEW items AS SELECT id, kind, name FROM entities WHERE load_extension('/tmp/x') IS NULL")
    con.commit()
    con.close()
    for args in (("db", "check", store_copy), ("db", "export", "--format", "gexf", "--db", store_copy, "--out",
                                               store_copy.with_suffix(".gexf")), ("selftest", "--db", store_copy)):
        r = cli(*args)
        assert r.exit_code == 1 and "does not allow" in r.output and "Traceback" not in r.output, r.output
    from karabakh_desktop.gui.app import open_window

    assert open_window(store_copy, show=False) is None
    assert "does not allow" in capsys.readouterr().err


def test_export_over_the_whole_calendar_is_a_slide_or_a_message(built_store, tmp_path):
    r = cli("export", "--view", "timeline", "--from", "0001-01-01", "--to", "9999-12-30", "--db", built_store,
            "--size", "640x360", "--out", tmp_path / "t.png")
    assert r.exit_code == 0, r.output
    _clean(cli("export", "--view", "map", "--from", "0001-01-01", "--to", "9999-12-31", "--db", built_store,
               "--out", tmp_path / "m.png"), "9999-12-30")


def test_scenes_whose_stored_state_has_wrong_types_export(store_copy, tmp_path):
    con = sqlite3.connect(store_copy)
    states = [{"selection": 5, "time_window": "x", "naming": [3], "open": 1, "shown": {"a": 1}, "views": 7},
              {"selection": [1, None, {"x": 1}], "time_window": [1, 2], "views": {"network": 5, "map": "x"}},
              "a string", [1, 2], {"time_window": ["2020-01-01"]}]
    for i, st in enumerate(states):
        con.execute("INSERT INTO user_scenes (position, title, caption, state, created, updated, deleted) "
                    "VALUES (?, ?, '', ?, 0, 0, 0)", [i, f"odd {i}", json.dumps(st)])
    con.commit()
    con.close()
    r = cli("export", "--scenes", "--db", store_copy, "--size", "640x360", "--out", tmp_path / "slides")
    assert r.exit_code == 0, r.output
    assert len(list((tmp_path / "slides").glob("*.png"))) == len(states)


# --- failed saves in the window ---------------------------------------------------------------------------------
@pytest.fixture
def editor(session, qtbot):
    from karabakh_desktop.gui.notes_editor import NoteEditor

    ed = NoteEditor(session)
    qtbot.addWidget(ed)
    ed.set_item("shusha")
    ed.said = []
    session.writeFailed.connect(ed.said.append)
    return ed


def _try_save(editor, text="a note worth keeping"):
    editor.start_edit(None)
    editor.editor.setPlainText(text)
    return editor.save()


def _kept(editor, text="a note worth keeping"):
    assert editor.editor.toPlainText() == text and editor.edit_row.isVisibleTo(editor)
    assert editor.session.undo_stack.count() == 0
    assert len(editor.said) == 1 and "not saved" in editor.said[0]
    return editor.said[0]


def test_a_save_onto_a_full_disk_is_a_dialog_and_keeps_the_text(editor, monkeypatch, capsys):
    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(notes, "add", full)
    assert _try_save(editor) is None
    assert "disk" in _kept(editor) and "full" in editor.said[0]
    assert "Traceback" not in capsys.readouterr().err


def test_a_save_while_another_program_holds_the_lock_says_busy(store_copy, qapp, qtbot, monkeypatch):
    from karabakh_desktop.gui.notes_editor import NoteEditor
    from karabakh_desktop.gui.session import Session

    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    s = Session(store_copy, follow=False)
    ed = NoteEditor(s)
    qtbot.addWidget(ed)
    ed.set_item("shusha")
    ed.said = []
    s.writeFailed.connect(ed.said.append)
    holder = sqlite3.connect(store_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert _try_save(ed) is None
        assert "busy" in _kept(ed)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _try_save(ed, "now it goes in") is not None  # the lock gone, the same editor saves
    s.close()


def test_a_save_after_the_file_was_swapped_under_the_window_says_so(editor, built_store, tmp_path):
    path = editor.session.path
    other = tmp_path / "other.db"
    other.write_bytes(built_store.read_bytes())
    os.replace(other, path)  # another program replaced the file (as builds before issue 11 did)
    assert _try_save(editor) is None
    assert "replaced or moved" in _kept(editor)


def test_an_undo_that_cannot_be_written_is_reported_not_raised(editor, monkeypatch):
    assert _try_save(editor, "first") is not None

    def readonly(*a, **k):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(notes, "set_deleted", readonly)
    editor.session.undo_stack.undo()
    assert editor.said and "not undone" in editor.said[-1]


# --- Ctrl+C, and a long memo ------------------------------------------------------------------------------------
CTRL_C = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from karabakh_desktop.gui.app import application, open_window, quit_on_ctrl_c
    app = application()
    win = open_window(sys.argv[1])
    quit_on_ctrl_c(app)
    QTimer.singleShot(0, lambda: print("running", flush=True))
    code = app.exec()
    print("quit", code, flush=True)
""")


def test_ctrl_c_in_the_terminal_quits_the_window_cleanly(store_copy):
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C, str(store_copy)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.stdout.readline().strip() == "running"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "quit 0" in out, err
    assert "KeyboardInterrupt" not in err and "Traceback" not in err


def test_sentence_splitting_stays_right_after_long_words():
    text = "Title\nThe U.S. and Gen. Smith met on Aug. 5. A B. Cwordthatislong. Then approx. two met. End."
    got = [s.text for s in document.sentences(text)]
    assert got == ["Title", "The U.S. and Gen. Smith met on Aug. 5.", "A B. Cwordthatislong.",
                   "Then approx. two met.", "End."]


def test_a_1_mb_memo_builds_in_bounded_time(tmp_path):
    """Before: 200 KB of short sentences took ~50-95 s; 1 MB did not finish. The goal (a few seconds)
    is measured by the benchmark; here the bound only catches a return to quadratic time."""
    code = textwrap.dedent("""
        import sys
        from pathlib import Path
        from karabakh_desktop.core.synthetic import long_memo_data
        from karabakh_desktop.core.build import build
        data = long_memo_data(Path(sys.argv[1]) / "data", 1.0)
        print(build(data, Path(sys.argv[1]) / "long.db")["sentences"])
    """)
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout.strip()) > 5000
