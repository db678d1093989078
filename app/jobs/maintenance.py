"""Housekeeping on a schedule: reconciling calls, purging expired records, forgetting old jobs."""

import logging
from datetime import timedelta

from app.accounts.service import purge_expired_login_failures
from app.calls.receipts import purge_expired_receipts
from app.calls.reconcile import reconcile_calls
from app.jobs.registry import JobContext, job, services_of
from app.kernel.clock import utcnow
from app.storage.db import write_scope

log = logging.getLogger("switchboard")
RECONCILE_AFTER = timedelta(minutes=15)


@job("calls.reconcile", cron="* * * * *")
def reconcile_open_calls(context: JobContext, timestamp: int) -> None:
    """Every minute: close calls whose Twilio status callbacks never came (as `calls reconcile`)."""
    services = services_of(context)
    if services.telephony is None:
        return
    report = reconcile_calls(
        services.engine, telephony=services.telephony, older_than=RECONCILE_AFTER, now=utcnow()
    )
    log.info("reconcile: checked %d open calls, closed %d", report.checked, report.closed)
    for error in report.errors:
        log.warning("reconcile: %s", error)


@job("upkeep.purge", cron="7 * * * *")
def purge_expired_records(context: JobContext, timestamp: int) -> None:
    """Every hour: delete webhook receipts of long-ended calls and failed sign-ins that no longer count."""
    services = services_of(context)
    now = utcnow()
    with write_scope(services.engine) as session:
        receipts = purge_expired_receipts(session, now=now)
        failures = purge_expired_login_failures(
            session, now=now, window=timedelta(seconds=services.settings.login_failure_window_seconds)
        )
    log.info("purge: %d webhook receipts, %d failed sign-ins", receipts, failures)


@job("jobs.prune", cron="17 3 * * *")
async def prune_finished_jobs(context: JobContext, timestamp: int) -> None:
    """Every night: forget finished jobs older than a week (kept that long to see what ran)."""
    assert context.app is not None
    await context.app.job_manager.delete_old_jobs(
        nb_hours=7 * 24, include_failed=True, include_cancelled=True, include_aborted=True
    )
