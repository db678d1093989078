"""Organizations' webhooks as jobs: a dispatcher every few seconds claims what is due (at most N in
flight per endpoint) and defers one `webhooks.deliver` job per delivery; every hour personal
payloads left undelivered a week are deleted, and the delivery log's messages after 30 days."""

import asyncio
import logging
from functools import partial

from app.jobs.registry import JobContext, job, services_of
from app.kernel.clock import utcnow
from app.storage.db import write_scope
from app.webhooks.delivery import DeliveryPolicy, claim_due_deliveries, deliver
from app.webhooks.retention import prune_delivery_log, purge_personal_payloads

log = logging.getLogger("switchboard")
DELIVER = "webhooks.deliver"
WEBHOOKS = "webhooks"


@job("webhooks.dispatch", cron="* * * * * */5")
async def dispatch_webhooks(context: JobContext, timestamp: int) -> None:
    """Every 5 s: claim the deliveries due and queue each as a job."""
    services = services_of(context)
    assert context.app is not None
    policy = DeliveryPolicy.from_settings(services.settings)
    claimed = await asyncio.to_thread(
        partial(claim_due_deliveries, services.engine, policy=policy, now=utcnow())
    )
    for delivery_id in claimed:
        await context.app.configure_task(DELIVER).defer_async(delivery_id=delivery_id)


@job(DELIVER, queue=WEBHOOKS)
async def deliver_webhook(context: JobContext, delivery_id: int) -> None:
    services = services_of(context)
    policy = DeliveryPolicy.from_settings(services.settings)
    result = await deliver(
        services.engine, client=services.webhook_http, delivery_id=delivery_id, policy=policy, now=utcnow()
    )
    if result is not None and not result.succeeded:
        log.info("webhook delivery %d: %s", delivery_id, result.error)


@job("webhooks.purge", cron="37 * * * *")
def purge_opt_ins(context: JobContext, timestamp: int) -> None:
    """Every hour: delete opt-ins still undelivered after a week, and the log's old messages."""
    now = utcnow()
    with write_scope(services_of(context).engine) as session:
        purged = purge_personal_payloads(session, now=now)
        pruned = prune_delivery_log(session, now=now)
    log.info("webhooks: deleted %d undelivered opt-ins, %d old logged messages", purged, pruned)
