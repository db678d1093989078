"""Text replies to our number: STOP cancels every scheduled call and reminder of that number and
keeps it from ever being sent a reminder again; START lifts that.

The keywords are Twilio's standard opt-out and opt-in words (Twilio answers them itself, and
blocks texts to a number that opted out; we keep our own record so nothing is even tried). Only
the number's keyed hash is stored.
"""

from datetime import datetime

from sqlalchemy import Engine, delete, update
from sqlmodel import col

from app.kernel.phones import to_e164
from app.kernel.privacy import keyed_hash
from app.kernel.vocabulary import ScheduledStatus
from app.models.scheduled import ScheduledCall, SmsOptOut
from app.settings import Settings
from app.storage.db import write_scope
from app.storage.sqlite_writer import WAIT_FOR_TURN, WriteTurn

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"})
START_WORDS = frozenset({"START", "UNSTOP", "YES", "OPTIN"})
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def handle_sms_reply(
    engine: Engine,
    *,
    settings: Settings,
    params: dict[str, str],
    now: datetime,
    turn: WriteTurn = WAIT_FOR_TURN,
) -> str:
    """Act on an inbound text (Twilio Messaging's form); TwiML that sends no reply of our own."""
    keyword = (params.get("Body", "").strip().split() or [""])[0].upper().strip(".!")
    sender = to_e164(params.get("From", "")) or ""
    if not sender or keyword not in STOP_WORDS | START_WORDS:
        return EMPTY_TWIML
    phone_hash = keyed_hash(sender, secret=settings.secret_key.get_secret_value())
    with write_scope(engine, turn=turn) as session:
        if keyword in START_WORDS:
            session.execute(delete(SmsOptOut).where(col(SmsOptOut.phone_hash) == phone_hash))
            return EMPTY_TWIML
        if session.get(SmsOptOut, phone_hash) is None:
            session.add(SmsOptOut(phone_hash=phone_hash, created_at=now))
        session.execute(
            update(ScheduledCall)
            .where(col(ScheduledCall.phone_hash) == phone_hash)
            .where(col(ScheduledCall.status) == ScheduledStatus.SCHEDULED)
            .values(status=ScheduledStatus.CANCELED, phone_sealed=None, phone_hash=None, finished_at=now)
        )
    return EMPTY_TWIML
