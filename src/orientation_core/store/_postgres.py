"""The server store: PostgreSQL through psycopg 3 (``orientation-core[postgres]``)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

from orientation_core.store._sql import SqlEventStore, schema

if TYPE_CHECKING:
    from collections.abc import Iterator

    import psycopg

__all__ = ["LOCK_KEY", "PostgresEventStore"]

LOCK_KEY: Final = 0x6F72_6965_6E74  # "orient": the appends' transaction-level advisory lock
"""The key of the advisory lock every append holds until it commits."""

_SCHEMA = schema("bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY")


class PostgresEventStore(SqlEventStore):
    """An event store in a PostgreSQL database.

    Every append runs in one transaction that first takes a transaction-level
    advisory lock (:data:`LOCK_KEY`), so that appends commit one at a time
    and the global positions they draw are in commit order: once a reader
    sees position *n*, every smaller position is committed too.  The
    unique constraint on (stream, version) is the database's own guard.

    Args:
        conninfo: A connection string, for a connection of the store's own
            (in autocommit mode, opened again after it was lost), or a psycopg
            connection of the host's, used as it is: an append made while the
            host's transaction is open is a savepoint of it, written (and its
            lock released) when the host commits, undone if it rolls back;
            otherwise each append is its own transaction.

    """

    _placeholder = "%s"

    def __init__(self, conninfo: str | psycopg.Connection[tuple[object, ...]]) -> None:
        import psycopg  # noqa: PLC0415 -- the extra is needed only by who uses this store

        self._psycopg = psycopg
        self._conninfo = conninfo if isinstance(conninfo, str) else None
        self._connection = (
            psycopg.connect(conninfo, autocommit=True) if isinstance(conninfo, str) else conninfo
        )

    def create_schema(self) -> None:
        """Create the tables if they are missing (idempotent, safe from several hosts at once)."""
        with self._writing() as cursor:
            for statement in _SCHEMA:
                cursor.execute(statement)

    def close(self) -> None:
        """Close the store's connection (a host's own connection is left open)."""
        if self._conninfo is not None:
            self._connection.close()

    def _connected(self) -> psycopg.Connection[tuple[object, ...]]:
        # A connection of the store's own that was lost is opened again; a
        # host's is the host's to mend.
        if self._conninfo is not None and self._connection.closed:
            self._connection = self._psycopg.connect(self._conninfo, autocommit=True)
        return self._connection

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Cursor[tuple[object, ...]]]:
        with self._connected().cursor() as cursor:
            yield cursor

    @contextmanager
    def _writing(self) -> Iterator[psycopg.Cursor[tuple[object, ...]]]:
        connection = self._connected()
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            yield cursor
