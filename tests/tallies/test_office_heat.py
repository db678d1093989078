"""When offices are hard to reach: legs grouped per office number, by hour × weekday in the office's
own time (across a DST change), busy / no-answer / failed / reported / closed, on SQLite and PostgreSQL.
A status or outcome the vocabulary does not know yet ("mailbox-full") is counted as stored. A bridged
leg counts through each of its tries (every office number it dialed), never once more by itself."""

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.campaigns.store import save_campaign
from app.kernel.vocabulary import CallMethod, Chamber, LegStatus, Outcome
from app.models.calls import CallLeg, CallSession, CallTry
from app.models.directory import Office, OfficeOverride, Official
from app.storage.db import session_scope
from app.tallies.filters import TallyFilter
from app.tallies.office_heat import CLOSED, OfficeHeat, office_heat, problem_kind
from tests.tallies.support import campaign_spec, tally_engine

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
VERMONT = "+18028620697"
SACRAMENTO = "+19164985600"
STAFF_PHONE = "+18025550199"  # a number staff set for an office
CUSTOM = "+15125550100"  # a campaign's own target in Texas: no directory office
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SUNDAY = 0, 1, 2, 3, 4, 6


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    with tally_engine(migrated_url) as engine:
        with session_scope(engine) as session:
            add_offices(session)
        yield engine


def add_offices(session: Session) -> None:
    for official_id, name, state in (("S000033", "Bernard Sanders", "VT"), ("M001163", "Doris Matsui", "CA")):
        session.add(
            Official(
                id=official_id,
                source="test",
                name=name,
                last_name=name.split()[-1],
                title="Senator",
                chamber=Chamber.US_SENATE,
                state=state,
                division_id=f"ocd-division/country:us/state:{state.lower()}",
            )
        )
    session.flush()
    session.add(
        Office(
            id="vt-1",
            official_id="S000033",
            kind="district",
            city="Burlington",
            state="VT",
            zip="05401",
            phone=VERMONT,
        )
    )
    session.add(
        Office(
            id="vt-2",
            official_id="S000033",
            kind="district",
            city="Rutland",
            state="VT",
            zip="05701",
            phone="+18025550000",
        )
    )
    session.add(
        OfficeOverride(
            office_id="vt-2", official_id="S000033", phone=STAFF_PHONE, created_by="staff@example.org"
        )
    )
    session.add(
        Office(
            id="ca-1",
            official_id="M001163",
            kind="district",
            city="Sacramento",
            state="CA",
            zip="95814",
            phone=SACRAMENTO,
            hours="Mon-Fri 8am-5pm",
        )
    )


def add_legs(
    engine: Engine, *rows: tuple[str, str, datetime, str, str | None], campaign: str = "grace-no-ban"
) -> None:
    """(office phone, state, created at, status, outcome) → one call with one leg each."""
    with session_scope(engine) as session:
        for n, (phone, state, created, status, outcome) in enumerate(rows):
            call = CallSession(
                id=f"{campaign}-{n}-{created:%Y%m%d%H%M}", campaign_slug=campaign, mode=CallMethod.BRIDGED
            )
            session.add(call)
            session.flush()
            session.add(
                CallLeg(
                    session_id=call.id,
                    position=0,
                    target_id="T",
                    name="Bernard Sanders" if state == "VT" else f"Someone in {state}",
                    chamber=Chamber.US_SENATE,
                    state=state,
                    office_phone=phone,
                    status=status,
                    outcome=outcome,
                    created_at=created,
                )
            )


def add_tried_leg(
    engine: Engine,
    call_id: str,
    *tries: tuple[str, datetime, str | None, str | None],
    status: str,
    outcome: str | None,
) -> None:
    """One bridged call to Sanders whose leg dialed each (office phone, started at, DialCallStatus,
    keypad outcome of that try) in turn; the leg keeps the last office, its status and outcome."""
    with session_scope(engine) as session:
        session.add(CallSession(id=call_id, campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED))
        session.flush()
        session.add(
            CallLeg(
                session_id=call_id,
                position=0,
                target_id="S000033",
                name="Bernard Sanders",
                chamber=Chamber.US_SENATE,
                state="VT",
                office_phone=tries[-1][0],
                attempt=len(tries) - 1,
                status=status,
                outcome=outcome,
                created_at=tries[0][1],
            )
        )
        for attempt, (phone, started, dial_status, try_outcome) in enumerate(tries):
            session.add(
                CallTry(
                    session_id=call_id,
                    position=0,
                    attempt=attempt,
                    target_id="S000033",
                    office_phone=phone,
                    dial_call_status=dial_status,
                    outcome=try_outcome,
                    started_at=started,
                )
            )


def heats(engine: Engine, filters: TallyFilter | None = None) -> dict[str, OfficeHeat]:
    with Session(engine) as session:
        found = office_heat(session, campaign="grace-no-ban", filters=filters or TallyFilter(), now=NOW)
    return {heat.phone: heat for heat in found}


def cells(heat: OfficeHeat) -> dict[tuple[int, int], dict[str, int]]:
    return {cell: dict(kinds) for cell, kinds in heat.cells.items()}


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_each_office_counts_what_kept_callers_out_by_its_own_hour_and_weekday(engine: Engine) -> None:
    add_legs(
        engine,
        # Vermont, Monday November 30 (EST, UTC-5): two busy lines and one unanswered at 10 am.
        (VERMONT, "VT", utc(2026, 11, 30, 15, 10), LegStatus.BUSY, Outcome.UNAVAILABLE),
        (VERMONT, "VT", utc(2026, 11, 30, 15, 20), LegStatus.BUSY, Outcome.UNAVAILABLE),
        (VERMONT, "VT", utc(2026, 11, 30, 15, 40), LegStatus.NO_ANSWER, Outcome.UNAVAILABLE),
        # Reached: not counted.
        (VERMONT, "VT", utc(2026, 11, 30, 15, 30), LegStatus.COMPLETED, Outcome.CONTACT),
        # A voicemail at 7:15 pm: the office was closed.
        (VERMONT, "VT", utc(2026, 12, 1, 0, 15), LegStatus.COMPLETED, Outcome.VOICEMAIL),
        # Wednesday 9:30 am: an outcome added by another part of Switchboard, counted as stored.
        (VERMONT, "VT", utc(2026, 12, 2, 14, 30), LegStatus.COMPLETED, "mailbox-full"),
        # Sacramento (PST, UTC-8): busy at 7 pm Monday, after its 5 pm close; no answer at 8:30 am.
        (SACRAMENTO, "CA", utc(2026, 12, 1, 3, 0), LegStatus.BUSY, Outcome.UNAVAILABLE),
        (SACRAMENTO, "CA", utc(2026, 11, 30, 16, 30), LegStatus.NO_ANSWER, Outcome.UNAVAILABLE),
        # The number staff set for Rutland is Rutland (Vermont, default hours): a failed dial at noon.
        (STAFF_PHONE, "VT", utc(2026, 11, 30, 17, 5), LegStatus.FAILED, Outcome.FAILED),
        # A custom target in Texas: its state's zone, no hours known so never "closed".
        (CUSTOM, "TX", utc(2026, 11, 30, 3, 0), LegStatus.NO_ANSWER, Outcome.UNAVAILABLE),
        # Older than four weeks: left out by default.
        (VERMONT, "VT", utc(2026, 10, 5, 15, 0), LegStatus.BUSY, Outcome.UNAVAILABLE),
    )
    found = heats(engine)
    assert list(found) == [VERMONT, SACRAMENTO, STAFF_PHONE, CUSTOM]
    vermont = found[VERMONT]
    assert cells(vermont) == {
        (MONDAY, 10): {"busy": 2, "no-answer": 1},
        (MONDAY, 19): {CLOSED: 1},
        (WEDNESDAY, 9): {"mailbox-full": 1},
    }
    assert vermont.total == 5
    assert vermont.kinds == {"busy": 2, "no-answer": 1, CLOSED: 1, "mailbox-full": 1}
    assert vermont.office is not None
    assert vermont.office.city == "Burlington"
    assert (MONDAY, 10) in vermont.open_hours
    assert (MONDAY, 17) not in vermont.open_hours
    sacramento = found[SACRAMENTO]
    assert cells(sacramento) == {(MONDAY, 19): {"busy": 1, CLOSED: 1}, (MONDAY, 8): {"no-answer": 1}}
    assert sacramento.totals[(MONDAY, 19)] == 1
    assert (MONDAY, 8) in sacramento.open_hours  # its published 8 am opening
    rutland = found[STAFF_PHONE]
    assert rutland.office is not None
    assert rutland.office.city == "Rutland"
    assert cells(rutland) == {(MONDAY, 12): {"failed": 1}}
    # 9 pm Sunday in Texas.
    assert cells(found[CUSTOM]) == {(SUNDAY, 21): {"no-answer": 1}}
    assert found[CUSTOM].office is None


def test_the_filter_dates_and_the_dst_change(engine: Engine) -> None:
    add_legs(
        engine,
        # 9:30 am in Burlington on the Friday before clocks fall back (EDT) and the Monday after (EST).
        (VERMONT, "VT", utc(2026, 10, 30, 13, 30), LegStatus.BUSY, Outcome.UNAVAILABLE),
        (VERMONT, "VT", utc(2026, 11, 2, 14, 30), LegStatus.BUSY, Outcome.UNAVAILABLE),
        # 8:30 am EST on that Monday: before opening, so closed as well as busy.
        (VERMONT, "VT", utc(2026, 11, 2, 13, 30), LegStatus.BUSY, Outcome.UNAVAILABLE),
    )
    assert heats(engine) == {}  # more than four weeks before NOW
    found = heats(engine, TallyFilter(since=date(2026, 10, 1), until=date(2026, 11, 2)))
    assert cells(found[VERMONT]) == {
        (FRIDAY, 9): {"busy": 1},
        (MONDAY, 9): {"busy": 1},
        (MONDAY, 8): {"busy": 1, CLOSED: 1},
    }
    only_friday = heats(engine, TallyFilter(since=date(2026, 10, 30), until=date(2026, 10, 30)))
    assert cells(only_friday[VERMONT]) == {(FRIDAY, 9): {"busy": 1}}


def test_other_campaigns_and_filters_are_left_out(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_campaign(session, spec=campaign_spec(slug="other"), source="test")
    add_legs(engine, (VERMONT, "VT", utc(2026, 12, 1, 15, 0), LegStatus.BUSY, None), campaign="other")
    add_legs(engine, (VERMONT, "VT", utc(2026, 12, 1, 16, 0), LegStatus.BUSY, None))
    found = heats(engine)
    assert cells(found[VERMONT]) == {(TUESDAY, 11): {"busy": 1}}
    assert heats(engine, TallyFilter(chamber=Chamber.US_HOUSE)) == {}
    assert heats(engine, TallyFilter(method=CallMethod.SELF_DIALED)) == {}
    assert heats(engine, TallyFilter(language="es")) == {}


def test_a_busy_office_then_an_answered_one_counts_the_busy_line_only(engine: Engine) -> None:
    # Monday November 30, 10:05 am in Vermont: Burlington busy, then Rutland answered a minute later.
    add_tried_leg(
        engine,
        "busy-then-answered",
        (VERMONT, utc(2026, 11, 30, 15, 5), LegStatus.BUSY, None),
        (STAFF_PHONE, utc(2026, 11, 30, 15, 6), LegStatus.COMPLETED, None),
        status=LegStatus.COMPLETED,
        outcome=Outcome.CONTACT,
    )
    found = heats(engine)
    assert list(found) == [VERMONT]
    assert cells(found[VERMONT]) == {(MONDAY, 10): {"busy": 1}}


def test_each_try_counts_once_at_its_office_and_hour(engine: Engine) -> None:
    add_tried_leg(
        engine,
        "three-tries",
        # Tuesday 10:58 am: Burlington unanswered; 11:00 Rutland answered, its mailbox full (key 4);
        # then Burlington again, answered, and the caller pressed "no one answered" (known by the leg).
        (VERMONT, utc(2026, 12, 1, 15, 58), LegStatus.NO_ANSWER, None),
        (STAFF_PHONE, utc(2026, 12, 1, 16, 0), LegStatus.COMPLETED, Outcome.MAILBOX_FULL),
        (VERMONT, utc(2026, 12, 1, 16, 2), LegStatus.COMPLETED, None),
        status=LegStatus.COMPLETED,
        outcome=Outcome.UNAVAILABLE,
    )
    add_tried_leg(
        engine,
        "dial-action-lost",
        # Wednesday 9:30 am: the last try's Dial action never came; the leg's own status says busy.
        (VERMONT, utc(2026, 12, 2, 14, 30), None, None),
        status=LegStatus.BUSY,
        outcome=Outcome.UNAVAILABLE,
    )
    found = heats(engine)
    assert cells(found[VERMONT]) == {
        (TUESDAY, 10): {"no-answer": 1},
        (TUESDAY, 11): {"unavailable": 1},
        (WEDNESDAY, 9): {"busy": 1},
    }
    assert cells(found[STAFF_PHONE]) == {(TUESDAY, 11): {"mailbox-full": 1}}
    assert heats(engine, TallyFilter(since=date(2026, 12, 2), until=date(2026, 12, 2)))[VERMONT].total == 1
    assert heats(engine, TallyFilter(method=CallMethod.SELF_DIALED)) == {}


def test_a_full_mailbox_reported_from_the_page_still_shows(engine: Engine) -> None:
    with session_scope(engine) as session:
        call = CallSession(id="web-report", campaign_slug="grace-no-ban", mode=CallMethod.SELF_DIALED)
        session.add(call)
        session.flush()
        session.add(
            CallLeg(
                session_id=call.id,
                position=0,
                target_id="S000033",
                name="Bernard Sanders",
                chamber=Chamber.US_SENATE,
                state="VT",
                office_phone=VERMONT,
                lookup_key="lookup-1",
                status=LegStatus.SELF_REPORTED,
                outcome=Outcome.MAILBOX_FULL,
                created_at=utc(2026, 12, 3, 19, 15),
            )
        )
    add_tried_leg(
        engine,
        "answered",
        (VERMONT, utc(2026, 12, 3, 19, 20), LegStatus.COMPLETED, None),
        status=LegStatus.COMPLETED,
        outcome=Outcome.CONTACT,
    )
    found = heats(engine)
    # Thursday 2:15 pm in Burlington: the report; the answered call beside it adds nothing.
    assert cells(found[VERMONT]) == {(THURSDAY, 14): {"mailbox-full": 1}}
    assert cells(heats(engine, TallyFilter(method=CallMethod.SELF_DIALED))[VERMONT]) == {
        (3, 14): {"mailbox-full": 1}
    }


@pytest.mark.parametrize(
    ("status", "outcome", "kind"),
    [
        (LegStatus.BUSY, Outcome.UNAVAILABLE, "busy"),
        (LegStatus.NO_ANSWER, None, "no-answer"),
        (LegStatus.FAILED, Outcome.FAILED, "failed"),
        (LegStatus.COMPLETED, Outcome.CONTACT, None),
        (LegStatus.COMPLETED, Outcome.VOICEMAIL, None),
        (LegStatus.COMPLETED, Outcome.UNAVAILABLE, "unavailable"),  # "no one answered", pressed 3
        (LegStatus.COMPLETED, "mailbox-full", "mailbox-full"),
        (LegStatus.SELF_REPORTED, Outcome.WRONG_NUMBER, "wrong-number"),
        (LegStatus.SKIPPED, Outcome.SKIPPED, None),
        (LegStatus.CANCELED, Outcome.SKIPPED, None),
        (LegStatus.NO_CONSENT, Outcome.NO_CONSENT, None),
        (LegStatus.DIALING, None, None),
        ("closed-line", None, "closed-line"),  # a dial status added later
        (None, None, None),  # a try whose Dial action has not come
        (None, "mailbox-full", "mailbox-full"),
    ],
)
def test_what_counts_as_not_getting_through(status: str, outcome: str | None, kind: str | None) -> None:
    assert problem_kind(status, outcome=outcome) == kind
