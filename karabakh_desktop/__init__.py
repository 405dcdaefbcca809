"""Karabakh Desktop: linked views over one policy memo, read from one SQLite store."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from . import codecache

# numpy's BLAS (OpenBLAS, in numpy's wheels) starts a worker thread per core when numpy is imported,
# and they spin-wait on a core between tasks: ~60 ms of CPU at every start of the window on a 2-core
# laptop (measured: 0.585 → 0.524 s CPU), contending with the GUI thread when the machine is busy.
# Nothing here multiplies large matrices (the network layout is element-wise numpy: the same CPU
# time either way, measured at 4,500 nodes), so one thread is enough. A user's own setting wins.
# Set here, before anything imports numpy, so the benchmark's baseline child (which imports this
# package, not the window) runs with the same setting: the start-up ratio compares like with like.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
