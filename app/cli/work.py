"""The CLI's one unit of work: build the services, run, close; an expected failure exits 1.

Commands that touch the database use `unit_of_work` (services plus one committed session, the
CLI's counterpart of a web request's session). Commands whose domain code opens its own short
transactions on the engine (syncs, reconcile) use `services_scope` and pass `services.engine`.
"""

import asyncio
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.kernel.errors import SwitchboardError
from app.runtime.container import Services, build_services
from app.settings import Settings, get_settings
from app.storage.db import session_scope
from app.storage.migrations import database_is_current

T = TypeVar("T")


def fail(error: SwitchboardError) -> typer.Exit:
    """Print an expected failure's message (and any candidates it names); exit status 1."""
    typer.secho(error.message, fg=typer.colors.RED, err=True)
    candidates = error.details.get("candidates")
    for candidate in candidates if isinstance(candidates, list) else []:
        typer.secho(f"  {candidate}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


@contextmanager
def services_scope(settings: Settings | None = None) -> Iterator[Services]:
    """The app's services for one command, always closed; a SwitchboardError exits 1 with its message,
    and so does a database that is not created or not up to date yet (never a stack trace)."""
    settings = settings or get_settings()
    _require_current_database(settings.database_url)
    services = build_services(settings)
    try:
        yield services
    except SwitchboardError as error:
        raise fail(error) from error
    finally:
        services.close()


@contextmanager
def unit_of_work(settings: Settings | None = None) -> Iterator[tuple[Services, Session]]:
    """Services and one database session, committed when the block ends without an error."""
    with services_scope(settings) as services, session_scope(services.engine) as session:
        yield services, session


def _require_current_database(database_url: str) -> None:
    try:
        current = database_is_current(database_url)
    except SQLAlchemyError:
        typer.secho(
            "The database does not answer: check SWITCHBOARD_DATABASE_URL and that the server is up.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(code=1) from None
    if not current:
        typer.secho(
            "The database is not set up (or not up to date): run `switchboard db upgrade` "
            "(./run db upgrade) first. `switchboard serve` does that by itself.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(code=1)


def run_async(services: Services, work: Coroutine[Any, Any, T]) -> T:
    """An async lookup from the command line: one event loop, the geocoders' client closed with it."""

    async def run() -> T:
        try:
            return await work
        finally:
            await services.close_loop_clients()

    return asyncio.run(run())
