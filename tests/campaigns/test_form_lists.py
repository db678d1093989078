"""The builder's lists: officials picked from the directory and a list of people as CSV, read from a
campaign file into the form and written back (comments kept, nothing lost), each bad row of the list
named, the rows with problems skipped on request, and officials the directory no longer holds."""

import re

import pytest

from app.campaigns.builder import build_campaign
from app.campaigns.files import campaign_yaml, parse_campaign_yaml
from app.campaigns.form import form_of, read_posted
from app.campaigns.people_csv import check_people, people_csv_text
from app.campaigns.spec import CampaignSpec
from app.kernel.errors import CampaignFileError

LISTS = """\
slug: lists
title: Call the officials and the list
# Chair and ranking member of Senate Judiciary, then the governors.
targets:
  officials: [G000386, D000563]  # in call order
  people:
    - {name: Maura Healey, title: Governor, phone: "(617) 725-4005", state: MA}  # Boston office
    - {name: Phil Scott, title: Governor, phone: "802-828-3333", state: VT}
  own_legislators: after
scripts:
  en:
    text: Hello {{ target.title }} {{ target.last_name }}.
"""


def test_officials_and_people_round_trip_through_the_form_byte_for_byte() -> None:
    spec = parse_campaign_yaml(LISTS, name="lists")
    form = form_of(spec)
    assert form.officials == ["G000386", "D000563"]
    assert form.people == (
        "name,title,phone,state\nMaura Healey,Governor,(617) 725-4005,MA\n"
        "Phil Scott,Governor,(802) 828-3333,VT\n"
    )
    assert form.kept_targets == 0
    built = build_campaign(form, original=LISTS)
    assert not built.problems, built.problems.by_field
    assert built.text == LISTS, "an unchanged list stays as written, its comments too"
    assert built.spec == spec


def test_an_edit_of_another_field_keeps_the_lists_and_their_comments() -> None:
    form = form_of(parse_campaign_yaml(LISTS, name="lists"))
    form.goal = "300"
    built = build_campaign(form, original=LISTS)
    assert built.spec is not None
    assert "  officials: [G000386, D000563]  # in call order\n" in built.text
    assert "state: MA}  # Boston office\n" in built.text
    assert "# Chair and ranking member of Senate Judiciary, then the governors.\n" in built.text
    assert "goal: 300" in built.text


def test_a_changed_list_is_written_as_csv_and_reads_back_the_same() -> None:
    form = form_of(parse_campaign_yaml(LISTS, name="lists"))
    form.officials = ["D000563", "G000386", "W000817"]
    form.people += "Pat Agency,Director,202-555-0143\n"
    built = build_campaign(form, original=LISTS)
    assert built.spec is not None, built.problems.by_field
    assert re.search(r"\n  officials: \[D000563, G000386, W000817\] +# in call order\n", built.text)
    assert (
        "  people: |\n    name,title,phone,state\n    Maura Healey,Governor,(617) 725-4005,MA\n"
        "    Phil Scott,Governor,(802) 828-3333,VT\n    Pat Agency,Director,(202) 555-0143,\n"
    ) in built.text
    assert [p.name for p in built.spec.targets.people] == ["Maura Healey", "Phil Scott", "Pat Agency"]
    again = form_of(parse_campaign_yaml(built.text, name="again"))
    assert again.officials == form.officials
    assert again.people == form.people.replace("202-555-0143", "(202) 555-0143,")
    assert build_campaign(again, original=built.text).text == built.text, "form → YAML → form loses nothing"


def test_emptied_lists_leave_the_file() -> None:
    form = form_of(parse_campaign_yaml(LISTS, name="lists"))
    form.officials, form.people, form.chambers = [], "", ["us-senate"]
    built = build_campaign(form, original=LISTS)
    assert built.spec is not None, built.problems.by_field
    assert "  officials:" not in built.text
    assert "  people:" not in built.text


def test_a_bad_row_is_named_and_nothing_is_saved_until_it_is_fixed_or_skipped() -> None:
    form = form_of(parse_campaign_yaml(LISTS, name="lists"))
    form.people = (
        "name,title,phone\nGood One,Director,202-555-0143\nPat Bad,Clerk,555-0100\nNo Phone,Clerk,\n"
    )
    refused = build_campaign(form, original=LISTS)
    assert refused.spec is None
    assert refused.problems.by_field["people"] == (
        "Row 3: the phone 555-0100 is not a US office number; row 4: the phone number is missing. Fix "
        "these rows, or tick “Skip the rows with problems” to save the others; nothing is saved until then."
    )
    form.skip_bad_rows = True
    skipped = build_campaign(form, original=LISTS)
    assert skipped.spec is not None, skipped.problems.by_field
    assert [p.name for p in skipped.spec.targets.people] == ["Good One"]
    assert [str(row) for row in skipped.skipped] == [
        "row 3: the phone 555-0100 is not a US office number",
        "row 4: the phone number is missing",
    ]


def test_a_list_over_the_row_limit_is_refused_saying_the_limit() -> None:
    form = form_of(parse_campaign_yaml(LISTS, name="lists"))
    form.people = "\n".join(f"Person {n},Director,(617) 555-{n % 10000:04d}" for n in range(10_001))
    problems = build_campaign(form, original=LISTS).problems.by_field
    assert problems["people"] == "A list holds at most 10,000 people; this one has 10,001 rows."


def test_a_premium_rate_number_says_why() -> None:
    checked = check_people("Pat,Clerk,900-555-0100\n")
    assert str(checked.problems[0]) == (
        "row 1: the phone 900-555-0100 is not a US office number (premium-rate numbers are never called)"
    )


def test_an_official_the_directory_no_longer_holds_is_refused_at_its_field_in_plain_words() -> None:
    form = form_of(parse_campaign_yaml(LISTS, name="lists"))
    form.officials = ["G000386", "X000000"]

    def directory_holds(spec: CampaignSpec) -> list[tuple[tuple[str, ...], str]]:
        return [
            (("targets", "officials", str(i)), f"unknown official {o!r}: the directory has no such official")
            for i, o in enumerate(spec.targets.officials)
            if o == "X000000"
        ]

    built = build_campaign(form, original=LISTS, check_ids=directory_holds)
    assert built.spec is None
    assert built.problems.by_field == {
        "officials": "X000000 is not in the directory (a sync may have removed it): remove it from the list."
    }


def test_a_list_written_as_csv_in_a_file_names_the_line_of_a_bad_row() -> None:
    text = (
        "slug: csv-list\ntitle: T\ntargets:\n  people: |\n    name,title,phone,state\n"
        "    Maura Healey,Governor,(617) 725-4005,MA\n    Pat Bad,Clerk,12,MA\n"
        "scripts:\n  en:\n    text: Hello.\n"
    )
    with pytest.raises(CampaignFileError) as refused:
        parse_campaign_yaml(text, name="campaign")
    assert refused.value.message == (
        "campaign:7: targets.people: row 3: the phone 12 is not a US office number"
    )
    fixed = parse_campaign_yaml(text.replace(",12,", ",202-555-0143,"), name="campaign")
    assert [p.phone for p in fixed.targets.people] == ["+16177254005", "+12025550143"]


def test_the_export_writes_a_list_as_csv_and_reads_back_the_same_campaign() -> None:
    spec = parse_campaign_yaml(LISTS, name="lists")
    exported = campaign_yaml(spec)
    assert (
        "  people: |\n    name,title,phone,state\n    Maura Healey,Governor,(617) 725-4005,MA\n" in exported
    )
    assert parse_campaign_yaml(exported, name="exported") == spec
    assert check_people(people_csv_text(spec.targets.people)).people == tuple(spec.targets.people)


def test_the_posted_form_reads_the_officials_in_order_and_an_uploaded_list() -> None:
    posted = {
        "officials": ["D000563", " G000386 ", "D000563", ""],
        "people": ["typed,Clerk,202-555-0143"],
        "people_file": ["name,title,phone\r\nUploaded,Clerk,202-555-0144\r\n"],
        "skip_bad_rows": ["1"],
    }
    form = read_posted(posted)
    assert form.officials == ["D000563", "G000386"]
    assert form.people == "name,title,phone\nUploaded,Clerk,202-555-0144", "the upload wins over the box"
    assert form.skip_bad_rows
    assert read_posted({"people": ["typed,Clerk,202-555-0143"], "people_file": [""]}).people == (
        "typed,Clerk,202-555-0143"
    )
