"""Below a campaign's `counter_threshold` the page sends no count at all (issue 25, item 9a)."""

import re
from datetime import UTC, datetime, timedelta

import respx
from fastapi.testclient import TestClient

from app.campaigns.store import get_campaign, save_campaign
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.support import AppFor
from tests.tallies.support import record_legs, seeded_legs

MADE = ("contact", "voicemail", "unavailable", "wrong-number")


def seeded(settings: Settings, *, threshold: int) -> int:
    """16 legs recorded and the campaign's threshold set; how many of them were calls made."""
    legs = seeded_legs(datetime.now(UTC) - timedelta(minutes=1), count=16)
    engine = create_db_engine(settings.database_url)
    record_legs(engine, legs)
    with session_scope(engine) as session:
        spec = get_campaign(session, slug="grace-no-ban")
        save_campaign(session, spec=spec.model_copy(update={"counter_threshold": threshold}), source="test")
    engine.dispose()
    return sum(1 for leg in legs if leg.outcome in MADE)


def test_no_count_below_the_threshold(settings: Settings, census: respx.Router, app_for: AppFor) -> None:
    made = seeded(settings, threshold=25)
    assert 0 < made < 25
    with TestClient(app_for(settings)) as client:
        pages = [
            client.get("/c/grace-no-ban").text,
            client.get("/c/grace-no-ban/embed").text,
            client.post(
                "/c/grace-no-ban",
                data={"address": "1 Ashburton Place, Boston, MA 02108", "step": "9"},
                headers={"accept": "text/html"},
            ).text,
        ]
    for html in pages:
        assert "data-calls-made" not in html
        assert not re.search(rf"\b{made}\b[^<]*call", html), "no count anywhere in the page"


def test_the_count_from_the_threshold(settings: Settings, census: respx.Router, app_for: AppFor) -> None:
    made = seeded(settings, threshold=1)
    with TestClient(app_for(settings)) as client:
        html = client.get("/c/grace-no-ban").text
    assert f'data-calls-made="{made}"' in html
