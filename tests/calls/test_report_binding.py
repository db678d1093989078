"""Self-reports need a lookup the server answered, for a target it showed, within limits (issue 13, 5)."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import respx
import time_machine
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.calls.lookup_tokens import read_lookup_token
from app.kernel.errors import OutcomeInvalidError
from app.models.calls import CallLeg
from app.settings import Settings
from app.storage.db import create_db_engine
from tests.calls.test_click_to_call import BOSTON
from tests.support import AppFor

URL = "/api/v1/campaigns/grace-no-ban/outcomes"
CA_STATE_SENATOR = "ocd-person/0d3c5c2e-0000-0000-0000-000000000000"


def shown(client: TestClient, slug: str = "grace-no-ban") -> dict[str, object]:
    answer = client.get(f"/api/v1/campaigns/{slug}/targets", params={"address": BOSTON})
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


BROWSER = "browser-token-0123456789"


def report(client: TestClient, lookup: str, target_id: str, browser: str = BROWSER, url: str = URL) -> int:
    body = {"token": browser, "target_id": target_id, "outcome": "contact", "lookup": lookup}
    return int(client.post(url, json=body).status_code)


def test_random_tokens_and_unshown_targets_count_nothing(client: TestClient) -> None:
    answer = shown(client)
    lookup = str(answer["lookup"])
    assert report(client, "made-up-token", "W000817") == 422
    assert report(client, lookup[:-2] + "xx", "W000817") == 422, "an altered token is refused"
    assert report(client, lookup, "P000145") == 422, "a California senator was never shown"
    assert report(client, lookup, CA_STATE_SENATOR) == 422
    missing = client.post(
        URL, json={"token": "browser-token-0123456789", "target_id": "W000817", "outcome": "contact"}
    )
    assert missing.status_code == 422
    engine = create_db_engine(client.app.state.services.settings.database_url)  # type: ignore[attr-defined]
    with Session(engine) as session:
        assert session.exec(select(CallLeg)).all() == [], "nothing was counted"
    engine.dispose()


def test_a_lookup_for_one_campaign_is_no_proof_for_another(client: TestClient) -> None:
    lookup = str(shown(client)["lookup"])
    other = client.post(
        "/api/v1/campaigns/ma-safe-communities/outcomes",
        json={
            "token": "browser-token-0123456789",
            "target_id": "W000817",
            "outcome": "contact",
            "lookup": lookup,
        },
    )
    assert other.status_code == 422
    assert report(client, lookup, "W000817") == 200


def test_a_repeated_lookup_answers_the_same_with_a_token_of_its_own(client: TestClient) -> None:
    first, again = shown(client), shown(client)
    tokens = [str(first.pop("lookup")), str(again.pop("lookup"))]
    assert first == again
    assert tokens[0] != tokens[1]
    grants = [read_lookup_token(token, secret=secret_of(client)) for token in tokens]
    assert grants[0].target_ids == grants[1].target_ids == {"W000817", "M000133", "P000617"}
    assert grants[0].key != grants[1].key, "two lookups, each reporting its targets once"
    assert [report(client, token, "W000817") for token in tokens] == [200, 200]


def secret_of(client: TestClient) -> str:
    return str(client.app.state.services.settings.secret_key.get_secret_value())  # type: ignore[attr-defined]


def test_the_page_carries_the_lookup_for_its_report_buttons(client: TestClient) -> None:
    page = client.post("/c/grace-no-ban", data={"address": BOSTON}, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert 'name="lookup" value="' in page.text


def test_a_lookup_token_expires() -> None:
    from itsdangerous import URLSafeTimedSerializer

    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), tick=False) as clock:
        token = URLSafeTimedSerializer("secret", salt="switchboard-lookup").dumps({"c": "x", "t": ["A"]})
        clock.shift(timedelta(minutes=5))
        assert read_lookup_token(token, secret="secret", max_age=timedelta(minutes=5)).target_ids == {"A"}
        clock.shift(timedelta(seconds=1))
        with pytest.raises(OutcomeInvalidError, match="too old"):
            read_lookup_token(token, secret="secret", max_age=timedelta(minutes=5))
    with pytest.raises(OutcomeInvalidError):
        read_lookup_token(token, secret="another secret")


@pytest.fixture
def limited(settings: Settings, census: respx.Router, app_for: AppFor) -> Iterator[TestClient]:
    with TestClient(app_for(settings.model_copy(update={"report_limit_per_ip_per_hour": 2}))) as client:
        yield client


def test_reports_per_client_address_are_limited(limited: TestClient) -> None:
    answer = shown(limited)
    lookup = str(answer["lookup"])
    ids = [t["id"] for t in answer["targets"]]  # type: ignore[attr-defined]
    assert len(ids) == 3
    assert report(limited, lookup, ids[0], browser="browser-token-aaaaaaaaaa") == 200
    assert report(limited, lookup, ids[1], browser="browser-token-bbbbbbbbbb") == 200
    assert report(limited, lookup, ids[1], browser="browser-token-bbbbbbbbbb") == 200, (
        "a correction is no new call"
    )
    refused = limited.post(
        URL,
        json={
            "token": "browser-token-cccccccccc",
            "target_id": ids[2],
            "outcome": "contact",
            "lookup": lookup,
        },
    )
    assert refused.status_code == 429
    assert refused.json()["code"] == "report_limit_reached"
