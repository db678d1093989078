"""Campaign files that would exhaust memory, the stack or the database are refused with a line.

Issue 25, points 3 (YAML aliases: a 241-byte "billion laughs" grew the process to 22.8 GB) and 8
(nesting → RecursionError; NUL written as a YAML or JSON escape → DataError on PostgreSQL).
"""

import json
import tracemalloc

import pytest

from app.campaigns.files import MAX_DEPTH, parse_campaign_yaml
from app.kernel.errors import CampaignFileError
from tests.campaigns.test_campaign_format import BASE


def laughs(levels: int) -> str:
    """The issue's body: each level nine aliases of the one before (8 levels: 9**8 strings)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def refusal(text: str) -> dict[str, object]:
    with pytest.raises(CampaignFileError) as caught:
        parse_campaign_yaml(text, name="bomb.yaml")
    problems = caught.value.details["problems"]
    assert isinstance(problems, list)
    assert problems
    first = problems[0]
    assert isinstance(first, dict)
    return first


def test_billion_laughs_is_refused_before_anything_is_expanded() -> None:
    tracemalloc.start()
    try:
        problem = refusal(laughs(8))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem["line"] == 1
    assert "anchors and aliases" in str(problem["reason"])
    assert peak < 5_000_000, f"{peak:,} bytes: the aliases were expanded"


def test_an_anchor_or_alias_anywhere_is_refused_on_its_line() -> None:
    aliased = BASE.replace(
        "  us-senate: {bill: S. 1}", "  us-senate: &bills {bill: S. 1}\n  us-house2: *bills"
    )
    problem = refusal(aliased)
    assert problem["line"] == 8
    assert "&name, *name" in str(problem["reason"])


@pytest.mark.parametrize(
    "body",
    ["- " * 5000, "? " * 3000, "[" * 5000, "{a: " * 3000, "title: " + "[" * 30 + "]" * 30],
    ids=["block-sequences", "complex-keys", "flow-sequences", "flow-mappings", "31-deep"],
)
def test_deep_nesting_is_refused_before_composing(body: str) -> None:
    problem = refusal(body)
    assert f"nested more than {MAX_DEPTH} levels deep" in str(problem["reason"])


def test_the_nesting_a_campaign_needs_is_well_within_the_cap() -> None:
    assert parse_campaign_yaml(BASE, name="t.yaml").slug == "test-campaign"
    assert MAX_DEPTH >= 10


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (BASE.replace("title: Test", 'title: "Te\\0st"'), 2),
        (BASE.replace("title: Test", 'title: "\\u0000"'), 2),
        (BASE.replace("title: Test", 'title: "\\ud800"'), 2),
        (BASE.replace("title: Test", 'title: "Test"\n"ke\\0y": 1'), 3),
        (BASE.replace("title: Test", "title: Te\x00st"), 2),
    ],
    ids=["yaml-escape", "unicode-escape", "lone-surrogate", "in-a-key", "written"],
)
def test_nul_anywhere_in_a_campaign_is_refused_on_its_line(text: str, line: int) -> None:
    problem = refusal(text)
    assert problem["line"] == line
    assert "NUL character" in str(problem["reason"])


def test_nul_in_json_is_refused_too() -> None:
    as_json = json.dumps({"slug": "x", "title": "a\u0000b"})
    assert "NUL character" in str(refusal(as_json)["reason"])


@pytest.mark.parametrize(
    ("value", "reason"),
    [("2024-13-45", "month must be in 1..12"), ("9" * 5000, "Exceeds the limit")],
)
def test_a_value_yaml_cannot_build_is_a_problem_on_its_line(value: str, reason: str) -> None:
    problem = refusal(BASE.replace("status: live", f"status: live\nstarts_on: {value}"))
    assert problem["line"] == 4
    assert reason in str(problem["reason"])
