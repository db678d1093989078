"""The admin's directory search and people-list check, as JSON (the campaign builder's pickers)."""

from pydantic import BaseModel, Field

from app.campaigns.people_csv import PeopleImport
from app.civic.directory.committees import CommitteeInfo
from app.civic.directory.search import DirectorySearch, OfficialHit


class OfficialHitPublic(BaseModel):
    id: str = Field(description="The official's id: put it in `targets.officials`.")
    name: str
    title: str
    chamber: str
    party: str
    state: str
    district: str
    role: str | None = Field(
        default=None, description="Their role on the committee searched for: chair, ranking-member, …"
    )

    @classmethod
    def of(cls, hit: OfficialHit) -> "OfficialHitPublic":
        rep = hit.official
        return cls(
            id=rep.id,
            name=rep.name,
            title=rep.title,
            chamber=rep.chamber,
            party=rep.party,
            state=rep.state,
            district=rep.district,
            role=hit.role.value if hit.role else None,
        )


class LeaderPublic(BaseModel):
    official_id: str
    name: str
    role: str


class CommitteeHitPublic(BaseModel):
    id: str = Field(description="The committee's id: put it in `targets.committees[].id`.")
    name: str
    chamber: str | None = Field(description="us-senate, us-house, state-upper, state-lower; null: joint.")
    state: str = Field(description='"" for a committee of Congress, else the USPS code.')
    parent_id: str | None = Field(description="The parent committee of a subcommittee.")
    members: int
    leaders: list[LeaderPublic] = Field(description="Chair, ranking member and vice chairs.")

    @classmethod
    def of(cls, committee: CommitteeInfo) -> "CommitteeHitPublic":
        return cls(
            id=committee.id,
            name=committee.name,
            chamber=committee.chamber,
            state=committee.state,
            parent_id=committee.parent_id,
            members=len(committee.seats),
            leaders=[
                LeaderPublic(official_id=s.official_id, name=s.name, role=s.role.value)
                for s in committee.seats
                if s.role.leads
            ],
        )


class DirectorySearchPublic(BaseModel):
    officials: list[OfficialHitPublic]
    committees: list[CommitteeHitPublic]
    committee: CommitteeHitPublic | None = Field(
        default=None, description="The committee asked for with `committee=`, when the directory holds it."
    )

    @classmethod
    def of(cls, search: DirectorySearch) -> "DirectorySearchPublic":
        return cls(
            officials=[OfficialHitPublic.of(h) for h in search.officials],
            committees=[CommitteeHitPublic.of(c) for c in search.committees],
            committee=CommitteeHitPublic.of(search.committee) if search.committee else None,
        )


class PersonRowPublic(BaseModel):
    name: str
    title: str
    phone: str = Field(description="As E.164.")
    state: str


class RowProblemPublic(BaseModel):
    row: int = Field(description="The row's number in the file (a header is row 1).")
    field: str
    reason: str


class PeopleCheckPublic(BaseModel):
    """A CSV list that passed (bad rows skipped only when asked): the `targets.people` entries."""

    people: list[PersonRowPublic]
    skipped: list[RowProblemPublic]

    @classmethod
    def of(cls, result: PeopleImport) -> "PeopleCheckPublic":
        return cls(
            people=[PersonRowPublic.model_validate(p.model_dump()) for p in result.people],
            skipped=[RowProblemPublic(row=p.row, field=p.field, reason=p.reason) for p in result.skipped],
        )
