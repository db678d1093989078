"""Proof that a "show me the number" report follows a lookup the server answered.

Every targets answer carries a short-lived token, signed with the app secret, naming the campaign,
the targets shown and a random id of its own. A self-report must bring one back and name one of
those targets, so a report cannot be made up for a legislator nobody was shown, in a campaign's
other states, or long after the visit; and one lookup reports each of its targets once
(app.calls.reports keys a report by `LookupGrant.key` and the target).
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

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


@lru_cache(maxsize=4)
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


@lru_cache(maxsize=4)
def _signer(secret: str) -> TimestampSigner:
    """The signer `_serializer(secret)` signs with (its `make_signer`: a TimestampSigner, the same salt)."""
    return TimestampSigner(secret, salt=_SALT)


def issue_lookup_token(*, secret: str, targets: TargetList) -> str:
    """The token for one answered lookup: its campaign, the ids of the targets it showed, and a
    random id, so no two lookups (not even two of one address in one second) share a token."""
    return sign_lookup_token(
        secret=secret, campaign=targets.campaign.slug, target_ids=reportable_ids(targets)
    )


def reportable_ids(targets: TargetList) -> list[str]:
    """The ids a lookup's token names: the targets shown with an office to call, sorted."""
    return sorted(t.representative.id for t in targets.targets if t.choice is not None)


def sign_lookup_token(*, secret: str, campaign: str, target_ids: list[str]) -> str:
    """`issue_lookup_token` for targets already reduced to their ids (`reportable_ids`).

    The serializer's own format (`read_lookup_token` reads it with `loads`), made with its signer
    kept once per secret and without its attempt at zlib, which cost a warm lookup more than the
    rest of the token: `loads` reads a payload compressed or not."""
    payload = {"c": campaign, "t": target_ids, "n": secrets.token_urlsafe(12)}
    encoded = base64_encode(json.dumps(payload, separators=(",", ":")).encode())
    return _signer(secret).sign(encoded).decode()


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
    return LookupGrant(campaign, target_ids, hashlib.sha256(repr(signed).encode()).hexdigest())


def _second(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())
