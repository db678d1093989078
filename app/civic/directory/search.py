"""Searching the directory, for organizers picking whom a campaign calls: officials and committees
by name, state, chamber, party and committee."""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from app.civic.directory.committees import CommitteeInfo, CommitteeRole
from app.civic.directory.folding import fold
from app.civic.directory.officials import Representative
from app.civic.directory.view import DirectoryView
from app.kernel.vocabulary import CONGRESS

MAX_RESULTS = 100


@dataclass(frozen=True)
class DirectoryQuery:
    """Every part is optional; given parts must all match. `committee` is a committee id."""

    text: str = ""
    state: str = ""
    chamber: str = ""
    party: str = ""
    committee: str = ""
    limit: int = 25


@dataclass(frozen=True)
class OfficialHit:
    official: Representative
    # Their role on the committee searched for (None without a committee in the query).
    role: CommitteeRole | None = None


@dataclass(frozen=True)
class DirectorySearch:
    officials: list[OfficialHit]
    committees: list[CommitteeInfo]
    # The committee of the query when it names one the directory holds (None: no such committee).
    committee: CommitteeInfo | None = None


def search_directory(directory: DirectoryView, *, query: DirectoryQuery) -> DirectorySearch:
    """Officials (by last name; a committee's in its order, leadership first) and committees matching
    `query`, at most `query.limit` of each."""
    limit = max(1, min(query.limit, MAX_RESULTS))
    words = _words(query.text)
    committee = directory.committee(query.committee) if query.committee else None
    if query.committee:
        seats = committee.seats if committee else ()
        candidates: Iterable[tuple[Representative, CommitteeRole | None]] = (
            (rep, seat.role) for seat in seats if (rep := directory.official(seat.official_id)) is not None
        )
    else:
        candidates = ((rep, None) for rep in directory.officials_by_name)
    folded = directory.folded_officials
    matches = _OfficialMatch.of(query)
    hits = (OfficialHit(rep, role) for rep, role in candidates if matches(rep, folded=folded[rep.id]))
    officials = list(islice(hits, limit))
    committees = [] if query.committee or query.party else _committees(directory, query=query, words=words)
    return DirectorySearch(officials=officials, committees=committees[:limit], committee=committee)


@dataclass(frozen=True)
class _OfficialMatch:
    """Whether an official matches a query: the query's parts read once, not once per official."""

    words: list[str]
    state: str | None  # None: any; "": Congress; else a USPS code
    chamber: str
    party: str | None  # None: any; else the start of a folded party

    @classmethod
    def of(cls, query: DirectoryQuery) -> "_OfficialMatch":
        return cls(
            words=_words(query.text),
            state=_state_scope(query.state) if query.state else None,
            chamber=query.chamber,
            party=fold(query.party)[:3] if query.party else None,
        )

    def __call__(self, rep: Representative, *, folded: tuple[str, str]) -> bool:
        """`folded`: the official's folded text and party (DirectoryView.folded_officials)."""
        in_scope = rep.state == self.state if self.state else rep.chamber in CONGRESS
        if self.state is not None and not in_scope:
            return False
        if self.chamber and rep.chamber != self.chamber:
            return False
        haystack, party = folded
        if self.party is not None and not party.startswith(self.party):
            return False
        return all(word in haystack for word in self.words)


def _committees(directory: DirectoryView, *, query: DirectoryQuery, words: list[str]) -> list[CommitteeInfo]:
    found = []
    folded = directory.folded_committees
    for committee in directory.committees.values():
        if query.state and committee.state != _state_scope(query.state):
            continue
        if query.chamber and query.chamber not in committee.chambers:
            continue
        if all(word in folded[committee.id] for word in words):
            found.append(committee)
    # Congress first, then by state; committees before their subcommittees.
    return sorted(found, key=lambda c: (c.state, c.parent_id is not None, c.name))


def _state_scope(state: str) -> str:
    """ "US" asks for Congress's committees ("" in the directory); else a state's USPS code."""
    code = state.strip().upper()
    return "" if code == "US" else code


def _words(text: str) -> list[str]:
    return fold(text).split()
