"""\"Call me when they open\" (issue 28): times offered, scheduling, the phone sealed at rest, the
cancel link and STOP replies."""

from collections.abc import Iterator

import pytest
import respx
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.calls.limits import block_caller
from app.kernel.privacy import unseal
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.calls.when_open import (
    PHONE,
    TUESDAY_EVENING,
    WEDNESDAY_NINE,
    offer,
    schedule,
    scheduling_settings,
    senator_id,
    signed_sms,
    stored_rows,
)
from tests.fakes.twilio_sim import TwilioSimulator
from tests.support import AppFor


@pytest.fixture
def when_open_settings(database_url: str, simulator: TwilioSimulator) -> Settings:
    return scheduling_settings(database_url, api_url=simulator.base_url)


@pytest.fixture
def client(when_open_settings: Settings, census: respx.Router, app_for: AppFor) -> Iterator[TestClient]:
    with (
        time_machine.travel(TUESDAY_EVENING, tick=False),
        TestClient(app_for(when_open_settings)) as test_client,
    ):
        yield test_client


def test_a_vermont_caller_at_seven_pm_is_offered_wednesday_morning(client: TestClient) -> None:
    times = offer(client, senator_id(client))
    assert (times["kind"], times["time_zone"]) == ("call", "America/New_York")
    slots = [(slot["at"], slot["tomorrow_morning"]) for slot in times["slots"]]
    assert slots == [
        ("2026-12-09T14:00:00Z", True),
        ("2026-12-09T14:30:00Z", False),
        ("2026-12-09T15:00:00Z", False),
        ("2026-12-09T15:30:00Z", False),
    ]


def test_scheduling_keeps_the_phone_sealed_and_the_leg_resolved(
    client: TestClient, when_open_settings: Settings
) -> None:
    target = senator_id(client)
    answer = schedule(client, target, at="2026-12-09T14:00:00Z")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["kind"], body["status"], body["at"]) == ("call", "scheduled", "2026-12-09T14:00:00Z")
    assert body["cancel_url"].startswith("http://testserver/scheduled/")
    [row] = stored_rows(when_open_settings)
    assert row.due_at == WEDNESDAY_NINE
    assert unseal(row.phone_sealed or "", key=when_open_settings.phone_sealing_key) == PHONE
    assert [leg["target_id"] for leg in row.legs] == [target]
    assert row.legs[0]["office_phone"], "the office open then, with its number"
    engine = create_db_engine(when_open_settings.database_url)
    with engine.connect() as connection:
        stored = repr(connection.execute(text("SELECT * FROM scheduled_call")).all())
    engine.dispose()
    assert "5550142" not in stored
    assert "555-0142" not in stored, "no plain number in the row"


def test_a_time_not_offered_or_no_consent_is_refused(
    client: TestClient, when_open_settings: Settings
) -> None:
    target = senator_id(client)
    at_three_am = schedule(client, target, at="2026-12-09T08:00:00Z")
    assert (at_three_am.status_code, at_three_am.json()["code"]) == (422, "schedule_invalid")
    no_consent = schedule(client, target, at="2026-12-09T14:00:00Z", consent=False)
    assert (no_consent.status_code, no_consent.json()["code"]) == (422, "schedule_invalid")
    toll_free = schedule(client, target, at="2026-12-09T14:00:00Z", phone="+18005550100")
    assert (toll_free.status_code, toll_free.json()["code"]) == (422, "phone_not_allowed")
    assert stored_rows(when_open_settings) == []


def test_the_cancel_link_shows_then_cancels_and_deletes_the_number(
    client: TestClient, when_open_settings: Settings
) -> None:
    created = schedule(client, senator_id(client), at="2026-12-09T14:30:00Z").json()
    path = created["cancel_url"].removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert "Cancel it" in page.text
    assert "9:30" in page.text
    assert stored_rows(when_open_settings)[0].status == "scheduled", "a GET never cancels"
    done = client.post(path + "/cancel")
    assert done.status_code == 200
    assert "Canceled" in done.text
    [row] = stored_rows(when_open_settings)
    assert (row.status, row.phone_sealed, row.phone_hash) == ("canceled", None, None)
    again = client.post("/api/v1/scheduled-calls/cancel", json={"token": path.rsplit("/", 1)[1]})
    assert again.json()["status"] == "canceled"
    forged = client.get(path[:-3] + "abc")
    assert forged.status_code == 404


def test_a_stop_reply_cancels_and_is_remembered(client: TestClient, when_open_settings: Settings) -> None:
    target = senator_id(client)
    assert schedule(client, target, at="2026-12-09T15:00:00Z").status_code == 201
    forged = signed_sms(client, sender=PHONE, body="STOP", token="not-our-token")
    assert forged.status_code == 403
    assert stored_rows(when_open_settings)[0].status == "scheduled"
    reply = signed_sms(client, sender=PHONE, body=" stop ")
    assert reply.status_code == 200
    assert "<Response" in reply.text
    [row] = stored_rows(when_open_settings)
    assert (row.status, row.phone_sealed, row.phone_hash) == ("canceled", None, None)
    engine = create_db_engine(when_open_settings.database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM sms_opt_out")).scalar() == 1
    engine.dispose()


def test_the_call_limits_and_the_blocklist_hold_when_scheduling(
    client: TestClient, when_open_settings: Settings
) -> None:
    target = senator_id(client)
    slots = [slot["at"] for slot in offer(client, target)["slots"]]
    for at in slots[:3]:
        assert schedule(client, target, at=at).status_code == 201
    fourth = schedule(client, target, at=slots[3])
    assert (fourth.status_code, fourth.json()["code"]) == (429, "phone_limit_reached")
    engine = create_db_engine(when_open_settings.database_url)
    with session_scope(engine) as session:
        block_caller(session, settings=when_open_settings, value="+18025550199", reason="harassment")
    engine.dispose()
    blocked = schedule(client, target, at=slots[0], phone="+18025550199")
    assert (blocked.status_code, blocked.json()["code"]) == (403, "call_blocked")
    assert len(stored_rows(when_open_settings)) == 3
