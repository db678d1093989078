"""`switchboard serve` and `switchboard worker`: the web processes and the job worker."""

import asyncio
from typing import Annotated

import typer
import uvicorn

from app.campaigns.store import load_campaign_dir
from app.civic.directory.officials import count_officials
from app.cli.campaigns import print_kept
from app.cli.work import services_scope
from app.jobs.runner import work
from app.kernel.errors import SwitchboardError
from app.runtime.directory_jobs import sync_directory
from app.runtime.garbage_collection import tune_for_serving
from app.settings import Settings, get_settings
from app.storage.db import session_scope
from app.storage.migrations import upgrade_database


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="Web processes (see the README before >1 on SQLite).")] = 1,
    setup: Annotated[
        bool,
        typer.Option(
            help="Migrate, load campaigns/ and sync an empty directory first (off: a release step did)"
        ),
    ] = True,
) -> None:
    """Migrate, load campaigns/, sync the directory if it is empty, and serve the app."""
    settings = get_settings()
    if setup:
        prepare_to_serve(settings)
    uvicorn.run(
        "app.main:create_served_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        # Forwarded headers are read by app.web.middleware.forwarded, only when
        # SWITCHBOARD_TRUSTED_PROXY says so.
        proxy_headers=False,
        forwarded_allow_ips="",
        # One log line per request costs a warm lookup about a tenth of its CPU: off unless asked for.
        access_log=settings.access_log,
        # A process starting on a busy machine must not be taken for dead and restarted in a loop.
        timeout_worker_healthcheck=60,
    )


def prepare_to_serve(settings: Settings) -> None:
    """Migrate, load campaigns/, and sync the directory when it is empty (a failed sync only warns)."""
    upgrade_database(settings.database_url)
    with services_scope(settings) as services:
        with session_scope(services.engine) as session:
            report = load_campaign_dir(session, directory=settings.campaigns_dir)
            empty = count_officials(session) == 0
        for error in report.errors:
            typer.secho(error, fg=typer.colors.RED, err=True)
        typer.echo(f"Campaigns loaded: {', '.join(report.loaded) or 'none'}")
        print_kept(report.kept)
        if empty:
            try:
                for sync_report in sync_directory(
                    services, folder=None, trigger="startup", actor="serve", progress=typer.echo
                ):
                    typer.echo(sync_report.summary())
            except SwitchboardError as error:
                typer.secho(
                    f"The directory is empty and could not be synced: {error.message}\n"
                    "The app will start, but lookups will say the directory is not loaded. Sync it from a "
                    "local copy with:\n  ./run directory sync --from ../shared/data/directory",
                    fg=typer.colors.YELLOW,
                    err=True,
                )


def worker() -> None:
    """Run the jobs (place calls, reconcile every minute, purge, scheduled syncs) from PostgreSQL."""
    settings = get_settings()
    if settings.uses_sqlite:
        typer.secho(
            "On SQLite the jobs run inside `switchboard serve`; a separate worker needs PostgreSQL.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(code=1)
    tune_for_serving()
    asyncio.run(work(settings))
