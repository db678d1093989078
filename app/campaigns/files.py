"""Campaign files: YAML parsed with line numbers, so every problem names file, line and field."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.constructor import ConstructorError, SafeConstructor

from app.campaigns.directory_ids import IdCheck
from app.campaigns.people_csv import MAX_CSV_BYTES, check_people, people_csv_text
from app.campaigns.scripts import check_spec_scripts
from app.campaigns.spec import CampaignSpec
from app.kernel.errors import CampaignFileError

# A campaign file nests about six levels deep (targets → custom → one target → variables).
MAX_DEPTH = 20
# The largest campaign file the admin pages and API take: room for a list of 10,000 people written
# as CSV (1 MB at most) and the rest of the campaign.
MAX_FILE_BYTES = MAX_CSV_BYTES + 500_000
ALIAS_REASON = "anchors and aliases (&name, *name) are not allowed: write each value out"
NUL_REASON = "the NUL character (and lone surrogates) cannot be stored: remove it"
# NUL, and the halves of a surrogate pair on their own ("\\ud800"), which no database can store.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Files are read with libyaml (C) when PyYAML has it: a 1 MB campaign (10,000 people) is read in
# about a second rather than ten. When libyaml refuses a file (or cannot take its text: a lone
# surrogate), PyYAML's Python parser reads it again, so the problem named is the one it always was.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FAST_PARSER_FAILURES = (yaml.YAMLError, UnicodeEncodeError)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {where}{self.reason}"


def campaign_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def load_campaign_file(path: Path, *, check_ids: IdCheck | None = None) -> CampaignSpec:
    """The campaign in `path`, or CampaignFileError listing every problem found."""
    return parse_campaign_yaml(
        path.read_text(encoding="utf-8"), name=str(path), default_slug=path.stem, check_ids=check_ids
    )


def parse_campaign_yaml(
    text: str, *, name: str, default_slug: str | None = None, check_ids: IdCheck | None = None
) -> CampaignSpec:
    """The campaign in `text`; `check_ids` (app/campaigns/directory_ids.py) also refuses the
    committee and official ids the directory does not hold."""
    try:
        _check_structure(text, name=name)
        node, data = _compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = f"not valid YAML: {getattr(error, 'problem', None) or error}"
        raise _failure([Problem(name, line, "", reason)]) from None
    if not isinstance(data, dict) or node is None:
        raise _failure([Problem(name, 1, "", "a campaign file must be a mapping of fields")])
    if default_slug and "slug" not in data:
        data["slug"] = default_slug
    lines = dict(_node_lines(node, ()))
    blocks = set(_block_scalars(node, ()))
    list_problems = _read_people_text(data, lines=lines, blocks=blocks, name=name)
    try:
        spec = CampaignSpec.model_validate(data)
    except ValidationError as error:
        raise _failure(
            list_problems
            + [
                Problem(
                    name,
                    _line_for(lines, tuple(str(p) for p in e["loc"])),
                    _dotted(e["loc"]),
                    e["msg"],
                )
                for e in error.errors()
            ]
        ) from None
    script_problems = [
        # A block scalar's text starts on the line after its key; a one-line text on the key's line.
        Problem(
            name, _line_for(lines, path) + error.line - (path not in blocks), ".".join(path), error.reason
        )
        for path, error in check_spec_scripts(spec)
    ]
    id_problems = [
        Problem(name, _line_for(lines, path), ".".join(path), reason)
        for path, reason in (check_ids(spec) if check_ids else [])
    ]
    if list_problems or script_problems or id_problems:
        raise _failure(list_problems + script_problems + id_problems)
    return spec


def _read_people_text(
    data: dict[str, Any], *, lines: dict[tuple[str, ...], int], blocks: set[tuple[str, ...]], name: str
) -> list[Problem]:
    """`targets.people` written as CSV text (a `|` block, as the builder writes a list) in place of
    its rows: each bad row is a problem on its own line of the file."""
    targets = data.get("targets")
    if not isinstance(targets, dict) or not isinstance(targets.get("people"), str):
        return []
    path = ("targets", "people")
    first = _line_for(lines, path) + (path in blocks)  # a block's text starts on the line after its key
    checked = check_people(targets["people"])
    targets["people"] = list(checked.people)
    if checked.refused:
        return [Problem(name, first, "targets.people", checked.refused)]
    return [Problem(name, first + p.row - 1, "targets.people", str(p)) for p in checked.problems]


def _check_structure(text: str, *, name: str) -> None:
    """Refuse, from the event stream and before anything is built, what would make composing or
    walking the file explode or the database refuse it: aliases and anchors (a few bytes of
    "billion laughs" expand to gigabytes), nesting past MAX_DEPTH (the composer recurses) and the
    NUL character, written or escaped (`"\\0"`, `"\\u0000"`), which PostgreSQL cannot store."""
    if "\x00" in text:
        raise _failure([Problem(name, text.count("\n", 0, text.index("\x00")) + 1, "", NUL_REASON)])
    try:
        _check_events(yaml.parse(text, Loader=_FAST_LOADER), name=name)
    except _FAST_PARSER_FAILURES:
        _check_events(yaml.parse(text, Loader=yaml.SafeLoader), name=name)


def _check_events(events: Iterator[yaml.Event], *, name: str) -> None:
    depth = 0
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _failure([Problem(name, line, "", ALIAS_REASON)])
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _failure([Problem(name, line, "", f"nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and _UNSTORABLE.search(event.value):
            raise _failure([Problem(name, line, "", NUL_REASON)])


class _ReadableValues(SafeConstructor):
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value PyYAML cannot build (`2024-13-45`, an integer of 5,000 digits) is a problem on
        its line, not a ValueError."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:
            raise ConstructorError(None, None, f"cannot read this value: {error}", node.start_mark) from None


class _CampaignLoader(yaml.SafeLoader, _ReadableValues):
    """PyYAML's own parser, in Python: it names the problem of a file libyaml refuses."""


class _FastCampaignLoader(_FAST_LOADER, _ReadableValues):  # type: ignore[misc,valid-type]
    """libyaml's parser (C): the same nodes and lines, some 10 to 30 times sooner."""


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node (with its lines) and the data built from it, from one parse."""
    try:
        return _compose_with(_FastCampaignLoader, text)
    except _FAST_PARSER_FAILURES:
        return _compose_with(_CampaignLoader, text)


def _compose_with(loader_class: type[yaml.SafeLoader], text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def campaign_yaml(spec: CampaignSpec) -> str:
    """The campaign as a campaign file: `parse_campaign_yaml` of it gives the same campaign back."""
    data = spec.model_dump(mode="json", exclude_defaults=True)
    ordered = {key: data[key] for key in EXPORT_ORDER if key in data}
    ordered.update(
        {
            "status": spec.status,
            "default_language": spec.default_language,
            "call_modes": list(spec.call_modes),
        }
    )
    ordered = {key: ordered[key] for key in EXPORT_ORDER if key in ordered}
    if spec.targets.people:  # a list of people as CSV: a line each, quick to read back
        ordered["targets"]["people"] = people_csv_text(spec.targets.people)
    return yaml.dump(ordered, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=10**6)


EXPORT_ORDER = (
    "slug",
    "title",
    "status",
    "default_language",
    "description",
    "starts_on",
    "ends_on",
    "goal",
    "counter_threshold",
    "share_text",
    "image",
    "call_modes",
    "call_in_number",
    "embed_origins",
    "targets",
    "variables",
    "chamber_variables",
    "scripts",
)


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text (descriptions, scripts) as readable `|` blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)


def _failure(problems: list[Problem]) -> CampaignFileError:
    return CampaignFileError(
        "\n".join(str(p) for p in problems),
        details={"problems": [vars(p) for p in problems]},
    )


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) if loc else ""


def _node_lines(node: yaml.Node, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            yield child, key.start_mark.line + 1
            for inner_path, line in _node_lines(value, child):
                if inner_path != child:
                    yield inner_path, line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_lines(item, (*path, str(index)))


def _block_scalars(node: yaml.Node, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Paths of the values written as `|` or `>` blocks."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        yield path
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _block_scalars(value, (*path, str(key.value)))


def _line_for(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int:
    """The line of the deepest part of `path` the file has (a missing field: its parent's line)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1
