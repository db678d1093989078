"""Signing per the Standard Webhooks spec (https://www.standardwebhooks.com), with `standardwebhooks`.

Each request carries `webhook-id` (the message's id, the same on every retry), `webhook-timestamp`
(seconds) and `webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. While a rotated
secret is in its grace period the header carries one signature per secret, space-separated, as the
spec allows, so a receiver verifies with either.
"""

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime

from standardwebhooks.webhooks import Webhook

from app.models.webhooks import WebhookEndpoint

SECRET_PREFIX = "whsec_"  # noqa: S105 (the spec's prefix for a secret, not a secret)


def new_secret() -> str:
    """24 random bytes, base64, with the spec's prefix (what `Webhook(secret)` takes)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def signing_secrets(endpoint: WebhookEndpoint, *, now: datetime) -> list[str]:
    """The current secret, then the previous one while its grace period lasts."""
    valid = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and now < endpoint.previous_secret_until:
        valid.append(endpoint.previous_secret)
    return valid


def signed_headers(
    body: bytes, *, message_id: str, timestamp: datetime, secrets_in_use: Sequence[str]
) -> dict[str, str]:
    signatures = " ".join(
        Webhook(secret).sign(msg_id=message_id, timestamp=timestamp, data=body) for secret in secrets_in_use
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signatures,
        "content-type": "application/json",
    }
