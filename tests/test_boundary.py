"""The core never imports Qt: it must run (and be tested) with no display and no Qt at all."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import karabakh_desktop.core as core

CORE = Path(core.__file__).parent


def test_no_qt_import_in_core_sources():
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
                if node.level and (node.module or "").startswith("gui"):
                    names.append("gui")
            for n in names:
                assert not n.startswith(("PySide6", "PyQt", "pyqtgraph", "shiboken", "gui")), f"{path.name}: {n}"


def test_core_imports_without_qt_loaded():
    mods = [f"karabakh_desktop.core.{m.name}" for m in pkgutil.iter_modules([str(CORE)])]
    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6'):\n"
            "            raise ImportError('Qt is not allowed in the core: ' + name)\n"
            "sys.meta_path.insert(0, Block())\n"
            f"for m in {mods!r}: __import__(m)\n"
            "import karabakh_desktop.cli\n"
            "print('ok', len(sys.modules))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("ok")
