"""How a store connection commits: the write transaction every store write runs in, and which
statements open a transaction of their own. Standard library only: both the start-up side of a
store (:class:`core.store.Store`) and its sqlite-utils side (:mod:`core.store_tables`) use it."""

from __future__ import annotations

import contextlib
import re
import sqlite3

_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
# A statement's first keyword, after the blanks, semicolons, byte-order mark and comments sqlite3 skips.
# (A pattern, compiled by re on the first write outside a transaction, not at start-up.)
_LEAD = r"(?:\s|;|\ufeff|--[^\n]*(?:\n|$)|/\*.*?(?:\*/|$))*([A-Za-z]*)"


def opens_transaction(sql: str) -> bool:
    """Whether ``sql`` is transaction control (``BEGIN``, ``SAVEPOINT`` …): a transaction it leaves
    open is the caller's, not an implicit one to commit (sqlite-utils' ``Database.execute`` rule)."""
    return re.match(_LEAD, sql, re.S).group(1).upper() in _TRANSACTION_CONTROL


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection):
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error.

    A deferred transaction that reads before it writes (``scenes.add`` reads the last position, a
    migration looks at the schema) holds a shared lock and then asks for the write lock; if another
    instance holds that lock, SQLite does not call the busy handler (waiting could deadlock) but
    fails at once with "database is locked", so a momentary lock reached the user however long the
    busy timeout. Taking the write lock at ``BEGIN`` waits for it like every other access.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
