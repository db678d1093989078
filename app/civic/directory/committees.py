"""Committees as lookups read them: each committee's seats in the source's order, leadership first,
with staff corrections applied."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from app.kernel.vocabulary import Chamber
from app.models.committees import Committee, CommitteeMember, CommitteeOverride


class CommitteeRole(StrEnum):
    """A seat's place on a committee; the order is the order a committee's members are listed."""

    CHAIR = "chair"
    RANKING_MEMBER = "ranking-member"
    VICE_CHAIR = "vice-chair"
    MEMBER = "member"

    @property
    def leads(self) -> bool:
        return self is not CommitteeRole.MEMBER


ROLE_ORDER = {role: index for index, role in enumerate(CommitteeRole)}
# The sources' own words (congress-legislators `title`, Open States `role`), lower-cased.
_ROLE_WORDS = (
    ("vice", CommitteeRole.VICE_CHAIR),
    ("ranking", CommitteeRole.RANKING_MEMBER),
    ("chair", CommitteeRole.CHAIR),
    ("presidente", CommitteeRole.CHAIR),
)


def parse_role(word: object) -> CommitteeRole:
    """ "Chairman", "co-chair", "Ranking Member", "first vice chair" …; anything else is a member."""
    text = str(word or "").strip().lower()
    if text in {r.value for r in CommitteeRole}:
        return CommitteeRole(text)
    return next((role for key, role in _ROLE_WORDS if key in text), CommitteeRole.MEMBER)


@dataclass(frozen=True)
class CommitteeSeat:
    official_id: str
    name: str
    role: CommitteeRole
    rank: int


@dataclass(frozen=True)
class CommitteeInfo:
    """A committee with its seats, chair first, then ranking member, vice chairs, members by rank."""

    id: str
    name: str
    chamber: Chamber | None  # None: joint
    state: str  # "" for Congress
    parent_id: str | None
    seats: tuple[CommitteeSeat, ...]

    def seat_of(self, official_id: str) -> CommitteeSeat | None:
        return next((s for s in self.seats if s.official_id == official_id), None)

    @property
    def chambers(self) -> tuple[Chamber, ...]:
        """The chambers its members sit in: its own, or both of its legislature's for a joint one."""
        if self.chamber is not None:
            return (self.chamber,)
        if self.state:
            return (Chamber.STATE_UPPER, Chamber.STATE_LOWER)
        return (Chamber.US_SENATE, Chamber.US_HOUSE)


def seat_order(seat: CommitteeSeat) -> tuple[int, int, str]:
    return ROLE_ORDER[seat.role], seat.rank, seat.name


def corrected_seats(
    seats: list[CommitteeSeat], *, overrides: Mapping[str, CommitteeOverride]
) -> tuple[CommitteeSeat, ...]:
    """The seats as staff corrected them (a role changed, a seat removed or added), in order."""
    kept: dict[str, CommitteeSeat] = {s.official_id: s for s in seats}
    for official_id, override in overrides.items():
        if override.role is None:
            kept.pop(official_id, None)
            continue
        current = kept.get(official_id)
        name = current.name if current else ""
        rank = current.rank if current else len(kept) + 1
        kept[official_id] = CommitteeSeat(official_id, name, parse_role(override.role), rank)
    return tuple(sorted(kept.values(), key=seat_order))


def load_committees(session: Session) -> Mapping[str, CommitteeInfo]:
    """Every committee with its seats (staff corrections applied), by id."""
    seats: dict[str, list[CommitteeSeat]] = {}
    member = CommitteeMember.__table__.c  # type: ignore[attr-defined]
    rows = session.execute(
        sa_select(member.committee_id, member.official_id, member.name, member.role, member.rank)
    )
    for committee_id, official_id, name, role, rank in rows:
        seats.setdefault(committee_id, []).append(CommitteeSeat(official_id, name, parse_role(role), rank))
    overrides: dict[str, dict[str, CommitteeOverride]] = {}
    for override in session.exec(select(CommitteeOverride)):
        overrides.setdefault(override.committee_id, {})[override.official_id] = override
    found = {}
    for row in session.exec(select(Committee)):
        found[row.id] = CommitteeInfo(
            id=row.id,
            name=row.name,
            chamber=row.chamber,
            state=row.state,
            parent_id=row.parent_id,
            seats=corrected_seats(seats.get(row.id, []), overrides=overrides.get(row.id, {})),
        )
    return MappingProxyType(found)
