"""A coalition to test with: three organizations, one campaign, two partners, an account per role."""

from dataclasses import dataclass

from sqlmodel import Session

from app.accounts.organizations import (
    add_organization,
    default_organization,
    remove_membership,
    set_membership,
)
from app.accounts.service import add_user, create_token
from app.campaigns.partners import add_partner
from app.models.campaigns import Campaign
from app.storage.db import create_db_engine, session_scope
from tests.support import PASSWORD, PASSWORDS

SLUG = "grace-no-ban"
LEAD, ALLY_A, ALLY_B = "Lead Coalition", "Ally A", "Ally B"
# email → (account role, organization, role there)
ACCOUNTS = {
    "lead-organizer@example.org": ("organizer", LEAD, "organizer"),
    "lead-viewer@example.org": ("staff", LEAD, "viewer"),
    "a-admin@example.org": ("organizer", ALLY_A, "admin"),
    "a-viewer@example.org": ("staff", ALLY_A, "viewer"),
    "b-viewer@example.org": ("staff", ALLY_B, "viewer"),
    "outsider@example.org": ("organizer", None, None),
    "root@example.org": ("admin", None, None),
}


@dataclass(frozen=True)
class Coalition:
    partner_a: int
    partner_b: int
    code_a: str
    code_b: str
    lead_token: str
    a_token: str


def build_coalition(database_url: str) -> Coalition:
    """Lead owns grace-no-ban; Ally A (code ally-a) and Ally B (code ally-b) are its partners."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        organizations = {name: add_organization(session, name=name).id for name in (LEAD, ALLY_A, ALLY_B)}
        for email, (role, organization, org_role) in ACCOUNTS.items():
            user = add_user(session, email=email, password=PASSWORD, role=role, passwords=PASSWORDS)
            if organization is not None:
                assert user.id is not None
                org_id = organizations[organization]
                assert org_id is not None
                set_membership(session, user_id=user.id, organization_id=org_id, role=org_role or "viewer")
                _leave_default(session, user_id=user.id)
        campaign = session.get(Campaign, SLUG)
        assert campaign is not None
        campaign.organization_id = organizations[LEAD]
        session.add(campaign)
        a = add_partner(session, slug=SLUG, organization=ALLY_A, code="ally-a")
        b = add_partner(session, slug=SLUG, organization=ALLY_B, code="ally-b")
        _row, lead_token = create_token(session, role="staff", name="lead", organization=LEAD)
        _row, a_token = create_token(session, role="staff", name="ally a", organization=ALLY_A)
    engine.dispose()
    return Coalition(a.id, b.id, a.code, b.code, lead_token, a_token)


def _leave_default(session: Session, *, user_id: int) -> None:
    default = default_organization(session)
    assert default.id is not None
    remove_membership(session, user_id=user_id, organization_id=default.id)
