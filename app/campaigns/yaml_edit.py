"""Changing a campaign file's fields without rewriting the file: ruamel.yaml's round-trip mode keeps
every comment, the order of the keys and the style of the values the form did not change."""

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from app.campaigns.files import EXPORT_ORDER

# A value that says nothing (or a field's own default) is not written into a file without the key.
_EMPTY: tuple[Any, ...] = (None, "", [], {})
_DEFAULTS: dict[str, Any] = {
    "counter_threshold": 25,
    "default_language": "en",
    "call_modes": ["number", "bridge"],
    "own_legislators": "before",
    "rule": "everyone",
}


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_document(text: str) -> CommentedMap:
    """The campaign file as an editable document (an empty one for no text)."""
    loaded = _round_trip().load(text) if text.strip() else None
    return loaded if isinstance(loaded, CommentedMap) else CommentedMap()


def dump_document(document: CommentedMap) -> str:
    out = io.StringIO()
    _round_trip().dump(document, out)
    return out.getvalue()


def update_document(document: CommentedMap, *, changes: Mapping[str, Any], owned: Mapping[str, Any]) -> None:
    """Write `changes` into `document`: a key `owned` lists and `changes` lacks is removed; keys not
    owned (fields the form does not show) are left as they are."""
    for key, value in changes.items():
        _set(document, key, value, owned=owned.get(key, True))
    for key in [k for k in document if k in owned and k not in changes]:
        del document[key]


def _set(document: CommentedMap, key: str, value: Any, *, owned: Any) -> None:
    current = document.get(key)
    if isinstance(value, Mapping) and isinstance(current, CommentedMap):
        inner_owned = owned if isinstance(owned, Mapping) else dict.fromkeys(current, True)
        update_document(current, changes=value, owned=inner_owned)
        return
    if key in document and _same(current, value):
        return
    if _same_length_maps(current, value):
        for item, changes in zip(current, value, strict=True):
            update_document(item, changes=changes, owned=dict.fromkeys([*item, *changes], True))
        return
    if key not in document and _is_absent_default(key, value):
        return
    if value is None:
        document.pop(key, None)
        return
    shaped = _shaped(value)
    if key in document:
        document[key] = shaped
    else:
        document.insert(_position(document, key), key, shaped)


def _same_length_maps(current: Any, value: Any) -> bool:
    """Both lists of mappings of one length (committees): changed item by item, keeping comments."""
    return (
        isinstance(current, CommentedSeq)
        and isinstance(value, list)
        and len(current) == len(value)
        and all(isinstance(item, CommentedMap) for item in current)
        and all(isinstance(item, Mapping) for item in value)
    )


def _same(current: Any, value: Any) -> bool:
    if isinstance(current, date):
        return str(current) == str(value)
    if isinstance(current, str) and isinstance(value, str):
        return current.strip() == value.strip()  # campaign fields are read with whitespace stripped
    if isinstance(current, list) and isinstance(value, list):
        return [str(c) for c in current] == [str(v) for v in value]
    return bool(current == value)


def _is_absent_default(key: str, value: Any) -> bool:
    defaults = (*_EMPTY, _DEFAULTS[key]) if key in _DEFAULTS else _EMPTY
    return any(value == default and type(value) is type(default) for default in defaults)


def _shaped(value: Any) -> Any:
    """Multi-line text as a `|` block; lists and mappings as round-trip containers."""
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, Mapping):
        shaped = CommentedMap()
        for key, inner in value.items():
            if not _is_absent_default(key, inner):
                shaped[key] = _shaped(inner)
        return shaped
    if isinstance(value, list):
        items = CommentedSeq(_shaped(item) for item in value)
        if all(isinstance(item, str | int) for item in value):
            items.fa.set_flow_style()  # `[state-upper, state-lower]`, as people write short lists
        return items
    return value


def _position(document: CommentedMap, key: str) -> int:
    """Where a new top-level key goes: after the keys the export order puts before it."""
    if key not in EXPORT_ORDER:
        return len(document)
    before = set(EXPORT_ORDER[: EXPORT_ORDER.index(key)])
    positions = [index + 1 for index, existing in enumerate(document) if existing in before]
    return max(positions, default=0)
