"""The Jinja sandbox scripts render in, with bounds on what a render may build and how long it works.

Jinja's sandbox stops attribute tricks but not size or work: `'x' * 20000000`, `3 ** 3000000`,
`('a' * 20000) | replace('a', 'b' * 20000)` or two nested loops of ten thousand run as asked. Here:

- every operator, filter and call is checked: a result that would be too big is refused before it
  is computed where Python would build it in one step (powers, repetitions, `replace`, `join`,
  `indent`, `expandtabs`, format strings), any other result after;
- lists, tuples, sets and dicts count everything they hold (a list of one long string repeated is
  as long as its text), so printing or joining one can never build more than the limits;
- every loop step, operator, filter and call spends from a work budget, and a render stops when it
  is spent or when its deadline passes (scripts render in a worker thread, never on the event loop);
- the rendered text stops at MAX_SCRIPT_CHARS as it grows.

A refusal is a `ScriptLimitError`. `script_work` checks at save that no caller input can exceed them.
"""

import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

MAX_VALUE_CHARS = 20_000  # one string made by an expression, or all the text a list holds
MAX_ITEMS = 1_000  # everything one list, tuple, set or dict holds, nested ones included
MAX_LOOP = 1_000  # steps of one loop (and the length of a range)
MAX_RANGE = MAX_LOOP
MAX_SCRIPT_CHARS = 40_000  # a whole rendered script (the seed scripts are about 2,000)
MAX_INT_BITS = 4 * MAX_VALUE_CHARS  # about MAX_VALUE_CHARS decimal digits
# Work units of one render: a loop step or an operation is one, a value built costs one more per
# CHARS_PER_UNIT characters and one per item it holds (each unit is about a microsecond).
MAX_WORK = 50_000
CHARS_PER_UNIT = 1_000
RENDER_SECONDS = 1.0  # a safety net only: the work budget ends a render first on an idle machine
# A width or precision in a format string ("%20000000s", "{:>20000000}"): six digits or more.
_HUGE_FORMAT_WIDTH = re.compile(r"[%:][^a-zA-Z%{}]*?[0-9]{6}")
_CONTAINERS = (list, tuple, set, frozenset, dict)


class ScriptLimitError(SecurityError):
    """A script tried to build something too big, or to work too long."""


@dataclass
class _Budget:
    left: int
    deadline: float
    spent_since_clock: int = 0
    # Containers measured in this render: id → (the container, kept alive so the id stays its, size).
    measured: dict[int, tuple[object, tuple[int, int]]] = field(default_factory=dict)


_budget: ContextVar[_Budget | None] = ContextVar("script_work_budget", default=None)


def charge(units: int = 1) -> None:
    """Spend `units` of the current render's work; ScriptLimitError once it is spent or late."""
    budget = _budget.get()
    if budget is None:
        return
    budget.left -= units
    if budget.left < 0:
        raise ScriptLimitError("the script does too much work (too many loop steps or operations)")
    budget.spent_since_clock += units
    if budget.spent_since_clock >= 256:
        budget.spent_since_clock = 0
        if time.monotonic() > budget.deadline:
            raise ScriptLimitError("the script takes too long to fill in")


def _measure(value: object) -> tuple[int, int]:
    """(characters, items) a value holds, containers' contents included; stops past the limits.

    Looking inside costs one unit of work per item, once per container and render (the sandbox
    allows no changes to lists, dicts or sets, so a container measured once keeps its size)."""
    kind = type(value)
    if kind is str or kind is bytes:
        return len(value), 0  # type: ignore[arg-type]
    if not isinstance(value, _CONTAINERS):
        return 1, 0
    budget = _budget.get()
    known = budget.measured.get(id(value)) if budget is not None else None
    if known is not None and known[0] is value:
        return known[1]
    chars = items = 0
    stack: list[object] = [value]
    while stack and items <= MAX_ITEMS and chars <= MAX_VALUE_CHARS:
        current = stack.pop()
        kind = type(current)
        if kind is str or kind is bytes:
            chars += len(current)  # type: ignore[arg-type]
        elif isinstance(current, dict):
            items += len(current)
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, _CONTAINERS):
            items += len(current)
            stack.extend(current)
        else:
            chars += 1
    charge(items)
    if budget is not None:
        budget.measured[id(value)] = (value, (chars, items))
    return chars, items


def check_size(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise ScriptLimitError("a number in the script is too large")
    if isinstance(value, range) and len(value) > MAX_RANGE:
        raise ScriptLimitError(f"a range in the script is longer than {MAX_RANGE}")
    if isinstance(value, (str, bytes, *_CONTAINERS)):
        chars, items = _measure(value)
        charge(chars // CHARS_PER_UNIT)
        if chars > MAX_VALUE_CHARS:
            raise ScriptLimitError(f"a value in the script is longer than {MAX_VALUE_CHARS} characters")
        if items > MAX_ITEMS:
            raise ScriptLimitError(f"a list in the script holds more than {MAX_ITEMS} items")
    return value


def _refuse_longer(chars: int, what: str) -> None:
    if chars > MAX_VALUE_CHARS:
        raise ScriptLimitError(f"{what} in the script would be over {MAX_VALUE_CHARS} characters")


def _check_format(text: object, arguments: Iterable[object] = ()) -> None:
    """A format string: no huge widths, and no more output than its placeholders could hold."""
    if not isinstance(text, str):
        return
    if _HUGE_FORMAT_WIDTH.search(text):
        raise ScriptLimitError("a format width in the script is too large")
    sizes = [_measure(argument) for argument in arguments]
    longest = max((chars + 4 * items for chars, items in sizes), default=0)
    _refuse_longer(len(text) + (text.count("%") + text.count("{")) * longest, "a formatted text")


def _check_arguments(arguments: Iterable[Any]) -> None:
    """Numbers are widths and counts here (center(…), indent(…), ljust(…)): never huge."""
    for argument in arguments:
        if isinstance(argument, int) and not isinstance(argument, bool) and argument > MAX_VALUE_CHARS:
            raise ScriptLimitError(f"an argument in the script is larger than {MAX_VALUE_CHARS}")
        check_size(argument)


def _check_operands(operator: str, left: object, right: object) -> None:
    if operator == "%":
        _check_format(left, right if isinstance(right, tuple) else (right,))
    if operator == "**" and _huge_power(left, right):
        raise ScriptLimitError("a power in the script is too large")
    if operator == "*" and (_too_long(left, right) or _too_long(right, left)):
        raise ScriptLimitError(f"a repetition in the script is over {MAX_VALUE_CHARS} characters")


def _huge_power(base: object, exponent: object) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or abs(base) < 2 or exponent < 1:
        return False
    return exponent * math.log2(abs(base)) > MAX_INT_BITS


def _too_long(sequence: object, times: object) -> bool:
    if not isinstance(sequence, Sized) or not isinstance(times, int) or times < 2:
        return False
    chars, items = _measure(sequence)
    return chars * times > MAX_VALUE_CHARS or items * times > MAX_ITEMS


def _check_growth(name: str, text: object, arguments: tuple[Any, ...]) -> None:
    """The string operations whose result can be far longer than their inputs, checked before."""
    if not isinstance(text, str):
        return
    if name == "replace" and len(arguments) >= 2 and isinstance(arguments[0], str):
        old, new = arguments[0], str(arguments[1])
        count = arguments[2] if len(arguments) > 2 and isinstance(arguments[2], int) else -1
        found = text.count(old) if old else len(text) + 1
        found = found if count < 0 else min(found, count)
        _refuse_longer(len(text) + found * max(len(new) - len(old), 0), "a replacement")
    elif name == "join" and arguments:
        chars, items = _measure(arguments[0])
        _refuse_longer(chars + items * len(text), "a joined text")
    elif name == "indent":
        width = arguments[0] if arguments and isinstance(arguments[0], int) else 4
        _refuse_longer(len(text) + (text.count("\n") + 1) * width, "an indented text")
    elif name == "expandtabs":
        size = arguments[0] if arguments and isinstance(arguments[0], int) else 8
        _refuse_longer(len(text) + text.count("\t") * size, "a text with tabs expanded")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    # A filter marked pass_context (and the like) gets that first, then the value, then arguments.
    value_at = 1 if hasattr(function, "jinja_pass_arg") else 0

    def bounded(*args: Any, **kwargs: Any) -> Any:
        charge()
        if len(args) <= value_at:
            return check_size(function(*args, **kwargs))
        value, rest = args[value_at], (*args[value_at + 1 :], *kwargs.values())
        check_size(value)
        # Widths and counts (center(…), indent(…), format(…)) are the arguments after the value.
        _check_arguments(rest)
        if name == "format":
            _check_format(value, rest)
        elif name == "join":
            value = _listed(value)
            args = (*args[:value_at], value, *args[value_at + 1 :])
            _check_growth(name, rest[0] if rest and isinstance(rest[0], str) else "", (value,))
        else:
            _check_growth(name, value, rest)
        return check_size(function(*args, **kwargs))

    for attribute in ("contextfilter", "evalcontextfilter", "environmentfilter", "jinja_pass_arg"):
        if hasattr(function, attribute):
            setattr(bounded, attribute, getattr(function, attribute))
    return bounded


def _listed(values: object) -> object:
    """A generator (from `map`, `select`, …) as a list, measured; anything else as it is."""
    if isinstance(values, Sized) or not isinstance(values, Iterable):
        return values
    found = []
    for item in values:
        found.append(item)
        if len(found) > MAX_ITEMS:
            raise ScriptLimitError(f"a list in the script holds more than {MAX_ITEMS} items")
    return check_size(found)


def _bounded_range(*args: int) -> range:
    return check_size(range(*args))  # type: ignore[return-value]


class _Guards(NodeTransformer):
    """Routes what Jinja does outside the sandbox's hooks through it: loop steps, `~` joins and
    literal lists, tuples and dicts (whose printing or hashing could otherwise run unmeasured)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        if node.recursive:
            raise TemplateSyntaxError("recursive loops are not allowed in scripts", node.lineno)
        self.generic_visit(node)
        node.iter = _guarded("guard_loop", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_guarded("guard_value", part) for part in node.nodes]
        return node

    def visit_List(self, node: nodes.List) -> nodes.Node:
        self.generic_visit(node)
        return _guarded("guard_value", node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        self.generic_visit(node)
        return _guarded("guard_value", node) if node.ctx == "load" else node

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        self.generic_visit(node)
        for pair in node.items:
            pair.key = _guarded("guard_value", pair.key)
        return _guarded("guard_value", node)


def _guarded(guard: str, node: nodes.Node) -> nodes.Expr:
    return nodes.Call(nodes.EnvironmentAttribute(guard), [node], [], None, None, lineno=node.lineno)


class ScriptSandbox(ImmutableSandboxedEnvironment):
    """No mutation of lists, dicts and sets (so nothing grows unseen), and every step counted."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/", "-"})

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False, finalize=check_size
        )
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.globals["range"] = _bounded_range

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        return super()._generate(_Guards().visit(source), *args, **kwargs)

    @staticmethod
    def guard_loop(iterable: Iterable[Any]) -> Iterator[Any]:
        for step, item in enumerate(iterable):
            if step >= MAX_LOOP:
                raise ScriptLimitError(f"a loop in the script goes round more than {MAX_LOOP} times")
            charge()
            yield item

    @staticmethod
    def guard_value(value: object) -> object:
        return check_size(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        charge()
        _check_operands(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right))

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        charge()
        _check_arguments((*args, *kwargs.values()))
        # Jinja hands out `str.format` wrapped; the string it formats is the wrapped method's.
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        name = getattr(__obj, "__name__", "")
        if name == "join" and isinstance(owner, str) and args:
            args = (_listed(args[0]), *args[1:])
        if name in ("format", "format_map"):
            _check_format(owner, (*args, *kwargs.values()))
        else:
            _check_growth(name, owner, args)
        return check_size(super().call(__context, __obj, *args, **kwargs))


def render_bounded(template: Template, *, context: dict[str, Any]) -> str:
    """The rendered text within the work budget and deadline, refused once it passes
    MAX_SCRIPT_CHARS (without building the rest)."""
    token = _budget.set(_Budget(left=MAX_WORK, deadline=time.monotonic() + RENDER_SECONDS))
    try:
        parts: list[str] = []
        size = 0
        for part in template.generate(context):
            size += len(part)
            if size > MAX_SCRIPT_CHARS:
                raise ScriptLimitError(
                    f"the script is longer than {MAX_SCRIPT_CHARS} characters once filled in"
                )
            parts.append(part)
        return "".join(parts)
    finally:
        _budget.reset(token)
