"""Phone numbers: parsed and formatted with `phonenumbers`, stored as E.164."""

import phonenumbers

from app.kernel.errors import PhoneError, PhoneInvalidError, PhoneNotAllowedError


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


# North American numbering plan places that are the United States.
US_REGIONS = frozenset({"US", "PR", "GU", "VI", "AS", "MP"})
REFUSED_TYPES = {
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "premium-rate",
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll-free",
    phonenumbers.PhoneNumberType.SHARED_COST: "shared-cost",
    phonenumbers.PhoneNumberType.VOICEMAIL: "voicemail-only",
    phonenumbers.PhoneNumberType.PAGER: "pager",
    phonenumbers.PhoneNumberType.UAN: "shared",
}


def parse_caller_phone(raw: str) -> str:
    """A constituent's own phone number as E.164: a valid US number that is not premium or toll-free.

    Raises PhoneInvalidError or PhoneNotAllowedError with a message for the constituent.
    """
    text = (raw or "").strip()
    if not text:
        raise PhoneInvalidError("Please enter the phone number we should call.")
    parsed = _us_number(text)
    refused = REFUSED_TYPES.get(phonenumbers.number_type(parsed))
    if refused:
        raise PhoneNotAllowedError(f"We cannot call a {refused} number. Please give your own phone number.")
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def parse_office_phone(raw: str) -> str:
    """A number we dial or ask constituents to dial, as E.164: the caller-number rules, but toll-free
    is fine. The one rule for every such number, wherever it enters: staff corrections of offices,
    custom targets and call-in numbers in campaign files, and the offices a directory sync imports.

    US numbers only, never premium-rate, shared-cost or short codes: a bridged call shows the
    constituent's number to whoever answers, and the campaign pays for the call.
    Raises PhoneInvalidError or PhoneNotAllowedError with a message naming the number.
    """
    parsed = _us_number((raw or "").strip())
    kind = phonenumbers.number_type(parsed)
    refused = REFUSED_TYPES.get(kind) if kind != phonenumbers.PhoneNumberType.TOLL_FREE else None
    if refused:
        raise PhoneNotAllowedError(f"{raw!r} is a {refused} number, which is never called.")
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def office_phone_or_none(raw: str | None) -> str | None:
    """An office number as written in open data, under `parse_office_phone`'s rule; None when it is
    not one we would dial (the office is then listed without a number, never called)."""
    if not raw or not raw.strip():
        return None
    try:
        return parse_office_phone(raw)
    except PhoneError:
        return None


def _us_number(text: str) -> phonenumbers.PhoneNumber:
    try:
        parsed = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException as error:
        raise PhoneInvalidError(f"{text!r} is not a phone number we can read.") from error
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneInvalidError(f"{text!r} is not a valid phone number (short codes are not accepted).")
    if phonenumbers.region_code_for_number(parsed) not in US_REGIONS:
        raise PhoneNotAllowedError("We can only call US phone numbers.")
    return parsed
