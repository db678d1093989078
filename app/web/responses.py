"""OpenAPI `responses=` for routes: each error status a route can answer, with its codes.

A route names the SwitchboardError classes its domain code can raise; every /api route can also
answer 400 (a request refused at the edge), 422 (`invalid_request`: a parameter or body that
does not validate), 500 (`internal_error`, never on purpose) and 503 (`database_unavailable`, with
Retry-After, while the database does not answer). All carry the ErrorBody model.
"""

from collections import defaultdict
from typing import Any

from fastapi.responses import JSONResponse

from app.kernel.errors import SwitchboardError
from app.schemas.errors import ErrorBody

COMMON: tuple[tuple[int, str], ...] = (
    (400, "invalid_request"),
    (422, "invalid_request"),
    (500, "internal_error"),
    (503, "database_unavailable"),
)
# Routes that take a body: it is refused before parsing when over the route's size cap.
WITH_BODY: tuple[tuple[int, str], ...] = ((413, "request_too_large"),)


def _leaves(error: type[SwitchboardError]) -> list[type[SwitchboardError]]:
    """A branch of the error tree (LocationError) stands for every error under it."""
    below = error.__subclasses__()
    return [leaf for sub in below for leaf in _leaves(sub)] if below else [error]


def error_responses(
    *errors: type[SwitchboardError], extra: tuple[tuple[int, str], ...] = ()
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route whose domain code may raise `errors` (or a branch of them)."""
    codes: dict[int, list[str]] = defaultdict(list)
    for status, code in (
        *COMMON,
        *extra,
        *(pair for error in errors for leaf in _leaves(error) for pair in leaf.documented()),
    ):
        codes[status].append(code)
    return {
        status: {
            "model": ErrorBody,
            "description": "`code`: " + ", ".join(f"`{code}`" for code in dict.fromkeys(codes[status])),
        }
        for status in sorted(codes)
    }


class EncodedJSONResponse(JSONResponse):
    """A JSON answer already encoded (bytes), sent as it is: the route declares its `response_model`."""

    def render(self, content: Any) -> bytes:
        assert isinstance(content, bytes), "the answer comes encoded"
        return content
