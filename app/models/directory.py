"""The directory: officials, their offices, vacant seats, ZIP codes, syncs and staff corrections."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow
from app.kernel.vocabulary import Chamber
from app.models.columns import Vocabulary


class Official(SQLModel, table=True):
    """A sitting legislator, keyed by the source's own id (bioguide or ocd-person)."""

    id: str = Field(primary_key=True, max_length=80)
    source: str = Field(max_length=40)
    name: str = Field(max_length=200)
    last_name: str = Field(max_length=100)
    title: str = Field(max_length=60)
    chamber: Chamber = Field(index=True, sa_type=Vocabulary(Chamber, length=20))
    party: str = Field(default="", max_length=60)
    state: str = Field(index=True, max_length=2)
    district: str = Field(default="", max_length=60)
    division_id: str = Field(index=True, max_length=200)
    # The current term as the source gives it (None: not given); judged at lookup time.
    term_start: date | None = None
    term_end: date | None = None
    # A portrait URL from the source (Open States' `image`); members of Congress get theirs by bioguide id.
    image: str = Field(default="", max_length=500)
    # "female", "male" or "" (the source does not say): app.civic.directory.officials.Gender.
    gender: str = Field(default="", max_length=10)
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
    # Opening hours as the office publishes them ("Mon-Fri 9am-5pm"; "" when it does not).
    hours: str = Field(default="", max_length=300)


class Vacancy(SQLModel, table=True):
    """A state legislative seat known to be vacant (Open States `settings.yml`)."""

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=40)
    state: str = Field(index=True, max_length=2)
    chamber: Chamber = Field(sa_type=Vocabulary(Chamber, length=20))
    district: str = Field(max_length=60)
    division_id: str = Field(index=True, max_length=200)
    vacant_until: date | None = None


class ZipDivision(SQLModel, table=True):
    """A ZIP code (ZCTA) and one district it overlaps; a ZIP in several districts has several rows."""

    zip: str = Field(primary_key=True, max_length=5)
    division_id: str = Field(primary_key=True, max_length=200)
    state: str = Field(max_length=2)


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
    # Opening hours staff set ("Mon-Fri 9am-5pm", as app.civic.directory.office_hours reads them)
    # and the office's IANA time zone; None keeps what the directory has.
    hours: str | None = Field(default=None, max_length=300)
    time_zone: str | None = Field(default=None, max_length=60)


class OfficeHealth(SQLModel, table=True):
    """An office number callers reported as unable to take a message (a full mailbox): avoided by
    cards and bridged calls until `unhealthy_until`, longer on each repeat
    (app.civic.directory.line_health)."""

    __tablename__ = "office_health"

    phone: str = Field(primary_key=True, max_length=20)
    strikes: int = 1
    unhealthy_until: datetime = Field(index=True)
    last_reported_at: datetime = Field(default_factory=utcnow)
    reason: str = Field(default="", max_length=20)
