"""The shape of app/: no import cycle between its packages; the domain does not reach outwards;
no file is too long to read in one sitting."""

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import TypeAlias

APP = Path(__file__).resolve().parent.parent / "app"
DOMAIN = ("app.calls", "app.campaigns", "app.civic", "app.tallies")
# Top-level modules of app/ that are domain code too (the others configure, assemble or serve it).
DOMAIN_MODULES = (
    "accounts",
    "admin_sessions",
    "directory_jobs",
    "phones",
    "privacy",
    "read_models",
    "versions",
    "vocabulary",
)
# Methods whose signature another library fixes: Jinja's sandbox calls these hooks positionally.
POSITIONAL_ALLOWED = {
    "app.campaigns.sandbox.ScriptSandbox.call_binop",
    "app.campaigns.sandbox.ScriptSandbox.call",
}
# Past this a file is split by topic, so each can be read in one sitting.
MAX_LINES = 400


def unit_of(module: str) -> str:
    """`app.calls.bridge` → `app.calls`; a top-level module (`app.versions`) is its own unit."""
    parts = module.split(".")
    return ".".join(parts[:2])


def module_name(path: Path) -> str:
    relative = path.relative_to(APP.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def imported_modules(path: Path) -> Iterator[str]:
    """Every `app.*` module the file imports, at any depth (function-level imports count too)."""
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                yield f"{base}.{node.module}" if node.module else base
            elif node.module:
                yield node.module


Function: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef


def public_functions(path: Path) -> Iterator[tuple[str, list[ast.arg]]]:
    """Each public function and method (and constructor) of a module, with its positional parameters."""
    module = module_name(path)
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, Function) and not node.name.startswith("_"):
            yield f"{module}.{node.name}", node.args.posonlyargs + node.args.args
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for method in node.body:
                if isinstance(method, Function) and (
                    not method.name.startswith("_") or method.name == "__init__"
                ):
                    positional = method.args.posonlyargs + method.args.args
                    if positional and positional[0].arg in ("self", "cls"):
                        positional = positional[1:]
                    yield f"{module}.{node.name}.{method.name}", positional


def domain_files() -> Iterator[Path]:
    for unit in DOMAIN:
        yield from (APP.parent / unit.replace(".", "/")).rglob("*.py")
    yield from (APP / f"{name}.py" for name in DOMAIN_MODULES)


def package_graph() -> dict[str, set[str]]:
    """Each unit of app/ → the other units it imports."""
    graph: dict[str, set[str]] = {}
    for path in APP.rglob("*.py"):
        source = unit_of(module_name(path))
        for target in imported_modules(path):
            if target == "app" or not target.startswith("app."):
                continue
            if unit_of(target) != source:
                graph.setdefault(source, set()).add(unit_of(target))
    return graph


def test_the_walk_sees_the_imports_it_should() -> None:
    graph = package_graph()
    assert "app.campaigns" in graph["app.web"]
    assert "app.models" in graph["app.calls"]
    assert "app.web" not in graph.get("app.models", set())


def test_no_import_cycle_between_app_packages() -> None:
    try:
        TopologicalSorter(package_graph()).prepare()
    except CycleError as error:
        raise AssertionError("import cycle: " + " → ".join(reversed(error.args[1]))) from None


def test_domain_code_does_not_import_the_container_or_the_web() -> None:
    """The service container and the web layer assemble the domain; the domain knows neither."""
    graph = package_graph()
    outer = {"app.container", "app.web", "app.cli", "app.main"}
    reaching = {unit: sorted(graph.get(unit, set()) & outer) for unit in DOMAIN}
    assert reaching == {unit: [] for unit in DOMAIN}


def test_no_file_in_app_is_over_400_lines() -> None:
    lengths = {
        str(path.relative_to(APP.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in APP.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}
    assert lengths["app/models/calls.py"] > 0


def test_domain_functions_take_keyword_arguments_after_the_first() -> None:
    """`sync_congress(session, source=..., progress=...)`: a call says what each argument is."""
    functions = {name: params for path in domain_files() for name, params in public_functions(path)}
    assert "app.civic.sync.sync_congress" in functions
    assert "app.versions.ReadModel.__init__" in functions
    positional = {
        name: [param.arg for param in params]
        for name, params in functions.items()
        if len(params) > 1 and name not in POSITIONAL_ALLOWED
    }
    assert positional == {}
