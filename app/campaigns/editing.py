"""Changing campaigns from the admin pages and API: every change is validated like a file."""

from pathlib import Path

from sqlmodel import Session

from app.campaigns.files import campaign_yaml, parse_campaign_yaml
from app.campaigns.spec import CampaignSpec, Status
from app.campaigns.store import ADMIN_SOURCE, get_campaign, save_campaign
from app.kernel.errors import CampaignConflictError, CampaignFileError
from app.models.campaigns import Campaign

FORM_NAME = "campaign"
STARTER_YAML = (Path(__file__).parent / "starter.yaml").read_text(encoding="utf-8")


def check_campaign_yaml(text: str) -> CampaignSpec:
    """The campaign in `text`, or CampaignFileError listing every problem (line and field)."""
    return parse_campaign_yaml(text, name=FORM_NAME)


def create_campaign(session: Session, *, text: str, organization_id: int | None = None) -> CampaignSpec:
    spec = check_campaign_yaml(text)
    if session.get(Campaign, spec.slug) is not None:
        raise CampaignConflictError(f"There is already a campaign called {spec.slug!r}; choose another slug.")
    save_campaign(session, spec=spec, source=ADMIN_SOURCE, organization_id=organization_id)
    return spec


def update_campaign(
    session: Session, *, slug: str, text: str, organization_id: int | None = None
) -> CampaignSpec:
    """Replace campaign `slug` with the definition in `text` (creating it, for `organization_id`,
    when it is new)."""
    spec = check_campaign_yaml(text)
    if spec.slug != slug:
        raise CampaignConflictError(
            f"The slug cannot change from {slug!r} to {spec.slug!r}: create a new campaign instead."
        )
    save_campaign(session, spec=spec, source=ADMIN_SOURCE, organization_id=organization_id)
    return spec


def set_campaign_status(session: Session, *, slug: str, status: Status) -> CampaignSpec:
    """Launch, pause or end a campaign; launching checks it again as a live campaign."""
    current = get_campaign(session, slug=slug)
    changed = current.model_copy(update={"status": status})
    if status == "live":
        changed = check_campaign_yaml(campaign_yaml(changed))
    save_campaign(session, spec=changed, source=ADMIN_SOURCE)
    return changed


def problems_of(error: CampaignFileError) -> list[dict[str, object]]:
    problems = error.details.get("problems", [])
    return list(problems) if isinstance(problems, list) else []
