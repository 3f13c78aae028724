"""The package's layout: folders are the pipeline, imports run one way, modules stay small.

The rules are those of the "Layout" section of the design: each folder imports only the folders
below it in the pipeline, there are no import cycles (counting imports made inside functions),
nothing inside the package imports the package root, no module is longer than a reader can hold,
and no two modules share a name. ``import reviewkit`` itself loads no plotting, schema, widget,
Arrow or Dask library.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reviewkit"

#: Modules every part of the package may import.
SHARED = {"exceptions", "gc_threshold", "messages", "progress"}
#: The top-level modules; everything else lives in a folder of its step.
TOP_LEVEL = {"__init__", "cli", "exceptions", "gc_threshold", "messages", "progress", "synth"}
#: Which folders (and top-level modules) each folder may import, besides itself and SHARED.
MAY_IMPORT = {
    "interpret": set(),
    "review": {"interpret"},
    "load": {"interpret", "review"},
    "check": {"load", "interpret", "review"},
    "render": {"check", "interpret"},
    "publish": {"render", "check", "load", "interpret", "review"},
    "scale": {"check", "load", "interpret", "review"},
    "synth": {"interpret", "load"},
}
#: Third-party libraries that ``import reviewkit`` must not load (they load when used).
HEAVY = ["matplotlib", "plotly", "pandera", "ipywidgets", "dask", "pyarrow", "openpyxl", "docx",
         "holidays", "loky", "jinja2"]
MAX_LINES = 450


def module_name(path: Path) -> str:
    """``reviewkit/check/engine.py`` -> ``reviewkit.check.engine`` (a package is its ``__init__``)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules a file imports, anywhere in it (inside functions too).

    ``from reviewkit.load import readers`` counts as importing ``reviewkit.load.readers`` when
    that is a module; otherwise as importing ``reviewkit.load``. Either way it also runs the
    package ``reviewkit.load`` itself (its ``__init__``), so it counts as importing that too:
    a module that imports its own package, whose ``__init__`` imports the module, is a cycle.
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("reviewkit"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reviewkit"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
            if modules.get(node.module, Path()).name == "__init__.py":
                found.add(node.module)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    modules = package_modules()
    return {name: imported(path, modules) & set(modules) for name, path in modules.items()}


def part_of(module: str) -> str:
    """The folder (or top-level module) a module belongs to: ``reviewkit.check.engine`` -> ``check``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_graph_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "reviewkit_probe.py"
    source.write_text("def f():\n    from reviewkit.load.schema import empty_chronology\n")
    assert imported(source, {"reviewkit.load.schema": source}) == {"reviewkit.load.schema"}


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_folders_import_only_the_steps_below_them():
    crossings = []
    for module, targets in import_graph().items():
        part = part_of(module)
        if part in ("__init__", "cli") or part in SHARED:
            continue
        allowed = MAY_IMPORT[part] | {part} | SHARED
        crossings += [f"{module} -> {target}" for target in sorted(targets)
                      if part_of(target) not in allowed]
    assert crossings == []


def test_nothing_inside_the_package_imports_its_root():
    graph = import_graph()
    assert [module for module, targets in graph.items() if "reviewkit" in targets] == []


def test_only_the_shared_modules_sit_at_the_top():
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top == TOP_LEVEL
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert folders == {"interpret", "load", "check", "review", "render", "publish", "scale"}


def test_no_two_modules_share_a_name():
    by_name = defaultdict(list)
    for name, path in package_modules().items():
        if path.stem != "__init__":
            by_name[path.stem].append(name)
    assert {stem: names for stem, names in by_name.items() if len(names) > 1} == {}


def test_modules_stay_small():
    long = {name: n for name, path in package_modules().items()
            if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_tests_mirror_the_folders():
    tests = Path(__file__).resolve().parent
    for folder in MAY_IMPORT:
        if folder != "synth":
            assert (tests / folder).is_dir(), f"tests/{folder}/ is missing"


@pytest.mark.parametrize("statement", ["import reviewkit", "import reviewkit.cli"])
def test_importing_reviewkit_loads_no_heavy_library(statement):
    code = (f"import sys; {statement}; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []


def test_every_public_name_resolves_and_check_stays_a_function():
    code = ("import importlib, pkgutil, reviewkit\n"
            "missing = [n for n in reviewkit.__all__ if getattr(reviewkit, n, None) is None]\n"
            "for m in pkgutil.walk_packages(reviewkit.__path__, 'reviewkit.'):\n"
            "    importlib.import_module(m.name)\n"
            "from reviewkit.check import engine\n"
            "assert callable(reviewkit.check) and callable(reviewkit.detect), reviewkit.check\n"
            "assert reviewkit.check.__wrapped__ is engine.check\n"
            "print(' '.join(missing))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == []
