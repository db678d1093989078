"""TwiML webhook latency under many simultaneous calls, against a real server on SQLite.

Starts `uvicorn app.main:create_app` in its own process on a fresh SQLite file, records N calls
(three legs each), then plays N calls at once the way Twilio would: answer, press 1, the office
leg's status callbacks, the Dial action, the survey key, for every leg, then the final status.
Every request is signed. Prints p50/p99 of the TwiML webhooks (and of the status callbacks).

A real call spends 5 to 60 seconds between webhooks (the intro, ringing, the conversation);
`--think` (default 5 s, varied ±50%) compresses that several times over, so 200 simulated calls
load the server like several hundred real ones. `--think 2` overloads one worker on a small
machine; `--think 0` fires every request back to back: a flood that measures throughput
(latency then is just the queue: calls in flight / requests per second).

    .venv/bin/python scripts/bench_webhooks.py [--calls 200] [--workers 1] [--think 5]
"""

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from twilio.request_validator import RequestValidator

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app.calls.call_records import PlannedLeg, add_legs  # noqa: E402
from app.campaigns.store import load_campaign_dir  # noqa: E402
from app.db import create_db_engine, session_scope  # noqa: E402
from app.migrations import upgrade_database  # noqa: E402
from app.models import CallSession  # noqa: E402

TOKEN = "bench-auth-token"  # noqa: S105 (a throwaway server's token)
LEGS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(database_url: str, calls: int) -> list[str]:
    upgrade_database(database_url)
    engine = create_db_engine(database_url)
    legs = [
        PlannedLeg(f"T{i}", f"Target {i}", "Senator", "us-senate", "MA", "", f"+1617555010{i}", "Hello.")
        for i in range(LEGS)
    ]
    with session_scope(engine) as session:
        load_campaign_dir(session, PROJECT / "campaigns")
    ids = [f"bench{n:05d}" for n in range(calls)]
    with session_scope(engine) as session:
        for call_id in ids:
            session.add(
                CallSession(
                    id=call_id,
                    campaign_slug="grace-no-ban",
                    mode="bridged",
                    status="queued",
                    caller_phone="+16175550123",
                )
            )
        session.flush()
        for call_id in ids:
            add_legs(session, call_id=call_id, legs=legs)
    engine.dispose()
    return ids


class Twilio:
    def __init__(self, http: httpx.AsyncClient, base_url: str, think: float) -> None:
        self.http = http
        self.base_url = base_url
        self.think = think
        self.random = random.Random(5)
        self.validator = RequestValidator(TOKEN)
        self.twiml: list[float] = []
        self.callbacks: list[float] = []

    async def post(self, path: str, params: dict[str, str], *, twiml: bool) -> str:
        if self.think:
            await asyncio.sleep(self.random.uniform(0.5, 1.5) * self.think)
        url = f"{self.base_url}{path}"
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params)}
        started = time.perf_counter()
        response = await self.http.post(url, data=params, headers=headers)
        (self.twiml if twiml else self.callbacks).append(time.perf_counter() - started)
        response.raise_for_status()
        return response.text

    async def call(self, call_id: str) -> None:
        base = {"CallSid": f"CA{call_id}", "AccountSid": "ACbench", "CallStatus": "in-progress"}
        body = await self.post(f"/twilio/calls/{call_id}/answer", base, twiml=True)
        for leg in range(LEGS):
            assert "Gather" in body, body
            body = await self.post(
                f"/twilio/calls/{call_id}/legs/{leg}/consent", {**base, "Digits": "1"}, twiml=True
            )
            assert "<Dial" in body, body
            for seq, status in enumerate(["initiated", "ringing", "in-progress", "completed"]):
                params = {
                    **base,
                    "CallSid": f"CH{call_id}{leg}",
                    "CallStatus": status,
                    "SequenceNumber": str(seq),
                }
                await self.post(f"/twilio/calls/{call_id}/legs/{leg}/status", params, twiml=False)
            dial = {
                **base,
                "DialCallStatus": "completed",
                "DialCallSid": f"CH{call_id}{leg}",
                "DialCallDuration": "30",
            }
            body = await self.post(f"/twilio/calls/{call_id}/legs/{leg}/dialed", dial, twiml=True)
            body = await self.post(
                f"/twilio/calls/{call_id}/legs/{leg}/survey", {**base, "Digits": "1"}, twiml=True
            )
        assert "Thank you" in body, body
        final = {**base, "CallStatus": "completed", "SequenceNumber": "9", "CallDuration": "200"}
        await self.post(f"/twilio/calls/{call_id}/status", final, twiml=False)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def play(base_url: str, ids: list[str], think: float) -> Twilio:
    limits = httpx.Limits(max_connections=len(ids), max_keepalive_connections=len(ids))
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        twilio = Twilio(http, base_url, think)
        await asyncio.gather(*(twilio.call(call_id) for call_id in ids))
    return twilio


def wait_until_up(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server did not start")
        try:
            if httpx.get(f"{base_url}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not answer within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between a call's webhooks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/bench.db"
        ids = prepare(database_url, args.calls)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "SWITCHBOARD_DATABASE_URL": database_url,
            "SWITCHBOARD_PUBLIC_BASE_URL": base_url,
            "SWITCHBOARD_TWILIO_ACCOUNT_SID": "ACbench",
            "SWITCHBOARD_TWILIO_AUTH_TOKEN": TOKEN,
            "SWITCHBOARD_TWILIO_FROM_NUMBER": "+16175550100",
        }
        command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--port", str(port)]
        command += ["--workers", str(args.workers), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=PROJECT, env=env)  # noqa: S603 (our own server)
        try:
            wait_until_up(base_url, server)
            started = time.perf_counter()
            twilio = asyncio.run(play(base_url, ids, args.think))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
    requests = len(twilio.twiml) + len(twilio.callbacks)
    print(
        f"{args.calls} concurrent calls x {LEGS} legs, think {args.think} s, {args.workers} worker(s), "
        "SQLite: "
        f"{requests} requests in {elapsed:.1f} s ({requests / elapsed:.0f}/s)"
    )
    for label, values in (("TwiML webhooks", twilio.twiml), ("status callbacks", twilio.callbacks)):
        print(
            f"{label:>17}: n={len(values)}  p50={percentile(values, 0.50):.1f} ms  "
            f"p99={percentile(values, 0.99):.1f} ms  max={max(values) * 1000:.1f} ms  "
            f"mean={statistics.mean(values) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
