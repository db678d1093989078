"""The tallies page's heat map: per office number, hour × weekday in the office's own time, as a table
with row and column headers, each count's kinds spelled out for screen readers."""

import re
from datetime import UTC, datetime

import respx
import time_machine
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.kernel.vocabulary import CallMethod, Chamber, LegStatus, Outcome
from app.models.calls import CallLeg, CallSession
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.support import AppFor, new_token

NOW = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
SANDERS_BURLINGTON = "+18028620697"
PAGE = "/admin/campaigns/grace-no-ban/tallies"


def add_leg(session: Session, n: int, *, created: datetime, status: str, outcome: str | None) -> None:
    call = CallSession(id=f"heat-{n}", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED)
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
            office_phone=SANDERS_BURLINGTON,
            status=status,
            outcome=outcome,
            created_at=created,
        )
    )


def test_staff_see_when_an_office_is_hard_to_reach(
    settings: Settings, census: respx.Router, app_for: AppFor
) -> None:
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        # Monday 10 am in Burlington: two busy lines; 7 pm: a voicemail while the office was closed.
        add_leg(
            session, 1, created=datetime(2026, 12, 7, 15, 5, tzinfo=UTC), status=LegStatus.BUSY, outcome=None
        )
        add_leg(
            session, 2, created=datetime(2026, 12, 7, 15, 50, tzinfo=UTC), status=LegStatus.BUSY, outcome=None
        )
        add_leg(
            session,
            3,
            created=datetime(2026, 12, 8, 0, 10, tzinfo=UTC),
            status=LegStatus.COMPLETED,
            outcome=Outcome.VOICEMAIL,
        )
    engine.dispose()
    token = new_token(settings.database_url, "staff")
    with (
        time_machine.travel(NOW, tick=False),
        TestClient(app_for(settings), headers={"authorization": f"Bearer {token}"}) as client,
    ):
        page = client.get(PAGE)
    assert page.status_code == 200
    table = re.search(rf'<table class="heat" data-phone="\{SANDERS_BURLINGTON}">.*?</table>', page.text, re.S)
    assert table is not None, page.text
    html = table.group(0)
    assert "<caption>Bernard Sanders: Burlington office (district), +18028620697 · hours in ET" in html
    assert "Line busy 2, Office closed 1" in html
    header = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert header == ["Hour (ET)", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    rows = {row[0]: row[1] for row in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', html, re.S)}
    hours = list(rows)
    assert (hours[0], hours[-1]) == ("7 am", "7 pm")
    monday = {hour: re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)[0] for hour, cells in rows.items()}
    assert monday["10 am"] == '2<span class="visually-hidden">: Line busy 2</span>'
    assert monday["7 pm"] == '1<span class="visually-hidden">: Office closed 1</span>'
    assert monday["9 am"] == ""
    assert 'class="heat-4" title="Line busy 2">2' in html
    assert 'class="heat-2 off-hours" title="Office closed 1">1' in html
