"""What only the PostgreSQL store has: a connection that can be lost, or be the host's."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest

from orientation_core.store import PostgresEventStore
from tests.store.histories import dossier_id, following, history

LEA = dossier_id()


@pytest.fixture
def conninfo(postgres: str) -> str:
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS oc_dossier_events, oc_campaign_events")
    with PostgresEventStore(postgres) as store:
        store.create_schema()
    return postgres


def test_after_a_lost_connection_the_host_retries_and_the_store_connects_again(
    conninfo: str,
) -> None:
    with PostgresEventStore(conninfo) as store:
        store.append(LEA, history(length=2), expected_version=0)
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
        with pytest.raises(psycopg.OperationalError):
            store.append(LEA, following(LEA, 2, 1), expected_version=2)
        # The whole load-decide-append again: the append was atomic, so the
        # reload tells whether it was written.
        version = len(store.load(LEA))
        assert version == 2
        assert store.append(LEA, following(LEA, version, 1), expected_version=version) == 3


def test_a_hosts_own_connection_is_used_as_it_is_and_left_open(conninfo: str) -> None:
    with psycopg.connect(conninfo, autocommit=True) as connection:
        with PostgresEventStore(connection) as store:
            store.append(LEA, history(length=2), expected_version=0)
        assert not connection.closed
        assert len(PostgresEventStore(connection).load(LEA)) == 2


def test_an_append_in_a_hosts_transaction_is_undone_with_it(conninfo: str) -> None:
    with psycopg.connect(conninfo) as connection:
        store = PostgresEventStore(connection)
        connection.execute("SELECT 1")  # the host's transaction has begun
        store.append(LEA, history(length=2), expected_version=0)
        connection.rollback()
        assert store.load(LEA) == []
        store.append(LEA, history(length=2), expected_version=0)
        connection.commit()
    with PostgresEventStore(conninfo) as other:
        assert len(other.load(LEA)) == 2


def test_the_store_package_imports_without_psycopg() -> None:
    # psycopg is an optional extra: only who builds a PostgresEventStore needs it.
    script = (
        "import sys; sys.modules['psycopg'] = None\n"
        "import orientation_core.store as store\n"
        "try:\n"
        "    store.PostgresEventStore('host=/nowhere')\n"
        "except ImportError:\n"
        "    print('no psycopg')\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert found.stdout == "no psycopg\n"
