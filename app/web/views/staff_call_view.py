"""A test call as its share page shows it: whom it rings, where it is, and each target's leg."""

from dataclasses import dataclass

import phonenumbers

from app.calls.call_records import LoadedCall
from app.calls.telephony import GENERIC_ERROR, TWILIO_ERRORS
from app.i18n.catalog import text
from app.kernel.vocabulary import CallMethod, CallStatus, LegStatus
from app.web.views.tally_views import method_label

# What a rehearsal's legs are, in the organizer's words (a leg is closed "not attempted": no
# office was dialed).
REHEARSAL_LEGS = {
    LegStatus.PENDING: "waiting",
    LegStatus.PROMPTED: "being read out",
    LegStatus.NOT_ATTEMPTED: "rehearsed (no office called)",
    LegStatus.NO_CONSENT: "not reached: the call ended",
}
_FAILURES = {code: message for code, _status, message in (*TWILIO_ERRORS.values(), GENERIC_ERROR)}


@dataclass(frozen=True)
class StaffCallLeg:
    who: str
    status: str


@dataclass(frozen=True)
class StaffCallView:
    id: str
    kind: str
    live: bool
    headline: str
    legs: list[StaffCallLeg]


def staff_call_view(loaded: LoadedCall) -> StaffCallView:
    call = loaded.call
    rehearsal = not CallMethod(call.mode).dials_offices
    legs = [
        StaffCallLeg(f"{leg.title} {leg.name}".strip(), _leg_status(leg.status, rehearsal=rehearsal))
        for leg in loaded.legs
    ]
    status = CallStatus(call.status)
    return StaffCallView(
        id=call.id,
        kind=method_label(call.mode),
        live=status.is_live,
        headline=_headline(status, phone=call.caller_phone, error_code=call.error_code),
        legs=legs,
    )


def _leg_status(status: str, *, rehearsal: bool) -> str:
    if rehearsal and status in REHEARSAL_LEGS:
        return REHEARSAL_LEGS[LegStatus(status)]
    return text("en", "status", status)


def _headline(status: CallStatus, *, phone: str | None, error_code: str | None) -> str:
    if status in (CallStatus.CREATED, CallStatus.DIALING, CallStatus.QUEUED, CallStatus.INITIATED):
        return f"Calling {_shown(phone)}; answer your phone."
    if status is CallStatus.RINGING:
        return f"Your phone ({_shown(phone)}) is ringing: answer it."
    if status is CallStatus.IN_PROGRESS:
        return "You are on the line with Switchboard."
    if status is CallStatus.COMPLETED:
        return "The test call is over."
    if status is CallStatus.FAILED:
        reason = _FAILURES.get(error_code or "", "")
        return f"The call could not be placed. {reason}".strip()
    return f"Your phone did not answer ({text('en', 'status', status)})."


def _shown(phone: str | None) -> str:
    """The number as people read it (+1 617-555-0123); it is forgotten once the call ends."""
    if not phone:
        return "your phone"
    return str(
        phonenumbers.format_number(phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    )
