"""An organization's webhook endpoints: added (URL checked public), listed, paused, secrets rotated.

Every function takes the organization: an endpoint of another organization is not found.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.kernel.errors import WebhookNotFoundError, WebhookUrlError
from app.kernel.webhook_vocabulary import WebhookEvent
from app.models.webhooks import WebhookEndpoint
from app.storage.db import write_scope
from app.webhooks.addresses import IPNetwork, check_webhook_url
from app.webhooks.signing import new_secret

MAX_ENDPOINTS = 20


@dataclass(frozen=True)
class EndpointForm:
    url: str
    events: Sequence[str] = field(default_factory=tuple)
    sender_name: str = ""
    privacy_url: str = ""


def list_endpoints(session: Session, *, organization_id: int) -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).where(col(WebhookEndpoint.organization_id) == organization_id)
    return list(session.exec(query.order_by(col(WebhookEndpoint.id))).all())


def get_endpoint(session: Session, *, organization_id: int, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.organization_id != organization_id:
        raise WebhookNotFoundError("There is no such webhook endpoint.")
    return endpoint


def add_endpoint(
    engine: Engine, *, organization_id: int, form: EndpointForm, allowed: Sequence[IPNetwork]
) -> WebhookEndpoint:
    """Check the form (the URL resolved and refused if not public: network I/O, before any
    transaction), then store the endpoint with a new secret."""
    events = _checked_events(form)
    check_webhook_url(form.url, allowed=allowed)
    with write_scope(engine) as session:
        if len(list_endpoints(session, organization_id=organization_id)) >= MAX_ENDPOINTS:
            raise WebhookUrlError(f"An organization has at most {MAX_ENDPOINTS} webhook endpoints.")
        endpoint = WebhookEndpoint(
            organization_id=organization_id,
            url=form.url.strip(),
            events=" ".join(events),
            secret=new_secret(),
            sender_name=form.sender_name.strip(),
            privacy_url=form.privacy_url.strip(),
        )
        session.add(endpoint)
        session.flush()
        session.refresh(endpoint)
        session.expunge(endpoint)
        return endpoint


def _checked_events(form: EndpointForm) -> list[str]:
    known = {event.value for event in WebhookEvent}
    events = [event for event in dict.fromkeys(form.events) if event in known]
    if not events:
        raise WebhookUrlError("Choose at least one event for this endpoint.")
    if WebhookEvent.SUPPORTER_OPTED_IN in events:
        if not form.sender_name.strip():
            raise WebhookUrlError("Opt-ins need the name supporters see: “Keep me updated by …”.")
        if urlsplit(form.privacy_url.strip()).scheme != "https":
            raise WebhookUrlError("Opt-ins need the https:// address of your privacy statement.")
    return events


def rotate_secret(
    session: Session, *, organization_id: int, endpoint_id: int, grace: timedelta, now: datetime
) -> WebhookEndpoint:
    """A new secret signs from now on; the old one signs too until `grace` has passed."""
    endpoint = get_endpoint(session, organization_id=organization_id, endpoint_id=endpoint_id)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + grace
    endpoint.secret = new_secret()
    session.add(endpoint)
    return endpoint


def set_endpoint_enabled(session: Session, *, organization_id: int, endpoint_id: int, enabled: bool) -> None:
    """A paused endpoint gets no new messages; what was queued for it waits until it is resumed."""
    endpoint = get_endpoint(session, organization_id=organization_id, endpoint_id=endpoint_id)
    endpoint.enabled = enabled
    session.add(endpoint)
