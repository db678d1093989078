"""A campaign's partners: organizations that bring callers through their own link, embed or number.

Every function here reads or writes the partners of one campaign; attribution of a visit
(app.campaigns.attribution) asks `active_partner` for a code.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session, col, select

from app.accounts.organizations import require_organization
from app.kernel.errors import AccountError, PermissionDeniedError
from app.kernel.phones import to_e164
from app.models.campaigns import Campaign
from app.models.organizations import CampaignPartner, Organization

PartnerStatus = Literal["invited", "active", "paused"]
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Partner:
    """A partner as the admin pages show it."""

    id: int
    campaign: str
    organization_id: int | None
    name: str
    code: str
    status: str
    cobrand: bool
    callin_number: str | None


def partners_of(session: Session, *, slug: str) -> list[Partner]:
    """Every partner of a campaign with its organization's name: one query, whatever their number."""
    rows = session.exec(
        select(CampaignPartner, Organization.name)
        .join(Organization, col(Organization.id) == col(CampaignPartner.organization_id), isouter=True)
        .where(CampaignPartner.campaign_slug == slug)
        .order_by(col(CampaignPartner.id))
    ).all()
    return [_partner(row, name or "") for row, name in rows]


def get_partner(session: Session, *, slug: str, partner_id: int) -> Partner:
    row = session.get(CampaignPartner, partner_id)
    if row is None or row.campaign_slug != slug:
        raise AccountError("This campaign has no such partner.")
    organization = session.get(Organization, row.organization_id) if row.organization_id else None
    return _partner(row, organization.name if organization else "")


def add_partner(session: Session, *, slug: str, organization: str, code: str = "") -> Partner:
    """Make the organization called `organization` a partner of campaign `slug`, active at once."""
    partner_org = require_organization(session, name=organization)
    owner = session.get(Campaign, slug)
    if owner is not None and owner.organization_id == partner_org.id:
        raise AccountError("The campaign's own organization is not its partner.")
    taken = session.exec(
        select(CampaignPartner).where(
            CampaignPartner.campaign_slug == slug, CampaignPartner.organization_id == partner_org.id
        )
    ).first()
    if taken is not None:
        raise AccountError(f"{partner_org.name} is already a partner of this campaign.")
    row = CampaignPartner(
        campaign_slug=slug,
        organization_id=partner_org.id,
        code=_free_code(session, slug=slug, wanted=code or partner_org.name),
    )
    session.add(row)
    session.flush()
    return _partner(row, partner_org.name)


def invite_partner(session: Session, *, slug: str) -> str:
    """A new invitation to be this campaign's partner: the secret for its link (stored hashed)."""
    secret = secrets.token_urlsafe(24)
    row = CampaignPartner(
        campaign_slug=slug,
        code=_free_code(session, slug=slug, wanted=f"p{secrets.randbelow(10**6)}"),
        status="invited",
        invite_hash=_hash(secret),
    )
    session.add(row)
    session.flush()
    return secret


def accept_invite(session: Session, *, secret: str, organization_id: int) -> Partner:
    """The admin of `organization_id` accepts an invitation: the organization becomes the partner."""
    row = session.exec(select(CampaignPartner).where(CampaignPartner.invite_hash == _hash(secret))).first()
    if row is None or row.status != "invited":
        raise AccountError("This invitation is unknown or was already accepted.")
    owner = session.get(Campaign, row.campaign_slug)
    if owner is not None and owner.organization_id == organization_id:
        raise PermissionDeniedError("The campaign's own organization cannot be its partner.")
    already = session.exec(
        select(CampaignPartner.id).where(
            CampaignPartner.campaign_slug == row.campaign_slug,
            CampaignPartner.organization_id == organization_id,
        )
    ).first()
    if already is not None:
        raise AccountError("Your organization is already a partner of this campaign.")
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise AccountError("There is no such organization.")
    row.organization_id = organization_id
    row.status = "active"
    row.invite_hash = None
    row.code = _free_code(session, slug=row.campaign_slug, wanted=organization.name)
    session.add(row)
    session.flush()
    return _partner(row, organization.name)


def update_partner(
    session: Session,
    *,
    slug: str,
    partner_id: int,
    status: PartnerStatus | None = None,
    cobrand: bool | None = None,
    callin_number: str | None = None,
) -> Partner:
    """Pause or resume a partner's link, turn its co-branding line on or off, set its number
    (`callin_number` "" removes it)."""
    row = session.get(CampaignPartner, partner_id)
    if row is None or row.campaign_slug != slug:
        raise AccountError("This campaign has no such partner.")
    if status is not None and row.status != "invited":
        row.status = status
    if cobrand is not None:
        row.cobrand = cobrand
    if callin_number is not None:
        row.callin_number = _free_number(session, number=callin_number, partner_id=partner_id)
    session.add(row)
    session.flush()
    return get_partner(session, slug=slug, partner_id=partner_id)


def active_partner(session: Session, *, slug: str, code: str) -> Partner | None:
    """The partner whose link carries `code`, unless unknown, paused or still invited."""
    code = code.strip().lower()
    if not CODE.match(code):
        return None
    row = session.exec(
        select(CampaignPartner, Organization.name)
        .join(Organization, col(Organization.id) == col(CampaignPartner.organization_id))
        .where(CampaignPartner.campaign_slug == slug, CampaignPartner.code == code)
    ).first()
    if row is None or row[0].status != "active":
        return None
    return _partner(row[0], row[1])


def partner_for_number(session: Session, *, number: str) -> CampaignPartner | None:
    """The active partner whose own call-in number this is."""
    row = session.exec(select(CampaignPartner).where(CampaignPartner.callin_number == number)).first()
    return row if row is not None and row.status == "active" else None


def partner_campaigns(session: Session, *, organization_ids: list[int]) -> list[tuple[str, str, int]]:
    """(campaign slug, title, partner id) of every campaign these organizations are partners of."""
    if not organization_ids:
        return []
    rows = session.exec(
        select(Campaign.slug, Campaign.title, CampaignPartner.id)
        .join(CampaignPartner, col(CampaignPartner.campaign_slug) == col(Campaign.slug))
        .where(
            col(CampaignPartner.organization_id).in_(organization_ids), CampaignPartner.status != "invited"
        )
        .order_by(col(Campaign.title))
    ).all()
    return [(slug, title, partner_id) for slug, title, partner_id in rows if partner_id is not None]


def set_leaderboard(session: Session, *, slug: str, shown: bool) -> None:
    """Show or hide the campaign's public page of partners ranked by calls."""
    row = session.get(Campaign, slug)
    if row is None:
        raise AccountError(f"There is no campaign called {slug!r}.")
    row.partner_leaderboard = shown
    session.add(row)


def leaderboard_shown(session: Session, *, slug: str) -> bool:
    row = session.get(Campaign, slug)
    return row is not None and row.partner_leaderboard


def _partner(row: CampaignPartner, name: str) -> Partner:
    assert row.id is not None
    return Partner(
        row.id,
        row.campaign_slug,
        row.organization_id,
        name,
        row.code,
        row.status,
        row.cobrand,
        row.callin_number,
    )


def _free_code(session: Session, *, slug: str, wanted: str) -> str:
    """A code for a new partner: `wanted` as lowercase letters, digits and hyphens, made unique."""
    base = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-")[:32] or "partner"
    taken = set(
        session.exec(
            select(CampaignPartner.code).where(
                CampaignPartner.campaign_slug == slug, col(CampaignPartner.code).startswith(base)
            )
        ).all()
    )
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def _free_number(session: Session, *, number: str, partner_id: int) -> str | None:
    if not number.strip():
        return None
    parsed = to_e164(number)
    if parsed is None:
        raise AccountError("A call-in number is a US phone number, e.g. +1 617 555 0100.")
    other = session.exec(select(CampaignPartner).where(CampaignPartner.callin_number == parsed)).first()
    if other is not None and other.id != partner_id:
        raise AccountError("Another partner already answers that number.")
    return parsed


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
