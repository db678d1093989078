"""X-Twilio-Signature, accepted exactly when twilio's RequestValidator accepts it, for less.

Twilio signs the URL it requested followed by every form parameter's name and value, sorted (a
repeated name with each of its values). Its side may sign the URL with or without the port, so
`RequestValidator.validate` computes both every time; here the URL as we gave it to Twilio (with
or without a port) is tried first, and the other variant only when that does not match. The same
requests pass, and the body-hash variant of `validate` does not arise: webhooks here are forms.

The check is on the path of every webhook, so it avoids what it can (about a tenth of a first
webhook's time went here, measured with scripts/bench_webhooks.py under callgrind): the two
variants of our own origin (scheme, host and port) are worked out once per origin, and a URL of
the plain shape ours have (no `;` parameters, fragment, spaces or control characters, which
`urlparse` would move or drop) is the origin's variant followed by the rest as it is; any other
URL is parsed as the validator parses it. Fields with no repeated name are sorted as pairs, and
the HMAC is one call into OpenSSL. tests/web/test_twilio_signature.py compares every case with
the validator.
"""

import base64
import hmac
import re
from functools import lru_cache
from urllib.parse import ParseResult, urlparse

from twilio.request_validator import add_port, remove_port

# An origin of letters, digits, dots and dashes with an optional port, then a path and a query
# that parse and unparse to themselves.
_PLAIN_URL = re.compile(
    r"(https?://[A-Za-z0-9.-]+(?::[0-9]+)?)(/[^;#?\x00-\x20\x7f]*(?:\?[^#\x00-\x20\x7f]+)?)"
)


def signature_matches(token: str, *, url: str, fields: list[tuple[str, str]], signature: str) -> bool:
    """Whether `signature` is Twilio's for `url` and the posted `fields`, signed with `token`."""
    key, expected = token.encode("utf-8"), signature.encode("utf-8")
    signed_fields = _signed_fields(fields)
    return any(
        hmac.compare_digest(_signature(key, candidate + signed_fields), expected)
        for candidate in _url_variants(url)
    )


def _url_variants(url: str) -> tuple[str, str]:
    """The URL as given (with or without its port), then with the port added or removed."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is None:
        return _variants(urlparse(url))
    as_given, other = _origin_variants(plain.group(1))
    rest = plain.group(2)
    return as_given + rest, other + rest


@lru_cache(maxsize=16)
def _origin_variants(origin: str) -> tuple[str, str]:
    return _variants(urlparse(origin))


def _variants(parsed: ParseResult) -> tuple[str, str]:
    as_given, other = (add_port, remove_port) if parsed.port else (remove_port, add_port)
    return as_given(parsed), other(parsed)


def _signed_fields(fields: list[tuple[str, str]]) -> str:
    if len({name for name, _ in fields}) == len(fields):  # no repeated name: sorted by name
        return "".join([name + value for name, value in sorted(fields)])
    values: dict[str, set[str]] = {}
    for name, value in fields:
        values.setdefault(name, set()).add(value)
    return "".join(name + value for name in sorted(values) for value in sorted(values[name]))


def _signature(key: bytes, payload: str) -> bytes:
    return base64.b64encode(hmac.digest(key, payload.encode("utf-8"), "sha1"))
