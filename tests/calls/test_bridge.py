"""The call state machine, without any I/O."""

from app.calls.bridge import (
    Connect,
    Goodbye,
    LegChange,
    LegView,
    Prompt,
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
