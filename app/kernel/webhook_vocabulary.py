"""The words of outbound webhooks: the events an organization's endpoint may receive, and where one
delivery of a message to one endpoint stands."""

from enum import StrEnum


class WebhookEvent(StrEnum):
    """What happened, as the `type` of a Standard Webhooks payload."""

    # A call to one target is over (a bridged or call-in leg ended, a self-dialed call was reported).
    CALL_COMPLETED = "call.completed"
    # The outcome of a call to one target was reported or changed (keypad, web page, the call itself).
    OUTCOME_REPORTED = "outcome.reported"
    # A constituent asked to be kept updated: the only event that carries personal data.
    SUPPORTER_OPTED_IN = "supporter.opted_in"

    @property
    def personal(self) -> bool:
        return self is WebhookEvent.SUPPORTER_OPTED_IN


class DeliveryStatus(StrEnum):
    """pending → sending → delivered; or back to pending (a retry), then failed once out of attempts.
    `expired`: a personal message never delivered within its week, deleted unsent."""

    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    EXPIRED = "expired"

    @property
    def is_final(self) -> bool:
        return self in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.EXPIRED)
