"""The call vocabulary: whom a leg calls (`Chamber`, `Custom`), how a call is made (`CallMethod`),
who said how a leg went (`OutcomeSource`), how a leg went (`Outcome`), where a leg is
(`LegStatus`), where a call is (`CallStatus`), and what each of them means to the rest of Switchboard.

One home for these words: the state machine, the webhooks, the limits, the tallies, the API and
the pages all ask these enums, and tests/test_vocabulary.py fails when one of their strings is
spelled out anywhere else in app/ but the catalog. Adding an outcome means a member here and its
label in each catalog (app/i18n); the tests walk the enums and check both.

The database stores the plain string values; these are `StrEnum`s, so a stored string compares
equal to its member and `Outcome(stored)` reads it back (the chamber, method and outcome-source
columns do that on every read: app/models/columns.py).
"""

from enum import StrEnum
from typing import TypeAlias


class Chamber(StrEnum):
    """A legislative chamber a campaign can target. The order is the order the page lists them."""

    US_SENATE = "us-senate"
    US_HOUSE = "us-house"
    STATE_UPPER = "state-upper"
    STATE_LOWER = "state-lower"

    @property
    def in_congress(self) -> bool:
        return self in (Chamber.US_SENATE, Chamber.US_HOUSE)

    @property
    def in_state_legislature(self) -> bool:
        return not self.in_congress

    @property
    def by_district(self) -> bool:
        """Its seats are a district's (the Senate's are the whole state's)."""
        return self is not Chamber.US_SENATE


CHAMBERS: tuple[Chamber, ...] = tuple(Chamber)
# As sets, to ask any chamber-like string (a `TargetKind`, a stored value) where it sits.
CONGRESS: frozenset[Chamber] = frozenset(chamber for chamber in Chamber if chamber.in_congress)
STATE_LEGISLATURE: frozenset[Chamber] = frozenset(
    chamber for chamber in Chamber if chamber.in_state_legislature
)


class Custom(StrEnum):
    """A campaign's own target (a governor, an agency...): called like a legislator, in no chamber.

    Its legs and tallies store this where a legislator's store their chamber.
    """

    TARGET = "custom"


# Whom a leg calls: a legislator of a chamber or a custom target (the legs' and tallies' `chamber`).
TargetKind: TypeAlias = Chamber | Custom


class CallMethod(StrEnum):
    """How a call is made (a call session's `mode`, the tallies' `method`): a constituent's, or an
    organizer's test call to their own phone, which the tallies never count."""

    # "Call me": we call the constituent, then bridge them to each office.
    BRIDGED = "bridged"
    # The constituent calls our number.
    CALL_IN = "call-in"
    # "Show me the number": they dial each office themselves; we never see the call.
    SELF_DIALED = "self-dialed"
    # An organizer's test call that rehearses the campaign's call: says whom Switchboard would
    # connect and the script, and dials no office.
    TEST_REHEARSAL = "test-rehearsal"
    # An organizer's test call bridged to the offices like a constituent's "Call me".
    TEST_CALL = "test-call"

    @property
    def placed(self) -> bool:
        """The call runs through Twilio, so it holds a place under the call limits."""
        return self is not CallMethod.SELF_DIALED

    @property
    def counted(self) -> bool:
        """A constituent's call: counted in the tallies and told to organizations' webhooks."""
        return self not in (CallMethod.TEST_REHEARSAL, CallMethod.TEST_CALL)

    @property
    def dials_offices(self) -> bool:
        """The call may ring an office (a rehearsal never does)."""
        return self is not CallMethod.TEST_REHEARSAL


# The ways a constituent's call is made: the tallies' methods.
CALL_METHODS: tuple[CallMethod, ...] = tuple(method for method in CallMethod if method.counted)
PLACED_METHODS: tuple[CallMethod, ...] = tuple(method for method in CallMethod if method.placed)
TEST_METHODS: tuple[CallMethod, ...] = tuple(method for method in CallMethod if not method.counted)


class OutcomeSource(StrEnum):
    """Who said how a leg went. The order is their precedence: a later source's word wins."""

    # The call itself: the <Dial> result, or what reconciling with Twilio found.
    CALL = "call"
    # The constituent, reporting from the page or the API.
    WEB = "web"
    # The constituent, pressing a key after the conversation.
    KEYPAD = "keypad"

    @property
    def precedence(self) -> int:
        """Its rank: an outcome from a source of higher rank replaces one from a lower."""
        return list(OutcomeSource).index(self) + 1

    @property
    def by_constituent(self) -> bool:
        """The constituent said it themselves (not inferred from the call)."""
        return self is not OutcomeSource.CALL


class _Labelled(StrEnum):
    @property
    def label_key(self) -> str:
        """Its label's key in its catalog section (`outcome` or `status`, app/i18n/catalog.toml)."""
        return self.value


class Outcome(_Labelled):
    """How one leg (a caller to one office) went. The order is the tallies' column order."""

    CONTACT = "contact"
    VOICEMAIL = "voicemail"
    UNAVAILABLE = "unavailable"
    SKIPPED = "skipped"
    WRONG_NUMBER = "wrong-number"
    # The office's voicemail took no message: its number is avoided for a while (office health).
    MAILBOX_FULL = "mailbox-full"
    FAILED = "failed"
    NO_CONSENT = "no-consent"
    NOT_ATTEMPTED = "not-attempted"

    @property
    def reached(self) -> bool:
        """An office was reached: someone answered, or the message was left on its voicemail."""
        return self in (Outcome.CONTACT, Outcome.VOICEMAIL)

    @property
    def made(self) -> bool:
        """Counts as a call made (the public counter, the goal): the caller got through to the line."""
        return self in (
            Outcome.CONTACT,
            Outcome.VOICEMAIL,
            Outcome.UNAVAILABLE,
            Outcome.WRONG_NUMBER,
            Outcome.MAILBOX_FULL,
        )

    @property
    def reportable(self) -> bool:
        """A constituent may report it from the web page or the API."""
        return self.made or self is Outcome.SKIPPED

    @property
    def offered(self) -> bool:
        """The page offers it as a button after a call: how did the call you made go? (A full
        mailbox is offered beside the legislator's other numbers instead, where it leads.)"""
        return self.made and self is not Outcome.MAILBOX_FULL

    @property
    def on_page(self) -> bool:
        """The page offers it somewhere: under the call button, or beside the other numbers."""
        return self.made

    @property
    def keypad_digit(self) -> str | None:
        """The key a caller presses after a bridged conversation to report it (None: no key)."""
        return _KEYPAD.get(self)

    @classmethod
    def parse(cls, value: str | None) -> "Outcome | None":
        """The outcome a stored string names (None for no outcome or a string that names none)."""
        if value is None:
            return None
        try:
            return cls(value)
        except ValueError:
            return None

    @classmethod
    def from_keypad(cls, digits: str) -> "Outcome | None":
        return next((outcome for outcome in cls if outcome.keypad_digit == digits), None)


_KEYPAD = {
    Outcome.CONTACT: "1",
    Outcome.VOICEMAIL: "2",
    Outcome.UNAVAILABLE: "3",
    Outcome.MAILBOX_FULL: "4",
    Outcome.SKIPPED: "*",
}
# The tallies count a leg with no outcome yet under this name, after the outcomes' columns.
PENDING_COLUMN = "pending"
TALLY_COLUMNS: tuple[str, ...] = (*Outcome, PENDING_COLUMN)


class LegStatus(_Labelled):
    """Where one leg is. It only moves forward: open, then active, then final."""

    PENDING = "pending"
    PROMPTED = "prompted"
    DIALING = "dialing"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    # What Twilio's <Dial> to the office ended with.
    COMPLETED = "completed"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    CANCELED = "canceled"
    # Ended by us: the caller skipped it, pressed nothing, or the call ended before it.
    SKIPPED = "skipped"
    NO_CONSENT = "no-consent"
    NOT_ATTEMPTED = "not-attempted"
    # The call ended at this leg's prompt and nobody told us why (found by `calls reconcile`).
    INTERRUPTED = "interrupted"
    # A leg of a "show me the number" visit, which we never see happen.
    SELF_REPORTED = "self-reported"

    @property
    def is_open(self) -> bool:
        """Not dialed yet: the caller may still be asked about it."""
        return self in (LegStatus.PENDING, LegStatus.PROMPTED)

    @property
    def is_active(self) -> bool:
        """The office is being dialed or is on the line."""
        return self in (LegStatus.DIALING, LegStatus.RINGING, LegStatus.IN_PROGRESS)

    @property
    def is_final(self) -> bool:
        return not (self.is_open or self.is_active)

    @property
    def is_dial_result(self) -> bool:
        return self in _DIAL_OUTCOMES

    @property
    def dial_outcome(self) -> Outcome | None:
        """The outcome a <Dial> result means by itself (a completed one is asked about instead)."""
        return _DIAL_OUTCOMES.get(self)

    @property
    def tries_another_office(self) -> bool:
        """A <Dial> result that says nothing about the office's people (the line was busy, nobody
        picked up, the number did not connect): the bridge tries the legislator's next office."""
        return self in (LegStatus.BUSY, LegStatus.NO_ANSWER, LegStatus.FAILED)

    @classmethod
    def rank(cls, status: str) -> int:
        """Its place in the forward-only order; every final (or unknown) status has the last rank."""
        return _LEG_RANK.get(status, len(_LEG_RANK))

    @classmethod
    def from_dial(cls, dial_call_status: str) -> "LegStatus":
        """What <Dial>'s `DialCallStatus` means for the leg. Twilio documents `answered` (like
        `completed`) as the called party having answered and been connected; anything
        undocumented is a failure."""
        if dial_call_status == _DIAL_ANSWERED:
            return LegStatus.COMPLETED
        return _FROM_DIAL.get(dial_call_status, LegStatus.FAILED)

    @classmethod
    def from_twilio(cls, call_status: str) -> "LegStatus | None":
        """What an office leg's Twilio `CallStatus` means for the leg (None: a status we do not know)."""
        return _FROM_TWILIO.get(call_status)


_DIAL_OUTCOMES: dict[LegStatus, Outcome | None] = {
    LegStatus.COMPLETED: None,
    LegStatus.BUSY: Outcome.UNAVAILABLE,
    LegStatus.NO_ANSWER: Outcome.UNAVAILABLE,
    LegStatus.FAILED: Outcome.FAILED,
    LegStatus.CANCELED: Outcome.SKIPPED,
}
# Twilio's DialCallStatus for an answered call, besides `completed` (not a status a leg stores).
_DIAL_ANSWERED = "answered"
_FROM_DIAL: dict[str, LegStatus] = {status.value: status for status in _DIAL_OUTCOMES}
_LEG_RANK = {status.value: rank for rank, status in enumerate(s for s in LegStatus if not s.is_final)}
_FROM_TWILIO: dict[str, LegStatus] = {
    "queued": LegStatus.DIALING,
    "initiated": LegStatus.DIALING,
    "ringing": LegStatus.RINGING,
    "in-progress": LegStatus.IN_PROGRESS,
    **{status.value: status for status in LegStatus if status.is_dial_result},
}


class CallStatus(StrEnum):
    """Where the constituent's own call is: ours before Twilio has it, then Twilio's call statuses."""

    CREATED = "created"
    DIALING = "dialing"
    QUEUED = "queued"
    INITIATED = "initiated"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    CANCELED = "canceled"
    # A "show me the number" visit: never placed, so never live and never final.
    SELF_REPORTED = "self-reported"

    @property
    def is_live(self) -> bool:
        """Placed (or being placed) and not over: it holds a place under the call limits."""
        return self.value in _CALL_RANK

    @property
    def is_final(self) -> bool:
        """Over, one way or another (Twilio sends no more news of it)."""
        return not self.is_live and self is not CallStatus.SELF_REPORTED

    @property
    def unreachable(self) -> bool:
        """Over without the constituent's phone ever answering."""
        return self.is_final and self is not CallStatus.COMPLETED

    @classmethod
    def rank(cls, status: str) -> int:
        """Its place in the forward-only order; every final (or unknown) status has the last rank."""
        return _CALL_RANK.get(status, len(_CALL_RANK))


_CALL_RANK = {
    status.value: rank
    for rank, status in enumerate(
        (
            CallStatus.CREATED,
            CallStatus.DIALING,
            CallStatus.QUEUED,
            CallStatus.INITIATED,
            CallStatus.RINGING,
            CallStatus.IN_PROGRESS,
        )
    )
}
# As plain strings, for SQL `IN (...)` filters.
LIVE_CALL_STATUSES: tuple[str, ...] = tuple(status.value for status in CallStatus if status.is_live)
FINAL_CALL_STATUSES: tuple[str, ...] = tuple(status.value for status in CallStatus if status.is_final)


class OfficeKind(StrEnum):
    """Where an office is: the legislature's seat (Capitol Hill, the State House) or the district."""

    CAPITOL = "capitol"
    DISTRICT = "district"


class ScheduledKind(StrEnum):
    """What happens at a scheduled time ("Call me when they open"): a bridged call, or, in a
    campaign without bridged calls, one text message with the campaign's link."""

    CALL = "call"
    REMINDER = "reminder"


class ScheduledStatus(StrEnum):
    """Where a scheduled call or reminder is; every status but SCHEDULED and CLAIMED is final."""

    SCHEDULED = "scheduled"
    CLAIMED = "claimed"  # a worker took it; no other will
    PLACED = "placed"  # the call was recorded and queued (its progress is the call's)
    SENT = "sent"  # the reminder went out
    CANCELED = "canceled"  # by the link, or by a STOP reply
    CAMPAIGN_CLOSED = "campaign-closed"  # paused or ended before its time: not placed
    REFUSED = "refused"  # a call limit or the blocklist said no at its time
    MISSED = "missed"  # its time passed unserved (the worker was down) or fell in quiet hours
    FAILED = "failed"  # Twilio refused the message, or a worker stopped while holding it

    @property
    def is_final(self) -> bool:
        return self not in (ScheduledStatus.SCHEDULED, ScheduledStatus.CLAIMED)
