"""A hot JSON route without FastAPI's per-request dependency solving (the warm lookup).

`LeanRoute` is an `APIRoute` like any other to FastAPI: its signature documents it in
/openapi.json, and FastAPI builds its handler as usual. But while every path and query parameter
of a request is present (or has a default) and valid, the endpoint is called at once: each value
checked by the very pydantic field FastAPI built for it, the request handed over as it is. A
request with a parameter missing or invalid goes through FastAPI's own handler, which answers
the 422 it always did. FastAPI's solving inspects every parameter's annotation again on every
request: about a fifth of a warm lookup's CPU (docs/performance.md).

Only for routes whose endpoint is async, takes path and query parameters (and the `Request`),
has no dependencies (its router's included) and answers a `Response` itself; any other route
keeps FastAPI's handler unchanged. `LeanCall` is that direct call, which `direct_dispatch` also
makes before the router for a lean route's GET requests.
"""

import inspect
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import routing
from fastapi._compat import ModelField
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
# The parameters taken this way: one string each, by its own name (no list, no JSON, no alias).
PLAIN = (str, str | None)


@dataclass(frozen=True)
class _Parameter:
    name: str
    alias: str
    in_path: bool
    required: bool
    default: Any
    validate: Callable[..., tuple[Any, list[Any]]]


@dataclass(frozen=True)
class LeanCall:
    """A lean endpoint and its parameters: the call a valid request makes, without FastAPI's solving."""

    endpoint: Callable[..., Coroutine[Any, Any, Response]]
    parameters: tuple[_Parameter, ...]
    request_name: str | None

    @classmethod
    def of(cls, dependant: Dependant) -> "LeanCall | None":
        """The direct call for a route's (effective) dependant; None when it is not lean."""
        if not _is_lean(dependant):
            return None
        assert dependant.call is not None
        parameters = tuple(
            _Parameter(f.name, f.alias, in_path, f.field_info.is_required(), f.get_default(), f.validate)
            for in_path, fields in ((True, dependant.path_params), (False, dependant.query_params))
            for f in fields
        )
        return cls(dependant.call, parameters, dependant.request_param_name)

    def arguments(self, *, path: Mapping[str, Any], query: Mapping[str, str]) -> dict[str, Any] | None:
        """Every parameter's validated value; None when any is missing or invalid."""
        values: dict[str, Any] = {}
        for parameter in self.parameters:
            raw = path.get(parameter.alias) if parameter.in_path else query.get(parameter.alias)
            if raw is None:
                if parameter.required:
                    return None
                values[parameter.name] = parameter.default
                continue
            value, errors = parameter.validate(raw, values, loc=())
            if errors:
                return None
            values[parameter.name] = value
        return values

    async def call(self, request: Request, arguments: dict[str, Any]) -> Response:
        """The endpoint's answer for `arguments` (from `arguments()`) and the request."""
        if self.request_name is not None:
            arguments[self.request_name] = request
        response = await self.endpoint(**arguments)
        assert isinstance(response, Response), "a lean route answers a Response"
        return response


class LeanRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        standard = super().get_route_handler()
        lean = LeanCall.of(_effective_dependant(self))
        if lean is None:
            return standard

        async def handle(request: Request) -> Response:
            arguments = lean.arguments(path=request.path_params, query=request.query_params)
            if arguments is None:
                return await standard(request)
            return await lean.call(request, arguments)

        return handle


def _effective_dependant(route: APIRoute) -> Dependant:
    """The dependant FastAPI builds this handler for: the route's, or its inclusion's (which adds the
    including router's dependencies)."""
    context = routing._effective_route_context_var.get()
    if context is not None and context.original_route is route:
        dependant: Dependant = context.dependant
        return dependant
    return route.dependant


def _is_lean(dependant: Dependant) -> bool:
    return (
        inspect.iscoroutinefunction(dependant.call)
        and not dependant.dependencies
        and not dependant.header_params
        and not dependant.cookie_params
        and not dependant.body_params
        and dependant.websocket_param_name is None
        and dependant.http_connection_param_name is None
        and dependant.response_param_name is None
        and dependant.background_tasks_param_name is None
        and dependant.security_scopes_param_name is None
        and all(_is_plain(f) for f in (*dependant.path_params, *dependant.query_params))
    )


def _is_plain(field: ModelField) -> bool:
    info = field.field_info
    return (
        info.annotation in PLAIN
        and field.alias == field.name
        and field.validation_alias is None
        and not info.validate_default
    )
