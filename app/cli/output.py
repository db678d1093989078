"""How lookups and campaign targets print: for people, or as the API's JSON with --json."""

import typer

from app.campaigns.scripts import localized_title
from app.campaigns.targeting import TargetList
from app.civic.geography.location import Location
from app.civic.locating.representatives import RepresentativeList
from app.schemas.lookups import RepresentativeListPublic, TargetListPublic


def print_targets(result: TargetList, *, as_json: bool) -> None:
    if as_json:
        typer.echo(TargetListPublic.of(result).model_dump_json(indent=2))
        return
    _print_location(result.location)
    for message in [*result.notes, *(v.message for v in result.vacancies)]:
        typer.secho(message, fg=typer.colors.YELLOW)
    for target in result.targets:
        rep = target.representative
        title = localized_title(rep.title, language=result.language, gender=rep.gender)
        typer.secho(f"\n{title} {rep.name} ({rep.party})", bold=True)
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


def print_representatives(result: RepresentativeList, *, as_json: bool) -> None:
    if as_json:
        typer.echo(RepresentativeListPublic.of(result).model_dump_json(indent=2))
        return
    _print_location(result.location)
    for message in [*(u.message for u in result.unsure), *(v.message for v in result.vacancies)]:
        typer.secho(message, fg=typer.colors.YELLOW)
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
