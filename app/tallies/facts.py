"""What the tallies count: the facts of one call leg, and the names of the ways a call is made."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.kernel.vocabulary import CALL_METHODS, PENDING_COLUMN, CallMethod, Outcome


@dataclass(frozen=True)
class LegFacts:
    """One leg (one caller → one legislator's office) as the tallies see it. No phone, no address."""

    campaign: str
    started_at: datetime
    target_id: str
    target_name: str
    chamber: str
    state: str
    district: str
    language: str
    method: CallMethod
    connected: bool
    outcome: str | None
    # Who brought the call (a campaign partner's id) and its source code; also counted by partner.
    partner_id: int | None = None
    source: str = ""

    @property
    def attributed(self) -> bool:
        return self.partner_id is not None or bool(self.source)

    def __post_init__(self) -> None:
        if self.started_at.utcoffset() is None:
            raise ValueError("LegFacts.started_at must be timezone-aware (UTC)")
        if self.method not in CALL_METHODS:
            raise ValueError(f"unknown call method {self.method!r}")
        if self.outcome is not None and Outcome.parse(self.outcome) is None:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    @property
    def outcome_key(self) -> str:
        return self.outcome or PENDING_COLUMN

    @property
    def hour(self) -> datetime:
        return hour_of(self.started_at)

    @property
    def day(self) -> date:
        return self.started_at.astimezone(UTC).date()


def hour_of(moment: datetime) -> datetime:
    """The UTC hour bucket a moment falls in."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
