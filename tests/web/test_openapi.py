"""/openapi.json describes what the API answers: a named model for every success and every error."""

from typing import Any, get_args, get_type_hints

from fastapi import Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.kernel.errors import SwitchboardError
from app.main import create_app
from app.schemas.campaigns import CampaignCheck
from app.schemas.health import Readiness
from app.settings import Settings
from app.web.middleware.request_guard import CONTROL_CHARACTER, NUL_CHARACTER

REF = "#/components/schemas/"
ERROR_REF = REF + "ErrorBody"
METHODS = ("get", "put", "post", "delete", "patch")


def api_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1")
        for method, operation in item.items()
        if method in METHODS
    ]


def json_schema(response: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def test_every_api_route_names_its_success_and_error_models(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    operations = api_operations(document)
    assert len(operations) >= 14
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        successes = [status for status in responses if status.startswith("2")]
        assert len(successes) == 1, where
        ref = json_schema(responses[successes[0]]).get("$ref", "")
        assert ref.startswith("#/components/schemas/"), f"{where}: {responses[successes[0]]}"
        assert ref.rsplit("/", 1)[-1] in schemas, where
        errors = [status for status in responses if status.startswith(("4", "5"))]
        assert {"400", "422", "500"} <= set(errors), where
        for status in errors:
            assert json_schema(responses[status]) == {"$ref": ERROR_REF}, f"{where} {status}"
            assert "`" in responses[status]["description"], f"{where} {status}: no codes listed"
    assert "HTTPValidationError" not in schemas


def test_routes_document_the_statuses_their_errors_carry(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    paths = document["paths"]
    admin = paths["/api/v1/admin/campaigns/{slug}"]
    assert {"401", "403", "404"} <= set(admin["get"]["responses"])
    assert {"401", "403", "409", "413", "422"} <= set(admin["put"]["responses"])
    call_me = paths["/api/v1/campaigns/{slug}/calls"]["post"]["responses"]
    assert {"404", "409", "410", "422", "429", "503"} <= set(call_me)
    assert "`calls_busy`" in call_me["503"]["description"]
    assert "`phone_limit_reached`" in call_me["429"]["description"]
    targets = paths["/api/v1/campaigns/{slug}/targets"]["get"]["responses"]
    assert "`address_not_found`" in targets["404"]["description"]
    assert "`campaign_paused`" in targets["410"]["description"]


def test_the_campaign_put_body_has_a_schema(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    content = document["paths"]["/api/v1/admin/campaigns/{slug}"]["put"]["requestBody"]["content"]
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/CampaignFile"}
    campaign_file = document["components"]["schemas"]["CampaignFile"]
    assert {"slug", "title", "targets"} <= set(campaign_file["properties"])
    assert content["application/yaml"]["schema"] == {"type": "string", "not": {"pattern": NUL_CHARACTER}}


def test_the_document_says_what_the_request_guard_refuses(client: TestClient) -> None:
    """Control characters in a path or query, NUL in a body's strings and keys: 400 before any route."""
    document = client.get("/openapi.json").json()
    targets = document["paths"]["/api/v1/campaigns/{slug}/targets"]["get"]
    parameters = {parameter["name"]: parameter["schema"] for parameter in targets["parameters"]}
    for name in ("slug", "address", "name"):
        assert parameters[name]["not"] == {"pattern": CONTROL_CHARACTER}, name
    assert parameters["lang"]["anyOf"][0]["not"] == {"pattern": CONTROL_CHARACTER}
    call_me = document["components"]["schemas"]["CallMeBody"]
    assert call_me["propertyNames"] == {"not": {"pattern": NUL_CHARACTER}}
    assert call_me["properties"]["phone"]["not"] == {"pattern": NUL_CHARACTER}
    lang = call_me["properties"]["lang"]["anyOf"]
    assert {"type": "string", "maxLength": 12, "not": {"pattern": NUL_CHARACTER}} in lang
    assert client.get("/api/v1/representatives", params={"address": "02108\n"}).status_code == 400
    refused = client.post("/api/v1/campaigns/x/calls", json={"address": "a", "phone": "1\u0000"})
    assert refused.status_code == 400


def test_a_422_body_matches_the_error_schema(client: TestClient) -> None:
    response = client.get("/api/v1/representatives")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert isinstance(body["detail"], str)
    assert "address" in body["detail"]
    document = client.get("/openapi.json").json()
    properties = document["components"]["schemas"]["ErrorBody"]["properties"]
    assert properties["detail"]["type"] == "string"
    assert set(body) <= set(properties)


def test_an_error_with_candidates_keeps_them_in_the_body(client: TestClient) -> None:
    """A ZIP across districts lists where it lies (ErrorBody.candidates)."""
    response = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "02108"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "zip_spans_districts"
    assert body["candidates"]
    assert all(isinstance(c, str) for c in body["candidates"])


def test_405_names_every_method_the_path_answers(client: TestClient) -> None:
    response = client.delete("/api/v1/admin/campaigns/anything")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT"
    assert response.json()["code"] == "http_405"
    assert client.post("/api/v1/campaigns").headers["allow"] == "GET"


def test_head_on_pages_answers_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/admin/login"):
        get = client.get(path)
        head = client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/api/v1/campaigns").status_code == 405


def test_the_probes_answer_their_documented_models(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert json_schema(paths["/healthz"]["get"]["responses"]["200"]) == {"$ref": REF + "Liveness"}
    readyz = paths["/readyz"]["get"]["responses"]
    assert json_schema(readyz["200"]) == {"$ref": REF + "Readiness"}
    assert json_schema(readyz["503"]) == {"$ref": REF + "NotReady"}
    ready = Readiness.model_validate(client.get("/readyz").json())
    assert ready.officials > 500
    assert ready.directory.sitting_congress >= 119


def is_not_json(answer: object) -> bool:
    return isinstance(answer, type) and issubclass(answer, Response) and not issubclass(answer, JSONResponse)


def test_every_json_route_outside_the_document_has_a_model_too(settings: Settings) -> None:
    """Pages, TwiML, CSV and redirects answer a Response; every JSON route a named model."""
    contexts = [
        c for c in iter_route_contexts(create_app(settings).routes) if isinstance(c.original_route, APIRoute)
    ]
    models: dict[str, type[BaseModel]] = {}
    for context in contexts:
        route = context.original_route
        assert isinstance(route, APIRoute)
        returns = get_type_hints(route.endpoint)["return"]
        if all(is_not_json(answer) for answer in get_args(returns) or [returns]):
            continue
        path = str(context.path)
        assert isinstance(route.response_model, type), path
        assert issubclass(route.response_model, BaseModel), path
        models[path] = route.response_model
    assert len(models) > 15
    assert models["/admin/campaigns/check"] is CampaignCheck
    assert models["/readyz"] is Readiness


def test_every_error_class_can_be_documented() -> None:
    def walk(cls: type[SwitchboardError]) -> list[type[SwitchboardError]]:
        return [cls, *(c for sub in cls.__subclasses__() for c in walk(sub))]

    for cls in walk(SwitchboardError)[1:]:
        if not cls.__subclasses__():
            assert all(400 <= status < 600 and code for status, code in cls.documented()), cls


def test_the_document_is_built_once(settings: Settings) -> None:
    app = create_app(settings)
    assert app.openapi() is app.openapi()
