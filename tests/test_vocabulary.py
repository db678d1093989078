"""The call vocabulary: walk the enums and check that every part of Switchboard knows each member.

Adding an outcome or a status to app/kernel/vocabulary.py makes these tests name what is still missing:
its label in every language, its keypad digit in the spoken survey, its tally column and its name
on the staff pages.
"""

import csv
import io
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.calls.bridge import LegView, on_dial_result, on_survey
from app.i18n.catalog import ENTRIES, text
from app.i18n.languages import TRANSLATED
from app.kernel.vocabulary import CHAMBERS, TALLY_COLUMNS, CallStatus, LegStatus, Outcome
from app.storage.db import session_scope
from app.tallies.counters import count_leg_change
from app.tallies.exports import tally_table_csv
from app.tallies.facts import METHODS
from app.tallies.filters import TallyFilter
from app.tallies.queries import calls_made_total, campaign_tallies
from app.web.views.campaign_page import call_words
from app.web.views.tally_views import chamber_label, method_label, outcome_label
from tests.tallies.support import NOON, WARREN, leg, tally_engine


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_outcome_and_leg_status_has_a_label_in_every_language(language: str) -> None:
    for outcome in Outcome:
        assert text(language, "outcome", outcome.label_key).strip()
    for status in LegStatus:
        assert text(language, "status", status.label_key).strip()


def test_the_catalog_labels_nothing_but_the_vocabulary() -> None:
    assert set(ENTRIES["outcome"]) == {outcome.label_key for outcome in Outcome}
    assert set(ENTRIES["status"]) == {status.label_key for status in LegStatus}


def test_the_staff_pages_name_every_tally_column_chamber_and_method() -> None:
    """The dashboard's words for the codes it shows all come from the catalog's `staff` section."""
    named = {
        **{f"outcome_{column}": outcome_label(column) for column in TALLY_COLUMNS},
        **{f"chamber_{chamber}": chamber_label(chamber) for chamber in (*CHAMBERS, "custom")},
        **{f"method_{method}": method_label(method) for method in METHODS},
    }
    assert named == {key: texts["en"] for key, texts in ENTRIES["staff"].items()}
    assert outcome_label(Outcome.CONTACT) == "Spoke to staff"
    assert outcome_label("pending") == "Pending"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_page_script_gets_every_label_and_offers_the_outcomes_of_a_call_made(language: str) -> None:
    given = call_words(language)
    assert list(given["outcomes"]) == [o for o in Outcome if o.made]
    assert {**given["other_outcomes"], **given["outcomes"]}.keys() == set(Outcome)
    assert set(given["statuses"]) == set(LegStatus)
    assert given["final_statuses"] == ["completed", "busy", "no-answer", "failed", "canceled"]
    assert given["unreachable_statuses"] == ["busy", "no-answer", "failed", "canceled"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_keypad_outcome_is_read_by_the_bridge_and_offered_by_the_voice(language: str) -> None:
    digits = [outcome.keypad_digit for outcome in Outcome if outcome.keypad_digit]
    assert len(digits) == len(set(digits))
    survey = text(language, "voice", "survey")
    legs = [LegView(0, LegStatus.COMPLETED, "Senator", "Warren", "", "+16175550100")]
    for outcome in Outcome:
        digit = outcome.keypad_digit
        if digit is None:
            continue
        assert [change.outcome for change in on_survey(legs, position=0, digits=digit).changes] == [outcome]
        if digit.isdigit():
            assert digit in survey, f"the {language} survey does not offer {digit} ({outcome})"
    assert on_survey(legs, position=0, digits="9").changes == []


def test_each_dial_result_means_an_outcome_that_is_never_a_call_made_unless_answered() -> None:
    legs = [LegView(0, LegStatus.DIALING, "Senator", "Warren", "", "+16175550100")]
    for status in LegStatus:
        if not status.is_dial_result:
            continue
        change = on_dial_result(legs, position=0, dial_status=status, dial_sid=None, duration=None).changes[0]
        assert change.outcome == status.dial_outcome
        assert change.outcome is None or not change.outcome.reached
    assert LegStatus.FAILED.dial_outcome is Outcome.FAILED
    assert not Outcome.FAILED.made


def test_reached_is_made_and_made_is_reportable() -> None:
    for outcome in Outcome:
        assert not outcome.reached or outcome.made
        assert not outcome.made or outcome.reportable
    assert [o for o in Outcome if o.reportable] == [
        "contact",
        "voicemail",
        "unavailable",
        "skipped",
        "wrong-number",
    ]


def test_statuses_move_forward_from_open_to_active_to_final() -> None:
    ranks = [LegStatus.rank(status) for status in LegStatus]
    assert all(LegStatus.rank(s) < LegStatus.rank(LegStatus.DIALING) for s in LegStatus if s.is_open)
    assert all(LegStatus.rank(s) == max(ranks) for s in LegStatus if s.is_final)
    assert LegStatus.rank("unheard-of") == max(ranks)
    assert [s for s in CallStatus if s.is_live] == sorted(
        (s for s in CallStatus if s.is_live), key=CallStatus.rank
    )
    assert not CallStatus.SELF_REPORTED.is_live
    assert not CallStatus.SELF_REPORTED.is_final
    for twilio_status in ("queued", "initiated", "ringing", "in-progress", "completed", "busy", "failed"):
        assert LegStatus.from_twilio(twilio_status) is not None
    assert LegStatus.from_twilio("answered") is None


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    with tally_engine(any_database_url) as engine:
        yield engine


def test_every_outcome_has_its_tally_column_counted_and_exported(engine: Engine) -> None:
    assert (*Outcome, "pending") == TALLY_COLUMNS
    with session_scope(engine) as session:
        for outcome in (*Outcome, None):
            count_leg_change(session, before=None, after=leg(WARREN, outcome=outcome))
    with Session(engine) as session:
        tallies = campaign_tallies(session, slug="grace-no-ban", filters=TallyFilter(), now=NOON)
        made = calls_made_total(session, campaign="grace-no-ban")
    counts = tallies.headline.counts
    assert counts.outcomes == dict.fromkeys(TALLY_COLUMNS, 1)
    assert (counts.reached, counts.made, made) == (
        sum(o.reached for o in Outcome),
        sum(o.made for o in Outcome),
        sum(o.made for o in Outcome),
    )
    row = next(csv.DictReader(io.StringIO(tally_table_csv(tallies, table="targets"))))
    assert all(row[column] == "1" for column in TALLY_COLUMNS)
