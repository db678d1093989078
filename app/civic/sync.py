"""Directory sync: replace one source's officials and offices in place, reporting what changed."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

from sqlmodel import Session, col, delete, select

from app.civic import congress
from app.civic.congress import OfficeRecord, OfficialRecord
from app.civic.directory_source import CONGRESS_FILES, DirectorySource
from app.models import Office, Official, utcnow

_COMPARED = ("name", "title", "chamber", "party", "state", "district", "division_id")


@dataclass
class SyncReport:
    source: str
    total: int = 0
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"{self.source}: {self.total} officials; {len(self.joined)} joined, "
            f"{len(self.left)} left, {len(self.changed)} changed"
        ]
        lines += [f"  + {item}" for item in self.joined]
        lines += [f"  - {item}" for item in self.left]
        lines += [f"  ~ {item}" for item in self.changed]
        return "\n".join(lines)


def sync_congress(session: Session, source: DirectorySource, progress: Callable[[str], None]) -> SyncReport:
    progress(f"Reading members of Congress from {source.description}")
    legislators, offices = (source.read_json("congress-legislators", n) for n in CONGRESS_FILES)
    records = congress.congress_records(legislators, offices)
    progress(f"Saving {len(records)} members of Congress")
    return apply_records(session, source=congress.SOURCE, records=records)


def apply_records(session: Session, *, source: str, records: Sequence[OfficialRecord]) -> SyncReport:
    """Make the directory hold exactly `records` for `source`; other sources are untouched."""
    report = SyncReport(source=source, total=len(records))
    existing = {o.id: o for o in session.exec(select(Official).where(Official.source == source))}
    old_offices = _offices_by_official(session, list(existing))
    session.exec(delete(Office).where(col(Office.official_id).in_(list(existing))))
    for record in records:
        current = existing.pop(record.id, None)
        if current is None:
            report.joined.append(_label(record))
        else:
            report.changed += _differences(current, old_offices.get(record.id, []), record)
        _save(session, record, current)
    for gone in existing.values():
        report.left.append(_label(gone))
        session.delete(gone)
    session.flush()  # officials first: offices refer to them
    session.add_all(
        Office(official_id=record.id, **vars(office))
        for record in records
        for office in _unique(record.offices)
    )
    session.flush()
    return report


def _offices_by_official(session: Session, ids: list[str]) -> dict[str, list[Office]]:
    found: dict[str, list[Office]] = {}
    for office in session.exec(select(Office).where(col(Office.official_id).in_(ids))):
        found.setdefault(office.official_id, []).append(office)
    return found


def _differences(current: Official, offices: list[Office], record: OfficialRecord) -> list[str]:
    changes = [
        f"{_label(record)}: {name} {getattr(current, name)!r} → {getattr(record, name)!r}"
        for name in _COMPARED
        if getattr(current, name) != getattr(record, name)
    ]
    old_phones = {o.phone for o in offices if o.phone}
    new_phones = {o.phone for o in record.offices if o.phone}
    changes += [f"{_label(record)}: new phone {p}" for p in sorted(new_phones - old_phones)]
    changes += [f"{_label(record)}: phone removed {p}" for p in sorted(old_phones - new_phones)]
    return changes


def _save(session: Session, record: OfficialRecord, current: Official | None) -> None:
    values = {f.name: getattr(record, f.name) for f in fields(record) if f.name != "offices"}
    if current is None:
        session.add(Official(**values, updated_at=utcnow()))
        return
    for name, value in values.items():
        setattr(current, name, value)
    current.updated_at = utcnow()


def _unique(offices: Sequence[OfficeRecord]) -> list[OfficeRecord]:
    seen: set[str] = set()
    kept = []
    for office in offices:
        if office.id not in seen:
            seen.add(office.id)
            kept.append(office)
    return kept


def _label(official: OfficialRecord | Official) -> str:
    where = f"{official.state}-{official.district}" if official.district else official.state
    return f"{official.title} {official.name} ({where})"
