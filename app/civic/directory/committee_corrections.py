"""Staff corrections of committee seats that survive syncs: a role to show (a new chair the source
has not caught up with), a seat added, or a seat removed.

Keyed by the committee's and the official's ids, which syncs keep; applied when the directory is
read (app/civic/directory/committees.py), so a sync rewriting the seats never undoes them. A sync
flags a correction once the source says something else than when it was made.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.civic.directory.committees import CommitteeRole
from app.kernel.clock import utcnow
from app.kernel.errors import OverrideInvalidError
from app.models.committees import Committee, CommitteeMember, CommitteeOverride
from app.models.directory import Official
from app.storage.versions import DIRECTORY, bump_version

MAX_NOTE = 500
REMOVED = "removed"


@dataclass(frozen=True)
class SeatCorrection:
    override: CommitteeOverride
    committee_name: str


def set_committee_override(
    session: Session, *, committee_id: str, official_id: str, role: str, note: str, by: str
) -> CommitteeOverride:
    """Show `official_id` on the committee with `role` (chair, ranking-member, vice-chair, member), or
    `removed`; replaces an earlier correction of the same seat."""
    roles = [r.value for r in CommitteeRole]
    if role not in (*roles, REMOVED):
        raise OverrideInvalidError(f"The role must be one of {', '.join(roles)} or {REMOVED}, not {role!r}.")
    committee = session.get(Committee, committee_id.strip())
    if committee is None:
        raise OverrideInvalidError(f"There is no committee {committee_id!r} in the directory.")
    if session.get(Official, official_id.strip()) is None:
        raise OverrideInvalidError(f"There is no official {official_id!r} in the directory.")
    seat = session.get(CommitteeMember, (committee.id, official_id.strip()))
    override = session.get(CommitteeOverride, (committee.id, official_id.strip())) or CommitteeOverride(
        committee_id=committee.id, official_id=official_id.strip(), created_by=by
    )
    override.role = None if role == REMOVED else role
    override.note, override.created_by, override.created_at = note.strip()[:MAX_NOTE], by[:254], utcnow()
    override.upstream_role, override.upstream_changed_at = (seat.role if seat else None), None
    session.add(override)
    bump_version(session, kind=DIRECTORY)
    return override


def remove_committee_override(session: Session, *, committee_id: str, official_id: str) -> None:
    override = session.get(CommitteeOverride, (committee_id.strip(), official_id.strip()))
    if override is None:
        raise OverrideInvalidError(f"There is no correction of {official_id!r} on {committee_id!r}.")
    session.delete(override)
    bump_version(session, kind=DIRECTORY)


def list_committee_overrides(session: Session) -> list[SeatCorrection]:
    names = {c.id: c.name for c in session.exec(select(Committee))}
    return [
        SeatCorrection(o, names.get(o.committee_id, o.committee_id))
        for o in session.exec(select(CommitteeOverride))
    ]
