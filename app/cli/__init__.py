"""The `switchboard` command: one module per command group, assembled here."""

import typer

from app.cli.accounts import tokens_cli, users_cli
from app.cli.calls import calls_cli
from app.cli.campaigns import campaigns_cli
from app.cli.database import db_cli
from app.cli.directory import directory_cli
from app.cli.lookup import lookup
from app.cli.organizations import orgs_cli
from app.cli.serve import serve, worker
from app.cli.tallies import tallies

cli = typer.Typer(
    help="Switchboard: legislator call campaigns.", no_args_is_help=True, pretty_exceptions_show_locals=False
)
cli.add_typer(db_cli, name="db")
cli.add_typer(directory_cli, name="directory")
cli.add_typer(campaigns_cli, name="campaigns")
cli.add_typer(users_cli, name="users")
cli.add_typer(tokens_cli, name="tokens")
cli.add_typer(orgs_cli, name="orgs")
cli.add_typer(calls_cli, name="calls")
cli.command()(lookup)
cli.command()(serve)
cli.command()(worker)
cli.command()(tallies)


def main() -> None:
    cli()
