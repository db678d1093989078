"""Ready means warm: before a process serves, every lookup path has run once.

A process that starts cold pays, on its first lookup, for what later lookups find ready: the
`zipcodes` package loads its whole table on first use (1.2 s on a quiet machine, 5 s on a loaded
one), and a campaign's first render fills caches. The first visitor used to wait 1–2 s while
`/readyz` already said ready. `warm_up` runs in the app's lifespan, before uvicorn accepts
connections, so `/readyz` answers only once it is done; a failure here is logged, never fatal
(lookups then warm up on first use, as before).
"""

import logging

import anyio
from sqlalchemy.exc import SQLAlchemyError

from app.campaigns.lookups import campaign_targets
from app.civic.geography.zip_places import place_of_zip
from app.kernel.errors import SwitchboardError
from app.runtime.container import Services

log = logging.getLogger("switchboard")
# Any real ZIP loads the package's table; the White House's is as good as any.
WARMING_ZIP = "20500"


async def warm_up(services: Services) -> None:
    """Build the read models, load the ZIP table, and answer one ZIP lookup of a live campaign."""
    try:
        await anyio.to_thread.run_sync(services.read_models.warm)
    except SQLAlchemyError as error:
        log.warning("The directory and campaigns could not be loaded at start-up: %s", error)
        return
    await anyio.to_thread.run_sync(place_of_zip, WARMING_ZIP)
    await _first_lookup(services)


async def _first_lookup(services: Services) -> None:
    """One lookup by ZIP (offline: no geocoder is asked) for the first live campaign, if any."""
    directory = services.read_models.directory()
    zip_code = min(directory.zip_divisions, default=None)
    live = services.read_models.live_campaign_slugs()
    if zip_code is None or not live:
        return
    try:
        await campaign_targets(services.read_models, locator=services.locator, slug=live[0], address=zip_code)
    except SwitchboardError:
        # A ZIP outside the campaign's states, or one spanning districts: the path ran all the same.
        return
