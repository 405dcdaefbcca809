"""Karabakh Desktop: linked views over one policy memo, read from one SQLite store."""

from __future__ import annotations

import functools
from pathlib import Path

from . import codecache

codecache.install()  # before any of the app's dataclasses is made: see codecache


@functools.cache
def version() -> str:
    """The version of the package metadata (pyproject.toml is its one source).

    Installed, a wheel or the frozen bundle: ``importlib.metadata``. A source checkout that was
    never installed has no metadata: then pyproject.toml beside the package is read.
    """
    from importlib import metadata

    try:
        return metadata.version("karabakh-desktop")
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        import tomllib

        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, ValueError, KeyError):
        return "0+unknown"


def __getattr__(name: str) -> str:
    # ``__version__`` on demand: reading the metadata costs a scan of sys.path, which a start-up
    # that never shows the version should not pay.
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
