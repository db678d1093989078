"""`switchboard lookup ADDRESS` prints every official for an address, state and federal."""

import json
from collections.abc import Iterator

import pytest
import respx
from typer.testing import CliRunner

from app.cli import cli
from app.schemas.lookups import RepresentativeListPublic
from app.settings import get_settings
from tests.support import CENSUS_URL, DIRECTORY_DATA


@pytest.fixture
def environment(database_url: str, census: respx.Router, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", database_url)
    monkeypatch.setenv("SWITCHBOARD_CENSUS_GEOCODER_URL", CENSUS_URL)
    monkeypatch.setenv("SWITCHBOARD_CENSUS_VINTAGE", "ACS2025_Current")
    monkeypatch.setenv("SWITCHBOARD_DIRECTORY_SOURCE", str(DIRECTORY_DATA))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_lookup_prints_state_and_federal_legislators_with_phones(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "203 S 4th St, Oakland, MD 21550"])
    assert result.exit_code == 0, result.output
    assert "203 S 4TH ST, OAKLAND, MD, 21550" in result.output
    assert "Senator Chris Van Hollen (Democrat) — us-senate" in result.output
    assert "Senator Mike McKay (Republican) — state-upper, district 1" in result.output
    assert "Delegate Jim Hinebaugh (Republican) — state-lower, district 1A" in result.output
    assert "(410) 841-3435" in result.output
    assert "No local office number is listed; this is the capitol office." in result.output


def test_lookup_json_is_the_api_answer(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "1445 K St, Lincoln, NE 68508", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert RepresentativeListPublic.model_validate(body).model_dump(mode="json") == body, "exactly the model"
    assert [r["name"] for r in body["representatives"]][-1] == "Danielle Conrad"
    assert body["vacancies"][0]["chamber"] == "state-lower"


def test_lookup_with_the_state_campaign(environment: None) -> None:
    result = CliRunner().invoke(
        cli, ["lookup", "1 Ashburton Place, Boston, MA 02108", "--campaign", "ma-safe-communities"]
    )
    assert result.exit_code == 0, result.output
    assert "Senator Lydia Edwards" in result.output
    assert "S.1401" in result.output


def test_lookup_with_a_campaign_in_spanish_gives_the_titles_their_gender(environment: None) -> None:
    # 01060 (Northampton, MA) lies in one district of every chamber: found offline.
    result = CliRunner().invoke(cli, ["lookup", "01060", "--campaign", "ma-safe-communities", "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert "Senadora Jo Comerford (Democratic)" in result.output
    assert "Me llamo [su nombre]." in result.output


def test_lookup_of_a_bad_address_is_a_clear_message(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "1 Nowhere Lane, Atlantis, ZZ 00000"])
    assert result.exit_code == 1
    assert "We couldn't find that address" in result.output


def test_lookup_of_a_zip_spanning_districts_shows_the_certain_members_and_names_the_rest(
    environment: None,
) -> None:
    result = CliRunner().invoke(cli, ["lookup", "02108"])
    assert result.exit_code == 0, result.output
    assert "Senator Elizabeth Warren (Democrat) — us-senate" in result.output
    assert "Senator Lydia Edwards" in result.output
    assert "more than one US House district (MA-7, MA-8)" in result.output
    assert "more than one state house district (3rd Suffolk, 8th Suffolk)" in result.output


def test_the_readme_offline_example_05401_lists_both_senators_and_the_at_large_representative(
    environment: None, census: respx.Router
) -> None:
    result = CliRunner().invoke(cli, ["lookup", "05401"])
    assert result.exit_code == 0, result.output
    assert "ZIP code 05401  (VT, congressional district 00)" in result.output
    assert "Senator Bernard Sanders (Independent) — us-senate" in result.output
    assert "Senator Peter Welch (Democrat) — us-senate" in result.output
    assert "Representative Becca Balint (Democrat) — us-house" in result.output
    assert "state-upper" not in result.output
    assert "covers more than one state senate district (Chittenden Central, Chittenden Southeast)" in (
        result.output
    )
    assert "covers more than one state house district (Chittenden-11" in result.output
    assert census.calls.call_count == 0  # offline


def test_lookup_json_of_a_zip_names_the_chambers_that_need_a_street_address(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "05401", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert RepresentativeListPublic.model_validate(body).model_dump(mode="json") == body, "exactly the model"
    assert [e["chamber"] for e in body["street_address_needed"]] == ["state-upper", "state-lower"]
    assert len(body["notes"]) == 2


def test_lookup_of_an_unknown_zip_is_a_clear_message(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "00000"])
    assert result.exit_code == 1
    assert "We don't know the ZIP code 00000" in result.output


def test_lookup_of_a_zip_in_one_district(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "21550"])
    assert result.exit_code == 0, result.output
    assert "ZIP code 21550" in result.output
    assert "Delegate Jim Hinebaugh" in result.output
    assert "more than one" not in result.output
