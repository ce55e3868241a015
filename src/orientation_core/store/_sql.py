"""What both SQL stores share: the queries, the checks, and the append's decision.

A store gives a cursor for reading (each statement sees committed data) and
one inside a writing transaction that holds the store's write lock; the
rest is here, written once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Final, Protocol, Self, TypeVar

from orientation_core._campaign import CampaignEvent
from orientation_core._events import DossierEvent, DossierId
from orientation_core.exceptions import Conflict, InvalidValue
from orientation_core.store._rows import (
    Stream,
    batch,
    campaign_stream,
    dossier_key,
    dossier_stream,
    position_problems,
    read,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from contextlib import AbstractContextManager
    from types import TracebackType

__all__ = ["CAMPAIGNS", "DEFAULT_LIMIT", "DOSSIERS", "Cursor", "SqlEventStore", "schema"]

DEFAULT_LIMIT: Final = 1000
"""How many events :meth:`SqlEventStore.read_after` gives at most, by default."""

DOSSIERS: Final = "oc_dossier_events"
CAMPAIGNS: Final = "oc_campaign_events"
E = TypeVar("E", DossierEvent, CampaignEvent)

_KEYS: Final = {DOSSIERS: ("uai", "rentree", "pupil_id"), CAMPAIGNS: ("uai", "rentree")}


def schema(position: str) -> tuple[str, str]:
    """The tables, with the global position's column type of the database."""
    return (
        f"""CREATE TABLE IF NOT EXISTS {DOSSIERS} (
            position {position},
            uai text NOT NULL,
            rentree integer NOT NULL,
            pupil_id text NOT NULL,
            version integer NOT NULL,
            data text NOT NULL,
            UNIQUE (uai, rentree, pupil_id, version)
        )""",
        f"""CREATE TABLE IF NOT EXISTS {CAMPAIGNS} (
            uai text NOT NULL,
            rentree integer NOT NULL,
            version integer NOT NULL,
            data text NOT NULL,
            PRIMARY KEY (uai, rentree, version)
        )""",
    )


class Cursor(Protocol):
    """The part of a DB-API cursor the stores use (sqlite3's and psycopg's)."""

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...

    def executemany(self, query: Any, params_seq: Any, /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


def _where(table: str) -> str:
    return " AND ".join(f"{column} = ?" for column in _KEYS[table])


class SqlEventStore(ABC):
    """An :class:`~orientation_core.store.EventStore` on an SQL database.

    Subclasses give :meth:`_reading`, :meth:`_writing`, :meth:`create_schema`
    and :meth:`close`, and the placeholder their driver reads (``?`` or
    ``%s``).  A store is a context manager that closes it.
    """

    _placeholder: str = "?"

    @abstractmethod
    def _reading(self) -> AbstractContextManager[Cursor]:
        """A cursor whose every statement reads committed data."""

    @abstractmethod
    def _writing(self) -> AbstractContextManager[Cursor]:
        """A cursor in a transaction holding the write lock, committed at the end."""

    @abstractmethod
    def create_schema(self) -> None:
        """Create the tables if they are missing (idempotent)."""

    @abstractmethod
    def close(self) -> None:
        """Close the store's own connection."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _sql(self, text: str) -> str:
        return text.replace("?", self._placeholder)

    # -- dossiers --------------------------------------------------------

    def append(
        self, stream: DossierId, events: Sequence[DossierEvent], *, expected_version: int
    ) -> int:
        """See :meth:`EventStore.append <orientation_core.store.EventStore.append>`.

        An empty batch, or events that are not this dossier's next ones, are
        refused (``"events.invalid"``, ``"store.other_stream"``).
        """
        return self._append(DOSSIERS, dossier_stream(stream), events, expected_version)

    def load(self, stream: DossierId) -> list[DossierEvent]:
        """See :meth:`EventStore.load <orientation_core.store.EventStore.load>`.

        A row that is no event of this dossier at its version, or a hole in
        the versions, raises ``"store.corrupt"``.
        """
        return self._load(DOSSIERS, dossier_stream(stream), DossierEvent)

    def dossiers(self, uai: str, rentree: int) -> list[DossierId]:
        """The dossiers of the school ``uai`` for the rentrée ``rentree``, by pupil id."""
        key = campaign_stream(uai, rentree).key
        query = f"SELECT pupil_id FROM {DOSSIERS} WHERE {_where(CAMPAIGNS)} AND version = 1"
        with self._reading() as cursor:
            cursor.execute(self._sql(query + " ORDER BY pupil_id"), key)
            rows = cursor.fetchall()
        return [DossierId(uai, rentree, pupil_id) for (pupil_id,) in rows]

    def read_after(
        self, position: int, *, limit: int = DEFAULT_LIMIT
    ) -> list[tuple[int, DossierEvent]]:
        """Up to ``limit`` dossier events after the global ``position``, in commit order.

        Start from 0 and go on from the last position read: positions are
        given at commit under the write lock, so an event committed after
        another always has a greater position and none is ever skipped.
        """
        problems = position_problems(position, limit)
        if problems:
            raise InvalidValue(problems)
        query = (
            f"SELECT position, uai, rentree, pupil_id, version, data FROM {DOSSIERS}"
            " WHERE position > ? ORDER BY position LIMIT ?"
        )
        with self._reading() as cursor:
            cursor.execute(self._sql(query), (position, limit))
            rows = cursor.fetchall()
        return [
            (found, read(dossier_key(uai, rentree, pupil_id), version, data, DossierEvent))
            for found, uai, rentree, pupil_id, version, data in rows
        ]

    # -- campaigns -------------------------------------------------------

    def append_campaign(
        self, uai: str, rentree: int, events: Sequence[CampaignEvent], *, expected_version: int
    ) -> int:
        """See :meth:`EventStore.append_campaign <orientation_core.store.EventStore.append>`."""
        return self._append(CAMPAIGNS, campaign_stream(uai, rentree), events, expected_version)

    def load_campaign(self, uai: str, rentree: int) -> list[CampaignEvent]:
        """See :meth:`EventStore.load_campaign <orientation_core.store.EventStore.load>`."""
        return self._load(CAMPAIGNS, campaign_stream(uai, rentree), CampaignEvent)

    # -- shared ----------------------------------------------------------

    def _append(
        self, table: str, stream: Stream, events: Sequence[object], expected_version: int
    ) -> int:
        rows = batch(stream, events, expected_version)
        columns = ", ".join((*_KEYS[table], "version", "data"))
        marks = ", ".join("?" * (len(_KEYS[table]) + 2))
        current = f"SELECT max(version) FROM {table} WHERE {_where(table)}"
        insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        with self._writing() as cursor:
            cursor.execute(self._sql(current), stream.key)
            actual = cursor.fetchone()[0] or 0
            if actual != expected_version:
                raise Conflict(expected_version, actual)
            cursor.executemany(
                self._sql(insert),
                [(*stream.key, actual + 1 + index, row) for index, row in enumerate(rows)],
            )
        return actual + len(rows)

    def _load(self, table: str, stream: Stream, kind: type[E]) -> list[E]:
        query = f"SELECT version, data FROM {table} WHERE {_where(table)} ORDER BY version"
        with self._reading() as cursor:
            cursor.execute(self._sql(query), stream.key)
            rows = cursor.fetchall()
        # A row's event must be at the row's version, and the versions run
        # from 1 without a hole: a deleted row is a corrupt history.
        return [
            read(stream, version, data, kind, expected=index)
            for index, (version, data) in enumerate(rows, start=1)
        ]
