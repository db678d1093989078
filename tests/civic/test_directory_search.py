"""Searching the directory (no database): words of a name without accents or case, state ("US":
Congress), chamber and party, by last name and at most `limit`; the folded texts are the view's."""

from dataclasses import replace
from types import MappingProxyType

from app.civic.directory.search import DirectoryQuery, search_directory
from app.civic.directory.view import DirectoryView
from app.kernel.vocabulary import Chamber
from tests.civic.lookup_fixtures import ELSEWHERE, MA, MARKEY, PRESSLEY, STATE_SENATOR, WARREN, member

PENA = replace(
    member("TX-H9", "Mary González Peña", chamber=Chamber.STATE_LOWER, division="tx-elsewhere", district="9"),
    state="TX",
    party="Republican",
)
DIRECTORY = DirectoryView(
    by_division=MappingProxyType(
        {MA: (WARREN, MARKEY), "ma-7": (PRESSLEY,), ELSEWHERE: (STATE_SENATOR,), "tx-elsewhere": (PENA,)}
    ),
    chambers=frozenset({"us-senate", "us-house", "state-upper", "state-lower"}),
    zip_divisions=MappingProxyType({}),
    dated_vacancies=MappingProxyType({}),
)


def ids(**query: object) -> list[str]:
    found = search_directory(DIRECTORY, query=DirectoryQuery(**query))  # type: ignore[arg-type]
    return [hit.official.id for hit in found.officials]


def test_words_match_without_accents_or_case_in_name_id_state_and_district() -> None:
    assert ids(text="PENA gonzalez") == ["TX-H9"]
    assert ids(text="peña") == ["TX-H9"]
    assert ids(text="w000817") == ["W000817"]
    assert ids(text="tx 9") == ["TX-H9"]
    assert ids(text="warren pena") == []


def test_officials_come_by_last_name_at_most_limit() -> None:
    assert ids() == ["M000133", "TX-H9", "P000617", "MA-S1", "W000817"]
    assert ids(limit=2) == ["M000133", "TX-H9"]


def test_state_chamber_and_party_narrow_the_officials() -> None:
    assert ids(state="US") == ["M000133", "P000617", "W000817"]
    assert ids(state=" tx ") == ["TX-H9"]
    assert ids(state="MA", chamber="us-senate") == ["M000133", "W000817"]
    assert ids(party="rep") == ["TX-H9"]
    assert ids(party="Démocrate") == ["M000133", "P000617", "MA-S1", "W000817"]


def test_the_same_view_answers_the_same_search_again() -> None:
    first = search_directory(DIRECTORY, query=DirectoryQuery(text="ma"))
    assert search_directory(DIRECTORY, query=DirectoryQuery(text="ma")) == first
