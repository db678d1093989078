"""A CSV list of people to call: every row checked, nothing imported until fixed or skipped."""

import pytest

from app.campaigns.people_csv import read_people_csv
from app.campaigns.spec import MAX_LIST_ROWS
from app.kernel.errors import CampaignFileError

HEADER = "name,title,phone,state"


def rows(count: int) -> list[str]:
    return [f"Person {n},Director,(617) 555-{n % 10000:04d},MA" for n in range(2, count + 2)]


def test_a_bad_phone_on_row_12_is_named_and_nothing_is_imported() -> None:
    lines = [HEADER, *rows(20)]
    lines[11] = "Pat Twelve,Director,555-12,MA"  # the file's row 12 (the header is row 1)
    with pytest.raises(CampaignFileError) as refused:
        read_people_csv("\n".join(lines))
    assert refused.value.message == (
        "Nothing was imported: fix these rows or skip them. "
        "row 12: the phone 555-12 is not a US office number"
    )
    assert refused.value.details["rows"] == [
        {"row": 12, "field": "phone", "reason": "the phone 555-12 is not a US office number"}
    ]


def test_bad_rows_are_skipped_on_request_and_the_rest_kept_in_order() -> None:
    lines = [HEADER, *rows(3), "No Phone,Clerk,,MA", "Somewhere,Clerk,202-555-0100,Narnia"]
    result = read_people_csv("\n".join(lines), skip_invalid=True)
    assert [p.name for p in result.people] == ["Person 2", "Person 3", "Person 4"]
    assert result.people[0].phone == "+16175550002"
    assert [str(p) for p in result.skipped] == [
        "row 5: the phone number is missing",
        "row 6: the state Narnia is not a US state: use its code (MA) or its name",
    ]


def test_columns_by_header_in_any_order_or_in_order_without_one() -> None:
    by_header = read_people_csv("phone,name\n802-828-3333,Phil Scott\n")
    in_order = read_people_csv("Maura Healey,Governor,(617) 725-4005,Massachusetts\n")
    assert (by_header.people[0].name, by_header.people[0].state) == ("Phil Scott", "")
    assert (in_order.people[0].title, in_order.people[0].state) == ("Governor", "MA")


def test_the_row_limit_is_stated() -> None:
    assert read_people_csv("\n".join([HEADER, *rows(MAX_LIST_ROWS)])).people[-1].name == "Person 10001"
    with pytest.raises(CampaignFileError, match="at most 10,000 people; this one has 10,001 rows"):
        read_people_csv("\n".join([HEADER, *rows(MAX_LIST_ROWS + 1)]))


def test_an_empty_list_says_what_to_give() -> None:
    with pytest.raises(CampaignFileError, match="one person per row"):
        read_people_csv("\n\n")
