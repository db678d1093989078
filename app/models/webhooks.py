"""Outbound webhooks: organizations' endpoints, the outbox of messages, and the delivery log.

`organization_id` is a plain integer until organizations have their table; the column then gets
its foreign key.
"""

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow
from app.kernel.webhook_vocabulary import DeliveryStatus


class WebhookEndpoint(SQLModel, table=True):
    """An organization's receiver: its URL, the events it takes and the secret it verifies with.

    A rotated secret stays in `previous_secret` until `previous_secret_until`: messages are signed
    with both meanwhile (the Standard Webhooks signature header takes several).
    """

    __tablename__ = "webhook_endpoint"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(index=True)
    url: str = Field(max_length=2000)
    # Space-separated WebhookEvent values.
    events: str = Field(max_length=200)
    secret: str = Field(max_length=100)
    previous_secret: str | None = Field(default=None, max_length=100)
    previous_secret_until: datetime | None = None
    # What the opt-in checkbox names ("Keep me updated by …") and the privacy statement it links.
    sender_name: str = Field(default="", max_length=120)
    privacy_url: str = Field(default="", max_length=2000)
    enabled: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class WebhookMessage(SQLModel, table=True):
    """One event for one organization: the outbox row, written in the transaction of what happened.

    `payload` is the JSON body; a personal one (an opt-in) is set to None once every delivery of it
    has ended, or after a week undelivered.
    """

    __tablename__ = "webhook_message"

    id: str = Field(primary_key=True, max_length=40)
    organization_id: int = Field(index=True)
    event_type: str = Field(max_length=40)
    payload: str | None = Field(default=None, sa_type=Text)
    personal: bool = False
    created_at: datetime = Field(default_factory=utcnow, index=True)


class WebhookDelivery(SQLModel, table=True):
    """One message to one endpoint: where it stands, when it is next tried, what came back last."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(foreign_key="webhook_message.id", index=True, max_length=40)
    endpoint_id: int = Field(foreign_key="webhook_endpoint.id", index=True)
    status: str = Field(default=DeliveryStatus.PENDING, max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    # While `sending`: when a worker that took it and went silent is presumed gone.
    lease_until: datetime | None = None
    last_status_code: int | None = None
    last_error: str = Field(default="", max_length=300)
    delivered_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)


class WebhookAttempt(SQLModel, table=True):
    """One try of a delivery, for the log: the status answered (None: no answer) or what went wrong."""

    __tablename__ = "webhook_attempt"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="webhook_delivery.id", index=True)
    attempted_at: datetime = Field(default_factory=utcnow)
    status_code: int | None = None
    error: str = Field(default="", max_length=300)
    elapsed_ms: int = 0
