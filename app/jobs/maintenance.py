"""Housekeeping on a schedule: reconciling calls, purging expired records, retrying stalled jobs,
forgetting old jobs."""

import logging
from datetime import timedelta

from procrastinate import App
from procrastinate.exceptions import ProcrastinateException
from procrastinate.jobs import Status

from app.accounts.service import purge_expired_login_failures
from app.calls.receipts import purge_expired_receipts
from app.calls.reconcile import reconcile_calls
from app.jobs.registry import JobContext, job, services_of
from app.kernel.clock import utcnow
from app.storage.db import write_scope

log = logging.getLogger("switchboard")
RECONCILE_AFTER = timedelta(minutes=15)
# A worker beats every 10 s (Procrastinate's default); one silent for 30 s is gone (killed, its
# machine lost, cut off from the database). With a check every 15 s its jobs run again within 45 s.
STALLED_AFTER_SECONDS = 30.0


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


@job("jobs.retry_stalled", cron="* * * * * */15")
async def retry_stalled(context: JobContext, timestamp: int) -> None:
    """Every 15 s: jobs left `doing` by a worker that stopped beating are queued again."""
    assert context.app is not None
    retried = await retry_stalled_jobs(context.app, seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    if retried:
        log.warning("retried %d jobs a stopped worker left running: %s", len(retried), retried)


async def retry_stalled_jobs(job_app: App, *, seconds_since_heartbeat: float) -> list[int]:
    """Queue again the jobs whose worker sent no heartbeat for `seconds_since_heartbeat`; their ids.

    Running a job twice must be harmless: `calls.place` places a call only while it is still
    waiting (app/calls/placing.py), the others are idempotent. A periodic job's stalled run is
    closed as failed instead (its next tick runs it; a retry would collide with that tick's lock).
    """
    manager = job_app.job_manager
    retried = []
    for stalled in await manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat):
        assert stalled.id is not None
        try:
            if stalled.queueing_lock:
                await manager.finish_job(stalled, status=Status.FAILED, delete_job=False)
                continue
            await manager.retry_job(stalled)
        except ProcrastinateException:  # finished or retried meanwhile (by another worker's tick)
            continue
        retried.append(stalled.id)
    return retried
