"""The job queue on each backend: a deferred job runs in a worker with the app's services."""

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.jobs.runner import build_job_app, run_worker
from app.migrations import upgrade_database
from app.services import build_services
from app.settings import Settings, get_settings


def test_a_reconcile_job_deferred_by_one_process_runs_in_a_worker(any_database_url: str) -> None:
    upgrade_database(any_database_url)
    settings = Settings(_env_file=None, database_url=any_database_url)
    services = build_services(settings)

    async def scenario() -> list[str]:
        job_app = build_job_app(settings)
        async with job_app.open_async():
            await job_app.configure_task("calls.reconcile").defer_async(timestamp=0)
            worker = asyncio.create_task(run_worker(job_app, services, name="test", signals=False))
            statuses: list[str] = []
            for _ in range(100):
                await asyncio.sleep(0.1)
                found = await job_app.job_manager.list_jobs_async(task="calls.reconcile")
                statuses = [str(job.status) for job in found]
                if statuses and all(s == "succeeded" for s in statuses):
                    break
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            return statuses

    try:
        assert asyncio.run(scenario()) == ["succeeded"]
    finally:
        services.close()


def test_worker_refuses_sqlite_and_says_where_the_jobs_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["worker"])
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "run inside `switchboard serve`" in result.output
