"""The `switchboard` command."""

import asyncio
import json
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import uvicorn
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.accounts import (
    add_user,
    create_token,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    set_password,
)
from app.calls.limits import block_caller
from app.calls.reconcile import reconcile_calls
from app.campaigns.files import campaign_yaml
from app.campaigns.lookups import RepresentativeList, campaign_targets, representatives_at
from app.campaigns.store import get_campaign, load_campaign_dir
from app.campaigns.targeting import TargetList
from app.civic.directory import count_officials
from app.civic.location import Location
from app.cli_upkeep import purge_receipts
from app.container import Services, build_services
from app.db import session_scope
from app.directory_cli import directory_cli
from app.directory_jobs import sync_directory
from app.errors import CallsUnavailableError, GeocoderUnavailableError, InvalidFilterError, SwitchboardError
from app.jobs.runner import work
from app.migrations import database_is_current, upgrade_database
from app.models import utcnow
from app.settings import Settings, get_settings
from app.tallies.exports import TABLES as TALLY_TABLES
from app.tallies.exports import tally_table_csv
from app.tallies.filters import parse_filter
from app.tallies.queries import CampaignTallies, campaign_tallies
from app.vocabulary import Outcome
from app.web.presenters import representative_list_json, target_list_json
from app.web.tally_views import tallies_json

T = TypeVar("T")
cli = typer.Typer(
    help="Switchboard: legislator call campaigns.", no_args_is_help=True, pretty_exceptions_show_locals=False
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
campaigns_cli = typer.Typer(help="Campaign definitions.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(directory_cli, name="directory")
cli.add_typer(campaigns_cli, name="campaigns")
users_cli = typer.Typer(help="Accounts for the admin pages.", no_args_is_help=True)
tokens_cli = typer.Typer(help="API tokens for the admin JSON API.", no_args_is_help=True)
calls_cli = typer.Typer(help="Bridged and call-in phone calls.", no_args_is_help=True)
cli.add_typer(users_cli, name="users")
cli.add_typer(tokens_cli, name="tokens")
cli.add_typer(calls_cli, name="calls")


def _services() -> Services:
    return build_services(get_settings())


def _fail(error: SwitchboardError) -> typer.Exit:
    typer.secho(error.message, fg=typer.colors.RED, err=True)
    candidates = error.details.get("candidates")
    for candidate in candidates if isinstance(candidates, list) else []:
        typer.secho(f"  {candidate}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


def _run_async(services: Services, work: Coroutine[Any, Any, T]) -> T:
    """An async lookup from the command line: one event loop, the geocoders' client closed with it."""

    async def run() -> T:
        try:
            return await work
        finally:
            await services.close_loop_clients()

    return asyncio.run(run())


@contextmanager
def _unit_of_work(settings: Settings | None = None) -> Iterator[tuple[Services, Session]]:
    """Services and one committed database session; an expected failure exits 1 with its message."""
    services = build_services(settings or get_settings())
    try:
        with session_scope(services.engine) as session:
            yield services, session
    except SwitchboardError as error:
        raise _fail(error) from error
    finally:
        services.close()


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


@campaigns_cli.command("load")
def campaigns_load(
    directory: Annotated[Path | None, typer.Argument(help="Folder of campaign YAML files.")] = None,
    replace_edited: Annotated[
        bool, typer.Option("--replace-edited", help="Also overwrite campaigns changed in the admin pages.")
    ] = False,
) -> None:
    """Load (or reload) every campaign file in a folder; bad files are reported, not loaded."""
    services = _services()
    folder = directory or services.settings.campaigns_dir
    with session_scope(services.engine) as session:
        report = load_campaign_dir(session, folder, replace_edited=replace_edited)
    services.close()
    for slug in report.loaded:
        typer.echo(f"loaded {slug}")
    _print_kept(report.kept)
    for error in report.errors:
        typer.secho(error, fg=typer.colors.RED, err=True)
    if report.errors:
        raise typer.Exit(code=1)


def _print_kept(slugs: list[str]) -> None:
    for slug in slugs:
        typer.secho(
            f"kept {slug}: changed in the admin pages, so its file was not loaded "
            f"(`switchboard campaigns export {slug}` writes the current version)",
            fg=typer.colors.YELLOW,
        )


@campaigns_cli.command("export")
def campaigns_export(slug: Annotated[str, typer.Argument(help="The campaign's slug.")]) -> None:
    """Print a campaign (from the database) as a campaign file."""
    with _unit_of_work() as (_, session):
        typer.echo(campaign_yaml(get_campaign(session, slug)), nl=False)


@campaigns_cli.command("preview")
def campaigns_preview(
    slug: Annotated[str, typer.Argument(help="The campaign's slug (any status, drafts too).")],
    address: Annotated[str, typer.Option(help="A US street address, in quotes.")],
    name: Annotated[str, typer.Option(help="Caller's name for the script.")] = "",
    lang: Annotated[str | None, typer.Option(help="Script language, e.g. es.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """Show exactly what a constituent at ADDRESS would see: every target, office and script."""
    with _unit_of_work() as (services, _session):
        lookup = campaign_targets(
            services.read_models,
            services.locator,
            slug=slug,
            address=address,
            name=name,
            language=lang,
            any_status=True,
        )
        _print_targets(_run_async(services, lookup), as_json)


@users_cli.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The person's email; they sign in with it.")],
    role: Annotated[str, typer.Option(help="organizer (edit, launch, pause) or staff (read).")],
) -> None:
    """Create an account. The password comes from SWITCHBOARD_NEW_PASSWORD or a prompt."""
    settings = get_settings()
    password = (
        settings.new_password.get_secret_value()
        if settings.new_password
        else typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    )
    with _unit_of_work(settings) as (_, session):
        user = add_user(session, email=email, password=password, role=role)
        typer.echo(f"Added {user.email} ({user.role}).")


@users_cli.command("password")
def users_password(email: Annotated[str, typer.Argument(help="The account's email.")]) -> None:
    """Set a new password (SWITCHBOARD_NEW_PASSWORD or a prompt); signs the account out everywhere."""
    settings = get_settings()
    password = (
        settings.new_password.get_secret_value()
        if settings.new_password
        else typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    )
    with _unit_of_work(settings) as (_, session):
        changed = set_password(session, email=email, password=password).email
    typer.echo(f"Changed the password of {changed}; its sessions have ended.")


@users_cli.command("list")
def users_list() -> None:
    """List accounts: email, role and when each was created."""
    with _unit_of_work() as (_, session):
        for user in list_users(session):
            typer.echo(f"{user.email}\t{user.role}\t{user.created_at:%Y-%m-%d}")


@users_cli.command("remove")
def users_remove(email: Annotated[str, typer.Argument(help="The account's email.")]) -> None:
    """Delete an account; anyone signed in with it is signed out."""
    with _unit_of_work() as (_, session):
        remove_user(session, email=email)
    typer.echo(f"Removed {email.strip().lower()}.")


@tokens_cli.command("create")
def tokens_create(
    role: Annotated[str, typer.Option(help="organizer or staff.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Create an API token; it is printed once, as the last line, and only its hash is kept."""
    with _unit_of_work() as (_, session):
        row, token = create_token(session, role=role, name=name)
        typer.echo(f"Created API token {row.id} ({row.role}). Store it now: it is not shown again.")
    typer.echo(token)  # only once the token is saved


@tokens_cli.command("list")
def tokens_list() -> None:
    """List API tokens (never the tokens themselves)."""
    with _unit_of_work() as (_, session):
        for row in list_tokens(session):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            typer.echo(f"{row.id}\t{row.role}\t{state}\t{row.created_at:%Y-%m-%d}\t{row.name}")


@tokens_cli.command("revoke")
def tokens_revoke(token_id: Annotated[int, typer.Argument(help="The token's id (see tokens list).")]) -> None:
    """Revoke an API token: it stops working at once."""
    with _unit_of_work() as (_, session):
        revoke_token(session, token_id=token_id)
    typer.echo(f"Revoked API token {token_id}.")


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
        if campaign:
            lookup = campaign_targets(
                services.read_models,
                services.locator,
                slug=campaign,
                address=address,
                name=name,
                language=lang,
            )
            _print_targets(_run_async(services, lookup), as_json)
        else:
            found = representatives_at(services.read_models, services.locator, address=address)
            _print_representatives(_run_async(services, found), as_json)
    except GeocoderUnavailableError as error:
        typer.secho(
            "Offline? A 5-digit ZIP code inside one district is found without the geocoder, "
            "for example: switchboard lookup 05401",
            fg=typer.colors.YELLOW,
            err=True,
        )
        raise _fail(error) from error
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


def _print_representatives(result: RepresentativeList, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(representative_list_json(result), indent=2, ensure_ascii=False))
        return
    _print_location(result.location)
    for vacancy in result.vacancies:
        typer.secho(vacancy.message, fg=typer.colors.YELLOW)
    for rep, choice in result.representatives:
        where = f", district {rep.district}" if rep.district and rep.district != "0" else ""
        typer.secho(f"\n{rep.title} {rep.name} ({rep.party}) — {rep.chamber}{where}", bold=True)
        for office in rep.offices:
            marker = "*" if choice is not None and office.id == choice.office.id else " "
            phone = office.display_phone or "no phone"
            typer.echo(
                f" {marker} {phone:<16} {office.kind:<8} {office.address or office.city}  [{office.id}]"
            )
        if choice is not None and choice.note:
            typer.secho(f"   {choice.note}", fg=typer.colors.YELLOW)


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


calls_cli.command("purge-receipts")(purge_receipts)


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
        _prepare_to_serve(settings)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        # Forwarded headers are read by app.web.forwarded, only when SWITCHBOARD_TRUSTED_PROXY says so.
        proxy_headers=False,
        forwarded_allow_ips="",
        # A process starting on a busy machine must not be taken for dead and restarted in a loop.
        timeout_worker_healthcheck=60,
    )


def _prepare_to_serve(settings: Settings) -> None:
    upgrade_database(settings.database_url)
    services = build_services(settings)
    with session_scope(services.engine) as session:
        report = load_campaign_dir(session, settings.campaigns_dir)
        empty = count_officials(session) == 0
    for error in report.errors:
        typer.secho(error, fg=typer.colors.RED, err=True)
    typer.echo(f"Campaigns loaded: {', '.join(report.loaded) or 'none'}")
    _print_kept(report.kept)
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
    services.close()


@cli.command()
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
    asyncio.run(work(settings))


@cli.command()
def tallies(
    slug: Annotated[str, typer.Argument(help="The campaign's slug.")],
    as_csv: Annotated[bool, typer.Option("--csv", help="Print one table as CSV (see --table).")] = False,
    table: Annotated[
        str, typer.Option(help="With --csv: targets, states, districts or over-time.")
    ] = "targets",
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
    since: Annotated[str, typer.Option(help="First UTC day counted, YYYY-MM-DD.")] = "",
    until: Annotated[str, typer.Option(help="Last UTC day counted, YYYY-MM-DD.")] = "",
    chamber: Annotated[str, typer.Option(help="us-senate, us-house, state-upper or state-lower.")] = "",
    language: Annotated[str, typer.Option(help="Script language, e.g. es.")] = "",
    method: Annotated[str, typer.Option(help="bridged, call-in or self-dialed.")] = "",
) -> None:
    """Print a campaign's call tallies: headline numbers and calls per target."""
    if as_csv and table not in TALLY_TABLES:
        raise _fail(InvalidFilterError(f"--table must be one of {', '.join(TALLY_TABLES)}."))
    services = _services()
    try:
        filters = parse_filter(since=since, until=until, chamber=chamber, language=language, method=method)
        with session_scope(services.engine) as session:
            result = campaign_tallies(session, slug=slug, filters=filters, now=datetime.now(UTC))
    except SwitchboardError as error:
        raise _fail(error) from error
    finally:
        services.close()
    if as_csv:
        typer.echo(tally_table_csv(result, table=table), nl=False)
    elif as_json:
        typer.echo(json.dumps(tallies_json(result), indent=2, ensure_ascii=False))
    else:
        _print_tallies(result)


def _print_tallies(result: CampaignTallies) -> None:
    headline = result.headline
    typer.secho(result.title, bold=True)
    typer.echo(
        f"{headline.calls_started} calls started by {headline.unique_callers} callers; "
        f"{headline.counts.calls} calls to offices, {headline.counts.connected} connected, "
        f"{headline.counts.made} made" + (f" of a goal of {headline.goal}" if headline.goal else "")
    )
    typer.echo("  ".join(f"{name} {n}" for name, n in headline.counts.outcomes.items()))
    typer.echo(
        f"\n{'legislator':<32} {'chamber':<11} {'calls':>6} {Outcome.CONTACT:>8} {Outcome.VOICEMAIL:>9} "
        f"{'reached':>8}"
    )
    for target in result.targets:
        counts = target.counts
        typer.echo(
            f"{target.name[:32]:<32} {target.chamber:<11} {counts.calls:>6} {counts.contacts:>8} "
            f"{counts.voicemails:>9} {counts.share_reached:>8.0%}"
        )


def main() -> None:
    cli()
