"""/admin/directory and /readyz around noon ET on 2027-01-03: synced and not yet synced."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import respx
import time_machine
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from app.campaigns.store import load_campaign_dir
from app.civic.directory.line_health import mark_unhealthy
from app.civic.directory.view import load_directory_view
from app.civic.geography.divisions import state_division
from app.civic.sync.runs import SyncRequest, run_directory_sync
from app.civic.sync.sources import FolderSource
from app.kernel.clock import utcnow
from app.kernel.vocabulary import CallMethod, Chamber
from app.main import create_app
from app.models.calls import CallLeg, CallSession
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from tests.directory_snapshots import member, member_elect, write_snapshot
from tests.support import (
    CENSUS_URL,
    HTML,
    NO_SCHEDULED_SYNC,
    PROJECT,
    STAFF_EMAIL,
    add_accounts,
    csrf_from,
    recorded_census,
    sign_in,
)

BEFORE_NOON = datetime(2027, 1, 3, 16, 0, tzinfo=UTC)  # 11:00 ET
AFTER_NOON = datetime(2027, 1, 3, 17, 30, tzinfo=UTC)  # 12:30 ET
MEMBERS_119 = ["C001098", "C001056", "C001131", "M001242", "H001104", "L000601"]
ADDRESS = "1 Ashburton Place, Boston, MA 02108"


def quiet(_message: str) -> None:
    """Progress goes nowhere in tests."""


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'admin-directory.db'}"
    upgrade_database(url)
    add_accounts(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    engine.dispose()
    return url


def sync(url: str, folder: Path) -> None:
    engine = create_db_engine(url)
    request = SyncRequest(trigger="manual", actor="cli:tester", max_removed_share=0.5, force=True)
    run_directory_sync(engine, source=FolderSource(folder), request=request, progress=quiet)
    engine.dispose()


@pytest.fixture
def census() -> Iterator[respx.Router]:
    with recorded_census() as router:
        yield router


def client_for(url: str) -> TestClient:
    settings = Settings(_env_file=None, database_url=url, census_geocoder_url=CENSUS_URL, **NO_SCHEDULED_SYNC)
    return TestClient(create_app(settings))


def vintage_asked(client: TestClient, census: respx.Router) -> str:
    client.get("/api/v1/representatives", params={"address": ADDRESS})
    return str(census.calls.last.request.url.params["vintage"])


def test_the_directory_follows_its_congress_until_synced_and_readyz_says_why(
    url: str, tmp_path: Path, census: respx.Router
) -> None:
    with time_machine.travel(BEFORE_NOON, tick=False):
        sync(url, write_snapshot(tmp_path / "119", [member(m) for m in MEMBERS_119]))
        with client_for(url) as client:
            ready = client.get("/readyz").json()
            assert (ready["status"], ready["reasons"]) == ("ready", [])
            assert ready["directory"] == {"congress": 119, "sitting_congress": 119, "age_seconds": 0}
            assert vintage_asked(client, census) == "ACS2025_Current"

    with time_machine.travel(AFTER_NOON, tick=False), client_for(url) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "degraded"
        assert ready.json()["reasons"] == [
            "The 120th Congress took office; the directory still holds the 119th's members: run a sync "
            "(switchboard directory sync)."
        ]
        assert ready.json()["directory"]["age_seconds"] == 5400
        assert vintage_asked(client, census) == "ACS2025_Current", "districts follow the directory"
        assert sign_in(client, STAFF_EMAIL).status_code == 303
        staff_home = client.get("/admin", headers=HTML).text
        assert "the directory still holds the 119th&#39;s members: run a sync" in staff_home

    elect = member_elect(bioguide="Z000120", first="Alex", last="Newmember", like="C001131")
    members_120 = [member(m) for m in MEMBERS_119 if m not in {"C001131", "H001104"}] + [elect]
    with time_machine.travel(AFTER_NOON, tick=False):
        sync(url, write_snapshot(tmp_path / "120", members_120))
        with client_for(url) as client:
            assert client.get("/readyz").json()["status"] == "ready"
            assert vintage_asked(client, census) == "Current_Current"


def test_the_census_vintage_setting_still_overrides(url: str, tmp_path: Path, census: respx.Router) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        sync(url, write_snapshot(tmp_path / "119", [member(m) for m in MEMBERS_119]))
    settings = Settings(
        _env_file=None,
        database_url=url,
        census_geocoder_url=CENSUS_URL,
        census_vintage="Census2020_Current",
        **NO_SCHEDULED_SYNC,
    )
    with time_machine.travel(AFTER_NOON, tick=False), TestClient(create_app(settings)) as client:
        assert vintage_asked(client, census) == "Census2020_Current"


def report_wrong_number(url: str, *, target: str, name: str, phone: str, times: int) -> None:
    engine = create_db_engine(url)
    with Session(engine) as session:
        for n in range(times):
            call = CallSession(id=f"{target}-{n}", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED)
            session.add(call)
            session.flush()
            session.add(
                CallLeg(
                    session_id=call.id,
                    position=0,
                    target_id=target,
                    name=name,
                    chamber=Chamber.US_SENATE,
                    state="TX",
                    office_phone=phone,
                    outcome="wrong-number",
                )
            )
        session.commit()
    engine.dispose()


def test_staff_see_history_age_and_reports_and_correct_an_office(url: str, tmp_path: Path) -> None:
    sync(url, write_snapshot(tmp_path / "119", [member(m) for m in MEMBERS_119]))
    report_wrong_number(url, target="C001056", name="John Cornyn", phone="+12022242934", times=1)
    report_wrong_number(url, target="C001098", name="Ted Cruz", phone="+12022245922", times=3)
    with client_for(url) as client:
        assert sign_in(client, STAFF_EMAIL).status_code == 303
        page = client.get("/admin/directory", headers=HTML)
        assert page.status_code == 200
        text = page.text
        assert "Last synced 0 minutes ago" in text
        assert "the directory holds the 119th Congress" in text
        assert "congress-legislators: 6 officials; 6 joined" in text
        assert text.index("Ted Cruz") < text.index("John Cornyn"), "most reported first"
        assert "C001098-capitol" in text

        saved = client.post(
            "/admin/directory/overrides",
            data={
                "office_id": "C001098-capitol",
                "phone": "202-555-0100",
                "note": "reported wrong three times",
                "csrf_token": csrf_from(text),
            },
            headers=HTML,
            follow_redirects=False,
        )
        assert saved.status_code == 303
        page = client.get("/admin/directory", headers=HTML).text
        assert "call +12025550100" in page
        assert f"{STAFF_EMAIL}," in page

        bad = client.post(
            "/admin/directory/overrides",
            data={"office_id": "nope", "phone": "202-555-0100", "csrf_token": csrf_from(page)},
            headers=HTML,
        )
        assert bad.status_code == 404
        assert "There is no office &#39;nope&#39; in the directory." in bad.text


def test_staff_set_office_hours_that_survive_a_sync_and_clear_an_avoided_number(
    url: str, tmp_path: Path
) -> None:
    sync(url, write_snapshot(tmp_path / "119", [member(m) for m in MEMBERS_119]))
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        mark_unhealthy(
            session, phone="+12022245922", now=utcnow(), first=timedelta(minutes=15), cap=timedelta(hours=4)
        )
    with client_for(url) as client:
        assert sign_in(client, STAFF_EMAIL).status_code == 303
        page = client.get("/admin/directory", headers=HTML).text
        assert '<tr data-phone="+12022245922">' in page
        assert "<td>mailbox full</td>" in page

        def save_hours(hours: str, time_zone: str) -> Response:
            answer: Response = client.post(
                "/admin/directory/hours",
                data={
                    "office_id": "C001098-capitol",
                    "hours": hours,
                    "time_zone": time_zone,
                    "csrf_token": csrf_from(page),
                },
                headers=HTML,
                follow_redirects=False,
            )
            return answer

        unread = save_hours("By appointment only", "")
        assert unread.status_code == 422
        assert '<p class="error field-error" id="hours-error" role="alert">We could not read these hours' in (
            unread.text
        )
        assert 'value="By appointment only"' in unread.text
        unknown_zone = save_hours("Mon-Fri 10am-2pm", "America/Springfield")
        assert unknown_zone.status_code == 422
        assert 'id="time_zone-error" role="alert">This is not a time zone we know' in unknown_zone.text
        assert save_hours("Mon-Fri 10am-2pm", "America/Chicago").status_code == 303
        page = client.get("/admin/directory", headers=HTML).text
        assert "hours: Mon-Fri 10am-2pm (America/Chicago)" in page

        cleared = client.post(
            "/admin/directory/health/clear",
            data={"phone": "+12022245922", "csrf_token": csrf_from(page)},
            headers=HTML,
            follow_redirects=False,
        )
        assert cleared.status_code == 303
        page = client.get("/admin/directory", headers=HTML).text
        assert 'data-phone="+12022245922"' not in page
        assert "No office number is being avoided." in page

    sync(url, write_snapshot(tmp_path / "119-again", [member(m) for m in MEMBERS_119]))
    with Session(engine) as session:
        [cruz] = [
            rep
            for rep in load_directory_view(session).representatives_for(
                division_ids=[state_division("TX")], chambers=["us-senate"]
            )
            if rep.id == "C001098"
        ]
    [capitol] = [office for office in cruz.offices if office.kind == "capitol"]
    assert (capitol.hours, capitol.time_zone.key) == ("Mon-Fri 10am-2pm", "America/Chicago")
    monday_before_ten = datetime(2027, 1, 4, 15, 30, tzinfo=UTC)  # 9:30 in Chicago, 10:30 in Washington
    status = capitol.status_at(monday_before_ten)
    assert not status.open_now
    assert status.changes_at is not None
    assert status.changes_at.isoformat() == "2027-01-04T10:00:00-06:00"
    engine.dispose()
