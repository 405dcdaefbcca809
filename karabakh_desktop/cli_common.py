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
    """The explicit store, or the default one (built from the shipped data when missing or stale).

    A locked default store is waited for and then reported, a read-only one used as it is (with a
    warning), a damaged one set aside with a notice saying where it went: never a traceback."""
    if db_path is not None:
        return db_path
    import sqlite3

    from .core.build import prepare_default_store
    from .core.datafiles import DataError
    from .core.store import StoreError, write_error

    where = paths.default_store()
    try:
        prepared = prepare_default_store(paths.data_dir(), where)
    except DataError as exc:
        raise Error(f"the shipped data does not build: {exc}") from None
    except StoreError as exc:
        raise Error(str(exc)) from None
    except sqlite3.Error as exc:
        raise Error(write_error(exc, where)) from None
    except OSError as exc:
        raise Error(f"cannot write the default store at {where}: {exc.strerror or exc}") from None
    if prepared.notice:
        click.echo(f"Note: {prepared.notice}", err=True)
    return prepared.path


def _open_readonly(db_path: Path | None):
    """The store (explicit or default) opened for reading, or a user-facing error."""
    from .core.store import StoreError, open_store

    try:
        return open_store(_resolve_store(db_path), readonly=True)
    except StoreError as exc:
        raise Error(str(exc)) from None
