"""Proof that a "show me the number" report follows a lookup the server answered.

Every targets answer carries a short-lived token, signed with the app secret, naming the campaign
and the targets shown. A self-report must bring one back and name one of those targets, so a
report cannot be made up for a legislator nobody was shown, in a campaign's other states, or long
after the visit.
"""

import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

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


@lru_cache(maxsize=4)
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def issue_lookup_token(*, secret: str, targets: TargetList) -> str:
    """The token for one answered lookup: its campaign and the ids of the targets it showed."""
    ids = tuple(sorted(t.representative.id for t in targets.targets if t.choice is not None))
    return _token(secret, targets.campaign.slug, ids, second=int(time.time()))


@lru_cache(maxsize=1024)
def _token(secret: str, campaign: str, ids: tuple[str, ...], *, second: int) -> str:
    # The signed timestamp has one-second resolution: within a second the token is the same text.
    return str(_serializer(secret).dumps({"c": campaign, "t": list(ids)}))


def read_lookup_token(token: str, *, secret: str, max_age: timedelta = LOOKUP_MAX_AGE) -> LookupGrant:
    """What a token grants; OutcomeInvalidError when it is forged, altered or too old."""
    serializer = _serializer(secret)
    try:
        payload = serializer.loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        raise OutcomeInvalidError(
            "This page is too old to report a call: please look up your address again."
        ) from None
    except BadSignature:
        raise OutcomeInvalidError(NO_LOOKUP) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), list):
        raise OutcomeInvalidError(NO_LOOKUP)
    return LookupGrant(str(payload.get("c", "")), frozenset(str(i) for i in payload["t"]))
