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
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import snapshot

from mali_conflict_data import build
from mali_conflict_data._errors import DamagedDataError
from mali_conflict_data.load import read_table

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


def _count_calls(monkeypatch, project: Path) -> dict[str, int]:
    counts = {}
    for owner, name in OPERATIONS:
        original = getattr(owner, name)
        counts[name] = 0

        def counting(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)
    build.build(project)
    monkeypatch.undo()
    return counts


def _fault_points(project: Path, monkeypatch) -> list[tuple[str, int]]:
    import shutil

    scratch = project.parent / "count"
    shutil.copytree(project, scratch)
    counts = _count_calls(monkeypatch, scratch)
    return [(name, k) for name, count in counts.items() for k in range(count)]


def test_every_file_operation_failing_in_turn_changes_nothing(project, monkeypatch):
    _change_raw(project)
    points = _fault_points(project, monkeypatch)
    assert len(points) > 50, f"expected many fault points, found {len(points)}"
    before = snapshot(project)
    for name, k in points:
        owner = next(o for o, n in OPERATIONS if n == name)
        original = getattr(owner, name)
        calls = {"n": 0}

        def failing(*args, _original=original, _calls=calls, _k=k, **kwargs):
            _calls["n"] += 1
            if _calls["n"] == _k + 1:
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            return _original(*args, **kwargs)

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
    print(f"{len(points)} fault points, each leaving the project unchanged")


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


def test_killed_build_is_reported_and_repaired(project, tmp_path_factory, monkeypatch):
    _change_raw(project)
    import shutil

    tmp_path = tmp_path_factory.mktemp("kills")
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh)
    replaces = _count_calls(monkeypatch, fresh)["replace"]
    expected = snapshot(fresh)
    points = list(range(1, replaces + 1, max(1, replaces // 8)))
    for k in points:
        killed = tmp_path / f"killed-{k}"
        shutil.copytree(project, killed)
        run = subprocess.run([sys.executable, "-c", KILL.format(k=k), str(killed)])
        assert run.returncode == 9
        assert build.interrupted(killed)
        assert "the last build was interrupted" in build.check(killed)[0]
        with pytest.raises(DamagedDataError, match="interrupted"):
            read_table(killed, "events")
        build.build(killed)
        assert not build.interrupted(killed)
        assert snapshot(killed) == expected, f"killed at os.replace call {k}: not repaired"
        assert not list(killed.glob(".build-*"))
    print(f"killed at {len(points)} points of {replaces} moves; each reported and repaired")
