"""/admin/webhooks: organizers add endpoints (private addresses refused), rotate secrets, pause,
read the delivery log and replay from it; staff and anonymous visitors get nothing."""

import httpx
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.kernel.clock import utcnow
from app.models.webhooks import WebhookDelivery, WebhookEndpoint
from app.settings import Settings
from app.storage.db import create_db_engine
from tests.support import HTML, ORGANIZER_EMAIL, STAFF_EMAIL, csrf_from, sign_in
from tests.webhooks.support import outbox_event

PUBLIC_URL = "https://93.184.215.14/hooks/switchboard"


def endpoints(settings: Settings) -> list[WebhookEndpoint]:
    engine = create_db_engine(settings.database_url)
    with Session(engine) as session:
        rows = list(session.exec(select(WebhookEndpoint)).all())
    engine.dispose()
    return rows


def add(client: TestClient, csrf: str, url: str, **fields: object) -> httpx.Response:
    data = {"csrf_token": csrf, "url": url, "events": ["call.completed", "outcome.reported"], **fields}
    response: httpx.Response = client.post("/admin/webhooks", data=data, headers=HTML, follow_redirects=False)
    return response


def test_anonymous_and_staff_are_refused(client: TestClient, accounts: str) -> None:
    anonymous = client.get("/admin/webhooks", headers=HTML, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/admin/login")
    sign_in(client, STAFF_EMAIL)
    csrf = csrf_from(client.get("/admin", headers=HTML).text)
    assert client.get("/admin/webhooks", headers=HTML).status_code == 403
    for path in (
        "/admin/webhooks",
        "/admin/webhooks/1/rotate",
        "/admin/webhooks/1/enabled",
        "/admin/webhooks/deliveries/1/replay",
    ):
        response = client.post(path, data={"csrf_token": csrf, "url": PUBLIC_URL}, headers=HTML)
        assert response.status_code == 403, path


def test_an_organizer_adds_an_endpoint_and_private_urls_are_refused(
    client: TestClient, accounts: str, settings: Settings
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    page = client.get("/admin/webhooks", headers=HTML)
    assert page.status_code == 200
    csrf = csrf_from(page.text)
    for private in (
        "http://127.0.0.1:8000/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://10.0.0.7/hook",
        "http://localhost/",
    ):
        refused = add(client, csrf, private)
        assert refused.status_code == 422, private
        assert "private or reserved address" in refused.text
    no_privacy = add(client, csrf, PUBLIC_URL, events=["supporter.opted_in"], sender_name="MIRA")
    assert no_privacy.status_code == 422
    assert endpoints(settings) == []
    assert add(client, csrf, PUBLIC_URL).status_code == 303
    [endpoint] = endpoints(settings)
    assert endpoint.events == "call.completed outcome.reported"
    assert endpoint.secret.startswith("whsec_")
    listed = client.get("/admin/webhooks", headers=HTML).text
    assert PUBLIC_URL in listed
    assert endpoint.secret in listed


def test_rotate_pause_and_replay_from_the_log(client: TestClient, accounts: str, settings: Settings) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/webhooks", headers=HTML).text)
    add(client, csrf, PUBLIC_URL)
    [endpoint] = endpoints(settings)
    rotated = client.post(f"/admin/webhooks/{endpoint.id}/rotate", data={"csrf_token": csrf}, headers=HTML)
    assert rotated.status_code == 200
    [after] = endpoints(settings)
    assert after.secret != endpoint.secret
    assert after.previous_secret == endpoint.secret
    assert "the previous secret also signs until" in rotated.text

    client.post(f"/admin/webhooks/{endpoint.id}/enabled", data={"csrf_token": csrf}, headers=HTML)
    assert not endpoints(settings)[0].enabled
    client.post(
        f"/admin/webhooks/{endpoint.id}/enabled", data={"csrf_token": csrf, "enabled": "true"}, headers=HTML
    )
    assert endpoints(settings)[0].enabled

    engine = create_db_engine(settings.database_url)
    outbox_event(engine, now=utcnow())
    log = client.get("/admin/webhooks", headers=HTML).text
    assert "call.completed" in log
    assert "1 waiting to be sent" in log
    with Session(engine) as session:
        [delivery] = session.exec(select(WebhookDelivery)).all()
    replayed = client.post(
        f"/admin/webhooks/deliveries/{delivery.id}/replay", data={"csrf_token": csrf}, headers=HTML
    )
    assert replayed.status_code == 200
    with Session(engine) as session:
        rows = session.exec(select(WebhookDelivery)).all()
    assert [row.message_id for row in rows] == [delivery.message_id] * 2
    missing = client.post("/admin/webhooks/deliveries/999/replay", data={"csrf_token": csrf}, headers=HTML)
    assert missing.status_code == 404
    engine.dispose()
