"""The directory as lookups read it: every official, office and ZIP code's divisions, in memory.

Built once per process from the directory tables and never changed: when a sync moves the
directory's version, a new view is built and swapped in whole (see app/runtime/read_models.py), so a
warm lookup reads no SQL at all and never sees half a sync.
"""

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Protocol

import anyio
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from app.civic.directory.committees import CommitteeInfo, load_committees
from app.civic.directory.folding import fold
from app.civic.directory.officials import (
    GENDERS,
    OFFICE_COLUMNS,
    Gender,
    OfficeContact,
    Representative,
    corrected,
)
from app.models.directory import Office, OfficeOverride, Official, Vacancy, ZipDivision


@dataclass(frozen=True)
class DirectoryView:
    by_division: Mapping[str, tuple[Representative, ...]]
    chambers: frozenset[str]
    zip_divisions: Mapping[str, tuple[str, ...]]
    # Listed vacancies with a `vacant_until` date, by division: (chamber, vacant until).
    dated_vacancies: Mapping[str, tuple[tuple[str, date], ...]]
    committees: Mapping[str, CommitteeInfo] = field(default_factory=lambda: MappingProxyType({}))

    @cached_property
    def officials_by_id(self) -> Mapping[str, Representative]:
        """Every official by id (built on first use, then kept with the view)."""
        return MappingProxyType({r.id: r for reps in self.by_division.values() for r in reps})

    @cached_property
    def officials_by_name(self) -> tuple[Representative, ...]:
        """Every official by last name, then name (built on first use, then kept with the view)."""
        return tuple(sorted(self.officials_by_id.values(), key=lambda r: (r.last_name, r.name)))

    @cached_property
    def folded_officials(self) -> Mapping[str, tuple[str, str]]:
        """By official id, the folded text a search matches words in (name, id, state, district)
        and the folded party: folded once per view, not for every official on every search."""
        return MappingProxyType(
            {
                r.id: (fold(f"{r.name} {r.id} {r.state} {r.district}"), fold(r.party))
                for r in self.officials_by_id.values()
            }
        )

    @cached_property
    def folded_committees(self) -> Mapping[str, str]:
        """By committee id, the folded text a search matches words in (name and id)."""
        return MappingProxyType({c.id: fold(f"{c.name} {c.id}") for c in self.committees.values()})

    def official(self, official_id: str) -> Representative | None:
        return self.officials_by_id.get(official_id)

    def committee(self, committee_id: str) -> CommitteeInfo | None:
        return self.committees.get(committee_id)

    def representatives_for(
        self, *, division_ids: Sequence[str], chambers: Iterable[str]
    ) -> list[Representative]:
        """The officials sitting for any of the divisions in one of the chambers, by last name."""
        wanted = set(chambers)
        found = [
            rep
            for division in dict.fromkeys(division_ids)
            for rep in self.by_division.get(division, ())
            if rep.chamber in wanted
        ]
        return sorted(found, key=lambda r: r.last_name)

    def past_due_vacancies(self, *, division_ids: Sequence[str], today: date) -> dict[str, int]:
        """Per chamber, the listed vacancies at these divisions whose `vacant_until` has passed."""
        counts: dict[str, int] = {}
        for division in dict.fromkeys(division_ids):
            for chamber, until in self.dated_vacancies.get(division, ()):
                if until < today:
                    counts[chamber] = counts.get(chamber, 0) + 1
        return counts

    def has_officials(self, *, chambers: Iterable[str]) -> bool:
        return not self.chambers.isdisjoint(chambers)

    def divisions_of_zip(self, zip_code: str) -> tuple[str, ...]:
        return self.zip_divisions.get(zip_code, ())

    @property
    def official_count(self) -> int:
        return sum(len(reps) for reps in self.by_division.values())


# The read types' fields are the tables' columns (an office's in the type's order).
_OFFICE_COLUMNS = OFFICE_COLUMNS
_OFFICIAL_COLUMNS = tuple(f.name for f in fields(Representative) if f.name not in ("division_id", "offices"))


def load_directory_view(session: Session) -> DirectoryView:
    """A few reads of the directory tables (plain tuples, no ORM objects: ~150,000 rows), one view.

    Staff corrections are applied here, as every reader of offices sees them."""
    overrides = {o.office_id: o for o in session.exec(select(OfficeOverride))}
    offices: dict[str, list[OfficeContact]] = {}
    office_table = Office.__table__.c  # type: ignore[attr-defined]
    query = select(office_table.official_id, *(office_table[c] for c in _OFFICE_COLUMNS))
    for official_id, *values in session.execute(query):
        contact = OfficeContact(*values)
        shown = corrected(contact, override=overrides.get(contact.id)) if overrides else contact
        if shown is not None:
            offices.setdefault(official_id, []).append(shown)
    by_division: dict[str, list[Representative]] = {}
    official_table = Official.__table__.c  # type: ignore[attr-defined]
    query = select(official_table.division_id, *(official_table[c] for c in _OFFICIAL_COLUMNS))
    for division_id, *values in session.execute(query):
        division = sys.intern(division_id)
        columns = dict(zip(_OFFICIAL_COLUMNS, values, strict=True))
        columns["gender"] = GENDERS.get(columns["gender"], Gender.UNKNOWN)
        found = Representative(**columns, division_id=division, offices=tuple(offices.get(columns["id"], ())))
        by_division.setdefault(division, []).append(found)
    zips: dict[str, list[str]] = {}
    for zip_code, division in session.execute(select(ZipDivision.zip, ZipDivision.division_id)):
        zips.setdefault(zip_code, []).append(sys.intern(division))
    vacancies: dict[str, list[tuple[str, date]]] = {}
    vacancy_table = Vacancy.__table__.c  # type: ignore[attr-defined]
    dated = sa_select(vacancy_table.division_id, vacancy_table.chamber, vacancy_table.vacant_until).where(
        vacancy_table.vacant_until.is_not(None)
    )
    for division, chamber, until in session.execute(dated):
        if until is not None:
            vacancies.setdefault(division, []).append((chamber, until))
    return DirectoryView(
        by_division=MappingProxyType({d: tuple(reps) for d, reps in by_division.items()}),
        chambers=frozenset(r.chamber for reps in by_division.values() for r in reps),
        zip_divisions=MappingProxyType({z: tuple(sorted(set(ds))) for z, ds in zips.items()}),
        dated_vacancies=MappingProxyType({d: tuple(v) for d, v in vacancies.items()}),
        committees=load_committees(session),
    )


class DirectoryReader(Protocol):
    """Where the current view comes from (app/runtime/read_models.py): memory, or the database when due."""

    def directory(self) -> DirectoryView:
        """The view, after a version check (a database read every few seconds) or a rebuild."""
        ...

    def directory_in_memory(self) -> DirectoryView | None:
        """The view if no version check is due (no I/O at all), else None."""
        ...


async def current_directory(reader: DirectoryReader) -> DirectoryView:
    """The view from memory on the event loop; in a worker thread only when the database is due."""
    view = reader.directory_in_memory()
    return view if view is not None else await anyio.to_thread.run_sync(reader.directory)
