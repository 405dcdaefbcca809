"""The cheaper form of PySide6's per-import check answers as PySide's own does."""

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
