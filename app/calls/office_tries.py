"""Each <Dial> of a leg to one office number, and how it ended: which offices are busy or
unanswered when (`call_try`, one row per leg and try, grouped by status, office and hour).

Written by the webhooks in their own transaction: a try is stored when its <Dial> is answered to
Twilio, its result when the Dial action arrives. Both are idempotent (keyed by call, leg position
and try), so a repeated or late request changes nothing.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Table, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from app.civic.directory.line_health import mark_unhealthy
from app.kernel.clock import utcnow
from app.kernel.vocabulary import LegStatus
from app.models.calls import CallTry
from app.settings import Settings

_TRIES: Table = CallTry.__table__  # type: ignore[attr-defined]


def start_try(
    session: Session, *, call_id: str, position: int, attempt: int, target_id: str, phone: str, now: datetime
) -> None:
    """The leg's try number `attempt` dials `phone` (once, however often it is said)."""
    row = {
        "session_id": call_id,
        "position": position,
        "attempt": attempt,
        "target_id": target_id,
        "office_phone": phone,
        "started_at": now,
    }
    statement = (
        _insert_for(session)(_TRIES)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["session_id", "position", "attempt"])
    )
    session.connection().execute(statement)


def finish_try(
    session: Session,
    *,
    call_id: str,
    position: int,
    attempt: int,
    status: LegStatus,
    duration: int | None,
    now: datetime,
) -> None:
    """How the try ended, as the Dial action said it (the first word stands)."""
    session.connection().execute(
        update(_TRIES)
        .where(*_try_is(call_id, position, attempt), _TRIES.c.dial_call_status.is_(None))
        .values(dial_call_status=status.value, duration_seconds=duration, ended_at=now)
    )


def note_try_outcome(session: Session, *, call_id: str, position: int, attempt: int, outcome: str) -> None:
    """What the caller reported of this try on the keypad (the first report stands)."""
    session.connection().execute(
        update(_TRIES)
        .where(*_try_is(call_id, position, attempt), _TRIES.c.outcome.is_(None))
        .values(outcome=outcome)
    )


def _try_is(call_id: str, position: int, attempt: int) -> tuple[Any, ...]:
    return (
        _TRIES.c.session_id == call_id,
        _TRIES.c.position == position,
        _TRIES.c.attempt == attempt,
    )


def _insert_for(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def mark_full_mailbox(session: Session, *, settings: Settings, phone: str) -> None:
    """A caller reported `phone`'s mailbox full (keypad or web): the next callers go elsewhere for
    the settings' while (app.civic.directory.line_health)."""
    mark_unhealthy(
        session,
        phone=phone,
        now=utcnow(),
        first=settings.office_unhealthy_first,
        cap=settings.office_unhealthy_cap,
    )
