"""The bridged call as a state machine: what a key press or a Dial result means, and what comes next.

No I/O here. Each function takes what is stored about the legs and returns the changes to make
(`LegChange`, applied by app.calls.outcomes.update_leg) and the next `Step` (rendered by twiml).
The next step is a function of the stored state alone, so a replayed request gets the same answer.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from app.kernel.vocabulary import LegStatus, Outcome, OutcomeSource


@dataclass(frozen=True)
class LegView:
    """What the state machine needs to know about one leg."""

    position: int
    status: str
    title: str
    name: str
    intro: str
    office_phone: str | None
    dial_call_status: str | None = None
    outcome: str | None = None
    # Which of the target's offices is being tried (0 = the first), and all of them in order as
    # (phone, place) pairs; empty when only `office_phone` is known.
    attempt: int = 0
    offices: tuple[tuple[str, str], ...] = ()
    # The target's script, kept only for a test call's rehearsal (which reads it out).
    script: str = ""

    @property
    def is_open(self) -> bool:
        return LegStatus(self.status).is_open

    @property
    def place(self) -> str:
        """Where the office being tried is ("Burlington"), when known."""
        return self.offices[self.attempt][1] if self.attempt < len(self.offices) else ""

    def next_office(self, *, max_tries: int) -> tuple[str, str] | None:
        """The office to try after this one, if there is one and the tries allow it."""
        following = self.attempt + 1
        return self.offices[following] if following < min(len(self.offices), max_tries) else None


@dataclass(frozen=True)
class LegChange:
    """Fields to write on one leg; None leaves a field alone. Applied forward-only by outcomes."""

    position: int
    status: LegStatus | None = None
    outcome: Outcome | None = None
    outcome_source: OutcomeSource | None = None
    twilio_status: str | None = None
    sequence_number: int | None = None
    dial_call_sid: str | None = None
    dial_call_status: str | None = None
    duration_seconds: int | None = None
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    # A new try of the leg, at the target's office with this number: the last try's word on the
    # leg is set aside (app.calls.outcomes), and the tries themselves are kept (app.calls.office_tries).
    attempt: int | None = None
    office_phone: str | None = None


@dataclass(frozen=True)
class Prompt:
    """Say the leg's intro and ask for 1 (connect) or * (skip)."""

    leg: LegView


@dataclass(frozen=True)
class Rehearse:
    """A test call's rehearsal of a leg: say whom Switchboard would connect and the script, dial
    nothing, and go on to the next leg on any key (or none)."""

    leg: LegView


@dataclass(frozen=True)
class Connect:
    leg: LegView


@dataclass(frozen=True)
class Redial:
    """Say why the last office did not do (`reason`: busy, no-answer, failed, mailbox-full) and
    dial the target's next office; `leg` is the leg at its new try."""

    leg: LegView
    reason: str


@dataclass(frozen=True)
class Survey:
    leg: LegView


@dataclass(frozen=True)
class Goodbye:
    reason: Literal[
        "thanks",
        "no-consent",
        "no-targets",
        "unknown-call",
        "limited",
        "zip-unknown",
        "not-live",
        "offices-busy",
        "rehearsed",
    ]


@dataclass(frozen=True)
class AskZip:
    """Call-in: welcome the caller (with the campaign's title), ask for their ZIP code (again if `retry`)."""

    welcome: str = ""
    retry: bool = False


@dataclass(frozen=True)
class Announce:
    """Call-in: a message (e.g. the ZIP spans districts) before the first prompt."""

    message: Literal["senators-only"]
    then: "Step"


Step = Prompt | Rehearse | Connect | Redial | Survey | Goodbye | AskZip | Announce
# Offices a target is tried at, at most, when no setting says otherwise.
DEFAULT_MAX_TRIES = 3


@dataclass(frozen=True)
class Transition:
    step: Step
    changes: list[LegChange] = field(default_factory=list)


def first_step(legs: list[LegView], *, rehearsal: bool = False) -> Transition:
    """Where a call starts once answered: the first open leg (rehearsed, for a test call's
    rehearsal), or goodbye when there is none."""
    return _next_open(legs, after=-1, rehearsal=rehearsal)


def on_consent(legs: list[LegView], *, position: int, digits: str) -> Transition:
    """The key pressed at a leg's prompt: 1 connects, * skips, nothing at all ends the call."""
    leg = _leg(legs, position)
    if not leg.is_open:
        return Transition(_replayed_consent_step(legs, leg))
    if digits == "1":
        return Transition(Connect(leg), [LegChange(position, status=LegStatus.DIALING)])
    if digits == "*":
        skip = LegChange(
            position, status=LegStatus.SKIPPED, outcome=Outcome.SKIPPED, outcome_source=OutcomeSource.KEYPAD
        )
        return _with(_next_open(legs, after=position), skip)
    if digits == "":
        return Transition(Goodbye("no-consent"), _no_consent(legs, position))
    return Transition(Prompt(leg))


def on_rehearsed(legs: list[LegView], *, position: int) -> Transition:
    """A rehearsed leg was heard (whatever key was pressed, or none): it is closed as not attempted,
    since no office was dialed, and the next leg is rehearsed. Never a step that dials."""
    leg = _leg(legs, position)
    following = _next_open(legs, after=position, rehearsal=True)
    if not leg.is_open:
        return Transition(following.step)
    return _with(following, _closed(position, LegStatus.NOT_ATTEMPTED))


def on_dial_result(
    legs: list[LegView],
    *,
    position: int,
    dial_status: str,
    dial_sid: str | None,
    duration: int | None,
    attempt: int = 0,
    max_tries: int = DEFAULT_MAX_TRIES,
) -> Transition:
    """After the office leg: survey a conversation; a busy, unanswered or failed line tries the
    target's next office (up to `max_tries` offices in all); otherwise record and move on."""
    leg = _leg(legs, position)
    if attempt != leg.attempt:
        return Transition(_replayed_dial_step(legs, leg))
    if leg.dial_call_status is not None:
        return Transition(_after_dial_step(legs, leg, leg.dial_call_status))
    status = LegStatus.from_dial(dial_status)
    following = leg.next_office(max_tries=max_tries) if status.tries_another_office else None
    if following is not None:
        return _redial(leg, following, reason=status)
    change = LegChange(
        position,
        status=status,
        dial_call_status=status,
        dial_call_sid=dial_sid,
        duration_seconds=duration,
        outcome=status.dial_outcome,
        outcome_source=OutcomeSource.CALL if status.dial_outcome else None,
    )
    return Transition(_after_dial_step(legs, leg, status), [change])


def on_survey(
    legs: list[LegView], *, position: int, digits: str, attempt: int = 0, max_tries: int = DEFAULT_MAX_TRIES
) -> Transition:
    """The caller's one-key report for a leg; no key leaves the outcome for the web page. A full
    mailbox tries the target's next office when there is one."""
    leg = _leg(legs, position)
    if attempt != leg.attempt or LegStatus(leg.status).is_active:
        return Transition(_replayed_dial_step(legs, leg))
    outcome = Outcome.from_keypad(digits)
    following = leg.next_office(max_tries=max_tries) if outcome is Outcome.MAILBOX_FULL else None
    if following is not None:
        return _redial(leg, following, reason=Outcome.MAILBOX_FULL)
    follow = _next_open(legs, after=position)
    if outcome is None:
        return follow
    return _with(follow, LegChange(position, outcome=outcome, outcome_source=OutcomeSource.KEYPAD))


def on_call_ended(legs: list[LegView]) -> list[LegChange]:
    """The call is over: no leg stays open.

    Legs never reached are `not-attempted`, an unanswered prompt `no-consent`; an office still
    dialing or ringing was `canceled` by the hang-up, and a conversation still in progress is
    `completed` (its outcome is left for the survey or the web page).
    """
    changes = []
    for leg in legs:
        if leg.status == LegStatus.PENDING:
            changes.append(_closed(leg.position, LegStatus.NOT_ATTEMPTED))
        elif leg.status == LegStatus.PROMPTED:
            changes.append(_closed(leg.position, LegStatus.NO_CONSENT))
        elif leg.status in (LegStatus.DIALING, LegStatus.RINGING):
            # The hang-up canceled the office's ringing (Twilio's later report replaces this).
            changes.append(
                LegChange(
                    leg.position,
                    status=LegStatus.CANCELED,
                    outcome=LegStatus.CANCELED.dial_outcome,
                    outcome_source=OutcomeSource.CALL,
                )
            )
        elif leg.status == LegStatus.IN_PROGRESS:
            changes.append(LegChange(leg.position, status=LegStatus.COMPLETED))
    return changes


def _leg(legs: list[LegView], position: int) -> LegView:
    for leg in legs:
        if leg.position == position:
            return leg
    raise LookupError(position)


def _next_open(legs: list[LegView], *, after: int, rehearsal: bool = False) -> Transition:
    for leg in sorted(legs, key=lambda item: item.position):
        if leg.position > after and leg.is_open:
            step: Step = Rehearse(leg) if rehearsal else Prompt(leg)
            return Transition(step, [LegChange(leg.position, status=LegStatus.PROMPTED)])
    if not legs:
        return Transition(Goodbye("no-targets"))
    return Transition(Goodbye("rehearsed" if rehearsal else "thanks"))


def _with(transition: Transition, change: LegChange) -> Transition:
    return Transition(transition.step, [change, *transition.changes])


def _redial(leg: LegView, following: tuple[str, str], *, reason: str) -> Transition:
    attempt, phone = leg.attempt + 1, following[0]
    view = replace(
        leg,
        attempt=attempt,
        office_phone=phone,
        status=LegStatus.DIALING,
        dial_call_status=None,
        outcome=None,
    )
    change = LegChange(leg.position, status=LegStatus.DIALING, attempt=attempt, office_phone=phone)
    return Transition(Redial(view, reason=str(reason)), [change])


def _replayed_dial_step(legs: list[LegView], leg: LegView) -> Step:
    """What the leg's stored state says comes next, for a request about one of its earlier tries."""
    if LegStatus(leg.status).is_active:
        return Connect(leg)
    return _after_dial_step(legs, leg, leg.dial_call_status or leg.status)


def _replayed_consent_step(legs: list[LegView], leg: LegView) -> Step:
    if LegStatus(leg.status).is_active:
        return Connect(leg)
    if leg.status == LegStatus.NO_CONSENT:
        return Goodbye("no-consent")
    if leg.dial_call_status is not None:
        return _after_dial_step(legs, leg, leg.dial_call_status)
    return _next_open(legs, after=leg.position).step


def _after_dial_step(legs: list[LegView], leg: LegView, dial_status: str) -> Step:
    if dial_status == LegStatus.COMPLETED:
        return Survey(leg)
    return _next_open(legs, after=leg.position).step


def _no_consent(legs: list[LegView], position: int) -> list[LegChange]:
    changes = [_closed(position, LegStatus.NO_CONSENT)]
    changes += [
        _closed(leg.position, LegStatus.NOT_ATTEMPTED)
        for leg in legs
        if leg.position > position and leg.is_open
    ]
    return changes


def _closed(position: int, status: LegStatus) -> LegChange:
    """A leg the caller never reached: its status is also its outcome."""
    return LegChange(
        position, status=status, outcome=Outcome(status.value), outcome_source=OutcomeSource.CALL
    )
