"""Two costs of importing Qt's Python layers that the app does not pay.

A cheaper form of a check PySide6 makes on every module imported after it (:func:`install`):
PySide6 (``shibokensupport.feature``) asks of each newly imported module whether its source
mentions "PySide6" (for its ``from __feature__ import …`` switches), through
``inspect.getsource``: that reads, splits and joins the whole file again. Measured on the app's
start (~440 modules after PySide6: numpy, pyqtgraph, sqlite-utils and the app), 70 ms of a
0.9 s start at memo scale. The same question, asked of the file's bytes, costs a few
milliseconds. Where PySide's internals are not as expected (another PySide version), nothing is
changed.

pyqtgraph's Qt mirrors filled lazily (:func:`lazy_pyqtgraph_mirrors`, see below).
"""

from __future__ import annotations

import contextlib
import importlib
import sys


def install() -> bool:
    """Put the cheaper check in place (once); False when PySide's own is left as it is."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if not callable(original) or getattr(original, "kd_cheaper", False):
        return False

    def mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not (isinstance(path, str) and path.endswith(".py")):
            return original(module)  # a built-in or compiled module, a zip: PySide's own way
        try:
            with open(path, "rb") as f:
                return b"PySide6" in f.read()
        except OSError:
            return original(module)

    mod_uses_pyside.kd_cheaper = True
    feature._mod_uses_pyside = mod_uses_pyside
    return True


# pyqtgraph's Qt shim (pyqtgraph/Qt/__init__.py) mirrors PySide6.QtCore, QtGui and QtWidgets into
# modules of its own with ``_copy_attrs``: ``for o in dir(src): setattr(dst, o, getattr(src, o))``.
# PySide6 makes a class (and its enums) when it is first asked for, so that loop makes all ~1,000
# classes of the three modules at import — measured 90–120 ms CPU of a start, where the app uses a
# few hundred. Here the mirrors answer lazily instead (PEP 562 ``__getattr__``, the answer kept),
# and ``_copy_attrs``'s ``dir()`` of the PySide6 module is empty while pyqtgraph.Qt runs. A mirror
# gives the same objects as before: only when they are made changes. If pyqtgraph's modules are
# not what this expects (another version), a mirror is filled as before.
_MIRRORS = ("QtCore", "QtGui", "QtWidgets")


class _AfterLoad:
    """A loader that runs ``around`` as a context for the wrapped loader's exec_module."""

    def __init__(self, loader, around):
        self._loader, self._around = loader, around

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        with self._around(module):
            self._loader.exec_module(module)

    def __getattr__(self, name):  # resources, get_source…: the wrapped loader's own
        return getattr(self._loader, name)


class _LazyMirrors:
    """A meta-path finder for pyqtgraph.Qt and its three mirror modules only; gone once they load."""

    def __init__(self):
        self.hidden: dict = {}  # PySide6 module → its own __dir__, while pyqtgraph.Qt runs
        self.lazy: set[str] = set()

    def find_spec(self, fullname, path, target=None):
        if fullname != "pyqtgraph.Qt" and not (
                fullname.startswith("pyqtgraph.Qt.") and fullname[13:] in _MIRRORS):
            return None
        spec = None
        for finder in sys.meta_path:
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        around = self._run_qt if fullname == "pyqtgraph.Qt" else self._mirror
        spec.loader = _AfterLoad(spec.loader, around)
        return spec

    @contextlib.contextmanager
    def _mirror(self, module):
        yield
        name = module.__name__.rsplit(".", 1)[1]
        source = importlib.import_module(f"PySide6.{name}")
        own_dir = source.__dict__.get("__dir__")
        if vars(module).keys() - {"__name__", "__doc__", "__package__", "__loader__", "__spec__",
                                   "__path__", "__file__", "__cached__", "__builtins__"} or not callable(own_dir):
            return  # not the empty mirror expected, or a PySide6 without its own __dir__

        def __getattr__(attr):
            value = getattr(source, attr)
            setattr(module, attr, value)  # asked once
            return value

        module.__getattr__ = __getattr__
        self.lazy.add(name)

        def __dir__():  # empty for pyqtgraph's copy loop only, and only while pyqtgraph.Qt runs
            if sys._getframe(1).f_code.co_name == "_copy_attrs":
                return []
            return own_dir()

        self.hidden[source] = own_dir
        source.__dir__ = __dir__

    @contextlib.contextmanager
    def _run_qt(self, module):
        try:
            yield
        finally:
            for source, own_dir in self.hidden.items():
                source.__dir__ = own_dir
            self.hidden.clear()
            if self in sys.meta_path:
                sys.meta_path.remove(self)


def lazy_pyqtgraph_mirrors() -> _LazyMirrors | None:
    """Put the lazy mirrors in place before pyqtgraph is imported; None if it already is."""
    if "pyqtgraph.Qt" in sys.modules:
        return None
    finder = _LazyMirrors()
    sys.meta_path.insert(0, finder)
    return finder


def wrap_children(widget) -> None:
    """Have PySide wrap ``widget``'s child widgets now, each as the class Qt says it is (a scroll area's
    viewport, its scroll bars and their holders). Asked for later through a method that returns a
    ``QWidget*`` (``viewport()``, ``parentWidget()``), a child not wrapped yet is typed by trying
    every subclass of QWidget, and PySide makes each of those classes (with their enums) to try it:
    ~25 classes no panel uses, once a process (≈ 2 ms of the app's start-up, 12 M instructions; up
    to 10 ms where none of them is made yet). The same objects either way."""
    from PySide6.QtWidgets import QWidget  # (loaded: the caller is a widget)

    widget.findChildren(QWidget)
