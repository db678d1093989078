"""Who sits for a division, with their offices; and which office is nearest a constituent."""

import contextlib
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, func, select

from app.civic.directory.office_hours import OfficeHours, default_hours, parse_hours
from app.civic.directory.office_status import OfficeStatus, office_status
from app.civic.directory.terms import TermStatus, term_status
from app.civic.geography.time_zones import zone_of
from app.kernel.phones import display_phone
from app.kernel.vocabulary import Custom, TargetKind
from app.models.directory import OfficeOverride, Official

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class OfficeContact:
    id: str
    kind: str
    phone: str | None
    address: str
    city: str
    state: str
    zip: str
    latitude: float | None = None
    longitude: float | None = None
    hours: str = ""  # as published; see `weekly_hours`
    # An IANA zone staff set for the office ("" reads it from its ZIP code and state).
    zone: str = ""

    @cached_property  # phonenumbers parses once per office and process, not per lookup
    def display_phone(self) -> str | None:
        return display_phone(self.phone) if self.phone else None

    @cached_property
    def weekly_hours(self) -> OfficeHours:
        """The published hours where they read plainly, else the defaults for its kind of office."""
        return parse_hours(self.hours) or default_hours(self.kind)

    @cached_property
    def time_zone(self) -> ZoneInfo:
        """The zone staff set (checked when they set it), else the one of its ZIP code or state."""
        if self.zone:
            with contextlib.suppress(ValueError, ZoneInfoNotFoundError):
                return ZoneInfo(self.zone)
        return zone_of(state=self.state, zip_code=self.zip)

    def status_at(self, now: datetime) -> OfficeStatus:
        """Open or closed at `now`, and when that changes (its own hours, zone and holidays)."""
        return office_status(self.weekly_hours, zone=self.time_zone, now=now)


# The `office` table's columns, in the type's order (its `zone` comes from staff corrections only).
OFFICE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(OfficeContact) if f.name != "zone")


class Gender(StrEnum):
    """An official's gender as the open data states it: titles with a gendered form (Senadora,
    Senador) use it, and the neutral form (Senador/a) stands when the data does not say."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = ""


GENDERS = {gender.value: gender for gender in Gender}


@dataclass(frozen=True)
class Representative:
    """An official as lookups return it, and as a directory source hands it to the sync.

    The one shape of an official outside the `Official` table; custom targets take it too.
    """

    id: str
    source: str
    name: str
    last_name: str
    title: str
    chamber: TargetKind
    party: str
    state: str
    district: str
    division_id: str
    offices: tuple[OfficeContact, ...]
    term_start: date | None = None
    term_end: date | None = None
    image: str = ""
    gender: Gender = Gender.UNKNOWN

    @property
    def is_custom(self) -> bool:
        """A campaign's own target, not a legislator: no party, district or term to show."""
        return self.chamber == Custom.TARGET

    def term_status(self, now: datetime) -> TermStatus:
        return term_status(chamber=self.chamber, start=self.term_start, end=self.term_end, now=now)


@dataclass(frozen=True)
class OfficeChoice:
    office: OfficeContact
    # Why this office, when it is not a nearby district office (shown to the constituent).
    note: str | None = None
    # The same as a code the pages translate: "no_local_office", "dc_office" or "out_of_state".
    reason: str | None = None
    # Open or closed when the choice was made (None when no moment was given).
    status: OfficeStatus | None = None


def corrected(contact: OfficeContact, *, override: OfficeOverride | None) -> OfficeContact | None:
    """The office as staff corrected it: None when hidden; their phone number, hours and time
    zone where they set them."""
    if override is None:
        return contact
    if override.hidden:
        return None
    if override.phone:
        contact = replace(contact, phone=override.phone)
    if override.hours or override.time_zone:
        contact = replace(contact, hours=override.hours or contact.hours, zone=override.time_zone or "")
    return contact


def count_officials(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Official)).one())


def nearest_office(
    offices: Sequence[OfficeContact],
    *,
    latitude: float,
    longitude: float,
    state: str,
    now: datetime | None = None,
    avoid: Collection[str] = frozenset(),
) -> OfficeChoice | None:
    """The in-state district office nearest the point; else another in-state office; else capitol.

    Given `now`, the nearest in-state district office that is open then comes first, and the
    choice says whether its office is open and until (or from) when. Numbers in `avoid` (marked
    unhealthy: app.civic.directory.line_health) are chosen only when the official has no other."""
    usable = [o for o in offices if o.phone and o.phone not in avoid] if avoid else offices
    choice = _nearest_office(usable or offices, latitude=latitude, longitude=longitude, state=state, now=now)
    if choice is None or now is None or choice.status is not None:
        return choice
    return replace(choice, status=choice.office.status_at(now))


def _nearest_office(
    offices: Sequence[OfficeContact], *, latitude: float, longitude: float, state: str, now: datetime | None
) -> OfficeChoice | None:
    reachable = [o for o in offices if o.phone]
    local = [o for o in reachable if o.kind == "district" and o.state == state]
    placed = [o for o in local if o.latitude is not None and o.longitude is not None]
    unplaced = [o for o in local if o.latitude is None or o.longitude is None]
    by_distance = (
        sorted(placed, key=lambda o: distance_km(o, latitude=latitude, longitude=longitude)) + unplaced
    )
    if by_distance:
        return _first_open(by_distance, now=now) if now is not None else OfficeChoice(by_distance[0])
    capitol = [o for o in reachable if o.kind == "capitol"]
    if capitol:
        name = _capitol_name(capitol[0])
        return OfficeChoice(
            capitol[0],
            note=f"No local office number is listed; this is the {name} office.",
            reason="dc_office" if name == "Washington" else "no_local_office",
        )
    if reachable:
        return OfficeChoice(reachable[0], note="This office is outside your state.", reason="out_of_state")
    return None


def _first_open(offices: Sequence[OfficeContact], *, now: datetime) -> OfficeChoice:
    """The first of `offices` open at `now`, else the first; each office's status asked once."""
    first: OfficeChoice | None = None
    for office in offices:
        choice = OfficeChoice(office, status=office.status_at(now))
        if choice.status is not None and choice.status.open_now:
            return choice
        first = first or choice
    assert first is not None, "called with at least one office"
    return first


def _capitol_name(office: OfficeContact) -> str:
    return "Washington" if office.state == "DC" else "capitol"


def distance_km(office: OfficeContact, *, latitude: float, longitude: float) -> float:
    """How far the office is from the point (the office has coordinates)."""
    assert office.latitude is not None
    assert office.longitude is not None
    lat1, lat2 = math.radians(latitude), math.radians(office.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(office.longitude - longitude)
    a = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
