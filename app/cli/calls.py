"""`switchboard calls`: reconcile calls whose callbacks never came, purge webhook receipts, block
numbers and addresses."""

from datetime import timedelta
from typing import Annotated

import typer

from app.calls.limits import block_caller
from app.calls.receipts import RECEIPT_MAX_AGE, purge_expired_receipts
from app.calls.reconcile import reconcile_calls
from app.cli.work import services_scope, unit_of_work
from app.kernel.clock import utcnow
from app.kernel.errors import CallsUnavailableError

calls_cli = typer.Typer(help="Bridged and call-in phone calls.", no_args_is_help=True)
RECEIPT_HOURS = int(RECEIPT_MAX_AGE.total_seconds() // 3600)


@calls_cli.command("reconcile")
def calls_reconcile(
    older_than: Annotated[int, typer.Option(help="Only calls begun at least this many minutes ago.")] = 15,
) -> None:
    """Fetch from Twilio the final status of calls whose status callbacks never came."""
    with services_scope() as services:
        if services.telephony is None:
            raise CallsUnavailableError("Twilio is not configured (SWITCHBOARD_TWILIO_* settings).")
        # reconcile_calls opens its own short transactions: it asks Twilio between them.
        report = reconcile_calls(
            services.engine,
            telephony=services.telephony,
            older_than=timedelta(minutes=older_than),
            now=utcnow(),
        )
    typer.echo(f"Checked {report.checked} open calls; closed {report.closed}.")
    for error in report.errors:
        typer.secho(error, fg=typer.colors.RED, err=True)
    if report.errors:
        raise typer.Exit(code=1)


@calls_cli.command("purge-receipts")
def calls_purge_receipts(
    older_than: Annotated[
        int, typer.Option(help="Delete receipts older than this many hours.", min=1)
    ] = RECEIPT_HOURS,
) -> None:
    """Delete the stored answers to Twilio's webhooks once their calls are long over."""
    with unit_of_work() as (_, session):
        count = purge_expired_receipts(session, now=utcnow(), max_age=timedelta(hours=older_than))
    typer.echo(f"Deleted {count} webhook receipts older than {older_than} hours.")


@calls_cli.command("block")
def calls_block(
    value: Annotated[str, typer.Argument(help="A phone number or an IP address.")],
    reason: Annotated[str, typer.Option(help="Why (kept with the entry).")] = "",
) -> None:
    """Refuse calls for a phone number or from an IP address (stored as a keyed hash)."""
    with unit_of_work() as (services, session):
        kind = block_caller(session, settings=services.settings, value=value, reason=reason)
    typer.echo(f"Blocked that {kind}.")
