"""Which organizations hear of a call, and which partner brought it: the seams organizations fill.

Until organizations and partners exist every campaign belongs to DEFAULT_ORGANIZATION_ID and no
call is attributed. Pointing these functions at the real columns (the campaign's owner, the
call's partner and source codes, the partner's organization, the account's organization) is all
the webhooks need.
"""

from dataclasses import dataclass

from sqlmodel import Session

from app.accounts.service import Principal
from app.models.calls import CallSession

DEFAULT_ORGANIZATION_ID = 1


@dataclass(frozen=True)
class Attribution:
    """The partner (its code) and source code a call came through, and the partner's organization."""

    partner: str | None = None
    source: str | None = None
    partner_organization_id: int | None = None


NO_ATTRIBUTION = Attribution()


def call_attribution(session: Session, *, call: CallSession) -> Attribution:
    """The call row's attribution columns and the partner's organization (none yet: partners are
    not stored). Called in the transaction that changes the call's leg."""
    return NO_ATTRIBUTION


def campaign_owner(session: Session, *, campaign_slug: str) -> int:
    """The organization that owns the campaign."""
    return DEFAULT_ORGANIZATION_ID


def recipients(session: Session, *, campaign_slug: str, attribution: Attribution) -> tuple[int, ...]:
    """Organizations told of a call: the owner, and the partner that brought it (once each)."""
    owner = campaign_owner(session, campaign_slug=campaign_slug)
    partner = attribution.partner_organization_id
    return (owner,) if partner is None or partner == owner else (owner, partner)


def acting_organization(principal: Principal) -> int:
    """The organization whose webhooks a signed-in account manages (its own, once accounts have one)."""
    return DEFAULT_ORGANIZATION_ID
