"""Warm lookups answered from encoded bytes: the targets answer built once, the lookup token spliced in.

The public targets answer (`CampaignTargetsPublic`, JSON) depends on the campaign, the directory,
the location, the caller's name, the requested language and the moment; its lookup token is the
only part that must differ between two lookups. So each answer is encoded once, split around its
token, and kept per (campaign, location, name, language): a repeat costs one dictionary look-up,
one token and one join, instead of filling in the scripts in a worker thread, validating the
response models and encoding them (measured: docs/performance.md).

An answer is reused only while nothing it shows can have changed:
- the campaign and the directory are the very read models it was built from (a sync, a correction
  or a campaign save builds new ones, app/runtime/read_models.py), and the office numbers avoided
  for a reported full mailbox are the same (app/civic/directory/line_health.py);
- the moment is before the first of: an office it names opening or closing (`changes_at`), the next
  whole hour (terms begin and end, and days turn, on whole hours), and `MAX_AGE` after it was built.
Whether the campaign is open today is checked on every request, before the cache.

Lookups asking for an answer while it is being built share that build (one fill-in however many
ask): when a kept answer expires at a peak, every lookup arriving meanwhile filled in the same
scripts again in a worker thread of its own.

At most `entries` answers are kept (the least recently used go first): about 6 kB each.
"""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.calls.lookup_tokens import TokenPayload, token_payload
from app.campaigns.lookups import (
    CampaignQuestion,
    LookupData,
    caller_name,
    fill_in_targets,
    locate_for_campaign,
)
from app.campaigns.spec import CampaignSpec
from app.campaigns.targeting import TargetList
from app.civic.directory.view import DirectoryView
from app.civic.geography.location import Location
from app.civic.locating.locate import Locator
from app.civic.locating.single_flight import SingleFlight
from app.schemas.lookups import CampaignTargetsPublic

MAX_AGE = timedelta(seconds=60)
_PLACEHOLDER = "LOOKUP-TOKEN"  # the token's place while the answer is encoded; the last field

AnswerKey = tuple[str, Location, str, str | None]


@dataclass(frozen=True)
class EncodedAnswer:
    campaign: CampaignSpec
    directory: DirectoryView
    payload: TokenPayload  # what its tokens name: the targets shown and their numbers
    avoided: frozenset[str]  # the numbers avoided when it was built
    before_token: bytes
    after_token: bytes
    built_at: datetime
    valid_until: datetime

    def with_token(self, token: str) -> bytes:
        return b"".join((self.before_token, token.encode(), self.after_token))

    def answers(self, question: CampaignQuestion, *, now: datetime) -> bool:
        return (
            self.campaign is question.campaign
            and self.directory is question.directory
            and self.built_at <= now < self.valid_until
            and self.avoided == question.avoided(now=now)
        )


def encode_answer(question: CampaignQuestion, targets: TargetList, *, now: datetime) -> EncodedAnswer:
    """The answer as JSON bytes around the place of its token, and until when it holds."""
    encoded = CampaignTargetsPublic.of_lookup(targets, lookup=_PLACEHOLDER).model_dump_json().encode()
    before, place, after = encoded.rpartition(_PLACEHOLDER.encode())
    assert place, "the answer has a place for its token"
    assert after == b'"}', "the token is the answer's last field"
    return EncodedAnswer(
        campaign=question.campaign,
        directory=question.directory,
        payload=token_payload(targets),
        avoided=question.avoided(now=now),
        before_token=before,
        after_token=after,
        built_at=now,
        valid_until=_valid_until(targets, now=now),
    )


def _valid_until(targets: TargetList, *, now: datetime) -> datetime:
    next_hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    changes = [
        t.choice.status.changes_at
        for t in targets.targets
        if t.choice is not None and t.choice.status is not None and t.choice.status.changes_at is not None
    ]
    return min([now + MAX_AGE, next_hour, *changes])


class TargetAnswers:
    """The per-process cache of encoded targets answers (one per web process, in Services)."""

    def __init__(self, *, entries: int) -> None:
        self._entries = entries
        self._answers: OrderedDict[AnswerKey, EncodedAnswer] = OrderedDict()
        self._builds: SingleFlight[EncodedAnswer] = SingleFlight()

    def __len__(self) -> int:
        """How many answers are kept."""
        return len(self._answers)

    async def answer(
        self,
        data: LookupData,
        *,
        locator: Locator,
        slug: str,
        address: str,
        name: str = "",
        language: str | None = None,
    ) -> EncodedAnswer:
        """The public targets answer for a constituent at `address`, from the cache when it holds."""
        question = await locate_for_campaign(data, locator=locator, slug=slug, address=address)
        key: AnswerKey = (slug, question.location, caller_name(name), language)
        now = datetime.now(UTC)
        kept = self._answers.get(key)
        if kept is not None and kept.answers(question, now=now):
            self._answers.move_to_end(key)
            return kept
        # Whoever asks while this answer is being built shares that build: when a kept answer
        # expires at a peak, the lookups arriving meanwhile would each fill in the same scripts.
        flight = (key, id(question.campaign), id(question.directory))
        return await self._builds.share(flight, work=self._build(key, question, now=now))

    async def _build(self, key: AnswerKey, question: CampaignQuestion, *, now: datetime) -> EncodedAnswer:
        _slug, _location, name, language = key
        targets = await fill_in_targets(question, name=name, language=language, now=now)
        answer = encode_answer(question, targets, now=now)
        if self._entries:
            self._answers[key] = answer
            while len(self._answers) > self._entries:
                self._answers.popitem(last=False)
        return answer
