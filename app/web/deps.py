"""FastAPI dependencies: the app's services and a database session per request."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.calls.placing import CallQueue
from app.runtime.container import Services
from app.storage.db import session_scope


def services_of(request: Request) -> Services:
    """The services, for the hot routes (lookups, Twilio's webhooks) that take `request` instead of
    `ServicesDep`: resolving a dependency cost a warm lookup about a sixth of its time (measured)."""
    services: Services = request.app.state.services
    return services


async def get_services(request: Request) -> Services:
    return services_of(request)


ServicesDep = Annotated[Services, Depends(get_services)]


def get_call_queue(request: Request) -> CallQueue:
    queue: CallQueue = request.app.state.call_queue
    return queue


CallQueueDep = Annotated[CallQueue, Depends(get_call_queue)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """The request's unit of work; routes whose domain code calls Twilio take the engine instead
    (see app/storage/db.py for the two styles)."""
    with session_scope(services.engine) as session:
        yield session


# scope="function": commit before the response goes out, so a client that follows a redirect
# (or sends its next request at once) always sees what this request saved.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def client_ip(request: Request) -> str | None:
    """The client's IP (behind a trusted proxy, the one it reported: see app.web.middleware.forwarded)."""
    return request.client.host if request.client else None


ClientIPDep = Annotated[str | None, Depends(client_ip)]
