"""Looking up Switchboard's own words: `text(language, section, key, **values)`.

The words are read once from catalog.toml (section → key → language → text).
"""

import tomllib
from collections.abc import Mapping
from pathlib import Path
from string import Formatter

from app.i18n.languages import DEFAULT_LANGUAGE, TRANSLATED, translated_language
from app.i18n.sections import Section

CATALOG_FILE = Path(__file__).with_name("catalog.toml")
Entries = dict[str, dict[str, dict[str, str]]]
_formatter = Formatter()


def load_entries(path: Path = CATALOG_FILE) -> Entries:
    """The catalog as written: every section's keys, each with its text per language."""
    with path.open("rb") as file:
        entries: Entries = tomllib.load(file)
    return entries


ENTRIES = load_entries()
CATALOGS: dict[str, dict[str, dict[str, str]]] = {
    code: {
        section: {key: texts.get(code, texts[DEFAULT_LANGUAGE]) for key, texts in keys.items()}
        for section, keys in ENTRIES.items()
    }
    for code in TRANSLATED
}


def words(language: str, section: Section) -> Mapping[str, str]:
    """Every string of `section` in `language` (the default language's when it is not translated)."""
    return CATALOGS[translated_language(language)][section]


def text(language: str, section: Section, key: str, **values: object) -> str:
    """The string `key` of `section` in `language`, with `values` filled in (`str.format` syntax)."""
    return _formatter.format(words(language, section)[key], **values)


def problem_text(language: str, *, code: str, message: str) -> str:
    """An error's words for a person in `language`.

    An error's own message is English and may name specifics (the ZIP code it could not place),
    so English readers get it as it is; other languages get the catalog's general words for the
    error's code, or the English message when the catalog has none for it.
    """
    if translated_language(language) == DEFAULT_LANGUAGE:
        return message
    return words(language, "problems").get(code, message)


def problem_words(language: str) -> Mapping[str, str]:
    """The catalog's words for each error code, for a script that shows errors in `language`;
    empty in the default language, whose readers get each error's own (more specific) message."""
    if translated_language(language) == DEFAULT_LANGUAGE:
        return {}
    return words(language, "problems")
