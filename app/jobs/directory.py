"""The scheduled directory sync, as a periodic job: once per slot across every process and instance."""

import logging

from app.jobs.registry import JobContext, job, services_of
from app.kernel.clock import utcnow
from app.runtime.directory_jobs import sync_directory_if_due

log = logging.getLogger("switchboard")


@job("directory.sync", cron="23 * * * *")
def sync_directory_on_schedule(context: JobContext, timestamp: int) -> None:
    """Every hour: sync the directory if this slot (a day, an hour in the busy days) has not been yet.

    The same as `switchboard directory sync --if-due`; a sync that fails or is refused is recorded
    in the sync history (/admin/directory) and tried again in the next slot.
    """
    reports = sync_directory_if_due(services_of(context), now=utcnow(), progress=log.info)
    if reports is None:
        log.info("directory sync: not due (this slot already synced, or scheduled syncs are off)")
