"""/openapi.json: FastAPI's document, plus what the routes' signatures cannot tell it.

The campaign PUT reads its body itself (a campaign file in YAML, or the same as JSON), so
FastAPI cannot see its shape: the route names it in `openapi_extra`, and the input schema of
`CampaignSpec` is added here under `CampaignFile`. The request guard refuses control characters
in a path or query and NUL in a body before any route runs; the document says so on every
parameter and every body string and key, so a client (or Schemathesis) knows what is refused.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from app.campaigns.files import MAX_DEPTH, MAX_FILE_BYTES
from app.campaigns.sandbox import MAX_RANGE
from app.campaigns.spec import CampaignSpec
from app.web.middleware.request_guard import CONTROL_CHARACTER, NUL_CHARACTER

REF = "#/components/schemas/{model}"
CAMPAIGN_FILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": (
            "A campaign file: YAML, or the same fields as JSON (any content type; at most "
            f"{MAX_FILE_BYTES / 1_000_000:g} MB). "
            "Refused with 422 `campaign_invalid`, naming the line: YAML anchors and aliases "
            f"(`&name`, `*name`), nesting more than {MAX_DEPTH} levels deep, and the NUL character "
            "(or a lone surrogate), whether written or escaped (`\\0`, `\\u0000`). Scripts are "
            "Jinja2 templates in a sandbox: no macros, no loop inside a loop, `range()` with whole "
            f"numbers for at most {MAX_RANGE} steps, and bounded work and output."
        ),
        "content": {
            "application/json": {"schema": {"$ref": REF.format(model="CampaignFile")}},
            "application/yaml": {"schema": {"type": "string"}},
        },
    }
}


def _campaign_file_schemas() -> dict[str, Any]:
    keys, top = models_json_schema([(CampaignSpec, "validation")], ref_template=REF)
    schemas: dict[str, Any] = dict(top.get("$defs", {}))
    ref = keys[(CampaignSpec, "validation")]["$ref"].rsplit("/", 1)[-1]
    schemas["CampaignFile"] = schemas.pop(ref)
    return schemas


# Any JSON value with no NUL in a string or a key: what an undeclared field of a body may hold.
NUL_FREE_VALUE = "NulFreeValue"
_STRUCTURE = ("type", "$ref", "anyOf", "oneOf", "allOf", "enum", "const")


def _document_the_guard(document: dict[str, Any]) -> None:
    schemas: dict[str, Any] = document["components"]["schemas"]
    anything = {"$ref": REF.format(model=NUL_FREE_VALUE)}
    schemas[NUL_FREE_VALUE] = {
        "description": "Any JSON value without a NUL character in a string or an object key.",
        "not": {"pattern": NUL_CHARACTER},
        "propertyNames": {"not": {"pattern": NUL_CHARACTER}},
        "additionalProperties": anything,
        "items": anything,
    }
    seen = {NUL_FREE_VALUE}
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query"):
                    for part in [parameter["schema"], *parameter["schema"].get("anyOf", [])]:
                        if part.get("type") == "string":
                            part.setdefault("not", {"pattern": CONTROL_CHARACTER})
            for media in operation.get("requestBody", {}).get("content", {}).values():
                _bar_nul(media["schema"], schemas=schemas, seen=seen)


def _bar_nul(schema: dict[str, Any], *, schemas: dict[str, Any], seen: set[str]) -> None:
    """No string in `schema`, declared or not, and no key of its objects may contain NUL."""
    ref = schema.get("$ref")
    if ref is not None:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            _bar_nul(schemas[name], schemas=schemas, seen=seen)
        return
    kind = schema.get("type")
    untyped = not any(key in schema for key in _STRUCTURE)
    anything = {"$ref": REF.format(model=NUL_FREE_VALUE)}
    if kind == "string" or untyped:
        schema.setdefault("not", {"pattern": NUL_CHARACTER})
    if kind == "object" or "properties" in schema or untyped:
        schema.setdefault("propertyNames", {"not": {"pattern": NUL_CHARACTER}})
        if schema.get("additionalProperties") in (None, True, {}):
            schema["additionalProperties"] = anything
    if (kind == "array" or untyped) and schema.get("items") in (None, True, {}):
        schema["items"] = anything
    children: list[dict[str, Any]] = list(schema.get("properties", {}).values())
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        children.extend(schema.get(key, []))
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            children.append(schema[key])
    for child in children:
        _bar_nul(child, schemas=schemas, seen=seen)


def install_openapi(app: FastAPI) -> None:
    """Serve FastAPI's document with the hand-read bodies' schemas added (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in _campaign_file_schemas().items():
                schemas.setdefault(name, schema)
            _document_the_guard(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
