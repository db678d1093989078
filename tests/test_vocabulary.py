"""The call vocabulary: walk the enums and check that every part of Switchboard knows each member.

Adding an outcome or a status to app/kernel/vocabulary.py makes these tests name what is still missing:
its label in every language, its keypad digit in the spoken survey, its tally column and its name
on the staff pages. And the words of the chambers, call methods and outcome sources have one home:
spelled out anywhere else in app/ (but the catalog), a test names the file and line.
"""

import ast
import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.calls.bridge import LegView, on_dial_result, on_survey
from app.i18n.catalog import ENTRIES, text
from app.i18n.languages import TRANSLATED
from app.kernel.vocabulary import (
    CALL_METHODS,
    CHAMBERS,
    TALLY_COLUMNS,
    CallMethod,
    CallStatus,
    Chamber,
    Custom,
    LegStatus,
    Outcome,
    OutcomeSource,
)
from app.storage.db import session_scope
from app.tallies.counters import count_leg_change
from app.tallies.exports import tally_table_csv
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
        **{f"chamber_{chamber}": chamber_label(chamber) for chamber in (*CHAMBERS, Custom.TARGET)},
        **{f"method_{method}": method_label(method) for method in CallMethod},
    }
    assert named == {key: texts["en"] for key, texts in ENTRIES["staff"].items()}
    assert CallMethod.TEST_REHEARSAL not in CALL_METHODS, "the tallies' methods are constituents' only"
    assert outcome_label(Outcome.CONTACT) == "Spoke to staff"
    assert outcome_label("pending") == "Pending"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_page_script_gets_every_label_and_offers_the_outcomes_of_a_call_made(language: str) -> None:
    given = call_words(language)
    assert list(given["outcomes"]) == [o for o in Outcome if o.made and o is not Outcome.MAILBOX_FULL]
    assert given["other_outcomes"]["mailbox-full"], "offered beside the other numbers (Line busy?)"
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
        "mailbox-full",
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
def engine(migrated_url: str) -> Iterator[Engine]:
    with tally_engine(migrated_url) as engine:
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


APP = Path(__file__).resolve().parent.parent / "app"
# Where the words may be spelled out: their home, and the catalog (its keys name them). The
# migrations (alembic/) are outside app/.
HOMES = (APP / "kernel" / "vocabulary.py", APP / "i18n")
WORDS = frozenset(word.value for enum in (Chamber, Custom, CallMethod, OutcomeSource) for word in enum)


def spelled_out_in_python(source: str) -> Iterator[tuple[int, str]]:
    """(line, word) of each string literal that is one of the words. A catalog lookup's own
    arguments (`words(language, "call")`: a section of app/i18n) are the catalog's keys, not ours."""
    tree = ast.parse(source)
    lookups = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app.i18n")
        for alias in node.names
    }
    keys = {
        id(argument)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in lookups
        for argument in node.args
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value in WORDS and id(node) not in keys:
            yield node.lineno, node.value


def spelled_out_in_template(source: str) -> Iterator[tuple[int, str]]:
    """(line, word) of each string a Jinja expression compares with (HTML around it is not code)."""
    for node in jinja2.Environment(autoescape=True).parse(source).find_all(jinja2.nodes.Const):
        if node.value in WORDS:
            yield node.lineno, node.value


def offenders(paths: Iterable[Path]) -> list[str]:
    found = []
    for path in sorted(paths):
        if any(path == home or home in path.parents for home in HOMES):
            continue
        source = path.read_text(encoding="utf-8")
        scan = spelled_out_in_python if path.suffix == ".py" else spelled_out_in_template
        shown = path.relative_to(APP.parent) if APP.parent in path.parents else path
        found += [f"{shown}:{line}: {word!r}" for line, word in sorted(scan(source))]
    return found


def test_no_chamber_method_or_outcome_source_is_spelled_out_outside_the_vocabulary() -> None:
    """Compare with `Chamber.US_HOUSE`, `CallMethod.SELF_DIALED`, `OutcomeSource.WEB`... instead."""
    assert offenders([*APP.rglob("*.py"), *(APP / "web" / "templates").rglob("*.html")]) == []


def test_the_scan_names_the_file_and_line_of_a_spelled_out_word(tmp_path: Path) -> None:
    module = tmp_path / "reports.py"
    module.write_text(
        "from app.i18n.catalog import words\n"
        "messages = words('en', 'call')\n"
        "self_dialed = call.mode == 'self-dialed'\n"
        "legs = {'custom': [], 'us-house': 1, 'web_page': 2}\n"
    )
    template = tmp_path / "targets.html"
    template.write_text('<a class="call">\n{% if rep.chamber != "custom" %}{{ rep.party }}{% endif %}\n')
    assert [line.rsplit("/", 1)[1] for line in offenders([module, template])] == [
        "reports.py:3: 'self-dialed'",
        "reports.py:4: 'custom'",
        "reports.py:4: 'us-house'",
        "targets.html:2: 'custom'",
    ]
