"""Directory syncs run from the app's services: by hand, at start-up, from the admin page, on schedule."""

import getpass
from datetime import datetime, timedelta
from pathlib import Path

from app.campaigns.directory_ids import stale_campaign_targets
from app.civic.sync.datasets import Progress, SyncReport
from app.civic.sync.runs import SyncRequest, run_directory_sync
from app.civic.sync.schedule import SyncSchedule, parse_month_day, run_scheduled_sync
from app.civic.sync.sources import configured_source
from app.runtime.container import Services
from app.settings import Settings

# Campaigns naming targets a sync removed are listed in its history, for staff.
AFTER_SYNC = (stale_campaign_targets,)


def sync_directory(
    services: Services,
    *,
    folder: Path | None,
    trigger: str,
    actor: str,
    force: bool = False,
    progress: Progress,
) -> list[SyncReport]:
    """One recorded sync from `--from` or the configured source (see directory_source.configured_source)."""
    request = SyncRequest(
        trigger=trigger,
        actor=actor,
        max_removed_share=services.settings.directory_sync_max_removed_share,
        force=force,
    )
    return run_directory_sync(
        services.engine,
        source=configured_source(services.settings, http=services.http, folder=folder),
        request=request,
        progress=progress,
        after_write=AFTER_SYNC,
    )


def command_line_user() -> str:
    """Who ran a command, for the sync history and corrections: the system account's name."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def sync_schedule(settings: Settings) -> SyncSchedule:
    first, last = settings.directory_sync_busy_days.split("..")
    return SyncSchedule(
        every=timedelta(hours=settings.directory_sync_every_hours),
        busy_every=timedelta(hours=settings.directory_sync_busy_every_hours),
        busy_from=parse_month_day(first),
        busy_until=parse_month_day(last),
    )


def sync_directory_if_due(
    services: Services, *, now: datetime, progress: Progress
) -> list[SyncReport] | None:
    """The scheduled sync: runs when this slot has not been synced by any process yet (else None).

    Call it as often as you like (every hour from the job runner, or from cron): once per slot wins.
    """
    settings = services.settings
    return run_scheduled_sync(
        services.engine,
        source=lambda: configured_source(settings, http=services.http, folder=None),
        schedule=sync_schedule(settings),
        max_removed_share=settings.directory_sync_max_removed_share,
        now=now,
        progress=progress,
        after_write=AFTER_SYNC,
    )
