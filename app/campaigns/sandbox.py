"""The Jinja sandbox scripts render in, with bounds on what one expression or render may build.

Jinja's sandbox stops attribute tricks but not size: `'x' * 20000000`, `3 ** 3000000` or
`'x'|center(10**8)` run as asked. Here every operator, filter and call is checked: a power or a
product whose result would be too big is refused before it is computed, any other result after,
and the rendered text stops at MAX_SCRIPT_CHARS. A refusal is a `ScriptLimitError`.
"""

import math
import re
from collections.abc import Callable, Sized
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_VALUE_CHARS = 20_000  # one string, list or number made by an expression
MAX_SCRIPT_CHARS = 40_000  # a whole rendered script (the seed scripts are about 2,000)
MAX_INT_BITS = 4 * MAX_VALUE_CHARS  # about MAX_VALUE_CHARS decimal digits
MAX_RANGE = 10_000
# A width or precision in a format string ("%20000000s", "{:>20000000}"): six digits or more.
_HUGE_FORMAT_WIDTH = re.compile(r"[%:][^a-zA-Z%{}]*?[0-9]{6}")


class ScriptLimitError(SecurityError):
    """A script tried to build something too big."""


def check_size(value: object) -> object:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise ScriptLimitError("a number in the script is too large")
    if isinstance(value, Sized) and not isinstance(value, dict) and len(value) > MAX_VALUE_CHARS:
        raise ScriptLimitError(f"a value in the script is longer than {MAX_VALUE_CHARS} characters")
    return value


def _check_format(text: object) -> None:
    if isinstance(text, str) and _HUGE_FORMAT_WIDTH.search(text):
        raise ScriptLimitError("a format width in the script is too large")


def _check_arguments(arguments: tuple[Any, ...]) -> None:
    for argument in arguments:
        if isinstance(argument, int) and not isinstance(argument, bool) and argument > MAX_VALUE_CHARS:
            raise ScriptLimitError(f"an argument in the script is larger than {MAX_VALUE_CHARS}")


def _check_operands(operator: str, left: object, right: object) -> None:
    if operator == "%":
        _check_format(left)
    if operator == "**" and _huge_power(left, right):
        raise ScriptLimitError("a power in the script is too large")
    if operator == "*" and (_too_long(left, right) or _too_long(right, left)):
        raise ScriptLimitError(f"a repetition in the script is over {MAX_VALUE_CHARS} characters")


def _huge_power(base: object, exponent: object) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or abs(base) < 2 or exponent < 1:
        return False
    return exponent * math.log2(abs(base)) > MAX_INT_BITS


def _too_long(sequence: object, times: object) -> bool:
    return isinstance(sequence, Sized) and isinstance(times, int) and len(sequence) * times > MAX_VALUE_CHARS


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    # A filter marked pass_context (and the like) gets that first, then the value, then arguments.
    value_at = 1 if hasattr(function, "jinja_pass_arg") else 0

    def bounded(*args: Any, **kwargs: Any) -> Any:
        # Widths and counts (center(…), indent(…), format(…)) are the arguments after the value.
        _check_arguments((*args[value_at + 1 :], *kwargs.values()))
        if args[value_at:]:
            _check_format(args[value_at])
        return check_size(function(*args, **kwargs))

    for name in ("contextfilter", "evalcontextfilter", "environmentfilter", "jinja_pass_arg"):
        if hasattr(function, name):
            setattr(bounded, name, getattr(function, name))
    return bounded


def _bounded_range(*args: int) -> range:
    found = range(*args)
    if len(found) > MAX_RANGE:
        raise ScriptLimitError(f"a range in the script is longer than {MAX_RANGE}")
    return found


class ScriptSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/", "-"})

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
        self.filters = {name: _bounded_filter(f) for name, f in self.filters.items()}
        self.globals["range"] = _bounded_range

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_operands(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right))

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments((*args, *kwargs.values()))
        _check_format(getattr(__obj, "__self__", None))
        return check_size(super().call(__context, __obj, *args, **kwargs))


def render_bounded(template: Template, *, context: dict[str, Any]) -> str:
    """The rendered text, refused once it passes MAX_SCRIPT_CHARS (without building the rest)."""
    parts: list[str] = []
    size = 0
    for part in template.generate(context):
        size += len(part)
        if size > MAX_SCRIPT_CHARS:
            raise ScriptLimitError(f"the script is longer than {MAX_SCRIPT_CHARS} characters once filled in")
        parts.append(part)
    return "".join(parts)
