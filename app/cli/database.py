"""`switchboard db` and `switchboard directory`: the schema and the directory of legislators."""

from pathlib import Path
from typing import Annotated

import typer

from app.civic.directory_source import configured_source
from app.civic.sync import sync_congress, sync_state_legislators, sync_zip_districts
from app.cli.work import services_scope
from app.container import Services
from app.db import session_scope
from app.migrations import upgrade_database
from app.settings import get_settings

db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
directory_cli = typer.Typer(help="The directory of legislators and their offices.", no_args_is_help=True)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    upgrade_database(get_settings().database_url)
    typer.echo("Database is up to date.")


@directory_cli.command("sync")
def directory_sync(
    from_path: Annotated[
        Path | None,
        typer.Option("--from", help="A local folder laid out like shared/data/directory."),
    ] = None,
) -> None:
    """Import current legislators and their offices; re-running updates in place."""
    with services_scope() as services:
        sync_directory(services, from_path=from_path)


def sync_directory(services: Services, *, from_path: Path | None) -> None:
    """Each dataset in its own transaction, so a failure in one keeps what the others imported."""
    source = configured_source(services.settings, services.http, folder=from_path)
    for sync in (sync_congress, sync_state_legislators, sync_zip_districts):
        with session_scope(services.engine) as session:
            report = sync(session, source, progress=typer.echo)
        typer.echo(report.summary())
