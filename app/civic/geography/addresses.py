"""Checks and normal forms of addresses typed by people, before any provider sees them."""

import re
import unicodedata
from functools import lru_cache

from app.kernel.errors import AddressNotUSError, AddressRequiredError

MAX_ADDRESS_LENGTH = 300
# How many addresses `cleaned_with_key` remembers (at most ~1 kB each).
RECENT_ADDRESSES = 4096

_FOREIGN_COUNTRIES = re.compile(
    r"(?:^|[\s,])(canada|mexico|méxico|united kingdom|uk|england|scotland|wales|ireland|"
    r"france|germany|deutschland|spain|españa|italy|india|china|japan|australia|brazil|brasil|"
    r"nigeria|philippines|netherlands|sweden|norway|israel|ukraine|russia)\.?\s*$",
    re.IGNORECASE,
)
_CANADIAN_POSTCODE = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b", re.I)


def clean_address(raw: str | None) -> str:
    """The address with its spacing tidied; refuses empty, overlong and clearly foreign input."""
    text = " ".join(ascii_digits(raw or "").split())
    if not text:
        raise AddressRequiredError("Please enter your street address (or a 5-digit ZIP code).")
    if len(text) > MAX_ADDRESS_LENGTH:
        raise AddressRequiredError("That address is too long; please enter just the street address.")
    if _FOREIGN_COUNTRIES.search(text) or _CANADIAN_POSTCODE.search(text) or _UK_POSTCODE.search(text):
        raise AddressNotUSError(
            "Switchboard can only look up addresses in the United States. Please enter a US street address."
        )
    return text


def ascii_digits(text: str) -> str:
    """NFKC form (full-width letters and digits become ASCII), then every decimal digit as 0-9."""
    if text.isascii():
        return text
    normal = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in normal)


def cache_key(address: str) -> str:
    """Case, punctuation and spacing do not make two addresses different."""
    return " ".join(re.sub(r"[.,#;]", " ", address.lower()).split())


@lru_cache(maxsize=RECENT_ADDRESSES)
def cleaned_with_key(raw: str) -> tuple[str, str]:
    """`clean_address(raw)` and its `cache_key`, remembered for the addresses typed last.

    A warm lookup cleaned and keyed the same text again on every repeat (three searches for
    foreign input, a substitution, two splits): a tenth of its CPU in the app (py-spy, in-process;
    docs/performance.md). An address refused is never remembered: it raises every time."""
    text = clean_address(raw)
    return text, cache_key(text)
