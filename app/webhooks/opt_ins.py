"""A constituent's opt-in to hear from the organization (or the partner) that brought them.

Only when they tick the box on the thank-you step: their name, email and ZIP code go, as a
`supporter.opted_in` message, to that organization's webhook and nowhere else, and are deleted here
once delivered or after a week (app/webhooks/retention.py). Offered only where the organization
has an endpoint that takes opt-ins and has said whom to name and where its privacy statement is.
"""

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.kernel.errors import OptInInvalidError
from app.kernel.webhook_vocabulary import WebhookEvent
from app.models.webhooks import WebhookEndpoint
from app.storage.db import write_scope
from app.webhooks.outbox import record_event
from app.webhooks.tenancy import NO_ATTRIBUTION, Attribution, campaign_owner

EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\"]{2,}$")
ZIP_CODE = re.compile(r"^[0-9]{5}(-[0-9]{4})?$")
LIMITS = {"name": 100, "email": 254}
# How long a process reuses what the thank-you step offers (an endpoint added shows within this).
OFFER_TTL_SECONDS = 10.0


@dataclass(frozen=True)
class OptInOffer:
    organization_id: int
    sender_name: str
    privacy_url: str


@dataclass(frozen=True)
class OptIn:
    name: str
    email: str
    zip_code: str
    language: str


def opt_in_offer(
    session: Session, *, campaign_slug: str, attribution: Attribution = NO_ATTRIBUTION
) -> OptInOffer | None:
    """Whom the checkbox names: the partner that brought the caller, else the campaign's owner;
    None when that organization takes no opt-ins."""
    organization_id = attribution.partner_organization_id or campaign_owner(
        session, campaign_slug=campaign_slug
    )
    endpoints = session.exec(
        select(WebhookEndpoint)
        .where(col(WebhookEndpoint.organization_id) == organization_id)
        .where(col(WebhookEndpoint.enabled))
        .order_by(col(WebhookEndpoint.id))
    ).all()
    for endpoint in endpoints:
        if WebhookEvent.SUPPORTER_OPTED_IN.value in endpoint.events.split() and endpoint.privacy_url:
            return OptInOffer(organization_id, endpoint.sender_name, endpoint.privacy_url)
    return None


class OptInOffers:
    """What each campaign's thank-you step offers, cached for `ttl_seconds` per process, so a surge
    of page views costs one query per period (as the public counter does)."""

    def __init__(
        self, *, ttl_seconds: float = OFFER_TTL_SECONDS, clock: Callable[[], float] = time.monotonic
    ):
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: dict[tuple[str, int | None], tuple[float, OptInOffer | None]] = {}

    def offer(
        self, session: Session, *, campaign_slug: str, attribution: Attribution = NO_ATTRIBUTION
    ) -> OptInOffer | None:
        key = (campaign_slug, attribution.partner_organization_id)
        now = self._clock()
        with self._lock:
            cached = self._cached.get(key)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        found = opt_in_offer(session, campaign_slug=campaign_slug, attribution=attribution)
        with self._lock:
            self._cached[key] = (now, found)
        return found


def read_opt_in(*, name: str, email: str, zip_code: str, language: str) -> OptIn:
    """The form's fields, checked; OptInInvalidError names the first field that is not right."""
    opt_in = OptIn(name.strip(), email.strip(), zip_code.strip(), language)
    for field, limit in LIMITS.items():
        if len(getattr(opt_in, field)) > limit:
            raise OptInInvalidError(f"The {field} is too long.", field="too_long")
    if not EMAIL.match(opt_in.email):
        raise OptInInvalidError("Please enter your email address.", field="email")
    if opt_in.zip_code and not ZIP_CODE.match(opt_in.zip_code):
        raise OptInInvalidError("A ZIP code is 5 digits.", field="zip")
    return opt_in


def record_opt_in(
    engine: Engine,
    *,
    campaign_slug: str,
    opt_in: OptIn,
    attribution: Attribution = NO_ATTRIBUTION,
    now: datetime,
) -> OptInOffer:
    """Queue the opt-in for the organization the checkbox named; the offer it went to."""
    with write_scope(engine) as session:
        offer = opt_in_offer(session, campaign_slug=campaign_slug, attribution=attribution)
        if offer is None:
            raise OptInInvalidError("Updates are not offered for this campaign.", field="not_offered")
        data = {
            "campaign": campaign_slug,
            "partner": attribution.partner,
            "source": attribution.source,
            "name": opt_in.name,
            "email": opt_in.email,
            "zip": opt_in.zip_code or None,
            "language": opt_in.language,
            "consented_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "privacy_url": offer.privacy_url,
        }
        record_event(
            session,
            organization_ids=[offer.organization_id],
            event=WebhookEvent.SUPPORTER_OPTED_IN,
            data=data,
            now=now,
        )
        return offer
