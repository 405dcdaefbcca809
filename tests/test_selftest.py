from click.testing import CliRunner

from karabakh_desktop.cli import main


def test_selftest_passes_on_the_memo_store(store_copy, qapp):
    res = CliRunner().invoke(main, ["selftest", "--db", str(store_copy)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    for panel in ("memo", "network", "map", "timeline", "details", "patterns"):
        assert any(line.startswith("ok") and f"select from {panel}" in line for line in lines), panel
    assert any("time window" in line and line.startswith("ok") for line in lines)
    assert any("export" in line and line.startswith("ok") for line in lines)
    assert lines[-1].startswith("PASSED")


def test_selftest_names_what_failed(tmp_path, qapp):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"nope")
    res = CliRunner().invoke(main, ["selftest", "--db", str(bad)])
    assert res.exit_code == 1 and "FAIL" in res.output and "open store" in res.output
