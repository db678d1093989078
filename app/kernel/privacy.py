"""What we keep about people instead of the thing itself: keyed hashes of phones, IPs and tokens,
and, for the one thing that must be read back later (a phone number to call at a scheduled time),
authenticated encryption."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_SEALING_INFO = b"switchboard: values sealed at rest"


def keyed_hash(value: str, *, secret: str) -> str:
    """HMAC-SHA256 of `value`: a plain hash of a phone number is reversed in a few CPU-hours."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


class UnsealError(ValueError):
    """A sealed value that this key did not seal, or that was altered."""


def seal(value: str, *, key: str) -> str:
    """`value` encrypted and authenticated (Fernet: AES-128-CBC + HMAC-SHA256) under `key`."""
    return _fernet(key).encrypt(value.encode()).decode("ascii")


def unseal(sealed: str, *, key: str) -> str:
    """The value `seal` sealed under the same `key`; UnsealError otherwise."""
    try:
        return _fernet(key).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError) as error:
        raise UnsealError("this value was not sealed with this key") from error


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    """A Fernet key derived from any secret string (HKDF-SHA256), so a passphrase works too."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_SEALING_INFO).derive(key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))
