"""A throw-away PostgreSQL cluster for the tests, from the server binaries on the machine.

The binaries are found with ``pg_config --bindir``.  ``initdb`` refuses to
run as root: as root, the cluster is made and run by the user ``postgres``
(``runuser``).  It listens on a Unix socket in its own temporary folder
only (``listen_addresses=''``), so it opens no network port and cannot
collide with another cluster on the machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

MISSING = (
    "PostgreSQL server binaries not found (pg_config --bindir has no initdb and pg_ctl): "
    "install the PostgreSQL server (Debian: apt-get install postgresql)"
)


def server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl, or None when there is no server on the machine."""
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
    folder = Path(found.stdout.strip())
    if found.returncode != 0 or not all((folder / name).is_file() for name in ("initdb", "pg_ctl")):
        return None
    return folder


def no_server() -> None:
    """Skip outside CI, fail under CI: the only skip the suite allows."""
    if os.environ.get("CI"):
        pytest.fail(f"{MISSING}; CI must run the PostgreSQL tests", pytrace=False)
    pytest.skip(f"{MISSING}: the PostgreSQL tests are skipped")


def _free_port() -> int:
    # Only names the socket file in the cluster's own folder; still one
    # that nothing on the machine uses.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def cluster(binaries: Path, *, durable: bool = False) -> Iterator[str]:
    """Start a cluster, give its connection string, and stop and delete it at the end.

    The tests' cluster does not wait for the disk (``fsync=off``: a crash of
    the machine is not what they test); a benchmark's does (``durable``).
    """
    folder = Path(tempfile.mkdtemp(prefix="oc-pg-"))
    as_owner: list[str | Path] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=''" + ("" if durable else " -c fsync=off")
    try:
        subprocess.run(
            [*as_owner, binaries / "initdb", "-D", data, "-A", "trust", "-U", "postgres"],
            check=True,
            capture_output=True,
        )
        # The server's output goes to its log, not to pipes it would hold open.
        log = folder / "log"
        subprocess.run(
            [*as_owner, binaries / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            yield f"host={folder} port={port} user=postgres dbname=postgres"
        finally:
            subprocess.run(
                [*as_owner, binaries / "pg_ctl", "-D", data, "-w", "stop", "-m", "fast"],
                check=True,
                capture_output=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
