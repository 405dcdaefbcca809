"""The self-contained bundle (tools/build-bundle), as a user without Python meets it.

Slow (it builds the bundle with PyInstaller, ≈ 1 minute, and needs the package index or a pip
cache for the build venv): excluded from the README's test command, run by .ci/run after it.
The bundle is unpacked into an empty folder and run with a clean environment, as
``env -i HOME=… PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen``: no virtual environment, no
Python on the way, no KARABAKH_DESKTOP_HOME.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import karabakh_desktop

ROOT = Path(__file__).resolve().parent.parent
# Issue 16: ≤ 150 MB unpacked. In bytes, 150 × 10⁶, the stricter reading (= 143.05 MiB as du -h
# counts): the goal holds in either unit. The spec achieves ≈ 142.4 MiB, 149.3 × 10⁶ bytes (README, "Install on an
# offline laptop").
SIZE_GOAL = 150 * 10**6

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle; other systems: .github/workflows"),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle-out")
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build-bundle"), "--out", str(out)],
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    (archive,) = out.glob("karabakh-desktop-*.tar.gz")
    report = json.loads(archive.with_name(archive.name.removesuffix(".tar.gz") + ".json").read_text())
    unpacked = tmp_path_factory.mktemp("unpacked")
    assert not any(unpacked.iterdir())
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(unpacked)], check=True)
    (top,) = unpacked.iterdir()
    return {"archive": archive, "top": top, "exe": top / "karabakh-desktop", "report": report}


def run_clean(exe: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(exe), *args], env=env, cwd=home, capture_output=True, text=True, timeout=300)


def unpacked_size(top: Path) -> int:
    return sum(p.stat().st_size for p in top.rglob("*") if p.is_file() and not p.is_symlink())


def test_archive_is_named_with_version_and_platform(bundle):
    name = f"karabakh-desktop-{karabakh_desktop.version()}-linux-x86_64"
    assert bundle["archive"].name == f"{name}.tar.gz"
    assert bundle["top"].name == name
    assert bundle["exe"].is_file()


def test_selftest_with_a_clean_environment_builds_the_default_store(bundle, tmp_path):
    res = run_clean(bundle["exe"], tmp_path, "selftest")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "PASSED" in res.stdout and "FAIL " not in res.stdout
    # The first start built the default store in the user data folder (platformdirs on Linux).
    assert (tmp_path / ".local" / "share" / "karabakh-desktop" / "karabakh.db").stat().st_size > 100_000


def test_export_with_a_clean_environment_writes_a_real_image(bundle, tmp_path, qapp):
    from PySide6.QtGui import QImage

    out = tmp_path / "slide.png"
    res = run_clean(bundle["exe"], tmp_path, "export", "--view", "network", "--select", "azerbaijan", "--out", str(out))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    img = QImage(str(out)).convertToFormat(QImage.Format_RGB32)
    assert (img.width(), img.height()) == (1920, 1080)
    rgb = np.frombuffer(img.constBits(), np.uint8).reshape(1080, img.bytesPerLine() // 4, 4)[:, :1920, :3].astype(int)
    # Not blank, and not a slide of grey placeholders either: the network's coloured marks are there
    # (≈ 0.5 % of the slide is saturated colour; a blank or placeholder slide has none).
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 500
    assert (rgb.max(axis=2) - rgb.min(axis=2) > 60).mean() > 0.002

def test_selftest_reads_the_gazetteer(bundle, tmp_path):
    res = run_clean(bundle["exe"], tmp_path, "selftest")
    line = next((ln for ln in res.stdout.splitlines() if "offline gazetteer" in ln), "")
    assert line.startswith("ok ") and "Shusha (AZ" in line, res.stdout[-3000:]


def test_documents_import_with_pdf_and_close_spellings(bundle, tmp_path):
    """The offline analyst's own sources in the bundle: a PDF's text layer (pypdf), and a legacy
    encoded text (charset-normalizer) whose "Kelbadjar" is suggested as Kalbajar (rapidfuzz)."""
    from karabakh_desktop.core.pdf_writer import write_pdf

    store = tmp_path / "store.db"
    res = run_clean(bundle["exe"], tmp_path, "db", "build", "--out", str(store))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    pdf = write_pdf(tmp_path / "report.pdf", [["Peacekeepers patrolled the Lachin corridor in December 2020."]])
    # Windows-1254 (Turkish), not UTF-8: charset-normalizer must find the encoding for "Laçın" to
    # read as such; "Kelbadjar" is a close spelling of Kalbajar.
    txt = tmp_path / "notes.txt"
    txt.write_bytes("Laçın koridoru ve Ağdam şehri, Şuşa kalesi. Kelbadjar bölgesi de Azerbaycan kontrolüne "
                    "geçti. Barış gücü askerleri Laçın yolunda görev yapıyor; Ağdam ve Şuşa için yeni planlar "
                    "açıklandı.\n".encode("cp1254"))
    out = {}
    for path in (pdf, txt):
        res = run_clean(bundle["exe"], tmp_path, "doc", "import", str(path), "--db", str(store))
        assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
        assert "not part of this build" not in res.stdout
        doc_id = res.stdout.split(" as document ")[1].split(":")[0]
        res = run_clean(bundle["exe"], tmp_path, "doc", "suggestions", doc_id, "--db", str(store))
        assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
        out[path.suffix] = res.stdout
    assert "“Lachin corridor” → lachin-corridor" in out[".pdf"], out[".pdf"]
    assert "“Laçın” → lachin" in out[".txt"] and "“Şuşa” → shusha" in out[".txt"], out[".txt"]
    fuzzy = next(ln for ln in out[".txt"].splitlines() if "“Kelbadjar”" in ln)
    assert "→ kalbajar" in fuzzy and float(fuzzy.split()[-1]) < 0.9, out[".txt"]


def test_version_of_the_bundle_is_the_package_version(bundle, tmp_path):
    res = run_clean(bundle["exe"], tmp_path, "--version")
    assert res.returncode == 0 and res.stdout.strip() == f"karabakh-desktop, version {karabakh_desktop.version()}"


def test_size_is_what_the_build_reports(bundle):
    assert unpacked_size(bundle["top"]) == bundle["report"]["unpacked_bytes"]


def test_size_goal(bundle):
    size = unpacked_size(bundle["top"])
    assert size <= SIZE_GOAL, f"{size / 10**6:.1f} × 10⁶ bytes ({size / 2**20:.1f} MiB) unpacked, goal 150 × 10⁶ bytes"


def test_every_library_is_stripped_unless_the_loader_would_refuse_it(bundle, build_bundle_tool):
    top = bundle["top"]
    with_symbols = sorted(str(p.relative_to(top)) for p in top.rglob("*")
                          if p.is_file() and not p.is_symlink() and build_bundle_tool._has_symbols(p))
    assert with_symbols == sorted(bundle["report"]["not_stripped"])
    # Today only numpy's OpenBLAS (patched by auditwheel; README, "Install on an offline laptop").
    assert all("openblas" in rel for rel in with_symbols), with_symbols
