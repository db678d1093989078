"""Campaigns in the database: saved from files or the admin pages, read by slug."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, select

from app.accounts.organizations import default_organization
from app.campaigns.files import campaign_files, load_campaign_file
from app.campaigns.spec import CampaignSpec
from app.kernel.clock import utcnow
from app.kernel.errors import CampaignFileError, CampaignNotFoundError
from app.models.campaigns import Campaign
from app.storage.versions import CAMPAIGNS, bump_version

ADMIN_SOURCE = "admin"


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Campaigns changed in the admin pages since: the database copy wins over the file.
    kept: list[str] = field(default_factory=list)


def save_campaign(
    session: Session, *, spec: CampaignSpec, source: str, organization_id: int | None = None
) -> None:
    """Store a campaign; a new one belongs to `organization_id` (the default organization when None)."""
    row = session.get(Campaign, spec.slug) or Campaign(slug=spec.slug, title=spec.title)
    if row.organization_id is None:
        row.organization_id = organization_id or default_organization(session).id
    row.title = spec.title
    row.status = spec.status
    row.source = source
    row.spec = spec.model_dump(mode="json")
    row.updated_at = utcnow()
    session.add(row)
    bump_version(session, kind=CAMPAIGNS)


def load_campaign_dir(session: Session, *, directory: Path, replace_edited: bool = False) -> LoadReport:
    """Load every campaign file in `directory`; a bad file is reported and the rest still load.

    A campaign changed in the admin pages (edited, launched, paused) is kept as it is unless
    `replace_edited`: restarting the server must not undo an organizer's pause.
    """
    report = LoadReport()
    for path in campaign_files(directory):
        try:
            spec = load_campaign_file(path)
        except CampaignFileError as error:
            report.errors.append(error.message)
            continue
        existing = session.get(Campaign, spec.slug)
        if existing is not None and existing.source == ADMIN_SOURCE and not replace_edited:
            report.kept.append(spec.slug)
            continue
        save_campaign(session, spec=spec, source=str(path))
        report.loaded.append(spec.slug)
    return report


def get_campaign(session: Session, *, slug: str) -> CampaignSpec:
    row = session.get(Campaign, slug)
    if row is None:
        raise CampaignNotFoundError(f"There is no campaign called {slug!r}.")
    return CampaignSpec.model_validate(row.spec)


ALL_STATUSES = ("draft", "live", "paused", "ended")


def list_campaigns(session: Session, *, statuses: tuple[str, ...] = ("live",)) -> list[CampaignSpec]:
    rows = session.exec(
        select(Campaign).where(col(Campaign.status).in_(statuses)).order_by(col(Campaign.title))
    ).all()
    return [CampaignSpec.model_validate(r.spec) for r in rows]


def campaign_languages(session: Session, *, slug: str) -> list[str]:
    """The languages a campaign has scripts in (its calls are counted by language)."""
    return list(get_campaign(session, slug=slug).scripts)
