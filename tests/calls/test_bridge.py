"""The call state machine, without any I/O."""

from dataclasses import replace

from app.calls.bridge import (
    Connect,
    Goodbye,
    LegChange,
    LegView,
    Prompt,
    Redial,
    Survey,
    first_step,
    on_call_ended,
    on_consent,
    on_dial_result,
    on_survey,
)
from app.kernel.vocabulary import LegStatus, Outcome, OutcomeSource


def legs(*statuses: str) -> list[LegView]:
    return [
        LegView(i, status, "Senator", f"Name {i}", "", f"+1617555000{i}") for i, status in enumerate(statuses)
    ]


def test_the_first_open_leg_is_prompted() -> None:
    transition = first_step(legs("skipped", "pending", "pending"))
    assert transition.step == Prompt(legs("skipped", "pending", "pending")[1])
    assert transition.changes == [LegChange(1, status=LegStatus.PROMPTED)]


def test_no_legs_means_goodbye() -> None:
    assert first_step([]).step == Goodbye("no-targets")


def test_one_connects_star_skips_and_silence_ends_the_call() -> None:
    current = legs("prompted", "pending")
    assert on_consent(current, position=0, digits="1").step == Connect(current[0])
    skipped = on_consent(current, position=0, digits="*")
    assert skipped.step == Prompt(current[1])
    assert skipped.changes[0] == LegChange(
        0, status=LegStatus.SKIPPED, outcome=Outcome.SKIPPED, outcome_source=OutcomeSource.KEYPAD
    )
    silent = on_consent(current, position=0, digits="")
    assert silent.step == Goodbye("no-consent")
    assert [(c.position, c.outcome) for c in silent.changes] == [(0, "no-consent"), (1, "not-attempted")]


def test_another_key_asks_again() -> None:
    current = legs("prompted")
    assert on_consent(current, position=0, digits="7").step == Prompt(current[0])
    assert on_consent(current, position=0, digits="7").changes == []


def test_a_replayed_consent_repeats_the_dial() -> None:
    current = legs("ringing", "pending")
    assert on_consent(current, position=0, digits="1").step == Connect(current[0])
    assert on_consent(current, position=0, digits="1").changes == []


def test_a_completed_leg_is_surveyed_and_a_busy_one_moves_on() -> None:
    current = legs("dialing", "pending")
    done = on_dial_result(current, position=0, dial_status="completed", dial_sid="CA1", duration=40)
    assert done.step == Survey(current[0])
    assert done.changes[0].outcome is None
    busy = on_dial_result(current, position=0, dial_status="busy", dial_sid="CA1", duration=0)
    assert busy.step == Prompt(current[1])
    assert (busy.changes[0].outcome, busy.changes[0].outcome_source) == ("unavailable", "call")


def test_survey_keys_map_to_outcomes() -> None:
    current = legs("completed")
    for key, outcome in {
        "1": Outcome.CONTACT,
        "2": Outcome.VOICEMAIL,
        "3": Outcome.UNAVAILABLE,
        "*": Outcome.SKIPPED,
    }.items():
        transition = on_survey(current, position=0, digits=key)
        assert transition.step == Goodbye("thanks")
        assert transition.changes == [LegChange(0, outcome=outcome, outcome_source=OutcomeSource.KEYPAD)]
    assert on_survey(current, position=0, digits="").changes == []


def test_hanging_up_closes_what_was_never_reached() -> None:
    changes = on_call_ended(legs("completed", "prompted", "pending"))
    assert [(c.position, c.status) for c in changes] == [(1, "no-consent"), (2, "not-attempted")]


def with_offices(*statuses: str) -> list[LegView]:
    """Legs whose target has three offices: Boston, Springfield, Washington."""
    offices = (("+16175658519", "Boston"), ("+14137854610", "Springfield"), ("+12022242742", "Washington"))
    return [replace(leg, office_phone=offices[0][0], offices=offices) for leg in legs(*statuses)]


def test_answered_is_a_conversation_like_completed() -> None:
    current = legs("ringing", "pending")
    answered = on_dial_result(current, position=0, dial_status="answered", dial_sid="CA1", duration=40)
    assert answered.step == Survey(current[0])
    assert answered.changes[0].status == LegStatus.COMPLETED
    assert answered.changes[0].outcome is None


def test_a_busy_line_tries_the_next_office_and_a_canceled_one_does_not() -> None:
    current = with_offices("dialing", "pending")
    busy = on_dial_result(current, position=0, dial_status="busy", dial_sid="CA1", duration=0)
    assert isinstance(busy.step, Redial)
    assert (busy.step.reason, busy.step.leg.attempt, busy.step.leg.place) == ("busy", 1, "Springfield")
    assert busy.changes == [LegChange(0, status=LegStatus.DIALING, attempt=1, office_phone="+14137854610")]
    canceled = on_dial_result(current, position=0, dial_status="canceled", dial_sid="CA1", duration=0)
    assert canceled.step == Prompt(current[1]), "the caller pressed * or hung up: no other office"
    assert canceled.changes[0].outcome == Outcome.SKIPPED


def test_the_try_cap_and_the_last_office_move_on_to_the_next_target() -> None:
    last = [
        replace(leg, attempt=2) if leg.position == 0 else leg for leg in with_offices("dialing", "pending")
    ]
    moved_on = on_dial_result(last, position=0, attempt=2, dial_status="no-answer", dial_sid=None, duration=0)
    assert moved_on.step == Prompt(last[1])
    capped = on_dial_result(
        with_offices("dialing", "pending"),
        position=0,
        dial_status="failed",
        dial_sid=None,
        duration=0,
        max_tries=1,
    )
    assert capped.changes[0].outcome == Outcome.FAILED


def test_a_late_result_of_an_earlier_try_changes_nothing() -> None:
    current = [
        replace(leg, attempt=1) if leg.position == 0 else leg for leg in with_offices("ringing", "pending")
    ]
    late = on_dial_result(current, position=0, attempt=0, dial_status="busy", dial_sid="CA1", duration=0)
    assert late.changes == []
    assert late.step == Connect(current[0])


def test_a_full_mailbox_on_the_keypad_tries_the_next_office() -> None:
    current = with_offices("completed", "pending")
    full = on_survey(current, position=0, digits="4")
    assert isinstance(full.step, Redial)
    assert full.step.reason == "mailbox-full"
    alone = on_survey(legs("completed", "pending"), position=0, digits="4")
    assert alone.step == Prompt(legs("completed", "pending")[1])
    assert alone.changes[0] == LegChange(0, outcome=Outcome.MAILBOX_FULL, outcome_source=OutcomeSource.KEYPAD)
