""" "Try every state" for a committee campaign: the committee by its name where it leaves some
callers no one to call or a script fails for one of its members, against the real directory
(congress-legislators snapshot, Senate Judiciary: Grassley chairs it, Welch of VT sits on it, no
senator of WY does)."""

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from app.campaigns.files import parse_campaign_yaml
from app.campaigns.spec import CampaignSpec
from app.campaigns.state_check import try_every_state
from app.runtime.read_models import ReadModels
from tests.support import HTML, ORGANIZER_EMAIL, csrf_from, sign_in
from tests.web.test_campaign_builder import judiciary

NOW = datetime(2026, 6, 20, 15, tzinfo=UTC)
JUDICIARY = "Senate Committee on the Judiciary"


def committee_campaign(
    rule: str, *, script: str = "Hello {{ target.title }} {{ target.last_name }}."
) -> CampaignSpec:
    return parse_campaign_yaml(
        f"slug: check\ntitle: T\ntargets:\n  committees:\n    - id: SSJU\n      rule: {rule}\n"
        f"scripts:\n  en:\n    text: {script!r}\n",
        name="check.yaml",
    )


def test_only_your_own_member_names_the_committee_and_the_states_left_with_no_one(
    warm_read_models: ReadModels,
) -> None:
    check = try_every_state(warm_read_models.directory(), campaign=committee_campaign("own-only"), now=NOW)
    assert check.problems == []
    [judiciary_problems] = check.committees
    assert judiciary_problems.name == JUDICIARY
    assert "WY" in judiciary_problems.states_without_member
    assert "VT" not in judiciary_problems.states_without_member, "Welch sits on it"
    assert not judiciary_problems.nobody_reachable
    assert check.members_checked >= 20
    assert check.states_checked >= 50


def test_a_script_failing_for_committee_members_names_them_and_the_committee(
    warm_read_models: ReadModels,
) -> None:
    not_for_welch = "{{ 100 // (0 if target.last_name == 'Welch' else 1) }}"
    spec = committee_campaign("everyone", script=not_for_welch)
    check = try_every_state(warm_read_models.directory(), campaign=spec, now=NOW)
    [judiciary_problems] = check.committees
    assert judiciary_problems.name == JUDICIARY
    assert judiciary_problems.states_without_member == []
    assert judiciary_problems.script_fails == ["Senator Peter Welch (en)"]


def test_a_committee_gone_from_the_directory_is_named_by_its_id(warm_read_models: ReadModels) -> None:
    spec = parse_campaign_yaml(
        "slug: check\ntitle: T\ntargets:\n  committees: [{id: SSZZ}]\nscripts:\n  en:\n    text: Hello.\n",
        name="check.yaml",
    )
    [gone] = try_every_state(warm_read_models.directory(), campaign=spec, now=NOW).committees
    assert (gone.committee_id, gone.name, gone.missing) == ("SSZZ", "SSZZ", True)


def test_the_builder_says_which_committee_leaves_which_callers_with_no_one(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    own_only = judiciary(csrf, states="VT, WY", committee_rule=["own-only", "everyone"])
    answer = client.post("/admin/builder/states", data=own_only).text
    assert "1 committee needs a look" in answer
    assert (
        f'<li data-committee="SSJU"><strong>{JUDICIARY}</strong>: no member reachable for WY callers'
        in answer
    )
    failing = judiciary(
        csrf, states="VT, WY", script__en="{{ 100 // (0 if target.last_name == 'Welch' else 1) }}"
    )
    answer = client.post("/admin/builder/states", data=failing).text
    assert f"<strong>{JUDICIARY}</strong>: the script does not fill in for Senator Peter Welch (en)" in answer
    everyone = client.post("/admin/builder/states", data=judiciary(csrf, states="VT, WY")).text
    assert "committee" not in everyone.split("state-check")[1].split("</p>")[0]
    assert "have a number to call, and every script fills in for them." in everyone
