"""The builder's form: campaign files round-trip through it unchanged (comments included), each
problem lands at its field in plain words, and what was typed is kept."""

import re
from pathlib import Path

import pytest

from app.campaigns.builder import build_campaign, form_field
from app.campaigns.chamber_scripts import ChamberScripts, compose_script, split_script
from app.campaigns.files import load_campaign_file, parse_campaign_yaml
from app.campaigns.form import CampaignForm, LanguageText, form_of, read_posted
from app.campaigns.form_checks import site_origin
from app.kernel.vocabulary import Chamber
from tests.support import FIXTURES, PROJECT

CAMPAIGN_FILES = sorted((PROJECT / "campaigns").glob("*.yaml"))
SENATE, HOUSE = str(Chamber.STATE_UPPER), str(Chamber.STATE_LOWER)


@pytest.mark.parametrize("path", CAMPAIGN_FILES, ids=lambda p: p.stem)
def test_every_campaign_file_round_trips_through_the_form_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    spec = load_campaign_file(path)
    built = build_campaign(form_of(spec), original=text)
    assert not built.problems
    assert built.text == text
    assert built.spec == spec


def test_a_comment_survives_an_edit_of_another_field() -> None:
    path = PROJECT / "campaigns" / "ma-safe-communities.yaml"
    text = path.read_text(encoding="utf-8")
    form = form_of(load_campaign_file(path))
    form.goal = "1,500"
    form.languages[1].title = "Aprueben la ley"
    built = build_campaign(form, original=text)
    assert built.spec is not None
    assert built.spec.goal == 1500
    assert built.spec.scripts["es"].title == "Aprueben la ley"
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#") or " # " in line]
    assert comments, "the seed file has comments to keep"
    for line in comments:
        assert line in built.text
    assert "goal: 1500" in built.text
    assert form_of(built.spec).goal == "1500"


def massachusetts_form() -> CampaignForm:
    """The issue's campaign, as an organizer fills the form in (no {{ or {% typed: the chips insert)."""
    english = LanguageText(
        "en",
        title="Pass the Safe Communities Act",
        description="Call your state senator and representative.",
        script="Hello, my name is {{ caller.name }} from {{ caller.city }}. Please ask "
        "{{ target.title }} {{ target.last_name }} to support {{ bill }}.",
        by_chamber={SENATE: "Senator {{ target.last_name }}, please co-sponsor {{ bill }}."},
    )
    spanish = LanguageText(
        "es",
        title="Aprueben la Ley de Comunidades Seguras",
        script="Hola, me llamo {{ caller.name }}. "
        "Pídale a {{ target.title }} {{ target.last_name }} que apoye {{ bill }}.",
    )
    return CampaignForm(
        slug="ma-bill",
        languages=[english, spanish],
        chambers=[SENATE, HOUSE],
        states="Massachusetts",
        variables=[("bill", "S.1401", ""), ("bill", "H.3573", HOUSE)],
        embed_sites="Example.org/campaigns\nlocalhost:8767",
    )


def test_a_new_campaign_from_the_form_and_back() -> None:
    built = build_campaign(massachusetts_form(), original="")
    assert not built.problems, built.problems.by_field
    spec = built.spec
    assert spec is not None
    assert spec.targets.states == ["MA"]
    assert spec.chamber_variables == {Chamber.STATE_LOWER: {"bill": "H.3573"}}
    assert spec.embed_origins == ["https://example.org", "http://localhost:8767"]
    assert spec.scripts["en"].text.startswith('{% if target.chamber == "state-upper" %}')
    again = form_of(parse_campaign_yaml(built.text, name="again"))
    assert again.languages[0].by_chamber == {
        SENATE: "Senator {{ target.last_name }}, please co-sponsor {{ bill }}."
    }
    assert build_campaign(again, original=built.text).text == built.text


def test_a_goal_of_25_is_written_and_the_default_counter_threshold_is_not() -> None:
    form = massachusetts_form()
    form.goal = "25"
    built = build_campaign(form, original="")
    assert "goal: 25" in built.text
    assert "counter_threshold" not in built.text


def test_each_problem_is_at_its_field_in_plain_words_and_the_typing_is_kept() -> None:
    form = massachusetts_form()
    form.slug = "MA Bill!"
    form.states = "MA, Atlantis"
    form.goal = "lots"
    form.starts_on, form.ends_on = "2026-05-01", "2026-04-01"
    form.embed_sites = "not a site"
    form.variables = [("Bill Number", "S.1", "")]
    form.languages[1].script = "Hola {{ bil }}"
    form.chambers = []
    problems = build_campaign(form, original="").problems.by_field
    assert "lowercase letters, digits and dashes" in problems["slug"]
    assert "“Atlantis” is not a US state" in problems["states"]
    assert "“lots” is not a whole number" in problems["goal"]
    assert "end date is before the start date" in problems["ends_on"]
    assert (
        problems["embed_sites"] == "“not a site” is not a site: type one like example.org or localhost:8767."
    )
    assert "“Bill Number” cannot be a variable's name" in problems["variables"]
    assert "Tick at least one" in problems["chambers"]
    assert form.states == "MA, Atlantis", "kept as typed"


def test_a_script_problem_is_at_its_language_box() -> None:
    form = massachusetts_form()
    form.languages[1].script = "Hola {{ bil }}"
    problems = build_campaign(form, original="").problems.by_field
    assert set(problems) == {"script__es"}
    assert "unknown placeholder" in problems["script__es"].lower()
    assert "bil" in problems["script__es"]


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("example.org", "https://example.org"),
        ("https://Partner.Example.org/page?x=1", "https://partner.example.org"),
        ("localhost:8767", "http://localhost:8767"),
        ("http://127.0.0.1:9000/", "http://127.0.0.1:9000"),
    ],
)
def test_an_embed_site_is_typed_as_a_site_and_kept_as_an_origin(typed: str, origin: str) -> None:
    assert site_origin(typed) == origin


@pytest.mark.parametrize(
    "typed", ["example", "ftp://example.org", "exa mple.org", "example.org:99999", "a@b.org"]
)
def test_what_is_not_a_site_is_refused_with_the_fix(typed: str) -> None:
    with pytest.raises(ValueError, match=r"type one like example\.org"):
        site_origin(typed)


def test_per_chamber_texts_compose_and_split_and_a_hand_written_template_stays_whole() -> None:
    parts = ChamberScripts(common="Hello.", by_chamber={SENATE: "Hi Senator.", HOUSE: "Hi Rep."})
    assert split_script(compose_script(parts)) == parts
    hand = '{% if target.chamber == "state-upper" %}A{% else %}B{% endif %}'
    assert split_script(hand) == ChamberScripts(common=hand)
    assert compose_script(ChamberScripts(common="Only.")) == "Only."


def test_the_posted_form_reads_order_languages_and_variables() -> None:
    posted = {
        "slug": ["x-y"],
        "languages": ["en", "es"],
        "chamber_order": [HOUSE, SENATE, str(Chamber.US_SENATE), str(Chamber.US_HOUSE)],
        "chambers": [SENATE, HOUSE],
        "script__en": ["Hi\r\nthere"],
        f"script__en__{SENATE}": ["Senator\r\n"],
        "var_name": ["bill", ""],
        "var_value": ["S.1", ""],
        "var_for": ["", ""],
    }
    form = read_posted(posted)
    assert form.chambers == [HOUSE, SENATE]
    assert [t.code for t in form.languages] == ["en", "es"]
    assert form.variables == [("bill", "S.1", "")]
    assert form.languages[0].by_chamber == {SENATE: "Senator"}


def test_a_file_field_maps_to_its_form_field() -> None:
    assert form_field("scripts.es.text", default_language="en") == "script__es"
    assert form_field("title", default_language="es") == "title__es"
    assert form_field("targets.chambers.0", default_language="en") == "chambers"
    assert form_field("embed_origins.1", default_language="en") == "embed_sites"


def test_a_committee_campaign_round_trips_and_a_changed_rule_keeps_its_comments() -> None:
    path = FIXTURES / "campaigns" / "judiciary-committee.yaml"
    text = path.read_text(encoding="utf-8")
    form = form_of(load_campaign_file(path))
    assert form.committees == [("SSJU", "own-first")]
    assert (form.own_legislators, form.max_targets) == ("before", "5")
    assert build_campaign(form, original=text).text == text
    form.committees = [("SSJU", "own-only")]
    form.own_legislators, form.max_targets = "fallback", ""
    form.chambers = [str(Chamber.US_SENATE)]
    built = build_campaign(form, original=text)
    assert built.spec is not None
    assert built.spec.targets.committees[0].rule == "own-only"
    assert "    - id: SSJU                # search the directory" in built.text
    assert re.search(r"\n      rule: own-only +# everyone \| own-only \| own-first\n", built.text)
    assert "own_legislators: fallback" in built.text
    assert "max_targets" not in built.text


def test_the_posted_committee_rows_skip_the_blank_one_and_a_repeat() -> None:
    posted = {
        "committee": ["SSJU", "HSJU", "SSJU", ""],
        "committee_rule": ["own-first", "everyone", "own-only", "everyone"],
        "own_legislators": ["after"],
        "max_targets": [" 5 "],
    }
    form = read_posted(posted)
    assert form.committees == [("SSJU", "own-only"), ("HSJU", "everyone")]
    assert (form.own_legislators, form.max_targets) == ("after", "5")


def test_a_campaign_calling_only_picked_officials_saves_from_the_form_keeping_them() -> None:
    text = (
        "slug: officials-only\ntitle: T\ntargets:\n  officials: [G000386, D000563]  # chair, ranking\n"
        "scripts:\n  en:\n    text: Hello.\n"
    )
    form = form_of(parse_campaign_yaml(text, name="officials"))
    assert form.officials == ["G000386", "D000563"]
    assert form.kept_targets == 0
    assert read_posted({"kept_targets": ["2"]}).kept_targets == 2
    form.goal = "100"
    built = build_campaign(form, original=text)
    assert not built.problems, built.problems.by_field
    assert "  officials: [G000386, D000563]  # chair, ranking\n" in built.text
