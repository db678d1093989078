"""Where a constituent is: the result of locating an address, whatever the provider."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CensusDistrict:
    """A state legislative district as the Census names it (mapped to OCD ids by divisions)."""

    geoid: str
    code: str
    name: str


@dataclass(frozen=True)
class Location:
    matched_address: str
    latitude: float
    longitude: float
    state: str
    city: str = ""
    zip: str = ""
    # Two-digit code as the Census gives it: "07", "00" at large, "98" for a delegate.
    congressional_district: str | None = None
    congress: int | None = None
    state_upper: tuple[CensusDistrict, ...] = ()
    state_lower: tuple[CensusDistrict, ...] = ()
    division_ids: tuple[str, ...] = field(default=())
    precision: str = "address"
