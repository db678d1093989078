"""The standing attack suite's counters part (issue 25, item 2): the public counter, the tallies and
the staff's wrong-number list cannot be inflated by repeating one report, on any path.

An attacker keeps one lookup token and posts the no-JavaScript form again and again with only
`lookup`, `target_id` and `outcome` (so every post carries a fresh browser token and no client
address was used); or the API with a new browser token each time. One lookup reports each of its
targets once, whoever sends it and whichever process stores it (a unique key in the database);
reports on every path are held to the same limit per client address; the wrong-number list
counts distinct lookups. On SQLite and PostgreSQL.
"""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.civic.directory.corrections import wrong_number_reports
from app.kernel.vocabulary import CallMethod, Chamber
from app.models.calls import CallLeg, CallSession
from app.models.tallies import TallyCaller
from app.settings import Settings
from app.storage.db import create_db_engine
from app.tallies.queries import calls_made_total
from tests.support import AppFor, app_settings, recorded_census

SLUG = "ma-safe-communities"
PAGE = f"/c/{SLUG}"
API = f"/api/v1/campaigns/{SLUG}/outcomes"
BOSTON = "1 Ashburton Place, Boston, MA 02108"
LOOKUP = re.compile(r'name="lookup" value="([^"]+)"')
TARGET = re.compile(r'name="target_id" value="([^"]+)"')


def serve(app_for: AppFor, url: str, **overrides: object) -> Iterator[TestClient]:
    with recorded_census(), TestClient(app_for(app_settings(url, **overrides))) as client:
        yield client


@pytest.fixture
def client(synced_url: str, app_for: AppFor) -> Iterator[TestClient]:
    yield from serve(app_for, synced_url)


@pytest.fixture
def limited(synced_url: str, app_for: AppFor) -> Iterator[TestClient]:
    yield from serve(app_for, synced_url, report_limit_per_ip_per_hour=2)


def looked_up(client: TestClient) -> tuple[str, list[str]]:
    """A lookup the page answered without JavaScript: its token and the targets it showed."""
    page = client.post(PAGE, data={"address": BOSTON}, headers={"accept": "text/html"})
    assert page.status_code == 200, page.text
    lookup = LOOKUP.search(page.text)
    assert lookup is not None
    return lookup.group(1), list(dict.fromkeys(TARGET.findall(page.text)))


def bare_post(client: TestClient, *, lookup: str, target_id: str, outcome: str) -> int:
    """The attack's post: no token, no address, nothing but the report."""
    data = {"lookup": lookup, "target_id": target_id, "outcome": outcome}
    return int(client.post(PAGE, data=data, headers={"accept": "text/html"}).status_code)


def counted(client: TestClient) -> tuple[int, int, int, int]:
    """Self-dialed calls, their legs, unique callers and the public counter's total."""
    settings: Settings = client.app.state.services.settings  # type: ignore[attr-defined]
    engine = create_db_engine(settings.database_url)
    try:
        with Session(engine) as session:
            calls = session.exec(select(func.count()).select_from(CallSession)).one()
            legs = session.exec(select(func.count()).select_from(CallLeg)).one()
            callers = session.exec(select(func.count()).select_from(TallyCaller)).one()
            return calls, legs, callers, calls_made_total(session, campaign=SLUG)
    finally:
        engine.dispose()


def test_repeating_the_form_post_counts_one_caller(client: TestClient) -> None:
    lookup, targets = looked_up(client)
    for _ in range(60):
        bare_post(client, lookup=lookup, target_id=targets[0], outcome="contact")
    assert counted(client) == (1, 1, 1, 1)


def test_a_repeat_answers_as_the_first_report_did(client: TestClient) -> None:
    lookup, targets = looked_up(client)
    first = {"token": "browser-token-aaaaaaaaaa", "target_id": targets[0], "lookup": lookup}
    assert client.post(API, json={**first, "outcome": "voicemail"}).json()["outcome"] == "voicemail"
    again = {**first, "token": "browser-token-bbbbbbbbbb", "outcome": "contact"}
    for _ in range(5):
        answer = client.post(API, json=again)
        assert (answer.status_code, answer.json()["outcome"]) == (200, "voicemail")
    page = client.post(
        PAGE, data={**again, "address": BOSTON}, headers={"accept": "text/html"}
    )  # the page says what was recorded: the first report
    assert "Left a voicemail" in page.text.split('id="flow-status"')[1].split("</p>")[0]
    corrected = client.post(API, json={**first, "outcome": "contact"})
    assert corrected.json()["outcome"] == "contact", "the browser that reported may correct itself"
    assert counted(client)[:3] == (1, 1, 1)


def test_the_form_is_held_to_the_report_limit_like_the_api(limited: TestClient) -> None:
    lookup, targets = looked_up(limited)
    assert len(targets) == 2
    assert (
        limited.post(
            API,
            json={
                "token": "browser-token-aaaaaaaaaa",
                "outcome": "contact",
                "lookup": lookup,
                "target_id": targets[0],
            },
        ).status_code
        == 200
    )
    bare_post(limited, lookup=lookup, target_id=targets[1], outcome="contact")
    assert counted(limited)[1] == 2, "a report without an address is still a report"
    fresh, _ = looked_up(limited)
    refused = limited.post(
        PAGE,
        data={"lookup": fresh, "target_id": targets[0], "outcome": "contact", "address": BOSTON},
        headers={"accept": "text/html"},
    )
    assert refused.status_code == 429
    assert "Too many calls reported from this connection" in refused.text
    assert 'name="target_id"' in refused.text, "the cards are still shown"
    assert counted(limited)[1] == 2


def test_repeated_wrong_numbers_do_not_put_an_office_first(client: TestClient) -> None:
    lookup, targets = looked_up(client)
    senator, representative = targets
    for _ in range(40):
        bare_post(client, lookup=lookup, target_id=senator, outcome="wrong-number")
    for _ in range(2):
        other, _ = looked_up(client)
        bare_post(client, lookup=other, target_id=representative, outcome="wrong-number")
    settings: Settings = client.app.state.services.settings  # type: ignore[attr-defined]
    engine = create_db_engine(settings.database_url)
    try:
        with Session(engine) as session:
            reports = [(r.target_id, r.reports) for r in wrong_number_reports(session)]
    finally:
        engine.dispose()
    assert reports == [(representative, 2), (senator, 1)]


def test_the_database_holds_one_report_per_lookup_and_target(synced_url: str) -> None:
    """The key is the database's, so two processes that both found no report cannot both add one."""
    engine = create_db_engine(synced_url)
    try:
        for n in range(2):
            with Session(engine) as session:
                call = CallSession(id=f"self-{n}", campaign_slug=SLUG, mode=CallMethod.SELF_DIALED)
                leg = CallLeg(
                    session_id=call.id,
                    position=0,
                    target_id="T1",
                    name="A",
                    chamber=Chamber.STATE_UPPER,
                    state="MA",
                    lookup_key="k" * 64,
                )
                session.add(call)
                session.flush()
                session.add(leg)
                if n == 0:
                    session.commit()
                else:
                    with pytest.raises(IntegrityError):
                        session.commit()
        with Session(engine) as session:
            placed = [
                CallLeg(
                    session_id="self-0",
                    position=p,
                    target_id="T1",
                    name="A",
                    chamber=Chamber.STATE_UPPER,
                    state="MA",
                )
                for p in (1, 2)
            ]
            session.add_all(placed)
            session.commit()  # legs of placed calls have no lookup: never compared
            assert session.exec(select(func.count()).where(col(CallLeg.lookup_key).is_(None))).one() == 2
    finally:
        engine.dispose()
