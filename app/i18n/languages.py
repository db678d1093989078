"""Every language Switchboard knows: its name in itself, and its phone voice if it is translated.

A campaign may write scripts in any language (a code we do not know shows as itself).
Switchboard's own words exist in the translated languages; other languages get the default's.
"""

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    # The Twilio <Say> locale of a translated language ("": not translated, see the module docstring).
    voice: str = ""

    @property
    def translated(self) -> bool:
        return bool(self.voice)


DEFAULT_LANGUAGE = "en"
LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", voice="en-US"),
    Language("es", "Español", voice="es-US"),
    Language("pt", "Português"),
    Language("fr", "Français"),
    Language("ht", "Kreyòl ayisyen"),
    Language("vi", "Tiếng Việt"),
    Language("zh", "中文"),
    Language("ko", "한국어"),
    Language("ar", "العربية"),
    Language("ru", "Русский"),
)
_BY_CODE = {language.code: language for language in LANGUAGES}
TRANSLATED: tuple[str, ...] = tuple(language.code for language in LANGUAGES if language.translated)


def language_name(code: str) -> str:
    """A language's name in itself (the code itself when we do not know the language)."""
    known = _BY_CODE.get(code)
    return known.name if known else code


def translated_language(code: str) -> str:
    """The language Switchboard's own words are in for `code`: itself, or the default."""
    return code if code in TRANSLATED else DEFAULT_LANGUAGE


def voice_locale(code: str) -> str:
    """The locale the phone speaks `code` in (the default language's when it is not translated)."""
    return _BY_CODE[translated_language(code)].voice


def choose_language(
    *, requested: str | None, remembered: str | None, available: Collection[str], default: str
) -> str:
    """The language asked for now, else the one remembered, else the campaign's default."""
    for candidate in (requested, remembered):
        if candidate and candidate in available:
            return candidate
    return default


def first_translated(*candidates: str | None) -> str:
    """The first candidate Switchboard's own words exist in (asked for now, then remembered), else
    the default language: for pages that belong to no campaign."""
    for code in candidates:
        if code and code in TRANSLATED:
            return code
    return DEFAULT_LANGUAGE
