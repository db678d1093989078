"""One catalog: every key in every language, with the same placeholders; lookups fall back."""

from string import Formatter

import pytest

from app.civic.directory.seats import state_label
from app.civic.geography.divisions import state_name
from app.i18n.catalog import ENTRIES, problem_text, text, words
from app.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    TRANSLATED,
    language_name,
    translated_language,
    voice_locale,
)
from app.i18n.sections import SECTIONS
from app.kernel import errors

OTHERS = [code for code in TRANSLATED if code != DEFAULT_LANGUAGE]
ALL_ENTRIES = [(section, key) for section in SECTIONS for key in ENTRIES[section]]


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(template) if field is not None}


def test_the_catalog_has_the_sections_and_the_languages_are_listed_once() -> None:
    assert list(ENTRIES) == list(SECTIONS)
    assert DEFAULT_LANGUAGE in TRANSLATED
    assert OTHERS, "a second language keeps these tests honest"
    codes = [language.code for language in LANGUAGES]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(("section", "key"), ALL_ENTRIES)
def test_every_key_exists_in_every_language_with_the_same_placeholders(section: str, key: str) -> None:
    texts = ENTRIES[section][key]
    assert sorted(texts) == sorted(TRANSLATED), f"{section}.{key}"
    source = placeholders(texts[DEFAULT_LANGUAGE])
    for code, template in texts.items():
        assert template.strip(), f"{section}.{key} is empty in {code}"
        assert placeholders(template) == source, f"{section}.{key} in {code}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translated_language_has_a_name_and_a_phone_voice(code: str) -> None:
    assert voice_locale(code).startswith(f"{code}-")
    assert language_name(code) != code


def test_a_language_without_translations_gets_the_default_words_and_voice() -> None:
    assert language_name("pt") == "Português"
    assert translated_language("pt") == DEFAULT_LANGUAGE
    assert voice_locale("pt") == voice_locale(DEFAULT_LANGUAGE) == "en-US"
    assert words("pt", "ui") == words(DEFAULT_LANGUAGE, "ui")
    assert language_name("xx") == "xx"


def test_text_fills_in_values() -> None:
    assert text("en", "targeting", "vacant_many", n=2, chamber="state house") == (
        "2 state house seats are vacant right now."
    )
    assert text("es", "voice", "welcome", title="Ley") == "Gracias por llamar: Ley."


def test_a_problem_keeps_its_own_english_words_and_is_translated_by_code_otherwise() -> None:
    specific = "We don't know the ZIP code 99999. Please enter your full street address."
    assert problem_text("en", code="address_not_found", message=specific) == specific
    assert problem_text("pt", code="address_not_found", message=specific) == specific
    for code in OTHERS:
        assert problem_text(code, code="address_not_found", message=specific) == text(
            code, "problems", "address_not_found"
        )
        assert problem_text(code, code="no_such_code", message=specific) == specific


def test_every_address_problem_is_in_the_catalog() -> None:
    codes = {
        error.code
        for error in vars(errors).values()
        if isinstance(error, type) and issubclass(error, errors.SwitchboardError)
    }
    address_problems = {code for code in codes if code.startswith(("address_", "zip_", "geocoder_"))}
    assert address_problems
    assert address_problems <= set(ENTRIES["problems"])


def test_state_names_are_spelled_in_the_language_and_the_same_as_the_directory_in_english() -> None:
    assert state_label("es", state="NY") == "Nueva York"
    assert state_label("es", state="NC") == "Carolina del Norte"
    assert state_label("es", state="MA") == "Massachusetts"
    assert state_label("en", state="NY") == "New York"
    assert state_label("pt", state="PA") == "Pennsylvania"
    for code in ENTRIES["states"]:
        assert text(DEFAULT_LANGUAGE, "states", code) == state_name(code)
