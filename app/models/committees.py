"""Committees of Congress and of the state legislatures, who sits on them, and staff corrections."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow
from app.kernel.vocabulary import Chamber
from app.models.columns import Vocabulary


class Committee(SQLModel, table=True):
    """A committee or subcommittee, keyed by the source's own id (`SSJU`, `SSJU01`, ocd-organization)."""

    id: str = Field(primary_key=True, max_length=120)
    source: str = Field(max_length=40)
    name: str = Field(max_length=300)
    # None: a joint committee of both chambers.
    chamber: Chamber | None = Field(default=None, sa_type=Vocabulary(Chamber, length=20), nullable=True)
    # "" for Congress, else the state's USPS code.
    state: str = Field(default="", index=True, max_length=2)
    parent_id: str | None = Field(default=None, max_length=120)
    updated_at: datetime = Field(default_factory=utcnow)


class CommitteeMember(SQLModel, table=True):
    """One seat on a committee: the official's id as the source gives it (bioguide or ocd-person)."""

    __tablename__ = "committee_member"

    committee_id: str = Field(primary_key=True, max_length=120)
    official_id: str = Field(primary_key=True, index=True, max_length=80)
    name: str = Field(max_length=200)
    # app.civic.directory.committees.CommitteeRole: chair, vice-chair, ranking-member or member.
    role: str = Field(max_length=20)
    # The source's order of the seat (congress-legislators `rank`, Open States' listing order).
    rank: int = 0


class CommitteeOverride(SQLModel, table=True):
    """A staff correction of one committee seat that syncs keep: a role to show, or the seat removed."""

    __tablename__ = "committee_override"

    committee_id: str = Field(primary_key=True, max_length=120)
    official_id: str = Field(primary_key=True, max_length=80)
    # A CommitteeRole; None: the official is not on the committee, whatever the source says.
    role: str | None = Field(default=None, max_length=20)
    note: str = Field(default="", max_length=500)
    created_by: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow)
    # What the source said when the correction was made, and when a later sync first said otherwise.
    upstream_role: str | None = Field(default=None, max_length=20)
    upstream_changed_at: datetime | None = None
