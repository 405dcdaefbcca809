import hashlib

import click
from click.testing import CliRunner

from karabakh_desktop.cli import main
from karabakh_desktop.paths import data_dir


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_then_check(tmp_path):
    out = tmp_path / "kb.db"
    res = run("db", "build", "--out", out)
    assert res.exit_code == 0, res.output
    assert "Built" in res.output and "relations" in res.output
    res = run("db", "check", out)
    assert res.exit_code == 0 and res.output.strip().endswith("ok")


def test_check_reports_a_damaged_store(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"definitely not sqlite" * 10)
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    res = run("db", "check", bad)
    assert res.exit_code == 1 and "not a SQLite database" in res.output and "Traceback" not in res.output
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


def test_check_finds_a_tampered_quote(store_copy):
    from karabakh_desktop.core.store import open_store

    db = open_store(store_copy)
    with db.atomic():
        db.execute("UPDATE evidence SET start = start + 3 WHERE id = 1")
    db.close()
    res = run("db", "check", store_copy)
    assert res.exit_code == 1 and "is not at its offsets" in res.output


def test_build_failure_is_a_message(tmp_path, data_copy):
    (data_copy / "events.toml").write_text("[[event]]\nid = 'x'\n", encoding="utf-8")
    res = run("db", "build", "--data", data_copy, "--out", tmp_path / "kb.db")
    assert res.exit_code == 1
    assert "events.toml, record 'x'" in res.output and "the store was not changed" in res.output
    assert "Traceback" not in res.output


def test_every_command_has_help_with_an_example():
    def walk(cmd, path):
        yield path, cmd
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])

    for path, _cmd in walk(main, []):
        res = run(*path, "--help")
        assert res.exit_code == 0
        assert "Example" in res.output, f"'{' '.join(path)} --help' has no example"


def test_data_dir_is_shipped():
    assert (data_dir() / "memo" / "karabakh-after-the-44-day-war.txt").exists()


def test_installed_layout_finds_the_packaged_data(tmp_path, monkeypatch):
    """Installed, data/ lives inside the package; from a checkout, beside it."""
    from karabakh_desktop import paths

    pkg = tmp_path / "site-packages" / "karabakh_desktop"
    (pkg / "data").mkdir(parents=True)
    (pkg / "resources").mkdir()
    monkeypatch.setattr(paths, "_PACKAGE", pkg)
    monkeypatch.setattr(paths, "_REPO", tmp_path / "site-packages")
    assert paths.data_dir() == pkg / "data" and paths.resources_dir() == pkg / "resources"
    (pkg / "data").rmdir()
    monkeypatch.setattr(paths, "_REPO", tmp_path / "repo")
    assert paths.data_dir() == tmp_path / "repo" / "data"


def test_the_installed_command_builds_from_its_shipped_data(tmp_path):
    """The console script as installed (in CI a regular, non-editable install) finds its data."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    exe = Path(sys.executable).parent / "karabakh-desktop"
    if not exe.exists():
        pytest.skip("karabakh-desktop is not installed in this environment")
    env = {**os.environ, "KARABAKH_DESKTOP_HOME": str(tmp_path / "home"), "PYTHONPATH": ""}
    res = subprocess.run([str(exe), "db", "build", "--out", str(tmp_path / "kb.db")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr + res.stdout
    assert "Built" in res.stdout and (tmp_path / "kb.db").exists()
