"""The fast loop stays honest: plain `pytest` imports every module; `nox -s tests` runs all.

Plain `pytest` deselects the tests marked slow, generated, fuzz, faults or browser
(pyproject.toml's addopts); `nox -s tests` and CI run everything. The modules each
selected test imports are found by tests/fast_subset.py (a plugin) in a collection
run of plain `pytest`, whatever options this run was given.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _fast_subset(tmp_path: Path) -> dict:
    out = tmp_path / "fast-subset.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        + ["-p", "fast_subset", f"--fast-subset-report={out}"],
        cwd=TESTS.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and out.is_file(), run.stdout[-2000:] + run.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_module_is_imported_by_a_test_of_the_fast_subset(tmp_path):
    report = _fast_subset(tmp_path)
    assert report["selected"] and report["deselected"], (
        f"declared: plain pytest runs a part of the suite; found {len(report['selected'])} "
        f"selected, {len(report['deselected'])} deselected"
    )
    missing = [m for m in report["modules"] if m not in report["imported_by"]]
    assert missing == [], (
        f"no test of the fast subset (plain `pytest`) imports {', '.join(missing)}: add a fast "
        "test that uses it, or take a full-suite-only marker off one that does"
    )
    print(
        f"\n{len(report['selected'])} tests in the fast subset, {len(report['deselected'])} "
        f"in the full suite only; every one of {len(report['modules'])} modules imported:"
    )
    for module in report["modules"]:
        print(f"  {module}: {report['imported_by'][module]}")


def test_nox_runs_every_test():
    """The tests session passes `-m ""` (no marker deselected) before the user's arguments."""
    tree = ast.parse((TESTS.parent / "noxfile.py").read_text(encoding="utf-8"))
    session = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "tests")
    runs = [
        node
        for node in ast.walk(session)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == "session.run"
        and node.args
        and ast.literal_eval(node.args[0]) == "pytest"
    ]
    assert len(runs) == 1, f"declared: one pytest run in `nox -s tests`; found {len(runs)}"
    arguments = [ast.unparse(a) for a in runs[0].args]
    assert arguments[1:3] == ["'-m'", "''"], f"declared: pytest -m '' ...; found {arguments}"
