"""The ZIP → district tables of ZIP-only lookups, as a directory sync reads and applies them."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, delete, insert
from sqlmodel import Session, select

from app.civic.locating import zip_codes
from app.civic.sync.datasets import BATCH, Progress, RemovalGuard, SyncReport, apply_dataset, batched
from app.civic.sync.sources import (
    CONGRESS_ZIP_FILE,
    STATE_LEGISLATIVE_ZIP_FILE,
    ZIP_DATASET,
    DirectorySource,
)
from app.models.directory import ZipDivision
from app.storage.versions import DIRECTORY, bump_version


@dataclass(frozen=True)
class ZipUpdate:
    """The ZIP → district pairs as read, each with its state."""

    rows: Mapping[tuple[str, str], str]

    def plan(self, session: Session, *, guard: RemovalGuard | None = None) -> "ZipPlan":
        """Only the pairs that are new, gone or in another state are written."""
        query = select(ZipDivision.zip, ZipDivision.division_id, ZipDivision.state)
        existing: dict[tuple[str, str], str] = {(z, d): s for z, d, s in session.execute(query)}
        removed = sorted(existing.keys() - self.rows.keys())
        if guard is not None:
            guard.check({"ZIP table": (len(existing), len(removed))})
        written = [pair for pair, state in self.rows.items() if existing.get(pair) != state]
        return ZipPlan(
            report=SyncReport(
                source="zip-districts",
                total=len(self.rows),
                unit="ZIP-district pairs",
                joined=[f"{z} {d}" for z, d in sorted(self.rows.keys() - existing.keys())],
                left=[f"{z} {d}" for z, d in removed],
            ),
            deleted=[*removed, *(pair for pair in written if pair in existing)],
            inserted=[{"zip": z, "division_id": d, "state": self.rows[(z, d)]} for z, d in written],
        )


@dataclass
class ZipPlan:
    report: SyncReport
    deleted: list[tuple[str, str]]
    inserted: list[dict[str, str]]

    def write(self, session: Session) -> None:
        """Writes what differs; the directory's version moves only if something did."""
        if not (self.deleted or self.inserted):
            return
        _delete_zip_pairs(session, self.deleted)
        for chunk in batched(self.inserted, size=BATCH * 4):
            session.execute(insert(ZipDivision), list(chunk))
        bump_version(session, kind=DIRECTORY)


def read_zip_districts(source: DirectorySource, *, progress: Progress) -> ZipUpdate:
    """The ZIP → district tables used for ZIP-only lookups."""
    progress(f"Reading ZIP code → district tables from {source.description}")
    congress_table = source.read_bytes(ZIP_DATASET, name=CONGRESS_ZIP_FILE).decode("utf-8")
    legislative = source.read_json(ZIP_DATASET, name=STATE_LEGISLATIVE_ZIP_FILE)
    return ZipUpdate(
        {
            (z, d): s
            for z, d, s in (
                *zip_codes.congress_zip_rows(congress_table),
                *zip_codes.state_legislative_zip_rows(legislative),
            )
        }
    )


def sync_zip_districts(
    session: Session, *, source: DirectorySource, progress: Progress, guard: RemovalGuard | None = None
) -> SyncReport:
    return apply_dataset(session, update=read_zip_districts(source, progress=progress), guard=guard)


def _delete_zip_pairs(session: Session, pairs: list[tuple[str, str]]) -> None:
    table = ZipDivision.__table__  # type: ignore[attr-defined]
    statement = delete(table).where(
        and_(table.c.zip == bindparam("pair_zip"), table.c.division_id == bindparam("pair_division"))
    )
    for chunk in batched(pairs, size=BATCH * 4):
        session.execute(statement, [{"pair_zip": z, "pair_division": d} for z, d in chunk])
