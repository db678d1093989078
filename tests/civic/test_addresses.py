"""What people type before any provider sees it."""

import pytest

from app.civic.geography.addresses import cache_key, clean_address
from app.kernel.errors import AddressNotUSError, AddressRequiredError


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "x" * 301])
def test_empty_or_overlong(text: str) -> None:
    with pytest.raises(AddressRequiredError):
        clean_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "24 Sussex Drive, Ottawa, ON K1M 1M4",
        "10 Downing Street, London SW1A 2AA",
        "Avenida Reforma 1, Ciudad de México, Mexico",
        "5 Rue de Rivoli, Paris, France",
    ],
)
def test_foreign_addresses_are_refused(text: str) -> None:
    with pytest.raises(AddressNotUSError):
        clean_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "1 Ashburton Place, Boston, MA 02108",
        "200 W 24th St Cheyenne WY",
        "1600 Pennsylvania Ave NW, Washington DC",
    ],
)
def test_us_addresses_pass(text: str) -> None:
    assert clean_address(f"  {text}  ") == text


def test_cache_key_ignores_case_punctuation_and_spacing() -> None:
    assert cache_key("1 Ashburton Place, Boston, MA 02108") == cache_key(
        "1 ashburton place  boston ma 02108."
    )
