"""Who may see or change a campaign: tenancy in one place.

A campaign belongs to one organization. Its organizers and admins change it, its viewers read
it, and an instance administrator does both everywhere. A member of a partner organization sees
only its own partner's tallies of that campaign. Every route that names a campaign asks here.
"""

from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session, col, select

from app.accounts.organizations import EDITING_ROLES
from app.accounts.service import Principal
from app.campaigns.spec import CampaignSpec
from app.kernel.errors import CampaignNotFoundError, PermissionDeniedError
from app.models.campaigns import Campaign
from app.models.organizations import CampaignPartner

Level = Literal["edit", "view", "partner"]
NOT_YOURS = "This campaign belongs to another organization."


@dataclass(frozen=True)
class CampaignAccess:
    """What a principal may do with one campaign; `partner_id` is set for a partner's member."""

    slug: str
    level: Level
    organization_id: int | None
    partner_id: int | None = None

    @property
    def owner(self) -> bool:
        return self.level != "partner"


def campaign_access(session: Session, *, principal: Principal, slug: str) -> CampaignAccess:
    """The principal's access to `slug`; PermissionDeniedError when it has none."""
    row = session.get(Campaign, slug)
    if row is None:
        raise CampaignNotFoundError(f"There is no campaign called {slug!r}.")
    if principal.is_admin:
        return CampaignAccess(slug, "edit", row.organization_id)
    role = principal.role_in(row.organization_id)
    if role is not None:
        level: Level = "edit" if role in EDITING_ROLES and principal.may("edit") else "view"
        return CampaignAccess(slug, level, row.organization_id)
    partner = _partner_of(session, principal=principal, slug=slug)
    if partner is None:
        raise PermissionDeniedError(NOT_YOURS)
    return CampaignAccess(slug, "partner", row.organization_id, partner)


def require_access(session: Session, *, principal: Principal, slug: str, change: bool) -> CampaignAccess:
    """The principal's access to `slug` as its owner: to change it (`change`) or to read it."""
    access = campaign_access(session, principal=principal, slug=slug)
    if not access.owner or (change and access.level != "edit"):
        raise PermissionDeniedError(
            NOT_YOURS if not access.owner else "Your role here may only read this campaign."
        )
    return access


def _partner_of(session: Session, *, principal: Principal, slug: str) -> int | None:
    organizations = [org for org, _role in principal.memberships]
    if not organizations:
        return None
    return session.exec(
        select(CampaignPartner.id).where(
            CampaignPartner.campaign_slug == slug,
            col(CampaignPartner.organization_id).in_(organizations),
            CampaignPartner.status != "invited",
        )
    ).first()


def visible_campaigns(
    session: Session, *, principal: Principal, statuses: tuple[str, ...]
) -> list[CampaignSpec]:
    """The campaigns the principal owns (through its organizations) or, as an administrator, all."""
    query = select(Campaign).where(col(Campaign.status).in_(statuses)).order_by(col(Campaign.title))
    if not principal.is_admin:
        organizations = [org for org, _role in principal.memberships]
        query = query.where(col(Campaign.organization_id).in_(organizations))
    return [CampaignSpec.model_validate(row.spec) for row in session.exec(query).all()]


def home_organization(principal: Principal) -> int | None:
    """Where a new campaign of this principal goes: its first organization it may edit in (None:
    the default organization, for an administrator who belongs nowhere)."""
    home = next((org for org, role in principal.memberships if role in EDITING_ROLES), None)
    if home is None and not principal.is_admin:
        raise PermissionDeniedError("Your role in your organizations may not create campaigns.")
    return home
