"""A LeanRoute answers exactly what FastAPI's own handler answers, and never skips a dependency;
so does the same route dispatched before the router (DirectDispatch), and so does a plain POST
route (Twilio's webhooks) dispatched there."""

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from app.web.routes.direct_dispatch import DirectDispatch, direct_routes, plain_post_routes
from app.web.routes.lean_route import LeanRoute


async def echo(
    slug: str,
    request: Request,
    address: Annotated[str, Query(max_length=30)],
    name: Annotated[str, Query(max_length=5)] = "",
    lang: Annotated[str | None, Query(max_length=2)] = None,
) -> JSONResponse:
    if address in FAILURES:
        raise FAILURES[address]
    return JSONResponse(
        {"slug": slug, "address": address, "name": name, "lang": lang, "path": request.url.path}
    )


class Refused(Exception):
    pass


# Addresses the endpoint fails for: one error the app has a handler for, one it has none for.
FAILURES: dict[str, Exception] = {"refused": Refused("no"), "broken": RuntimeError("bug")}


async def refused(_request: Request, error: Exception) -> JSONResponse:
    return JSONResponse({"refused": str(error)}, status_code=409)


async def unexpected(_request: Request, _error: Exception) -> JSONResponse:
    return JSONResponse({"unexpected": True}, status_code=500)


def served(route_class: type[LeanRoute] | None, *, direct: bool = False) -> TestClient:
    router = APIRouter(prefix="/v1")
    router.add_api_route("/things/{slug}", echo, methods=["GET"], route_class_override=route_class)
    app = FastAPI(exception_handlers={Refused: refused, Exception: unexpected})
    app.include_router(router)
    if direct:
        app.add_middleware(DirectDispatch, api=app)
    return TestClient(app, raise_server_exceptions=False)


def twins() -> tuple[TestClient, TestClient, TestClient]:
    """The same endpoint served by FastAPI's handler, by a LeanRoute, and by a LeanRoute before the router."""
    return served(None), served(LeanRoute), served(LeanRoute, direct=True)


QUERIES = [
    "address=1+Main+St",
    "address=1+Main+St&name=Ada&lang=es",
    "address=a&address=b",
    "address=",
    "address=%C3%A9t%C3%A9&name=%E2%9C%93",
    "name=Ada",
    "",
    "address=" + "x" * 31,
    "address=ok&name=toolong",
    "address=ok&lang=spa",
    "address=ok&lang=",
    "address=ok&unknown=1",
    "address=refused",
    "address=broken",
]


@pytest.mark.parametrize("query", QUERIES)
def test_a_lean_route_answers_as_fastapi_does(query: str) -> None:
    standard, lean, direct = twins()
    expected = standard.get(f"/v1/things/some-slug?{query}")
    for client in (lean, direct):
        answered = client.get(f"/v1/things/some-slug?{query}")
        assert (answered.status_code, answered.json()) == (expected.status_code, expected.json())


@pytest.mark.parametrize("method", ["HEAD", "POST"])
def test_other_methods_get_the_routers_answer(method: str) -> None:
    standard, _lean, direct = twins()
    expected = standard.request(method, "/v1/things/x?address=here")
    answered = direct.request(method, "/v1/things/x?address=here")
    assert (answered.status_code, answered.headers.get("allow")) == (expected.status_code, "GET")


@pytest.mark.parametrize("where", ["route", "router", "inclusion"])
def test_a_route_with_dependencies_keeps_fastapis_handler(where: str) -> None:
    """Wherever a dependency is declared (an inclusion's may check who is asking), it runs."""
    calls: list[str] = []

    def record() -> None:
        calls.append(where)

    depends = [Depends(record)]
    router = APIRouter(dependencies=depends if where == "router" else [])
    router.add_api_route(
        "/things/{slug}",
        echo,
        methods=["GET"],
        dependencies=depends if where == "route" else None,
        route_class_override=LeanRoute,
    )
    app = FastAPI()
    app.include_router(router, dependencies=depends if where == "inclusion" else [])
    app.add_middleware(DirectDispatch, api=app)
    with TestClient(app) as client:
        assert client.get("/things/x?address=here").status_code == 200
    assert calls == [where]


def anyone() -> None:
    """A dependency (it might check who is asking)."""


def test_only_lean_get_routes_are_dispatched_before_the_router() -> None:
    router = APIRouter()
    router.add_api_route("/lean/{slug}", echo, methods=["GET"], route_class_override=LeanRoute)
    router.add_api_route("/standard/{slug}", echo, methods=["GET"])
    router.add_api_route(
        "/guarded/{slug}",
        echo,
        methods=["GET"],
        dependencies=[Depends(anyone)],
        route_class_override=LeanRoute,
    )
    app = FastAPI()
    app.include_router(router, prefix="/v1")
    assert [route.path.path_regex.pattern for route in direct_routes(app)] == ["^/v1/lean/(?P<slug>[^/]+)$"]


async def hook(request: Request) -> JSONResponse:
    """A plain Starlette endpoint, as Twilio's webhooks are: the request and nothing else."""
    form = await request.form()
    reason = str(form.get("fail", ""))
    if reason in FAILURES:
        raise FAILURES[reason]
    return JSONResponse(
        {"call": request.path_params["call_id"], "form": dict(form), "path": request.url.path}
    )


def served_hooks(*, direct: bool) -> TestClient:
    router = APIRouter()
    router.add_route("/hooks/{call_id}/answer", hook, methods=["POST"])
    router.add_route("/both/{call_id}", hook, methods=["GET", "POST"])
    app = FastAPI(exception_handlers={Refused: refused, Exception: unexpected})
    app.include_router(router, prefix="/twilio")
    if direct:
        app.add_middleware(DirectDispatch, api=app)
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("method", "path", "form"),
    [
        ("POST", "/twilio/hooks/CA1/answer", {"CallStatus": "in-progress", "Digits": "1"}),
        ("POST", "/twilio/hooks/CA%2F1/answer", {}),
        ("POST", "/twilio/hooks/CA1/answer", {"fail": "refused"}),
        ("POST", "/twilio/hooks/CA1/answer", {"fail": "broken"}),
        ("POST", "/twilio/hooks/CA1/answer/", {}),
        ("POST", "/twilio/hooks//answer", {}),
        ("GET", "/twilio/hooks/CA1/answer", {}),
        ("PUT", "/twilio/hooks/CA1/answer", {}),
        ("POST", "/twilio/both/CA1", {"a": "b"}),
    ],
)
def test_a_plain_post_route_answers_as_the_router_does(method: str, path: str, form: dict[str, str]) -> None:
    standard, direct = served_hooks(direct=False), served_hooks(direct=True)
    expected = standard.request(method, path, data=form)
    answered = direct.request(method, path, data=form)
    assert (answered.status_code, answered.content, answered.headers.get("allow")) == (
        expected.status_code,
        expected.content,
        expected.headers.get("allow"),
    )


def test_only_post_only_plain_routes_are_dispatched_before_the_router() -> None:
    app = served_hooks(direct=False).app
    assert isinstance(app, FastAPI)
    assert [route.path.path_regex.pattern for route in plain_post_routes(app)] == [
        "^/twilio/hooks/(?P<call_id>[^/]+)/answer$"
    ]
