"""Organizations: who owns a campaign, who belongs where, and the partners that bring callers to it."""

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow


class Organization(SQLModel, table=True):
    """A group that runs or supports campaigns; accounts belong to it through memberships."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=120)
    created_at: datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    """An account's role in one organization: `admin`, `organizer` or `viewer`."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", primary_key=True, index=True)
    role: str = Field(max_length=20)


class CampaignPartner(SQLModel, table=True):
    """An organization invited to bring callers to another organization's campaign.

    `code` is the partner's source code in its link (`/c/SLUG?p=CODE`); calls store the row's id,
    never anything about the caller. An invitation waits (`invited`) until the partner's admin
    accepts it; the owner may pause a partner's link (`paused`: its visitors are attributed to no one).
    """

    __tablename__ = "campaign_partner"
    __table_args__ = (
        UniqueConstraint("campaign_slug", "code", name="uq_campaign_partner_code"),
        UniqueConstraint("campaign_slug", "organization_id", name="uq_campaign_partner_org"),
        Index("ix_campaign_partner_organization", "organization_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_slug: str = Field(foreign_key="campaign.slug", max_length=80)
    # None while an invite link waits for a partner's admin to accept it.
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    code: str = Field(max_length=40)
    status: str = Field(default="active", max_length=12)
    cobrand: bool = False
    callin_number: str | None = Field(default=None, unique=True, max_length=20)
    invite_hash: str | None = Field(default=None, unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
