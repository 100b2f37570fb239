"""Which modules of mali_conflict_data the fast subset (plain `pytest`) imports.

A pytest plugin, loaded by tests/test_fast_subset.py in a `pytest --collect-only`
run: after collection (and the deselection of the full-suite-only markers), it
writes, for every module of the package, the first selected test that imports it.

A test imports a module when its code, the code of the fixtures it takes or of the
helpers it calls (functions of the test modules, followed call by call) names the
module or something defined in it (``from mali_conflict_data.load import read_table``,
``mcd.load``, ``build.build``, ``importlib.import_module("mali_conflict_data.x")``,
``python -m mali_conflict_data``), or when it is parametrised by the module's name.
A module imported then counts with every module it imports at its top level (those
run whenever it is imported); imports inside functions count only where a test names
them. Run by hand: ``pytest --collect-only -q -p fast_subset --fast-subset-report=out.json``
with tests/ on PYTHONPATH.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import json
import pkgutil
import re
import types
from pathlib import Path

PACKAGE = "mali_conflict_data"
TESTS = Path(__file__).resolve().parent
_IN_STRING = re.compile(rf"\b{PACKAGE}(?:\.\w+)*")
_RUN_AS_MAIN = re.compile(rf"(-m\s*['\"]?\s*|run_module\(\s*['\"]){PACKAGE}['\"\s]")


def package_modules() -> list[str]:
    """Every module of the package, subpackages included (found on disk, not listed)."""
    package = importlib.import_module(PACKAGE)
    found = [PACKAGE]
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{PACKAGE}."):
        found.append(info.name)
    return sorted(found)


def _module_file(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    return Path(spec.origin)


def _top_level_imports(name: str, modules: set[str]) -> set[str]:
    """The package modules ``name`` imports whenever it is imported (outside functions
    and ``if TYPE_CHECKING:`` blocks), its parent packages included."""
    tree = ast.parse(_module_file(name).read_text(encoding="utf-8"))
    package = name if _module_file(name).name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.ClassDef | ast.Try | ast.With):
                visit(getattr(node, "body", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    with_parents = set()
    for module in found:
        parts = module.split(".")
        with_parents.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return with_parents & modules


def _closure(names: set[str], modules: set[str]) -> set[str]:
    """``names`` and every module they import at their top level, and so on."""
    done: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in done:
            done.add(name)
            todo.extend(_top_level_imports(name, modules) - done)
    return done


def _codes(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _is_test_helper(obj) -> bool:
    """A function, class or module defined in tests/."""
    file = getattr(obj, "__file__", None) or getattr(inspect.getmodule(obj), "__file__", None)
    return bool(file) and Path(file).resolve().parent == TESTS


def _of_package(obj) -> str | None:
    """The package module ``obj`` is, or is defined in."""
    if isinstance(obj, types.ModuleType):
        name = obj.__name__
    else:
        name = getattr(obj, "__module__", None)
    if isinstance(name, str) and (name == PACKAGE or name.startswith(f"{PACKAGE}.")):
        return name
    return None


def named_modules(functions, modules: set[str]) -> set[str]:
    """The package modules the code of ``functions`` names, following test helpers."""
    found: set[str] = set()
    seen: set[types.CodeType] = set()
    todo = [inspect.unwrap(f) for f in functions]
    while todo:
        function = todo.pop()
        code = getattr(function, "__code__", None)
        if code is None or code in seen:
            continue
        seen.add(code)
        namespace = getattr(function, "__globals__", {})
        for part in _codes(code):
            seen.add(part)
            names = set(part.co_names)
            strings = [c for c in part.co_consts if isinstance(c, str)]
            found.update(name for name in names if name in modules)  # import statements
            for text in strings:
                found.update(m for m in _IN_STRING.findall(text) if m in modules)
                if _RUN_AS_MAIN.search(text + " "):
                    found.add(f"{PACKAGE}.__main__")
            if "-m" in strings and PACKAGE in strings:
                found.add(f"{PACKAGE}.__main__")
            containers = [namespace[n] for n in names if n in namespace]
            containers += [importlib.import_module(n) for n in names if n in modules]
            for obj in containers:
                owner = _of_package(obj)
                if owner:
                    found.add(owner)
                if isinstance(obj, types.ModuleType) and (owner or _is_test_helper(obj)):
                    for attribute in names:  # mcd.load, build.build, schema_cases.all_cases
                        value = getattr(obj, attribute, None)
                        if value is not None and _of_package(value):
                            found.add(_of_package(value))
                        elif _is_test_helper(value) and callable(value):
                            todo.append(inspect.unwrap(value))
                elif inspect.isclass(obj) and _is_test_helper(obj):
                    todo.extend(v for v in vars(obj).values() if inspect.isfunction(v))
                elif callable(obj) and _is_test_helper(obj):
                    todo.append(inspect.unwrap(obj))
    return found


def modules_of(item, modules: set[str]) -> set[str]:
    """The package modules one collected test imports (see the module docstring)."""
    functions = [item.function]
    for definitions in item._fixtureinfo.name2fixturedefs.values():
        functions += [definition.func for definition in definitions]
    named = named_modules(functions, modules)
    for value in getattr(getattr(item, "callspec", None), "params", {}).values():
        if isinstance(value, str) and value in modules:
            named.add(value)
    return _closure(named, modules)


def pytest_addoption(parser) -> None:
    parser.addoption("--fast-subset-report", help="write the modules the selected tests import")


_DESELECTED: list[str] = []


def pytest_deselected(items) -> None:
    _DESELECTED.extend(item.nodeid for item in items)


def pytest_collection_finish(session) -> None:
    out = session.config.getoption("fast_subset_report")
    if not out:
        return
    modules = set(package_modules())
    first: dict[str, str] = {}
    for item in session.items:
        if not hasattr(item, "function"):
            continue
        for module in sorted(modules_of(item, modules)):
            first.setdefault(module, item.nodeid)
    report = {
        "selected": [item.nodeid for item in session.items],
        "deselected": _DESELECTED,
        "modules": sorted(modules),
        "imported_by": first,
    }
    Path(out).write_text(json.dumps(report, indent=1), encoding="utf-8")
