"""The tallies dashboard, its CSV downloads and JSON API, against counters written like the recorder does."""

import csv
import io
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

import pytest
import respx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from app.campaigns.store import get_campaign, save_campaign
from app.runtime.container import build_services
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from app.tallies.facts import LegFacts
from app.tallies.filters import TallyFilter
from app.tallies.queries import TARGET_SORTS, TargetSort
from app.web.routes.tallies import tallies_router
from tests.support import STAFF_EMAIL, AppFor, add_accounts, new_token, sign_in
from tests.tallies.support import allow_staff, outcome_counts, record_legs, seeded_legs

URL = "/api/v1/campaigns/grace-no-ban/tallies"
PAGE = "/admin/campaigns/grace-no-ban/tallies"


@pytest.fixture
def legs(settings: Settings) -> list[LegFacts]:
    engine = create_db_engine(settings.database_url)
    history = seeded_legs(datetime.now(UTC) - timedelta(minutes=1))
    record_legs(engine, history)
    engine.dispose()
    return history


@pytest.fixture
def staff(
    settings: Settings, census: respx.Router, legs: list[LegFacts], app_for: AppFor
) -> Iterator[TestClient]:
    token = new_token(settings.database_url, "staff")
    with TestClient(app_for(settings), headers={"authorization": f"Bearer {token}"}) as test_client:
        yield test_client


def csv_rows(client: TestClient, **params: str) -> list[dict[str, str]]:
    response = client.get(f"{PAGE}.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_api_answers_the_documented_shape(staff: TestClient, legs: list[LegFacts]) -> None:
    response = staff.get(URL)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["calls"] == len(legs)
    assert body["calls_started"] == len(legs)
    assert body["unique_callers"] == 37
    assert body["outcomes"] == {**dict.fromkeys(body["outcomes"], 0), **outcome_counts(legs)}
    assert body["connected"] == sum(leg.connected for leg in legs)
    assert body["goal"] is None
    by_name = {t["name"]: t for t in body["targets"]}
    per_target = Counter(leg.target_name for leg in legs)
    assert {name: t["calls"] for name, t in by_name.items()} == dict(per_target)
    warren = by_name["Elizabeth Warren"]
    assert warren["chamber"] == "us-senate"
    assert warren["outcomes"]["contact"] == sum(
        1 for leg in legs if leg.target_name == "Elizabeth Warren" and leg.outcome == "contact"
    )
    calls = [t["calls"] for t in body["targets"]]
    assert calls == sorted(calls, reverse=True)
    assert len(body["over_time"]["hourly"]) == 72
    assert sum(p["calls"] for p in body["over_time"]["daily"]) == len(legs)
    assert {s["state"] for s in body["states"]} == {"MA", "WY"}


def test_api_filters_and_sorts(staff: TestClient, legs: list[LegFacts]) -> None:
    body = staff.get(URL, params={"chamber": "us-house", "method": "bridged", "language": "es"}).json()
    expected = [
        leg for leg in legs if (leg.chamber, leg.method, leg.language) == ("us-house", "bridged", "es")
    ]
    assert body["calls"] == len(expected)
    assert body["filters"] == {"chamber": "us-house", "language": "es", "method": "bridged"}
    assert {t["chamber"] for t in body["targets"]} <= {"us-house"}
    by_name = staff.get(URL, params={"sort": "name", "order": "asc"}).json()["targets"]
    assert [t["name"] for t in by_name] == sorted(t["name"] for t in by_name)
    today = datetime.now(UTC).date()
    only_today = staff.get(URL, params={"since": today.isoformat(), "until": today.isoformat()}).json()
    assert only_today["calls"] == sum(1 for leg in legs if leg.started_at.date() == today)


def test_the_api_sorts_by_exactly_what_the_queries_sort_by() -> None:
    assert get_args(TargetSort) == tuple(TARGET_SORTS)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"since": "yesterday"}, "invalid_filter"),
        ({"since": "2026-11-20", "until": "2026-11-01"}, "invalid_filter"),
        ({"chamber": "house-of-lords"}, "invalid_filter"),
        ({"sort": "party"}, "invalid_request"),
    ],
)
def test_bad_filters_are_clear_422s(staff: TestClient, params: dict[str, str], code: str) -> None:
    response = staff.get(URL, params=params)
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_unknown_campaign_is_404(staff: TestClient) -> None:
    response = staff.get("/api/v1/campaigns/no-such-campaign/tallies")
    assert response.status_code == 404
    assert response.json()["code"] == "campaign_not_found"


def test_target_csv_matches_the_database(staff: TestClient, settings: Settings, legs: list[LegFacts]) -> None:
    rows = csv_rows(staff, table="targets")
    engine = create_db_engine(settings.database_url)
    with engine.connect() as connection:
        stored = connection.execute(
            text(
                "SELECT target_id, sum(contact), sum(voicemail), sum(unavailable), sum(skipped),"
                " sum(wrong_number), sum(failed), sum(pending) FROM tally_target_day"
                " WHERE campaign = 'grace-no-ban' GROUP BY target_id"
            )
        ).all()
    engine.dispose()
    outcomes = ("contact", "voicemail", "unavailable", "skipped", "wrong-number", "failed", "pending")
    from_database = {
        (target, outcome): int(n)
        for target, *counts in stored
        for outcome, n in zip(outcomes, counts, strict=True)
        if n
    }
    from_csv = {
        (row["target_id"], outcome): int(row[outcome])
        for row in rows
        for outcome in outcomes
        if int(row[outcome])
    }
    assert from_csv == from_database
    assert sum(int(row["calls"]) for row in rows) == len(legs)
    assert "phone" not in rows[0]
    assert "address" not in rows[0]


def test_state_district_and_over_time_csvs(staff: TestClient, legs: list[LegFacts]) -> None:
    states = {row["state"]: int(row["calls"]) for row in csv_rows(staff, table="states")}
    assert states == dict(Counter(leg.state for leg in legs))
    districts = csv_rows(staff, table="districts")
    house = Counter((leg.state, leg.district) for leg in legs if leg.chamber == "us-house")
    assert {(row["state"], row["district"]): int(row["calls"]) for row in districts} == dict(house)
    over_time = csv_rows(staff, table="over-time")
    assert sum(int(row["calls"]) for row in over_time if row["period"] == "day") == len(legs)
    assert sum(1 for row in over_time if row["period"] == "hour") == 72


def test_dashboard_page_has_chart_tables_filters_and_csv_links(
    staff: TestClient, legs: list[LegFacts]
) -> None:
    response = staff.get(PAGE, params={"method": "self-dialed"}, headers={"accept": "text/html"})
    assert response.status_code == 200
    html = response.text
    assert html.count("<svg") == 2
    assert 'class="bar"' in html
    assert 'id="targets"' in html
    assert 'id="districts"' in html
    assert "tallies.csv?method=self-dialed&amp;table=targets" in html
    assert '<option value="self-dialed" selected>Dialed themselves</option>' in html
    assert ">State senate</option>" in html
    assert '<th scope="col">Spoke to staff</th>' in html
    assert '<th scope="col">Pending</th>' in html
    self_dialed = sum(1 for leg in legs if leg.method == "self-dialed")
    assert f'data-stat="calls">{self_dialed}<' in html


def test_the_app_refuses_anonymous_staff_requests(client: TestClient) -> None:
    for path in [URL, f"{PAGE}.csv?table=targets"]:
        response = client.get(path)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    page = client.get(PAGE, headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/admin/login?next={PAGE}"


def test_a_signed_in_staff_member_reads_the_dashboard(client: TestClient, database_url: str) -> None:
    add_accounts(database_url)
    assert sign_in(client, STAFF_EMAIL).status_code == 303
    page = client.get(PAGE, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "<svg" in page.text
    assert client.get(URL).status_code == 200


def test_campaign_page_shows_calls_made_and_goal_progress(
    settings: Settings,
    census: respx.Router,
    legs: list[LegFacts],
    app_for: AppFor,
) -> None:
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        spec = get_campaign(session, slug="grace-no-ban")
        save_campaign(session, spec=spec.model_copy(update={"goal": 200}), source="test")
    engine.dispose()
    made = sum(1 for leg in legs if leg.outcome in ("contact", "voicemail", "unavailable", "wrong-number"))
    with TestClient(app_for(settings)) as client:
        html = client.get("/c/grace-no-ban").text
    assert f'data-calls-made="{made}">{made} calls made · goal 200' in html
    assert f'<progress max="200" value="{made}"' in html


class ListedLegs:
    """This test's own LegSource: the legs it was given, filtered by method as the real one will be."""

    def __init__(self, legs: list[LegFacts]) -> None:
        self.legs = legs

    def iter_legs(self, session: Session, *, campaign: str, filters: TallyFilter) -> Iterator[LegFacts]:
        return iter(
            [leg for leg in self.legs if leg.campaign == campaign and filters.method in (None, leg.method)]
        )


def test_raw_legs_csv_streams_what_the_leg_source_yields(settings: Settings, legs: list[LegFacts]) -> None:
    app = FastAPI()
    app.state.services = build_services(settings)
    app.include_router(tallies_router(allow_staff, leg_source=ListedLegs(legs)))
    with TestClient(app) as client:
        response = client.get(f"{PAGE}.csv", params={"table": "legs", "method": "call-in"})
    app.state.services.close()
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="grace-no-ban-legs.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    call_in = [leg for leg in legs if leg.method == "call-in"]
    assert len(rows) == len(call_in)
    assert rows[0] == {
        "campaign": "grace-no-ban",
        "started_at": call_in[0].started_at.isoformat(),
        "target_id": call_in[0].target_id,
        "target_name": call_in[0].target_name,
        "chamber": call_in[0].chamber,
        "state": call_in[0].state,
        "district": call_in[0].district,
        "language": call_in[0].language,
        "method": "call-in",
        "connected": str(int(call_in[0].connected)),
        "outcome": call_in[0].outcome_key,
    }
