"""Running one job through a real worker, as `switchboard worker` (or `serve` on SQLite) would."""

import asyncio
from typing import Any

from app.jobs.registry import SERVICES_KEY
from app.jobs.runner import build_job_app
from app.runtime.container import build_services
from app.settings import Settings


def run_job(settings: Settings, name: str, **kwargs: Any) -> list[str]:
    """Defer job `name`, let a worker take every waiting job, and return the statuses of `name`'s runs.

    The worker schedules no periodic job here, so only the deferred one runs, whatever the clock says.
    """
    services = build_services(settings)

    async def scenario() -> list[str]:
        job_app = build_job_app(settings, periodic=False)
        async with job_app.open_async():
            await job_app.configure_task(name).defer_async(**kwargs)
            await job_app.run_worker_async(
                wait=False,
                install_signal_handlers=False,
                additional_context={SERVICES_KEY: services},
                fetch_job_polling_interval=0.1,
            )
            return [str(j.status) for j in await job_app.job_manager.list_jobs_async(task=name)]

    try:
        return asyncio.run(scenario())
    finally:
        services.close()
