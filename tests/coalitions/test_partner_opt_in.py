"""The thank-you step's opt-in names the partner whose link brought the visit, and the opt-in goes to
that partner's organization only (its signed lookup token, carried by the form, says which); a visit
through no partner's link, or a forged token, names the campaign's owner."""

import re
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient
from sqlmodel import Session
from standardwebhooks.webhooks import Webhook

from app.accounts.organizations import find_organization
from app.kernel.clock import utcnow
from app.models.webhooks import WebhookEndpoint
from app.settings import Settings
from app.storage.db import create_db_engine
from app.webhooks.endpoints import EndpointForm, add_endpoint
from tests.coalitions.support import ALLY_A, ALLY_B, LEAD, SLUG, build_coalition
from tests.support import HTML
from tests.webhooks.receiver import Receiver, running_receiver
from tests.webhooks.support import LOOPBACK, run_due

BOSTON = "1 Ashburton Place, Boston, MA 02108"
OPT_IN = {"opt_in": "yes", "name": "Ana Reyes", "email": "ana@example.org", "zip": "02108"}
OPT_IN_LOOKUP = re.compile(
    r'class="opt-in">\s*<input[^>]*name="lang"[^>]*>\s*<input type="hidden" name="lookup" value="([^"]+)"'
)


@pytest.fixture
def receivers(
    settings: Settings, census: respx.Router
) -> Iterator[dict[str, tuple[Receiver, WebhookEndpoint]]]:
    """Each of the three organizations takes opt-ins, under its own name, on its own receiver."""
    census.route(host="127.0.0.1").pass_through()  # the receivers are real; only the Census is recorded
    build_coalition(settings.database_url)
    engine = create_db_engine(settings.database_url)
    with ExitStack() as stack:
        made = {}
        for name in (LEAD, ALLY_A, ALLY_B):
            receiver = stack.enter_context(running_receiver())
            with Session(engine) as session:
                organization = find_organization(session, name=name)
            assert organization is not None
            assert organization.id is not None
            form = EndpointForm(
                url=receiver.url,
                events=("supporter.opted_in",),
                sender_name=name,
                privacy_url=f"https://example.org/{organization.id}/privacy",
            )
            made[name] = (
                receiver,
                add_endpoint(engine, organization_id=organization.id, form=form, allowed=LOOPBACK),
            )
        yield made
    engine.dispose()


def thank_you_step(client: TestClient, query: str = "") -> tuple[str, str]:
    """The page after a lookup (its thank-you step included) and the lookup token its opt-in carries."""
    page = client.post(f"/c/{SLUG}{query}", data={"address": BOSTON}, headers=HTML)
    assert page.status_code == 200
    carried = OPT_IN_LOOKUP.search(page.text)
    assert carried is not None, "the opt-in form carries the lookup"
    return page.text, carried.group(1)


def delivered(
    settings: Settings, receivers: dict[str, tuple[Receiver, WebhookEndpoint]]
) -> dict[str, list[dict[str, Any]]]:
    """What each organization received, verified with its endpoint's secret."""
    engine = create_db_engine(settings.database_url)
    run_due(engine, now=utcnow())
    engine.dispose()
    return {
        name: [Webhook(endpoint.secret).verify(r.body, r.headers)["data"] for r in receiver.received]
        for name, (receiver, endpoint) in receivers.items()
    }


def test_the_opt_in_names_the_partner_that_brought_the_visit_and_goes_to_it_alone(
    client: TestClient, settings: Settings, receivers: dict[str, tuple[Receiver, WebhookEndpoint]]
) -> None:
    page, lookup = thank_you_step(client, "?p=ally-a&src=newsletter")
    assert "Keep me updated by Ally A" in page
    assert f"Keep me updated by {LEAD}" not in page
    answer = client.post(f"/c/{SLUG}/opt-in", data={**OPT_IN, "lookup": lookup}, headers=HTML)
    assert answer.status_code == 200
    assert "Thank you! Ally A will keep you updated." in answer.text
    told = delivered(settings, receivers)
    assert told[LEAD] == []
    assert told[ALLY_B] == []
    [data] = told[ALLY_A]
    assert (data["partner"], data["source"], data["email"]) == ("ally-a", "newsletter", "ana@example.org")
    assert data["privacy_url"] == receivers[ALLY_A][1].privacy_url


def test_a_bad_field_shows_the_partners_form_again_with_its_lookup(
    client: TestClient, receivers: dict[str, tuple[Receiver, WebhookEndpoint]]
) -> None:
    _page, lookup = thank_you_step(client, "?p=ally-b")
    answer = client.post(
        f"/c/{SLUG}/embed/opt-in",
        data={**OPT_IN, "email": "ana", "lookup": lookup, "lang": "es"},
        headers=HTML,
    )
    assert answer.status_code == 422
    assert "Quiero recibir novedades de Ally B" in answer.text
    assert f'name="lookup" value="{lookup}"' in answer.text
    assert f'href="/c/{SLUG}/embed?lang=es&amp;p=ally-b"' in answer.text, "the way back keeps the partner"


def test_without_a_partner_or_with_a_forged_token_the_owner_is_named(
    client: TestClient, settings: Settings, receivers: dict[str, tuple[Receiver, WebhookEndpoint]]
) -> None:
    page, lookup = thank_you_step(client)
    assert f"Keep me updated by {LEAD}" in page
    _page, partners = thank_you_step(client, "?p=ally-a")
    forged = partners[:-3] + ("AAA" if not partners.endswith("AAA") else "BBB")
    for token in (lookup, forged, ""):
        answer = client.post(f"/c/{SLUG}/opt-in", data={**OPT_IN, "lookup": token}, headers=HTML)
        assert f"Thank you! {LEAD} will keep you updated." in answer.text
    told = delivered(settings, receivers)
    assert (len(told[LEAD]), told[ALLY_A], told[ALLY_B]) == (3, [], [])
    assert {data["partner"] for data in told[LEAD]} == {None}
