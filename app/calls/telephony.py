"""Placing and inspecting phone calls: the Telephony protocol and its Twilio implementation."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from requests.exceptions import ConnectTimeout
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import ConnectTimeoutError

from app.kernel.errors import TelephonyError
from app.kernel.vocabulary import FINAL_CALL_STATUSES
from app.settings import Settings

STATUS_EVENTS = ["initiated", "ringing", "answered", "completed"]
UNREACHABLE = "We cannot reach that phone number. Please check it and try again."
# Twilio error codes → (our code, HTTP status, a sentence for the constituent).
TWILIO_ERRORS: dict[int, tuple[str, int, str]] = {
    21211: ("phone_unreachable", 422, "That phone number is not valid. Please check it and try again."),
    21214: ("phone_unreachable", 422, UNREACHABLE),
    21216: ("phone_not_allowed", 422, "We are not able to call that number."),
    20429: ("telephony_busy", 503, "Our phone line is busy right now. Please try again in a minute."),
    21610: ("phone_opted_out", 422, "This number replied STOP to our text messages."),
    **dict.fromkeys(range(13223, 13227), ("phone_unreachable", 422, UNREACHABLE)),
}
GENERIC_ERROR = (
    "telephony_unavailable",
    503,
    "We could not place the call right now. Please try again later.",
)
# How many of the calls to one number `calls_to` looks at (Twilio lists the newest first).
RECENT_CALLS = 50


# `calls.create` was sent but no answer came back (a timeout, a dropped connection, a 5xx): Twilio
# may have placed the call, so it is neither failed nor placed until Twilio is asked.
PLACEMENT_UNKNOWN = "placement_unknown"


def _placement_unknown() -> TelephonyError:
    message = "We could not tell whether the call was placed."
    return TelephonyError(message, code=PLACEMENT_UNKNOWN, status=502)


@dataclass(frozen=True)
class CallRequest:
    to: str
    from_number: str
    answer_url: str
    status_url: str
    fallback_url: str
    time_limit_seconds: int


@dataclass(frozen=True)
class SmsRequest:
    to: str
    from_number: str
    body: str


@dataclass(frozen=True)
class MessageRecord:
    """A text message as the provider reports it once accepted."""

    sid: str
    status: str


@dataclass(frozen=True)
class CallRecord:
    """A call as the phone provider reports it."""

    sid: str
    status: str
    to: str = ""
    parent_sid: str | None = None
    duration_seconds: int | None = None
    from_number: str = ""
    start_time: datetime | None = None
    created_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_CALL_STATUSES


class Telephony(Protocol):
    def place_call(self, request: CallRequest) -> CallRecord:
        """Ask the provider to call `request.to`. Never retried: a retry could ring a person twice.

        A TelephonyError with code PLACEMENT_UNKNOWN when the request went out but no answer came.
        """
        ...

    def fetch_call(self, sid: str) -> CallRecord: ...

    def send_sms(self, request: SmsRequest) -> MessageRecord:
        """Ask the provider to send one text message. Never retried (it could arrive twice)."""
        ...

    def child_calls(self, parent_sid: str) -> list[CallRecord]: ...

    def calls_to(self, number: str, *, created_since: datetime) -> list[CallRecord]:
        """Calls to `number` Twilio created at or after `created_since`, queued ones included."""
        ...


class TwilioTelephony:
    """The official twilio client; `api_url` may point at a local simulator."""

    def __init__(self, *, account_sid: str, auth_token: str, api_url: str, timeout_seconds: float) -> None:
        # max_retries stays None: calls.create has no idempotency key.
        http_client = TwilioHttpClient(timeout=timeout_seconds, max_retries=None)
        self._client = Client(account_sid, auth_token, http_client=http_client)
        self._client.api.base_url = api_url.rstrip("/")

    def place_call(self, request: CallRequest) -> CallRecord:
        try:
            call = self._client.calls.create(
                to=request.to,
                from_=request.from_number,
                url=request.answer_url,
                method="POST",
                fallback_url=request.fallback_url,
                fallback_method="POST",
                status_callback=request.status_url,
                status_callback_method="POST",
                status_callback_event=STATUS_EVENTS,
                time_limit=request.time_limit_seconds,
            )
        except TwilioRestException as error:
            if error.status >= 500:
                raise _placement_unknown() from error
            raise _telephony_error(error.code) from error
        except (TwilioException, OSError) as error:
            if _never_sent(error):
                raise _telephony_error(None) from error
            raise _placement_unknown() from error
        return _record(call)

    def send_sms(self, request: SmsRequest) -> MessageRecord:
        try:
            message = self._client.messages.create(
                to=request.to, from_=request.from_number, body=request.body
            )
        except (TwilioException, OSError) as error:
            raise _telephony_error(getattr(error, "code", None)) from error
        return MessageRecord(sid=str(message.sid or ""), status=str(message.status or ""))

    def fetch_call(self, sid: str) -> CallRecord:
        try:
            return _record(self._client.calls(sid).fetch())
        except (TwilioException, OSError) as error:
            raise _telephony_error(getattr(error, "code", None)) from error

    def child_calls(self, parent_sid: str) -> list[CallRecord]:
        try:
            return [_record(call) for call in self._client.calls.list(parent_call_sid=parent_sid, limit=50)]
        except (TwilioException, OSError) as error:
            raise _telephony_error(getattr(error, "code", None)) from error

    def calls_to(self, number: str, *, created_since: datetime) -> list[CallRecord]:
        # No StartTime filter: a call Twilio still holds as queued has no start time yet.
        try:
            found = [_record(call) for call in self._client.calls.list(to=number, limit=RECENT_CALLS)]
        except (TwilioException, OSError) as error:
            raise _telephony_error(getattr(error, "code", None)) from error
        return [
            call for call in found if (call.created_at or call.start_time or created_since) >= created_since
        ]


def build_telephony(settings: Settings) -> Telephony | None:
    """Twilio when its settings are present; None means "Call me" is not offered."""
    if not settings.twilio_configured:
        return None
    return TwilioTelephony(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token.get_secret_value(),
        api_url=settings.twilio_api_url,
        timeout_seconds=settings.http_timeout_seconds,
    )


def _record(call: object) -> CallRecord:
    duration = getattr(call, "duration", None)
    return CallRecord(
        sid=str(getattr(call, "sid", "")),
        status=str(getattr(call, "status", "") or ""),
        to=str(getattr(call, "to", "") or ""),
        parent_sid=getattr(call, "parent_call_sid", None),
        duration_seconds=int(duration) if duration not in (None, "") else None,
        from_number=str(getattr(call, "_from", "") or ""),
        start_time=_moment(getattr(call, "start_time", None)),
        created_at=_moment(getattr(call, "date_created", None)),
    )


def _moment(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _never_sent(error: BaseException) -> bool:
    """No connection was made (refused, not resolved, timed out connecting): Twilio has nothing."""
    if isinstance(error, ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, ConnectTimeoutError)  # urllib3's NewConnectionError is one too


def _telephony_error(twilio_code: int | None) -> TelephonyError:
    code, status, message = TWILIO_ERRORS.get(twilio_code or 0, GENERIC_ERROR)
    return TelephonyError(message, code=code, status=status, twilio_code=twilio_code)
