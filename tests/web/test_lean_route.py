"""A LeanRoute answers exactly what FastAPI's own handler answers, and never skips a dependency."""

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from app.web.routes.lean_route import LeanRoute


async def echo(
    slug: str,
    request: Request,
    address: Annotated[str, Query(max_length=30)],
    name: Annotated[str, Query(max_length=5)] = "",
    lang: Annotated[str | None, Query(max_length=2)] = None,
) -> JSONResponse:
    return JSONResponse(
        {"slug": slug, "address": address, "name": name, "lang": lang, "path": request.url.path}
    )


def twins() -> tuple[TestClient, TestClient]:
    """The same endpoint served by FastAPI's handler and by a LeanRoute."""
    clients = []
    for route_class in (None, LeanRoute):
        router = APIRouter(prefix="/v1")
        router.add_api_route("/things/{slug}", echo, methods=["GET"], route_class_override=route_class)
        app = FastAPI()
        app.include_router(router)
        clients.append(TestClient(app))
    return clients[0], clients[1]


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
]


@pytest.mark.parametrize("query", QUERIES)
def test_a_lean_route_answers_as_fastapi_does(query: str) -> None:
    standard, lean = twins()
    expected = standard.get(f"/v1/things/some-slug?{query}")
    answered = lean.get(f"/v1/things/some-slug?{query}")
    assert (answered.status_code, answered.json()) == (expected.status_code, expected.json())


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
    with TestClient(app) as client:
        assert client.get("/things/x?address=here").status_code == 200
    assert calls == [where]
