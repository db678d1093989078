"""Who represents an address: every official sitting for its divisions, each with the nearest office.

A lookup walks down from here: locate the address (a `Locator`), then read the directory's
members and seats for the divisions found. No campaign is involved; campaigns build on this.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.civic.directory.officials import OfficeChoice, Representative, nearest_office
from app.civic.directory.seats import EmptySeat, seats_for
from app.civic.directory.view import DirectoryReader, DirectoryView, current_directory
from app.civic.geography.divisions import DELEGATE_PLACES
from app.civic.geography.location import Location
from app.civic.locating.locate import Locator
from app.civic.locating.zip_codes import UnsureChamber, undecided_chambers
from app.kernel.errors import DirectoryEmptyError
from app.kernel.vocabulary import CHAMBERS, CONGRESS, STATE_LEGISLATURE, Chamber

_CHAMBER_GROUPS = {
    "members of Congress": tuple(CONGRESS),
    "state legislators": tuple(STATE_LEGISLATURE),
}


def ensure_directory_loaded(directory: DirectoryView, *, chambers: Sequence[str] = CHAMBERS) -> None:
    """Refuses to answer from a directory missing the chambers asked about (not "all seats vacant")."""
    asked = set(chambers)
    for group, members in _CHAMBER_GROUPS.items():
        if not asked.isdisjoint(members) and not directory.has_officials(chambers=members):
            raise DirectoryEmptyError(
                f"The directory of legislators has not been loaded yet (no {group}). "
                "An administrator needs to run: switchboard directory sync "
                "(offline: switchboard directory sync --from FOLDER, "
                "a copy laid out like shared/data/directory)"
            )


@dataclass(frozen=True)
class RepresentativeList:
    location: Location
    representatives: list[tuple[Representative, OfficeChoice | None]]
    vacancies: list[EmptySeat]
    # For a ZIP code: the chambers whose district it does not decide (their members are left out).
    unsure: list[UnsureChamber] = field(default_factory=list)


async def representatives_at(
    data: DirectoryReader, *, locator: Locator, address: str, now: datetime | None = None
) -> RepresentativeList:
    """Every official sitting at `now` for the address, each with its nearest office.

    A ZIP code that spans districts of some chambers answers with the members of the chambers it
    decides and names the others in `unsure`; one that decides no chamber is refused (409)."""
    directory = await current_directory(data)
    ensure_directory_loaded(directory)
    location = await locator.locate(address)
    # DC and the territories elect a delegate to the House; their other seats are not ours to list.
    chambers = [Chamber.US_HOUSE] if location.state in DELEGATE_PLACES else list(CHAMBERS)
    unsure = undecided_chambers(location, chambers=chambers)
    moment = now or datetime.now(UTC)
    found = directory.representatives_for(division_ids=location.division_ids, chambers=CHAMBERS)
    past_due = directory.past_due_vacancies(division_ids=location.division_ids, today=moment.date())
    reps: list[Representative] = []
    vacancies: list[EmptySeat] = []
    undecided = {u.chamber for u in unsure}
    for chamber in (c for c in chambers if c not in undecided):
        members = [r for r in found if r.chamber == chamber]
        seats = seats_for(
            chamber, location=location, members=members, now=moment, past_due_vacancies=past_due
        )
        reps += seats.sitting
        vacancies += seats.notes
    choices = [
        (
            r,
            nearest_office(
                r.offices,
                latitude=location.latitude,
                longitude=location.longitude,
                state=location.state,
                now=moment,
            ),
        )
        for r in reps
    ]
    return RepresentativeList(location=location, representatives=choices, vacancies=vacancies, unsure=unsure)
