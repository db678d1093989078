"""HTTP methods: HEAD wherever a page answers GET, and the `Allow` header of a 405.

FastAPI's routes answer only the methods they name, so a monitor or a link checker sending HEAD to
a page would get 405. Pages answer HEAD as they answer GET, with the same headers and no body
(app/web/middleware/edge.py); the JSON API (/api/) keeps exactly its documented methods.
"""

from fastapi.routing import iter_route_contexts
from starlette.requests import Request
from starlette.routing import Match
from starlette.types import Scope


def head_like_get(scope: Scope) -> bool:
    """Whether this request is a HEAD to be answered as its GET, without the body."""
    return scope["method"] == "HEAD" and not scope["path"].startswith("/api/")


def allowed_methods(request: Request) -> str:
    """Every method some route answers at this path (a 405 names them all in `Allow`)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))
