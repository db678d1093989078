"""The job queue: which Procrastinate connector, and running a worker.

On PostgreSQL jobs live in the database (Procrastinate's tables, created by our migrations): any
process may enqueue, every `switchboard worker` takes jobs, and each periodic tick is deferred once
across all of them. On SQLite (the embedded default, one machine) the queue lives in the memory of
the `serve` process, which runs the jobs itself.
"""

import asyncio
import fcntl
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from procrastinate import App, PsycopgConnector
from procrastinate.testing import InMemoryConnector
from sqlalchemy.engine import make_url

from app.jobs import catalog
from app.jobs.calls import JobCallQueue, waiting_calls
from app.jobs.registry import SERVICES_KEY, registered_jobs
from app.jobs.supervisor import keep_working
from app.runtime.container import Services, build_services
from app.settings import Settings

log = logging.getLogger("switchboard")
_ = catalog  # the import registers every job


def libpq_url(database_url: str) -> str:
    """`postgresql+psycopg://…` as libpq spells it."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def periodic_turn(settings: Settings) -> Iterator[bool]:
    """Whether this process defers the periodic jobs.

    On PostgreSQL every worker may: Procrastinate defers each tick once. With `serve --workers N` on
    SQLite each process has its own queue in memory, so only the process holding a lock file next
    to the database does (the others still place the calls they queue).
    """
    database = make_url(settings.database_url).database
    if not settings.uses_sqlite or not database or database == ":memory:":
        yield True
        return
    with open(f"{database}.jobs-lock", "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def build_job_app(settings: Settings, *, periodic: bool = True) -> App:
    connector: PsycopgConnector | InMemoryConnector
    if settings.uses_sqlite:
        connector = InMemoryConnector()
    else:
        connector = PsycopgConnector(conninfo=libpq_url(settings.database_url), min_size=1, max_size=4)
    job_app = App(connector=connector)
    specs = registered_jobs()
    unknown = set(settings.job_schedules) - {spec.name for spec in specs if spec.cron}
    if unknown:
        raise ValueError(f"SWITCHBOARD_JOB_SCHEDULES names no periodic job: {', '.join(sorted(unknown))}")
    for spec in specs:
        # A periodic job's queueing lock keeps at most one tick waiting if the workers fall behind.
        task = job_app.task(
            name=spec.name,
            queue=spec.queue,
            pass_context=True,
            queueing_lock=spec.name if spec.cron else None,
        )(spec.func)
        if spec.cron and periodic:
            job_app.periodic(cron=settings.job_schedules.get(spec.name, spec.cron))(task)
    return job_app


async def run_worker(job_app: App, services: Services, *, name: str) -> None:
    """Take jobs until cancelled, or until the worker fails (its database connection lost)."""
    await job_app.run_worker_async(
        name=name,
        concurrency=services.settings.worker_concurrency,
        additional_context={SERVICES_KEY: services},
        install_signal_handlers=False,
        delete_jobs="never",
        # In memory nothing notifies of new jobs: poll often.
        fetch_job_polling_interval=0.5 if services.settings.uses_sqlite else 5.0,
    )


async def start_in_process_worker(job_app: App, services: Services) -> asyncio.Task[int]:
    """`serve` runs the jobs on its own event loop (the embedded default), until the task is cancelled.

    A queue in memory did not survive the last stop: the calls still waiting are queued again.
    On PostgreSQL (`SWITCHBOARD_JOBS_IN_WEB`) a worker that loses the database starts again.
    """
    if isinstance(job_app.connector, InMemoryConnector):
        queue = JobCallQueue(job_app)
        for call_id in await asyncio.to_thread(waiting_calls, services.engine):
            await queue.enqueue_call(call_id)
    run = partial(run_worker, job_app, services, name="serve")
    return asyncio.create_task(keep_working(run, stop=asyncio.Event()))


async def work(settings: Settings) -> None:
    """`switchboard worker`: take jobs from PostgreSQL until SIGINT/SIGTERM.

    A worker that loses the database (PostgreSQL restarted, the network gone) connects again by
    itself, with backoff (app/jobs/supervisor.py); it does not exit.
    """
    services = build_services(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    name = f"worker-{os.getpid()}"

    async def run_once() -> None:
        job_app = build_job_app(settings)
        async with job_app.open_async():
            await run_worker(job_app, services, name=name)

    try:
        await keep_working(run_once, stop=stop)
    finally:
        services.close()
