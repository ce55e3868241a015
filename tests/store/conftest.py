"""Every store the conformance suite runs on, fresh for each test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import psycopg
import pytest

from orientation_core.store import PostgresEventStore, SqliteEventStore
from orientation_core.store._sql import CAMPAIGNS, DOSSIERS, SqlEventStore


@attrs.frozen
class Place:
    """Where a store lives: a SQLite file or a PostgreSQL database.

    Each process opens its own store on it with :meth:`open`; :meth:`execute`
    writes rows behind the store's back, as a broken host or disk would.
    """

    kind: str
    target: str

    def open(self) -> SqlEventStore:
        if self.kind == "sqlite":
            return SqliteEventStore(self.target)
        return PostgresEventStore(self.target)

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        if self.kind == "sqlite":
            lite = sqlite3.connect(self.target, isolation_level=None)
            lite.execute(sql, params)
            lite.close()
        else:
            with psycopg.connect(self.target, autocommit=True) as server:
                server.execute(sql.replace("?", "%s"), params)


@pytest.fixture(params=["sqlite", "postgres"])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Place:
    """A new, empty place with the store's tables: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        found = Place("sqlite", str(tmp_path / "events.db"))
    else:
        found = Place("postgres", request.getfixturevalue("postgres"))
        found.execute(f"DROP TABLE IF EXISTS {DOSSIERS}, {CAMPAIGNS}")
    with found.open() as store:
        store.create_schema()
    return found


@pytest.fixture
def store(place: Place) -> Iterator[SqlEventStore]:
    """A store on the fresh place, closed at the end."""
    with place.open() as opened:
        yield opened
