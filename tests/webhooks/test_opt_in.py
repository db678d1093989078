"""The thank-you step's opt-in (EN/ES): offered only where the organization takes opt-ins; nothing
personal leaves without the box ticked; what was sent is deleted once delivered, or after 7 days."""

import json
from datetime import UTC, datetime, timedelta

import respx
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select
from standardwebhooks.webhooks import Webhook

from app.models.webhooks import WebhookDelivery, WebhookMessage
from app.settings import Settings
from app.storage.db import create_db_engine, write_scope
from app.webhooks.opt_ins import OptInOffers
from app.webhooks.retention import purge_personal_payloads
from tests.webhooks.receiver import running_receiver
from tests.webhooks.support import SENDER, new_endpoint, run_due

HTML = {"accept": "text/html"}
OPT_IN = {"opt_in": "yes", "name": "Ana Reyes", "email": "ana@example.org", "zip": "05401"}
T0 = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


def engine_of(settings: Settings) -> Engine:
    return create_db_engine(settings.database_url)


def stored_messages(engine: Engine) -> list[WebhookMessage]:
    with Session(engine) as session:
        return list(session.exec(select(WebhookMessage)).all())


def test_no_checkbox_where_the_organization_takes_no_opt_ins(client: TestClient) -> None:
    page = client.post("/c/grace-no-ban", data={"address": "05401"}, headers=HTML)
    assert page.status_code == 200
    assert 'name="opt_in"' not in page.text
    refused = client.post("/c/grace-no-ban/opt-in", data=OPT_IN, headers=HTML)
    assert refused.status_code == 422
    assert "Updates are not offered for this campaign." in refused.text


def test_the_thank_you_step_offers_the_opt_in_in_english_and_spanish(
    client: TestClient, settings: Settings
) -> None:
    engine = engine_of(settings)
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
    english = client.post("/c/grace-no-ban", data={"address": "05401", "name": "Ana"}, headers=HTML)
    assert f"Keep me updated by {SENDER}" in english.text
    assert 'href="https://example.org/privacy"' in english.text
    assert 'action="/c/grace-no-ban/opt-in"' in english.text
    assert (
        'name="zip" inputmode="numeric" maxlength="10" autocomplete="postal-code" value="05401"'
        in english.text
    )
    spanish = client.post("/c/grace-no-ban?lang=es", data={"address": "05401", "lang": "es"}, headers=HTML)
    assert f"Quiero recibir novedades de {SENDER}" in spanish.text
    assert f"Aviso de privacidad de {SENDER}" in spanish.text
    engine.dispose()


def test_without_the_box_ticked_nothing_is_stored_or_sent(client: TestClient, settings: Settings) -> None:
    engine = engine_of(settings)
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
        answer = client.post("/c/grace-no-ban/opt-in", data={**OPT_IN, "opt_in": ""}, headers=HTML)
        assert answer.status_code == 200
        assert "Nothing was sent" in answer.text
        assert stored_messages(engine) == []
        assert receiver.received == []
    engine.dispose()


def test_a_bad_email_is_shown_beside_its_field_in_the_pages_language(
    client: TestClient, settings: Settings
) -> None:
    engine = engine_of(settings)
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
    answer = client.post(
        "/c/grace-no-ban/opt-in", data={**OPT_IN, "email": "ana", "lang": "es"}, headers=HTML
    )
    assert answer.status_code == 422
    assert "Escriba su correo electrónico, por favor." in answer.text
    assert 'value="Ana Reyes"' in answer.text, "what was typed is kept"
    assert stored_messages(engine) == []
    engine.dispose()


def test_the_opt_in_reaches_the_organization_then_is_deleted_here(
    client: TestClient, settings: Settings, census: respx.Router
) -> None:
    census.route(host="127.0.0.1").pass_through()  # the receiver is real; only the Census is recorded
    engine = engine_of(settings)
    with running_receiver() as receiver, time_machine.travel(T0, tick=False):
        endpoint = new_endpoint(engine, receiver.url, events=("supporter.opted_in",))
        answer = client.post("/c/grace-no-ban/opt-in", data=OPT_IN, headers=HTML)
        assert answer.status_code == 200
        assert f"Thank you! {SENDER} will keep you updated." in answer.text
        [message] = stored_messages(engine)
        assert message.personal
        assert "ana@example.org" in (message.payload or "")
        run_due(engine, now=T0)
        [request] = receiver.received
        sent = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert sent["type"] == "supporter.opted_in"
    assert sent["data"] == {
        "campaign": "grace-no-ban",
        "partner": None,
        "source": None,
        "name": "Ana Reyes",
        "email": "ana@example.org",
        "zip": "05401",
        "language": "en",
        "consented_at": "2026-12-07T18:00:00Z",
        "privacy_url": "https://example.org/privacy",
    }
    [message] = stored_messages(engine)
    assert message.payload is None, "deleted once delivered"
    with Session(engine) as session:
        everything = json.dumps(
            [row.model_dump(mode="json") for row in session.exec(select(WebhookDelivery))]
        )
    assert "ana@example.org" not in everything
    engine.dispose()


def test_an_opt_in_never_delivered_is_deleted_after_7_days(
    client: TestClient, settings: Settings, census: respx.Router
) -> None:
    census.route(host="127.0.0.1").pass_through()
    engine = engine_of(settings)
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url, events=("supporter.opted_in",))
    # The receiver is gone: every attempt fails.
    with time_machine.travel(T0, tick=False) as clock:
        assert client.post("/c/grace-no-ban/opt-in", data=OPT_IN, headers=HTML).status_code == 200
        run_due(engine, now=T0)
        clock.move_to(T0 + timedelta(days=6, hours=23))
        with write_scope(engine) as session:
            assert purge_personal_payloads(session, now=T0 + timedelta(days=6, hours=23)) == 0
        assert stored_messages(engine)[0].payload is not None
        clock.move_to(T0 + timedelta(days=7, minutes=1))
        with write_scope(engine) as session:
            assert purge_personal_payloads(session, now=T0 + timedelta(days=7, minutes=1)) == 1
    [message] = stored_messages(engine)
    assert message.payload is None
    with Session(engine) as session:
        [delivery] = session.exec(select(WebhookDelivery)).all()
    assert delivery.status == "expired"
    assert run_due(engine, now=T0 + timedelta(days=8)) == [], "nothing left to send"
    engine.dispose()


def test_the_embed_takes_the_opt_in_inside_the_partners_frame(client: TestClient, settings: Settings) -> None:
    engine = engine_of(settings)
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
    page = client.post("/c/grace-no-ban/embed", data={"address": "05401"}, headers=HTML)
    assert 'action="/c/grace-no-ban/embed/opt-in"' in page.text
    answer = client.post("/c/grace-no-ban/embed/opt-in", data={**OPT_IN, "lang": "es"}, headers=HTML)
    assert answer.status_code == 200
    assert '<body class="embed">' in answer.text
    assert f"¡Gracias! {SENDER} le mantendrá al tanto." in answer.text
    assert len(stored_messages(engine)) == 1
    engine.dispose()


def test_page_views_reuse_the_offer_for_a_few_seconds(database_url: str) -> None:
    engine = create_db_engine(database_url)
    moments = iter([0.0, 5.0, 11.0])
    offers = OptInOffers(ttl_seconds=10, clock=lambda: next(moments))
    with Session(engine) as session:
        assert offers.offer(session, campaign_slug="grace-no-ban") is None
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
    with Session(engine) as session:
        assert offers.offer(session, campaign_slug="grace-no-ban") is None, "still the cached answer"
        offer = offers.offer(session, campaign_slug="grace-no-ban")
    assert offer is not None
    assert offer.sender_name == SENDER
    engine.dispose()
