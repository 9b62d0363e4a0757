"""The layering of issue 9, read from the source with ``ast`` (no product module is imported).

Product code is every module under ``assessment/`` and ``reports/`` except
``assessment/migrations/``. The checks: no import cycle among product modules; no module
over 400 lines; no Flask-family import in ``assessment/services/`` or ``reports/``; no
import inside a function there (the usual way to dodge a cycle). Record 0008 explains why.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeGuard

ROOT = Path(__file__).resolve().parents[1]
PRODUCT_PACKAGES = ("assessment", "reports")
EXCLUDED = ("assessment/migrations/",)
FLASK_ONLY = ("assessment/services/", "reports/")
MAX_LINES = 400
FLASK_FAMILY = frozenset({"flask", "flask_babel", "flask_login", "flask_limiter", "flask_wtf",
                          "flask_sqlalchemy", "werkzeug"})
ImportNode = ast.Import | ast.ImportFrom | ast.Call


@dataclass(frozen=True)
class Import:
    """One import in a module: what it names, where, and in what context."""

    path: str  # relative to the repository, e.g. "assessment/services/answers.py"
    line: int
    names: tuple[str, ...]  # dotted candidates, most specific first (see ``_targets``)
    in_function: bool
    type_checking: bool
    statement: bool  # an import statement, not an ``import_module("...")`` call

    def where(self) -> str:
        """``path:line`` plus the context, for failure messages."""
        context = [c for c, on in (("in a function", self.in_function),
                                   ("under TYPE_CHECKING", self.type_checking)) if on]
        return f"{self.path}:{self.line}" + (f" ({', '.join(context)})" if context else "")


# --- reading the source ---------------------------------------------------------------


@cache
def product_files() -> dict[str, Path]:
    """Module name -> file, for every product module (packages by their ``__init__``)."""
    found = {}
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(EXCLUDED):
                found[module_name(relative)] = path
    return found


def module_name(relative: str) -> str:
    """``assessment/web/__init__.py`` -> ``assessment.web``; ``reports/x.py`` -> ``reports.x``."""
    parts = relative.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def relative_path(module: str) -> str:
    return product_files()[module].relative_to(ROOT).as_posix()


@cache
def imports_of(module: str) -> tuple[Import, ...]:
    """Every import statement in ``module`` at any depth, and literal ``import_module()`` calls."""
    path = relative_path(module)
    tree = ast.parse(product_files()[module].read_text(encoding="utf-8"), filename=path)
    is_package = path.endswith("/__init__.py")
    package = module if is_package else module.rpartition(".")[0]
    return tuple(Import(path, node.lineno, names, in_function, type_checking,
                        not isinstance(node, ast.Call))
                 for node, in_function, type_checking in _walk(tree, False, False)
                 for names in _targets(node, package))


def _walk(node: ast.AST, in_function: bool,
          type_checking: bool) -> Iterator[tuple[ImportNode, bool, bool]]:
    """Every import-like node below ``node``, with whether it is in a function or type-only."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom) or _literal_import_call(child):
            yield child, in_function, type_checking
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for statement in child.body:
                yield from _walk_one(statement, in_function, True)
            for statement in child.orelse:
                yield from _walk_one(statement, in_function, type_checking)
            continue
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef
                                           | ast.Lambda)
        yield from _walk(child, inside, type_checking)


def _walk_one(statement: ast.stmt, in_function: bool,
              type_checking: bool) -> Iterator[tuple[ImportNode, bool, bool]]:
    """``_walk`` for one statement itself as well as what it contains."""
    holder = ast.Module(body=[statement], type_ignores=[])
    yield from _walk(holder, in_function, type_checking)


def _is_type_checking(test: ast.expr) -> bool:
    """``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _literal_import_call(node: ast.AST) -> TypeGuard[ast.Call]:
    """``importlib.import_module("a.b")``, ``import_module("a.b")`` or ``__import__("a")``."""
    if not (isinstance(node, ast.Call) and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in {"import_module", "__import__"} and not node.args[0].value.startswith(".")


def _targets(node: ImportNode, package: str) -> Iterator[tuple[str, ...]]:
    """What one import node names, each as candidates: ``from P import x`` is the module
    ``P.x`` if there is one, else the name ``x`` re-exported by ``P`` (an edge to ``P``)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield (alias.name,)
    elif isinstance(node, ast.ImportFrom):
        base = _absolute(node.module, node.level, package)
        for alias in node.names:
            yield (base,) if alias.name == "*" else (f"{base}.{alias.name}", base)
    elif isinstance(node.args[0], ast.Constant):
        yield (str(node.args[0].value),)


def _absolute(module: str | None, level: int, package: str) -> str:
    """The absolute name of ``from <level dots><module> import ...`` written in ``package``."""
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base)


def resolve(names: tuple[str, ...]) -> str | None:
    """The product module an import's candidates name, or None (a third-party import)."""
    return next((name for name in names if name in product_files()), None)


# --- the import graph ---------------------------------------------------------------------


def import_graph() -> dict[str, dict[str, list[Import]]]:
    """Module -> imported product module -> the imports that make the edge.

    Type-only imports (under ``if TYPE_CHECKING:``) are left out: they do not run, so
    they cannot make a cycle at run time. Imports inside functions are kept: they run on
    the first call, and hiding a cycle there is what issue 9 forbids. Importing
    ``a.b.c`` also runs ``a`` and ``a.b``; those implicit parent-package edges are not
    drawn (every module would share a cycle with the app factory in ``assessment``), but
    a name taken from a package (``from assessment.services import x`` where ``x`` is not
    a submodule) is an edge to that package's ``__init__``, which has its own edges.
    """
    graph: dict[str, dict[str, list[Import]]] = {module: {} for module in product_files()}
    for module in product_files():
        for found in imports_of(module):
            target = resolve(found.names)
            if target is not None and target != module and not found.type_checking:
                graph[module].setdefault(target, []).append(found)
    return graph


def strongly_connected(graph: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """Tarjan's components of more than one module, each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component: list[str] = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def describe(component: list[str], graph: dict[str, dict[str, list[Import]]]) -> str:
    """A cycle's modules, and each import that keeps them in it, with file and line."""
    members = set(component)
    lines = [f"cycle of {len(component)} modules: {', '.join(component)}"]
    for module in component:
        for target in sorted(set(graph[module]) & members):
            wheres = "; ".join(found.where() for found in graph[module][target])
            lines.append(f"    {module} -> {target}  [{wheres}]")
    return "\n".join(lines)


def modules_under(*prefixes: str) -> list[str]:
    """Product modules whose file lies under one of ``prefixes`` (repository paths)."""
    return [m for m in product_files() if relative_path(m).startswith(prefixes)]


def unique(lines: Iterable[str]) -> list[str]:
    """``lines`` without repeats (``from flask import a, b`` is one offence), in order."""
    return list(dict.fromkeys(lines))


# --- the checks -------------------------------------------------------------------------


def test_the_graph_reader_sees_the_modules_it_should() -> None:
    modules = product_files()
    assert "assessment.engine" in modules and "reports.build" in modules
    assert not any(name.startswith("assessment.migrations") for name in modules)
    assert _absolute("errors", 1, "assessment.services") == "assessment.services.errors"
    assert _absolute(None, 2, "assessment.services") == "assessment"


def test_the_graph_reader_finds_nested_and_type_only_imports() -> None:
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n"
              "def f():\n    from . import b\n    return importlib.import_module('c')\n")
    found = [(names, f, t) for node, f, t in _walk(ast.parse(source), False, False)
             for names in _targets(node, "p")]
    assert (("typing.TYPE_CHECKING", "typing"), False, False) in found
    assert (("a",), False, True) in found
    assert (("p.b", "p"), True, False) in found
    assert (("c",), True, False) in found


def test_the_cycle_finder_reports_cycles_and_ignores_self_loops() -> None:
    graph: dict[str, dict[str, list[Import]]] = {
        "a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"d": [], "a": []}}
    assert strongly_connected(graph) == [["a", "b", "c"]]


def test_no_import_cycle_among_product_modules() -> None:
    """Function-level imports count; ``if TYPE_CHECKING:`` imports do not (they never run)."""
    graph = import_graph()
    cycles = strongly_connected(graph)
    assert not cycles, f"{len(cycles)} import cycle(s):\n" + "\n".join(
        describe(component, graph) for component in cycles)


def test_no_product_module_over_400_lines() -> None:
    lengths = {relative_path(m): len(p.read_text(encoding="utf-8").splitlines())
               for m, p in product_files().items()}
    over = sorted((n, path) for path, n in lengths.items() if n > MAX_LINES)
    assert not over, f"modules over {MAX_LINES} lines:\n" + "\n".join(
        f"    {path}: {n}" for n, path in reversed(over))


def test_services_and_reports_import_nothing_of_flask() -> None:
    """Any depth: function-level, type-only and literal ``import_module`` calls too."""
    offenders = unique(f"    {found.where()}: {found.names[-1]}"
                       for module in modules_under(*FLASK_ONLY) for found in imports_of(module)
                       if found.names[-1].split(".")[0] in FLASK_FAMILY)
    assert not offenders, "Flask-family imports in services/reports:\n" + "\n".join(offenders)


def test_services_and_reports_import_nothing_inside_a_function() -> None:
    """An import inside a function is how a cycle hides; import at the top instead."""
    offenders = unique(f"    {found.where()}: {resolve(found.names) or found.names[-1]}"
                       for module in modules_under(*FLASK_ONLY) for found in imports_of(module)
                       if found.in_function and found.statement)
    assert not offenders, "imports inside functions:\n" + "\n".join(offenders)
