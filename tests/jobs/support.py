"""Running one job through a real worker, as `switchboard worker` (or `serve` on SQLite) would."""

import asyncio
from typing import Any

from app.jobs.runner import build_job_app, run_worker
from app.services import build_services
from app.settings import Settings


def run_job(settings: Settings, name: str, **kwargs: Any) -> list[str]:
    """Defer job `name` and let a worker take it; the statuses of that job's runs once all ended."""
    services = build_services(settings)

    async def scenario() -> list[str]:
        job_app = build_job_app(settings)
        async with job_app.open_async():
            await job_app.configure_task(name).defer_async(**kwargs)
            worker = asyncio.create_task(run_worker(job_app, services, name="test", signals=False))
            statuses: list[str] = []
            for _ in range(200):
                await asyncio.sleep(0.05)
                statuses = [str(j.status) for j in await job_app.job_manager.list_jobs_async(task=name)]
                if statuses and all(s in ("succeeded", "failed") for s in statuses):
                    break
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            return statuses

    try:
        return asyncio.run(scenario())
    finally:
        services.close()
