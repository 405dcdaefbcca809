"""A cheaper form of a check PySide6 makes on every module imported after it.

PySide6 (``shibokensupport.feature``) asks of each newly imported module whether its source
mentions "PySide6" (for its ``from __feature__ import …`` switches), through
``inspect.getsource``: that reads, splits and joins the whole file again. Measured on the app's
start (~440 modules after PySide6: numpy, pyqtgraph, sqlite-utils and the app), 70 ms of a
0.9 s start at memo scale. The same question, asked of the file's bytes, costs a few
milliseconds. Where PySide's internals are not as expected (another PySide version), nothing is
changed.
"""

from __future__ import annotations

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
