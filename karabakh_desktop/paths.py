"""Where the shipped data, the bundled resources and the user's default store live."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def _shipped(folder: str) -> Path:
    # Installed: data/ and resources/ are packaged inside the package (karabakh_desktop/data, …).
    # From a checkout (or an editable install) they sit beside the package, at the repository's top.
    inside = _PACKAGE / folder
    return inside if inside.is_dir() else _REPO / folder


def data_dir() -> Path:
    """The shipped knowledge base (``data/``)."""
    return _shipped("data")


def resources_dir() -> Path:
    """Bundled fonts and icons (``resources/``)."""
    return _shipped("resources")


def user_data_dir() -> Path:
    """The per-user folder of the default store; ``KARABAKH_DESKTOP_HOME`` overrides it (tests, kiosks)."""
    override = os.environ.get("KARABAKH_DESKTOP_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("karabakh-desktop", appauthor=False)


def user_cache_dir() -> Path:
    """Caches the app can rebuild (compiled code): ``KARABAKH_DESKTOP_HOME``/cache when that is set."""
    override = os.environ.get("KARABAKH_DESKTOP_HOME")
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("karabakh-desktop", appauthor=False)


def default_store() -> Path:
    return user_data_dir() / "karabakh.db"
