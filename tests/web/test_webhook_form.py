"""A webhook's form fields are Starlette's, read faster for the type Twilio posts."""

import asyncio

import pytest
from fastapi import Request

from app.kernel.errors import WebhookFormError
from app.web.twilio.webhook_form import MAX_FIELDS, form_fields

BODIES = [
    b"CallSid=CA1&Digits=1",
    b"a",
    b"a=",
    b"=b",
    b"a=1&&b=2&",
    b"a=%ZZ&b=%",
    b"a+b=c+d%2B",
    b"a=%ff&b=%e2%82",
    b"a=1;b=2",
    b"a=1&a=2&a=1",
    b"",
    b"a=%e2%82%ac&%61=b=c",
    b"a=\xe2\x82\xac&b=\xff",
]


def request(body: bytes, content_type: str) -> Request:
    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    headers = [(b"content-type", content_type.encode())] if content_type else []
    return Request({"type": "http", "method": "POST", "headers": headers}, receive)


def fields(body: bytes, content_type: str = "application/x-www-form-urlencoded") -> list[tuple[str, str]]:
    return asyncio.run(form_fields(request(body, content_type)))


def starlette_fields(body: bytes, content_type: str) -> list[tuple[str, str]]:
    async def parse() -> list[tuple[str, str]]:
        form = await request(body, content_type).form()
        return [(name, str(value)) for name, value in form.multi_items()]

    return asyncio.run(parse())


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "Application/X-WWW-Form-URLEncoded; charset=utf-8"],
)
def test_urlencoded_fields_are_what_starlette_reads(body: bytes, content_type: str) -> None:
    assert fields(body, content_type) == starlette_fields(body, content_type)


def test_other_types_go_through_starlette() -> None:
    boundary = "xyz"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="CallSid"\r\n\r\nCA1\r\n--{boundary}--\r\n'
    ).encode()
    assert fields(body, f"multipart/form-data; boundary={boundary}") == [("CallSid", "CA1")]
    assert fields(b'{"CallSid": "CA1"}', "application/json") == []
    assert fields(b"CallSid=CA1", "") == []


def test_a_file_is_refused_even_behind_a_field_of_its_name() -> None:
    boundary = "xyz"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="CallSid"\r\n\r\nCA1\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="CallSid"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\n\r\nCA1\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    with pytest.raises(WebhookFormError):
        fields(body, f"multipart/form-data; boundary={boundary}")


def test_too_many_fields_are_refused() -> None:
    assert len(fields(b"&".join([b"a=1"] * MAX_FIELDS))) == MAX_FIELDS
    with pytest.raises(WebhookFormError):
        fields(b"&".join([b"a=1"] * (MAX_FIELDS + 1)))
