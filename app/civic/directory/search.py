"""Searching the directory, for organizers picking whom a campaign calls: officials and committees
by name, state, chamber, party and committee."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.civic.directory.committees import CommitteeInfo, CommitteeRole
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
        ordered = sorted(directory.officials_by_id.values(), key=lambda r: (r.last_name, r.name))
        candidates = ((rep, None) for rep in ordered)
    officials = [
        OfficialHit(rep, role) for rep, role in candidates if _official_matches(rep, query=query, words=words)
    ][:limit]
    committees = [] if query.committee or query.party else _committees(directory, query=query, words=words)
    return DirectorySearch(officials=officials, committees=committees[:limit], committee=committee)


def _official_matches(rep: Representative, *, query: DirectoryQuery, words: list[str]) -> bool:
    if query.state:
        scope = _state_scope(query.state)
        if (scope and rep.state != scope) or (not scope and rep.chamber not in CONGRESS):
            return False
    if query.chamber and rep.chamber != query.chamber:
        return False
    if query.party and not _fold(rep.party).startswith(_fold(query.party)[:3]):
        return False
    haystack = _fold(f"{rep.name} {rep.id} {rep.state} {rep.district}")
    return all(word in haystack for word in words)


def _committees(directory: DirectoryView, *, query: DirectoryQuery, words: list[str]) -> list[CommitteeInfo]:
    found = []
    for committee in directory.committees.values():
        if query.state and committee.state != _state_scope(query.state):
            continue
        if query.chamber and query.chamber not in committee.chambers:
            continue
        haystack = _fold(f"{committee.name} {committee.id}")
        if all(word in haystack for word in words):
            found.append(committee)
    # Congress first, then by state; committees before their subcommittees.
    return sorted(found, key=lambda c: (c.state, c.parent_id is not None, c.name))


def _state_scope(state: str) -> str:
    """ "US" asks for Congress's committees ("" in the directory); else a state's USPS code."""
    code = state.strip().upper()
    return "" if code == "US" else code


def _words(text: str) -> list[str]:
    return _fold(text).split()


def _fold(text: str) -> str:
    """Lower case without accents, so that "pena" finds "Peña"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
