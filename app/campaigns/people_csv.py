"""A fixed list of people to call, pasted or uploaded as CSV: every row checked before any is used.

Columns `name, title, phone, state` (state optional), by a header row naming them in any order, or
in that order when the first row is not a header. Row numbers are the file's own (a header is
row 1), as a spreadsheet shows them. A file with a bad row is refused whole, naming every bad row
and why, unless the caller asks to skip the bad rows; more than MAX_LIST_ROWS rows is refused.
"""

import csv
import io
from dataclasses import dataclass, field

from pydantic import ValidationError

from app.campaigns.spec import MAX_LIST_ROWS, ListTarget
from app.kernel.errors import CampaignFileError

COLUMNS = ("name", "title", "phone", "state")
MAX_CSV_BYTES = 1_000_000  # the request guard lets 1 MiB through to the check endpoint
SHOWN_PROBLEMS = 50


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field + ': ' if self.field else ''}{self.reason}"


@dataclass
class PeopleImport:
    """The rows that passed, in order, and the rows left out (only when skipping was asked)."""

    people: list[ListTarget] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)


def read_people_csv(text: str, *, skip_invalid: bool = False) -> PeopleImport:
    """Every row of `text` as a list target; CampaignFileError naming each bad row (none is taken)
    unless `skip_invalid`, when the good rows are kept and the bad ones listed as skipped."""
    if len(text.encode("utf-8", errors="replace")) > MAX_CSV_BYTES:
        raise _refused(f"The list must be under {MAX_CSV_BYTES // 1_000_000} MB.", [])
    rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text)), start=1) if any(row)]
    if not rows:
        raise _refused("The list is empty: give one person per row (name, title, phone, state).", [])
    columns, body = _columns(rows)
    if len(body) > MAX_LIST_ROWS:
        raise _refused(f"A list holds at most {MAX_LIST_ROWS:,} people; this one has {len(body):,} rows.", [])
    result = PeopleImport()
    problems: list[RowProblem] = []
    for number, row in body:
        person, row_problems = _person(number, row, columns)
        if person is not None:
            result.people.append(person)
        problems += row_problems
    if problems and not skip_invalid:
        shown = "; ".join(str(p) for p in problems[:SHOWN_PROBLEMS])
        more = f" (and {len(problems) - SHOWN_PROBLEMS} more)" if len(problems) > SHOWN_PROBLEMS else ""
        raise _refused(f"Nothing was imported: fix these rows or skip them. {shown}{more}", problems)
    result.skipped = problems
    return result


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
        return None, [
            RowProblem(number, ".".join(str(p) for p in e["loc"]), e["msg"].removeprefix("Value error, "))
            for e in error.errors()
        ]


def _refused(message: str, problems: list[RowProblem]) -> CampaignFileError:
    return CampaignFileError(
        message,
        details={"rows": [{"row": p.row, "field": p.field, "reason": p.reason} for p in problems]},
    )
