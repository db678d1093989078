"""A Twilio simulator: a real HTTP server on loopback that plays Twilio and the phone network.

It accepts `calls.create` and `messages.create` on Twilio's REST paths and answers the lookups
Twilio offers (a call by SID; the list filtered by ParentCallSid, To and StartTime>), then, like
Twilio, fetches our TwiML over HTTP with a valid X-Twilio-Signature, "presses" the digits a
scripted phone would, follows <Gather> and <Dial> actions, dials offices that answer, are busy or
never pick up, and sends signed status callbacks — optionally duplicated, reordered or lost.
"""

import base64
import contextlib
import itertools
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from twilio.request_validator import RequestValidator

HANG_UP = "hang-up"
STAY = "stay"
Answer = Literal["answer", "busy", "no-answer", "failed"]
LegCallbacks = Literal["before-action", "after-action", "reversed"]


@dataclass
class Phone:
    """A simulated phone: how it answers, and what its owner does at each Gather or Dial in turn.

    At a Gather: a string of digits, "" for silence, or HANG_UP. At a Dial: STAY (talk until the
    office hangs up), "*" (hang up the office) or HANG_UP. When the script runs out: silence / STAY.
    """

    answer: Answer = "answer"
    actions: list[str] = field(default_factory=list)
    talk_seconds: int = 42

    def next_action(self, default: str) -> str:
        return self.actions.pop(0) if self.actions else default


@dataclass
class Faults:
    duplicate_callbacks: bool = False
    leg_callbacks: LegCallbacks = "before-action"
    drop_status_callbacks: bool = False
    # Twilio error code returned by calls.create for these numbers.
    create_errors: dict[str, int] = field(default_factory=dict)
    # calls.create never answers: the call is created, and rings once the client has given up
    # waiting (timed out, not knowing whether it was placed).
    create_times_out: bool = False


@dataclass(frozen=True)
class Exchange:
    """One request the simulator made to the app, and the answer."""

    url: str
    params: dict[str, str]
    token: str | None
    status: int
    body: str


@dataclass
class SimCall:
    sid: str
    to: str
    from_: str
    status: str = "queued"
    parent_sid: str | None = None
    duration: int | None = None
    direction: str = "outbound-api"
    caller_id: str | None = None
    transcript: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)
    start_time: datetime = field(default_factory=lambda: datetime.now(UTC))

    def as_json(self, account_sid: str) -> dict[str, Any]:
        return {
            "sid": self.sid,
            "account_sid": account_sid,
            "to": self.to,
            "from": self.from_,
            "status": self.status,
            "parent_call_sid": self.parent_sid,
            "duration": str(self.duration) if self.duration is not None else None,
            "direction": self.direction,
            "api_version": "2010-04-01",
            "start_time": format_datetime(self.start_time),
            "date_created": format_datetime(self.start_time),
            "uri": f"/2010-04-01/Accounts/{account_sid}/Calls/{self.sid}.json",
        }


class TwilioSimulator:
    def __init__(self, *, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.phones: dict[str, Phone] = {}
        self.faults = Faults()
        self.calls: dict[str, SimCall] = {}
        # Text messages sent through Messages.json, as Twilio answered them.
        self.messages: list[dict[str, Any]] = []
        self.webhook_log: list[Exchange] = []
        self._validator = RequestValidator(auth_token)
        self._sids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait(self, sid: str, timeout: float = 20) -> SimCall:
        call = self.calls[sid]
        assert call.done.wait(timeout), f"simulated call {sid} did not finish"
        return call

    def children(self, parent_sid: str) -> list[SimCall]:
        return [c for c in self.calls.values() if c.parent_sid == parent_sid]

    def listed(self, query: dict[str, list[str]]) -> list[SimCall]:
        """Calls.json's filters: ParentCallSid, To, and StartTime> (a UTC day, as Twilio documents)."""
        found = list(self.calls.values())
        if "ParentCallSid" in query:
            found = [c for c in found if c.parent_sid == query["ParentCallSid"][0]]
        if "To" in query:
            found = [c for c in found if c.to == query["To"][0]]
        if "StartTime>" in query:
            day = date.fromisoformat(query["StartTime>"][0][:10])
            found = [c for c in found if c.start_time.date() >= day]
        return found

    # --- REST API -------------------------------------------------------------------------------

    def create_call(self, params: dict[str, list[str]], *, ring: bool = True) -> tuple[int, dict[str, Any]]:
        to = params["To"][0]
        if to in self.faults.create_errors:
            code = self.faults.create_errors[to]
            return 400, {"code": code, "message": f"Error {code}", "more_info": "", "status": 400}
        call = self._new_call(to=to, from_=params["From"][0])
        # Like Twilio, answer with the call as created ("queued"), whatever happens next.
        created = call.as_json(self.account_sid)
        if ring:
            self.ring(call, params)
        return 201, created

    def create_message(self, params: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        """Messages.json: Twilio's answer to a new message (queued), or its error for the number."""
        to = params["To"][0]
        if to in self.faults.create_errors:
            code = self.faults.create_errors[to]
            return 400, {"code": code, "message": f"Error {code}", "more_info": "", "status": 400}
        with self._lock:
            sid = f"SM{next(self._sids):032x}"
        now = format_datetime(datetime.now(UTC))
        message = {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": to,
            "from": params["From"][0],
            "body": params["Body"][0],
            "status": "queued",
            "direction": "outbound-api",
            "num_segments": "1",
            "num_media": "0",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "api_version": "2010-04-01",
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "messaging_service_sid": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"
            },
        }
        self.messages.append(message)
        return 201, message

    def ring(self, call: SimCall, params: dict[str, list[str]]) -> None:
        """Run a created call: ring the phone, fetch the TwiML, send the status callbacks."""
        threading.Thread(target=self._run_outbound, args=(call, params), daemon=True).start()

    def record_call(self, *, to: str, status: str, created: datetime) -> SimCall:
        """A call Twilio has on record, placed at `created` (before the test began, say)."""
        call = self._new_call(to=to, from_="+16175550100")
        call.status, call.start_time, call.duration = status, created, 60
        call.done.set()
        return call

    def call_in(self, *, to: str, from_: str, voice_url: str, status_url: str) -> SimCall:
        """A constituent dials one of our numbers; runs the call to its end."""
        call = self._new_call(to=to, from_=from_, direction="inbound")
        call.status = "in-progress"
        self._execute(call, voice_url, self.phones.setdefault(from_, Phone()))
        self._finish(call, status_url, [], "completed")
        return call

    # --- the phone network ------------------------------------------------------------------------

    def _new_call(
        self, *, to: str, from_: str, direction: str = "outbound-api", parent: str | None = None
    ) -> SimCall:
        with self._lock:
            sid = f"CA{next(self._sids):032x}"
            call = SimCall(sid=sid, to=to, from_=from_, direction=direction, parent_sid=parent)
            self.calls[sid] = call
        return call

    def _run_outbound(self, call: SimCall, params: dict[str, list[str]]) -> None:
        status_url = params.get("StatusCallback", [""])[0]
        seq = itertools.count(0)
        phone = self.phones.setdefault(call.to, Phone())
        self._status(call, status_url, "initiated", next(seq))
        self._status(call, status_url, "ringing", next(seq))
        if phone.answer != "answer":
            call.status = phone.answer
            self._status(call, status_url, phone.answer, next(seq))
            call.done.set()
            return
        call.status = "in-progress"
        self._status(call, status_url, "in-progress", next(seq))
        self._execute(call, params["Url"][0], phone, fallback=params.get("FallbackUrl", [""])[0])
        self._finish(call, status_url, [next(seq)], "completed")

    def _finish(self, call: SimCall, status_url: str, seq: list[int], status: str) -> None:
        call.status = status
        call.duration = 60
        self._status(call, status_url, status, seq[0] if seq else 0, {"CallDuration": "60"})
        call.done.set()

    def _execute(self, call: SimCall, url: str, phone: Phone, fallback: str = "") -> None:
        params: dict[str, str] = {}
        while url:
            document = self._fetch_twiml(call, url, params, fallback)
            url, params = self._play(call, document, phone)

    def _play(self, call: SimCall, document: ET.Element, phone: Phone) -> tuple[str, dict[str, str]]:
        for verb in document:
            if verb.tag == "Say":
                call.transcript.append(verb.text or "")
            elif verb.tag == "Gather":
                call.transcript += [say.text or "" for say in verb.iter("Say")]
                digits = phone.next_action("")
                if digits == HANG_UP:
                    return "", {}
                if digits or verb.get("actionOnEmptyResult") == "true":
                    return verb.get("action", ""), {"Digits": digits}
            elif verb.tag == "Dial":
                return self._dial(call, verb, phone)
            elif verb.tag == "Redirect":
                return verb.text or "", {}
            elif verb.tag == "Hangup":
                return "", {}
        return "", {}

    def _dial(self, call: SimCall, verb: ET.Element, caller: Phone) -> tuple[str, dict[str, str]]:
        number = verb.find("Number")
        assert number is not None
        assert number.text
        office = self.phones.setdefault(number.text, Phone())
        child = self._new_call(
            to=number.text, from_=verb.get("callerId", ""), direction="outbound-dial", parent=call.sid
        )
        child.caller_id = verb.get("callerId")
        action = caller.next_action(STAY)
        events = _leg_events(office, action)
        child.status, child.duration = events[-1][0], int(events[-1][1].get("CallDuration", "0"))
        child.done.set()
        url = number.get("statusCallback", "")
        callbacks = [(url, status, seq, extra) for seq, (status, extra) in enumerate(events)]
        if self.faults.leg_callbacks == "reversed":
            callbacks.reverse()
        if self.faults.leg_callbacks != "after-action":
            self._send_leg_callbacks(child, callbacks)
        if action == HANG_UP:
            self._send_leg_callbacks(child, callbacks if self.faults.leg_callbacks == "after-action" else [])
            return "", {}
        result = {
            "DialCallStatus": child.status,
            "DialCallSid": child.sid,
            "DialCallDuration": str(child.duration),
            "DialBridged": str(child.status == "completed").lower(),
        }
        next_step = (verb.get("action", ""), result)
        if self.faults.leg_callbacks == "after-action":
            document = self._fetch_twiml(call, next_step[0], next_step[1], "")
            self._send_leg_callbacks(child, callbacks)
            return self._play(call, document, caller)
        return next_step

    def _send_leg_callbacks(
        self, child: SimCall, callbacks: list[tuple[str, str, int, dict[str, str]]]
    ) -> None:
        for url, status, seq, extra in callbacks:
            self._status(child, url, status, seq, extra)

    # --- HTTP to the app ------------------------------------------------------------------------

    def _status(
        self, call: SimCall, url: str, status: str, seq: int, extra: dict[str, str] | None = None
    ) -> None:
        if not url or self.faults.drop_status_callbacks:
            return
        params = {
            **self._call_params(call),
            "CallStatus": status,
            "SequenceNumber": str(seq),
            **(extra or {}),
        }
        token = str(uuid.uuid4())
        for _ in range(2 if self.faults.duplicate_callbacks else 1):
            self.post(url, params, token=token)

    def _fetch_twiml(self, call: SimCall, url: str, extra: dict[str, str], fallback: str) -> ET.Element:
        params = {**self._call_params(call), "CallStatus": "in-progress", **extra}
        status, body = self.post(url, params, token=str(uuid.uuid4()))
        if status != 200 and fallback:
            status, body = self.post(fallback, params, token=str(uuid.uuid4()))
        assert status == 200, f"{url} answered {status}: {body}"
        return ET.fromstring(body)  # noqa: S314 (our own app's TwiML, in a test)

    def _call_params(self, call: SimCall) -> dict[str, str]:
        params = {
            "AccountSid": self.account_sid,
            "CallSid": call.sid,
            "From": call.from_,
            "To": call.to,
            "Direction": call.direction,
            "ApiVersion": "2010-04-01",
        }
        if call.parent_sid:
            params["ParentCallSid"] = call.parent_sid
        return params

    def post(self, url: str, params: dict[str, str], *, token: str | None = None) -> tuple[int, str]:
        """A signed POST to the app, as Twilio makes it."""
        headers = {
            "X-Twilio-Signature": self._validator.compute_signature(url, params),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        if token:
            headers["I-Twilio-Idempotency-Token"] = token
        # urllib, not httpx: respx intercepts httpx in these tests, and this is a real network hop.
        request = urllib.request.Request(url, urllib.parse.urlencode(params).encode(), headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (loopback only)
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        except urllib.error.URLError as error:
            status, body = 0, str(error.reason)  # like Twilio, note that the app was unreachable
        self.webhook_log.append(Exchange(url, params, token, status, body))
        return status, body


def _leg_events(office: Phone, action: str) -> list[tuple[str, dict[str, str]]]:
    """The office leg's status events, from the office's behaviour and what the caller did."""
    events: list[tuple[str, dict[str, str]]] = [("initiated", {}), ("ringing", {})]
    if office.answer != "answer":
        return [*events, (office.answer, {"CallDuration": "0"})]
    talk = 3 if action in ("*", HANG_UP) else office.talk_seconds
    return [*events, ("in-progress", {}), ("completed", {"CallDuration": str(talk)})]


def _handler(sim: TwilioSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _authorized(self) -> bool:
            expected = base64.b64encode(f"{sim.account_sid}:{sim.auth_token}".encode()).decode()
            return self.headers.get("Authorization") == f"Basic {expected}"

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            if not self._authorized():
                self._send(401, {"code": 20003, "message": "Authenticate", "status": 401})
                return
            length = int(self.headers.get("Content-Length", "0"))
            params = urllib.parse.parse_qs(self.rfile.read(length).decode())
            if self.path == f"/2010-04-01/Accounts/{sim.account_sid}/Calls.json":
                status, body = sim.create_call(params, ring=not sim.faults.create_times_out)
                if sim.faults.create_times_out and status == 201:
                    self.close_connection = True
                    self.connection.settimeout(60)
                    with contextlib.suppress(OSError):
                        self.connection.recv(1)  # returns when the client hangs up
                    sim.ring(sim.calls[body["sid"]], params)
                    return
                self._send(status, body)
            elif self.path == f"/2010-04-01/Accounts/{sim.account_sid}/Messages.json":
                self._send(*sim.create_message(params))
            else:
                self._send(404, {"code": 20404, "message": "Not found", "status": 404})

        def do_GET(self) -> None:
            if not self._authorized():
                self._send(401, {"code": 20003, "message": "Authenticate", "status": 401})
                return
            path, _, query = self.path.partition("?")
            prefix = f"/2010-04-01/Accounts/{sim.account_sid}/Calls"
            if path == f"{prefix}.json":
                found = sim.listed(urllib.parse.parse_qs(query))
                self._send(200, _page([c.as_json(sim.account_sid) for c in found], path))
            elif path.startswith(prefix + "/") and path[len(prefix) + 1 : -5] in sim.calls:
                self._send(200, sim.calls[path[len(prefix) + 1 : -5]].as_json(sim.account_sid))
            else:
                self._send(404, {"code": 20404, "message": "Not found", "status": 404})

    return Handler


def _page(calls: list[dict[str, Any]], uri: str) -> dict[str, Any]:
    return {
        "calls": calls,
        "first_page_uri": uri,
        "next_page_uri": None,
        "previous_page_uri": None,
        "page": 0,
        "page_size": 50,
        "start": 0,
        "end": len(calls),
        "uri": uri,
    }
