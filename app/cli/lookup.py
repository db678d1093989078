"""`switchboard lookup`: the legislators (and, for a campaign, the scripts) for an address."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from app.campaigns.lookups import campaign_targets
from app.civic.locating.representatives import representatives_at
from app.cli.output import print_representatives, print_targets
from app.cli.work import run_async, services_scope
from app.kernel.errors import GeocoderUnavailableError


def lookup(
    address: Annotated[str, typer.Argument(help="A US street address, in quotes.")],
    campaign: Annotated[str | None, typer.Option(help="Show this campaign's targets and scripts.")] = None,
    name: Annotated[str, typer.Option(help="Caller's name for the script.")] = "",
    lang: Annotated[str | None, typer.Option(help="Script language.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """Print the legislators for an address: offices, phones and (with --campaign) scripts."""
    with services_scope() as services, offline_hint():
        if campaign:
            lookup = campaign_targets(
                services.read_models,
                locator=services.locator,
                slug=campaign,
                address=address,
                name=name,
                language=lang,
            )
            print_targets(run_async(services, lookup), as_json=as_json)
        else:
            found = representatives_at(services.read_models, locator=services.locator, address=address)
            print_representatives(run_async(services, found), as_json=as_json)


@contextmanager
def offline_hint() -> Iterator[None]:
    """When no geocoder answers, say what works offline (the error itself is reported as usual)."""
    try:
        yield
    except GeocoderUnavailableError:
        typer.secho(
            "Offline? A 5-digit ZIP code is found without the geocoder (with the members every "
            "chamber is sure of), for example: switchboard lookup 05401",
            fg=typer.colors.YELLOW,
            err=True,
        )
        raise
