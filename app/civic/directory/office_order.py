"""The order in which a bridged call tries a legislator's offices when a line is busy or full."""

import math
from collections.abc import Collection, Sequence
from datetime import datetime

from app.civic.directory.officials import OfficeContact, distance_km


def offices_in_turn(
    offices: Sequence[OfficeContact],
    *,
    first: OfficeContact,
    latitude: float,
    longitude: float,
    now: datetime,
    avoid: Collection[str] = frozenset(),
) -> list[OfficeContact]:
    """`first` (the office the card shows), then each other number of the official once: numbers
    not marked unhealthy before marked ones, offices open at `now` before closed ones, nearest first
    (offices without coordinates last)."""
    seen = {first.phone}
    others: list[OfficeContact] = []
    for office in offices:
        if office.phone and office.phone not in seen:
            seen.add(office.phone)
            others.append(office)

    def rank(office: OfficeContact) -> tuple[bool, bool, float]:
        placed = office.latitude is not None and office.longitude is not None
        distance = distance_km(office, latitude=latitude, longitude=longitude) if placed else math.inf
        return office.phone in avoid, not office.status_at(now).open_now, distance

    return [first, *sorted(others, key=rank)]


def place_of(office: OfficeContact) -> str:
    """What the phone calls the office: its city ("Burlington"), or "" when the directory has none."""
    return office.city.strip()
