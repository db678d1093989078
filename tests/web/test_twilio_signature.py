"""Our signature check accepts exactly the requests twilio's RequestValidator accepts."""

import itertools

import pytest
from starlette.requests import Request
from twilio.request_validator import RequestValidator

from app.web.twilio.hooks import request_path, signed_url
from app.web.twilio.signature import signature_matches

TOKEN = "the-auth-token"
VALIDATOR = RequestValidator(TOKEN)
URLS = [
    "https://calls.example.org/twilio/calls/abc/answer",
    "https://calls.example.org:443/twilio/calls/abc/answer",
    "http://calls.example.org/twilio/calls/abc/answer",
    "http://127.0.0.1:8000/twilio/calls/abc/answer",
    "https://calls.example.org/twilio/calls/abc/answer?lang=es&x=1",
    # Shapes parsed as the validator parses them: parameters, a space, a fragment, an empty query,
    # an upper-case scheme, user info, a path of the base URL's own.
    "https://calls.example.org/twilio/calls/a;b/answer",
    "https://calls.example.org/twilio/calls/a b/answer",
    "https://calls.example.org/twilio/calls/abc/answer#x",
    "https://calls.example.org/twilio/calls/abc/answer?",
    "HTTPS://Calls.Example.org/twilio/calls/abc/answer",
    "https://user@calls.example.org:8443/twilio/calls/abc/answer",
    "https://calls.example.org/switchboard/twilio/calls/é/answer?q=%20é",
]
FIELDS: list[list[tuple[str, str]]] = [
    [],
    [("CallSid", "CA1"), ("Digits", "1")],
    [("Digits", ""), ("CallSid", "CA1")],
    [("a", "2"), ("a", "1"), ("a", "2"), ("b", "é € ☎")],
]


def multidict(fields: list[tuple[str, str]]) -> "MultiValues":
    return MultiValues(fields)


class MultiValues(dict[str, str]):
    """What Starlette's form gives the validator: every value of a repeated name (getlist)."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        super().__init__(fields)
        self.fields = fields

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.fields if key == name]


def signatures(fields: list[tuple[str, str]]) -> list[str]:
    """Genuine signatures for every URL variant, and near misses."""
    genuine = [VALIDATOR.compute_signature(url, multidict(fields)) for url in URLS]
    other_token = RequestValidator("another-token").compute_signature(URLS[0], multidict(fields))
    return [*genuine, other_token, "", "not a signature", genuine[0][:-2], "é" * 28]


@pytest.mark.parametrize(("url", "fields"), list(itertools.product(URLS, FIELDS)))
def test_the_same_requests_pass_as_with_the_request_validator(
    url: str, fields: list[tuple[str, str]]
) -> None:
    for signature in signatures(fields):
        expected = VALIDATOR.validate(url, multidict(fields), signature)
        assert signature_matches(TOKEN, url=url, fields=fields, signature=signature) == expected, signature


def test_a_signature_with_or_without_the_port_passes() -> None:
    fields = [("CallSid", "CA1")]
    for url_signed in (URLS[0], URLS[1]):
        signature = VALIDATOR.compute_signature(url_signed, dict(fields))
        assert signature_matches(TOKEN, url=URLS[0], fields=fields, signature=signature)
        assert signature_matches(TOKEN, url=URLS[1], fields=fields, signature=signature)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/twilio/calls/abc/answer", b""),
        ("/twilio/calls/a b?#\\c/legs/0/consent", b"lang=es&x=%20y"),
        ("/twilio/inbound/voice", b"caf\xc3\xa9=1"),
    ],
)
def test_the_signed_url_is_the_requests_own(path: str, query: bytes) -> None:
    scope = {"type": "http", "method": "POST", "path": path, "query_string": query, "headers": []}
    request = Request(scope)
    assert request_path(request) == request.url.path
    assert signed_url(request, base_url="https://calls.example.org/") == (
        "https://calls.example.org" + request.url.path + (f"?{request.url.query}" if query else "")
    )
