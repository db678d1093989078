"""The directory as lookups read it: every official, office and ZIP code's divisions, in memory.

Built once per process from the directory tables and never changed: when a sync moves the
directory's version, a new view is built and swapped in whole (see app/read_models.py), so a
warm lookup reads no SQL at all and never sees half a sync.
"""

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from types import MappingProxyType

from sqlmodel import Session, select

from app.civic.directory import OfficeContact, Representative
from app.models import Office, Official, ZipDivision


@dataclass(frozen=True)
class DirectoryView:
    by_division: Mapping[str, tuple[Representative, ...]]
    chambers: frozenset[str]
    zip_divisions: Mapping[str, tuple[str, ...]]

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

    def has_officials(self, *, chambers: Iterable[str]) -> bool:
        return not self.chambers.isdisjoint(chambers)

    def divisions_of_zip(self, zip_code: str) -> tuple[str, ...]:
        return self.zip_divisions.get(zip_code, ())

    @property
    def official_count(self) -> int:
        return sum(len(reps) for reps in self.by_division.values())


# The read types' fields are the tables' columns (an office's in the type's order).
_OFFICE_COLUMNS = tuple(f.name for f in fields(OfficeContact))
_OFFICIAL_COLUMNS = tuple(f.name for f in fields(Representative) if f.name not in ("division_id", "offices"))


def load_directory_view(session: Session) -> DirectoryView:
    """Three reads of the directory tables (plain tuples, no ORM objects: ~150,000 rows), one view."""
    offices: dict[str, list[OfficeContact]] = {}
    office_table = Office.__table__.c  # type: ignore[attr-defined]
    query = select(office_table.official_id, *(office_table[c] for c in _OFFICE_COLUMNS))
    for official_id, *values in session.execute(query):
        offices.setdefault(official_id, []).append(OfficeContact(*values))
    by_division: dict[str, list[Representative]] = {}
    official_table = Official.__table__.c  # type: ignore[attr-defined]
    query = select(official_table.division_id, *(official_table[c] for c in _OFFICIAL_COLUMNS))
    for division_id, *values in session.execute(query):
        division = sys.intern(division_id)
        columns = dict(zip(_OFFICIAL_COLUMNS, values, strict=True))
        found = Representative(**columns, division_id=division, offices=tuple(offices.get(columns["id"], ())))
        by_division.setdefault(division, []).append(found)
    zips: dict[str, list[str]] = {}
    for zip_code, division in session.execute(select(ZipDivision.zip, ZipDivision.division_id)):
        zips.setdefault(zip_code, []).append(sys.intern(division))
    return DirectoryView(
        by_division=MappingProxyType({d: tuple(reps) for d, reps in by_division.items()}),
        chambers=frozenset(r.chamber for reps in by_division.values() for r in reps),
        zip_divisions=MappingProxyType({z: tuple(sorted(set(ds))) for z, ds in zips.items()}),
    )
