"""Campaigns in the database: saved from files or the admin pages, read by slug."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.accounts.organizations import default_organization
from app.campaigns.directory_ids import directory_id_check
from app.campaigns.files import campaign_files, load_campaign_file
from app.campaigns.spec import CampaignSpec
from app.kernel.clock import utcnow
from app.kernel.errors import CampaignConflictError, CampaignFileError, CampaignNotFoundError
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
    session: Session,
    *,
    spec: CampaignSpec,
    source: str,
    definition: str = "",
    editor: str = "",
    revision: int | None = None,
    organization_id: int | None = None,
) -> int:
    """Store `spec` (and the file text it came from); its new revision. A new campaign belongs to
    `organization_id` (the default organization when None).

    With `revision`, the save happens only if the stored campaign is still at that revision (one
    conditional UPDATE, so two saves racing cannot both win): otherwise CampaignConflictError names
    who changed it and when, and nothing is written."""
    row = session.get(Campaign, spec.slug)
    if row is None:
        row = Campaign(slug=spec.slug, title=spec.title, revision=0)
    elif revision is not None:
        _claim_revision(session, row=row, revision=revision)
    if row.organization_id is None:
        row.organization_id = organization_id or default_organization(session).id
    row.title = spec.title
    row.status = spec.status
    row.source = source
    row.spec = spec.model_dump(mode="json")
    row.definition = definition
    row.updated_by = editor
    row.updated_at = utcnow()
    row.revision = (revision if revision is not None else row.revision) + 1
    session.add(row)
    session.flush()
    bump_version(session, kind=CAMPAIGNS)
    return row.revision


def _claim_revision(session: Session, *, row: Campaign, revision: int) -> None:
    claimed = session.execute(
        update(Campaign)
        .where(col(Campaign.slug) == row.slug, col(Campaign.revision) == revision)
        .values(revision=revision + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        who = row.updated_by or "someone else"
        raise CampaignConflictError(
            f"This campaign was changed by {who} at {row.updated_at:%Y-%m-%d %H:%M} UTC since you opened it; "
            "reload the page to see their changes (yours were not saved).",
            details={"updated_by": row.updated_by, "revision": row.revision},
        )


def campaign_definition(session: Session, *, slug: str) -> tuple[str, int]:
    """The campaign's file text as last written ("" if none was kept) and its revision."""
    row = session.get(Campaign, slug)
    if row is None:
        raise CampaignNotFoundError(f"There is no campaign called {slug!r}.")
    return row.definition, row.revision


def load_campaign_dir(session: Session, *, directory: Path, replace_edited: bool = False) -> LoadReport:
    """Load every campaign file in `directory`; a bad file is reported and the rest still load.

    A campaign changed in the admin pages (edited, launched, paused) is kept as it is unless
    `replace_edited`: restarting the server must not undo an organizer's pause.
    """
    report = LoadReport()
    for path in campaign_files(directory):
        try:
            spec = load_campaign_file(path, check_ids=directory_id_check(session))
        except CampaignFileError as error:
            report.errors.append(error.message)
            continue
        existing = session.get(Campaign, spec.slug)
        if existing is not None and existing.source == ADMIN_SOURCE and not replace_edited:
            report.kept.append(spec.slug)
            continue
        save_campaign(session, spec=spec, source=str(path), definition=path.read_text(encoding="utf-8"))
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
