"""The form fields of a Twilio webhook, in the order posted.

Twilio posts application/x-www-form-urlencoded. For that one type the body is split with
`parse_qsl`, decoded as Starlette's form parser decodes it (the raw bytes as Latin-1, then
percent-escapes as UTF-8, `+` as a space, blank values kept), which gives the very same fields
without building a multipart-capable parser per request. Any other type goes through Starlette's
parser as before (no fields unless multipart); a file in a multipart body is refused.
"""

from urllib.parse import parse_qsl

from fastapi import Request

from app.kernel.errors import WebhookFormError

URLENCODED = "application/x-www-form-urlencoded"
# Starlette's own limit on a form's fields.
MAX_FIELDS = 1000


async def form_fields(request: Request) -> list[tuple[str, str]]:
    """Every (name, value) posted, a repeated name once per value."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type == URLENCODED:
        fields = parse_qsl((await request.body()).decode("latin-1"), keep_blank_values=True)
    else:
        form = await request.form()
        if any(not isinstance(value, str) for _, value in form.multi_items()):
            await form.close()
            raise WebhookFormError("Twilio's webhooks post no files.")
        fields = [(name, str(value)) for name, value in form.multi_items()]
    if len(fields) > MAX_FIELDS:
        raise WebhookFormError(f"A webhook's form has at most {MAX_FIELDS} fields.")
    return fields
