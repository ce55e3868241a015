"""How far the event stores are from the raw database doing the same inserts and selects.

Run it with ``python -m benchmarks.store [appends] [loads] [conninfo]``.
Without a connection string, the PostgreSQL part runs on a throw-away
cluster of its own (durable: fsync on) when the server binaries are on the
machine (``pg_config --bindir``), and is left out otherwise.

Each case is timed for the library and for a floor, in one process and in
two at once (forked, each with its own connection, on the same database):

- **append**: the library appends one event (encoding it, checking the
  version under the write lock, inserting it); the floor inserts the same
  text, already encoded, in a transaction of its own, with no check.
- **load**: the library loads a dossier of 10 events (decoding and checking
  each row); the floor selects the same rows.

The table gives operations per second (for two processes, both together)
and the ratio floor / library: how many times faster the raw database is.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from tests.postgres_cluster import cluster, server_binaries
from tests.store.histories import following, history

from orientation_core import DossierId, codec
from orientation_core.store import PostgresEventStore, SqliteEventStore
from orientation_core.store._sql import DOSSIERS, SqlEventStore

Row = tuple[str, float, float]
LOADED = 10
PROCESSES = multiprocessing.get_context("fork")


def open_store(kind: str, target: str) -> SqlEventStore:
    return SqliteEventStore(target) if kind == "sqlite" else PostgresEventStore(target)


Select = Callable[[str, tuple[object, ...]], list[object]]
Insert = Callable[[str, tuple[object, ...]], None]
INSERT = f"INSERT INTO {DOSSIERS} (uai, rentree, pupil_id, version, data) VALUES (?, ?, ?, ?, ?)"
SELECT = (
    f"SELECT version, data FROM {DOSSIERS}"
    " WHERE uai = ? AND rentree = ? AND pupil_id = ? ORDER BY version"
)


def raw_sql(kind: str, target: str) -> tuple[Select, Insert]:
    """A select, and an insert in a transaction of its own, on a raw connection: the floor."""
    if kind == "sqlite":
        lite = sqlite3.connect(target, isolation_level=None)
        lite.execute("PRAGMA busy_timeout = 30000")

        def select(sql: str, params: tuple[object, ...]) -> list[object]:
            return list(lite.execute(sql, params).fetchall())

        def insert(sql: str, row: tuple[object, ...]) -> None:
            lite.execute("BEGIN IMMEDIATE")
            lite.execute(sql, row)
            lite.execute("COMMIT")

        return select, insert
    server = psycopg.connect(target, autocommit=True)

    def pg_select(sql: str, params: tuple[object, ...]) -> list[object]:
        return list(server.execute(sql.replace("?", "%s"), params).fetchall())

    def pg_insert(sql: str, row: tuple[object, ...]) -> None:
        with server.transaction():
            server.execute(sql.replace("?", "%s"), row)

    return pg_select, pg_insert


def appends(kind: str, target: str, side: str, name: str, count: int) -> None:
    """``count`` appends of one event each to the dossier ``name``."""
    stream = DossierId("0751234J", 2027, name)
    events = [*history(name, 1), *following(stream, 1, count - 1)]
    if side == "library":
        with open_store(kind, target) as store:
            for version, event in enumerate(events):
                store.append(stream, [event], expected_version=version)
        return
    _, insert = raw_sql(kind, target)
    key = (stream.uai, stream.rentree, stream.pupil_id)
    rows = [(*key, event.version, json.dumps(codec.dump(event))) for event in events]
    for row in rows:
        insert(INSERT, row)


def loads(kind: str, target: str, side: str, name: str, count: int) -> None:
    """``count`` loads of the dossier of ``LOADED`` events."""
    del name
    stream = DossierId("0751234J", 2027, "eleve-loaded")
    if side == "library":
        with open_store(kind, target) as store:
            for _ in range(count):
                store.load(stream)
        return
    select, _ = raw_sql(kind, target)
    for _ in range(count):
        select(SELECT, (stream.uai, stream.rentree, stream.pupil_id))


Work = Callable[[str, str, str, str, int], None]


def rate(work: Work, place: tuple[str, str], side: str, processes: int, count: int) -> float:
    """Operations per second of ``processes`` workers doing ``count`` each, all together."""
    kind, target = place
    workers = [
        PROCESSES.Process(
            target=work, args=(kind, target, side, f"eleve-{side}-{processes}-{n}", count)
        )
        for n in range(processes)
    ]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    return processes * count / (time.perf_counter() - start)


def measure(kind: str, target: str, appended: int, loaded: int) -> list[Row]:
    """Both cases on one database, in one process and in two."""
    with open_store(kind, target) as store:
        store.create_schema()
        store.append(
            DossierId("0751234J", 2027, "eleve-loaded"),
            history("eleve-loaded", LOADED),
            expected_version=0,
        )
    rows = []
    for processes in (1, 2):
        for case, work, count in (("append", appends, appended), ("load", loads, loaded)):
            library = rate(work, (kind, target), "library", processes, count)
            floor = rate(work, (kind, target), "floor", processes, count)
            rows.append(
                (
                    f"{kind} {case}, {processes} process{'es' if processes > 1 else ''}",
                    library,
                    floor,
                )
            )
    return rows


def print_table(rows: list[Row]) -> None:
    print("The stores against the raw database (operations per second; ratio: floor / library)")
    print(f"{'case':<34}{'library':>12}{'floor':>12}{'ratio':>8}")
    for name, library, floor in rows:
        print(f"{name:<34}{library:>12.0f}{floor:>12.0f}{floor / library:>8.2f}")


def main(
    appended: int = 300, loaded: int = 1000, conninfo: str | None = None, *, postgres: bool = True
) -> list[Row]:
    """Measure SQLite, then PostgreSQL (at ``conninfo``, or a cluster of its own), and print."""
    with tempfile.TemporaryDirectory() as folder:
        rows = measure("sqlite", str(Path(folder) / "bench.db"), appended, loaded)
    if conninfo is not None:
        rows += measure("postgres", conninfo, appended, loaded)
    elif postgres and (binaries := server_binaries()) is not None:
        with cluster(binaries, durable=True) as own:
            rows += measure("postgres", own, appended, loaded)
    print_table(rows)
    return rows


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]), *sys.argv[3:4])  # type: ignore[arg-type]
