"""`switchboard tallies`: a campaign's call tallies as a table, CSV or the API's JSON."""

from datetime import UTC, datetime
from typing import Annotated

import typer

from app.cli.work import fail, unit_of_work
from app.kernel.errors import InvalidFilterError
from app.kernel.vocabulary import Outcome
from app.schemas.tallies import TalliesPublic
from app.tallies.exports import TABLES, tally_table_csv
from app.tallies.filters import parse_filter
from app.tallies.queries import CampaignTallies, campaign_tallies


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
    if as_csv and table not in TABLES:
        raise fail(InvalidFilterError(f"--table must be one of {', '.join(TABLES)}."))
    with unit_of_work() as (_, session):
        filters = parse_filter(since=since, until=until, chamber=chamber, language=language, method=method)
        result = campaign_tallies(session, slug=slug, filters=filters, now=datetime.now(UTC))
    if as_csv:
        typer.echo(tally_table_csv(result, table=table), nl=False)
    elif as_json:
        typer.echo(TalliesPublic.of(result).model_dump_json(indent=2))
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
