"""The package's modules form no import cycle, function-level imports included.

An import cycle hidden behind a function-level import (load -> release -> export
-> load once did) works until someone moves the import to the top. The graph is
read from the source with ``ast``: every ``import`` and ``from ... import`` of a
module of the package, wherever it stands.
"""

from __future__ import annotations

import ast
from pathlib import Path

import mali_conflict_data

PACKAGE = Path(mali_conflict_data.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """The package's modules that module ``name`` imports (its package __init__ excluded)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative import
                package = name if MODULES[name].name == "__init__.py" else name.rsplit(".", 1)[0]
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1]])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    found.add(f"{base}.{alias.name}")
                elif base in MODULES:
                    found.add(base)
    # A package's __init__ is imported on the way to any of its modules; it imports lazily.
    return {
        m for m in found if m != name and not name.startswith(m + ".") and m != "mali_conflict_data"
    }


GRAPH = {name: _imports(name) for name in MODULES}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(GRAPH[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return components


def test_the_graph_sees_function_level_imports() -> None:
    """The reader finds an import made inside a function (so the cycle test can fail)."""
    assert "mali_conflict_data.download" in GRAPH["mali_conflict_data.load"]
    assert "mali_conflict_data.release" in GRAPH["mali_conflict_data.cli"]


def test_no_module_imports_one_that_imports_it_back() -> None:
    cycles = _cycles()
    assert cycles == [], (
        "import cycles (each a group of modules importing each other): "
        + "; ".join(" <-> ".join(c) for c in cycles)
    )


def test_the_model_imports_nothing_of_the_package_or_heavy() -> None:
    """The model is the bottom layer: everything may import it, it imports nothing."""
    tree = ast.parse(MODULES["mali_conflict_data.model"].read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"__future__", "dataclasses"}, imported
