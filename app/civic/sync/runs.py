"""A whole directory sync as one transaction, recorded in the history whatever its outcome.

The run row is written first (so a sync that dies still shows as started). Every dataset is then
read from its source and compared with the directory, outside any write transaction: that takes
seconds, and SQLite's one writer (calls, webhooks) must not wait for it. What changed is written
in a single write transaction, compared again inside it only if the directory's version moved
meanwhile (every directory change bumps it). Last, the row gets the outcome, the Congress the
directory now holds, and each dataset's report.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.civic.sync.committee_sync import flag_committee_overrides, read_committees
from app.civic.sync.datasets import (
    DatasetUpdate,
    Progress,
    RemovalGuard,
    SyncReport,
    read_congress,
    read_state_legislators,
)
from app.civic.sync.sources import DirectorySource
from app.civic.sync.zip_tables import read_zip_districts
from app.kernel.clock import utcnow
from app.kernel.errors import DirectorySyncRefusedError, SwitchboardError
from app.models.directory import DirectorySync, Office, OfficeOverride
from app.storage.db import write_scope
from app.storage.versions import DIRECTORY, read_version

# A check run in the sync's write transaction, after the writes (e.g. campaigns naming targets
# the sync removed); its report joins the sync's history when it lists something.
AfterWrite = Callable[[Session], SyncReport]


class DatasetReader(Protocol):
    def __call__(self, source: DirectorySource, *, progress: Progress) -> DatasetUpdate: ...


DATASET_READERS: tuple[DatasetReader, ...] = (
    read_congress,
    read_state_legislators,
    read_zip_districts,
    read_committees,
)


@dataclass(frozen=True)
class SyncRequest:
    trigger: str  # manual | scheduled | startup | admin
    actor: str
    max_removed_share: float
    force: bool = False
    slot: str | None = None


class SlotTakenError(Exception):
    """Another process already recorded the sync of this scheduled slot."""


def run_directory_sync(
    engine: Engine,
    *,
    source: DirectorySource,
    request: SyncRequest,
    progress: Progress,
    after_write: Sequence[AfterWrite] = (),
) -> list[SyncReport]:
    """Sync every dataset in one transaction; refused or failed syncs change nothing but are recorded."""
    run_id = _start(engine, request=request, source=source.description)
    guard = RemovalGuard(max_share=request.max_removed_share, force=request.force)
    try:
        source.prefetch()
        updates = [read(source, progress=progress) for read in DATASET_READERS]
        progress("Comparing with the directory")
        with Session(engine) as session:
            seen = read_version(session, kind=DIRECTORY)  # first: any later change moves it
            plans = [update.plan(session, guard=guard) for update in updates]
        progress("Saving what changed")
        with write_scope(engine) as session:
            if read_version(session, kind=DIRECTORY) != seen:  # a sync or a correction came between
                plans = [update.plan(session, guard=guard) for update in updates]
            for plan in plans:
                plan.write(session)
            reports = [plan.report for plan in plans]
            reports.append(flag_overrides(session))
            committee_overrides = flag_committee_overrides(session)
            if committee_overrides.total:
                reports.append(committee_overrides)
            reports += [r for r in (check(session) for check in after_write) if any(r.counts().values())]
    except SwitchboardError as error:
        status = "refused" if isinstance(error, DirectorySyncRefusedError) else "failed"
        _finish(engine, run_id, status=status, message=error.message)
        raise
    except Exception as error:
        _finish(engine, run_id, status="failed", message=f"{error.__class__.__name__}: {error}")
        raise
    _finish(engine, run_id, status="ok", reports=reports)
    return reports


def sync_history(session: Session, *, limit: int = 20) -> list[DirectorySync]:
    """The latest syncs, newest first."""
    query = select(DirectorySync).order_by(col(DirectorySync.started_at).desc()).limit(limit)
    return list(session.exec(query))


def count_lines(run: DirectorySync) -> list[str]:
    """One line per dataset: "congress-legislators: 538 officials; 3 joined, 1 left, ..."."""
    lines = []
    for report in run.reports:
        counts = report.get("counts", {})
        shown = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n)
        lines.append(
            f"{report.get('source')}: {report.get('total')} {report.get('unit')}; {shown or 'no change'}"
        )
    return lines


def flag_overrides(session: Session) -> SyncReport:
    """Staff corrections stay; those whose office the upstream has since changed or dropped are flagged."""
    report = SyncReport(source="overrides", unit="staff corrections")
    overrides = list(session.exec(select(OfficeOverride)))
    report.total = len(overrides)
    for override in overrides:
        office = session.get(Office, override.office_id)
        upstream = office.phone if office is not None else None
        if office is not None and upstream == override.upstream_phone:
            continue
        if override.upstream_changed_at is None or override.upstream_now != upstream:
            override.upstream_changed_at = utcnow()
            override.upstream_now = upstream
            session.add(override)
            what = f"now lists {upstream}" if office is not None else "no longer lists this office"
            report.changed.append(f"{override.office_id}: the upstream {what} (check the correction)")
    return report


def _start(engine: Engine, *, request: SyncRequest, source: str) -> int:
    try:
        with write_scope(engine) as session:
            run = DirectorySync(
                trigger=request.trigger, slot=request.slot, actor=request.actor[:254], source=source[:300]
            )
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id
    except IntegrityError as error:
        raise SlotTakenError(request.slot) from error


def _finish(
    engine: Engine, run_id: int, *, status: str, message: str = "", reports: Sequence[SyncReport] = ()
) -> None:
    with write_scope(engine) as session:
        run = session.get(DirectorySync, run_id)
        assert run is not None
        run.status = status
        run.finished_at = utcnow()
        run.message = message[:2000]
        run.reports = [r.as_record() for r in reports]
        run.congress = next((r.congress for r in reports if r.congress is not None), None)
        session.add(run)
