"""What we answered Twilio, kept so that a repeated request changes nothing and gets the same answer.

A receipt is keyed by what Twilio signed: the request's path and its form parameters (CallSid,
leg, step, digits, ...), never by the unsigned `I-Twilio-Idempotency-Token` header alone, so a
captured request re-sent with a new token is still a repeat. The stored TwiML never holds a
phone number: the caller id a `<Dial>` shows is kept as a slot and filled in when answering.
Receipts are only useful while a call runs: `purge_expired_receipts` deletes old ones.
"""

import hashlib
import re
from datetime import datetime, timedelta
from urllib.parse import quote_plus

from sqlalchemy import Connection, Table, bindparam, insert, select
from sqlmodel import Session, col, delete

from app.kernel.clock import utcnow
from app.models.calls import WebhookReceipt
from app.storage.prepared import Prepared

# Calls last at most an hour (Twilio's TimeLimit); a day leaves room for Twilio's retries.
RECEIPT_MAX_AGE = timedelta(days=1)
CALLER_ID_SLOT = "caller-id-of-this-call"


def receipt_key(*, path: str, params: dict[str, str], attempt: str = "") -> str:
    signed = path + "?" + form_encoded(sorted(params.items())) + "#" + attempt
    return hashlib.sha256(signed.encode()).hexdigest()


def form_encoded(pairs: list[tuple[str, str]]) -> str:
    """`urlencode(pairs)`, character for character (the receipts stored so far are keyed by it).

    `quote_plus` runs a few Python calls per string. Here a string it would leave alone (most of
    Twilio's: ids, statuses, digits) is kept as it is, another ASCII one is escaped by one
    `str.translate` with the same table, and only the rest goes through `quote_plus`.
    """
    return "&".join([_quoted(name) + "=" + _quoted(value) for name, value in pairs])


# What quote_plus leaves alone (letters, digits, "_.-~"), turns into "+" (a space) or escapes.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_QUOTE_PLUS = {
    code: "+" if code == ord(" ") else f"%{code:02X}" for code in range(128) if chr(code) not in _UNRESERVED
}


_LEFT_ALONE = re.compile("[A-Za-z0-9_.~-]*")


def _quoted(text: str) -> str:
    if _LEFT_ALONE.fullmatch(text):
        return text
    return text.translate(_QUOTE_PLUS) if text.isascii() else quote_plus(text)


_RECEIPTS: Table = WebhookReceipt.__table__  # type: ignore[attr-defined]
_SELECT_ANSWER = Prepared(select(_RECEIPTS.c.response).where(_RECEIPTS.c.token == bindparam("key")))
_INSERT_ANSWER = Prepared(
    insert(_RECEIPTS).values(token=bindparam("key"), response=bindparam("twiml"), created_at=bindparam("now"))
)


def stored_answer(connection: Connection, *, key: str) -> str | None:
    row = _SELECT_ANSWER.first(connection, key=key)
    return None if row is None else str(row[0])


def store_answer(connection: Connection, *, key: str, twiml: str) -> None:
    """Keep `twiml` (rendered with CALLER_ID_SLOT, never a number) as the answer to this request."""
    _INSERT_ANSWER.run(connection, key=key, twiml=twiml, now=utcnow())


def fill_caller_id(twiml: str, *, caller_id: str) -> str:
    return twiml.replace(CALLER_ID_SLOT, caller_id)


def purge_expired_receipts(session: Session, *, now: datetime, max_age: timedelta = RECEIPT_MAX_AGE) -> int:
    """Delete receipts older than `max_age`; returns how many went. The caller commits."""
    result = session.exec(delete(WebhookReceipt).where(col(WebhookReceipt.created_at) < now - max_age))
    return int(result.rowcount or 0)
