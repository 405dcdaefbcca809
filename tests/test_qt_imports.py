"""The cheaper form of PySide6's per-import check answers as PySide's own does."""

import json
import sys

import karabakh_desktop.gui  # noqa: F401  (installs it)
from karabakh_desktop.gui import qt_imports


def test_the_cheaper_check_is_in_place_and_answers_as_pysides_own():
    import inspect

    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    assert getattr(check, "kd_cheaper", False)
    assert qt_imports.install() is False  # once only

    def pysides_own(module):  # shibokensupport.feature._mod_uses_pyside, as PySide 6.10 writes it
        try:
            return "PySide6" in inspect.getsource(module)
        except (TypeError, OSError, SyntaxError):
            return False

    names = ["karabakh_desktop.gui.session", "karabakh_desktop.core.dates", "pyqtgraph", "pyqtgraph.Qt",
             "numpy", "json", "sys", "PySide6.QtCore", "sqlite3"]
    __import__("pyqtgraph")
    __import__("karabakh_desktop.gui.session")
    modules = [sys.modules[n] for n in names if n in sys.modules]
    assert len(modules) == len(names)
    answers = {m.__name__: check(m) for m in modules}
    assert answers == {m.__name__: pysides_own(m) for m in modules}
    assert answers["karabakh_desktop.gui.session"] and answers["pyqtgraph.Qt"]  # both kinds are met
    assert not answers["karabakh_desktop.core.dates"] and not answers["json"]


def test_pyqtgraph_mirrors_are_filled_when_asked_and_give_pysides_own_objects():
    """pyqtgraph's Qt shim made every PySide6 class at import (~1,000 of them); the app's mirrors
    make a class when it is first asked for, and answer with the very object PySide6 has."""
    import subprocess
    import textwrap

    code = textwrap.dedent("""
        import json, sys
        import karabakh_desktop.gui
        import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
        made_before = {m: len(vars(getattr(PySide6, m))) for m in ("QtCore", "QtGui", "QtWidgets")}
        import pyqtgraph
        from pyqtgraph.Qt import QtCore, QtGui, QtWidgets
        out = {"made_by_import": {m: len(vars(getattr(PySide6, m))) - n for m, n in made_before.items()},
               "finder_left": [type(f).__name__ for f in sys.meta_path if type(f).__name__ == "_LazyMirrors"],
               "dir_sizes": {m: len(dir(getattr(PySide6, m))) for m in made_before}}
        same, missing = 0, []
        for name in ("QtCore", "QtGui", "QtWidgets"):
            source, mirror = getattr(PySide6, name), getattr(pyqtgraph.Qt, name)
            for attr in dir(source):
                if attr.startswith("__") or "." in attr:  # PySide lists nested classes so
                    continue                               # (neither module has such an attribute)
                if getattr(mirror, attr) is getattr(source, attr):
                    same += 1
                else:
                    missing.append(name + "." + attr)
        out.update(same=same, missing=missing, version=pyqtgraph.Qt.VERSION_INFO,
                   opengl=QtWidgets.QOpenGLWidget.__name__, fsmodel=QtGui.QFileSystemModel.__name__)
        try:
            QtGui.NoSuchThing
        except AttributeError as exc:
            out["error"] = str(exc)
        print(json.dumps(out))
    """)
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    out = json.loads(got.stdout)
    # importing pyqtgraph no longer makes every class: a few dozen of each module's hundreds
    assert all(n < 80 for n in out["made_by_import"].values()), out["made_by_import"]
    assert out["finder_left"] == []  # the finder leaves once pyqtgraph.Qt has loaded
    assert all(n > 150 for n in out["dir_sizes"].values())  # PySide6's own dir() is back
    assert out["missing"] == [] and out["same"] > 600
    assert out["version"].startswith("PySide6") and out["opengl"] == "QOpenGLWidget"
    assert out["fsmodel"] == "QFileSystemModel" and "NoSuchThing" in out["error"]


def test_a_mirror_that_is_not_empty_is_filled_as_before(monkeypatch):
    """Where pyqtgraph's mirror is not the empty module expected, it is left to pyqtgraph's own
    copy: nothing is hidden from it."""
    import types

    finder = qt_imports._LazyMirrors()
    mirror = types.ModuleType("pyqtgraph.Qt.QtGui")
    mirror.QPen = object()  # not empty: another pyqtgraph
    with finder._mirror(mirror):
        pass
    assert finder.lazy == set() and finder.hidden == {}
    assert "__getattr__" not in vars(mirror)
