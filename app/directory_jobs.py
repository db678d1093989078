"""Directory syncs run from the app's services: by hand, at start-up, from the admin page, on schedule."""

import getpass
from pathlib import Path

from app.civic.directory_source import configured_source
from app.civic.sync import Progress, SyncReport
from app.civic.sync_runs import SyncRequest, run_directory_sync
from app.services import Services


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
        configured_source(services.settings, services.http, folder=folder),
        request=request,
        progress=progress,
    )


def command_line_user() -> str:
    """Who ran a command, for the sync history and corrections: the system account's name."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
