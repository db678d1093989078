"""The builder's preview: what a constituent at an address would see for a campaign not saved yet.

The same path as a constituent's lookup (app/campaigns/lookups.py), with the campaign handed in
instead of read by slug: a ZIP spanning districts answers the chambers it decides, as the page does."""

from functools import partial

import anyio

from app.campaigns.lookups import LookupData
from app.campaigns.scripts import Caller
from app.campaigns.spec import CampaignSpec, TargetSpec
from app.campaigns.state_check import StateCheck, try_every_state
from app.campaigns.targeting import TargetList, targets_for
from app.civic.directory.view import DirectoryReader, current_directory
from app.civic.locating.locate import Locator
from app.civic.locating.representatives import ensure_directory_loaded
from app.kernel.errors import CampaignNotFoundError


async def preview_targets(
    data: DirectoryReader,
    *,
    locator: Locator,
    campaign: CampaignSpec,
    address: str,
    name: str = "",
    language: str | None = None,
) -> TargetList:
    directory = await current_directory(data)
    ensure_directory_loaded(directory, chambers=campaign.targets.chambers)
    location = await locator.locate(address)
    fill_in = partial(
        targets_for,
        directory,
        campaign=campaign,
        location=location,
        caller=Caller(name=name.strip()[:100]),
        language=language,
        sure_only=True,
    )
    return await anyio.to_thread.run_sync(fill_in)


async def stored_targets(data: LookupData, *, slug: str) -> TargetSpec | None:
    """Whom campaign `slug` calls, as stored (None for a campaign not saved yet)."""
    if not slug:
        return None
    try:
        campaign = await anyio.to_thread.run_sync(partial(data.campaign, slug, fresh=True))
    except CampaignNotFoundError:
        return None
    return campaign.targets


async def check_every_state(data: DirectoryReader, *, campaign: CampaignSpec) -> StateCheck:
    directory = await current_directory(data)
    return await anyio.to_thread.run_sync(partial(try_every_state, directory, campaign=campaign))
