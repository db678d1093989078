"""How much work a script can do, judged from its text at save, whatever the caller typed.

The sandbox stops any render that spends MAX_WORK (app/campaigns/sandbox.py); a script that could
reach it only for some callers (`{% if caller.name == 'Bob' %}` around a long loop) would pass the
save-time renders and then fail those callers. So a script's shape is bounded before it is saved:
no loop inside a loop (nor inside a macro or a call block, which repeat too), no recursive loop,
`range()` with whole numbers written out, and a worst-case estimate of its work within MAX_WORK,
counting every loop at its longest and every operation at its dearest.
"""

from dataclasses import dataclass

from jinja2 import nodes

from app.campaigns.sandbox import CHARS_PER_UNIT, MAX_ITEMS, MAX_LOOP, MAX_RANGE, MAX_VALUE_CHARS, MAX_WORK

# The dearest an operation can be: building a value of the longest text allowed …
OPERATION = 1 + MAX_VALUE_CHARS // CHARS_PER_UNIT
# … or a list of the most items allowed (literal lists and the filters and methods that make lists).
LIST_OPERATION = 1 + MAX_ITEMS
LIST_MAKERS = frozenset(
    {
        "list",
        "sort",
        "unique",
        "map",
        "select",
        "reject",
        "selectattr",
        "rejectattr",
        "batch",
        "slice",
        "dictsort",
        "groupby",
        "items",
        "reverse",
        "split",
        "rsplit",
        "splitlines",
        "keys",
        "values",
        "partition",
        "rpartition",
    }
)
_OPERATIONS = (nodes.Call, nodes.Filter, nodes.BinExpr, nodes.Concat, nodes.List, nodes.Tuple, nodes.Dict)


@dataclass(frozen=True)
class WorkProblem:
    line: int
    reason: str


def script_work_problems(template: nodes.Template) -> list[WorkProblem]:
    """Why the parsed script could do too much work for some caller (empty: it cannot)."""
    problems = [*_shape_problems(template), *_range_problems(template)]
    if problems:
        return problems
    loops = list(template.find_all(nodes.For))
    in_loops = {id(op) for loop in loops for op in _operations(loop)}
    outside = sum(_cost(op) for op in _operations(template) if id(op) not in in_loops)
    worst = outside + sum(_steps(loop) * (1 + sum(_cost(op) for op in _operations(loop))) for loop in loops)
    if worst <= MAX_WORK:
        return []
    dearest = max(loops, key=lambda loop: _steps(loop) * sum(_cost(op) for op in _operations(loop)))
    return [
        WorkProblem(
            dearest.lineno,
            f"this script could do too much work for some callers (about {worst:,} steps, at most "
            f"{MAX_WORK:,}): loop fewer times or do less inside the loop",
        )
    ]


def _shape_problems(template: nodes.Template) -> list[WorkProblem]:
    problems = [
        WorkProblem(node.lineno, "scripts cannot define macros or call blocks")
        for node in template.find_all((nodes.Macro, nodes.CallBlock))
    ]
    for loop in template.find_all(nodes.For):
        if loop.recursive:
            problems.append(WorkProblem(loop.lineno, "recursive loops are not allowed in scripts"))
        for inner in loop.find_all(nodes.For):
            problems.append(WorkProblem(inner.lineno, "a loop inside a loop is not allowed in scripts"))
    return problems


def _range_problems(template: nodes.Template) -> list[WorkProblem]:
    problems = []
    for call in template.find_all(nodes.Call):
        if not _is_range(call):
            continue
        if _range_length(call) is None:
            problems.append(
                WorkProblem(
                    call.lineno,
                    f"range() in a script takes whole numbers written out, for at most {MAX_RANGE} steps",
                )
            )
    return problems


def _is_range(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range"


def _range_length(call: nodes.Call) -> int | None:
    """The steps of `range(…)` written with whole numbers (at most MAX_RANGE), else None."""
    numbers = [_literal_int(arg) for arg in call.args]
    if call.kwargs or call.dyn_args or call.dyn_kwargs or not 1 <= len(numbers) <= 3:
        return None
    if any(n is None for n in numbers) or (len(numbers) == 3 and numbers[2] == 0):
        return None
    length = len(range(*[n for n in numbers if n is not None]))
    return length if length <= MAX_RANGE else None


def _literal_int(node: nodes.Node) -> int | None:
    if isinstance(node, nodes.Neg):
        inner = _literal_int(node.node)
        return -inner if inner is not None else None
    if isinstance(node, nodes.Const) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _steps(loop: nodes.For) -> int:
    """The most times a loop goes round: a written range or list's length, else the sandbox's cap."""
    if _is_range(loop.iter):
        return _range_length(loop.iter) or MAX_LOOP  # type: ignore[arg-type]
    if isinstance(loop.iter, nodes.List | nodes.Tuple):
        return len(loop.iter.items)
    return MAX_LOOP


def _operations(node: nodes.Node) -> list[nodes.Node]:
    """The operations in a node's body (a loop's: what runs each time round, its `else` too)."""
    if isinstance(node, nodes.For):
        parts = [*node.body, *node.else_, *([node.test] if node.test else [])]
        return [op for part in parts for op in _all(part)]
    return _all(node)


def _all(node: nodes.Node) -> list[nodes.Node]:
    counted = isinstance(node, _OPERATIONS) and getattr(node, "ctx", "load") == "load"
    found = [node] if counted else []
    return found + [op for child in node.iter_child_nodes() for op in _all(child)]


def _cost(node: nodes.Node) -> int:
    if isinstance(node, nodes.List | nodes.Tuple | nodes.Dict):
        return LIST_OPERATION
    name = ""
    if isinstance(node, nodes.Filter):
        name = node.name
    elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
        name = node.node.attr
    return LIST_OPERATION if name in LIST_MAKERS else OPERATION
