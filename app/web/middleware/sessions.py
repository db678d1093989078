"""The signed session cookie, read only when a route asks for the session.

Only admin pages and sign-in use a session (the CSRF token and the key of the server-side session,
app/accounts/sessions.py). A lookup, a webhook or a static file never reads it, so its cookie is
neither verified nor decoded for them: `LazySession` does that on first use. The cookie itself is
Starlette's `SessionMiddleware` format (itsdangerous `TimestampSigner` over base64 JSON), and a
response changes it exactly when Starlette's would for a session that was used: set when modified,
cleared when emptied, `Vary: Cookie` whenever read.
"""

import json
from base64 import b64decode, b64encode
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import itsdangerous
from itsdangerous.exc import BadSignature
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import Session
from starlette.requests import cookie_parser
from starlette.types import Scope

EXPIRED = "expires=Thu, 01 Jan 1970 00:00:00 GMT; "
Headers = Iterable[tuple[bytes, bytes]]


@dataclass(frozen=True)
class SessionCookie:
    """How the session cookie is named, signed and flagged (one per app)."""

    secret_key: str
    name: str
    max_age: int
    same_site: str = "lax"
    https_only: bool = False
    path: str = "/"

    @property
    def signer(self) -> itsdangerous.TimestampSigner:
        return _signer(self.secret_key)

    @property
    def flags(self) -> str:
        return "httponly; samesite=" + self.same_site + ("; secure" if self.https_only else "")

    def session_for(self, scope: Scope) -> "LazySession":
        return LazySession(self, scope.get("headers", ()))

    def read(self, headers: Headers) -> dict[str, Any] | None:
        """The session the request's cookie (in its `headers`) carries; None without a valid one."""
        cookie = _cookie_header(headers)
        if cookie is None or self.name not in cookie:
            return None
        value = cookie_parser(cookie).get(self.name)
        if value is None:
            return None
        try:
            data = json.loads(b64decode(self.signer.unsign(value.encode(), max_age=self.max_age)))
        except (BadSignature, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def finish(self, session: "LazySession", headers: list[tuple[bytes, bytes]]) -> None:
        """Add to a response's headers what the session's use calls for (nothing if unused)."""
        if not session.accessed:
            return
        mutable = MutableHeaders(raw=headers)
        mutable.add_vary_header("Cookie")
        if session.modified and session:
            data = self.signer.sign(b64encode(json.dumps(dict(session)).encode())).decode()
            mutable.append(
                "set-cookie", f"{self.name}={data}; path={self.path}; Max-Age={self.max_age}; {self.flags}"
            )
        elif session.modified and session.had_cookie:
            mutable.append("set-cookie", f"{self.name}=null; path={self.path}; {EXPIRED}{self.flags}")


@lru_cache(maxsize=4)
def _signer(secret_key: str) -> itsdangerous.TimestampSigner:
    return itsdangerous.TimestampSigner(secret_key)


def _cookie_header(headers: Headers) -> str | None:
    for name, value in headers:
        if name == b"cookie":
            return bytes(value).decode("latin-1")
    return None


class LazySession(Session):
    """Starlette's session (it tracks `accessed` and `modified`), its cookie read on first use.

    Every way of reading or changing a dict goes through `_load()` first. It keeps the request's
    headers, not its scope: the scope holds the session, and a session holding the scope made a
    reference cycle per request, which only the garbage collector's pauses freed."""

    def __init__(self, cookie: SessionCookie, headers: Headers) -> None:
        super().__init__()
        self._cookie = cookie
        self._headers: Headers | None = headers
        self.had_cookie = False

    def _load(self) -> None:
        headers, self._headers = self._headers, None
        if headers is None:
            return
        self.accessed = True
        data = self._cookie.read(headers)
        if data is not None:
            self.had_cookie = True
            dict.update(self, data)

    def __getitem__(self, key: str) -> Any:
        self._load()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._load()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._load()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._load()
        return super().__repr__()

    def get(self, key: str, default: Any = None) -> Any:
        self._load()
        return super().get(key, default)

    def keys(self) -> Any:
        self._load()
        return super().keys()

    def values(self) -> Any:
        self._load()
        return super().values()

    def items(self) -> Any:
        self._load()
        return super().items()

    def copy(self) -> dict[str, Any]:
        self._load()
        return dict(super().items())

    def __setitem__(self, key: str, value: Any) -> None:
        self._load()
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._load()
        super().__delitem__(key)

    def clear(self) -> None:
        self._load()
        super().clear()

    def pop(self, key: str, *args: Any) -> Any:
        self._load()
        return super().pop(key, *args)

    def popitem(self) -> tuple[str, Any]:
        self._load()
        return super().popitem()

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._load()
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._load()
        super().update(*args, **kwargs)

    def __ior__(self, other: Any, /) -> "LazySession":  # type: ignore[override,misc]
        self._load()
        super().__ior__(other)
        return self
