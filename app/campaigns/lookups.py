"""The constituent's question, answered: this campaign, this address → targets and scripts."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import anyio
from sqlalchemy import Engine
from sqlmodel import Session

from app.campaigns.scripts import Caller
from app.campaigns.seats import EmptySeat, seats_for
from app.campaigns.spec import CHAMBERS, CampaignSpec
from app.campaigns.store import get_campaign
from app.campaigns.targeting import TargetList, targets_for
from app.civic.directory import (
    OfficeChoice,
    Representative,
    has_officials,
    nearest_office,
    past_due_vacancies,
    representatives_for,
)
from app.civic.divisions import DELEGATE_PLACES
from app.civic.locate import Locator
from app.civic.location import Location
from app.civic.zip_codes import require_one_district
from app.errors import CampaignClosedError, CampaignNotFoundError, DirectoryEmptyError


def open_campaign(session: Session, slug: str) -> CampaignSpec:
    """A campaign constituents may use: drafts do not exist for them, paused/ended ones say so."""
    campaign = get_campaign(session, slug)
    if campaign.status == "draft":
        raise CampaignNotFoundError(f"There is no campaign called {slug!r}.")
    if campaign.status == "paused":
        raise CampaignClosedError("This campaign is paused. Please check back soon.", code="campaign_paused")
    today = datetime.now(UTC).date()
    if campaign.status == "ended" or (campaign.ends_on and today > campaign.ends_on):
        raise CampaignClosedError("This campaign has ended. Thank you!", code="campaign_ended")
    starts = campaign.starts_on
    if starts and today < starts:
        raise CampaignClosedError(
            f"This campaign opens on {starts:%B} {starts.day}, {starts.year}.", code="campaign_not_started"
        )
    return campaign


async def campaign_targets(
    engine: Engine,
    locator: Locator,
    *,
    slug: str,
    address: str,
    name: str = "",
    language: str | None = None,
    any_status: bool = False,
    sure_only: bool = False,
) -> TargetList:
    """What a constituent at `address` sees; `any_status` previews drafts and paused campaigns too.

    The database is read in short sessions before and after the (async) locating: no connection
    is held while an outside service answers.
    """
    campaign = await anyio.to_thread.run_sync(
        partial(_usable_campaign, engine, slug=slug, any_status=any_status)
    )
    location = await locator.locate(address)
    caller = Caller(name=name.strip()[:100])
    return await anyio.to_thread.run_sync(
        partial(
            _targets,
            engine,
            campaign=campaign,
            location=location,
            caller=caller,
            language=language,
            sure_only=sure_only,
        )
    )


def _usable_campaign(engine: Engine, *, slug: str, any_status: bool) -> CampaignSpec:
    with Session(engine) as session:
        campaign = get_campaign(session, slug) if any_status else open_campaign(session, slug)
        ensure_directory_loaded(session, chambers=campaign.targets.chambers)
    return campaign


def _targets(
    engine: Engine,
    *,
    campaign: CampaignSpec,
    location: Location,
    caller: Caller,
    language: str | None,
    sure_only: bool,
) -> TargetList:
    with Session(engine) as session:
        return targets_for(
            session,
            campaign=campaign,
            location=location,
            caller=caller,
            language=language,
            sure_only=sure_only,
        )


_CHAMBER_GROUPS = {
    "members of Congress": ("us-senate", "us-house"),
    "state legislators": ("state-upper", "state-lower"),
}


def ensure_directory_loaded(session: Session, *, chambers: Sequence[str] = CHAMBERS) -> None:
    """Refuses to answer from a directory missing the chambers asked about (not "all seats vacant")."""
    for group, members in _CHAMBER_GROUPS.items():
        if set(members) & set(chambers) and not has_officials(session, chambers=members):
            raise DirectoryEmptyError(
                f"The directory of legislators has not been loaded yet (no {group}). "
                "An administrator needs to run: switchboard directory sync "
                "(offline: switchboard directory sync --from FOLDER, "
                "a copy laid out like shared/data/directory)"
            )


@dataclass(frozen=True)
class RepresentativeList:
    location: Location
    representatives: list[tuple[Representative, OfficeChoice | None]]
    vacancies: list[EmptySeat]


async def representatives_at(
    engine: Engine, locator: Locator, *, address: str, now: datetime | None = None
) -> RepresentativeList:
    """Every official sitting at `now` for the address, each with its nearest office."""
    await anyio.to_thread.run_sync(_directory_loaded, engine)
    location = await locator.locate(address)
    require_one_district(location, chambers=CHAMBERS)
    moment = now or datetime.now(UTC)
    return await anyio.to_thread.run_sync(partial(_representatives_at, engine, location=location, now=moment))


def _directory_loaded(engine: Engine) -> None:
    with Session(engine) as session:
        ensure_directory_loaded(session)


def _representatives_at(engine: Engine, *, location: Location, now: datetime) -> RepresentativeList:
    with Session(engine) as session:
        found = representatives_for(session, division_ids=location.division_ids, chambers=CHAMBERS)
        past_due = past_due_vacancies(session, division_ids=location.division_ids, today=now.date())
    reps: list[Representative] = []
    vacancies: list[EmptySeat] = []
    # DC and the territories elect a delegate to the House; their other seats are not ours to list.
    chambers = ["us-house"] if location.state in DELEGATE_PLACES else CHAMBERS
    for chamber in chambers:
        members = [r for r in found if r.chamber == chamber]
        seats = seats_for(chamber, location, members, now=now, past_due_vacancies=past_due)
        reps += seats.sitting
        vacancies += seats.notes
    choices = [
        (
            r,
            nearest_office(
                r.offices, latitude=location.latitude, longitude=location.longitude, state=location.state
            ),
        )
        for r in reps
    ]
    return RepresentativeList(location=location, representatives=choices, vacancies=vacancies)
