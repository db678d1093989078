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
        "calls_made_one": "{n} call made",
        "calls_made_many": "{n} calls made",
        "goal": "goal {n}",
        "goal_progress": "Progress toward the goal",
        "report_prompt": "Called? Tell us how it went:",
        "call_me": "Call me",
        "call_me_explainer": "We will call you, then connect you to each office in turn. Press 1 to be "
        "connected, star to skip. The offices see your own number. We keep your number only during the call.",
        "phone_label": "Your phone number",
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
        "calls_made_one": "{n} llamada hecha",
        "calls_made_many": "{n} llamadas hechas",
        "goal": "meta {n}",
        "goal_progress": "Avance hacia la meta",
        "report_prompt": "¿Llamó? Díganos cómo le fue:",
        "call_me": "Llámeme",
        "call_me_explainer": "Le llamaremos y luego le comunicaremos con cada oficina, una tras otra. "
        "Marque 1 para comunicarse y asterisco para pasar a la siguiente. Las oficinas verán su propio "
        "número. Guardamos su número solo durante la llamada.",
        "phone_label": "Su número de teléfono",
        "error_address_required": "Por favor, escriba su dirección (o un código postal de 5 dígitos).",
        "error_address_not_found": "No encontramos esa dirección. Escriba una dirección completa de EE. UU. "
        "con ciudad y estado, o un código postal.",
        "error_address_not_us": "Switchboard solo busca direcciones en Estados Unidos. "
        "Por favor, escriba una dirección de EE. UU.",
        "error_address_ambiguous": "Esa dirección coincide con varios lugares. "
        "Agregue la ciudad, el estado y el código postal.",
        "error_zip_spans_districts": "Ese código postal abarca varios distritos. Escriba su dirección "
        "completa para encontrar a sus legisladores.",
        "error_geocoder_unavailable": "El servicio de búsqueda de direcciones no responde en este momento. "
        "Inténtelo de nuevo en un minuto.",
        "error_geocoder_busy": "Muchas personas están llamando en este momento; "
        "inténtelo de nuevo en unos segundos.",
    },
}
# The words the "Call me" and outcome-report script shows, handed to it as JSON.
CALL_TEXT: dict[str, dict[str, object]] = {
    "en": {
        "statuses": {
            "pending": "waiting",
            "prompted": "asking you to press 1",
            "dialing": "dialing the office",
            "ringing": "ringing",
            "in-progress": "connected",
            "completed": "done",
            "busy": "line busy",
            "no-answer": "no answer",
            "failed": "could not connect",
            "canceled": "canceled",
            "skipped": "skipped",
            "no-consent": "not connected (no key pressed)",
            "not-attempted": "not called",
        },
        "outcomes": {
            "contact": "Spoke to staff",
            "voicemail": "Left a voicemail",
            "unavailable": "No answer",
            "wrong-number": "Wrong number",
        },
        "other_outcomes": {
            "skipped": "skipped",
            "no-consent": "no key pressed",
            "not-attempted": "not called",
        },
        "error": "Something went wrong. Please try again.",
        "unreachable": "We could not reach your phone. Please call the numbers above yourself.",
        "recorded": "Thank you! Recorded: {outcome}.",
    },
    "es": {
        "statuses": {
            "pending": "en espera",
            "prompted": "esperando que marque 1",
            "dialing": "llamando a la oficina",
            "ringing": "sonando",
            "in-progress": "comunicado",
            "completed": "terminado",
            "busy": "línea ocupada",
            "no-answer": "no contestan",
            "failed": "no se pudo comunicar",
            "canceled": "cancelado",
            "skipped": "omitido",
            "no-consent": "sin comunicar (no marcó ninguna tecla)",
            "not-attempted": "no se llamó",
        },
        "outcomes": {
            "contact": "Hablé con el personal",
            "voicemail": "Dejé un mensaje",
            "unavailable": "No contestaron",
            "wrong-number": "Número equivocado",
        },
        "other_outcomes": {
            "skipped": "omitido",
            "no-consent": "no marcó ninguna tecla",
            "not-attempted": "no se llamó",
        },
        "error": "Algo salió mal. Por favor, inténtelo de nuevo.",
        "unreachable": "No pudimos comunicarnos con su teléfono. "
        "Por favor, llame usted a los números de arriba.",
        "recorded": "¡Gracias! Anotamos: {outcome}.",
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


def call_text(language: str) -> dict[str, object]:
    return CALL_TEXT.get(language, CALL_TEXT["en"])


def ui_language(language: str) -> str:
    return language if language in UI_LANGUAGES else "en"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
