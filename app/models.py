"""Database tables. Every change here comes with an Alembic migration in alembic/versions/."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.vocabulary import CallStatus, LegStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


class Official(SQLModel, table=True):
    """A sitting legislator, keyed by the source's own id (bioguide or ocd-person)."""

    id: str = Field(primary_key=True, max_length=80)
    source: str = Field(max_length=40)
    name: str = Field(max_length=200)
    last_name: str = Field(max_length=100)
    title: str = Field(max_length=60)
    chamber: str = Field(index=True, max_length=20)
    party: str = Field(default="", max_length=60)
    state: str = Field(index=True, max_length=2)
    district: str = Field(default="", max_length=60)
    division_id: str = Field(index=True, max_length=200)
    # The current term as the source gives it (None: not given); judged at lookup time.
    term_start: date | None = None
    term_end: date | None = None
    # A portrait URL from the source (Open States' `image`); members of Congress get theirs by bioguide id.
    image: str = Field(default="", max_length=500)
    updated_at: datetime = Field(default_factory=utcnow)


class Office(SQLModel, table=True):
    """An office of an official: `district` (in the state) or `capitol` (Washington or the state house)."""

    id: str = Field(primary_key=True, max_length=120)
    official_id: str = Field(foreign_key="official.id", index=True, max_length=80)
    kind: str = Field(max_length=20)
    address: str = Field(default="", max_length=300)
    city: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=2)
    zip: str = Field(default="", max_length=10)
    phone: str | None = Field(default=None, max_length=20)
    latitude: float | None = None
    longitude: float | None = None


class Campaign(SQLModel, table=True):
    """A campaign as loaded from a file or saved from the admin pages; `spec` is its full definition."""

    slug: str = Field(primary_key=True, max_length=80)
    title: str = Field(max_length=200)
    status: str = Field(default="draft", max_length=20)
    source: str = Field(default="file", max_length=200)
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A person who signs in to the admin pages: an `organizer` or `staff`."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    """A bearer token for automation; only its SHA-256 hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=100)
    role: str = Field(max_length=20)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class AdminSession(SQLModel, table=True):
    """A signed-in admin session; the cookie holds its key, only the key's SHA-256 is stored here."""

    __tablename__ = "admin_session"

    key_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


class LoginFailure(SQLModel, table=True):
    """A failed sign-in, kept so the rate limit holds across processes and restarts."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=254)
    client: str = Field(index=True, max_length=64)
    at: datetime = Field(default_factory=utcnow, index=True)


class Vacancy(SQLModel, table=True):
    """A state legislative seat known to be vacant (Open States `settings.yml`)."""

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=40)
    state: str = Field(index=True, max_length=2)
    chamber: str = Field(max_length=20)
    district: str = Field(max_length=60)
    division_id: str = Field(index=True, max_length=200)
    vacant_until: date | None = None


class DirectorySync(SQLModel, table=True):
    """One directory sync (by hand, scheduled or at start-up): when, from where, what it changed."""

    __tablename__ = "directory_sync"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    trigger: str = Field(max_length=20)
    # Scheduled syncs claim their time slot: whoever inserts it first runs it, once for everyone.
    slot: str | None = Field(default=None, unique=True, max_length=40)
    actor: str = Field(default="", max_length=254)
    source: str = Field(default="", max_length=300)
    status: str = Field(default="running", max_length=20)
    # The Congress whose members the synced directory holds (from their terms), when known.
    congress: int | None = None
    message: str = Field(default="", max_length=2000)
    reports: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class OfficeOverride(SQLModel, table=True):
    """A staff correction of one office that syncs keep: a phone number to use instead, or hidden."""

    __tablename__ = "office_override"

    office_id: str = Field(primary_key=True, max_length=120)
    official_id: str = Field(index=True, max_length=80)
    phone: str | None = Field(default=None, max_length=20)
    hidden: bool = False
    note: str = Field(default="", max_length=500)
    created_by: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow)
    # The upstream phone when the override was made; a sync that brings another one flags it.
    upstream_phone: str | None = Field(default=None, max_length=20)
    upstream_changed_at: datetime | None = None
    upstream_now: str | None = Field(default=None, max_length=20)


class ZipDivision(SQLModel, table=True):
    """A ZIP code (ZCTA) and one district it overlaps; a ZIP in several districts has several rows."""

    zip: str = Field(primary_key=True, max_length=5)
    division_id: str = Field(primary_key=True, max_length=200)
    state: str = Field(max_length=2)


# Tallies: running counters kept exact as legs change (app/tallies), so dashboards never scan legs.
# Every key column is NOT NULL (NULLs would defeat the unique keys the upserts conflict on).


class TallyDay(SQLModel, table=True):
    """Legs per campaign and UTC day, by chamber, language, method and outcome (`pending` = none yet)."""

    __tablename__ = "tally_day"
    __table_args__ = (
        UniqueConstraint("campaign", "day", "chamber", "language", "method", "outcome", name="uq_tally_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)
    day: date
    chamber: str = Field(max_length=20)
    language: str = Field(max_length=12)
    method: str = Field(max_length=12)
    outcome: str = Field(max_length=16)
    legs: int = 0
    connected: int = 0


class TallyHour(SQLModel, table=True):
    """Legs per campaign and UTC hour, by chamber, language and method: the hourly chart."""

    __tablename__ = "tally_hour"
    __table_args__ = (
        UniqueConstraint("campaign", "hour", "chamber", "language", "method", name="uq_tally_hour"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)
    hour: datetime
    chamber: str = Field(max_length=20)
    language: str = Field(max_length=12)
    method: str = Field(max_length=12)
    legs: int = 0
    connected: int = 0


class TargetCounterColumns(SQLModel):
    """Columns shared by the per-target counters: the target, the leg's dimensions and the counts."""

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)
    target_id: str = Field(max_length=80)
    target_name: str = Field(max_length=200)
    chamber: str = Field(max_length=20)
    state: str = Field(max_length=2)
    district: str = Field(max_length=60)
    language: str = Field(max_length=12)
    method: str = Field(max_length=12)
    outcome: str = Field(max_length=16)
    legs: int = 0
    connected: int = 0


class TallyTargetDay(TargetCounterColumns, table=True):
    """Legs per campaign, UTC day, target (with chamber, state, district), language, method, outcome."""

    __tablename__ = "tally_target_day"
    __table_args__ = (
        UniqueConstraint(
            "campaign", "day", "target_id", "language", "method", "outcome", name="uq_tally_target_day"
        ),
    )

    day: date


class TallyTarget(TargetCounterColumns, table=True):
    """The same as TallyTargetDay over the whole campaign: what an unfiltered-by-date dashboard reads."""

    __tablename__ = "tally_target"
    __table_args__ = (
        UniqueConstraint("campaign", "target_id", "language", "method", "outcome", name="uq_tally_target"),
    )


class TallyTargetTotal(SQLModel, table=True):
    """Legs per campaign, target and outcome, all languages and methods: the whole-campaign dashboard.

    Six times fewer rows than TallyTarget (two languages, three methods), read without a GROUP BY.
    """

    __tablename__ = "tally_target_total"
    __table_args__ = (UniqueConstraint("campaign", "target_id", "outcome", name="uq_tally_target_total"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)
    target_id: str = Field(max_length=80)
    target_name: str = Field(max_length=200)
    chamber: str = Field(max_length=20)
    state: str = Field(max_length=2)
    district: str = Field(max_length=60)
    outcome: str = Field(max_length=16)
    legs: int = 0
    connected: int = 0


class TallyCallHour(SQLModel, table=True):
    """Calls started (one per constituent session) and first-time callers, per campaign and UTC hour."""

    __tablename__ = "tally_call_hour"
    __table_args__ = (UniqueConstraint("campaign", "hour", "language", "method", name="uq_tally_call_hour"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)
    hour: datetime
    language: str = Field(max_length=12)
    method: str = Field(max_length=12)
    calls: int = 0
    new_callers: int = 0


class TallyCallDay(SQLModel, table=True):
    """The same as TallyCallHour per UTC day: what the headline and the daily chart read."""

    __tablename__ = "tally_call_day"
    __table_args__ = (UniqueConstraint("campaign", "day", "language", "method", name="uq_tally_call_day"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)
    day: date
    language: str = Field(max_length=12)
    method: str = Field(max_length=12)
    calls: int = 0
    new_callers: int = 0


class TallyCaller(SQLModel, table=True):
    """Who has called a campaign, as a keyed hash or browser token only: makes unique callers exact."""

    __tablename__ = "tally_caller"
    __table_args__ = (UniqueConstraint("campaign", "caller_key", name="uq_tally_caller"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)
    caller_key: str = Field(max_length=128)
    first_seen: datetime


class CallSession(SQLModel, table=True):
    """One constituent's call: bridged ("Call me"), call-in, or self-dialed ("show me the number").

    No address is stored. `caller_phone` is kept only while the call runs; `caller_hash` is the
    number's HMAC keyed by the app secret (for limits, blocklists and de-duplication).
    """

    __tablename__ = "call_session"

    id: str = Field(primary_key=True, max_length=40)
    campaign_slug: str = Field(foreign_key="campaign.slug", index=True, max_length=80)
    mode: str = Field(max_length=20)
    language: str = Field(default="en", max_length=12)
    state: str = Field(default="", max_length=2)
    districts: str = Field(default="", max_length=200)
    status: str = Field(default=CallStatus.CREATED, max_length=20, index=True)
    caller_phone: str | None = Field(default=None, max_length=20)
    caller_hash: str | None = Field(default=None, index=True, max_length=64)
    client_ip_hash: str | None = Field(default=None, index=True, max_length=64)
    browser_token_hash: str | None = Field(default=None, index=True, max_length=64)
    call_sid: str | None = Field(default=None, unique=True, max_length=64)
    twilio_status: str | None = Field(default=None, max_length=20)
    sequence_number: int = -1
    zip_attempts: int = 0
    error_code: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    duration_seconds: int | None = None


class CallLeg(SQLModel, table=True):
    """One target of a call session. Written only through app.calls.outcomes.update_leg."""

    __tablename__ = "call_leg"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="call_session.id", index=True, max_length=40)
    position: int
    target_id: str = Field(max_length=80)
    name: str = Field(max_length=200)
    title: str = Field(default="", max_length=60)
    chamber: str = Field(max_length=20)
    state: str = Field(max_length=2)
    district: str = Field(default="", max_length=60)
    office_phone: str | None = Field(default=None, index=True, max_length=20)
    intro: str = Field(default="", max_length=2000)
    status: str = Field(default=LegStatus.PENDING, max_length=20)
    twilio_status: str | None = Field(default=None, max_length=20)
    sequence_number: int = -1
    dial_call_sid: str | None = Field(default=None, max_length=64)
    dial_call_status: str | None = Field(default=None, max_length=20)
    duration_seconds: int | None = None
    outcome: str | None = Field(default=None, max_length=20)
    outcome_source: str | None = Field(default=None, max_length=10)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None


class WebhookReceipt(SQLModel, table=True):
    """A Twilio request already handled (by its I-Twilio-Idempotency-Token) and what we answered."""

    __tablename__ = "webhook_receipt"

    token: str = Field(primary_key=True, max_length=200)
    response: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow, index=True)


class CallBlock(SQLModel, table=True):
    """A blocked phone number (kind "phone", its keyed hash) or client IP (kind "ip", its keyed hash)."""

    __tablename__ = "call_block"

    kind: str = Field(primary_key=True, max_length=10)
    value_hash: str = Field(primary_key=True, max_length=64)
    reason: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class DataVersion(SQLModel, table=True):
    """A counter per kind of rarely-changing data (`directory`, `campaigns`), bumped by every change.

    Every process keeps its read models and caches of that data until the counter moves.
    """

    __tablename__ = "data_version"

    kind: str = Field(primary_key=True, max_length=40)
    version: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


class CallPace(SQLModel, table=True):
    """When the next bridged call may be placed: one row shared by every worker (calls-per-second)."""

    __tablename__ = "call_pace"

    id: int = Field(default=1, primary_key=True)
    next_at: datetime = Field(default_factory=utcnow)
