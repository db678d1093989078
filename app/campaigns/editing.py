"""Changing campaigns from the admin pages and API: every change is validated like a file."""

from pathlib import Path

from sqlmodel import Session

from app.campaigns.directory_ids import directory_id_check
from app.campaigns.files import campaign_yaml, parse_campaign_yaml
from app.campaigns.spec import CampaignSpec, Status
from app.campaigns.store import ADMIN_SOURCE, campaign_definition, get_campaign, save_campaign
from app.campaigns.yaml_edit import dump_document, load_document, update_document
from app.kernel.errors import CampaignConflictError, CampaignFileError
from app.models.campaigns import Campaign

FORM_NAME = "campaign"
STARTER_YAML = (Path(__file__).parent / "starter.yaml").read_text(encoding="utf-8")


def check_campaign_yaml(text: str, *, session: Session | None = None) -> CampaignSpec:
    """The campaign in `text`, or CampaignFileError listing every problem (line and field); with a
    `session`, committee and official ids the directory does not hold are problems too."""
    check_ids = directory_id_check(session) if session is not None else None
    return parse_campaign_yaml(text, name=FORM_NAME, check_ids=check_ids)


def create_campaign(
    session: Session, *, text: str, editor: str = "", organization_id: int | None = None
) -> CampaignSpec:
    spec = check_campaign_yaml(text, session=session)
    if session.get(Campaign, spec.slug) is not None:
        raise CampaignConflictError(f"There is already a campaign called {spec.slug!r}; choose another slug.")
    save_campaign(
        session,
        spec=spec,
        source=ADMIN_SOURCE,
        definition=text,
        editor=editor,
        organization_id=organization_id,
    )
    return spec


def update_campaign(
    session: Session,
    *,
    slug: str,
    text: str,
    editor: str = "",
    revision: int | None = None,
    organization_id: int | None = None,
) -> CampaignSpec:
    """Replace campaign `slug` with the definition in `text` (creating it, for `organization_id`,
    when it is new); with `revision`, only if nobody saved it since (CampaignConflictError otherwise)."""
    spec = check_campaign_yaml(text, session=session)
    if spec.slug != slug:
        raise CampaignConflictError(
            f"The slug cannot change from {slug!r} to {spec.slug!r}: create a new campaign instead."
        )
    save_campaign(
        session,
        spec=spec,
        source=ADMIN_SOURCE,
        definition=text,
        editor=editor,
        revision=revision,
        organization_id=organization_id,
    )
    return spec


def set_campaign_status(session: Session, *, slug: str, status: Status) -> CampaignSpec:
    """Launch, pause or end a campaign; launching checks it again as a live campaign."""
    current = get_campaign(session, slug=slug)
    changed = current.model_copy(update={"status": status})
    if status == "live":
        changed = check_campaign_yaml(campaign_yaml(changed), session=session)
    text, _ = campaign_definition(session, slug=slug)
    if text:  # the kept file text says the new status too, its comments untouched
        document = load_document(text)
        update_document(document, changes={"status": status}, owned={})
        text = dump_document(document)
    save_campaign(session, spec=changed, source=ADMIN_SOURCE, definition=text)
    return changed


def campaign_file_text(session: Session, *, slug: str) -> str:
    """Campaign `slug` as its campaign file: the text last written (comments kept), or, for a
    campaign stored before texts were kept, its definition written out."""
    text, _ = campaign_definition(session, slug=slug)
    return text or campaign_yaml(get_campaign(session, slug=slug))


def problems_of(error: CampaignFileError) -> list[dict[str, object]]:
    problems = error.details.get("problems", [])
    return list(problems) if isinstance(problems, list) else []
