"""Shared set-up of the "Call me when they open" tests: a Vermont caller on a Tuesday evening."""

from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from app.models.scheduled import ScheduledCall
from app.settings import Settings
from app.storage.db import create_db_engine
from tests.calls.conftest import AUTH_TOKEN, call_settings

ADDRESS = "109 State St, Montpelier, VT 05602"
PHONE = "+18025550142"
SLUG = "grace-no-ban"
BASE_URL = "http://testserver"
# Tuesday 8 December 2026, 19:00 in Vermont (EST, UTC-5): every office is closed.
TUESDAY_EVENING = datetime(2026, 12, 9, 0, 0, tzinfo=UTC)
# Wednesday 9:00 EST: the first time offered.
WEDNESDAY_NINE = datetime(2026, 12, 9, 14, 0, tzinfo=UTC)


def scheduling_settings(
    database_url: str, *, api_url: str, base_url: str = BASE_URL, **overrides: Any
) -> Settings:
    """Twilio through the simulator; jobs only when a test runs them (no in-process worker)."""
    return call_settings(database_url, base_url=base_url, api_url=api_url, jobs_in_web=False, **overrides)


def senator_id(client: TestClient) -> str:
    answer = client.get(f"/api/v1/campaigns/{SLUG}/targets", params={"address": ADDRESS})
    assert answer.status_code == 200, answer.text
    senators = [t for t in answer.json()["targets"] if t["chamber"] == "us-senate"]
    return str(senators[0]["id"])


def offer(client: TestClient, target_id: str) -> dict[str, Any]:
    answer = client.post(
        f"/api/v1/campaigns/{SLUG}/scheduled-calls/times", json={"address": ADDRESS, "target_id": target_id}
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def schedule(
    client: TestClient, target_id: str, *, at: str, phone: str = PHONE, consent: bool = True
) -> httpx.Response:
    body = {"address": ADDRESS, "target_id": target_id, "phone": phone, "at": at, "consent": consent}
    answer: httpx.Response = client.post(f"/api/v1/campaigns/{SLUG}/scheduled-calls", json=body)
    return answer


def stored_rows(settings: Settings) -> list[ScheduledCall]:
    engine = create_db_engine(settings.database_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(ScheduledCall)).all())
    finally:
        engine.dispose()


def signed_sms(
    client: TestClient | httpx.Client,
    *,
    sender: str,
    body: str,
    token: str = AUTH_TOKEN,
    base_url: str = BASE_URL,
) -> httpx.Response:
    """An inbound text as Twilio Messaging posts it, signed with the account's auth token."""
    params = {
        "MessageSid": "SM" + "1" * 32,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+16175550100",
        "Body": body,
        "NumSegments": "1",
    }
    signature = RequestValidator(token).compute_signature(f"{base_url}/twilio/sms", params)
    answer: httpx.Response = client.post(
        "/twilio/sms", data=params, headers={"X-Twilio-Signature": signature}
    )
    return answer
