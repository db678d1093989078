"""`switchboard serve`: get the database and directory ready, then run the web app."""

from typing import Annotated

import typer
import uvicorn

from app.campaigns.store import load_campaign_dir
from app.civic.directory import count_officials
from app.cli.campaigns import print_kept
from app.cli.database import sync_directory
from app.cli.work import services_scope
from app.db import session_scope
from app.errors import SwitchboardError
from app.migrations import upgrade_database
from app.settings import get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Migrate, load campaigns/, sync the directory if it is empty, and serve the app."""
    settings = get_settings()
    upgrade_database(settings.database_url)
    with services_scope(settings) as services:
        with session_scope(services.engine) as session:
            report = load_campaign_dir(session, settings.campaigns_dir)
            empty = count_officials(session) == 0
        for error in report.errors:
            typer.secho(error, fg=typer.colors.RED, err=True)
        typer.echo(f"Campaigns loaded: {', '.join(report.loaded) or 'none'}")
        print_kept(report.kept)
        if empty:
            try:
                sync_directory(services, from_path=None)
            except SwitchboardError as error:
                typer.secho(
                    f"The directory is empty and could not be synced: {error.message}\n"
                    "The app will start, but lookups will say the directory is not loaded. Sync it from a "
                    "local copy with:\n  ./run directory sync --from ../shared/data/directory",
                    fg=typer.colors.YELLOW,
                    err=True,
                )
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        proxy_headers=True,
    )
