"""Columns that hold a word of the vocabulary (app/kernel/vocabulary.py).

Stored as the word's plain string in a VARCHAR, as before these columns were typed (no migration
touched the data); read back as the enum member, so a row's `chamber` is a `Chamber`, not a str.
"""

from enum import StrEnum
from typing import Any

from sqlalchemy import Dialect, String
from sqlalchemy.types import TypeDecorator


class Vocabulary(TypeDecorator[StrEnum]):
    """A VARCHAR(length) holding a member of one of `enums`; a string that names none is refused."""

    impl = String
    cache_ok = True

    def __init__(self, *enums: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enums = enums
        # Each word and its member, the first enum's where two share a word: one lookup per value
        # read or written, instead of trying each enum in turn with an exception per miss (a
        # custom target's `chamber` took 30 times as long to read).
        self._members: dict[str, StrEnum] = {}
        for enum in enums:
            for word in enum:
                self._members.setdefault(word.value, word)

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.member(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.member(value)

    def member(self, value: str) -> StrEnum:
        found = self._members.get(value) if isinstance(value, str) else None
        if found is not None:
            return found
        names = " or ".join(enum.__name__ for enum in self.enums)
        raise ValueError(f"{value!r} is no {names}")
