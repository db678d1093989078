"""The campaign format: validation with file, line and field; export; custom targets; descriptions."""

from pathlib import Path

import pytest

from app.campaigns.description import render_description
from app.campaigns.files import campaign_files, campaign_yaml, load_campaign_file, parse_campaign_yaml
from app.kernel.errors import CampaignFileError
from tests.support import PROJECT

BASE = """\
slug: test-campaign
title: Test
status: live
targets:
  chambers: [us-senate, us-house]
chamber_variables:
  us-house: {bill: H.R. 1}
  us-senate: {bill: S. 1}
scripts:
  en:
    text: |
      Hello {{ target.title }} {{ target.last_name }},
      please support {{ bill }}.
"""


def problems(text: str) -> list[dict[str, object]]:
    with pytest.raises(CampaignFileError) as caught:
        parse_campaign_yaml(text, name="test.yaml")
    found = caught.value.details["problems"]
    assert isinstance(found, list)
    return found


def test_the_base_campaign_is_valid() -> None:
    assert parse_campaign_yaml(BASE, name="test.yaml").slug == "test-campaign"


@pytest.mark.parametrize(
    ("change", "line", "field", "reason"),
    [
        (("[us-senate, us-house]", "[us-senate, city-council]"), 5, "targets.chambers.1", "us-senate"),
        (("  chambers:", "  states: [MA, ZZ]\n  chambers:"), 5, "targets.states", "unknown state 'ZZ'"),
        (("please support {{ bill }}", "please support {{ bills }}"), 13, "scripts.en.text", "bills"),
        (("{{ target.last_name }}", "{{ target.nickname }}"), 12, "scripts.en.text", "nickname"),
        (("please support", "{% for %}"), 13, "scripts.en.text", "template syntax error"),
        (
            ("  en:", "  es:"),
            9,
            "scripts",
            "no script in the default language 'en' (a live campaign needs one)",
        ),
        (("status: live", "status: launched"), 3, "status", "'draft', 'live', 'paused' or 'ended'"),
    ],
)
def test_problems_name_the_line_the_field_and_the_reason(
    change: tuple[str, str], line: int, field: str, reason: str
) -> None:
    # A template with an unknown placeholder is reported once for each chamber it fails for.
    problem, *_same = problems(BASE.replace(*change))
    assert all(p["field"] == field and p["line"] == line for p in _same)
    assert problem["file"] == "test.yaml"
    assert problem["line"] == line
    assert problem["field"] == field
    assert reason in str(problem["reason"])


def test_a_variable_missing_for_one_chamber_is_reported_for_that_chamber() -> None:
    text = BASE.replace("  us-senate: {bill: S. 1}\n", "")
    [problem] = problems(text)  # the House has it
    assert problem["reason"] == "unknown placeholder(s) for us-senate: bill"


def test_a_template_that_fails_for_one_chamber_is_reported() -> None:
    text = BASE.replace("please support {{ bill }}.", "district {{ target.district | int + 1 }}.")
    assert parse_campaign_yaml(text, name="t")  # renders for every sample target
    broken = BASE.replace("please support {{ bill }}.", "{{ 1 // (target.chamber == 'us-house') }}")
    [problem] = problems(broken)
    assert "does not render for us-senate" in str(problem["reason"])


def test_a_draft_may_lack_its_default_language_script_until_launched() -> None:
    draft = BASE.replace("status: live", "status: draft").replace("  en:", "  es:")
    assert parse_campaign_yaml(draft, name="t").fallback_language() == "es"


def test_custom_targets_are_checked_and_their_phones_normalized() -> None:
    custom = BASE.replace(
        "chamber_variables:",
        "  custom:\n"
        "    - {name: Governor Healey, title: Governor, phone: '(617) 725-4005', states: [Massachusetts],\n"
        "       variables: {bill: H. 10}}\n"
        "chamber_variables:",
    )
    spec = parse_campaign_yaml(custom, name="t")
    assert spec.targets.custom[0].phone == "+16177254005"
    assert spec.targets.custom[0].states == ["MA"]
    [problem] = problems(custom.replace("'(617) 725-4005'", "'call us'"))
    assert problem["field"] == "targets.custom.0.phone"
    assert problem["line"] == 7
    [problem] = problems(custom.replace("variables: {bill: H. 10}", "variables: {}"))
    assert problem["reason"] == "unknown placeholder(s) for Governor Healey: bill"


def test_both_seed_campaigns_have_english_and_spanish_scripts() -> None:
    files = campaign_files(PROJECT / "campaigns")
    assert files
    for path in files:
        spec = load_campaign_file(path)
        assert {"en", "es"} <= set(spec.scripts), path


@pytest.mark.parametrize("path", campaign_files(PROJECT / "campaigns"), ids=lambda p: p.stem)
def test_export_writes_a_file_that_loads_back_the_same(path: Path) -> None:
    spec = load_campaign_file(path)
    exported = campaign_yaml(spec)
    assert parse_campaign_yaml(exported, name="exported") == spec
    assert "text: |" in exported  # scripts stay readable blocks


def test_descriptions_render_markdown_and_drop_anything_unsafe() -> None:
    html = render_description(
        "Call **today**.\n\n<script>alert(1)</script>\n\n[docs](https://example.org) [x](javascript:alert(1))"
    )
    assert "<strong>today</strong>" in html
    assert "<script>" not in html
    assert 'href="https://example.org"' in html
    assert 'href="javascript' not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_each_language_may_have_its_own_title_description_and_share_text() -> None:
    text = BASE.replace("status: live\n", "status: live\nshare_text: Call too!\n") + (
        "  es:\n    title: Prueba\n    text: Hola {{ target.name }}, {{ bill }}.\n"
        "  fr:\n    share_text: Appelez aussi !\n    text: Bonjour {{ bill }}.\n"
    )
    spec = parse_campaign_yaml(text, name="test.yaml")
    assert spec.page_text("es").title == "Prueba"
    assert spec.page_text("es").share_text == "Call too!"
    assert spec.page_text("fr").title == "Test"
    assert spec.page_text("fr").share_text == "Appelez aussi !"
    assert spec.counter_threshold == 25
    assert parse_campaign_yaml(campaign_yaml(spec), name="again.yaml") == spec


def test_embed_origins_are_origins_only() -> None:
    good = BASE + "embed_origins: [https://Partner.example.org, 'http://localhost:8080']\n"
    assert parse_campaign_yaml(good, name="test.yaml").embed_origins == [
        "https://partner.example.org",
        "http://localhost:8080",
    ]
    (problem,) = problems(BASE + "embed_origins: ['https://partner.example.org/page']\n")
    assert problem["field"] == "embed_origins.0"
    (bad_image,) = problems(BASE + "image: 'http://tracker.example/x.png'\n")
    assert bad_image["field"] == "image"
