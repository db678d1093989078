"""Committees as directory records: congress-legislators' committees of Congress (their subcommittees
keyed parent id + subcommittee id, `SSJU21`) and Open States' state committees
(`data/<state>/committees/*.yml`)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.civic.directory.committees import ROLE_ORDER, CommitteeRole, parse_role
from app.civic.sync.openstates_people import load_yaml
from app.civic.sync.parsed_files import ParsedFiles
from app.kernel.vocabulary import Chamber

CONGRESS_SOURCE = "congress-legislators"
OPENSTATES_SOURCE = "openstates"
_CONGRESS_CHAMBERS = {"senate": Chamber.US_SENATE, "house": Chamber.US_HOUSE}
_STATE_CHAMBERS = {"upper": Chamber.STATE_UPPER, "lower": Chamber.STATE_LOWER}
COMMITTEE_FILES = "data/*/committees/*.yml"  # the files read (a glob)
_COMMITTEE_PATH = re.compile(r"^data/([a-z]{2})/committees/[^/]+\.ya?ml$")
MAX_NAME = 300  # the committee.name column


@dataclass(frozen=True)
class SeatRecord:
    official_id: str
    name: str
    role: CommitteeRole
    rank: int


@dataclass(frozen=True)
class CommitteeRecord:
    id: str
    source: str
    name: str
    chamber: Chamber | None
    state: str
    parent_id: str | None
    seats: tuple[SeatRecord, ...]


def congress_committees(
    committees: list[dict[str, Any]], *, membership: Mapping[str, list[dict[str, Any]]]
) -> list[CommitteeRecord]:
    """Every committee and subcommittee of `committees-current`, with their seats from
    `committee-membership-current`."""
    found = []
    for committee in committees or []:
        parent_id = str(committee["thomas_id"])
        chamber = _CONGRESS_CHAMBERS.get(str(committee.get("type")))
        name = str(committee["name"])
        found.append(_congress_record(parent_id, name, chamber, None, membership))
        for sub in committee.get("subcommittees") or []:
            sub_id = f"{parent_id}{sub['thomas_id']}"
            sub_name = f"Subcommittee on {sub['name']}, {name}"
            found.append(_congress_record(sub_id, sub_name, chamber, parent_id, membership))
    return found


def _congress_record(
    committee_id: str,
    name: str,
    chamber: Chamber | None,
    parent_id: str | None,
    membership: Mapping[str, list[dict[str, Any]]],
) -> CommitteeRecord:
    seats = [
        SeatRecord(
            official_id=str(member["bioguide"]),
            name=str(member.get("name") or ""),
            role=parse_role(member.get("title")),
            rank=int(member.get("rank") or index),
        )
        for index, member in enumerate(membership.get(committee_id) or [], start=1)
        if member.get("bioguide")
    ]
    return CommitteeRecord(
        id=committee_id,
        source=CONGRESS_SOURCE,
        name=name[:MAX_NAME],
        chamber=chamber,
        state="",
        parent_id=parent_id,
        seats=_unique(seats),
    )


def committee_state(path: str) -> str | None:
    """The state of a committee file (`data/ma/committees/X.yml`), or None for any other file."""
    found = _COMMITTEE_PATH.match(path)
    return found.group(1).upper() if found else None


def state_committee(committee: dict[str, Any], *, state: str) -> tuple[CommitteeRecord, int]:
    """An Open States committee, and how many of its members name no person (left out)."""
    members = committee.get("members") or []
    seats = [
        SeatRecord(
            official_id=str(member["person_id"]),
            name=str(member.get("name") or ""),
            role=parse_role(member.get("role")),
            rank=index,
        )
        for index, member in enumerate(members, start=1)
        if member.get("person_id")
    ]
    parent = committee.get("parent")
    record = CommitteeRecord(
        id=str(committee["id"]),
        source=OPENSTATES_SOURCE,
        name=_state_committee_name(str(committee.get("name") or ""), chamber=str(committee.get("chamber"))),
        chamber=_STATE_CHAMBERS.get(str(committee.get("chamber"))),
        state=state,
        parent_id=str(parent) if parent else None,
        seats=_unique(seats),
    )
    return record, len(members) - len(seats)


def read_state_committee(path: str, *, content: bytes) -> tuple[CommitteeRecord, int]:
    """A committee file (`data/ma/committees/X.yml`) parsed: `state_committee` of its YAML."""
    state = committee_state(path)
    if state is None:
        raise ValueError(f"{path} is not a committee file of a state")
    return state_committee(load_yaml(content), state=state)


# The committees of the last syncs: a sync parses again only the files that changed.
COMMITTEE_FILES_READ = ParsedFiles(read_state_committee, limit=6_000)

_NAMED_BODY = re.compile(r"(?i)\b(committee|commission|council|subcommittee|caucus|board|panel)\b")


def _state_committee_name(name: str, *, chamber: str) -> str:
    """The name a card can say: Open States often gives only the subject ("Judiciary")."""
    name = " ".join(name.split())
    if name and not _NAMED_BODY.search(name):
        name = f"{'Joint ' if chamber == 'legislature' else ''}{name} Committee"
    return name[:MAX_NAME]


def _unique(seats: list[SeatRecord]) -> tuple[SeatRecord, ...]:
    """One seat per official: a source listing someone twice (chair and member) keeps the leading one."""
    kept: dict[str, SeatRecord] = {}
    for seat in seats:
        current = kept.get(seat.official_id)
        if current is None or ROLE_ORDER[seat.role] < ROLE_ORDER[current.role]:
            kept[seat.official_id] = seat
    return tuple(kept.values())
