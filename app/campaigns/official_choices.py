"""The officials a campaign picked from the directory, as the builder shows them: name, title and
state by id, in call order; an id the directory no longer holds is shown as such, never an error."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models.directory import Official


@dataclass(frozen=True)
class PickedOfficial:
    id: str
    # Empty when the directory no longer holds the id (a sync removed them since it was picked).
    name: str = ""
    title: str = ""
    state: str = ""
    party: str = ""

    @property
    def known(self) -> bool:
        return bool(self.name)


def picked_officials(session: Session, *, ids: Sequence[str]) -> list[PickedOfficial]:
    """The officials `ids` names, in that order."""
    if not ids:
        return []
    rows = {row.id: row for row in session.exec(select(Official).where(col(Official.id).in_(list(ids))))}
    return [
        PickedOfficial(id=i, name=row.name, title=row.title, state=row.state, party=row.party)
        if (row := rows.get(i)) is not None
        else PickedOfficial(id=i)
        for i in ids
    ]
