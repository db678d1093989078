"""`switchboard campaigns`: load, export and preview campaign definitions."""

from pathlib import Path
from typing import Annotated

import typer

from app.campaigns.editing import campaign_file_text
from app.campaigns.lookups import campaign_targets
from app.campaigns.store import load_campaign_dir
from app.cli.output import print_targets
from app.cli.work import run_async, services_scope, unit_of_work

campaigns_cli = typer.Typer(help="Campaign definitions.", no_args_is_help=True)


@campaigns_cli.command("load")
def campaigns_load(
    directory: Annotated[Path | None, typer.Argument(help="Folder of campaign YAML files.")] = None,
    replace_edited: Annotated[
        bool, typer.Option("--replace-edited", help="Also overwrite campaigns changed in the admin pages.")
    ] = False,
) -> None:
    """Load (or reload) every campaign file in a folder; bad files are reported, not loaded."""
    with unit_of_work() as (services, session):
        folder = directory or services.settings.campaigns_dir
        report = load_campaign_dir(session, directory=folder, replace_edited=replace_edited)
    for slug in report.loaded:
        typer.echo(f"loaded {slug}")
    print_kept(report.kept)
    for error in report.errors:
        typer.secho(error, fg=typer.colors.RED, err=True)
    if report.errors:
        raise typer.Exit(code=1)


def print_kept(slugs: list[str]) -> None:
    for slug in slugs:
        typer.secho(
            f"kept {slug}: changed in the admin pages, so its file was not loaded "
            f"(`switchboard campaigns export {slug}` writes the current version)",
            fg=typer.colors.YELLOW,
        )


@campaigns_cli.command("export")
def campaigns_export(slug: Annotated[str, typer.Argument(help="The campaign's slug.")]) -> None:
    """Print a campaign (from the database) as a campaign file, its comments kept."""
    with unit_of_work() as (_, session):
        typer.echo(campaign_file_text(session, slug=slug), nl=False)


@campaigns_cli.command("preview")
def campaigns_preview(
    slug: Annotated[str, typer.Argument(help="The campaign's slug (any status, drafts too).")],
    address: Annotated[str, typer.Option(help="A US street address, in quotes.")],
    name: Annotated[str, typer.Option(help="Caller's name for the script.")] = "",
    lang: Annotated[str | None, typer.Option(help="Script language, e.g. es.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """Show exactly what a constituent at ADDRESS would see: every target, office and script."""
    with services_scope() as services:
        lookup = campaign_targets(
            services.read_models,
            locator=services.locator,
            slug=slug,
            address=address,
            name=name,
            language=lang,
            any_status=True,
        )
        print_targets(run_async(services, lookup), as_json=as_json)
