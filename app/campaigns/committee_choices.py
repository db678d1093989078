"""The committees the builder offers by name: those of Congress and of the states the campaign is
for, each subcommittee under its committee, and any committee the campaign already names."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.campaigns.spec import known_state_codes
from app.models.committees import Committee

CONGRESS_GROUP = "Congress"
GONE_GROUP = "No longer in the directory"


@dataclass(frozen=True)
class CommitteeGroup:
    """One <optgroup>: a legislature's committees as (id, name shown) pairs."""

    label: str
    choices: tuple[tuple[str, str], ...]


def committee_choices(session: Session, *, states: str, chosen: Sequence[str]) -> list[CommitteeGroup]:
    """Congress's committees, then each typed state's (`states` as the organizer typed it: what is
    not a state is skipped here, the form says so at its field), then `chosen` ids no longer held."""
    codes = _state_codes(states)
    rows = session.exec(select(Committee).where(col(Committee.state).in_(["", *codes]))).all()
    by_id = {row.id: row for row in rows}
    groups = []
    for state in ["", *codes]:
        own = [row for row in rows if row.state == state]
        if own:
            groups.append(CommitteeGroup(state or CONGRESS_GROUP, tuple(_ordered(own, by_id))))
    held = {row.id for row in rows} | set(
        session.exec(select(Committee.id).where(col(Committee.id).in_(list(chosen))))
    )
    gone = tuple((committee, committee) for committee in chosen if committee not in held)
    if gone:
        groups.append(CommitteeGroup(GONE_GROUP, gone))
    return groups


def _ordered(rows: list[Committee], by_id: dict[str, Committee]) -> list[tuple[str, str]]:
    """Committees by name, each followed by its subcommittees ("Judiciary: Subcommittee on …")."""
    parents = sorted((row for row in rows if row.parent_id not in by_id), key=lambda row: row.name)
    children: dict[str, list[Committee]] = {}
    for row in rows:
        if row.parent_id in by_id:
            children.setdefault(row.parent_id or "", []).append(row)
    choices = []
    for parent in parents:
        choices.append((parent.id, parent.name))
        for child in sorted(children.get(parent.id, []), key=lambda row: row.name):
            choices.append((child.id, f"{parent.name}: {child.name}"))
    return choices


def _state_codes(states: str) -> list[str]:
    codes: list[str] = []
    for typed in re.split(r"[,;\n]+", states):
        try:
            codes += known_state_codes([typed.strip()]) if typed.strip() else []
        except ValueError:
            continue
    return list(dict.fromkeys(codes))
