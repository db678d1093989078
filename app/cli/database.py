"""`switchboard db`: the database schema."""

import typer
from sqlalchemy.exc import SQLAlchemyError

from app.settings import get_settings
from app.storage.migrations import database_is_current, upgrade_database

db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    upgrade_database(get_settings().database_url)
    typer.echo("Database is up to date.")


@db_cli.command("check")
def db_check() -> None:
    """Exit 0 when the database answers and every migration is applied (for health checks)."""
    try:
        current = database_is_current(get_settings().database_url)
    except SQLAlchemyError as error:
        typer.secho(
            f"The database does not answer: {error.__class__.__name__}", fg=typer.colors.RED, err=True
        )
        raise typer.Exit(code=1) from error
    if not current:
        typer.secho("The database needs `switchboard db upgrade`.", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)
    typer.echo("Database is up to date.")
