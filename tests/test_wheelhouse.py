"""The offline wheelhouse (tools/build-wheelhouse): a wheel of every dependency for every platform,
and an install from it with no index at all.

The build is slow and needs the package index (≈ 300 MB of wheels for two Python versions and
four platforms): marked slow, run by .ci/run after the README's test command. The marker check
is fast and runs everywhere.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import karabakh_desktop

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ["3.11", "3.12"]
# Where a binary wheel for each platform must come from (tags as the wheel file names carry them).
PLATFORM_TAGS = {
    "win_amd64": ("win_amd64",),
    "macos_arm64": ("arm64", "universal2"),
    "macos_x86_64": ("x86_64", "universal2", "intel"),
    "manylinux_x86_64": ("manylinux",),
}


def load_tool():
    loader = importlib.machinery.SourceFileLoader("build_wheelhouse", str(ROOT / "tools" / "build-wheelhouse"))
    spec = importlib.util.spec_from_loader("build_wheelhouse", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def fake_wheel(folder: Path, name: str, requires: list[str]) -> str:
    filename = f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(folder / filename, "w") as zf:
        meta = "Metadata-Version: 2.1\nName: {}\nVersion: 1.0\n{}".format(
            name, "".join(f"Requires-Dist: {r}\n" for r in requires))
        zf.writestr(f"{name}-1.0.dist-info/METADATA", meta)
    return filename


def test_a_dependency_needed_on_one_platform_only_is_found(tmp_path):
    # pip download --platform evaluates markers for the machine it runs on: the tool re-checks them.
    tool = load_tool()
    wheels = [fake_wheel(tmp_path, "app", ['winonly; platform_system == "Windows"', 'macx; sys_platform == "darwin"',
                                           "always", 'testing; extra == "test"'])]
    wheels.append(fake_wheel(tmp_path, "always", []))
    assert tool.marker_gaps(tmp_path, wheels, "3.11", "win_amd64") == ["winonly"]
    assert tool.marker_gaps(tmp_path, wheels, "3.12", "macos_arm64") == ["macx"]
    assert tool.marker_gaps(tmp_path, wheels, "3.11", "manylinux_x86_64") == []


def test_missing_requirement_is_read_from_pips_message():
    tool = load_tool()
    msg = "ERROR: Could not find a version that satisfies the requirement sqlite-fts4 (from sqlite-utils) (from versions: none)"
    assert tool.missing_requirement(msg) == "sqlite-fts4"
    assert tool.missing_requirement("ERROR: something else") is None


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheelhouse")
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build-wheelhouse"), "--out", str(out),
                           "--python", ",".join(PYTHONS)], capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return out, json.loads((out / "wheelhouse.json").read_text())


@pytest.mark.slow
def test_every_dependency_has_a_wheel_for_every_platform(wheelhouse):
    out, summary = wheelhouse
    assert summary["gaps"] == {}
    expected = {f"cp{py.replace('.', '')}-{plat}" for py in PYTHONS for plat in PLATFORM_TAGS}
    assert set(summary["coverage"]) == expected
    names = {key: {w.split("-")[0].lower() for w in wheels} for key, wheels in summary["coverage"].items()}
    # The same distributions everywhere, the app's runtime dependencies among them.
    assert len({frozenset(n) for n in names.values()}) == 1
    some = next(iter(names.values()))
    assert {"karabakh_desktop", "pyside6_essentials", "shiboken6", "numpy", "pyqtgraph", "networkx", "sqlite_utils",
            "platformdirs", "click"} <= some
    for key, wheels in summary["coverage"].items():
        plat = key.split("-", 1)[1]
        for wheel in wheels:
            assert (out / wheel).is_file()
            tag = wheel.removesuffix(".whl").split("-")[-1]
            if tag != "any":  # a binary wheel must be for this platform
                assert any(t in tag for t in PLATFORM_TAGS[plat]), (key, wheel)
    assert summary["app"] == f"karabakh_desktop-{karabakh_desktop.version()}-py3-none-any.whl"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="installs the manylinux wheels")
def test_offline_install_from_the_wheelhouse_runs(wheelhouse, tmp_path):
    out, _ = wheelhouse
    # No index: --no-index, no pip configuration file (this machine's names a local mirror), no PIP_*.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "VIRTUAL_ENV"}
    env["PIP_CONFIG_FILE"] = os.devnull
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    proc = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-index", "--find-links", str(out), "karabakh-desktop"],
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    home = tmp_path / "home"
    home.mkdir()
    clean = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    res = subprocess.run([str(venv / "bin" / "karabakh-desktop"), "selftest"], capture_output=True, text=True,
                         env=clean, timeout=600)
    assert res.returncode == 0 and "PASSED" in res.stdout, res.stdout[-3000:] + res.stderr[-3000:]
