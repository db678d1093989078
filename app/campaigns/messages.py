"""What the targeting tells a constituent beside the targets, in the script's language."""

from string import Formatter

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "us-senate": "US Senate",
        "us-house": "US House",
        "state-upper": "state senate",
        "state-lower": "state house",
        "vacant_one": "This {chamber} seat is vacant right now.",
        "vacant_many": "{n} {chamber} seats are vacant right now.",
        "unknown_cd": "We could not tell the congressional district of this address.",
        "unknown_district": "We could not tell the {chamber} district of this address.",
        "unicameral": "{state} has a one-house legislature: no state house.",
        "not_for_state": "This campaign is for {states} residents.",
        "and": "and",
        "no_translation": "This campaign has no script in {requested!r}; showing {fallback!r}.",
        "script_unavailable": "We could not prepare the script for this office. "
        "Please say in your own words who you are and why you are calling.",
    },
    "es": {
        "us-senate": "Senado de EE. UU.",
        "us-house": "Cámara de Representantes de EE. UU.",
        "state-upper": "senado estatal",
        "state-lower": "cámara estatal",
        "vacant_one": "Un escaño ({chamber}) está vacante en este momento.",
        "vacant_many": "{n} escaños ({chamber}) están vacantes en este momento.",
        "unknown_cd": "No pudimos determinar el distrito del Congreso de esta dirección.",
        "unknown_district": "No pudimos determinar el distrito ({chamber}) de esta dirección.",
        "unicameral": "{state} tiene una legislatura de una sola cámara: no hay cámara estatal.",
        "not_for_state": "Esta campaña es para residentes de {states}.",
        "and": "y",
        "no_translation": "Esta campaña no tiene guion en {requested!r}; se muestra {fallback!r}.",
        "script_unavailable": "No pudimos preparar el guion para esta oficina. "
        "Diga con sus propias palabras quién es y por qué llama.",
    },
}
_formatter = Formatter()


def message(language: str, key: str, **values: object) -> str:
    """The message `key` in `language` (English when there is no translation), filled in."""
    catalog = MESSAGES.get(language, MESSAGES["en"])
    return _formatter.format(catalog[key], **values)


def chamber_label(language: str, chamber: str) -> str:
    return message(language, chamber)
