"""What the window's first paint does without: modules imported at their first use, not at start-up.

The real command runs in a subprocess (a fresh interpreter: what this test process imported does not
count), its window is watched until every visible panel has painted once, and then what was imported
by then is printed. Each module named here cost start-up CPU (its import, its dataclasses' generated
methods) for something the first screen does not show.
"""

import os
import subprocess
import sys

FIRST_PAINT = """
import os, sys
from PySide6.QtWidgets import QApplication
from karabakh_desktop import bench
from karabakh_desktop.gui import app as gui_app

opened = gui_app.open_window
LATER = sys.argv[1].split(",")

def open_and_paint(path, **kw):
    watch = bench._PaintWatch(QApplication.instance())
    win = opened(path, **kw)
    watch.expect(win, win.panels.made.values())
    painted = watch.wait()
    widgets = vars(sys.modules["PySide6.QtWidgets"])  # "qt:X": PySide6 has made class X (made when first asked for)
    made = [m for m in LATER if (widgets.get(m[3:]) is not None if m.startswith("qt:") else m in sys.modules)]
    print("painted" if painted else "not painted", " ".join(made) or "none", flush=True)
    os._exit(0)

gui_app.open_window = open_and_paint
from karabakh_desktop.cli import main
main(sys.argv[2:])
"""

# one item's facts (the Details panel with a selection, tooltips), passages and quotes; the edit
# commands and the undo stack's wrappers; notes; saved scenes; the search index's queries
LATER = ["karabakh_desktop.core.read.items", "karabakh_desktop.core.read.passages",
         "karabakh_desktop.core.read.quotes", "karabakh_desktop.core.edits", "karabakh_desktop.core.notes",
         "karabakh_desktop.core.scenes", "karabakh_desktop.core.scene_state", "karabakh_desktop.core.search",
         "karabakh_desktop.gui.commands", "karabakh_desktop.gui.knowledge_commands"]


def _run(code: str, *args: str, home=None) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if home is not None:
        env["KARABAKH_DESKTOP_HOME"] = str(home)
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()


def test_the_first_paint_imports_none_of_what_only_a_selection_or_an_edit_uses(store_copy, tmp_path):
    assert _run(FIRST_PAINT, ",".join(LATER), "--db", str(store_copy), home=tmp_path) == ["painted", "none"]


def test_the_first_paint_makes_no_widget_class_it_does_not_show(store_copy, tmp_path):
    """A scroll area's viewport or bar holder first reached through ``viewport()`` or ``parentWidget()``
    was typed by trying every QWidget subclass, which made ~25 classes no panel uses (≈ 2 ms;
    ``qt_imports.wrap_children``). Three of those classes:"""
    unused = ["qt:QMdiArea", "qt:QLCDNumber", "qt:QWizard"]
    assert _run(FIRST_PAINT, ",".join(unused), "--db", str(store_copy), home=tmp_path) == ["painted", "none"]


def test_every_name_of_the_read_model_is_there_when_first_asked_for():
    """``read.passages`` and ``read.quotes`` are functions named as their modules: importing the module
    (for another of its names) must not leave the package's attribute bound to the module."""
    code = ("import sys\n"
            "from karabakh_desktop.core import read\n"
            "print('karabakh_desktop.core.read.passages' in sys.modules)\n"
            "read.opening, read.first_quote\n"
            "print(callable(read.passages), callable(read.quotes), type(read.Facts).__name__)\n"
            "from karabakh_desktop.core.read import ClaimRef, cut\n"
            "missing = [n for n in read.__all__ if getattr(read, n, None) is None]\n"
            "print(missing or 'all')\n")
    assert _run(code) == ["False", "True", "True", "type", "all"]
