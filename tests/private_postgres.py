"""A PostgreSQL server of a test's own, to stop and start at will (the shared one is left alone).

Started as scripts/test.sh starts the suite's server: initdb and pg_ctl from Debian's packages, run
as the `postgres` account when the tests run as root (initdb refuses root). Skipped unless the
binaries exist; in CI (CI=true) their absence fails the test.
"""

import glob
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.live import free_port


def _bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(f"{candidate}/initdb", os.X_OK):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PrivatePostgres:
    def __init__(self, folder: Path, bin_dir: Path) -> None:
        self.folder = folder
        self.bin_dir = bin_dir
        self.port = free_port()
        self.url = f"postgresql+psycopg://switchboard@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["su", "-s", "/bin/sh", "postgres", "-c", shlex.join(command)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603 (our own arguments)

    def init(self) -> None:
        """A new cluster, not flushed to disk (`--no-sync`, 3 of initdb's 4 s here): it lives for
        one test, and the server runs with fsync off too."""
        data = f"{self.folder}/data"
        self._run("initdb", "-D", data, "-U", "switchboard", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        data, log = f"{self.folder}/data", f"{self.folder}/log"
        self._run("pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", f"{self.folder}/data", "-m", "fast", "-w", "stop")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A running server of its own on a free loopback port; stopped and removed afterwards."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have PostgreSQL's initdb and pg_ctl")
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
    folder = Path(tempfile.mkdtemp(prefix="sb-private-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    server = PrivatePostgres(folder, bin_dir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):  # already stopped by the test
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
