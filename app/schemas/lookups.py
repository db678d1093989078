"""What an address lookup answers: the location, officials with their offices, and scripts."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.campaigns.special_targets import seat_label
from app.campaigns.targeting import Target, TargetList
from app.civic.directory.officials import OfficeChoice, Representative
from app.civic.directory.seats import EmptySeat
from app.civic.geography.legislative_districts import districts_at
from app.civic.geography.location import Location
from app.civic.locating.representatives import RepresentativeList

NO_PHONE_NOTE = "No phone number is listed."


class OfficePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    phone: str | None = Field(description="E.164, e.g. +12025550123.")
    display_phone: str | None = Field(description="As people write it, e.g. (202) 555-0123.")
    kind: str = Field(description="`capitol` or `district`.")
    city: str
    state: str
    address: str
    zip: str
    hours: str = Field(description='Opening hours as the office publishes them ("" when it does not).')


class OfficeStatusPublic(BaseModel):
    """Whether the office to call is open at the moment of the lookup, in its own time zone."""

    open_now: bool
    changes_at: datetime | None = Field(
        description="When it closes (open) or next opens (closed), in the office's own time zone, "
        "with its UTC offset; null when it does not open in the next two weeks."
    )
    time_zone: str = Field(description="The office's IANA time zone, e.g. America/New_York.")


def _status(choice: OfficeChoice | None) -> OfficeStatusPublic | None:
    if choice is None or choice.status is None:
        return None
    status = choice.status
    return OfficeStatusPublic(
        open_now=status.open_now, changes_at=status.changes_at, time_zone=choice.office.time_zone.key
    )


def _official_fields(rep: Representative, choice: OfficeChoice | None) -> dict[str, Any]:
    return {
        "id": rep.id,
        "name": rep.name,
        "title": rep.title,
        "gender": rep.gender,
        "chamber": rep.chamber,
        "party": rep.party,
        "state": rep.state,
        "district": rep.district,
        "office": OfficePublic.model_validate(choice.office) if choice else None,
        "office_note": choice.note if choice else NO_PHONE_NOTE,
        "office_status": _status(choice),
    }


class OfficialPublic(BaseModel):
    """An official, and the one office the constituent should call."""

    id: str
    name: str
    title: str
    gender: str = Field(
        description='`female`, `male`, or "" when the open data does not say (titles in other '
        "languages then take their neutral form)."
    )
    chamber: str = Field(description="us-senate, us-house, state-upper or state-lower.")
    party: str
    state: str
    district: str
    office: OfficePublic | None = Field(description="The office to call: the nearest with a phone.")
    office_note: str | None = Field(description="Why this office, or that no phone is listed.")
    office_status: OfficeStatusPublic | None = Field(
        description="Open or closed now (by its published hours, else 9–17 local, Mon–Fri; federal "
        "holidays closed); null when there is no office to call."
    )


class RepresentativePublic(OfficialPublic):
    offices: list[OfficePublic] = Field(description="Every office with its phone, capitol first.")


class CommitteeSeatPublic(BaseModel):
    """The committee a target is called for, and their seat on it."""

    id: str = Field(description="The committee's id in the directory (`SSJU`, an ocd-organization id).")
    name: str
    role: str = Field(description="chair, ranking-member, vice-chair or member.")
    label: str = Field(
        description='As the card says it, in the script\'s language: "Chair, Senate Committee on …".'
    )


class TargetPublic(OfficialPublic):
    script: str = Field(description="The campaign's script for this official, rendered.")
    committee: CommitteeSeatPublic | None = Field(
        default=None, description="When the target is called for a committee of the campaign."
    )

    @classmethod
    def of(cls, target: Target, *, language: str) -> "TargetPublic":
        seat = target.seat
        committee = (
            CommitteeSeatPublic(
                id=seat.committee_id,
                name=seat.committee,
                role=seat.role.value,
                label=seat_label(seat, language=language, gender=target.representative.gender),
            )
            if seat
            else None
        )
        return cls(
            **_official_fields(target.representative, target.choice),
            script=target.script,
            committee=committee,
        )


class StateDistrictPublic(BaseModel):
    chamber: str
    name: str
    division_id: str
    seats: int


class LocationPublic(BaseModel):
    """Where the address is. The street address itself is not kept."""

    state: str
    congressional_district: str | None = Field(description='Two digits; "00" at large, "98" a delegate.')
    congress: int | None
    matched_address: str
    city: str
    zip: str
    latitude: float
    longitude: float
    state_upper_districts: list[str]
    state_lower_districts: list[str]
    divisions: list[str] = Field(description="Open Civic Data division ids.")
    precision: str = Field(description="`address` or `zip`.")
    state_legislative_districts: list[StateDistrictPublic]

    @classmethod
    def of(cls, location: Location) -> "LocationPublic":
        return cls(
            state=location.state,
            congressional_district=location.congressional_district,
            congress=location.congress,
            matched_address=location.matched_address,
            city=location.city,
            zip=location.zip,
            latitude=location.latitude,
            longitude=location.longitude,
            state_upper_districts=[d.name for d in location.state_upper],
            state_lower_districts=[d.name for d in location.state_lower],
            divisions=list(location.division_ids),
            precision=location.precision,
            state_legislative_districts=[
                StateDistrictPublic(chamber=d.chamber, name=d.name, division_id=d.division_id, seats=d.seats)
                for d in districts_at(location.division_ids)
            ],
        )


class VacancyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    chamber: str
    message: str


def _vacancies(vacancies: list[EmptySeat]) -> list[VacancyPublic]:
    return [VacancyPublic.model_validate(v) for v in vacancies]


class StreetAddressNeededPublic(BaseModel):
    """A chamber whose district a ZIP code alone does not decide: its members are not listed."""

    model_config = ConfigDict(from_attributes=True)

    chamber: str
    districts: list[str] = Field(description="The names of the chamber's districts the ZIP code overlaps.")
    candidates: list[str] = Field(description='The same, spelled out: "VT state senate district …".')


class RepresentativeListPublic(BaseModel):
    """Every current official for a location, and the seats that are vacant.

    For a ZIP code that spans districts of some chambers: the members of the chambers it decides,
    and in `street_address_needed` the chambers whose members need a street address."""

    location: LocationPublic
    representatives: list[RepresentativePublic]
    vacancies: list[VacancyPublic]
    street_address_needed: list[StreetAddressNeededPublic] = Field(
        description="Chambers a ZIP code alone does not decide, with their candidate districts; "
        "empty for a street address or a ZIP code in one district of every chamber."
    )
    notes: list[str] = Field(description="Things to know, e.g. which members need a street address.")

    @classmethod
    def of(cls, result: RepresentativeList) -> "RepresentativeListPublic":
        return cls(
            location=LocationPublic.of(result.location),
            representatives=[
                RepresentativePublic(
                    **_official_fields(rep, choice),
                    offices=[OfficePublic.model_validate(o) for o in rep.offices],
                )
                for rep, choice in result.representatives
            ],
            vacancies=_vacancies(result.vacancies),
            street_address_needed=[StreetAddressNeededPublic.model_validate(u) for u in result.unsure],
            notes=[u.message for u in result.unsure],
        )


class TargetListPublic(BaseModel):
    """Whom to call for a campaign from a location, through which office, with which script."""

    campaign: str
    language: str = Field(description="The language the scripts are in.")
    location: LocationPublic
    targets: list[TargetPublic]
    vacancies: list[VacancyPublic]
    notes: list[str] = Field(description="Things the constituent should know, in the script's language.")

    @classmethod
    def of(cls, result: TargetList) -> "TargetListPublic":
        return cls(**_target_list_fields(result))


class TargetPreviewPublic(TargetListPublic):
    """The admin preview: the targets answer, and what staff should know that callers never see."""

    staff_warnings: list[str] = Field(
        description="Targets the campaign names that the directory no longer holds (left out for callers)."
    )

    @classmethod
    def of_preview(cls, result: TargetList) -> "TargetPreviewPublic":
        return cls(**_target_list_fields(result), staff_warnings=result.staff_warnings)


def _target_list_fields(result: TargetList) -> dict[str, Any]:
    return {
        "campaign": result.campaign.slug,
        "language": result.language,
        "location": LocationPublic.of(result.location),
        "targets": [TargetPublic.of(t, language=result.language) for t in result.targets],
        "vacancies": _vacancies(result.vacancies),
        "notes": result.notes,
    }


class CampaignTargetsPublic(TargetListPublic):
    """The public targets answer: the list, and the token a "show me the number" report brings back."""

    lookup: str = Field(
        description="Signed, short-lived: send it with POST /api/v1/campaigns/{slug}/outcomes."
    )

    @classmethod
    def of_lookup(cls, result: TargetList, *, lookup: str) -> "CampaignTargetsPublic":
        return cls(**_target_list_fields(result), lookup=lookup)
