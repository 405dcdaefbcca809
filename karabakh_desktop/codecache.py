"""A bytecode cache for the methods ``dataclasses`` writes as source text.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` (and, frozen,
``__setattr__`` / ``__delattr__``) as Python source and ``exec``s it: the parser and compiler run at
every start for every dataclass, work the import system's bytecode cache never saves. Measured on
the window's start at memo scale (callgrind): ~110 ``exec`` calls, ~119 M instructions, ≈ 5 % of
the start-up. Here that ``exec`` compiles a text once and keeps the code object, on disk, for the
next start (as ``__pycache__`` keeps a module's): the same text always gives the same code, so the
functions made are the ones ``dataclasses`` would make. The key is the whole text; a text not seen
before is compiled as before and kept. A cache that cannot be read or written is no cache: nothing
else changes.

Only the app's own dataclasses go through the cache (those of ``karabakh_desktop`` modules): what
it holds is derived from the package's code alone, as its bytecode is, and it is kept beside that
bytecode (the package's ``__pycache__``; the user's cache folder where that cannot be written). So it
is there for every start after the first of an installed version, whatever the user's home — as in
the benchmark, whose every start has a fresh home. Only ``dataclasses``' own module global ``exec``
is replaced (it calls the builtin by that name); every other ``exec`` is the builtin.
"""

from __future__ import annotations

import atexit
import builtins
import importlib.util
import marshal
import os
import sys
from pathlib import Path

_HEADER = importlib.util.MAGIC_NUMBER  # code objects are only valid for the Python that made them
_OWN = "karabakh_desktop."  # the modules whose dataclasses are cached


class CodeCache:
    """Source text → code object, loaded from and saved to one file."""

    def __init__(self, path: Path | None = None):
        self._path = path  # None: the user's cache folder, found when first needed
        self._codes: dict[str, object] | None = None  # loaded on first use
        self._used: set[str] = set()
        self.dirty = False

    @property
    def path(self) -> Path | None:
        if self._path is None:
            self._path = default_path() or False
        return self._path or None

    def _load(self) -> dict:
        codes: dict = {}
        if self.path is not None:
            try:
                data = self.path.read_bytes()
                if data.startswith(_HEADER):
                    loaded = marshal.loads(data[len(_HEADER):])
                    if isinstance(loaded, dict):
                        codes = loaded
            except (OSError, ValueError, EOFError, TypeError):
                codes = {}  # unreadable or damaged: compiled again, and written anew
        return codes

    def code(self, source: str):
        if self._codes is None:
            self._codes = self._load()
        code = self._codes.get(source)
        if code is None:
            # As exec(source) compiles it in dataclasses: file "<string>", no __future__ flags of ours.
            code = self._codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self.dirty = True
        self._used.add(source)
        return code

    def exec(self, source, globals=None, locals=None):  # noqa: A002, A003 (the builtin's names)
        if isinstance(source, str) and isinstance(globals, dict) and str(globals.get("__name__", "")).startswith(_OWN):
            source = self.code(source)
        return builtins.exec(source, globals, locals)

    def save(self, only_used: bool = False) -> bool:
        """Write the cache if anything was compiled since it was read (atomically); False if not written.
        ``only_used``: write only the texts this process used (and write even if nothing is new)."""
        if not (self.dirty or only_used) or self.path is None or self._codes is None:
            return False
        codes = self._codes
        if only_used or len(codes) > 2 * len(self._used) + 64:  # (mostly an older version's texts: dropped)
            codes = {s: c for s, c in codes.items() if s in self._used}
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(_HEADER + marshal.dumps(codes))
            os.replace(tmp, self.path)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            return False
        self.dirty = False
        return True


_CACHE: list[CodeCache] = []


def default_path() -> Path | None:
    """Beside the package's bytecode if that folder can be written (or the file is there), else the
    user's cache folder; None if neither is known."""
    name = f"dataclass-code.{sys.implementation.cache_tag}.marshal"
    beside = Path(__file__).resolve().parent / "__pycache__"
    if not getattr(sys, "frozen", False) and (  # (a frozen bundle's folder is the bundle's own: left as shipped)
            (beside / name).is_file() or os.access(beside, os.W_OK)
            or (not beside.exists() and os.access(beside.parent, os.W_OK))):
        return beside / name
    from . import paths

    try:
        return paths.user_cache_dir() / name
    except Exception:  # noqa: BLE001 (no home, no platformdirs: run without the cache)
        return None


def install(path: Path | None = None) -> CodeCache | None:
    """Have ``dataclasses`` compile through the cache (once a process); None if already done or if
    ``dataclasses`` does not call ``exec`` as expected (another Python: nothing changed)."""
    import dataclasses

    if _CACHE or "exec" in vars(dataclasses) or not hasattr(dataclasses, "_create_fn") and not hasattr(
            dataclasses, "_FuncBuilder"):
        return None
    cache = CodeCache(path)
    dataclasses.exec = cache.exec
    _CACHE.append(cache)
    atexit.register(cache.save)
    return cache


def save(only_used: bool = False) -> bool:
    """Write the installed cache now (for a process that leaves through ``os._exit``)."""
    return bool(_CACHE) and _CACHE[0].save(only_used)
