"""When offices are hard to reach: per office, the calls whose line was busy, unanswered or failed, a
reported outcome that is not a conversation or a message (no answer, a full mailbox...), or that came
while the office was closed, by hour × weekday in the office's own time.

Unlike the dashboard's other tables this reads the calls themselves (the counters keep no office or
status), over a bounded window (the filter's dates, else the last four weeks): every try of a bridged
leg (`call_try`: each office number dialed, its DialCallStatus and keypad outcome, when it started;
the leg's last try completed by what the leg says), and the legs with no try (reported from the page,
at the number shown), each leg counted through its tries or by itself, never both. Both are grouped
in the database by office number, UTC hour, status and outcome: a few rows per office hour, whatever
the number of calls.
Statuses and outcomes are counted by their stored value, so one added to the vocabulary (or a
"mailbox full" outcome) shows up with no change here; only the values that say the office was reached,
or that no one tried, are left out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, String, and_, case, exists, func
from sqlalchemy import select as sa_select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlmodel import Session, col, select

from app.civic.directory.officials import OfficeContact
from app.civic.geography.time_zones import zone_of
from app.kernel.vocabulary import CALL_METHODS, LegStatus, Outcome
from app.models.calls import CallLeg, CallSession, CallTry
from app.models.directory import Office, OfficeOverride
from app.tallies.filters import TallyFilter

WINDOW = timedelta(days=28)
MAX_OFFICES = 25
# A leg placed while its office was closed (by its hours, in its zone, holidays included).
CLOSED = "closed"
# Statuses that say nothing about the office's line: not dialed yet, on the line, answered, or ended
# by the caller or by us. Any other (busy, no-answer, failed, or one added later) is counted.
QUIET_STATUSES = frozenset(
    {status.value for status in LegStatus if not status.is_final}
    | {
        LegStatus.COMPLETED,
        LegStatus.CANCELED,
        LegStatus.SKIPPED,
        LegStatus.NO_CONSENT,
        LegStatus.NOT_ATTEMPTED,
        LegStatus.INTERRUPTED,
        LegStatus.SELF_REPORTED,
    }
)
# Outcomes that are not a failure to reach the office: reached it, or no call was made.
QUIET_OUTCOMES = frozenset(
    {outcome.value for outcome in Outcome if outcome.reached}
    | {Outcome.SKIPPED, Outcome.NO_CONSENT, Outcome.NOT_ATTEMPTED}
)


class utc_hour(FunctionElement[str]):
    """The UTC hour a stored timestamp falls in, as text "YYYY-MM-DD HH", on SQLite and PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(utc_hour, "sqlite")
def _utc_hour_sqlite(element: utc_hour, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m-%d %H', {compiler.process(element.clauses, **kw)})"


@compiles(utc_hour, "postgresql")
def _utc_hour_postgresql(element: utc_hour, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"


@dataclass
class OfficeHeat:
    """One office number: `cells[(weekday, hour)]` (0 = Monday, the office's local hour) counts each
    kind (a status, an outcome or CLOSED); `open_hours` are the cells its weekly hours keep open."""

    phone: str
    target_name: str
    office: OfficeContact | None
    zone: ZoneInfo
    cells: dict[tuple[int, int], dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    totals: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    kinds: dict[str, int] = field(default_factory=dict)
    open_hours: frozenset[tuple[int, int]] = frozenset()

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def add(self, *, cell: tuple[int, int], kind: str | None, closed: bool, legs: int) -> None:
        if kind is None and not closed:
            return
        self.totals[cell] += legs
        for counted in [k for k in (kind, CLOSED if closed else None) if k]:
            self.cells[cell][counted] = self.cells[cell].get(counted, 0) + legs
            self.kinds[counted] = self.kinds.get(counted, 0) + legs


def problem_kind(status: str | None, *, outcome: str | None) -> str | None:
    """What kept a leg (or one try of it) from the office: its dial status if that says so, else its
    outcome; None when it reached the office, was never tried, or nothing is known yet."""
    if status and status not in QUIET_STATUSES:
        return status
    if outcome and outcome not in QUIET_OUTCOMES:
        return outcome
    return None


def office_heat(session: Session, *, campaign: str, filters: TallyFilter, now: datetime) -> list[OfficeHeat]:
    """The offices of a campaign's calls with the most problems first (at most MAX_OFFICES)."""
    heats: dict[str, OfficeHeat] = {}
    rows = [
        *session.execute(_grouped_tries(campaign=campaign, filters=filters, now=now)),
        *session.execute(_grouped_untried_legs(campaign=campaign, filters=filters, now=now)),
    ]
    offices = _offices_by_phone(session, phones={row.phone for row in rows})
    for row in rows:
        heat = heats.get(row.phone) or heats.setdefault(
            row.phone, _new_heat(row.phone, row.name, offices.get(row.phone), state=row.state)
        )
        start = datetime.strptime(row.hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
        local = start.astimezone(heat.zone)
        closed = heat.office is not None and not heat.office.status_at(start + timedelta(minutes=30)).open_now
        heat.add(
            cell=(local.weekday(), local.hour),
            kind=problem_kind(row.status, outcome=row.outcome),
            closed=closed,
            legs=int(row.legs),
        )
    ranked = sorted((h for h in heats.values() if h.total), key=lambda h: (-h.total, h.target_name, h.phone))
    return ranked[:MAX_OFFICES]


def _grouped_tries(*, campaign: str, filters: TallyFilter, now: datetime) -> Select[*tuple[Any, ...]]:
    """Each <Dial> of a bridged leg, at the number it dialed, when it started. The leg's last try
    takes what the leg says where the try says nothing (no Dial action yet, a key pressed after it)."""
    last = col(CallTry.attempt) == col(CallLeg.attempt)
    status = func.coalesce(col(CallTry.dial_call_status), case((last, col(CallLeg.status))))
    outcome = func.coalesce(col(CallTry.outcome), case((last, col(CallLeg.outcome))))
    hour = utc_hour(col(CallTry.started_at))
    query: Select[*tuple[Any, ...]] = (
        sa_select(
            col(CallTry.office_phone).label("phone"),
            func.max(CallLeg.name).label("name"),
            func.max(CallLeg.state).label("state"),
            status.label("status"),
            outcome.label("outcome"),
            hour.label("hour"),
            func.count().label("legs"),
        )
        .join(
            CallLeg,
            and_(
                col(CallLeg.session_id) == col(CallTry.session_id),
                col(CallLeg.position) == col(CallTry.position),
            ),
        )
        .join(CallSession, col(CallLeg.session_id) == col(CallSession.id))
        .group_by(col(CallTry.office_phone), status, outcome, hour)
    )
    return _filtered(query, campaign=campaign, filters=filters, now=now, at=col(CallTry.started_at))


def _grouped_untried_legs(*, campaign: str, filters: TallyFilter, now: datetime) -> Select[*tuple[Any, ...]]:
    """The legs with no try (reported from the page, or placed before tries were kept), at the number
    shown or dialed, when they were created."""
    tried = exists().where(
        col(CallTry.session_id) == col(CallLeg.session_id), col(CallTry.position) == col(CallLeg.position)
    )
    hour = utc_hour(col(CallLeg.created_at))
    query: Select[*tuple[Any, ...]] = (
        sa_select(
            col(CallLeg.office_phone).label("phone"),
            func.max(CallLeg.name).label("name"),
            func.max(CallLeg.state).label("state"),
            col(CallLeg.status).label("status"),
            col(CallLeg.outcome).label("outcome"),
            hour.label("hour"),
            func.count().label("legs"),
        )
        .join(CallSession, col(CallLeg.session_id) == col(CallSession.id))
        .where(col(CallLeg.office_phone).is_not(None), ~tried)
        .group_by(col(CallLeg.office_phone), col(CallLeg.status), col(CallLeg.outcome), hour)
    )
    return _filtered(query, campaign=campaign, filters=filters, now=now, at=col(CallLeg.created_at))


def _filtered(
    query: Select[*tuple[Any, ...]], *, campaign: str, filters: TallyFilter, now: datetime, at: Any
) -> Select[*tuple[Any, ...]]:
    """The campaign's rows whose time `at` is in the filter's dates (else the last four weeks), of its
    chamber, language and call method (constituents' calls: an organizer's test call is no one's)."""
    query = query.where(col(CallSession.campaign_slug) == campaign, col(CallSession.mode).in_(CALL_METHODS))
    start, end = filters.time_range()
    if start is None and end is None:
        start = now - WINDOW
    if start:
        query = query.where(at >= start)
    if end:
        query = query.where(at < end)
    if filters.chamber:
        query = query.where(col(CallLeg.chamber) == filters.chamber)
    if filters.language:
        query = query.where(col(CallSession.language) == filters.language)
    if filters.method:
        query = query.where(col(CallSession.mode) == filters.method)
    return query


def _offices_by_phone(session: Session, *, phones: set[str]) -> dict[str, OfficeContact]:
    """The directory's office for each number called: by the number staff set, else the source's."""
    if not phones:
        return {}
    found: dict[str, OfficeContact] = {}
    overrides = session.exec(select(OfficeOverride).where(col(OfficeOverride.phone).in_(phones))).all()
    by_id = {o.office_id: o.phone for o in overrides if o.phone}
    listed = session.exec(
        select(Office).where(col(Office.phone).in_(phones) | col(Office.id).in_(list(by_id)))
    ).all()
    for office in sorted(listed, key=lambda o: o.id):
        phone = by_id.get(office.id, office.phone)
        if phone in phones and phone not in found:
            found[phone] = _contact(office, phone=phone)
    return found


def _contact(office: Office, *, phone: str) -> OfficeContact:
    return OfficeContact(
        id=office.id,
        kind=office.kind,
        phone=phone,
        address=office.address,
        city=office.city,
        state=office.state,
        zip=office.zip,
        hours=office.hours,
    )


def _new_heat(phone: str, name: str, office: OfficeContact | None, *, state: str) -> OfficeHeat:
    return OfficeHeat(
        phone=phone,
        target_name=name,
        office=office,
        zone=office.time_zone if office is not None else zone_of(state=state),
        open_hours=_open_hours(office) if office is not None else frozenset(),
    )


def _open_hours(office: OfficeContact) -> frozenset[tuple[int, int]]:
    """The (weekday, hour) cells its weekly hours keep open for most of the hour."""
    cells = set()
    for opening in office.weekly_hours.openings:
        opens = opening.opens.hour * 60 + opening.opens.minute
        closes = opening.closes.hour * 60 + opening.closes.minute
        cells |= {(opening.weekday, hour) for hour in range(24) if opens <= hour * 60 + 30 < closes}
    return frozenset(cells)
