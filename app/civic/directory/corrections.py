"""Staff corrections of offices that survive syncs, and the "wrong number" reports that prompt them.

An override is keyed by the office's id, which syncs keep stable (a bioguide office id, or an Open
States person id and the office's position), and is applied when offices are read, so a sync that
rewrites the office table never undoes it. A sync flags the ones the upstream has since changed.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import available_timezones

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from app.civic.directory.office_hours import parse_hours
from app.kernel.clock import utcnow
from app.kernel.errors import OfficeNotFoundError, OverrideInvalidError, PhoneError
from app.kernel.phones import parse_office_phone
from app.kernel.vocabulary import Outcome
from app.models.calls import CallLeg
from app.models.directory import Office, OfficeOverride, Official
from app.storage.versions import DIRECTORY, bump_version

MAX_NOTE = 500


@dataclass(frozen=True)
class OverrideView:
    override: OfficeOverride
    official_name: str
    upstream_phone: str | None


@dataclass(frozen=True)
class WrongNumberReport:
    target_id: str
    name: str
    phone: str | None
    office_ids: tuple[str, ...]
    reports: int
    last_reported: datetime | None


def set_override(
    session: Session, *, office_id: str, phone: str | None, hide: bool, note: str, by: str
) -> OfficeOverride:
    """Use `phone` for the office, or hide it (exactly one); replaces an earlier correction of it."""
    if hide == bool(phone):
        raise OverrideInvalidError("Give either a phone number to use or --hide, not both or neither.")
    office = session.get(Office, office_id.strip())
    if office is None:
        raise OfficeNotFoundError(f"There is no office {office_id!r} in the directory.")
    e164 = _office_phone(phone) if phone else None
    override = session.get(OfficeOverride, office.id) or OfficeOverride(
        office_id=office.id, official_id=office.official_id, created_by=by
    )
    override.phone, override.hidden, override.note = e164, hide, note.strip()[:MAX_NOTE]
    override.created_by, override.created_at = by[:254], utcnow()
    override.upstream_phone, override.upstream_changed_at, override.upstream_now = office.phone, None, None
    session.add(override)
    bump_version(session, kind=DIRECTORY)
    return override


def set_office_hours(
    session: Session, *, office_id: str, hours: str, time_zone: str, by: str
) -> OfficeOverride | None:
    """Staff's own opening hours and time zone for the office ("" for either keeps the
    directory's); kept with its other correction, through syncs. OverrideInvalidError names the
    field that cannot be read: hours must read plainly as days and times, the zone be an IANA zone."""
    office = session.get(Office, office_id.strip())
    if office is None:
        raise OfficeNotFoundError(f"There is no office {office_id!r} in the directory.")
    text, zone = hours.strip(), time_zone.strip()
    if text and parse_hours(text) is None:
        raise OverrideInvalidError(
            'We could not read these hours: write days and times, like "Mon-Fri 9am-5pm" or '
            '"Mon-Thu 9:00-17:00, Fri 9:00-12:00".',
            details={"field": "hours"},
        )
    if zone and zone not in _zones():
        raise OverrideInvalidError(
            'This is not a time zone we know: use a name like "America/New_York" or "America/Chicago".',
            details={"field": "time_zone"},
        )
    override = session.get(OfficeOverride, office.id) or OfficeOverride(
        office_id=office.id, official_id=office.official_id, created_by=by[:254], upstream_phone=office.phone
    )
    override.hours, override.time_zone = text or None, zone or None
    bump_version(session, kind=DIRECTORY)
    if not (override.phone or override.hidden or override.hours or override.time_zone):
        if session.get(OfficeOverride, office.id) is not None:
            session.delete(override)
        return None
    session.add(override)
    return override


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _office_phone(phone: str) -> str:
    """The number under the rule for every number we dial (app/kernel/phones.py), or
    OverrideInvalidError naming the `phone` field, so the form shows the problem beside it."""
    try:
        return parse_office_phone(phone)
    except PhoneError as error:
        raise OverrideInvalidError(error.message, details={"field": "phone"}) from None


def remove_override(session: Session, *, office_id: str) -> None:
    override = session.get(OfficeOverride, office_id.strip())
    if override is None:
        raise OfficeNotFoundError(f"The office {office_id!r} has no correction.")
    session.delete(override)
    bump_version(session, kind=DIRECTORY)


def list_overrides(session: Session) -> list[OverrideView]:
    """Every correction, those the upstream has since changed first."""
    rows = session.exec(
        select(OfficeOverride, Official.name, Office.phone)
        .join(Official, col(Official.id) == col(OfficeOverride.official_id), isouter=True)
        .join(Office, col(Office.id) == col(OfficeOverride.office_id), isouter=True)
    ).all()
    views = [OverrideView(o, name or o.official_id, phone) for o, name, phone in rows]
    return sorted(views, key=lambda v: (v.override.upstream_changed_at is None, v.official_name))


def wrong_number_reports(session: Session, *, limit: int = 100) -> list[WrongNumberReport]:
    """Offices constituents reported as a wrong number, most reported first.

    Counted once per lookup that reported it (a placed call's legs: once per call), so one visit
    repeating its report cannot put an office first."""
    reported = func.count(func.distinct(func.coalesce(col(CallLeg.lookup_key), col(CallLeg.session_id))))
    query = (
        sa_select(
            col(CallLeg.target_id),
            func.max(CallLeg.name),
            col(CallLeg.office_phone),
            reported,
            func.max(CallLeg.created_at),
        )
        .where(col(CallLeg.outcome) == Outcome.WRONG_NUMBER)
        .group_by(col(CallLeg.target_id), col(CallLeg.office_phone))
        .order_by(reported.desc())
        .limit(limit)
    )
    rows = [tuple(row) for row in session.execute(query)]
    offices = _offices_by_phone(session, [r[0] for r in rows])
    return [
        WrongNumberReport(target, name, phone, tuple(offices.get((target, phone), ())), count, last)
        for target, name, phone, count, last in rows
    ]


def _offices_by_phone(session: Session, official_ids: list[str]) -> dict[tuple[str, str | None], list[str]]:
    found: dict[tuple[str, str | None], list[str]] = {}
    for office in session.exec(select(Office).where(col(Office.official_id).in_(official_ids))):
        found.setdefault((office.official_id, office.phone), []).append(office.id)
    return found
