"""Directory sync of committees and their seats: read, compare, then write only what changed.

Congress's committees come from congress-legislators, each state's from Open States. A source that
does not hold a part (a local copy without the committee files, a state without committee files)
leaves that part's committees as they were: only the parts read are compared and written.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.civic.sync import committees as parse
from app.civic.sync.datasets import (
    BATCH,
    PEOPLE_DATASET,
    Progress,
    RemovalGuard,
    SyncReport,
    apply_dataset,
    batched,
)
from app.civic.sync.openstates_people import load_yaml
from app.civic.sync.sources import CONGRESS_COMMITTEE_FILES, DirectorySource
from app.kernel.clock import utcnow
from app.kernel.errors import DirectorySourceError
from app.models.committees import Committee, CommitteeMember, CommitteeOverride
from app.storage.versions import DIRECTORY, bump_version

CONGRESS_SCOPE = ""  # the `state` of Congress's committees
SeatKey = tuple[str, str]  # (committee id, official id)


@dataclass(frozen=True)
class CommitteesUpdate:
    """The committees as read; `scopes` are the parts read ("" for Congress, state codes)."""

    records: Sequence[parse.CommitteeRecord]
    scopes: frozenset[str]
    skipped: Sequence[str] = ()

    def plan(self, session: Session, *, guard: RemovalGuard | None = None) -> "CommitteesPlan":
        existing = {c.id: c for c in session.exec(select(Committee)) if c.state in self.scopes}
        old_seats = _seats(session, set(existing))
        records = {r.id: r for r in self.records}
        gone = [c for c in existing.values() if c.id not in records]
        if guard is not None:
            guard.check(_removals(existing.values(), gone))
        report = SyncReport(
            source="committees", total=len(records), unit="committees", skipped=list(self.skipped)
        )
        report.joined = [_label(r.name, r.state) for r in records.values() if r.id not in existing]
        report.left = [_label(c.name, c.state) for c in gone]
        new_seats = {(r.id, s.official_id): s for r in records.values() for s in r.seats}
        report.changed = [
            f"{_label(existing[i].name, r.state)}: renamed {r.name!r}"
            for i, r in records.items()
            if i in existing and existing[i].name != r.name
        ] + _seat_changes(records, old_seats, new_seats, existing)
        rows = {i: _row(r) for i, r in records.items()}
        changed_seats = {
            key: seat for key, seat in new_seats.items() if old_seats.get(key) != _seat_tuple(seat)
        }
        plan = CommitteesPlan(
            report=report,
            joined=[rows[i] for i in records if i not in existing],
            changed=[rows[i] for i in records if i in existing and rows[i] != _row(existing[i])],
            gone=[c.id for c in gone],
            seats_removed=[
                *sorted(old_seats.keys() - new_seats.keys()),
                *(key for key in changed_seats if key in old_seats),
            ],
            seats_written=[_seat_row(key, seat) for key, seat in changed_seats.items()],
        )
        session.expunge_all()
        return plan


@dataclass
class CommitteesPlan:
    report: SyncReport
    joined: list[dict[str, Any]]
    changed: list[dict[str, Any]]
    gone: list[str]
    seats_removed: list[SeatKey]  # seats that left, and stored seats written again (role, rank, name)
    seats_written: list[dict[str, Any]] = field(default_factory=list)

    def write(self, session: Session) -> None:
        """Writes what differs; the directory's version moves only if something did."""
        if not (self.joined or self.changed or self.gone or self.seats_removed or self.seats_written):
            return
        _delete_seats(session, self.seats_removed)
        for chunk in batched(self.gone, size=BATCH):
            session.execute(delete(Committee).where(col(Committee.id).in_(chunk)))
        now = utcnow()
        for chunk in batched(self.joined, size=BATCH):
            session.execute(insert(Committee), [{**row, "updated_at": now} for row in chunk])
        for chunk in batched(self.changed, size=BATCH):
            session.execute(update(Committee), [{**row, "updated_at": now} for row in chunk])
        for chunk in batched(self.seats_written, size=BATCH * 4):
            session.execute(insert(CommitteeMember), list(chunk))
        bump_version(session, kind=DIRECTORY)


def read_committees(source: DirectorySource, *, progress: Progress) -> CommitteesUpdate:
    """Congress's committees (congress-legislators) and the 50 states' (Open States), as read."""
    progress(f"Reading committees from {source.description}")
    records: list[parse.CommitteeRecord] = []
    scopes: set[str] = set()
    skipped: list[str] = []
    try:
        committees, membership = (
            load_yaml(source.read_bytes("congress-legislators", name=name))
            for name in CONGRESS_COMMITTEE_FILES
        )
    except DirectorySourceError as error:
        skipped.append(f"committees of Congress kept as they were: {error.message}")
    else:
        records += parse.congress_committees(committees, membership=membership or {})
        scopes.add(CONGRESS_SCOPE)
    unnamed = 0
    for path, content in source.iter_files(PEOPLE_DATASET, pattern=parse.COMMITTEE_FILES):
        if parse.committee_state(path) is None:
            continue
        record, without_person = parse.COMMITTEE_FILES_READ.parsed(path, content=content)
        records.append(record)
        scopes.add(record.state)
        unnamed += without_person
    if unnamed:
        skipped.append(f"{unnamed} state committee seats name no person (left out)")
    return CommitteesUpdate(records=records, scopes=frozenset(scopes), skipped=skipped)


def sync_committees(
    session: Session, *, source: DirectorySource, progress: Progress, guard: RemovalGuard | None = None
) -> SyncReport:
    return apply_dataset(session, update=read_committees(source, progress=progress), guard=guard)


def flag_committee_overrides(session: Session) -> SyncReport:
    """Staff corrections of seats stay; those whose seat the source has since changed are flagged."""
    report = SyncReport(source="committee overrides", unit="staff corrections")
    overrides = list(session.exec(select(CommitteeOverride)))
    report.total = len(overrides)
    for override in overrides:
        seat = session.get(CommitteeMember, (override.committee_id, override.official_id))
        upstream = seat.role if seat is not None else None
        if upstream == override.upstream_role or override.upstream_changed_at is not None:
            continue
        override.upstream_changed_at = utcnow()
        session.add(override)
        what = f"now lists the role {upstream}" if upstream else "no longer lists this seat"
        report.changed.append(
            f"{override.committee_id} {override.official_id}: the source {what} (check the correction)"
        )
    return report


def _delete_seats(session: Session, keys: list[SeatKey]) -> None:
    """One executemany per chunk: a first sync of the 50 states removes no seat, a later one a few."""
    table = CommitteeMember.__table__  # type: ignore[attr-defined]
    statement = delete(table).where(
        and_(
            table.c.committee_id == bindparam("seat_committee"),
            table.c.official_id == bindparam("seat_official"),
        )
    )
    for chunk in batched(keys, size=BATCH * 4):
        session.execute(statement, [{"seat_committee": c, "seat_official": o} for c, o in chunk])


def _seats(session: Session, committee_ids: set[str]) -> dict[SeatKey, tuple[str, str, int]]:
    table = CommitteeMember.__table__.c  # type: ignore[attr-defined]
    rows = session.execute(
        sa_select(table.committee_id, table.official_id, table.name, table.role, table.rank)
    )
    return {(c, o): (n, r, k) for c, o, n, r, k in rows if c in committee_ids}


def _seat_tuple(seat: parse.SeatRecord) -> tuple[str, str, int]:
    return seat.name, seat.role.value, seat.rank


def _seat_row(key: SeatKey, seat: parse.SeatRecord) -> dict[str, Any]:
    return {
        "committee_id": key[0],
        "official_id": key[1],
        "name": seat.name,
        "role": seat.role.value,
        "rank": seat.rank,
    }


def _row(committee: parse.CommitteeRecord | Committee) -> dict[str, Any]:
    return {
        "id": committee.id,
        "source": committee.source,
        "name": committee.name,
        "chamber": committee.chamber,
        "state": committee.state,
        "parent_id": committee.parent_id,
    }


def _seat_changes(
    records: dict[str, parse.CommitteeRecord],
    old: dict[SeatKey, tuple[str, str, int]],
    new: dict[SeatKey, parse.SeatRecord],
    existing: dict[str, Committee],
) -> list[str]:
    """Seats joined, left, or whose role changed, on committees that were there before."""
    lines = []
    for key in sorted(new.keys() | old.keys()):
        committee_id, _ = key
        if committee_id not in existing or committee_id not in records:
            continue
        name = records[committee_id].name
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            lines.append(f"{name}: + {after.name} ({after.role.value})")
        elif after is None and before is not None:
            lines.append(f"{name}: - {before[0]}")
        elif before is not None and after is not None and before[1] != after.role.value:
            lines.append(f"{name}: {after.name} {before[1]} → {after.role.value}")
    return lines


def _removals(existing: Any, gone: list[Committee]) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = {}
    gone_ids = {c.id for c in gone}
    for committee in existing:
        counts = totals.setdefault(f"{committee.state or 'US'} committees", [0, 0])
        counts[0] += 1
        counts[1] += committee.id in gone_ids
    return {key: (before, leaving) for key, (before, leaving) in totals.items()}


def _label(name: str, state: str) -> str:
    return f"{name} ({state or 'US'})"
