"""Nothing is lost under faults: the app killed mid-write, two instances writing at once, broken
data folders, and exports to a full disk or an unwritable folder."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOBODY

from karabakh_desktop.cli import main
from karabakh_desktop.core import checks, exports, notes, scenes
from karabakh_desktop.core.shared_state import SharedState
from karabakh_desktop.core.store import open_store

SEQ = re.compile(r"seq:(\d+)")


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- killed while writing notes and scenes ------------------------------------------------------------------
WRITER = textwrap.dedent("""
    import random, sys
    from karabakh_desktop.core import notes, scenes
    from karabakh_desktop.core.store import open_store

    path, run = sys.argv[1], int(sys.argv[2])
    db = open_store(path)
    rng = random.Random(run)
    mine_notes = [n.id for n in notes.all_notes(db)]
    mine_scenes = [s.id for s in scenes.list_scenes(db)]
    print("ready", flush=True)
    i = 0
    while True:
        seq = run * 1_000_000 + i
        i += 1
        op = rng.choice(["note", "note", "edit", "scene", "update", "delete"] if mine_notes and mine_scenes
                        else ["note", "scene"])
        if op == "note":
            n = notes.add(db, f"item-{rng.randrange(50)}", f"note seq:{seq} " + "x" * rng.randrange(2000))
            mine_notes.append(n.id)
            print("note", n.id, seq, flush=True)
        elif op == "edit":
            nid = rng.choice(mine_notes)
            notes.edit(db, nid, f"edited seq:{seq} " + "y" * rng.randrange(2000))
            print("note", nid, seq, flush=True)
        elif op == "scene":
            state = {"selection": [f"item-{k}" for k in range(rng.randrange(300))], "seq": seq}
            s = scenes.add(db, f"scene seq:{seq}", state, caption="c" * rng.randrange(3000))
            mine_scenes.append(s.id)
            print("scene", s.id, seq, flush=True)
        elif op == "update":
            sid = rng.choice(mine_scenes)
            scenes.update(db, sid, title=f"scene seq:{seq}", state={"seq": seq, "pad": "z" * rng.randrange(5000)})
            print("scene", sid, seq, flush=True)
        else:
            nid = rng.choice(mine_notes)
            notes.set_deleted(db, nid, rng.random() < 0.5)
            print("flag", nid, seq, flush=True)
""")


def _run_and_kill(path: Path, run: int, rng: random.Random) -> list[tuple[str, int, int]]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(run)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    # Kill after a random number of reported writes rather than a random time, so that a slow
    # or busy machine exercises as much as a fast one (the kill still lands mid-write).
    seen = [proc.stdout.readline() for _ in range(rng.randrange(4, 30))]
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err  # it was writing, not failing, when killed
    done = []
    for line in "".join(seen).splitlines(keepends=True) + out.splitlines(keepends=True):
        if line.endswith("\n"):  # a line cut by the kill was not reported
            kind, item, seq = line.split()
            done.append((kind, int(item), int(seq)))
    return done


def test_killed_while_writing_notes_and_scenes_loses_nothing_committed(store_copy):
    rng = random.Random(8)
    reported: dict[tuple[str, int], int] = {}
    total = 0
    for run in range(1, 13):
        for kind, item, seq in _run_and_kill(store_copy, run, rng):
            total += 1
            if kind != "flag":
                reported[(kind, item)] = max(seq, reported.get((kind, item), -1))
        # Straight after the kill (a hot journal may be beside the file) the store checks out.
        assert checks.check(store_copy) == [], f"after run {run}"
    assert total > 100, "the writer hardly wrote: the test did not exercise anything"
    r = cli("db", "check", store_copy)
    assert r.exit_code == 0, r.output
    db = open_store(store_copy)
    note_rows = {n.id: n for n in notes.all_notes(db, include_deleted=True)}
    scene_rows = {s.id: s for s in scenes.list_scenes(db, include_deleted=True)}
    for (kind, item), seq in reported.items():
        row = note_rows.get(item) if kind == "note" else scene_rows.get(item)
        assert row is not None, f"committed {kind} {item} is gone"
        text = row.text if kind == "note" else row.title
        # The store may hold a later edit whose report the kill cut off, never an older one.
        assert int(SEQ.search(text).group(1)) >= seq, (kind, item, text[:40], seq)
        if kind == "scene":
            assert row.state.get("seq") == int(SEQ.search(text).group(1))  # title and state: one commit
    db.close()


MID_WRITE = textwrap.dedent("""
    import sys, time
    from karabakh_desktop.core import notes
    from karabakh_desktop.core.store import open_store

    db = open_store(sys.argv[1])
    kept = notes.add(db, "shusha", "committed before the crash")
    print("kept", kept.id, flush=True)
    db.conn.execute("PRAGMA cache_size = 2")  # spill: the file changes before the commit, as big writes do
    db.execute("BEGIN")
    for i in range(2000):
        db.execute("INSERT INTO user_notes (item_id, text, created, updated, deleted) VALUES ('x', ?, 0, 0, 0)",
                   ["never committed " + "z" * 500])
    db.execute("UPDATE user_notes SET text = 'overwritten, never committed' WHERE id = ?", [kept.id])
    print("in-transaction", flush=True)
    time.sleep(60)
""")


def test_killed_inside_a_transaction_the_store_rolls_back_and_opens(store_copy, qapp, capsys):
    """The crash leaves a hot journal. Opening (the app, or `db check`, read-only) must roll it back
    rather than refuse the store as read-only, and the committed note must be there, unchanged."""
    proc = subprocess.Popen([sys.executable, "-c", MID_WRITE, str(store_copy)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    kept = int(proc.stdout.readline().split()[1])
    assert proc.stdout.readline().strip() == "in-transaction", proc.stderr.read()
    proc.kill()
    proc.communicate(timeout=30)
    journal = Path(f"{store_copy}-journal")
    assert journal.exists() and journal.stat().st_size > 0, "the kill left no hot journal to recover from"
    r = cli("db", "check", store_copy)
    assert r.exit_code == 0, r.output
    db = open_store(store_copy, readonly=True)
    assert [(n.id, n.text) for n in notes.all_notes(db)] == [(kept, "committed before the crash")]
    db.close()
    from karabakh_desktop.gui.app import open_window

    win = open_window(store_copy, show=False)
    assert win is not None, capsys.readouterr().err
    win.session.close()
    win.deleteLater()


def test_a_journal_beside_a_store_we_may_not_write_is_told_live_or_stopped(nobody_folder, built_store):
    """As `nobody`, a store it may only read, with another user's write under way: `db check` says the
    store is busy (not "a program stopped"); once that writer is killed, it says a stopped program left
    a write that needs write access to roll back. Neither is called damaged, nothing is changed, and
    the owner's next open rolls the write back."""
    folder = nobody_folder / "shared"
    folder.mkdir()
    os.chmod(folder, 0o755)  # root's folder: `nobody` reads it, cannot write it
    db = folder / "kb.db"
    db.write_bytes(built_store.read_bytes())
    os.chmod(db, 0o644)
    proc = subprocess.Popen([sys.executable, "-c", MID_WRITE, str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)

    def check_as_nobody():
        return subprocess.run([*NOBODY, sys.executable, "-m", "karabakh_desktop.cli", "db", "check", str(db)],
                              capture_output=True, text=True, cwd="/", timeout=120)

    try:
        kept = int(proc.stdout.readline().split()[1])
        assert proc.stdout.readline().strip() == "in-transaction", proc.stderr.read()
        journal = Path(f"{db}-journal")
        before = (sha(db), sha(journal))
        r = check_as_nobody()
        said = " ".join((r.stdout + r.stderr).split())
        assert r.returncode == 1 and "is busy" in said and "stopped" not in said, said
        assert "damaged" not in said and "Traceback" not in said
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert (sha(db), sha(journal)) == before
    r = check_as_nobody()
    said = " ".join((r.stdout + r.stderr).split())
    assert r.returncode == 1 and "unfinished write of a program that stopped" in said, said
    assert "needs write access" in said and "damaged" not in said and "Traceback" not in said
    assert (sha(db), sha(journal)) == before and not list(folder.glob("*.damaged*"))
    r = cli("db", "check", db)  # the owner may write: the stopped write is rolled back
    assert r.exit_code == 0, r.output
    store = open_store(db, readonly=True)
    assert [n.id for n in notes.all_notes(store)] == [kept]
    store.close()


# --- two instances writing at once --------------------------------------------------------------------------
TWIN = textwrap.dedent("""
    import sys
    from karabakh_desktop.core import notes, scenes
    from karabakh_desktop.core.shared_state import SharedState
    from karabakh_desktop.core.store import open_store

    path, who = sys.argv[1], sys.argv[2]
    db = open_store(path)
    shared = SharedState(path, who)
    failures = 0
    for i in range(120):
        if not shared.write("selection", [f"{who}-{i}"]):
            failures += 1
            print("SHARE-FAILED", shared.last_error, flush=True)
        n = notes.add(db, f"item-{who}", f"{who} {i}")
        print("note", n.id, flush=True)
        if i % 10 == 0:
            s = scenes.add(db, f"{who} scene {i}", {"selection": [f"{who}-{i}"]})
            print("scene", s.id, flush=True)
    print("done", failures, flush=True)
""")


def test_two_instances_writing_at_once_lose_nothing(store_copy):
    procs = [subprocess.Popen([sys.executable, "-c", TWIN, str(store_copy), who], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for who in ("one", "two")]
    outs = [p.communicate(timeout=180) for p in procs]
    written = {"note": set(), "scene": set()}
    for (out, err), p in zip(outs, procs):
        assert p.returncode == 0, err
        assert "locked" not in out + err, out + err
        assert out.strip().endswith("done 0"), out[-500:]
        for line in out.splitlines():
            if line.startswith(("note", "scene")):
                kind, rid = line.split()
                written[kind].add(int(rid))
    assert len(written["note"]) == 240 and len(written["scene"]) == 24
    db = open_store(store_copy)
    texts = {n.id: n.text for n in notes.all_notes(db)}
    assert set(texts) == written["note"]
    assert {t for t in texts.values()} == {f"{w} {i}" for w in ("one", "two") for i in range(120)}
    assert {s.id for s in scenes.list_scenes(db)} == written["scene"]
    db.close()
    reader = SharedState(store_copy, "reader")
    assert reader.read("selection") in (["one-119"], ["two-119"])
    reader.close()


# --- broken data folders --------------------------------------------------------------------------------------
def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture anchor {old!r} missing from {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(folder: Path, name: str, block: str) -> None:
    with open(folder / name, "a", encoding="utf-8") as fh:
        fh.write("\n" + textwrap.dedent(block))


BROKEN_DATA = {
    "bad syntax": (lambda d: _append(d, "events.toml", '[[event]]\nid = "oops\n'),
                   [r"events\.toml", r"not valid TOML"]),
    "wrong type": (lambda d: _edit(d, "places.toml", "lat = 40.4093", 'lat = "forty"'),
                   [r"places\.toml, record 'baku'", r"field 'lat' must be"]),
    "missing field": (lambda d: _append(d, "actors.toml", '''
                          [[actor]]
                          id = "nameless-actor"
                          actor_type = "state"
                          context = true
                          source = "test"
                          '''),
                      [r"actors\.toml, record 'nameless-actor'", r"missing field 'name'"]),
    "unknown id": (lambda d: _append(d, "relations.toml", '''
                       [[relation]]
                       id = "rel-to-nowhere"
                       source = "azerbaijan"
                       target = "atlantis"
                       kind = "supports"
                       sign = "cooperative"
                       context = true
                       '''),
                   [r"relations\.toml, record 'rel-to-nowhere'", r"unknown id 'atlantis'"]),
    "quote not in the memo": (lambda d: _append(d, "actors.toml", '''
                                  [[actor]]
                                  id = "misquoted"
                                  name = "Misquoted Council"
                                  actor_type = "organisation"
                                  evidence = ["Words the memo never says."]
                                  '''),
                              [r"actors\.toml, record 'misquoted'", r"quote not found verbatim"]),
    "alias claimed twice": (lambda d: _append(d, "places.toml", '''
                                [[place]]
                                id = "second-baku"
                                name = "Second Baku"
                                place_type = "city"
                                lat = 40.0
                                lon = 49.0
                                context = true
                                source = "test"
                                aliases = [{ alias = "Baku", usage = "en" }]
                                '''),
                            [r"places\.toml, record 'second-baku'", r"'Baku' is already claimed by 'baku'"]),
    "impossible date": (lambda d: _append(d, "events.toml", '''
                            [[event]]
                            id = "leap-day-that-never-was"
                            name = "Impossible day"
                            start = "2021-02-30"
                            category = "military"
                            context = true
                            source = "test"
                            '''),
                        [r"events\.toml, record 'leap-day-that-never-was'", r"impossible date"]),
    "end before start": (lambda d: _append(d, "events.toml", '''
                             [[event]]
                             id = "backwards"
                             name = "Backwards period"
                             start = "2021-05"
                             end = "2020-01"
                             category = "military"
                             context = true
                             source = "test"
                             '''),
                         [r"events\.toml, record 'backwards'", r"before it starts"]),
    "latitude out of range": (lambda d: _edit(d, "places.toml", "lat = 40.4093", "lat = 95.0"),
                              [r"places\.toml, record 'baku'", r"latitude 95.0 is out of range"]),
}


@pytest.mark.parametrize("case", list(BROKEN_DATA))
def test_broken_data_names_file_and_record_and_the_old_store_keeps_working(case, data_copy, store_copy):
    before = sha(store_copy)
    counts = {t: open_store(store_copy, readonly=True)[t].count for t in ("entities", "relations", "events")}
    breaker, patterns = BROKEN_DATA[case]
    breaker(data_copy)
    r = cli("db", "build", "--data", data_copy, "--out", store_copy)
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert "the store was not changed" in r.output
    for p in patterns:
        assert re.search(p, r.output), f"{p!r} not in:\n{r.output}"
    assert sha(store_copy) == before
    assert not [p for p in store_copy.parent.iterdir() if p.name.startswith(".")]  # no half-built file
    db = open_store(store_copy, readonly=True)
    assert {t: db[t].count for t in counts} == counts
    db.close()
    assert checks.check(store_copy) == []


# --- exports to a full disk or an unwritable folder -----------------------------------------------------------
def _enospc(*_args, **_kw):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_write_atomic_on_a_full_disk_leaves_the_old_file_and_no_part(tmp_path, monkeypatch):
    target = tmp_path / "network.gexf"
    target.write_bytes(b"the previous export")
    monkeypatch.setattr(exports.os, "fsync", _enospc)
    with pytest.raises(OSError) as err:
        exports.write_atomic(target, b"<gexf>" + b"x" * 100_000)
    assert err.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.gexf"]


def test_write_atomic_when_the_write_itself_fails(tmp_path, monkeypatch):
    """ENOSPC from write() (the usual place a full disk shows), not only from fsync."""
    import io

    real_fdopen = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, fd):
            self.fh = real_fdopen(fd, "wb")

        def write(self, data):
            self.fh.write(bytes(data)[:10])
            self.fh.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def close(self):
            self.fh.close()
            super().close()

        def fileno(self):
            return self.fh.fileno()

    monkeypatch.setattr(exports.os, "fdopen", lambda fd, mode="r": Full(fd))
    target = tmp_path / "places.geojson"
    with pytest.raises(OSError):
        exports.write_atomic(target, b"{}" * 1000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt,name", [("gexf", "net.gexf"), ("geojson", "places.geojson"), ("csv", "tables")])
def test_cli_export_on_a_full_disk_is_a_message(built_store, tmp_path, monkeypatch, fmt, name):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(exports.os, "fsync", _enospc)
    target = out if fmt == "csv" else out / name
    r = cli("db", "export", "--format", fmt, "--out", target, "--db", built_store)
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert "No space left on device" in r.output
    assert list(out.iterdir()) == []


def test_cli_export_to_an_unwritable_folder_is_a_message(built_store, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    ok = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    if not ok:
        if os.geteuid() == 0:
            pytest.skip("chattr +i unavailable and root ignores permissions")
        folder.chmod(0o500)
    try:
        r = cli("db", "export", "--format", "geojson", "--out", folder / "places.geojson", "--db", built_store)
        assert r.exit_code == 1
        assert "Traceback" not in r.output
        assert "cannot write" in r.output and ("Permission denied" in r.output or "not permitted" in r.output)
        assert list(folder.iterdir()) == []
    finally:
        if ok:
            subprocess.run(["chattr", "-i", str(folder)])
        else:
            folder.chmod(0o700)
