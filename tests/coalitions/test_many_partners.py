"""1,000 partners on one campaign: reading them, their tallies and a visitor's code stay a few queries."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from sqlmodel import Session

from app.campaigns.attribution import attribute_visit
from app.campaigns.partners import partners_of
from app.models.organizations import CampaignPartner, Organization
from app.storage.db import create_db_engine, session_scope
from app.tallies.by_partner import partner_tallies
from tests.coalitions.support import SLUG

PARTNERS = 1000


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_thousand_partners_cost_the_same_few_queries(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        organizations = [Organization(name=f"Partner {n:04d}") for n in range(PARTNERS)]
        session.add_all(organizations)
        session.flush()
        session.add_all(
            CampaignPartner(campaign_slug=SLUG, organization_id=org.id, code=f"partner-{n:04d}")
            for n, org in enumerate(organizations)
        )
    with Session(engine) as session, counted(engine) as statements:
        started = time.perf_counter()
        listed = partners_of(session, slug=SLUG)
        found = attribute_visit(session, slug=SLUG, params={"p": "partner-0999"})
        tallies = partner_tallies(session, slug=SLUG)
        elapsed = time.perf_counter() - started
    engine.dispose()
    assert len(listed) == PARTNERS
    assert found.partner_name == "Partner 0999"
    assert len(tallies.partners) == PARTNERS
    assert len(statements) <= 8, statements
    assert elapsed < 2.0
