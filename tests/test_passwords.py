"""Passwords are hashed with Argon2id at the cost the settings give, argon2-cffi's by default; a
sign-in moves a password hashed at another cost to the current one."""

from datetime import timedelta

import pytest
from sqlmodel import select

from app.accounts.passwords import Passwords, passwords_at
from app.accounts.service import LoginLimits, add_user, sign_in
from app.models.accounts import User
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.support import PASSWORDS, TEST_PASSWORD_COST

LIMITS = LoginLimits(max_failures_per_email=5, max_failures_per_client=20, window=timedelta(minutes=15))
EMAIL = "ana@example.org"
PASSWORD = "correct horse battery"


def test_the_default_cost_is_argon2id_over_64_mib_in_three_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in TEST_PASSWORD_COST:
        monkeypatch.delenv(name, raising=False)
    hashed = Passwords.from_settings(Settings(_env_file=None)).hash(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_password_matches_only_its_own_hash() -> None:
    hashed = PASSWORDS.hash(PASSWORD)
    assert PASSWORDS.matches(hashed, password=PASSWORD)
    assert not PASSWORDS.matches(hashed, password=PASSWORD.upper())
    assert not PASSWORDS.matches("not a hash", password=PASSWORD)
    assert not PASSWORDS.matches("$pbkdf2-sha256$29000$abc$def", password=PASSWORD)


def test_a_sign_in_rehashes_a_password_hashed_at_another_cost(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        add_user(session, email=EMAIL, password=PASSWORD, role="staff", passwords=PASSWORDS)
    now = passwords_at(time_cost=2, memory_kib=128)
    assert (
        sign_in(engine, email=EMAIL, password="wrong password", client="c", limits=LIMITS, passwords=now)
        is None
    )
    with session_scope(engine) as session:
        assert "m=64,t=1" in session.exec(select(User.password_hash)).one()  # a failure changes nothing
    assert (
        sign_in(engine, email=EMAIL, password=PASSWORD, client="c", limits=LIMITS, passwords=now) is not None
    )
    with session_scope(engine) as session:
        stored = session.exec(select(User.password_hash)).one()
    assert "m=128,t=2" in stored
    assert now.matches(stored, password=PASSWORD)
    assert (
        sign_in(
            engine, email="nobody@example.org", password=PASSWORD, client="c", limits=LIMITS, passwords=now
        )
        is None
    )
    engine.dispose()
