"""Scripts that would fail or explode for some callers are refused at save, and never fail a page.

Issue 13, points 6 (every chamber in every targeted state; bounded operators and output; a render
error skips that target's script with a note) and 7 (custom targets follow the caller-number rules).
"""

import logging
import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.campaigns.files import parse_campaign_yaml
from app.campaigns.sandbox import MAX_SCRIPT_CHARS, ScriptLimitError
from app.campaigns.scripts import Caller, ScriptTarget, render_script
from app.kernel.phones import parse_office_phone
from app.models.campaigns import Campaign
from app.storage.db import create_db_engine, session_scope
from app.storage.versions import CAMPAIGNS, bump_version
from tests.campaigns.test_campaign_format import BASE, problems

SAMPLE = ScriptTarget("Senator", "Alex Sample", "Sample", "us-senate", "CA", "")


def render(template: str) -> str:
    return render_script(template, caller=Caller(), target=SAMPLE, variables={}, language="en")


@pytest.mark.parametrize(
    "template",
    [
        "{{ 'x' * 20000000 }}",
        "{{ 20000000 * 'x' }}",
        "{{ [1] * 20000000 }}",
        "{{ 3 ** 3000000 }}",
        "{{ 'x' | center(20000000) }}",
        "{{ 'x' | indent(20000000, true) }}",
        "{{ '%20000000s' % 'x' }}",
        "{{ '{:>20000000}'.format('x') }}",
        "{{ '%20000000s' | format('x') }}",
        "{% for i in range(100000) %}{% endfor %}",
        "{% for i in range(9000) %}0123456789{% endfor %}",
        "{% set s = 'xxxxxxxxxxxxxxxxxxxx' %}{{ (s ~ s ~ s ~ s ~ s) * 1000 }}",
    ],
)
def test_operators_filters_and_output_are_bounded(template: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ScriptLimitError):
        render(template)
    assert time.perf_counter() - started < 5, "refused before the work is done"


def test_ordinary_arithmetic_and_filters_still_work() -> None:
    assert render("{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ 'x' | center(5) }}|") == "1024 ababab   x  |"
    assert len(render("{% for i in range(1000) %}ab{% endfor %}")) == 2000
    assert MAX_SCRIPT_CHARS > 2000


CA_ONLY_BOMB = "{% if target.state == 'CA' %}{{ 1 / 0 }}{% endif %}Hello {{ target.name }}"


def test_a_script_failing_in_one_state_is_refused_at_save() -> None:
    found = problems(BASE.replace("please support {{ bill }}.", CA_ONLY_BOMB))
    reasons = [str(p["reason"]) for p in found]
    assert len(reasons) == 2, "one problem per chamber, not one per state"
    assert "does not render for us-senate in CA: division by zero" in reasons[0]
    assert "does not render for us-house in CA" in reasons[1]
    assert {p["field"] for p in found} == {"scripts.en.text"}


def test_a_state_campaign_is_checked_only_for_its_states() -> None:
    only_ma = BASE.replace("  chambers:", "  states: [MA]\n  chambers:")
    assert parse_campaign_yaml(only_ma.replace("please support {{ bill }}.", CA_ONLY_BOMB), name="t")
    found = problems(only_ma.replace("please support {{ bill }}.", "{{ 1 / (target.state != 'MA') }}"))
    assert ["in MA" in str(p["reason"]) for p in found] == [True, True]


def store_en_script(database_url: str, slug: str, text: str | None) -> None:
    """Change a stored campaign behind the checks' back (saved before them, or a case they cannot
    foresee); None stores a definition that no longer validates (no scripts)."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).one()
        spec = dict(campaign.spec)
        if text is None:
            spec["scripts"] = {}
        else:
            spec["scripts"] = {**spec["scripts"], "en": {**spec["scripts"]["en"], "text": text}}
        campaign.spec = spec
        session.add(campaign)
        bump_version(session, kind=CAMPAIGNS)  # as every save does
    engine.dispose()


def test_a_script_that_fails_at_lookup_is_skipped_with_a_note_not_a_500(
    client: TestClient, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store_en_script(
        database_url, "grace-no-ban", "{% if target.chamber == 'us-house' %}{{ 1 / 0 }}{% endif %}Hi"
    )
    with caplog.at_level(logging.WARNING, logger="switchboard"):
        response = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "21550"})
    assert response.status_code == 200, response.text
    scripts = {t["chamber"]: t["script"] for t in response.json()["targets"]}
    assert scripts["us-senate"] == "Hi"
    assert "could not prepare the script" in scripts["us-house"]
    assert "campaign grace-no-ban: the en script does not render" in caplog.text


def test_a_stored_campaign_that_no_longer_loads_takes_no_other_down(
    client: TestClient, database_url: str
) -> None:
    store_en_script(database_url, "grace-no-ban", "{% if %}Hi")
    lookup = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "21550"})
    assert lookup.status_code == 200, lookup.text
    assert all("could not prepare the script" in t["script"] for t in lookup.json()["targets"])

    store_en_script(database_url, "grace-no-ban", None)
    assert (
        client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "21550"}).status_code == 404
    )
    other = client.get("/api/v1/campaigns/ma-safe-communities/targets", params={"address": "01003"})
    assert other.status_code == 200, other.text


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("+1 900 555 0100", "premium-rate"),
        ("+44 20 7946 0958", "US phone numbers"),
        ("+52 55 5555 5555", "US phone numbers"),
        ("22395", "not a valid phone number"),
    ],
)
def test_custom_targets_follow_the_caller_number_rules(number: str, reason: str) -> None:
    custom = BASE.replace(
        "chamber_variables:",
        f"  custom:\n    - {{name: Governor Healey, title: Governor, phone: '{number}',\n"
        "       variables: {bill: H. 1}}\n"
        "chamber_variables:",
    )
    [problem] = problems(custom)
    assert problem["field"] == "targets.custom.0.phone"
    assert reason in str(problem["reason"])


def test_an_office_may_have_a_toll_free_number() -> None:
    assert parse_office_phone("(800) 555-0199") == "+18005550199"
    assert parse_office_phone("617-725-4005") == "+16177254005"
