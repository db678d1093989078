"""`switchboard directory`: sync, status, history, and corrections of offices."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from app.civic.directory.committee_corrections import (
    REMOVED,
    list_committee_overrides,
    remove_committee_override,
    set_committee_override,
)
from app.civic.directory.corrections import (
    list_overrides,
    remove_override,
    set_override,
    wrong_number_reports,
)
from app.civic.directory.status import describe_age, directory_status, ordinal
from app.civic.sync.runs import count_lines, sync_history
from app.cli.work import services_scope, unit_of_work
from app.runtime.directory_jobs import command_line_user, sync_directory, sync_directory_if_due

directory_cli = typer.Typer(help="The directory of legislators and their offices.", no_args_is_help=True)


@directory_cli.command("sync")
def directory_sync(
    from_path: Annotated[
        Path | None,
        typer.Option("--from", help="A local folder laid out like shared/data/directory."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Apply even if it removes a large share of a chamber.")
    ] = False,
    if_due: Annotated[
        bool,
        typer.Option(
            "--if-due", help="The scheduled sync: only if this time slot was not synced yet (cron)."
        ),
    ] = False,
) -> None:
    """Import current legislators and their offices in one transaction; re-running updates in place."""
    with services_scope() as services:
        if if_due:
            reports = sync_directory_if_due(services, now=datetime.now(UTC), progress=typer.echo)
        else:
            reports = sync_directory(
                services,
                folder=from_path,
                trigger="manual",
                actor=command_line_user(),
                force=force,
                progress=typer.echo,
            )
    if reports is None:
        typer.echo("Not due: this time slot's scheduled sync already ran (or scheduled syncs are off).")
    for report in reports or []:
        typer.echo(report.summary())


@directory_cli.command("status")
def directory_status_command() -> None:
    """Which Congress the directory holds, when it was last synced, and any warning."""
    with services_scope() as services, Session(services.engine) as session:  # read only
        status = directory_status(
            session, now=datetime.now(UTC), stale_after=services.settings.directory_stale_after
        )
    congress = ordinal(status.congress) if status.congress else "unknown"
    typer.echo(f"Directory holds the {congress} Congress; the {ordinal(status.sitting_congress)} sits.")
    age = describe_age(status.age) + " ago" if status.age is not None else "never (no recorded sync)"
    typer.echo(f"Last synced: {age}")
    for warning in status.warnings():
        typer.secho(warning, fg=typer.colors.YELLOW)


@directory_cli.command("history")
def directory_history(
    limit: Annotated[int, typer.Option(help="How many syncs to show, newest first.")] = 10,
) -> None:
    """Past syncs: when, how, from where, outcome and counts."""
    with services_scope() as services, Session(services.engine) as session:  # read only
        runs = sync_history(session, limit=limit)
    for run in runs:
        typer.echo(f"{run.started_at:%Y-%m-%d %H:%M} UTC  {run.status:<8} {run.trigger:<9} {run.actor}")
        if run.message:
            typer.echo(f"    {run.message}")
        for line in count_lines(run):
            typer.echo(f"    {line}")


@directory_cli.command("override")
def directory_override(
    office_id: Annotated[str, typer.Argument(help="The office's id (see `directory overrides` or /admin).")],
    phone: Annotated[str | None, typer.Option(help="The phone number to use for this office.")] = None,
    hide: Annotated[bool, typer.Option("--hide", help="Never offer this office.")] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Drop the correction.")] = False,
    note: Annotated[str, typer.Option(help="Why (kept with the correction).")] = "",
    by: Annotated[str | None, typer.Option(help="Who made it (default: this system account).")] = None,
) -> None:
    """Correct one office's phone, or hide the office; syncs keep the correction."""
    with unit_of_work() as (_, session):
        if remove:
            remove_override(session, office_id=office_id)
        else:
            set_override(
                session, office_id=office_id, phone=phone, hide=hide, note=note, by=by or command_line_user()
            )
    done = "removed" if remove else ("hidden" if hide else f"now called at {phone}")
    typer.echo(f"Office {office_id}: {done}.")


@directory_cli.command("overrides")
def directory_overrides() -> None:
    """Corrections in force, and offices constituents reported as a wrong number."""
    with services_scope() as services, Session(services.engine) as session:  # read only
        overrides = list_overrides(session)
        reports = wrong_number_reports(session)
    typer.secho("Corrections", bold=True)
    for view in overrides:
        o = view.override
        what = (
            "hidden"
            if o.hidden
            else "; ".join(
                part
                for part in (
                    f"use {o.phone}" if o.phone else "",
                    f"hours {o.hours}" if o.hours else "",
                    f"time zone {o.time_zone}" if o.time_zone else "",
                )
                if part
            )
        )
        typer.echo(f"  {o.office_id}  {view.official_name}: {what} (by {o.created_by}) {o.note}")
        if o.upstream_changed_at is not None:
            typer.secho(f"    the upstream now lists {o.upstream_now or 'no such office'}", fg="yellow")
    typer.secho("Reported wrong numbers", bold=True)
    for report in reports:
        offices = ", ".join(report.office_ids) or "no current office"
        typer.echo(f"  {report.reports:>4}  {report.name}  {report.phone}  ({offices})")


@directory_cli.command("seat")
def directory_seat(
    committee_id: Annotated[str, typer.Argument(help="The committee's id (SSJU, an ocd-organization id).")],
    official_id: Annotated[str, typer.Argument(help="The official's id (bioguide or ocd-person).")],
    role: Annotated[
        str, typer.Option(help=f"chair, ranking-member, vice-chair, member, or {REMOVED} (not on it).")
    ] = "member",
    remove: Annotated[bool, typer.Option("--remove", help="Drop the correction.")] = False,
    note: Annotated[str, typer.Option(help="Why (kept with the correction).")] = "",
    by: Annotated[str | None, typer.Option(help="Who made it (default: this system account).")] = None,
) -> None:
    """Correct one committee seat (a role, a seat added or removed); syncs keep the correction."""
    with unit_of_work() as (_, session):
        if remove:
            remove_committee_override(session, committee_id=committee_id, official_id=official_id)
        else:
            set_committee_override(
                session,
                committee_id=committee_id,
                official_id=official_id,
                role=role,
                note=note,
                by=by or command_line_user(),
            )
    typer.echo(f"{committee_id} {official_id}: {'correction removed' if remove else role}.")


@directory_cli.command("seats")
def directory_seats() -> None:
    """Corrections of committee seats in force."""
    with services_scope() as services, Session(services.engine) as session:  # read only
        corrections = list_committee_overrides(session)
    for view in corrections:
        o = view.override
        typer.echo(
            f"  {o.committee_id} {o.official_id} ({view.committee_name}): {o.role or REMOVED} {o.note}"
        )
        if o.upstream_changed_at is not None:
            then = o.upstream_role or "no seat"
            typer.secho(
                f"    the source changed this seat since (it said {then} then); check it", fg="yellow"
            )
