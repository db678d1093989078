"""The lean routes' GET requests and the plain routes' POSTs answered before FastAPI's router.

A warm lookup spent a third of the app's CPU between the edge middleware and its endpoint:
FastAPI's router matched it against every route of the routers included before it, then again in
its own (about 18 path matches, each with its bookkeeping in the scope), and the exception
middleware, the exit stacks and `request_response` each wrapped it once more (py-spy, in-process,
`/api/v1/campaigns/grace-no-ban/targets`: 35% of the app's samples; see docs/performance.md).
`DirectDispatch` sits right inside the edge (every guard, header and proxy rule still applies) and
answers a GET whose path is a lean route's and whose parameters are all valid by calling that
route's endpoint directly; the exception handlers the app installed turn its errors into the same
answers as before. Anything else — another route, a parameter missing or invalid (FastAPI answers
its 422), a `root_path` — goes on to the app unchanged.

The plain Starlette routes that take POSTs (Twilio's webhooks, app.web.twilio.hooks: an endpoint
that takes the request and nothing else) are answered the same way: their endpoint called with the
request, its errors answered by the app's handlers. Through the router, the matching and the
wrappers cost a first webhook about a tenth of its CPU (py-spy, scripts/bench_webhooks.py).

A lean or plain route's path must be its own: no route registered before it may match the same
requests.
"""

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from re import Pattern
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.routes.lean_route import LeanCall, LeanRoute

ErrorHandler = Callable[[Request, Exception], Any]  # a Response, or an awaitable of one


Endpoint = Callable[[Request], Any]  # an awaitable of a Response


@dataclass(frozen=True)
class _Path:
    path_regex: Pattern[str]
    convertors: Mapping[str, Convertor[Any]]

    @classmethod
    def of(cls, path: str) -> "_Path":
        path_regex, _format, convertors = compile_path(path)
        return cls(path_regex, convertors)

    def path_params(self, path: str) -> dict[str, Any] | None:
        """The path's parameters, converted as the router converts them; None if it is not this route's."""
        found = self.path_regex.match(path)
        if found is None:
            return None
        return {key: self.convertors[key].convert(value) for key, value in found.groupdict().items()}


@dataclass(frozen=True)
class _DirectRoute:
    route: BaseRoute
    path: _Path
    lean: LeanCall


@dataclass(frozen=True)
class _PlainRoute:
    route: Route
    path: _Path
    endpoint: Endpoint


class DirectDispatch:
    """Pure-ASGI middleware (inside the edge): the app's lean GET routes and plain POST routes,
    answered without the router."""

    def __init__(self, app: ASGIApp, *, api: FastAPI) -> None:
        self._app = app
        self._router = api.router
        self._routes = direct_routes(api)
        self._posts = plain_post_routes(api)
        self._handlers = _ErrorHandlers(api.exception_handlers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("root_path"):
            await self._app(scope, receive, send)
        elif scope["method"] == "POST":
            await self._post(scope, receive, send)
        elif scope["method"] == "GET":
            await self._get(scope, receive, send)
        else:
            await self._app(scope, receive, send)

    async def _post(self, scope: Scope, receive: Receive, send: Send) -> None:
        for plain in self._posts:
            path = plain.path.path_params(scope["path"])
            if path is not None:
                scope.update(route=plain.route, endpoint=plain.endpoint, path_params=path)
                scope.setdefault("router", self._router)
                await self._respond(plain.endpoint, scope, receive, send)
                return
        await self._app(scope, receive, send)

    async def _get(self, scope: Scope, receive: Receive, send: Send) -> None:
        for direct in self._routes:
            path = direct.path.path_params(scope["path"])
            if path is None:
                continue
            # The query as Starlette's QueryParams reads it (the last of repeated names wins).
            query = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
            arguments = direct.lean.arguments(path=path, query=query)
            if arguments is None:
                break  # FastAPI's handler answers (a 422)
            scope.update(route=direct.route, endpoint=direct.lean.endpoint, path_params=path)
            scope.setdefault("router", self._router)
            await self._respond(partial(direct.lean.call, arguments=arguments), scope, receive, send)
            return
        await self._app(scope, receive, send)

    async def _respond(self, endpoint: Endpoint, scope: Scope, receive: Receive, send: Send) -> None:
        """The endpoint's answer, or the app's handlers' answer to its error."""
        request = Request(scope, receive)
        try:
            response = await endpoint(request)
        except Exception as error:
            response = await self._handlers.response(request, error)
        await response(scope, receive, send)


def direct_routes(api: FastAPI) -> list[_DirectRoute]:
    """The app's GET-only LeanRoutes whose effective handler is lean (no inclusion added dependencies)."""
    found = []
    for context in iter_route_contexts(api.routes):
        route = context.original_route
        if not isinstance(route, LeanRoute) or context.methods != {"GET"} or context.path is None:
            continue
        lean = LeanCall.of(context.dependant)
        if lean is not None:
            found.append(_DirectRoute(route, _Path.of(context.path), lean))
    return found


def plain_post_routes(api: FastAPI) -> list[_PlainRoute]:
    """The app's plain Starlette routes (not FastAPI path operations) that take POSTs only: their
    endpoint takes the request and answers a Response."""
    found = []
    for context in iter_route_contexts(api.routes):
        route = context.original_route
        if type(route) is not Route or route.methods != {"POST"} or context.path is None:
            continue
        found.append(_PlainRoute(route, _Path.of(context.path), route.endpoint))
    return found


class _ErrorHandlers:
    """The app's exception handlers, chosen as Starlette's ExceptionMiddleware chooses them; the
    handler of 500/Exception stays with the outermost middleware, as FastAPI arranges it."""

    def __init__(self, handlers: Mapping[Any, ErrorHandler]) -> None:
        self._by_status = {key: h for key, h in handlers.items() if isinstance(key, int) and key != 500}
        self._by_class = {
            key: h for key, h in handlers.items() if isinstance(key, type) and key is not Exception
        }

    async def response(self, request: Request, error: Exception) -> Response:
        """The handler's answer to `error`; `error` raised again when no handler takes it."""
        handler = self._by_status.get(error.status_code) if isinstance(error, HTTPException) else None
        handler = handler or next(
            (self._by_class[c] for c in type(error).__mro__ if c in self._by_class), None
        )
        if handler is None:
            raise error
        if inspect.iscoroutinefunction(handler):
            answer = await handler(request, error)
        else:
            answer = await run_in_threadpool(handler, request, error)
        assert isinstance(answer, Response), "an HTTP exception handler answers a Response"
        return answer
