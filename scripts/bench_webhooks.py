"""TwiML webhooks against a real server on SQLite: throughput beside a bare endpoint, and latency.

Starts `switchboard serve` as shipped (one web process unless --workers) on a fresh SQLite file,
and the floor: a bare FastAPI app (scripts/bare_app.py) in a uvicorn process of its own. Then:

1. Throughput (wrk, --connections 32, --duration s each): the bare app, then the
   first TwiML webhook of a call (`answer`) for fresh calls, one call per request: every request
   is signed with X-Twilio-Signature (twilio's RequestValidator) and has its own CallSid and
   I-Twilio-Idempotency-Token, so none is a repeat. The signed requests are made beforehand and a
   wrk Lua script sends each once; the receipts stored afterwards are counted to show every answered
   request did the whole work. Prints both rates and their ratio (the goal: ≥ 0.4), and each
   server's CPU time per request (one web process only), which a busy machine barely moves.
2. Latency: records N calls (three legs each), then plays N calls at once the way Twilio would:
   answer, press 1, the office leg's status callbacks, the Dial action, the survey key, for every
   leg, then the final status. Every request is signed. Each call has its own keep-alive
   connection and a lean HTTP/1.1 client (requests encoded before the clock starts; a Python HTTP
   library's own time would otherwise be most of what is measured on a slow machine). Prints
   p50/p99 of the TwiML webhooks (and of the status callbacks). The goal: p99 < 20 ms with 200
   calls in flight, default pacing.

A real call spends 5 to 60 seconds between webhooks (the intro, ringing, the conversation);
`--think` (default 5 s, varied ±50%) compresses that several times over, so 200 simulated calls
load the server like several hundred real ones. `--think 2` overloads one worker on a small
machine; `--think 0` fires every request back to back: a flood that measures throughput
(latency then is just the queue: calls in flight / requests per second).

    .venv/bin/python scripts/bench_webhooks.py [--calls 200] [--workers 1] [--think 5]
        [--connections 32] [--duration 10] [--no-wrk] [--no-latency]
"""

import argparse
import asyncio
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, insert, select
from twilio.request_validator import RequestValidator

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app.calls.call_records import PlannedLeg, add_legs  # noqa: E402
from app.campaigns.store import load_campaign_dir  # noqa: E402
from app.kernel.clock import utcnow  # noqa: E402
from app.kernel.vocabulary import CallMethod  # noqa: E402
from app.models.calls import CallLeg, CallSession, WebhookReceipt  # noqa: E402
from app.storage.db import create_db_engine, session_scope  # noqa: E402
from app.storage.migrations import upgrade_database  # noqa: E402
from scripts.bench_support import bare_server, free_port, machine_line, switchboard_server, wrk  # noqa: E402

TOKEN = "bench-auth-token"  # noqa: S105 (a throwaway server's token)
LEGS = 3
# A connection idle this long is dropped before uvicorn (5 s keep-alive) closes it under a request.
KEEP_ALIVE_SECONDS = 4.0
# Sends each prepared request once (each wrk thread its own share of the file); counts the wraps.
WRK_SCRIPT = """
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  local every = tonumber(args[2])
  requests = {}
  sent = 0
  local i = 0
  for line in io.lines(args[1]) do
    if i % every == id then
      local path, body, signature, token = line:match("([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)")
      requests[#requests + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
        ["I-Twilio-Idempotency-Token"] = token,
      }, body)
    end
    i = i + 1
  end
end
function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end
function done(summary, latency, requests)
  local wrapped = 0
  for _, thread in ipairs(threads) do
    local left = thread:get("sent") - #thread:get("requests")
    if left > 0 then wrapped = wrapped + left end
  end
  io.write(string.format("repeated requests: %d\\n", wrapped))
end
"""


def planned_legs() -> list[PlannedLeg]:
    return [
        PlannedLeg(f"T{i}", f"Target {i}", "Senator", "us-senate", "MA", "", f"+1617555010{i}", "Hello.")
        for i in range(LEGS)
    ]


def prepare(database_url: str, calls: int) -> list[str]:
    """The campaigns, and `calls` calls recorded the way placing a call records them."""
    upgrade_database(database_url)
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    ids = [f"bench{n:05d}" for n in range(calls)]
    with session_scope(engine) as session:
        for call_id in ids:
            session.add(new_call(call_id))
        session.flush()
        for call_id in ids:
            add_legs(session, call_id=call_id, legs=planned_legs())
    engine.dispose()
    return ids


def new_call(call_id: str) -> CallSession:
    return CallSession(
        id=call_id,
        campaign_slug="grace-no-ban",
        mode=CallMethod.BRIDGED,
        status="queued",
        caller_phone="+16175550123",
    )


def prepare_fresh_calls(database_url: str, calls: int) -> list[str]:
    """Many calls waiting for their first webhook, inserted in bulk (answering one counts nothing)."""
    engine = create_db_engine(database_url)
    ids = [f"wrk{n:07d}" for n in range(calls)]
    now = utcnow()
    legs = [
        {
            "session_id": call_id,
            "position": position,
            "target_id": leg.target_id,
            "name": leg.name,
            "title": leg.title,
            "chamber": leg.chamber,
            "state": leg.state,
            "district": leg.district,
            "office_phone": leg.office_phone,
            "intro": leg.intro,
            "status": "pending",
            "sequence_number": -1,
            "created_at": now,
        }
        for call_id in ids
        for position, leg in enumerate(planned_legs())
    ]
    with session_scope(engine) as session:
        session.execute(insert(CallSession), [new_call(call_id).model_dump() for call_id in ids])
        session.execute(insert(CallLeg), legs)
    engine.dispose()
    return ids


def signed_requests(base_url: str, ids: list[str], path: Path) -> None:
    """One line per request: path, form body, X-Twilio-Signature, idempotency token (tab-separated)."""
    validator = RequestValidator(TOKEN)
    with path.open("w") as out:
        for call_id in ids:
            url_path = f"/twilio/calls/{call_id}/answer"
            params = {"CallSid": f"CA{call_id}", "AccountSid": "ACbench", "CallStatus": "in-progress"}
            signature = validator.compute_signature(f"{base_url}{url_path}", params)
            out.write(f"{url_path}\t{urlencode(params)}\t{signature}\t{secrets.token_hex(16)}\n")


def run_wrk(
    url: str,
    *,
    connections: int,
    seconds: float,
    script: Path | None = None,
    args: Sequence[str] = (),
    pid: int | None = None,
) -> dict[str, Any]:
    result = wrk(url, connections=connections, seconds=seconds, threads=2, script=script, args=args, pid=pid)
    repeated = re.search(r"repeated requests: (\d+)", result.output)
    return {
        "rate": result.rate,
        "total": result.requests,
        "errors": result.errors,
        "p99": result.p99_ms,
        "repeated": int(repeated.group(1)) if repeated else 0,
        "cpu_us": result.cpu_us,
    }


def throughput(
    ours: tuple[str, int | None],
    bare: tuple[str, int],
    database_url: str,
    ids: list[str],
    *,
    connections: int,
    seconds: float,
) -> None:
    """`ours`: base URL and the pid of its one web process (None with several: no CPU figure)."""
    (base_url, pid), (bare_url, bare_pid) = ours, bare
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "first_webhook.lua"
        script.write_text(WRK_SCRIPT)
        warm, measured = ids[:1000], ids[1000:]
        for name, chunk in (("warm", warm), ("measured", measured)):
            signed_requests(base_url, chunk, Path(folder) / f"{name}.tsv")
        run_wrk(f"{bare_url}/", connections=connections, seconds=2)
        run_wrk(
            base_url,
            connections=connections,
            seconds=1,
            script=script,
            args=[str(Path(folder) / "warm.tsv"), "2"],
        )
        receipts_before = count_receipts(database_url)
        bare = run_wrk(f"{bare_url}/", connections=connections, seconds=seconds, pid=bare_pid)
        hook = run_wrk(
            base_url,
            connections=connections,
            seconds=seconds,
            script=script,
            args=[str(Path(folder) / "measured.tsv"), "2"],
            pid=pid,
        )
        stored = count_receipts(database_url) - receipts_before
    print(f"wrk, 2 threads, {connections} connections, {seconds:g} s each; `switchboard serve`:")
    for label, result in (("bare FastAPI app (own process)", bare), ("first TwiML webhook (answer)", hook)):
        print(
            f"  {label:<29} {result['rate']:8.0f} req/s  p99 {result['p99']:6.1f} ms  "
            f"({result['total']} requests, {result['errors']} not 2xx)  "
            f"CPU {result['cpu_us']:5.0f} µs/request"
        )
    print(f"  ratio webhook / bare: {hook['rate'] / bare['rate']:.3f} (goal >= 0.4)")
    print(f"  CPU per request, bare's ÷ the webhook's: {bare['cpu_us'] / hook['cpu_us']:.3f}")
    distinct = "yes" if hook["repeated"] == 0 else f"NO, {hook['repeated']} repeats: raise --fresh-calls"
    print(f"  every webhook request distinct (own CallSid, idempotency token, signature): {distinct}")
    print(f"  receipts stored by the measured run: {stored}")


def count_receipts(database_url: str) -> int:
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        count = int(connection.execute(select(func.count()).select_from(WebhookReceipt)).scalar_one())
    engine.dispose()
    return count


class CallConnection:
    """One simulated call's HTTP/1.1 keep-alive connection, as lean as wrk's: requests are encoded
    before the clock starts, so the time is the server's (and the network's), not a Python HTTP
    client's. A connection idle for 4 s is dropped and a new one opened (uvicorn closes idle ones at
    5 s): like Twilio's between a call's webhooks, the new connection's set-up is timed too."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.last_used = 0.0

    async def post(self, request: bytes) -> tuple[int, bytes]:
        if self.streams is not None and time.monotonic() - self.last_used > KEEP_ALIVE_SECONDS:
            await self.close()
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(request)
        status = int((await reader.readline()).split()[1])
        length, closes = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                closes = True
        body = await reader.readexactly(length)
        self.last_used = time.monotonic()
        if closes:
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


class Twilio:
    def __init__(self, base_url: str, think: float) -> None:
        self.base_url = base_url
        self.address = base_url.removeprefix("http://")
        host, _, port = self.address.partition(":")
        self.host, self.port = host, int(port)
        self.think = think
        self.random = random.Random(5)
        self.validator = RequestValidator(TOKEN)
        self.twiml: list[float] = []
        self.callbacks: list[float] = []

    def request(self, path: str, params: dict[str, str]) -> bytes:
        body = urlencode(params)
        signature = self.validator.compute_signature(f"{self.base_url}{path}", params)
        return (
            f"POST {path} HTTP/1.1\r\nHost: {self.address}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nX-Twilio-Signature: {signature}\r\n"
            f"I-Twilio-Idempotency-Token: {secrets.token_hex(16)}\r\n\r\n{body}"
        ).encode()

    async def post(
        self, connection: CallConnection, path: str, params: dict[str, str], *, twiml: bool
    ) -> str:
        if self.think:
            await asyncio.sleep(self.random.uniform(0.5, 1.5) * self.think)
        request = self.request(path, params)
        started = time.perf_counter()
        status, body = await connection.post(request)
        (self.twiml if twiml else self.callbacks).append(time.perf_counter() - started)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:200]!r}")
        return body.decode()

    async def call(self, call_id: str) -> None:
        connection = CallConnection(self.host, self.port)
        try:
            await self.play_call(connection, call_id)
        finally:
            await connection.close()

    async def play_call(self, connection: CallConnection, call_id: str) -> None:
        base = {"CallSid": f"CA{call_id}", "AccountSid": "ACbench", "CallStatus": "in-progress"}
        body = await self.post(connection, f"/twilio/calls/{call_id}/answer", base, twiml=True)
        for leg in range(LEGS):
            assert "Gather" in body, body
            body = await self.post(
                connection, f"/twilio/calls/{call_id}/legs/{leg}/consent", {**base, "Digits": "1"}, twiml=True
            )
            assert "<Dial" in body, body
            for seq, status in enumerate(["initiated", "ringing", "in-progress", "completed"]):
                params = {
                    **base,
                    "CallSid": f"CH{call_id}{leg}",
                    "CallStatus": status,
                    "SequenceNumber": str(seq),
                }
                await self.post(connection, f"/twilio/calls/{call_id}/legs/{leg}/status", params, twiml=False)
            dial = {
                **base,
                "DialCallStatus": "completed",
                "DialCallSid": f"CH{call_id}{leg}",
                "DialCallDuration": "30",
            }
            body = await self.post(connection, f"/twilio/calls/{call_id}/legs/{leg}/dialed", dial, twiml=True)
            body = await self.post(
                connection, f"/twilio/calls/{call_id}/legs/{leg}/survey", {**base, "Digits": "1"}, twiml=True
            )
        assert "Thank you" in body, body
        final = {**base, "CallStatus": "completed", "SequenceNumber": "9", "CallDuration": "200"}
        await self.post(connection, f"/twilio/calls/{call_id}/status", final, twiml=False)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def play(base_url: str, ids: list[str], think: float) -> Twilio:
    twilio = Twilio(base_url, think)
    await asyncio.gather(*(twilio.call(call_id) for call_id in ids))
    return twilio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="calls in flight for the latency run")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between a call's webhooks")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of each wrk run")
    parser.add_argument("--fresh-calls", type=int, default=40_000, help="calls waiting for wrk's webhooks")
    parser.add_argument("--no-wrk", action="store_true", help="skip the throughput run")
    parser.add_argument("--no-latency", action="store_true", help="skip the latency run")
    args = parser.parse_args()
    print(machine_line(), "at the start; SQLite\n")
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/bench.db"
        ids = prepare(database_url, args.calls)
        fresh = [] if args.no_wrk else prepare_fresh_calls(database_url, args.fresh_calls)
        port = free_port()
        env = {
            "SWITCHBOARD_DATABASE_URL": database_url,
            # Twilio signs the public URL: the server is told its own.
            "SWITCHBOARD_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "SWITCHBOARD_TWILIO_ACCOUNT_SID": "ACbench",
            "SWITCHBOARD_TWILIO_AUTH_TOKEN": TOKEN,
            "SWITCHBOARD_TWILIO_FROM_NUMBER": "+16175550100",
            # Offline, and webhooks need no directory: no scheduled download attempt mid-run.
            "SWITCHBOARD_DIRECTORY_SYNC_EVERY_HOURS": "0",
            "SWITCHBOARD_DIRECTORY_SYNC_BUSY_EVERY_HOURS": "0",
        }
        server = switchboard_server(env, port=port, setup=False, workers=args.workers, ready_path="/healthz")
        with bare_server() as bare, server as (base_url, pid):
            if not args.no_wrk:
                throughput(
                    (base_url, pid if args.workers == 1 else None),
                    bare,
                    database_url,
                    fresh,
                    connections=args.connections,
                    seconds=args.duration,
                )
            if not args.no_latency:
                latency(base_url, ids, think=args.think, workers=args.workers)
    print(machine_line(), "at the end")


def latency(base_url: str, ids: list[str], *, think: float, workers: int) -> None:
    started = time.perf_counter()
    twilio = asyncio.run(play(base_url, ids, think))
    elapsed = time.perf_counter() - started
    requests = len(twilio.twiml) + len(twilio.callbacks)
    print(
        f"\n{len(ids)} calls in flight x {LEGS} legs, think {think} s, {workers} worker(s), "
        f"lean HTTP/1.1 client: {requests} requests in {elapsed:.1f} s ({requests / elapsed:.0f}/s)"
    )
    for label, values in (("TwiML webhooks", twilio.twiml), ("status callbacks", twilio.callbacks)):
        print(
            f"{label:>19}: n={len(values)}  p50={percentile(values, 0.50):.1f} ms  "
            f"p99={percentile(values, 0.99):.1f} ms  max={max(values) * 1000:.1f} ms  "
            f"mean={statistics.mean(values) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
