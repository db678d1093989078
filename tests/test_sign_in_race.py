"""The sign-in limit holds under concurrent guesses, on SQLite and PostgreSQL (issue 13, 3)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from app.accounts.service import LoginLimits, add_user, sign_in
from app.kernel.errors import TooManyLoginsError
from app.storage.db import create_db_engine, session_scope
from tests.support import PASSWORDS

EMAIL = "target@example.org"
PASSWORD = "the right passphrase"
LIMITS = LoginLimits(max_failures_per_email=5, max_failures_per_client=1000, window=timedelta(minutes=15))


def test_100_concurrent_bad_passwords_for_one_email_get_at_most_five_tries(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    with session_scope(engine) as session:
        add_user(session, email=EMAIL, password=PASSWORD, role="staff", passwords=PASSWORDS)

    def attempt(number: int) -> str:
        try:
            principal = sign_in(
                engine,
                email=EMAIL,
                password=f"wrong {number}",
                client="c",
                limits=LIMITS,
                passwords=PASSWORDS,
            )
        except TooManyLoginsError:
            return "refused"
        return "failed" if principal is None else "signed-in"

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(attempt, range(100)))
    # Racing attempts may be refused a little early (each counts the others in flight; on a loaded
    # machine all sixteen of the first wave can be in flight at once), never late: with those that
    # follow one at a time, exactly five passwords are ever checked.
    later = [attempt(100 + number) for number in range(6)]
    try:
        assert results.count("failed") <= 5
        assert results.count("failed") + later.count("failed") == 5
        assert later[-1] == "refused"
        with pytest.raises(TooManyLoginsError):
            sign_in(
                engine, email=EMAIL, password=PASSWORD, client="other", limits=LIMITS, passwords=PASSWORDS
            )
    finally:
        engine.dispose()


def test_a_right_password_clears_the_failures(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    with session_scope(engine) as session:
        add_user(session, email=EMAIL, password=PASSWORD, role="staff", passwords=PASSWORDS)
    for number in range(4):
        assert (
            sign_in(
                engine, email=EMAIL, password=f"x{number}", client="c", limits=LIMITS, passwords=PASSWORDS
            )
            is None
        )
    assert (
        sign_in(engine, email=EMAIL, password=PASSWORD, client="c", limits=LIMITS, passwords=PASSWORDS)
        is not None
    )
    for number in range(5):
        assert (
            sign_in(
                engine, email=EMAIL, password=f"y{number}", client="c", limits=LIMITS, passwords=PASSWORDS
            )
            is None
        )
    with pytest.raises(TooManyLoginsError):
        sign_in(engine, email=EMAIL, password=PASSWORD, client="c", limits=LIMITS, passwords=PASSWORDS)
    engine.dispose()
