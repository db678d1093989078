"""Campaigns that call committee members, picked officials and a list, combined with the caller's
own legislators: against the real directory (congress-legislators snapshot, Senate Judiciary)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlmodel import Session

from app.campaigns.directory_ids import directory_id_check, stale_campaign_targets
from app.campaigns.editing import create_campaign
from app.campaigns.files import load_campaign_file, parse_campaign_yaml
from app.campaigns.scripts import Caller
from app.campaigns.spec import CampaignSpec
from app.campaigns.special_targets import seat_label
from app.campaigns.store import save_campaign
from app.campaigns.targeting import TargetList, targets_for
from app.civic.directory.view import DirectoryView, load_directory_view
from app.civic.geography.location import Location
from app.kernel.errors import CampaignFileError
from app.models.committees import Committee, CommitteeMember
from app.storage.db import create_db_engine, session_scope
from tests.support import FIXTURES

NOW = datetime(2026, 6, 20, 15, tzinfo=UTC)
EXAMPLE = FIXTURES / "campaigns" / "judiciary-committee.yaml"
WELCH, SANDERS, GRASSLEY, DURBIN = "W000800", "S000033", "G000386", "D000563"
WARREN, MARKEY = "W000817", "M000133"


def location(state: str) -> Location:
    return Location(
        matched_address="TEST",
        latitude=44.48 if state == "VT" else 42.32,
        longitude=-73.21 if state == "VT" else -72.63,
        state=state,
        division_ids=(f"ocd-division/country:us/state:{state.lower()}",),
    )


def campaign(
    targets: str, *, script: str = "Hello {{ target.title }} {{ target.last_name }}."
) -> CampaignSpec:
    return parse_campaign_yaml(
        f"slug: test-committee\ntitle: T\nstatus: live\ntargets:\n{targets}\n"
        f"scripts:\n  en:\n    text: {script!r}\n  es:\n    text: {script!r}\n",
        name="test.yaml",
    )


def stored_directory(url: str) -> DirectoryView:
    engine = create_db_engine(url)
    with Session(engine) as session:
        directory = load_directory_view(session)
    engine.dispose()
    return directory


def lookup(directory: DirectoryView, spec: CampaignSpec, state: str, *, language: str = "en") -> TargetList:
    return targets_for(
        directory,
        campaign=spec,
        location=location(state),
        caller=Caller(name="Sam"),
        language=language,
        now=NOW,
    )


def ids(result: TargetList) -> list[str]:
    return [t.representative.id for t in result.targets]


def test_your_own_senator_first_when_on_the_committee(directory: DirectoryView) -> None:
    spec = load_campaign_file(EXAMPLE)
    vermont = lookup(directory, spec, "VT")
    assert ids(vermont) == [WELCH, GRASSLEY, DURBIN, "G000359", "W000802"]  # capped at five
    welch, grassley, durbin = vermont.targets[:3]
    assert seat_label(welch.seat, language="en") == "Member, Senate Committee on the Judiciary"  # type: ignore[arg-type]
    assert seat_label(grassley.seat, language="en") == "Chair, Senate Committee on the Judiciary"  # type: ignore[arg-type]
    assert seat_label(durbin.seat, language="en") == "Ranking Member, Senate Committee on the Judiciary"  # type: ignore[arg-type]
    assert "Senator Welch\nas Member of the Senate Committee on the Judiciary" in welch.script
    assert welch.choice is not None
    assert welch.choice.office.state == "VT"
    assert grassley.choice is not None
    assert grassley.choice.office.kind == "capitol"


def test_without_your_own_senator_on_it_the_chair_comes_first_in_spanish_too(
    directory: DirectoryView,
) -> None:
    spec = load_campaign_file(EXAMPLE)
    massachusetts = lookup(directory, spec, "MA", language="es")
    assert ids(massachusetts)[:2] == [GRASSLEY, DURBIN]
    grassley = massachusetts.targets[0]
    assert seat_label(grassley.seat, language="es", gender="male") == (  # type: ignore[arg-type]
        "Presidente, Senate Committee on the Judiciary"
    )
    assert grassley.script.startswith(
        "Hola, me llamo Sam. Llamo a Senador Grassley\ncomo Presidente del Senate"
    )


def test_own_only_calls_your_member_only_when_on_it_and_fallback_calls_your_own(
    directory: DirectoryView,
) -> None:
    own_only = campaign("  committees: [{id: SSJU, rule: own-only}]")
    assert ids(lookup(directory, own_only, "VT")) == [WELCH]
    assert ids(lookup(directory, own_only, "MA")) == []
    fallback = campaign(
        "  chambers: [us-senate]\n  committees: [{id: SSJU, rule: own-only}]\n  own_legislators: fallback"
    )
    assert ids(lookup(directory, fallback, "VT")) == [WELCH]
    assert sorted(ids(lookup(directory, fallback, "MA"))) == [MARKEY, WARREN]


@pytest.mark.parametrize(
    ("rule", "expected", "welch_for_the_committee"),
    [
        ("before", [SANDERS, WELCH], True),
        ("after", [WELCH, SANDERS], True),
        ("only-if-none", [SANDERS, WELCH], False),  # Vermonters have Senators: no committee targets
    ],
)
def test_your_own_legislators_combine_with_the_committee(
    directory: DirectoryView, rule: str, expected: list[str], welch_for_the_committee: bool
) -> None:
    spec = campaign(
        f"  chambers: [us-senate]\n  committees: [{{id: SSJU, rule: own-only}}]\n  own_legislators: {rule}"
    )
    result = lookup(directory, spec, "VT")
    assert ids(result) == expected  # Welch once, though both his Senate seat and the committee's name him
    welch = next(t for t in result.targets if t.representative.id == WELCH)
    assert (welch.seat is not None) == welch_for_the_committee


def test_picked_officials_and_list_rows_for_the_callers_state(directory: DirectoryView) -> None:
    spec = campaign(
        f"  officials: [{DURBIN}, {GRASSLEY}]\n"
        "  people:\n"
        "    - {name: Maura Healey, title: Governor, phone: '(617) 725-4005', state: MA}\n"
        "    - {name: Phil Scott, title: Governor, phone: '802-828-3333', state: VT}\n"
        "    - {name: Pat Agency, title: Director, phone: '202-555-0143'}"
    )
    result = lookup(directory, spec, "VT")
    assert [t.representative.name for t in result.targets] == [
        "Richard J. Durbin",
        "Chuck Grassley",
        "Phil Scott",
        "Pat Agency",
    ]
    scott = result.targets[2]
    assert scott.script == "Hello Governor Scott."
    assert scott.choice is not None
    assert scott.choice.office.phone == "+18028283333"


def test_unknown_committee_and_official_ids_are_refused_naming_them(database_url: str) -> None:
    text = (
        "slug: unknown-ids\ntitle: T\ntargets:\n  committees:\n    - id: SSJU\n    - id: SXYZ\n"
        "  officials: [G000386, Z999999]\nscripts:\n  en:\n    text: Hello.\n"
    )
    engine = create_db_engine(database_url)
    with session_scope(engine) as session, pytest.raises(CampaignFileError) as refused:
        create_campaign(session, text=text)
    engine.dispose()
    assert refused.value.message.splitlines() == [
        "campaign:6: targets.committees.1.id: unknown committee 'SXYZ': the directory has no such committee",
        "campaign:7: targets.officials.1: unknown official 'Z999999': the directory has no such official",
    ]


def test_a_campaign_whose_committee_a_sync_removed_still_serves_and_staff_are_told(database_url: str) -> None:
    spec = campaign(f"  committees: [{{id: SSJU, rule: own-first}}]\n  officials: [{DURBIN}]")
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        assert directory_id_check(session)(spec) == []
        save_campaign(session, spec=spec, source="test")
        session.execute(delete(CommitteeMember).where(CommitteeMember.committee_id == "SSJU"))  # type: ignore[arg-type]
        session.execute(delete(Committee).where(Committee.id == "SSJU"))  # type: ignore[arg-type]
    with session_scope(engine) as session:
        report = stale_campaign_targets(session)
    engine.dispose()
    result = lookup(stored_directory(database_url), spec, "VT")
    assert ids(result) == [DURBIN]
    assert result.staff_warnings == ["committee SSJU is no longer in the directory"]
    assert report.changed == [
        "test-committee: unknown committee 'SSJU': the directory has no such committee "
        "(callers skip it; edit the campaign)"
    ]


def test_the_example_file_loads_checked_against_the_directory(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        spec = load_campaign_file(EXAMPLE, check_ids=directory_id_check(session))
    engine.dispose()
    assert [(c.id, c.rule) for c in spec.targets.committees] == [("SSJU", "own-first")]
    assert Path(EXAMPLE).read_text().count("{%") == 0
