"""The embedded store: one SQLite file, shared by threads and processes alike."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import TYPE_CHECKING

from orientation_core.store._sql import SqlEventStore, schema

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

__all__ = ["SqliteEventStore"]

_SCHEMA = schema("INTEGER PRIMARY KEY")


class SqliteEventStore(SqlEventStore):
    """An event store in one SQLite file, in WAL mode.

    Several processes may open the same file: appends take the database's
    write lock (``BEGIN IMMEDIATE``) and wait for it up to ``timeout``
    seconds (``PRAGMA busy_timeout``); readers never wait for writers.

    Args:
        path: The database file (created if missing).
        timeout: How long, in seconds, to wait for another writer.

    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        # isolation_level=None: the module starts no transaction of its own;
        # each read is one statement, each append one explicit transaction.
        self._connection = sqlite3.connect(path, isolation_level=None, timeout=timeout)
        self._connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")

    def create_schema(self) -> None:
        """Switch the file to WAL and create the tables if they are missing (idempotent)."""
        self._connection.execute("PRAGMA journal_mode = WAL")
        with self._writing() as cursor:
            for statement in _SCHEMA:
                cursor.execute(statement)

    def close(self) -> None:
        """Close the store's connection."""
        self._connection.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Cursor]:
        # Outside a transaction, each statement reads one committed snapshot.
        yield self._connection.cursor()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Cursor]:
        cursor = self._connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
            cursor.execute("COMMIT")
        finally:
            if self._connection.in_transaction:
                self._connection.rollback()
