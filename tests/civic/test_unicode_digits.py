"""Digits from any script are read as digits; no input reaches the ZIP library's panic (issue 13, 1)."""

import unicodedata

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.civic.geography.addresses import ascii_digits, clean_address
from app.civic.geography.zip_places import zip_places
from app.kernel.errors import SwitchboardError

FULL_WIDTH = "\uff10\uff12\uff11\uff10\uff18"  # ０２１０８
ARABIC_INDIC = "\u0660\u0662\u0661\u0660\u0668"  # ٠٢١٠٨
DEVANAGARI_ZIP = "\u0968\u0967\u096b\u096b\u0966"  # २१५५०


@pytest.mark.parametrize("typed", [FULL_WIDTH, ARABIC_INDIC])
def test_a_zip_in_other_digits_is_read_as_that_zip(client: TestClient, typed: str) -> None:
    response = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": typed})
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "zip_spans_districts"
    assert "02108" in response.json()["detail"]
    representatives = client.get("/api/v1/representatives", params={"address": typed})
    assert representatives.status_code == 200, representatives.text
    assert representatives.json()["location"]["zip"] == "02108"


def test_a_zip_in_devanagari_digits_finds_its_representatives(client: TestClient) -> None:
    response = client.get("/api/v1/representatives", params={"address": DEVANAGARI_ZIP})
    assert response.status_code == 200
    assert response.json()["location"]["zip"] == "21550"


def test_the_campaign_page_reads_other_digits(client: TestClient) -> None:
    page = client.post("/c/grace-no-ban", data={"address": FULL_WIDTH}, headers={"accept": "text/html"})
    assert "02108" in page.text, "the ZIP code was read, and its districts named"


@given(st.text(max_size=40))
def test_ascii_digits_leaves_no_other_decimal_digit(text: str) -> None:
    converted = ascii_digits(text)
    assert all(c.isascii() for c in converted if c.isdecimal())


@given(
    st.lists(st.sampled_from([d for d in map(chr, range(0x110000)) if d.isdecimal()]), min_size=5, max_size=5)
)
def test_five_decimal_digits_of_any_script_become_the_ascii_zip(digits: list[str]) -> None:
    expected = "".join(str(unicodedata.decimal(d)) for d in digits)
    assert ascii_digits("".join(digits)) == expected


@given(st.text(max_size=12))
def test_the_zip_library_never_raises_past_zip_places(text: str) -> None:
    assert isinstance(zip_places(text), list)


@given(st.text(max_size=300))
def test_clean_address_answers_text_or_a_designed_error(text: str) -> None:
    try:
        cleaned = clean_address(text)
    except SwitchboardError:
        return
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
