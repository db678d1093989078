"""`switchboard` commands that keep promises about what is stored: receipts purged, sessions ended.

Registered on the command groups in app.cli.
"""

from datetime import timedelta
from typing import Annotated

import typer

from app.calls.receipts import RECEIPT_MAX_AGE, purge_expired_receipts
from app.container import build_services
from app.db import session_scope
from app.models import utcnow
from app.settings import get_settings

DEFAULT_HOURS = int(RECEIPT_MAX_AGE.total_seconds() // 3600)


def purge_receipts(
    older_than: Annotated[
        int, typer.Option(help="Delete receipts older than this many hours.", min=1)
    ] = DEFAULT_HOURS,
) -> None:
    """Delete the stored answers to Twilio's webhooks once their calls are long over."""
    services = build_services(get_settings())
    try:
        with session_scope(services.engine) as session:
            count = purge_expired_receipts(session, now=utcnow(), max_age=timedelta(hours=older_than))
    finally:
        services.close()
    typer.echo(f"Deleted {count} webhook receipts older than {older_than} hours.")
