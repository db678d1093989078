"""/openapi.json: FastAPI's document, plus the schemas of bodies a route reads by hand.

The campaign PUT reads its body itself (a campaign file in YAML, or the same as JSON), so
FastAPI cannot see its shape: the route names it in `openapi_extra`, and the input schema of
`CampaignSpec` is added here under `CampaignFile`.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from app.campaigns.spec import CampaignSpec

REF = "#/components/schemas/{model}"
CAMPAIGN_FILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A campaign file: YAML, or the same fields as JSON.",
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
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
