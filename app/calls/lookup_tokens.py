"""Proof that a "show me the number" report follows a lookup the server answered.

Every targets answer carries a short-lived token, signed with the app secret, naming the campaign,
the targets shown and a random id of its own. A self-report must bring one back and name one of
those targets, so a report cannot be made up for a legislator nobody was shown, in a campaign's
other states, or long after the visit; and one lookup reports each of its targets once
(app.calls.reports keys a report by `LookupGrant.key` and the target).
"""

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property, lru_cache
from types import MappingProxyType

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, want_bytes

from app.campaigns.attribution import NOBODY, Attribution
from app.campaigns.targeting import TargetList
from app.kernel.errors import OutcomeInvalidError

LOOKUP_MAX_AGE = timedelta(hours=6)
_SALT = "switchboard-lookup"
TOO_OLD = "This page is too old to report a call: please look up your address again."
NO_LOOKUP = "Please look up your address on the campaign page before reporting a call."


@dataclass(frozen=True)
class LookupGrant:
    campaign: str
    target_ids: frozenset[str]
    # Names this one lookup: a digest of what was signed, never of the token's text (base64 has
    # several spellings of one signature, so the text could be varied to look like new lookups).
    key: str = ""
    # Who brought the visit (app.campaigns.attribution), as signed: the partner's id and a source.
    partner_id: int | None = None
    source: str = ""
    # The office number shown for each target (a "mailbox full" report marks that number).
    phones: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@lru_cache(maxsize=4)
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


class _TokenSigner(TimestampSigner):
    """The signer `_serializer(secret)` signs with (its `make_signer`: a TimestampSigner, the same
    salt, key and signature), its key derived and its HMAC keyed once, then copied per signature.

    itsdangerous derives the key again (a SHA-1) and keys Python's pure HMAC (two more SHA-1
    objects, since its digest is a Python function) for every signature: two thirds of what
    signing a warm lookup's token cost (py-spy, in-process; docs/performance.md). A keyed
    OpenSSL HMAC copied cost 5 µs where `hmac.digest` (which looks SHA-1 up each time) cost 9
    (timeit, beside other work)."""

    def __init__(self, secret: str) -> None:
        super().__init__(secret, salt=_SALT)
        self._keyed = hmac.new(self.derive_key(), digestmod=hashlib.sha1)

    def get_signature(self, value: str | bytes) -> bytes:
        mac = self._keyed.copy()
        mac.update(want_bytes(value))
        return base64_encode(mac.digest())


@lru_cache(maxsize=4)
def _signer(secret: str) -> TimestampSigner:
    return _TokenSigner(secret)


@dataclass(frozen=True)
class TokenPayload:
    """What every token of one answer names: its campaign, the targets shown and the number shown
    for each. Its JSON is encoded once (`encoded`, open at the end): each token adds its own
    random id and attribution, so a kept answer signs a token without encoding its targets again."""

    campaign: str
    target_ids: list[str]
    phones: Mapping[str, str]

    @cached_property
    def encoded(self) -> bytes:
        fixed = {"c": self.campaign, "t": self.target_ids, "ph": dict(self.phones)}
        return json.dumps(fixed, separators=(",", ":")).encode()[:-1]


def token_payload(targets: TargetList) -> TokenPayload:
    """What the tokens of a lookup's answer name."""
    return TokenPayload(targets.campaign.slug, reportable_ids(targets), shown_phones(targets))


def issue_lookup_token(*, secret: str, targets: TargetList, attribution: Attribution = NOBODY) -> str:
    """The token for one answered lookup: its campaign, the ids of the targets it showed, a random
    id, so no two lookups (not even two of one address in one second) share a token, the office
    number shown for each target, and who brought the visit (a partner's id and a source code; no
    one's identity)."""
    return sign_lookup_token(secret=secret, payload=token_payload(targets), attribution=attribution)


def reportable_ids(targets: TargetList) -> list[str]:
    """The ids a lookup's token names: the targets shown with an office to call, sorted."""
    return sorted(t.representative.id for t in targets.targets if t.choice is not None)


def shown_phones(targets: TargetList) -> dict[str, str]:
    """The office number shown for each target (a "mailbox full" report marks that number)."""
    return {
        t.representative.id: t.choice.office.phone
        for t in targets.targets
        if t.choice is not None and t.choice.office.phone
    }


def sign_lookup_token(*, secret: str, payload: TokenPayload, attribution: Attribution = NOBODY) -> str:
    """`issue_lookup_token` for a payload already encoded.

    The serializer's own format (`read_lookup_token` reads it with `loads`), without its attempt
    at zlib, which cost a warm lookup more than the rest of the token: `loads` reads a payload
    compressed or not."""
    parts = [payload.encoded, b',"n":"', secrets.token_urlsafe(12).encode(), b'"']
    if attribution.partner_id is not None:
        parts.append(b',"p":%d' % attribution.partner_id)
    if attribution.source:
        parts.append(b',"s":' + json.dumps(attribution.source).encode())
    parts.append(b"}")
    return _signer(secret).sign(base64_encode(b"".join(parts))).decode()


def read_lookup_token(token: str, *, secret: str, max_age: timedelta = LOOKUP_MAX_AGE) -> LookupGrant:
    """What a token grants; OutcomeInvalidError when it is forged, altered or too old."""
    serializer = _serializer(secret)
    try:
        payload, signed_at = serializer.loads(
            token, max_age=int(max_age.total_seconds()), return_timestamp=True
        )
    except SignatureExpired:
        raise OutcomeInvalidError(TOO_OLD) from None
    except BadSignature:
        raise OutcomeInvalidError(NO_LOOKUP) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), list):
        raise OutcomeInvalidError(NO_LOOKUP)
    campaign = str(payload.get("c", ""))
    target_ids = frozenset(str(i) for i in payload["t"])
    # Tokens issued before the random id are told apart by campaign, targets and second alone.
    signed = (campaign, sorted(target_ids), str(payload.get("n", "")), _second(signed_at))
    partner = payload.get("p")
    shown = payload.get("ph")
    phones = {str(k): str(v) for k, v in shown.items()} if isinstance(shown, dict) else {}
    return LookupGrant(
        campaign,
        target_ids,
        hashlib.sha256(repr(signed).encode()).hexdigest(),
        partner_id=partner if isinstance(partner, int) else None,
        source=str(payload.get("s", ""))[:80],
        phones=MappingProxyType(phones),
    )


def signed_attribution(token: str, *, secret: str, slug: str) -> tuple[int | None, str]:
    """The partner id and source signed into a lookup token of campaign `slug`; nobody's for a
    missing, forged, expired or other campaign's token (a call is never refused for it)."""
    if not token:
        return None, ""
    try:
        grant = read_lookup_token(token, secret=secret)
    except OutcomeInvalidError:
        return None, ""
    return (grant.partner_id, grant.source) if grant.campaign == slug else (None, "")


def _second(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())
