"""The bundle's start-up is measured by the benchmark's own start-up child, run inside the bundle."""

from __future__ import annotations

import sys

import pytest

from karabakh_desktop import bench


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for the bundle")
def test_spawn_runs_the_child_through_the_bundles_entry(tmp_path):
    fake = tmp_path / "karabakh-desktop"
    script = 'printf \'%s{"argv": "%s", "home": "%s"}\\n\' "MARK" "$*" "$KARABAKH_DESKTOP_HOME"'
    fake.write_text("#!/bin/sh\n" + script.replace("MARK", bench.MARK) + "\n")
    fake.chmod(0o755)
    got, t0 = bench._spawn(["--child", "startup", "--db", "kb.db"], tmp_path, exe=str(fake))
    assert got == {"argv": "--bench-child startup --db kb.db", "home": str(tmp_path)}
    assert t0 > 0


def test_the_bundle_entry_hands_bench_children_to_the_benchmark(monkeypatch):
    import runpy
    from pathlib import Path

    seen = []
    monkeypatch.setattr(bench, "main", lambda argv: seen.append(argv) or 0)
    monkeypatch.setattr(sys, "argv", ["karabakh-desktop", "--bench-child", "baseline"])
    entry = Path(__file__).resolve().parent.parent / "tools" / "bundle_entry.py"
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(str(entry), run_name="__main__")
    assert exit_.value.code == 0 and seen == [["--child", "baseline"]]
