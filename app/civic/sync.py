"""Directory sync: replace one source's officials and offices in place, reporting what changed.

Writes are bulk statements (one INSERT/UPDATE per batch, not per official) so that syncing all
7,000+ state legislators takes seconds on SQLite and PostgreSQL alike.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import Executable, delete, insert, update
from sqlmodel import Session, col, select

from app.civic import congress, openstates_people, zip_codes
from app.civic.directory import OfficeContact, Representative
from app.civic.directory_source import (
    CONGRESS_FILES,
    CONGRESS_ZIP_FILE,
    STATE_LEGISLATIVE_ZIP_FILE,
    ZIP_DATASET,
    DirectorySource,
)
from app.civic.legislative_districts import state_legislature_states
from app.clock import utcnow
from app.errors import DirectorySyncRefusedError
from app.models.directory import Office, Official, Vacancy, ZipDivision
from app.versions import DIRECTORY, bump_version

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RemovalGuard:
    """Refuses a sync that would remove more than `max_share` of a chamber (a truncated upstream file)."""

    max_share: float
    force: bool = False

    def check(self, removals: dict[str, tuple[int, int]]) -> None:
        """`removals`: per chamber, (rows before the sync, rows it would remove)."""
        too_many = [
            f"{chamber}: {leaving} of {before}"
            for chamber, (before, leaving) in sorted(removals.items())
            if before and leaving / before > self.max_share
        ]
        if too_many and not self.force:
            raise DirectorySyncRefusedError(
                f"Sync refused: it would remove more than {self.max_share:.0%} of "
                f"{'; '.join(too_many)}. The upstream file may be truncated. Nothing was changed. "
                "If the change is real, run: switchboard directory sync --force"
            )


_COMPARED = ("name", "title", "chamber", "party", "state")
_BATCH = 500
SHOWN_PER_KIND = 100  # a first sync joins thousands; the summary stays readable
PEOPLE_DATASET = "openstates-people"


@dataclass
class SyncReport:
    """What one source's sync changed. For the ZIP table, `joined`/`left` are pairs added/removed."""

    source: str
    total: int = 0
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    new_phone: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    vacancies: int = 0
    skipped: list[str] = field(default_factory=list)
    unit: str = "officials"
    congress: int | None = None

    def lists(self) -> dict[str, list[str]]:
        return {
            "joined": self.joined,
            "left": self.left,
            "moved": self.moved,
            "new_phone": self.new_phone,
            "changed": self.changed,
            "skipped": self.skipped,
        }

    def counts(self) -> dict[str, int]:
        return {name: len(items) for name, items in self.lists().items()}

    def as_record(self) -> dict[str, Any]:
        """The report as kept in the sync history (each list cut to SHOWN_PER_KIND entries)."""
        return {
            "source": self.source,
            "unit": self.unit,
            "total": self.total,
            "vacancies": self.vacancies,
            "counts": self.counts(),
            **{name: items[:SHOWN_PER_KIND] for name, items in self.lists().items()},
        }

    def summary(self) -> str:
        counts = self.counts()
        lines = [
            f"{self.source}: {self.total} {self.unit}; {counts['joined']} joined, {counts['left']} left, "
            f"{counts['moved']} moved, {counts['new_phone']} new phone, {counts['changed']} changed"
            + (f"; {self.vacancies} known vacancies" if self.vacancies else "")
        ]
        for marker, items in zip(_MARKERS, self.lists().values(), strict=True):
            lines += [f"  {marker} {item}" for item in items[:SHOWN_PER_KIND]]
            if len(items) > SHOWN_PER_KIND:
                lines.append(f"  {marker} ... and {len(items) - SHOWN_PER_KIND} more")
        return "\n".join(lines)


_MARKERS = ("+", "-", ">", "☎", "~", "! skipped")


def sync_congress(
    session: Session, *, source: DirectorySource, progress: Progress, guard: RemovalGuard | None = None
) -> SyncReport:
    progress(f"Reading members of Congress from {source.description}")
    legislators, offices = (source.read_json("congress-legislators", name=n) for n in CONGRESS_FILES)
    records = congress.congress_records(legislators, district_offices=offices)
    progress(f"Saving {len(records)} members of Congress")
    report = apply_records(session, source=congress.SOURCE, records=records, guard=guard)
    report.congress = congress.directory_congress(records)
    return report


def sync_state_legislators(
    session: Session,
    *,
    source: DirectorySource,
    progress: Progress,
    today: date | None = None,
    guard: RemovalGuard | None = None,
) -> SyncReport:
    """Open States people of the 50 states (`data/<state>/legislature/*.yml`) and their vacancies."""
    today = today or date.today()
    progress(f"Reading state legislators from {source.description}")
    records, skipped = _people_records(source, progress, today)
    progress(f"Saving {len(records)} state legislators")
    report = apply_records(session, source=openstates_people.SOURCE, records=records, guard=guard)
    settings = openstates_people.load_yaml(source.read_bytes(PEOPLE_DATASET, name="settings.yml"))
    vacancies, unknown = openstates_people.vacancy_records(settings)
    report.vacancies = _replace_vacancies(session, vacancies)
    report.skipped = skipped + [f"vacancy in unknown district {v}" for v in unknown]
    return report


def sync_zip_districts(
    session: Session, *, source: DirectorySource, progress: Progress, guard: RemovalGuard | None = None
) -> SyncReport:
    """The ZIP → district tables used for ZIP-only lookups (all rows replaced), with pairs added/removed."""
    progress(f"Reading ZIP code → district tables from {source.description}")
    congress_table = source.read_bytes(ZIP_DATASET, name=CONGRESS_ZIP_FILE).decode("utf-8")
    legislative = source.read_json(ZIP_DATASET, name=STATE_LEGISLATIVE_ZIP_FILE)
    rows = {
        (z, d): s
        for z, d, s in (
            *zip_codes.congress_zip_rows(congress_table),
            *zip_codes.state_legislative_zip_rows(legislative),
        )
    }
    existing: set[tuple[str, str]] = {
        (z, d) for z, d in session.execute(select(ZipDivision.zip, ZipDivision.division_id))
    }
    removed = sorted(existing - rows.keys())
    if guard is not None:
        guard.check({"ZIP table": (len(existing), len(removed))})
    session.execute(delete(ZipDivision))
    records = [{"zip": z, "division_id": d, "state": s} for (z, d), s in rows.items()]
    for chunk in batched(records, size=_BATCH * 4):
        session.execute(insert(ZipDivision), list(chunk))
    bump_version(session, kind=DIRECTORY)
    return SyncReport(
        source="zip-districts",
        total=len(records),
        unit="ZIP-district pairs",
        joined=[f"{z} {d}" for z, d in sorted(rows.keys() - existing)],
        left=[f"{z} {d}" for z, d in removed],
    )


def _people_records(
    source: DirectorySource, progress: Progress, today: date
) -> tuple[list[Representative], list[str]]:
    states = set(state_legislature_states())
    records: list[Representative] = []
    skipped: list[str] = []
    seen_states: set[str] = set()
    for path, content in source.iter_files(PEOPLE_DATASET, suffix=".yml"):
        state = openstates_people.person_state(path)
        if state not in states:
            continue
        if state not in seen_states:
            seen_states.add(state)
            progress(f"  {state} ({len(seen_states)}/{len(states)}), {len(records)} legislators so far")
        record = openstates_people.person_record(
            openstates_people.load_yaml(content), state=state, today=today
        )
        if record is None:
            skipped.append(f"{path} (no current seat in a known district)")
        else:
            records.append(record)
    return records, skipped


def _replace_vacancies(session: Session, vacancies: Sequence[openstates_people.VacancyRecord]) -> int:
    session.execute(delete(Vacancy).where(col(Vacancy.source) == openstates_people.SOURCE))
    rows = [{**vars(v), "source": openstates_people.SOURCE} for v in vacancies]
    if rows:
        session.execute(insert(Vacancy), rows)
    return len(rows)


def apply_records(
    session: Session, *, source: str, records: Sequence[Representative], guard: RemovalGuard | None = None
) -> SyncReport:
    """Make the directory hold exactly `records` for `source`; other sources are untouched.

    The guard, when given, refuses (before any write) to remove too large a share of a chamber.
    """
    report = SyncReport(source=source, total=len(records))
    existing = {o.id: o for o in session.exec(select(Official).where(Official.source == source))}
    old_phones = _phones_by_official(session, source)
    unique = list({r.id: r for r in records}.values())
    for record in unique:
        current = existing.get(record.id)
        if current is None:
            report.joined.append(_label(record))
        else:
            _compare(report, current, old_phones.get(record.id, set()), record)
    kept = {r.id for r in unique}
    gone = [o for o in existing.values() if o.id not in kept]
    if guard is not None:
        guard.check(_removals_by_chamber(existing.values(), gone))
    report.left = [_label(o) for o in gone]
    session.expunge_all()
    _delete_offices_of(session, source)
    _delete_officials(session, [o.id for o in gone])
    _write_officials(session, [r for r in unique if r.id not in existing], insert(Official))
    _write_officials(session, [r for r in unique if r.id in existing], update(Official))
    _insert_offices(session, unique)
    bump_version(session, kind=DIRECTORY)
    return report


def _phones_by_official(session: Session, source: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    rows = session.exec(
        select(Office.official_id, Office.phone)
        .join(Official, col(Official.id) == col(Office.official_id))
        .where(Official.source == source)
    )
    for official_id, phone in rows:
        if phone:
            found.setdefault(official_id, set()).add(phone)
    return found


def _compare(report: SyncReport, current: Official, old_phones: set[str], record: Representative) -> None:
    label = _label(record)
    report.changed += [
        f"{label}: {name} {getattr(current, name)!r} → {getattr(record, name)!r}"
        for name in _COMPARED
        if getattr(current, name) != getattr(record, name)
    ]
    if current.division_id != record.division_id or current.district != record.district:
        report.moved.append(f"{label}: moved from {_where(current)}")
    new_phones = {o.phone for o in record.offices if o.phone}
    report.new_phone += [f"{label}: new phone {p}" for p in sorted(new_phones - old_phones)]
    report.changed += [f"{label}: phone removed {p}" for p in sorted(old_phones - new_phones)]
    if (current.term_start, current.term_end) != (record.term_start, record.term_end):
        report.changed.append(f"{label}: term {record.term_start} – {record.term_end}")


def _removals_by_chamber(
    existing: Iterable[Official], gone: Sequence[Official]
) -> dict[str, tuple[int, int]]:
    """Per chamber (state chambers per state): officials before the sync, and how many would leave."""
    totals: dict[str, list[int]] = {}
    gone_ids = {o.id for o in gone}
    for official in existing:
        key = (
            official.chamber if official.chamber.startswith("us-") else f"{official.state} {official.chamber}"
        )
        counts = totals.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += official.id in gone_ids
    return {key: (before, leaving) for key, (before, leaving) in totals.items()}


def _delete_offices_of(session: Session, source: str) -> None:
    ids = select(Official.id).where(Official.source == source)
    session.execute(delete(Office).where(col(Office.official_id).in_(ids)))


def _delete_officials(session: Session, ids: list[str]) -> None:
    for chunk in batched(ids, size=_BATCH):
        session.execute(delete(Official).where(col(Official.id).in_(chunk)))


def _write_officials(session: Session, records: list[Representative], statement: Executable) -> None:
    now = utcnow()
    rows = [
        {**{f.name: getattr(r, f.name) for f in fields(r) if f.name != "offices"}, "updated_at": now}
        for r in records
    ]
    for chunk in batched(rows, size=_BATCH):
        session.execute(statement, list(chunk))


def _insert_offices(session: Session, records: Iterable[Representative]) -> None:
    rows = [{"official_id": r.id, **vars(o)} for r in records for o in _unique(r.offices)]
    for chunk in batched(rows, size=_BATCH):
        session.execute(insert(Office), list(chunk))


def _unique(offices: Sequence[OfficeContact]) -> list[OfficeContact]:
    kept: dict[str, OfficeContact] = {}
    for office in offices:
        kept.setdefault(office.id, office)
    return list(kept.values())


def batched(items: Sequence[Any], *, size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _label(official: Representative | Official) -> str:
    return f"{official.title} {official.name} ({_where(official)})"


def _where(official: Representative | Official) -> str:
    return f"{official.state}-{official.district}" if official.district else official.state
