"""Two organizers on one campaign, on SQLite and PostgreSQL: the second save, made on top of the
revision both opened, is refused naming who changed it and when; nothing of it is written."""

from collections.abc import Iterator

import pytest
import time_machine
from sqlalchemy import Engine

from app.campaigns.builder import editing_form, save_edited_campaign
from app.campaigns.store import get_campaign, load_campaign_dir
from app.kernel.errors import CampaignConflictError
from app.storage.db import create_db_engine, session_scope
from tests.support import PROJECT

SLUG = "ma-safe-communities"


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = create_db_engine(migrated_url)
    with session_scope(engine) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    yield engine
    engine.dispose()


@time_machine.travel("2026-12-07 17:30:00Z", tick=False)
def test_the_second_save_on_the_same_revision_is_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        first, _ = editing_form(session, slug=SLUG)
        second, _ = editing_form(session, slug=SLUG)
    assert first.revision == second.revision
    first.goal = "100"
    with session_scope(engine) as session:
        save_edited_campaign(session, slug=SLUG, form=first, editor="ana@example.org")
    second.goal = "999"
    second.languages[0].title = "Overwritten?"
    with pytest.raises(CampaignConflictError) as refused, session_scope(engine) as session:
        save_edited_campaign(session, slug=SLUG, form=second, editor="bo@example.org")
    assert refused.value.message.startswith(
        "This campaign was changed by ana@example.org at 2026-12-07 17:30 UTC"
    )
    with session_scope(engine) as session:
        stored = get_campaign(session, slug=SLUG)
        reopened, text = editing_form(session, slug=SLUG)
    assert stored.goal == 100
    assert stored.title != "Overwritten?"
    assert int(reopened.revision) == int(first.revision) + 1
    assert "# " in text, "the file's comments are still there"
    reopened.goal = "999"
    with session_scope(engine) as session:
        save_edited_campaign(session, slug=SLUG, form=reopened, editor="bo@example.org")
        assert get_campaign(session, slug=SLUG).goal == 999
