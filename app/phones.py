"""Phone numbers: parsed and formatted with `phonenumbers`, stored as E.164."""

import phonenumbers


def to_e164(raw: str | None, *, region: str = "US") -> str | None:
    """The E.164 form of a phone number as written in open data, or None when it is not one."""
    if not raw or not raw.strip():
        return None
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def display_phone(e164: str) -> str:
    """A number formatted for people: `(617) 565-3170` at home, international form otherwise."""
    parsed = phonenumbers.parse(e164, None)
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 1
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(parsed, fmt))
