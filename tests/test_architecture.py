"""The shape of the package: import contracts (import-linter), no SQL in the GUI, small modules."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "karabakh_desktop"
# Being split into view packages (issue 12, part B); every other module stays under the limit.
SPLIT_PENDING: set[str] = set()
MAX_LINES = 650  # the house style says "about 600"


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is missing: install the test extra (pip install '.[test]')")
    return subprocess.run([exe, "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept():
    """Core imports no Qt; nothing in the GUI imports upwards; panels do not import each other; no cycles."""
    res = lint_imports()
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


def test_the_contracts_see_real_imports(tmp_path):
    """A contract that the code breaks is reported broken: the checker reads the imports, lazy ones too."""
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "karabakh_desktop"\n\n'
                      '[[tool.importlinter.contracts]]\nname = "mainwindow without the read model"\n'
                      'type = "forbidden"\nsource_modules = ["karabakh_desktop.gui.mainwindow"]\n'
                      'forbidden_modules = ["karabakh_desktop.core.read"]\n', encoding="utf-8")
    res = lint_imports("--config", str(config))
    assert res.returncode != 0 and "BROKEN" in res.stdout


SQL = re.compile(r"\.execute\(|\.executemany\(|\bSELECT\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
                 r"|\.rows_where\(|\.query\(|\bdb\[\s*[\"']")


def test_no_sql_under_gui():
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in sorted((PACKAGE / "gui").rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if SQL.search(line)]
    assert found == [], "SQL under gui/ (read through karabakh_desktop.core.read instead):\n" + "\n".join(found)


def test_modules_stay_small():
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert set(big) <= SPLIT_PENDING, big


def test_no_platform_specific_strftime():
    """``%-d`` is glibc's; Windows' strftime rejects it. Days are formatted by core.dates.day_label."""
    found = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py") if "%-d" in p.read_text(encoding="utf-8")]
    assert found == []
