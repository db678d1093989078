"""X-Twilio-Signature, accepted exactly when twilio's RequestValidator accepts it, with one HMAC.

Twilio signs the URL it requested followed by every form parameter's name and value, sorted (a
repeated name with each of its values). Its side may sign the URL with or without the port, so
`RequestValidator.validate` computes both every time; here the URL as we gave it to Twilio (with
or without a port) is tried first, and the other variant only when that does not match. The same
requests pass, and the body-hash variant of `validate` does not arise: webhooks here are forms.
"""

import base64
import hmac
from hashlib import sha1
from urllib.parse import urlparse

from twilio.request_validator import add_port, remove_port


def signature_matches(token: str, *, url: str, fields: list[tuple[str, str]], signature: str) -> bool:
    """Whether `signature` is Twilio's for `url` and the posted `fields`, signed with `token`."""
    parsed = urlparse(url)
    signed_fields = _signed_fields(fields)
    candidates = (add_port, remove_port) if parsed.port else (remove_port, add_port)
    expected = signature.encode("utf-8")
    return any(
        hmac.compare_digest(_signature(token, candidate(parsed) + signed_fields), expected)
        for candidate in candidates
    )


def _signed_fields(fields: list[tuple[str, str]]) -> str:
    values: dict[str, set[str]] = {}
    for name, value in fields:
        values.setdefault(name, set()).add(value)
    return "".join(name + value for name in sorted(values) for value in sorted(values[name]))


def _signature(token: str, payload: str) -> bytes:
    return base64.b64encode(hmac.new(token.encode("utf-8"), payload.encode("utf-8"), sha1).digest())
