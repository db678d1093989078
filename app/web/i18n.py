"""The constituent page's own words in English and Spanish, and which language a visitor gets."""

from collections.abc import Collection

LANGUAGE_COOKIE = "switchboard_lang"
UI_LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Español",
    "pt": "Português",
    "fr": "Français",
    "ht": "Kreyòl ayisyen",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "ko": "한국어",
    "ar": "العربية",
    "ru": "Русский",
}
UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "language": "Language",
        "address_label": "Your street address",
        "address_zip_hint": "(or a 5-digit ZIP code)",
        "name_label": "Your name",
        "name_hint": "(optional, fills in the script)",
        "submit": "Find my legislators",
        "privacy": "We use your address only to find your legislators; we do not store it.",
        "showing_for": "Showing legislators for",
        "call": "Call",
        "city_office": "{city} office",
        "capitol_office": "Capitol office",
        "district": "District",
        "no_phone": "No phone number is listed for this office.",
        "what_to_say": "What to say",
        "all_campaigns": "See all campaigns",
        "home_title": "Call your legislators",
        "none_live": "No campaign is live right now.",
    },
    "es": {
        "language": "Idioma",
        "address_label": "Su dirección",
        "address_zip_hint": "(o un código postal de 5 dígitos)",
        "name_label": "Su nombre",
        "name_hint": "(opcional, se usa en el guion)",
        "submit": "Buscar a mis legisladores",
        "privacy": "Usamos su dirección solo para encontrar a sus legisladores; no la guardamos.",
        "showing_for": "Legisladores para",
        "call": "Llamar al",
        "city_office": "Oficina de {city}",
        "capitol_office": "Oficina en el Capitolio",
        "district": "Distrito",
        "no_phone": "No hay un número de teléfono para esta oficina.",
        "what_to_say": "Qué decir",
        "all_campaigns": "Ver todas las campañas",
        "home_title": "Llame a sus legisladores",
        "none_live": "No hay campañas activas en este momento.",
    },
}


def choose_language(
    *, requested: str | None, remembered: str | None, available: Collection[str], default: str
) -> str:
    """The language asked for now, else the one remembered, else the campaign's default."""
    for candidate in (requested, remembered):
        if candidate and candidate in available:
            return candidate
    return default


def ui_text(language: str) -> dict[str, str]:
    """The page's own words in `language` (English when we have no translation)."""
    return UI_TEXT.get(language, UI_TEXT["en"])


def ui_language(language: str) -> str:
    return language if language in UI_LANGUAGES else "en"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
