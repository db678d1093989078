"""What the benchmarks share: processes to measure (ours as shipped, the bare floor), wrk, the machine.

Every server measured runs in a process of its own, started the way a user starts it, and wrk
drives it from another: the figures are the server's, not a Python client's. The bare floor is
scripts/bare_app.py in its own uvicorn process (uvloop + httptools, warning-level logs, no access
log), never a route mounted inside our app, which would carry our middleware and hide its cost.

Beside each rate, `wrk(..., pid=...)` gives the CPU time the server process spent per request
(user + system, all its threads, from /proc): unlike a rate, it barely moves when other work
shares the cores, so it is the figure to compare on a busy machine.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parent.parent
SWITCHBOARD = Path(sys.executable).parent / "switchboard"
WRK = "wrk"


@dataclass(frozen=True)
class WrkResult:
    rate: float  # requests per second
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers and socket errors (connect, read, write, timeout)
    output: str
    cpu_us: float = float("nan")  # the server's CPU time per request, microseconds (when its pid is given)


def machine_line() -> str:
    load1, load5, _ = os.getloadavg()
    return f"machine: {os.cpu_count()} cores; load average {load1:.2f} (1 min), {load5:.2f} (5 min)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], *, seconds: float = 300) -> None:
    """Until `url` answers 2xx; a loaded machine imports slowly, so the wait is long by default."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=5).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up within {seconds:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process (every thread of it) has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    found = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(found.group(1)) / 1024 if found else float("nan")


@contextmanager
def running(command: Sequence[str], *, ready_url: str, env: Mapping[str, str] | None = None) -> Iterator[int]:
    """A server process, up and answering `ready_url`; yields its pid, terminated afterwards.

    Its output goes to a log file (printed if it fails to start), not between the figures."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the process)
    process = subprocess.Popen(  # noqa: S603 (our own servers)
        list(command), cwd=PROJECT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        try:
            wait_until_up(ready_url, process)
        except SystemExit:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def bare_server() -> Iterator[tuple[str, int]]:
    """scripts/bare_app.py in its own uvicorn process: (base URL, pid)."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(PROJECT / "scripts"),
        "--port", str(port), "--loop", "uvloop", "--http", "httptools",
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with running(command, ready_url=url + "/") as pid:
        yield url, pid


@contextmanager
def switchboard_server(
    env: Mapping[str, str],
    *,
    port: int | None = None,
    setup: bool = True,
    workers: int = 1,
    ready_path: str = "/readyz",
) -> Iterator[tuple[str, int]]:
    """`switchboard serve` as shipped on this environment, up when `ready_path` answers 2xx:
    (base URL, pid of the server process)."""
    port = port or free_port()
    command = [
        str(SWITCHBOARD),
        "serve",
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
        "--workers",
        str(workers),
    ]
    if not setup:
        command.append("--no-setup")
    url = f"http://127.0.0.1:{port}"
    with running(command, ready_url=url + ready_path, env=env) as pid:
        yield url, pid


def wrk(
    url: str,
    *,
    connections: int,
    seconds: float,
    threads: int = 1,
    script: Path | None = None,
    args: Sequence[str] = (),
    pid: int | None = None,
) -> WrkResult:
    """One wrk run; with the server's `pid`, its CPU time per request too."""
    command = [
        WRK, "--latency", f"--threads={threads}", f"--connections={connections}",
        f"--duration={seconds:g}s", "--timeout=10s",
    ]  # fmt: skip
    if script is not None:
        command += ["--script", str(script)]
    cpu_before = cpu_seconds(pid) if pid is not None else float("nan")
    output = subprocess.run([*command, url, *args], capture_output=True, text=True, check=True).stdout  # noqa: S603
    cpu = cpu_seconds(pid) - cpu_before if pid is not None else float("nan")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    requests = int(_search(r"(\d+) requests in", output))
    return WrkResult(
        rate=float(_search(r"Requests/sec:\s+([\d.]+)", output)),
        p99_ms=_milliseconds(re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)),
        requests=requests,
        errors=errors,
        output=output,
        cpu_us=cpu / requests * 1e6 if requests else float("nan"),
    )


def _search(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise SystemExit(f"wrk printed no {pattern!r}:\n{text}")
    return found.group(1)


def _milliseconds(found: re.Match[str] | None) -> float:
    if found is None:
        return float("nan")
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
