"""Where the shipped data, the bundled resources and the user's default store live."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _shipped(package: str, folder: str) -> Path:
    # Installed: data/ and resources/ are packaged as karabakh_desktop.data / .resources.
    # From a checkout (or an editable install) they sit beside the package.
    try:
        path = Path(str(resources.files(package)))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return _REPO / folder


def data_dir() -> Path:
    """The shipped knowledge base (``data/``)."""
    return _shipped("karabakh_desktop.data", "data")


def resources_dir() -> Path:
    """Bundled fonts and icons (``resources/``)."""
    return _shipped("karabakh_desktop.resources", "resources")


def user_data_dir() -> Path:
    """The per-user folder of the default store; ``KARABAKH_DESKTOP_HOME`` overrides it (tests, kiosks)."""
    override = os.environ.get("KARABAKH_DESKTOP_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("karabakh-desktop", appauthor=False)


def default_store() -> Path:
    return user_data_dir() / "karabakh.db"
