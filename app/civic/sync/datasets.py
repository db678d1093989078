"""Directory sync: replace one source's officials and offices in place, reporting what changed.

A dataset is read first (files parsed, records built: seconds for the 7,000+ state legislators'
YAML files) into an update that touches no database. Its plan compares it with the directory and
lists only what changed (officials, their offices, ZIP pairs); writing the plan, in bulk statements,
is all that needs a write transaction, and a resync of an unchanged directory writes almost nothing.
app.civic.sync.runs reads and plans outside the write transaction, so calls and webhooks keep
writing on SQLite while a sync works.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Executable, delete, insert, update
from sqlmodel import Session, col, select

from app.civic.directory.officials import OFFICE_COLUMNS, OfficeContact, Representative
from app.civic.geography.legislative_districts import state_legislature_states
from app.civic.sync import congress, openstates_people
from app.civic.sync.sources import CONGRESS_FILES, DirectorySource
from app.civic.sync.vacancies import replace_vacancies, vacancies_differ
from app.kernel.clock import utcnow
from app.kernel.errors import DirectorySyncRefusedError
from app.kernel.vocabulary import CONGRESS
from app.models.directory import Office, Official
from app.storage.versions import DIRECTORY, bump_version

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


_COMPARED = ("name", "title", "chamber", "party", "state", "gender")
BATCH = 500
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


class DatasetPlan(Protocol):
    """What applying a dataset writes, worked out from the directory as it was read."""

    report: SyncReport

    def write(self, session: Session) -> None: ...


class DatasetUpdate(Protocol):
    """A dataset as read from its source, nothing written yet."""

    def plan(self, session: Session, *, guard: RemovalGuard | None = None) -> DatasetPlan:
        """Compare with the directory in `session`; the guard refuses (before any write) too many removals."""
        ...


def apply_dataset(
    session: Session, *, update: DatasetUpdate, guard: RemovalGuard | None = None
) -> SyncReport:
    """Make the directory hold the dataset, in the caller's transaction."""
    plan = update.plan(session, guard=guard)
    plan.write(session)
    return plan.report


@dataclass(frozen=True)
class OfficialsUpdate:
    """One source's officials as read, and for the state legislatures the seats known to be vacant."""

    source: str
    records: Sequence[Representative]
    congress: int | None = None
    vacancies: Sequence[openstates_people.VacancyRecord] | None = None
    skipped: Sequence[str] = ()

    def plan(self, session: Session, *, guard: RemovalGuard | None = None) -> "OfficialsPlan":
        plan = plan_records(session, source=self.source, records=self.records, guard=guard)
        plan.report.congress = self.congress
        plan.report.skipped = list(self.skipped)
        if self.vacancies is not None:
            plan.report.vacancies = len(self.vacancies)
            plan.vacancies = self.vacancies if vacancies_differ(session, vacancies=self.vacancies) else None
        return plan


def read_congress(source: DirectorySource, *, progress: Progress) -> OfficialsUpdate:
    progress(f"Reading members of Congress from {source.description}")
    legislators, offices = (source.read_json("congress-legislators", name=n) for n in CONGRESS_FILES)
    records = congress.congress_records(legislators, district_offices=offices)
    return OfficialsUpdate(
        source=congress.SOURCE, records=records, congress=congress.directory_congress(records)
    )


def read_state_legislators(
    source: DirectorySource, *, progress: Progress, today: date | None = None
) -> OfficialsUpdate:
    """Open States people of the 50 states (`data/<state>/legislature/*.yml`) and their vacancies."""
    progress(f"Reading state legislators from {source.description}")
    records, skipped = _people_records(source, progress, today or date.today())
    settings = openstates_people.load_yaml(source.read_bytes(PEOPLE_DATASET, name="settings.yml"))
    vacancies, unknown = openstates_people.vacancy_records(settings)
    return OfficialsUpdate(
        source=openstates_people.SOURCE,
        records=records,
        vacancies=vacancies,
        skipped=[*skipped, *(f"vacancy in unknown district {v}" for v in unknown)],
    )


def sync_congress(
    session: Session, *, source: DirectorySource, progress: Progress, guard: RemovalGuard | None = None
) -> SyncReport:
    return apply_dataset(session, update=read_congress(source, progress=progress), guard=guard)


def sync_state_legislators(
    session: Session,
    *,
    source: DirectorySource,
    progress: Progress,
    today: date | None = None,
    guard: RemovalGuard | None = None,
) -> SyncReport:
    update = read_state_legislators(source, progress=progress, today=today)
    return apply_dataset(session, update=update, guard=guard)


def _people_records(
    source: DirectorySource, progress: Progress, today: date
) -> tuple[list[Representative], list[str]]:
    states = set(state_legislature_states())
    records: list[Representative] = []
    skipped: list[str] = []
    seen_states: set[str] = set()
    for path, content in source.iter_files(PEOPLE_DATASET, pattern=openstates_people.PERSON_FILES):
        state = openstates_people.person_state(path)
        if state not in states:
            continue
        if state not in seen_states:
            seen_states.add(state)
            progress(f"  {state} ({len(seen_states)}/{len(states)}), {len(records)} legislators so far")
        person = openstates_people.PERSON_FILES_READ.parsed(path, content=content)
        record = openstates_people.person_record(person, today=today)
        if record is None:
            skipped.append(f"{path} (no current seat in a known district)")
        else:
            records.append(record)
    return records, skipped


@dataclass
class OfficialsPlan:
    """The writes that make the directory hold one source's officials."""

    report: SyncReport
    joined: list[dict[str, Any]]  # official rows (see _columns)
    changed: list[dict[str, Any]]  # rows of officials whose columns differ
    gone: list[str]
    old_offices_of: list[str]  # officials whose offices go: those who left, and those whose offices differ
    new_offices: list[dict[str, Any]]  # the offices of those who joined or whose offices differ
    vacancies: Sequence[openstates_people.VacancyRecord] | None = None  # None: as stored

    @property
    def is_empty(self) -> bool:
        written = self.joined or self.changed or self.old_offices_of or self.new_offices
        return not written and self.vacancies is None  # [] is a change: the last vacancy was filled

    def write(self, session: Session) -> None:
        """Writes what differs; the directory's version moves only if something did."""
        if self.is_empty:
            return
        _delete_offices_of(session, self.old_offices_of)
        _delete_officials(session, self.gone)
        _write_officials(session, self.joined, insert(Official))
        _write_officials(session, self.changed, update(Official))
        for chunk in batched(self.new_offices, size=BATCH):
            session.execute(insert(Office), list(chunk))
        if self.vacancies is not None:
            replace_vacancies(session, vacancies=self.vacancies)
        bump_version(session, kind=DIRECTORY)


def plan_records(
    session: Session, *, source: str, records: Sequence[Representative], guard: RemovalGuard | None = None
) -> OfficialsPlan:
    """Only what changed is written: officials who joined, left or whose details differ, and the
    offices of officials whose offices differ. The guard refuses to remove too large a share of a chamber.
    """
    report = SyncReport(source=source, total=len(records))
    existing = {o.id: o for o in session.exec(select(Official).where(Official.source == source))}
    old_offices = _offices_by_official(session, source)
    unique = list({r.id: r for r in records}.values())
    for record in unique:
        current = existing.get(record.id)
        if current is None:
            report.joined.append(_label(record))
        else:
            _compare(report, current, _phones(old_offices.get(record.id, {})), record)
    kept = {r.id for r in unique}
    gone = [o for o in existing.values() if o.id not in kept]
    if guard is not None:
        guard.check(_removals_by_chamber(existing.values(), gone))
    report.left = [_label(o) for o in gone]
    columns = {r.id: _columns(r) for r in unique}
    offices = {r.id: _office_rows(r) for r in unique}
    new_offices_of = [r.id for r in unique if offices[r.id] != old_offices.get(r.id, {})]
    plan = OfficialsPlan(
        report=report,
        joined=[columns[r.id] for r in unique if r.id not in existing],
        changed=[
            columns[r.id] for r in unique if r.id in existing and columns[r.id] != _columns(existing[r.id])
        ],
        gone=[o.id for o in gone],
        old_offices_of=[*(i for i in new_offices_of if i in existing), *(o.id for o in gone)],
        new_offices=[row for i in new_offices_of for row in offices[i].values()],
    )
    session.expunge_all()
    return plan


OfficeRows = dict[str, dict[str, Any]]  # an official's offices: office id -> its columns


def _offices_by_official(session: Session, source: str) -> dict[str, OfficeRows]:
    found: dict[str, OfficeRows] = {}
    rows = session.execute(
        select(Office.__table__)  # type: ignore[attr-defined]
        .join(Official, col(Official.id) == col(Office.official_id))
        .where(Official.source == source)
    )
    for row in rows.mappings():
        found.setdefault(row["official_id"], {})[row["id"]] = dict(row)
    return found


_OFFICIAL_COLUMNS = tuple(f.name for f in fields(Representative) if f.name != "offices")
_OFFICE_COLUMNS = OFFICE_COLUMNS


def _columns(official: Representative | Official) -> dict[str, Any]:
    """The official's row in the `official` table, but for `updated_at`."""
    return {name: getattr(official, name) for name in _OFFICIAL_COLUMNS}


def _office_rows(record: Representative) -> OfficeRows:
    return {
        o.id: {"official_id": record.id, **{name: getattr(o, name) for name in _OFFICE_COLUMNS}}
        for o in _unique(record.offices)
    }


def _phones(offices: OfficeRows) -> set[str]:
    return {office["phone"] for office in offices.values() if office["phone"]}


def _compare(report: SyncReport, current: Official, old_phones: set[str], record: Representative) -> None:
    label = _label(record)
    report.changed += [
        f"{label}: {name} {str(getattr(current, name))!r} → {str(getattr(record, name))!r}"
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
        key = official.chamber if official.chamber in CONGRESS else f"{official.state} {official.chamber}"
        counts = totals.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += official.id in gone_ids
    return {key: (before, leaving) for key, (before, leaving) in totals.items()}


def _delete_offices_of(session: Session, official_ids: list[str]) -> None:
    for chunk in batched(official_ids, size=BATCH):
        session.execute(delete(Office).where(col(Office.official_id).in_(chunk)))


def _delete_officials(session: Session, ids: list[str]) -> None:
    for chunk in batched(ids, size=BATCH):
        session.execute(delete(Official).where(col(Official.id).in_(chunk)))


def _write_officials(session: Session, rows: list[dict[str, Any]], statement: Executable) -> None:
    now = utcnow()
    for chunk in batched(rows, size=BATCH):
        session.execute(statement, [{**row, "updated_at": now} for row in chunk])


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
