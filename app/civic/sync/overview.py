"""Everything staff see about the directory on one page: currency, history, corrections, reports."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from app.civic.directory.corrections import (
    OverrideView,
    WrongNumberReport,
    list_overrides,
    wrong_number_reports,
)
from app.civic.directory.line_health import marked_numbers
from app.civic.directory.status import DirectoryStatus, describe_age, directory_status, ordinal
from app.civic.sync.runs import count_lines, sync_history
from app.models.directory import DirectorySync, OfficeHealth

HISTORY_SHOWN = 20


@dataclass(frozen=True)
class DirectoryOverview:
    status: DirectoryStatus
    runs: list[tuple[DirectorySync, list[str]]]
    overrides: list[OverrideView]
    wrong_numbers: list[WrongNumberReport]
    # Office numbers avoided now (a full mailbox), the longest avoided first.
    marked: list[OfficeHealth]

    @property
    def age(self) -> str | None:
        return describe_age(self.status.age) if self.status.age is not None else None

    @property
    def congress(self) -> str | None:
        return ordinal(self.status.congress) if self.status.congress else None

    @property
    def sitting(self) -> str:
        return ordinal(self.status.sitting_congress)


def directory_overview(session: Session, *, now: datetime, stale_after: timedelta) -> DirectoryOverview:
    return DirectoryOverview(
        status=directory_status(session, now=now, stale_after=stale_after),
        runs=[(run, count_lines(run)) for run in sync_history(session, limit=HISTORY_SHOWN)],
        overrides=list_overrides(session),
        wrong_numbers=wrong_number_reports(session),
        marked=marked_numbers(session, now=now),
    )
