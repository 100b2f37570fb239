"""Build is a transaction: every file operation of the write phase made to fail in turn,
and the process killed at many points.

A failed build leaves build/, schemas/, docs/codebook.md and datapackage.json
byte-for-byte as they were, with no staging folder; a killed build is reported by
the next command and repaired by the next build.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import copy_project, snapshot

from mali_conflict_data import build
from mali_conflict_data._errors import DamagedDataError
from mali_conflict_data.load import read_table

pytestmark = pytest.mark.faults  # full suite only: `pytest -m faults` runs these

# Every file operation the write phase uses: (owner, attribute).
OPERATIONS = [
    (os, "replace"),
    (Path, "mkdir"),
    (Path, "write_text"),
    (Path, "unlink"),
    (pq, "write_table"),
]


def _change_raw(project: Path) -> None:
    """Edit raw/ so that a build rewrites files with different bytes."""
    events = project / "raw" / "events.csv"
    lines = events.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(" ", "  ", 1) if "  " not in lines[1] else lines[1]
    events.write_text("\n".join(lines), encoding="utf-8")


def _count_calls(project: Path) -> dict[str, int]:
    """How many times a build of ``project`` calls each operation of OPERATIONS."""
    counts = {name: 0 for _, name in OPERATIONS}
    originals = [(owner, name, getattr(owner, name)) for owner, name in OPERATIONS]
    for owner, name, original in originals:

        def counting(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        setattr(owner, name, counting)
    try:
        build.build(project)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    return counts


def _changed_copy(folder: Path) -> Path:
    """A copy of the project's data in ``folder`` with raw/ edited (see _change_raw)."""
    _change_raw(copy_project(folder))
    return folder


def _collect_counts() -> dict[str, int] | Exception:
    """The calls of one build, counted once when this file is collected (one build)."""
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return _count_calls(_changed_copy(Path(tmp)))
    except Exception as error:  # reported by test_the_fault_points_are_every_call_of_a_build
        return error


COUNTS = _collect_counts()
_COUNTED = COUNTS if isinstance(COUNTS, dict) else {}
# One test per fault point: (operation, index of the call that fails).
POINTS = [(name, k) for name, count in _COUNTED.items() for k in range(count)]
# The kill points: about 9 of the os.replace calls, evenly spread.
REPLACES = _COUNTED.get("replace", 0)
KILLS = list(range(1, REPLACES + 1, max(1, REPLACES // 8)))


def test_the_fault_points_are_every_call_of_a_build(tmp_path):
    """The collected points are the calls a build makes now, and there are many."""
    if isinstance(COUNTS, Exception):
        raise AssertionError("counting the calls of a build failed at collection") from COUNTS
    assert _count_calls(_changed_copy(tmp_path)) == COUNTS
    assert len(POINTS) > 50, f"expected many fault points, found {len(POINTS)}"
    print(f"\n{len(POINTS)} fault points: {COUNTS}; killed at {len(KILLS)} of the moves")


@pytest.mark.parametrize(("name", "k"), POINTS, ids=[f"{n}-{k + 1}" for n, k in POINTS])
def test_a_file_operation_failing_changes_nothing(project, monkeypatch, name, k):
    """The build fails at the k+1-th call of ``name``; the project stays byte-for-byte."""
    _change_raw(project)
    before = snapshot(project)
    owner = next(o for o, n in OPERATIONS if n == name)
    original = getattr(owner, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == k + 1:
            raise OSError(errno.ENOSPC, "No space left on device (injected)")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)
    try:
        with pytest.raises(OSError, match="injected"):
            build.build(project)
    finally:
        monkeypatch.undo()
    after = snapshot(project)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed == [], f"{name} failing at call {k + 1} changed {changed}"
    assert not list(project.glob(".build-*")), f"{name} call {k + 1} left a staging folder"


KILL = """
import os, sys
from mali_conflict_data import build
calls = {{"n": 0}}
original = os.replace
def replace(*args, **kwargs):
    calls["n"] += 1
    if calls["n"] == {k}:
        os._exit(9)
    return original(*args, **kwargs)
os.replace = replace
build.build(sys.argv[1])
"""


@pytest.fixture(scope="module")
def expected_after_repair(tmp_path_factory) -> dict[str, bytes]:
    """The files a complete build of the edited project writes."""
    fresh = _changed_copy(tmp_path_factory.mktemp("fresh"))
    build.build(fresh)
    return snapshot(fresh)


@pytest.mark.parametrize("k", KILLS, ids=[f"replace-{k}" for k in KILLS])
def test_killed_build_is_reported_and_repaired(project, expected_after_repair, k):
    """The build is killed at the k-th os.replace; the next command says so, a build repairs."""
    _change_raw(project)
    run = subprocess.run([sys.executable, "-c", KILL.format(k=k), str(project)])
    assert run.returncode == 9
    assert build.interrupted(project)
    assert "the last build was interrupted" in build.check(project)[0]
    with pytest.raises(DamagedDataError, match="interrupted"):
        read_table(project, "events")
    build.build(project)
    assert not build.interrupted(project)
    assert snapshot(project) == expected_after_repair, f"killed at os.replace {k}: not repaired"
    assert not list(project.glob(".build-*"))
