"""The one clock: timezone-aware UTC, what every stored timestamp holds."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
