"""Campaign files: the shipped ones load, and every kind of mistake names file, line and reason."""

from pathlib import Path

import pytest

from app.campaigns.files import load_campaign_file, parse_campaign_yaml
from app.kernel.errors import CampaignFileError
from tests.support import PROJECT

VALID = """\
slug: test-campaign
title: Test
status: live
targets:
  chambers: [us-house]
chamber_variables:
  us-house:
    bill: "H.R. 1"
scripts:
  en:
    text: |
      Hello, my name is {{ caller.name }}.
      Please ask the {{ target.title }} to support {{ bill }}.
"""


def problems(text: str) -> str:
    with pytest.raises(CampaignFileError) as raised:
        parse_campaign_yaml(text, name="campaigns/test.yaml")
    return raised.value.message


def test_shipped_campaigns_load() -> None:
    for path in sorted((PROJECT / "campaigns").glob("*.yaml")):
        spec = load_campaign_file(path)
        assert spec.slug == path.stem
        assert {"en", "es"} <= set(spec.scripts)


def test_grace_no_ban_definition() -> None:
    spec = load_campaign_file(PROJECT / "campaigns" / "grace-no-ban.yaml")
    assert spec.targets.chambers == ["us-senate", "us-house"]
    assert spec.variables_for("us-house") == {"grace_act": "H.R. 2146", "no_ban_act": "H.R. 2214"}
    assert spec.variables_for("us-senate") == {"grace_act": "S.1088", "no_ban_act": "S.1123"}


def test_valid_file_parses() -> None:
    assert parse_campaign_yaml(VALID, name="x.yaml").slug == "test-campaign"


def test_unknown_placeholder_names_file_line_and_placeholder() -> None:
    message = problems(VALID.replace("{{ bill }}", "{{ bil }}"))
    assert message.startswith("campaigns/test.yaml:13: scripts.en.text: ")
    assert "bil" in message


def test_unknown_attribute_of_target_is_caught_by_rendering() -> None:
    message = problems(VALID.replace("{{ target.title }}", "{{ target.nickname }}"))
    assert "campaigns/test.yaml:" in message
    assert "nickname" in message


def test_unknown_chamber() -> None:
    message = problems(VALID.replace("[us-house]", "[us-moon]"))
    assert message.startswith("campaigns/test.yaml:5: targets.chambers.0: ")


def test_unknown_state() -> None:
    message = problems(VALID.replace("  chambers: [us-house]", "  chambers: [us-house]\n  states: [ZZ]"))
    assert "targets.states" in message
    assert "unknown state 'ZZ'" in message


def test_unknown_field() -> None:
    assert "campaigns/test.yaml:3: statu: Extra inputs are not permitted" in problems(
        VALID.replace("status:", "statu:")
    )


def test_template_syntax_error_points_into_the_template() -> None:
    message = problems(VALID.replace("{{ bill }}.", "{{ bill }."))
    assert message.startswith("campaigns/test.yaml:13: scripts.en.text: template syntax error")


def test_not_yaml() -> None:
    assert problems("slug: [unclosed\n").startswith("campaigns/test.yaml:2: not valid YAML")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("slug: [unclosed\n", "2: not valid YAML: expected ',' or ']', but got '<stream end>'"),
        ("slug: a\n\tb: c\n", "2: not valid YAML: found character '\\t' that cannot start any token"),
        ("slug: a\ntitle: \ud800\n", "1: not valid YAML: unacceptable character #xd800"),
        ('slug: a\ntitle: "\\ud800"\n', "2: the NUL character (and lone surrogates) cannot be stored"),
    ],
)
def test_a_file_libyaml_refuses_gets_the_problem_pyyaml_names(text: str, message: str) -> None:
    """Files are read with libyaml; what it refuses (or cannot take: a lone surrogate in the
    text) is read again by PyYAML's Python parser, so the problem is worded as it always was."""
    assert problems(text).startswith(f"campaigns/test.yaml:{message}")


def test_no_script_in_default_language() -> None:
    assert "no script in the default language 'es'" in problems(
        VALID.replace("status: live", "status: live\ndefault_language: es")
    )


def test_sandbox_refuses_unsafe_templates() -> None:
    message = problems(VALID.replace("{{ bill }}", "{{ bill.__class__.__mro__ }}"))
    assert "does not render" in message or "unknown placeholder" in message


def test_load_dir_reports_bad_files_and_loads_the_rest(tmp_path: Path, database_url: str) -> None:
    from app.campaigns.store import get_campaign, load_campaign_dir
    from app.storage.db import create_db_engine, session_scope

    (tmp_path / "good.yaml").write_text(VALID.replace("test-campaign", "good"))
    (tmp_path / "bad.yaml").write_text(
        VALID.replace("slug: test-campaign\n", "").replace("{{ bill }}", "{{ nope }}")
    )
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        report = load_campaign_dir(session, directory=tmp_path)
    assert report.loaded == ["good"]
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"{tmp_path / 'bad.yaml'}:12:")
    with session_scope(engine) as session:
        assert get_campaign(session, slug="good").title == "Test"
    engine.dispose()
