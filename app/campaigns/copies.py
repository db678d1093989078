"""A new campaign from an existing one: the same targets, scripts and settings, as a draft."""

from sqlmodel import Session

from app.campaigns.editing import create_campaign
from app.campaigns.files import campaign_yaml
from app.campaigns.spec import CampaignSpec
from app.campaigns.store import get_campaign
from app.models.campaigns import Campaign

TITLE_LIMIT = 200
COPY_SUFFIX = " (copy)"


def duplicate_campaign(session: Session, *, slug: str, new_slug: str) -> CampaignSpec:
    """A draft copy of `slug` under `new_slug`, checked and saved like any new campaign.

    The copy has no call-in number (a number rings one campaign) and starts as a draft, so nothing
    goes live until it is launched; CampaignConflictError when `new_slug` is taken."""
    original = get_campaign(session, slug=slug)
    title = original.title[: TITLE_LIMIT - len(COPY_SUFFIX)] + COPY_SUFFIX
    copy = original.model_copy(
        update={"slug": new_slug, "status": "draft", "title": title, "call_in_number": None}
    )
    owner = session.get(Campaign, slug)
    return create_campaign(
        session, text=campaign_yaml(copy), organization_id=owner.organization_id if owner else None
    )
