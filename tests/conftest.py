"""Hypothesis profiles: a fast one while developing, a thorough one in CI."""

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.postgres_cluster import cluster, no_server, server_binaries

settings.register_profile("dev", max_examples=50, deadline=None)
# CI explores more, and the same examples on every run: a red CI blocks a
# landing, so its verdict must not depend on luck. New ground is explored by
# every developer's random runs, and a failure found there is kept in the
# local example database.
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
# Mutation testing runs the suite once per mutant: few examples, the same for
# every mutant, and no example database carried from one mutant to the next.
settings.register_profile(
    "mutation",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# CI sets CI=true; HYPOTHESIS_PROFILE picks any profile by name.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """The connection string of a throw-away PostgreSQL cluster, for the whole session."""
    binaries = server_binaries()
    if binaries is None:
        no_server()
    assert binaries is not None
    with cluster(binaries) as conninfo:
        yield conninfo
