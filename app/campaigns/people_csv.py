"""A fixed list of people to call, pasted or uploaded as CSV: every row checked before any is used.

Columns `name, title, phone, state` (state optional), by a header row naming them in any order, or
in that order when the first row is not a header. Row numbers are the file's own (a header is
row 1), as a spreadsheet shows them. A file with a bad row is refused whole, naming every bad row
and why, unless the caller asks to skip the bad rows; more than MAX_LIST_ROWS rows is refused.
"""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from app.campaigns.spec import MAX_LIST_ROWS, ListTarget
from app.kernel.errors import CampaignFileError
from app.kernel.phones import display_phone

COLUMNS = ("name", "title", "phone", "state")
MAX_CSV_BYTES = 1_000_000  # the request guard lets 1 MiB through to the check endpoint
SHOWN_PROBLEMS = 50
_REFUSED_KIND = re.compile(r"is an? ([a-z-]+) number")


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass
class PeopleImport:
    """The rows that passed, in order, and the rows left out (only when skipping was asked)."""

    people: list[ListTarget] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class PeopleCheck:
    """Every row of a list checked: the good rows, each bad row's problems, and `refused` when the
    list as a whole cannot be used (empty, too long, too large)."""

    people: tuple[ListTarget, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    refused: str = ""

    def summary(self) -> str:
        """The bad rows in a sentence: "row 12: …; row 15: …" (the first SHOWN_PROBLEMS of them)."""
        shown = "; ".join(str(p) for p in self.problems[:SHOWN_PROBLEMS])
        more = len(self.problems) - SHOWN_PROBLEMS
        return shown + (f" (and {more} more)" if more > 0 else "")


def read_people_csv(text: str, *, skip_invalid: bool = False) -> PeopleImport:
    """Every row of `text` as a list target; CampaignFileError naming each bad row (none is taken)
    unless `skip_invalid`, when the good rows are kept and the bad ones listed as skipped."""
    checked = check_people(text)
    if checked.refused:
        raise _refused(checked.refused, [])
    if checked.problems and not skip_invalid:
        message = f"Nothing was imported: fix these rows or skip them. {checked.summary()}"
        raise _refused(message, list(checked.problems))
    return PeopleImport(people=list(checked.people), skipped=list(checked.problems))


@lru_cache(maxsize=4)
def check_people(text: str) -> PeopleCheck:
    """Every row of `text` checked. Kept for the last few texts: the builder's preview asks again
    for the same list on every keystroke elsewhere in the form (the rows are not to be changed)."""
    if len(text.encode("utf-8", errors="replace")) > MAX_CSV_BYTES:
        return PeopleCheck(refused=f"The list must be under {MAX_CSV_BYTES // 1_000_000} MB.")
    rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text)), start=1) if any(row)]
    if not rows:
        return PeopleCheck(refused="The list is empty: give one person per row (name, title, phone, state).")
    columns, body = _columns(rows)
    if len(body) > MAX_LIST_ROWS:
        return PeopleCheck(
            refused=f"A list holds at most {MAX_LIST_ROWS:,} people; this one has {len(body):,} rows."
        )
    people: list[ListTarget] = []
    problems: list[RowProblem] = []
    for number, row in body:
        person, row_problems = _person(number, row, columns)
        if person is not None:
            people.append(person)
        problems += row_problems
    return PeopleCheck(people=tuple(people), problems=tuple(problems))


def people_csv_text(people: Sequence[ListTarget]) -> str:
    """The rows as CSV with a header, phones as people write them (`(617) 725-4005`); the state
    column only when some row has one. `check_people` of it gives the same rows back."""
    columns = COLUMNS if any(person.state for person in people) else COLUMNS[:3]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for person in people:
        values = person.model_dump() | {"phone": display_phone(person.phone)}
        writer.writerow([values[column] for column in columns])
    return out.getvalue()


def _columns(rows: list[tuple[int, list[str]]]) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """Column positions by a header row (then left out), else name, title, phone, state in order."""
    first = [cell.strip().lower() for cell in rows[0][1]]
    if "name" in first and "phone" in first:
        return {name: first.index(name) for name in COLUMNS if name in first}, rows[1:]
    return {name: index for index, name in enumerate(COLUMNS)}, rows


def _person(
    number: int, row: list[str], columns: dict[str, int]
) -> tuple[ListTarget | None, list[RowProblem]]:
    values = {name: row[index].strip() for name, index in columns.items() if index < len(row)}
    try:
        return ListTarget.model_validate(values), []
    except ValidationError as error:
        return None, [_problem(number, e, values) for e in error.errors()]


def _problem(number: int, error: Any, values: dict[str, str]) -> RowProblem:
    """A validator's complaint about a row in an organizer's words: what is wrong with which cell."""
    column = str(error["loc"][0]) if error["loc"] else ""
    value = values.get(column, "")
    kind, limit = error["type"], error.get("ctx", {}).get("max_length")
    if kind == "missing" or not value:
        reason = f"the {'phone number' if column == 'phone' else column} is missing"
    elif kind == "string_too_long":
        reason = f"the {column} is longer than {limit} characters"
    elif column == "phone":
        refused = _REFUSED_KIND.search(error["msg"])
        kind_of = f" ({refused.group(1)} numbers are never called)" if refused else ""
        reason = f"the phone {value} is not a US office number{kind_of}"
    elif column == "state":
        reason = f"the state {value} is not a US state: use its code (MA) or its name"
    else:
        reason = error["msg"].removeprefix("Value error, ")
    return RowProblem(number, column, reason)


def _refused(message: str, problems: list[RowProblem]) -> CampaignFileError:
    return CampaignFileError(
        message,
        details={"rows": [{"row": p.row, "field": p.field, "reason": p.reason} for p in problems]},
    )
