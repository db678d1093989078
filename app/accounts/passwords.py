"""Password hashes: Argon2id (argon2-cffi) at the cost the settings give.

The default cost is argon2-cffi's (RFC 9106's low-memory profile: 3 passes over 64 MiB, 4 lanes),
about a quarter of a second on a small 2-core machine. A hash keeps its own parameters, so a
password checks against the cost it was hashed at; a sign-in rehashes it when the cost has changed.
"""

from functools import cache, cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.settings import Settings


class Passwords:
    """Hashes passwords and checks them, at one cost."""

    def __init__(self, *, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Passwords":
        return passwords_at(
            time_cost=settings.password_hash_time_cost, memory_kib=settings.password_hash_memory_kib
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def matches(self, password_hash: str, *, password: str) -> bool:
        """Whether `password` is the one hashed; False for a hash that is not Argon2's."""
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def check_without_account(self, password: str) -> None:
        """A check as long as `matches`, for an email with no account: the answer takes the same time."""
        self.matches(self._nobodys_hash, password=password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)

    @cached_property
    def _nobodys_hash(self) -> str:
        # Made when first needed, not at import: every process that imports the accounts (the CLI's
        # commands, each worker) would otherwise pay a hash at start-up.
        return self.hash("switchboard-no-such-user")


@cache
def passwords_at(*, time_cost: int, memory_kib: int) -> Passwords:
    """One `Passwords` per cost in a process (it keeps the hash `check_without_account` checks against)."""
    return Passwords(time_cost=time_cost, memory_kib=memory_kib)
