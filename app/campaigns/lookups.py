"""The constituent's question, answered: this campaign, this address → targets and scripts.

Lookups read the directory and the campaigns from the in-memory read models (`LookupData`) and
wait on the network only inside the async locator: a warm lookup reads no SQL, and no database
connection or worker thread is held while a geocoder answers. Scripts are filled in in a worker
thread, so no script can hold up the event loop.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Protocol

import anyio
from sqlmodel import Session

from app.campaigns.scripts import Caller
from app.campaigns.spec import CampaignSpec
from app.campaigns.store import get_campaign
from app.campaigns.targeting import TargetList, targets_for
from app.civic.directory.line_health import LineHealth
from app.civic.directory.view import DirectoryReader, DirectoryView
from app.civic.geography.location import Location
from app.civic.locating.locate import Locator
from app.civic.locating.representatives import ensure_directory_loaded
from app.kernel.errors import CampaignClosedError, CampaignNotFoundError


class LookupData(DirectoryReader, Protocol):
    """The read models lookups answer from (app/runtime/read_models.py), each at most a few seconds old."""

    def campaign(self, slug: str, *, fresh: bool = False) -> CampaignSpec:
        """Any campaign by slug; `fresh` reads the database (a preview right after an edit)."""
        ...

    def campaign_in_memory(self, slug: str) -> CampaignSpec | None:
        """The campaign if no version check is due (no I/O), else None; CampaignNotFoundError."""
        ...

    def line_health(self) -> LineHealth:
        """The office numbers marked unhealthy, after a version check."""
        ...

    def line_health_in_memory(self) -> LineHealth | None:
        """The marked numbers if no version check is due (no I/O), else None."""
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


@dataclass(frozen=True)
class CampaignQuestion:
    """What a lookup answers from: the read models it took and where the address is."""

    directory: DirectoryView
    campaign: CampaignSpec
    location: Location
    health: LineHealth

    def avoided(self, *, now: datetime) -> frozenset[str]:
        """The office numbers marked unhealthy at `now`: shown only where an official has no other."""
        return self.health.avoided(now=now)


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
    question = await locate_for_campaign(
        data, locator=locator, slug=slug, address=address, any_status=any_status
    )
    return await fill_in_targets(question, name=name, language=language, sure_only=sure_only)


async def locate_for_campaign(
    data: LookupData, *, locator: Locator, slug: str, address: str, any_status: bool = False
) -> CampaignQuestion:
    """The campaign (checked open unless `any_status`), the directory, and where `address` is."""
    directory, campaign, health = await _read(data, slug, fresh=any_status)
    if not any_status:
        check_open(campaign)
    ensure_directory_loaded(directory, chambers=campaign.targets.chambers)
    location = await locator.locate(address)
    return CampaignQuestion(directory=directory, campaign=campaign, location=location, health=health)


def caller_name(name: str) -> str:
    """The caller's name as scripts get it."""
    return name.strip()[:100]


async def fill_in_targets(
    question: CampaignQuestion,
    *,
    name: str = "",
    language: str | None = None,
    sure_only: bool = False,
    now: datetime | None = None,
) -> TargetList:
    """The targets, offices and scripts for the question, as at `now` (default: the present)."""
    now = now or datetime.now(UTC)
    # Filling in scripts is bounded work (app/campaigns/sandbox.py), done off the event loop all the same.
    fill_in = partial(
        targets_for,
        question.directory,
        campaign=question.campaign,
        location=question.location,
        caller=Caller(name=caller_name(name)),
        language=language,
        now=now,
        sure_only=sure_only,
        avoid=question.avoided(now=now),
    )
    return await anyio.to_thread.run_sync(fill_in)


Read = tuple[DirectoryView, CampaignSpec, LineHealth]


async def _read(data: LookupData, slug: str, *, fresh: bool) -> Read:
    """From memory on the event loop; in a worker thread when a version check or rebuild is due."""
    directory = data.directory_in_memory()
    campaign = None if fresh else data.campaign_in_memory(slug)
    health = data.line_health_in_memory()
    if directory is not None and campaign is not None and health is not None:
        return directory, campaign, health
    return await anyio.to_thread.run_sync(_read_database, data, slug, fresh)


def _read_database(data: LookupData, slug: str, fresh: bool) -> Read:
    return data.directory(), data.campaign(slug, fresh=fresh), data.line_health()
