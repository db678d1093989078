"""Lighthouse scores of the campaign page and the step-by-step call, on Debian's Chromium.

Starts `uvicorn app.main:create_app` in its own process on a fresh SQLite file (the directory
loaded from a local copy, the shipped campaigns), then runs `scripts/lighthouse_flow.mjs` (the
`lighthouse` and `puppeteer-core` npm packages that `scripts/test.sh` installs with `npm ci`):
the campaign page, the page after a ZIP is submitted (located offline, so no geocoder is asked),
and the thank-you screen. Prints each step's performance, accessibility, best-practices and SEO
scores and the audits that did not pass. Too slow for the test suite (about a minute per language).

    .venv/bin/python scripts/lighthouse.py [--campaign grace-no-ban] [--zip 21550] [--lang en es]
        [--runs 5] [--directory ../shared/data/directory]

With --runs N each language's flow runs N times and each score is the median (the range in
parentheses when the runs differ): performance depends on how busy the machine is.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app.campaigns.store import load_campaign_dir  # noqa: E402
from app.civic.sync.datasets import sync_congress, sync_state_legislators  # noqa: E402
from app.civic.sync.sources import FolderSource  # noqa: E402
from app.civic.sync.zip_tables import sync_zip_districts  # noqa: E402
from app.storage.db import create_db_engine, session_scope  # noqa: E402
from app.storage.migrations import upgrade_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(database_url: str, directory: Path) -> None:
    upgrade_database(database_url)
    engine = create_db_engine(database_url)
    source = FolderSource(directory)
    with session_scope(engine) as session:
        for sync in (sync_congress, sync_state_legislators, sync_zip_districts):
            sync(session, source=source, progress=lambda _message: None)
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    engine.dispose()


def serve(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SWITCHBOARD_DATABASE_URL": database_url,
        "SWITCHBOARD_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        # Portraits come from an outside host this machine may not reach: measure the page itself.
        "SWITCHBOARD_CONGRESS_IMAGE_URL": "",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--port", str(port)]
    server = subprocess.Popen([*command, "--log-level", "warning"], cwd=PROJECT, env=env)  # noqa: S603
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the app did not start")


def shown(scores: list[int | None]) -> str:
    """A category's median score over the runs, with the range when the runs differ; "n/a" for a
    snapshot's performance (nothing loaded while it was taken)."""
    measured = sorted(score for score in scores if score is not None)
    if not measured:
        return "n/a"
    middle = round(statistics.median(measured))
    return str(middle) if measured[0] == measured[-1] else f"{middle} ({measured[0]}–{measured[-1]})"


def summary(language: str, name: str, steps: list[dict[str, Any]]) -> str:
    """One line per step of the flow: median scores over the runs, and every audit not passed."""
    categories = steps[0]["scores"]
    scores = " ".join(f"{c}={shown([s['scores'][c] for s in steps])}" for c in categories)
    failing = ", ".join(sorted({audit for step in steps for audit in step["failing"]})) or "none"
    runs = f" (median of {len(steps)} runs)" if len(steps) > 1 else ""
    return f"{language} · {name}{runs}: {scores} · audits not passed: {failing}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--campaign", default="grace-no-ban")
    parser.add_argument("--zip", default="21550")
    parser.add_argument("--lang", nargs="+", default=["en", "es"])
    # Performance varies from run to run on a busy machine (Lighthouse advises the median of 5).
    parser.add_argument("--runs", type=int, default=1, help="runs per language; medians are printed")
    parser.add_argument("--directory", type=Path, default=PROJECT.parent / "shared" / "data" / "directory")
    args = parser.parse_args()
    flow = PROJECT / "scripts" / "lighthouse_flow.mjs"
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/lighthouse.db"
        prepare(database_url, args.directory)
        port = free_port()
        server = serve(database_url, port)
        try:
            for language in args.lang:
                base = f"http://127.0.0.1:{port}"
                command = ["node", str(flow), base, args.campaign, args.zip, language]
                steps: dict[str, list[dict[str, Any]]] = {}
                for _ in range(args.runs):
                    output = subprocess.run(  # noqa: S603 (our own script, our own arguments)
                        command, check=True, stdout=subprocess.PIPE, text=True, cwd=PROJECT
                    )
                    for line in output.stdout.splitlines():
                        step = json.loads(line)
                        steps.setdefault(step["step"], []).append(step)
                for name, runs in steps.items():
                    print(summary(language, name, runs), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
