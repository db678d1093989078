"""The `switchboard` command."""

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from app.calls.limits import block_caller
from app.calls.reconcile import reconcile_calls
from app.campaigns.store import load_campaign_dir
from app.campaigns.targeting import TargetList
from app.civic.directory import OfficeChoice, Representative, count_officials
from app.civic.location import Location
from app.civic.sync import sync_congress
from app.db import session_scope
from app.errors import CallsUnavailableError, SwitchboardError
from app.lookups import campaign_targets, directory_source, representatives_at
from app.migrations import upgrade_database
from app.models import utcnow
from app.services import Services, build_services
from app.settings import get_settings
from app.web.presenters import target_list_json

cli = typer.Typer(
    help="Switchboard: legislator call campaigns.", no_args_is_help=True, pretty_exceptions_show_locals=False
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
directory_cli = typer.Typer(help="The directory of legislators and their offices.", no_args_is_help=True)
campaigns_cli = typer.Typer(help="Campaign definitions.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(directory_cli, name="directory")
cli.add_typer(campaigns_cli, name="campaigns")
calls_cli = typer.Typer(help="Bridged and call-in phone calls.", no_args_is_help=True)
cli.add_typer(calls_cli, name="calls")


def _services() -> Services:
    return build_services(get_settings())


def _fail(error: SwitchboardError) -> typer.Exit:
    typer.secho(error.message, fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


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
    services = _services()
    try:
        _sync(services, from_path)
    except SwitchboardError as error:
        raise _fail(error) from error
    finally:
        services.close()


def _sync(services: Services, from_path: Path | None) -> None:
    source = directory_source(services, from_path)
    with session_scope(services.engine) as session:
        report = sync_congress(session, source, progress=typer.echo)
    typer.echo(report.summary())


@campaigns_cli.command("load")
def campaigns_load(
    directory: Annotated[Path | None, typer.Argument(help="Folder of campaign YAML files.")] = None,
) -> None:
    """Load (or reload) every campaign file in a folder; bad files are reported, not loaded."""
    services = _services()
    folder = directory or services.settings.campaigns_dir
    with session_scope(services.engine) as session:
        report = load_campaign_dir(session, folder)
    services.close()
    for slug in report.loaded:
        typer.echo(f"loaded {slug}")
    for error in report.errors:
        typer.secho(error, fg=typer.colors.RED, err=True)
    if report.errors:
        raise typer.Exit(code=1)


@cli.command()
def lookup(
    address: Annotated[str, typer.Argument(help="A US street address, in quotes.")],
    campaign: Annotated[str | None, typer.Option(help="Show this campaign's targets and scripts.")] = None,
    name: Annotated[str, typer.Option(help="Caller's name for the script.")] = "",
    lang: Annotated[str | None, typer.Option(help="Script language.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """Print the legislators for an address: offices, phones and (with --campaign) scripts."""
    services = _services()
    try:
        with session_scope(services.engine) as session:
            if campaign:
                result = campaign_targets(
                    session,
                    services.locator,
                    slug=campaign,
                    address=address,
                    name=name,
                    language=lang,
                )
                _print_targets(result, as_json)
            else:
                _print_representatives(*representatives_at(session, services.locator, address=address))
    except SwitchboardError as error:
        raise _fail(error) from error
    finally:
        services.close()


def _print_targets(result: TargetList, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(target_list_json(result), indent=2, ensure_ascii=False))
        return
    _print_location(result.location)
    for message in [*result.notes, *(v.message for v in result.vacancies)]:
        typer.secho(message, fg=typer.colors.YELLOW)
    for target in result.targets:
        rep = target.representative
        typer.secho(f"\n{rep.title} {rep.name} ({rep.party})", bold=True)
        if target.choice is None:
            typer.echo("  no phone listed")
        else:
            office = target.choice.office
            typer.echo(f"  {office.display_phone}  {office.kind} office, {office.city}")
            if target.choice.note:
                typer.secho(f"  {target.choice.note}", fg=typer.colors.YELLOW)
        for line in target.script.splitlines():
            typer.echo(f"  | {line}")


def _print_location(location: Location) -> None:
    district = location.congressional_district or "unknown"
    typer.echo(f"{location.matched_address}  ({location.state}, congressional district {district})")


def _print_representatives(
    location: Location, reps: list[tuple[Representative, OfficeChoice | None]]
) -> None:
    _print_location(location)
    for rep, choice in reps:
        typer.secho(f"\n{rep.title} {rep.name} ({rep.party}) — {rep.chamber}", bold=True)
        for office in rep.offices:
            marker = "*" if choice is not None and office.id == choice.office.id else " "
            phone = office.display_phone or "no phone"
            typer.echo(f" {marker} {phone:<16} {office.kind:<8} {office.city} {office.address}")


@calls_cli.command("reconcile")
def calls_reconcile(
    older_than: Annotated[int, typer.Option(help="Only calls begun at least this many minutes ago.")] = 15,
) -> None:
    """Fetch from Twilio the final status of calls whose status callbacks never came."""
    services = _services()
    try:
        if services.telephony is None:
            raise _fail(CallsUnavailableError("Twilio is not configured (SWITCHBOARD_TWILIO_* settings)."))
        report = reconcile_calls(
            services.engine, services.telephony, older_than=timedelta(minutes=older_than), now=utcnow()
        )
    finally:
        services.close()
    typer.echo(f"Checked {report.checked} open calls; closed {report.closed}.")
    for error in report.errors:
        typer.secho(error, fg=typer.colors.RED, err=True)
    if report.errors:
        raise typer.Exit(code=1)


@calls_cli.command("block")
def calls_block(
    value: Annotated[str, typer.Argument(help="A phone number or an IP address.")],
    reason: Annotated[str, typer.Option(help="Why (kept with the entry).")] = "",
) -> None:
    """Refuse calls for a phone number or from an IP address (stored as a keyed hash)."""
    services = _services()
    try:
        with session_scope(services.engine) as session:
            kind = block_caller(session, settings=services.settings, value=value, reason=reason)
    except SwitchboardError as error:
        raise _fail(error) from error
    finally:
        services.close()
    typer.echo(f"Blocked that {kind}.")


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Migrate, load campaigns/, sync the directory if it is empty, and serve the app."""
    settings = get_settings()
    upgrade_database(settings.database_url)
    services = build_services(settings)
    with session_scope(services.engine) as session:
        report = load_campaign_dir(session, settings.campaigns_dir)
        empty = count_officials(session) == 0
    for error in report.errors:
        typer.secho(error, fg=typer.colors.RED, err=True)
    typer.echo(f"Campaigns loaded: {', '.join(report.loaded) or 'none'}")
    if empty:
        try:
            _sync(services, None)
        except SwitchboardError as error:
            typer.secho(
                f"The directory is empty and could not be synced: {error.message}\n"
                "The app will start, but lookups will say the directory is not loaded. Sync it from a "
                "local copy with:\n  ./run directory sync --from ../shared/data/directory",
                fg=typer.colors.YELLOW,
                err=True,
            )
    services.close()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        proxy_headers=True,
    )


def main() -> None:
    cli()
