"""What every ``karabakh-desktop`` command shares: the error type, the --db option, the store.

A module of its own so that the command modules (:mod:`cli`, :mod:`cli_docs`) need not import
each other.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import paths


class Error(click.ClickException):
    """A failure the user can act on: printed as 'Error: …', exit status 1."""


def _db_option(f):
    return click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="The store to use (default: the embedded store in your user data folder).")(f)


def _resolve_store(db_path: Path | None) -> Path:
    """The explicit store, or the default one (built from the shipped data when missing or stale)."""
    if db_path is not None:
        return db_path
    from .core.build import ensure_default_store
    from .core.datafiles import DataError

    try:
        path, _ = ensure_default_store(paths.data_dir(), paths.default_store())
    except DataError as exc:
        raise Error(f"the shipped data does not build: {exc}") from None
    except OSError as exc:
        raise Error(f"cannot write the default store at {paths.default_store()}: {exc}") from None
    return path


def _open_readonly(db_path: Path | None):
    """The store (explicit or default) opened for reading, or a user-facing error."""
    from .core.store import StoreError, open_store

    try:
        return open_store(_resolve_store(db_path), readonly=True)
    except StoreError as exc:
        raise Error(str(exc)) from None
