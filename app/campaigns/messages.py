"""What the targeting tells a constituent beside the targets, in the script's language."""

from datetime import date
from string import Formatter

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "us-senate": "US Senate",
        "us-house": "US House",
        "state-upper": "state senate",
        "state-lower": "state house",
        "vacant_one": "This {chamber} seat is vacant right now.",
        "vacant_many": "{n} {chamber} seats are vacant right now.",
        "term_ended": "The term of {who} ended on {date}. We don't have the office of the new member "
        "for this {chamber} seat yet.",
        "term_not_started": "{who} takes office on {date}; we list them from then.",
        "may_be_filled": "This {chamber} seat was vacant and may have a new member we don't list yet.",
        "unknown_cd": "We could not tell the congressional district of this address.",
        "unknown_district": "We could not tell the {chamber} district of this address.",
        "unicameral": "{state} has a one-house legislature: no state house.",
        "not_for_state": "This campaign is for {states} residents.",
        "and": "and",
        "no_translation": "This campaign has no script in {requested!r}; showing {fallback!r}.",
    },
    "es": {
        "us-senate": "Senado de EE. UU.",
        "us-house": "Cámara de Representantes de EE. UU.",
        "state-upper": "senado estatal",
        "state-lower": "cámara estatal",
        "vacant_one": "Un escaño ({chamber}) está vacante en este momento.",
        "vacant_many": "{n} escaños ({chamber}) están vacantes en este momento.",
        "term_ended": "El mandato de {who} terminó el {date}. Aún no tenemos la oficina de quien "
        "ocupa ahora este escaño ({chamber}).",
        "term_not_started": "{who} asume el cargo el {date}; figurará en la lista desde entonces.",
        "may_be_filled": "Este escaño ({chamber}) estaba vacante y puede tener un nuevo miembro que aún "
        "no figura en nuestra lista.",
        "unknown_cd": "No pudimos determinar el distrito del Congreso de esta dirección.",
        "unknown_district": "No pudimos determinar el distrito ({chamber}) de esta dirección.",
        "unicameral": "{state} tiene una legislatura de una sola cámara: no hay cámara estatal.",
        "not_for_state": "Esta campaña es para residentes de {states}.",
        "and": "y",
        "no_translation": "Esta campaña no tiene guion en {requested!r}; se muestra {fallback!r}.",
    },
}
_formatter = Formatter()


def message(language: str, key: str, **values: object) -> str:
    """The message `key` in `language` (English when there is no translation), filled in."""
    catalog = MESSAGES.get(language, MESSAGES["en"])
    return _formatter.format(catalog[key], **values)


def chamber_label(language: str, chamber: str) -> str:
    return message(language, chamber)


_SPANISH_MONTHS = (
    *("enero", "febrero", "marzo", "abril", "mayo", "junio"),
    *("julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
)


def long_date(language: str, day: date) -> str:
    """ "November 3, 2026" / "3 de noviembre de 2026"."""
    if language == "es":
        return f"{day.day} de {_SPANISH_MONTHS[day.month - 1]} de {day.year}"
    return f"{day:%B} {day.day}, {day.year}"
