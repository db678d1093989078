"""The security headers every response carries, as a policy one function decides per request.

`header_policy(path)` is the one place to change them: a page that may be framed (an embed, for
the origins its campaign lists) overrides `frame_ancestors` there, and the rest stays the same.
"""

from dataclasses import dataclass
from functools import lru_cache

# Pages use only our own scripts and styles; nothing from a CDN. Images may also come over https:
# legislators' portraits (SWITCHBOARD_CONGRESS_IMAGE_URL, Open States' `image`), loaded without a
# referrer, so no image host learns which page or address asked.
BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
# The interactive API docs load their scripts from a CDN and run an inline bootstrap.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; base-uri 'none'; object-src 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")


@dataclass(frozen=True)
class HeaderPolicy:
    """What a response may do in a browser. `frame_ancestors` is a CSP source list."""

    content_security_policy: str = BASE_CSP
    frame_ancestors: str = "'none'"
    referrer_policy: str = "same-origin"

    def headers(self) -> list[tuple[bytes, bytes]]:
        csp = f"{self.content_security_policy}; frame-ancestors {self.frame_ancestors}"
        pairs = [
            ("content-security-policy", csp),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", self.referrer_policy),
        ]
        if self.frame_ancestors == "'none'":
            # Browsers without CSP level 2 understand only this.
            pairs.append(("x-frame-options", "DENY"))
        return [(name.encode(), value.encode()) for name, value in pairs]


DEFAULT_POLICY = HeaderPolicy()
DOCS_POLICY = HeaderPolicy(content_security_policy=DOCS_CSP)
_POLICY_NAMES = frozenset(name for name, _ in DEFAULT_POLICY.headers())


def header_policy(path: str) -> HeaderPolicy:
    """The policy for a request path. Nothing may be framed yet."""
    if path.startswith(DOCS_PATHS):
        return DOCS_POLICY
    return DEFAULT_POLICY


@lru_cache(maxsize=16)
def policy_headers(policy: HeaderPolicy) -> tuple[tuple[bytes, bytes], ...]:
    """`policy.headers()`, encoded once per policy rather than once per response."""
    return tuple(policy.headers())


def with_security_headers(
    policy: HeaderPolicy, headers: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    """A response's headers with the policy's in place of any of the same name.

    A response that allowed framing itself (`framing.allow_framing`: a CSP of `frame-ancestors …`
    only) keeps its word: the policy's CSP is joined to it and `X-Frame-Options` left out. Every
    other response refuses framing (CSP `frame-ancestors 'none'` and `X-Frame-Options: DENY`)."""
    extra = policy_headers(policy)
    names = _POLICY_NAMES
    if not any(name.lower() in names for name, _ in headers):
        return [*headers, *extra]
    framing = _frame_ancestors(headers)
    if framing:
        csp = f"{policy.content_security_policy}; {framing}".encode()
        extra = ((b"content-security-policy", csp), *extra[1:3])
    return [(k, v) for k, v in headers if k.lower() not in names] + list(extra)


def _frame_ancestors(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name.lower() == b"content-security-policy" and b"frame-ancestors" in value:
            return bytes(value).decode("latin-1")
    return ""
