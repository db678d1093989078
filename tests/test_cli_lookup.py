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


def test_lookup_of_a_bad_address_is_a_clear_message(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "1 Nowhere Lane, Atlantis, ZZ 00000"])
    assert result.exit_code == 1
    assert "We couldn't find that address" in result.output


def test_lookup_of_a_zip_spanning_districts_lists_them(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "02108"])
    assert result.exit_code == 1
    assert "ZIP code 02108 spans several districts" in result.output
    assert "MA state house district 8th Suffolk" in result.output


def test_lookup_of_a_zip_in_one_district(environment: None) -> None:
    result = CliRunner().invoke(cli, ["lookup", "21550"])
    assert result.exit_code == 0, result.output
    assert "ZIP code 21550" in result.output
    assert "Delegate Jim Hinebaugh" in result.output
