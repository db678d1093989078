"""The campaign page shows state legislators in every shape of district, with phones."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.campaigns.files import parse_campaign_yaml
from app.campaigns.store import save_campaign
from app.storage.db import create_db_engine

EVERY_STATE_CAMPAIGN = """
slug: call-your-statehouse
title: Call your state legislators
status: live
targets:
  chambers: [state-upper, state-lower]
scripts:
  en:
    text: "Hello {{ target.title }} {{ target.last_name }}, I live in {{ caller.city }}."
"""


@pytest.fixture
def state_campaign(database_url: str) -> str:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        save_campaign(session, spec=parse_campaign_yaml(EVERY_STATE_CAMPAIGN, name="test"), source="test")
        session.commit()
    engine.dispose()
    return "/c/call-your-statehouse"


@pytest.mark.parametrize(
    ("address", "names", "note"),
    [
        ("55 Main St, Center Ossipee, NH 03814", ["Mark McConkey", "Bobbi Boudman", "Jonathan Smith"], None),
        ("203 S 4th St, Oakland, MD 21550", ["Senator Mike McKay", "Delegate Jim Hinebaugh"], None),
        ("1700 W Washington St, Phoenix, AZ 85007", ["Junelle Cavero", "Oscar De Los Santos"], None),
        (
            "1445 K St, Lincoln, NE 68508",
            ["Senator Danielle Conrad"],
            "Nebraska has a one-house legislature: no state house.",
        ),
        (
            "109 State St, Montpelier, VT 05602",
            ["Ann Cummings", "Andrew Perchlik", "Anne Watson", "Kate McCann"],
            None,
        ),
        (
            "1315 10th St, Sacramento, CA 95814",
            ["Senator Angelique Ashby", "Assemblymember Maggy Krell"],
            None,
        ),
    ],
)
def test_state_legislators_on_the_page(
    client: TestClient, state_campaign: str, address: str, names: list[str], note: str | None
) -> None:
    page = client.post(state_campaign, data={"address": address})
    assert page.status_code == 200
    for name in names:
        assert name in page.text
    assert 'href="tel:+1' in page.text
    if note:
        assert note in page.text
    assert "vacant" not in page.text


def test_the_page_says_when_only_the_capitol_number_is_listed(
    client: TestClient, state_campaign: str
) -> None:
    page = client.post(state_campaign, data={"address": "203 S 4th St, Oakland, MD 21550"})
    assert page.text.count("No local office number is listed; this is the capitol office.") == 2
    assert "Capitol office" in page.text
