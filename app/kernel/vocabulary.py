"""The call vocabulary: how a leg went (`Outcome`), where a leg is (`LegStatus`), where a call is
(`CallStatus`), and what each of them means to the rest of Switchboard.

One home for these words: the state machine, the webhooks, the limits, the tallies, the API and
the pages all ask these enums. Adding an outcome means a member here and its label in each
catalog (app/i18n); the tests walk the enums and check both.

The database stores the plain string values; these are `StrEnum`s, so a stored string compares
equal to its member and `Outcome(stored)` reads it back.
"""

from enum import StrEnum
from typing import Literal

# The legislative chambers a campaign can target, in the order the page lists them.
Chamber = Literal["us-senate", "us-house", "state-upper", "state-lower"]
CHAMBERS: tuple[Chamber, ...] = ("us-senate", "us-house", "state-upper", "state-lower")


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
        return self in (Outcome.CONTACT, Outcome.VOICEMAIL, Outcome.UNAVAILABLE, Outcome.WRONG_NUMBER)

    @property
    def reportable(self) -> bool:
        """A constituent may report it from the web page or the API."""
        return self.made or self is Outcome.SKIPPED

    @property
    def offered(self) -> bool:
        """The page offers it as a button after a call: how did the call you made go?"""
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

    @classmethod
    def rank(cls, status: str) -> int:
        """Its place in the forward-only order; every final (or unknown) status has the last rank."""
        return _LEG_RANK.get(status, len(_LEG_RANK))

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
