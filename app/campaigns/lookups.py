"""The constituent's question, answered: this campaign, this address → targets and scripts.

Lookups read the directory and the campaigns from the in-memory read models (`LookupData`) and
wait on the network only inside the async locator: a warm lookup reads no SQL, and no database
connection or worker thread is held while a geocoder answers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import anyio
from sqlmodel import Session

from app.campaigns.scripts import Caller
from app.campaigns.seats import EmptySeat, seats_for
from app.campaigns.spec import CHAMBERS, CampaignSpec
from app.campaigns.store import get_campaign
from app.campaigns.targeting import TargetList, targets_for
from app.civic.directory import OfficeChoice, Representative, nearest_office
from app.civic.directory_view import DirectoryReader, DirectoryView, current_directory
from app.civic.divisions import DELEGATE_PLACES
from app.civic.locate import Locator
from app.civic.location import Location
from app.civic.zip_codes import require_one_district
from app.errors import CampaignClosedError, CampaignNotFoundError, DirectoryEmptyError


class LookupData(DirectoryReader, Protocol):
    """The read models lookups answer from (app/read_models.py), each at most a few seconds old."""

    def campaign(self, slug: str, *, fresh: bool = False) -> CampaignSpec:
        """Any campaign by slug; `fresh` reads the database (a preview right after an edit)."""
        ...

    def campaign_in_memory(self, slug: str) -> CampaignSpec | None:
        """The campaign if no version check is due (no I/O), else None; CampaignNotFoundError."""
        ...


def open_campaign(session: Session, *, slug: str) -> CampaignSpec:
    """A campaign constituents may use: drafts do not exist for them, paused/ended ones say so."""
    return check_open(get_campaign(session, slug=slug))


def check_open(campaign: CampaignSpec) -> CampaignSpec:
    """The campaign, if constituents may use it today; CampaignNotFound/ClosedError otherwise."""
    if campaign.status == "draft":
        raise CampaignNotFoundError(f"There is no campaign called {campaign.slug!r}.")
    if campaign.status == "paused":
        raise CampaignClosedError("This campaign is paused. Please check back soon.", code="campaign_paused")
    today = datetime.now(UTC).date()
    if campaign.status == "ended" or (campaign.ends_on and today > campaign.ends_on):
        raise CampaignClosedError("This campaign has ended. Thank you!", code="campaign_ended")
    starts = campaign.starts_on
    if starts and today < starts:
        raise CampaignClosedError(
            f"This campaign opens on {starts:%B} {starts.day}, {starts.year}.",
            code="campaign_not_started",
            opens_on=starts,
        )
    return campaign


async def campaign_targets(
    data: LookupData,
    *,
    locator: Locator,
    slug: str,
    address: str,
    name: str = "",
    language: str | None = None,
    any_status: bool = False,
    sure_only: bool = False,
) -> TargetList:
    """What a constituent at `address` sees; `any_status` previews drafts and paused campaigns too."""
    directory, campaign = await _read(data, slug, fresh=any_status)
    if not any_status:
        check_open(campaign)
    ensure_directory_loaded(directory, chambers=campaign.targets.chambers)
    location = await locator.locate(address)
    caller = Caller(name=name.strip()[:100])
    return targets_for(
        directory,
        campaign=campaign,
        location=location,
        caller=caller,
        language=language,
        sure_only=sure_only,
    )


async def _read(data: LookupData, slug: str, *, fresh: bool) -> tuple[DirectoryView, CampaignSpec]:
    """From memory on the event loop; in a worker thread when a version check or rebuild is due."""
    directory = data.directory_in_memory()
    campaign = None if fresh else data.campaign_in_memory(slug)
    if directory is not None and campaign is not None:
        return directory, campaign
    return await anyio.to_thread.run_sync(_read_database, data, slug, fresh)


def _read_database(data: LookupData, slug: str, fresh: bool) -> tuple[DirectoryView, CampaignSpec]:
    return data.directory(), data.campaign(slug, fresh=fresh)


_CHAMBER_GROUPS = {
    "members of Congress": ("us-senate", "us-house"),
    "state legislators": ("state-upper", "state-lower"),
}


def ensure_directory_loaded(directory: DirectoryView, *, chambers: Sequence[str] = CHAMBERS) -> None:
    """Refuses to answer from a directory missing the chambers asked about (not "all seats vacant")."""
    for group, members in _CHAMBER_GROUPS.items():
        if set(members) & set(chambers) and not directory.has_officials(chambers=members):
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
    data: LookupData, *, locator: Locator, address: str, now: datetime | None = None
) -> RepresentativeList:
    """Every official sitting at `now` for the address, each with its nearest office."""
    directory = await current_directory(data)
    ensure_directory_loaded(directory)
    location = await locator.locate(address)
    require_one_district(location, chambers=CHAMBERS)
    moment = now or datetime.now(UTC)
    found = directory.representatives_for(division_ids=location.division_ids, chambers=CHAMBERS)
    past_due = directory.past_due_vacancies(division_ids=location.division_ids, today=moment.date())
    reps: list[Representative] = []
    vacancies: list[EmptySeat] = []
    # DC and the territories elect a delegate to the House; their other seats are not ours to list.
    chambers = ["us-house"] if location.state in DELEGATE_PLACES else CHAMBERS
    for chamber in chambers:
        members = [r for r in found if r.chamber == chamber]
        seats = seats_for(
            chamber, location=location, members=members, now=moment, past_due_vacancies=past_due
        )
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
