"""Reading the counters: headline numbers, calls over time, per target, per state, per district.

Every query reads the counter tables (a few rows per campaign hour or target day), never the legs.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, Literal

from sqlalchemy import func, literal
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.campaigns.spec import CampaignSpec
from app.campaigns.store import get_campaign
from app.kernel.errors import InvalidFilterError
from app.kernel.vocabulary import TALLY_COLUMNS, Outcome
from app.models.tallies import (
    OUTCOME_COLUMNS,
    TallyCallDay,
    TallyCallHour,
    TallyDay,
    TallyHour,
    TallyTarget,
    TallyTargetDay,
    TallyTargetTotal,
    outcome_column,
)
from app.tallies.facts import hour_of
from app.tallies.filters import TallyFilter

MADE_OUTCOMES: tuple[str, ...] = tuple(outcome.value for outcome in Outcome if outcome.made)
HOURLY_DAYS = 3
MAX_DAILY_POINTS = 366


@dataclass
class LegCounts:
    """Legs (calls to offices), how many connected, and how each ended (`pending`: not yet)."""

    calls: int = 0
    connected: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TALLY_COLUMNS, 0))

    def add(self, *, outcome: str, legs: int, connected: int) -> None:
        self.calls += legs
        self.connected += connected
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + legs

    @property
    def contacts(self) -> int:
        return self.outcomes[Outcome.CONTACT]

    @property
    def voicemails(self) -> int:
        return self.outcomes[Outcome.VOICEMAIL]

    @property
    def reached(self) -> int:
        return sum(self.outcomes[o] for o in Outcome if o.reached)

    @property
    def made(self) -> int:
        return sum(self.outcomes[o] for o in Outcome if o.made)

    @property
    def share_reached(self) -> float:
        return self.reached / self.calls if self.calls else 0.0


@dataclass
class TargetTally:
    target_id: str
    name: str
    chamber: str
    state: str
    district: str
    counts: LegCounts = field(default_factory=LegCounts)


@dataclass
class StateTally:
    state: str
    counts: LegCounts = field(default_factory=LegCounts)


@dataclass
class DistrictTally:
    chamber: str
    state: str
    district: str
    counts: LegCounts = field(default_factory=LegCounts)


@dataclass(frozen=True)
class TimePoint:
    start: datetime
    calls_started: int
    calls: int


@dataclass(frozen=True)
class Headline:
    calls_started: int
    unique_callers: int
    counts: LegCounts
    goal: int | None

    @property
    def goal_share(self) -> float | None:
        return min(self.counts.made / self.goal, 1.0) if self.goal else None


@dataclass(frozen=True)
class CampaignTallies:
    slug: str
    title: str
    filters: TallyFilter
    headline: Headline
    targets: list[TargetTally]
    states: list[StateTally]
    districts: list[DistrictTally]
    hourly: list[TimePoint]
    daily: list[TimePoint]


# What the per-target table sorts by: the API's `sort` parameter (app/web/routes/tallies.py) takes these.
TargetSort = Literal["name", "calls", "contacts", "voicemails", "reached"]
TARGET_SORTS: dict[str, Any] = {
    "name": lambda t: t.name.lower(),
    "calls": lambda t: t.counts.calls,
    "contacts": lambda t: t.counts.contacts,
    "voicemails": lambda t: t.counts.voicemails,
    "reached": lambda t: t.counts.share_reached,
}


def campaign_tallies(
    session: Session,
    *,
    slug: str,
    filters: TallyFilter,
    now: datetime,
    sort: str = "calls",
    descending: bool = True,
) -> CampaignTallies:
    """Everything the dashboard shows for one campaign, from the counters."""
    spec = get_campaign(session, slug=slug)
    leg_days = _leg_days(session, slug, filters)
    call_days = _call_days(session, slug, filters)
    targets = _targets(session, slug, filters)
    counts = LegCounts()
    for day_counts in leg_days.values():
        _merge(counts, day_counts)
    headline = Headline(
        calls_started=sum(calls for calls, _new in call_days.values()),
        unique_callers=sum(new for _calls, new in call_days.values()),
        counts=counts,
        goal=spec.goal,
    )
    last_hour = hour_of(now)
    if filters.until:
        last_hour = min(last_hour, datetime.combine(filters.until, time(23), UTC))
    return CampaignTallies(
        slug=spec.slug,
        title=spec.title,
        filters=filters,
        headline=headline,
        targets=sort_targets(targets, by=sort, descending=descending),
        states=_by_state(targets),
        districts=_by_district(targets),
        hourly=_hourly(session, slug, filters, last_hour),
        daily=_daily(spec, filters, last_hour.date(), leg_days, call_days),
    )


def sort_targets(targets: list[TargetTally], *, by: str, descending: bool) -> list[TargetTally]:
    key = TARGET_SORTS.get(by)
    if key is None:
        raise InvalidFilterError(f"Targets can be sorted by {', '.join(TARGET_SORTS)}; not {by!r}.")
    ordered = sorted(targets, key=lambda t: t.name.lower())
    return sorted(ordered, key=key, reverse=descending)


def _leg_days(session: Session, slug: str, filters: TallyFilter) -> dict[date, LegCounts]:
    """Per UTC day, one row each with the outcomes side by side."""
    query = (
        sa_select(col(TallyDay.day), func.sum(TallyDay.connected), *_outcome_sums(TallyDay))
        .where(col(TallyDay.campaign) == slug)
        .group_by(col(TallyDay.day))
    )
    query = _where_dimensions(query, TallyDay, filters, chamber=True)
    query = _within_days(query, col(TallyDay.day), filters)
    return {
        day: _counts(connected, by_outcome)
        for day, connected, *by_outcome in session.connection().execute(query)
    }


def _outcome_columns(table: Any) -> list[Any]:
    """Each outcome's column, in TALLY_COLUMNS order."""
    return [getattr(table, column) for column in OUTCOME_COLUMNS]


@cache
def _outcome_sums(table: Any) -> list[Any]:
    """sum() of each outcome's column, in TALLY_COLUMNS order."""
    return list(map(func.sum, _outcome_columns(table)))


def _counts(connected: int, by_outcome: list[int]) -> LegCounts:
    outcomes = dict(zip(TALLY_COLUMNS, map(int, by_outcome), strict=True))
    return LegCounts(sum(outcomes.values()), int(connected), outcomes)


def _hourly(session: Session, slug: str, filters: TallyFilter, last_hour: datetime) -> list[TimePoint]:
    """The last HOURLY_DAYS days, hour by hour, zeros included (only these hours are read)."""
    hours = [last_hour - timedelta(hours=n) for n in range(HOURLY_DAYS * 24 - 1, -1, -1)]
    start, _end = filters.time_range()
    first = max(hours[0], start or hours[0])
    query = (
        select(TallyHour.hour, func.sum(TallyHour.legs))
        .where(TallyHour.campaign == slug, TallyHour.hour >= first)
        .where(TallyHour.hour <= last_hour)
        .group_by(col(TallyHour.hour))
    )
    query = _where_dimensions(query, TallyHour, filters, chamber=True)
    legs = {hour.astimezone(UTC): int(n) for hour, n in session.connection().execute(query)}
    calls = _call_hours(session, slug, filters, first=first, last=last_hour)
    return [TimePoint(h, calls.get(h, 0), legs.get(h, 0)) for h in hours]


def _call_hours(
    session: Session, slug: str, filters: TallyFilter, *, first: datetime, last: datetime
) -> dict[datetime, int]:
    """Calls started per hour from `first` to `last` (a call has no single chamber: that filter is moot)."""
    query = (
        select(TallyCallHour.hour, func.sum(TallyCallHour.calls))
        .where(TallyCallHour.campaign == slug, TallyCallHour.hour >= first, TallyCallHour.hour <= last)
        .group_by(col(TallyCallHour.hour))
    )
    query = _where_dimensions(query, TallyCallHour, filters, chamber=False)
    return {hour.astimezone(UTC): int(n) for hour, n in session.connection().execute(query)}


def _call_days(session: Session, slug: str, filters: TallyFilter) -> dict[date, tuple[int, int]]:
    """Calls started and first-time callers per UTC day (the chamber filter is moot here too)."""
    query = (
        select(col(TallyCallDay.day), func.sum(TallyCallDay.calls), func.sum(TallyCallDay.new_callers))
        .where(TallyCallDay.campaign == slug)
        .group_by(col(TallyCallDay.day))
    )
    query = _where_dimensions(query, TallyCallDay, filters, chamber=False)
    query = _within_days(query, col(TallyCallDay.day), filters)
    return {day: (int(n), int(c)) for day, n, c in session.connection().execute(query)}


def _targets(session: Session, slug: str, filters: TallyFilter) -> list[TargetTally]:
    """Per target: the whole-campaign totals, or by language and method, or per day for a date range.

    One row per target, its outcomes side by side (the counter tables keep them so).
    """
    dated = filters.since is not None or filters.until is not None
    table: type[TallyTargetTotal] | type[TallyTarget] | type[TallyTargetDay] = TallyTargetTotal
    if dated:
        table = TallyTargetDay
    elif filters.language or filters.method:
        table = TallyTarget
    names: list[Any] = [table.target_name, table.chamber, table.state, table.district]
    query: Any
    if table is TallyTargetTotal:  # one row per target already
        columns: list[Any] = [col(table.target_id), *names, table.connected, *_outcome_columns(table)]
        query = sa_select(*columns)
    else:
        summed = [*map(func.max, names), func.sum(table.connected), *_outcome_sums(table)]
        query = sa_select(col(table.target_id), *summed).group_by(col(table.target_id))
    query = query.where(col(table.campaign) == slug)
    if filters.chamber:
        query = query.where(col(table.chamber) == filters.chamber)
    if table is TallyTarget or table is TallyTargetDay:
        query = _where_dimensions(query, table, filters, chamber=False)
    query = _within_days(query, col(TallyTargetDay.day), filters)
    found = []
    for target_id, name, chamber, state, district, connected, *by_outcome in session.connection().execute(
        query
    ):
        counts = _counts(connected, by_outcome)
        if counts.calls:
            found.append(TargetTally(target_id, name, chamber, state, district, counts))
    return found


def _within_days(query: Any, day: Any, filters: TallyFilter) -> Any:
    """Only the UTC days in the filter's date range."""
    if filters.since:
        query = query.where(day >= filters.since)
    if filters.until:
        query = query.where(day <= filters.until)
    return query


def _where_dimensions(query: Any, table: Any, filters: TallyFilter, *, chamber: bool) -> Any:
    if chamber and filters.chamber:
        query = query.where(table.chamber == filters.chamber)
    if filters.language:
        query = query.where(table.language == filters.language)
    if filters.method:
        query = query.where(table.method == filters.method)
    return query


def _by_state(targets: list[TargetTally]) -> list[StateTally]:
    states: dict[str, StateTally] = {}
    for target in targets:
        state = states.get(target.state)
        if state is None:
            state = states[target.state] = StateTally(target.state)
        _merge(state.counts, target.counts)
    return sorted(states.values(), key=lambda s: (-s.counts.calls, s.state))


def _by_district(targets: list[TargetTally]) -> list[DistrictTally]:
    """House and state-legislature districts; Senate seats are statewide and count per state only."""
    districts: dict[tuple[str, str, str], DistrictTally] = {}
    for target in targets:
        if not target.district:
            continue
        key = (target.chamber, target.state, target.district)
        district = districts.get(key)
        if district is None:
            district = districts[key] = DistrictTally(*key)
        _merge(district.counts, target.counts)
    return sorted(districts.values(), key=lambda d: (-d.counts.calls, d.state, d.chamber, d.district))


def _merge(into: LegCounts, counts: LegCounts) -> None:
    into.calls += counts.calls
    into.connected += counts.connected
    outcomes = into.outcomes
    for outcome, legs in counts.outcomes.items():
        outcomes[outcome] += legs


def _daily(
    spec: CampaignSpec,
    filters: TallyFilter,
    last_day: date,
    leg_days: dict[date, LegCounts],
    call_days: dict[date, tuple[int, int]],
) -> list[TimePoint]:
    """Per day over the campaign (or the filtered dates), zeros included."""
    legs_by_day: dict[date, int] = defaultdict(int)
    calls_by_day: dict[date, int] = defaultdict(int)
    for day, counts in leg_days.items():
        legs_by_day[day] += counts.calls
    for day, (calls, _new) in call_days.items():
        calls_by_day[day] += calls
    first_day = filters.since or spec.starts_on or min([*legs_by_day, *calls_by_day], default=last_day)
    first_day = max(min(first_day, last_day), last_day - timedelta(days=MAX_DAILY_POINTS - 1))
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    return [TimePoint(datetime.combine(d, time(), UTC), calls_by_day[d], legs_by_day[d]) for d in days]


def calls_made_total(session: Session, *, campaign: str) -> int:
    """Legs that got through to an office's line, over the whole campaign (a sum over day counters)."""
    made = sum((getattr(TallyDay, outcome_column(outcome)) for outcome in MADE_OUTCOMES), literal(0))
    query = select(func.coalesce(func.sum(made), 0)).where(TallyDay.campaign == campaign)
    return int(session.exec(query).one())
