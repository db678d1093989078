"""Switchboard's own words in every language it speaks: one catalog, one list of languages.

`catalog.toml` holds the words (one entry per key, one line per language), `languages` lists the
languages (names, phone voices, which ones are translated), `catalog` looks words up.
Adding a language: a line in `languages.LANGUAGES` and its line in every entry of `catalog.toml`.
Adding a string: an entry in `catalog.toml`. The tests check every key in every language.
"""
