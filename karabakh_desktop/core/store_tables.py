"""The ``sqlite_utils.Database`` behind a :class:`core.store.Store`: table helpers, writes, migrations.

Imported the first time a store needs one of them (see :mod:`core.store`), not at start-up.
"""

from __future__ import annotations

import contextlib

from sqlite_utils import Database

from .transaction import write_transaction


class TableStore(Database):
    """A ``Database`` whose write transactions take the write lock first, as the Store's do: the
    ``atomic()`` sqlite-utils' own table methods open goes through here."""

    readonly = False

    @contextlib.contextmanager
    def atomic(self):
        if self.readonly or self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        with write_transaction(self.conn):
            yield self
