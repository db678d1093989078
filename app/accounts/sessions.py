"""Admin sign-in sessions kept on the server, so that signing out really ends them.

The browser's (signed) cookie carries only a random session key; the database keeps its SHA-256
hash, the account and when it expires. Logging out deletes the row; a password change or
`users remove` deletes every row of that account, so a cookie saved earlier opens nothing.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from app.models.accounts import AdminSession


def start_admin_session(session: Session, *, user_id: int, now: datetime, lifetime: timedelta) -> str:
    """A new session for the account; returns the key the cookie carries (never stored)."""
    key = secrets.token_urlsafe(32)
    session.add(AdminSession(key_hash=_hash(key), user_id=user_id, created_at=now, expires_at=now + lifetime))
    # Expired sessions are of no use to anyone: drop them as new ones start.
    session.exec(delete(AdminSession).where(col(AdminSession.expires_at) < now))
    return key


def session_user_id(session: Session, *, key: str, now: datetime) -> int | None:
    """The account a session key belongs to, or None when it was ended, has expired or is unknown."""
    row = session.exec(select(AdminSession).where(AdminSession.key_hash == _hash(key))).first()
    if row is None or row.expires_at <= now:
        return None
    return row.user_id


def end_admin_session(session: Session, *, key: str) -> None:
    session.exec(delete(AdminSession).where(col(AdminSession.key_hash) == _hash(key)))


def end_user_sessions(session: Session, *, user_id: int) -> None:
    """Sign the account out everywhere (a password change, the account removed)."""
    session.exec(delete(AdminSession).where(col(AdminSession.user_id) == user_id))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
