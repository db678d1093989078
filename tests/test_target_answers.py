"""Encoded targets answers: a repeat is the answer a fresh lookup would give, with a token of its own."""

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import time_machine

from app.campaigns.lookups import campaign_targets
from app.runtime.target_answers import TargetAnswers
from app.schemas.lookups import CampaignTargetsPublic
from tests.campaigns.test_lookups import GRACE, HeldLookupData
from tests.civic.lookup_fixtures import BOSTON, OneAnswer, small_directory

# A Tuesday, 16:59:30 in Boston (EST): the district offices (9 to 17 by default) close in 30 s.
BEFORE_CLOSING = datetime(2026, 3, 3, 21, 59, 30, tzinfo=UTC)
AFTER_CLOSING = datetime(2026, 3, 3, 22, 0, 30, tzinfo=UTC)


def answered(answers: TargetAnswers, data: HeldLookupData, *, name: str = "Ada") -> dict[str, Any]:
    """The answer's JSON, its token made as the route makes it."""
    answer = asyncio.run(
        answers.answer(data, locator=OneAnswer(BOSTON, asked=[]), slug=GRACE.slug, address="x", name=name)
    )
    body: dict[str, Any] = json.loads(answer.with_token("TOKEN"))
    assert body.pop("lookup") == "TOKEN"
    assert answer.campaign.slug == GRACE.slug
    body["target_ids"] = answer.payload.target_ids
    return body


def fresh(data: HeldLookupData, *, name: str = "Ada") -> dict[str, Any]:
    """What an uncached lookup answers, through the response model."""
    result = asyncio.run(
        campaign_targets(data, locator=OneAnswer(BOSTON, asked=[]), slug=GRACE.slug, address="x", name=name)
    )
    body: dict[str, Any] = json.loads(CampaignTargetsPublic.of_lookup(result, lookup="").model_dump_json())
    del body["lookup"]
    return body


def test_a_repeated_lookup_answers_what_a_fresh_lookup_would() -> None:
    data = HeldLookupData(small_directory())
    answers = TargetAnswers(entries=10)
    with time_machine.travel(BEFORE_CLOSING, tick=False):
        first, again = answered(answers, data), answered(answers, data)
        expected = fresh(data)
    assert first == again
    assert first.pop("target_ids") == ["M000133", "P000617", "W000817"]
    assert first == expected
    assert len(answers) == 1


def test_each_name_and_language_is_an_answer_of_its_own() -> None:
    data = HeldLookupData(small_directory())
    answers = TargetAnswers(entries=10)
    with time_machine.travel(BEFORE_CLOSING, tick=False):
        ada, grace = answered(answers, data, name="Ada"), answered(answers, data, name="Grace")
    assert "My name is Ada." in ada["targets"][0]["script"]
    assert "My name is Grace." in grace["targets"][0]["script"]


def test_an_answer_ends_when_an_office_it_names_closes() -> None:
    data = HeldLookupData(small_directory())
    answers = TargetAnswers(entries=10)
    with time_machine.travel(BEFORE_CLOSING, tick=False):
        before = answered(answers, data)
    with time_machine.travel(AFTER_CLOSING, tick=False):
        after = answered(answers, data)
        assert after == {**fresh(data), "target_ids": after["target_ids"]}
    assert [t["office_status"]["open_now"] for t in before["targets"]] == [True, True, True]
    assert [t["office_status"]["open_now"] for t in after["targets"]] == [False, False, False]


def test_a_new_campaign_version_is_answered_at_once() -> None:
    data = HeldLookupData(small_directory())
    answers = TargetAnswers(entries=10)
    with time_machine.travel(BEFORE_CLOSING, tick=False):
        answered(answers, data)
        english = GRACE.scripts["en"].model_copy(
            update={"text": "Hello {{ target.name }}, it is {{ caller.name }}."}
        )
        data.campaign_spec = GRACE.model_copy(update={"scripts": {**GRACE.scripts, "en": english}})
        edited = answered(answers, data)
    assert edited["targets"][0]["script"] == "Hello Edward Markey, it is Ada."


def test_at_most_the_configured_number_of_answers_is_kept() -> None:
    data = HeldLookupData(small_directory())
    with time_machine.travel(BEFORE_CLOSING, tick=False):
        kept = TargetAnswers(entries=2)
        names = [answered(kept, data, name=name)["targets"][0]["script"] for name in ("Ada", "Bo", "Cy")]
        none = TargetAnswers(entries=0)
        assert answered(none, data, name="Cy")["targets"][0]["script"] == names[2]
    assert len(kept) == 2
    assert len(none) == 0


def test_lookups_asking_while_an_answer_is_built_share_that_build() -> None:
    """When a kept answer expires at a peak, the lookups arriving meanwhile do not each fill it in again."""
    data = HeldLookupData(small_directory())
    answers = TargetAnswers(entries=10)

    async def at_once() -> list[object]:
        locator = OneAnswer(BOSTON, asked=[])
        asked = [answers.answer(data, locator=locator, slug=GRACE.slug, address="x") for _ in range(3)]
        return list(await asyncio.gather(*asked))

    with time_machine.travel(BEFORE_CLOSING, tick=False):
        first, *others = asyncio.run(at_once())
    assert all(other is first for other in others)
    assert len(answers) == 1
