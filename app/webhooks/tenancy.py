"""Which organizations hear of a call, and which partner brought it: the campaign's owner, the
call's partner (app.campaigns.partners) and source code, the account's organization."""

from dataclasses import dataclass

from sqlmodel import Session

from app.accounts.organizations import EDITING_ROLES, default_organization
from app.accounts.service import Principal
from app.kernel.errors import PermissionDeniedError
from app.models.call_fields import CallFields
from app.models.campaigns import Campaign
from app.models.organizations import CampaignPartner


@dataclass(frozen=True)
class Attribution:
    """The partner (its code) and source code a call came through, and the partner's organization."""

    partner: str | None = None
    source: str | None = None
    partner_organization_id: int | None = None


NO_ATTRIBUTION = Attribution()


def call_attribution(session: Session, *, call: CallFields) -> Attribution:
    """The call row's attribution columns and the partner's organization. Called in the
    transaction that changes the call's leg."""
    return partner_attribution(session, partner_id=call.partner_id, source=call.source)


def partner_attribution(session: Session, *, partner_id: int | None, source: str | None) -> Attribution:
    """A partner's id and a source code (as a call row or a lookup token holds them) with the
    partner's code and organization; a partner no longer stored attributes to no one."""
    partner = session.get(CampaignPartner, partner_id) if partner_id is not None else None
    if partner is None:
        return Attribution(source=source or None)
    return Attribution(
        partner=partner.code, source=source or None, partner_organization_id=partner.organization_id
    )


def campaign_owner(session: Session, *, campaign_slug: str) -> int:
    """The organization that owns the campaign (the default organization for one not stored)."""
    campaign = session.get(Campaign, campaign_slug)
    if campaign is not None and campaign.organization_id is not None:
        return campaign.organization_id
    return int(default_organization(session).id or 0)


def recipients(session: Session, *, campaign_slug: str, attribution: Attribution) -> tuple[int, ...]:
    """Organizations told of a call: the owner, and the partner that brought it (once each)."""
    owner = campaign_owner(session, campaign_slug=campaign_slug)
    partner = attribution.partner_organization_id
    return (owner,) if partner is None or partner == owner else (owner, partner)


def acting_organization(principal: Principal) -> int:
    """The organization whose webhooks a signed-in account manages: the first where it may edit."""
    organization = next((org for org, role in principal.memberships if role in EDITING_ROLES), None)
    if organization is None:
        raise PermissionDeniedError("Your role in your organizations may not manage webhooks.")
    return organization
