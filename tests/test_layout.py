"""The shape of app/: no import cycle between its packages; the domain does not reach outwards;
no file is too long to read in one sitting."""

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import TypeAlias

APP = Path(__file__).resolve().parent.parent / "app"
# The layers of app/, lowest first. A unit may import only units of lower layers: a request walks
# down the tree, never back up. `civic` and `web` are split into their sub-packages.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("app.kernel",),
    ("app.settings",),
    ("app.models",),
    ("app.storage",),
    ("app.i18n",),
    ("app.accounts", "app.civic.geography"),
    ("app.civic.directory",),
    ("app.civic.geocoders",),
    ("app.civic.locating",),
    ("app.civic.sync",),
    ("app.campaigns",),
    ("app.tallies",),
    ("app.webhooks",),
    ("app.calls",),
    ("app.schemas",),
    ("app.runtime",),
    ("app.jobs",),
    ("app.web.middleware", "app.web.views"),
    ("app.web",),
    ("app.web.routes", "app.web.twilio"),
    ("app.cli", "app.main"),
)
LAYER_OF = {unit: depth for depth, units in enumerate(LAYERS) for unit in units}
# Domain code: plain functions and classes whose public functions take keywords after the first.
DOMAIN = (
    "app.calls",
    "app.campaigns",
    "app.civic",
    "app.tallies",
    "app.accounts",
    "app.kernel",
    "app.webhooks",
)
# The only modules that may sit loose at app/'s top level: the entry point and the settings.
LOOSE_MODULES_ALLOWED = 3
# Methods whose signature another library fixes: Jinja's sandbox calls these hooks positionally.
POSITIONAL_ALLOWED = {
    "app.campaigns.sandbox.ScriptSandbox.call_binop",
    "app.campaigns.sandbox.ScriptSandbox.call",
}
# Past this a file is split by topic, so each can be read in one sitting.
MAX_LINES = 400
SPLIT_PACKAGES = ("civic", "web")


def unit_of(module: str) -> str:
    """`app.calls.bridge` → `app.calls`; `app.civic.directory.view` → `app.civic.directory`;
    a loose module of `web` (`app.web.deps`) is `app.web`; a top-level module is its own unit."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] in SPLIT_PACKAGES and (APP / parts[1] / parts[2]).is_dir():
        return ".".join(parts[:3])
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
        folder = APP.parent / unit.replace(".", "/")
        yield from folder.rglob("*.py")


def units() -> set[str]:
    """Every unit that holds code (an empty `__init__.py` only marks a package)."""
    return {
        unit_of(module_name(path)) for path in APP.rglob("*.py") if path.read_text(encoding="utf-8").strip()
    }


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
    assert "app.campaigns" in graph["app.web.routes"]
    assert "app.models" in graph["app.calls"]
    assert "app.civic.geography" in graph["app.civic.directory"]
    assert "app.web" not in graph.get("app.models", set())


def test_every_unit_of_app_has_a_layer() -> None:
    assert sorted(units() - set(LAYER_OF)) == []
    assert sorted(set(LAYER_OF) - units()) == []


def test_no_import_cycle_between_app_packages() -> None:
    try:
        TopologicalSorter(package_graph()).prepare()
    except CycleError as error:
        raise AssertionError("import cycle: " + " → ".join(reversed(error.args[1]))) from None


def test_imports_point_only_down_the_layers() -> None:
    """A unit imports units of lower layers only, never one of its own layer or above."""
    upward = sorted(
        f"{source} → {target}"
        for source, targets in package_graph().items()
        for target in targets
        if LAYER_OF[target] >= LAYER_OF[source]
    )
    assert upward == []


def test_at_most_three_modules_sit_loose_in_app() -> None:
    loose = sorted(path.name for path in APP.glob("*.py") if path.name != "__init__.py")
    assert loose == ["main.py", "settings.py"]
    assert len(loose) <= LOOSE_MODULES_ALLOWED


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
    assert "app.civic.sync.datasets.sync_congress" in functions
    assert "app.accounts.service.add_user" in functions
    positional = {
        name: [param.arg for param in params]
        for name, params in functions.items()
        if len(params) > 1 and name not in POSITIONAL_ALLOWED
    }
    assert positional == {}
