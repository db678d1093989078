"""What we answered Twilio's webhooks, kept while a call can still be retried; then purged."""

from datetime import datetime, timedelta

from sqlmodel import Session, col, delete

from app.models import WebhookReceipt

# Calls last at most an hour (Twilio's TimeLimit); a day leaves room for Twilio's retries.
RECEIPT_MAX_AGE = timedelta(days=1)


def purge_expired_receipts(session: Session, *, now: datetime, max_age: timedelta = RECEIPT_MAX_AGE) -> int:
    """Delete receipts older than `max_age`; returns how many went. The caller commits."""
    result = session.exec(delete(WebhookReceipt).where(col(WebhookReceipt.created_at) < now - max_age))
    return int(result.rowcount or 0)
