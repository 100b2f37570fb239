"""Adding a column is one edit in the model (plus the data): everything else follows.

The test makes that one edit to a copy of the package's source (a new vocabulary
column in the ``events`` declaration of ``model.py``), adds the column to a copy
of the small valid project, builds it, and checks that the Table Schema, the
codebook, the Parquet type, and validation (a value outside the new vocabulary,
reported on its file, line and column) all follow without another edit.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import mali_conflict_data

MINIMAL = Path(__file__).parent / "data" / "minimal"
PACKAGE = Path(mali_conflict_data.__file__).parent
ANCHOR = '"description": _text("What happened, in the coder\'s own words."),\n'
NEW = (
    '        "intensity": _vocabulary(\n'
    '            "How intense the article says the fighting was.", ["low", "high"], nullable=True\n'
    "        ),\n"
)


def _package_with_new_column(tmp_path: Path) -> Path:
    """A copy of the package whose model declares one more events column: the one edit."""
    site = tmp_path / "site"
    shutil.copytree(PACKAGE, site / "mali_conflict_data", ignore=shutil.ignore_patterns("data"))
    model = site / "mali_conflict_data" / "model.py"
    text = model.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1, "the events declaration moved: update ANCHOR"
    model.write_text(text.replace(ANCHOR, ANCHOR + NEW), encoding="utf-8")
    return site


def _project_with_column(tmp_path: Path, name: str, values: list[str]) -> Path:
    project = tmp_path / name
    shutil.copytree(MINIMAL, project)
    path = project / "raw" / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("description") + 1
    rows[0].insert(at, "intensity")
    for row, value in zip(rows[1:], values + [""] * len(rows), strict=False):
        row.insert(at, value)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return project


def _run(site: Path, *args: str) -> subprocess.CompletedProcess:
    # Run from the package's folder: `-m` puts the working directory first on the path.
    env = {**os.environ, "PYTHONPATH": str(site)}
    command = [sys.executable, "-m", "mali_conflict_data", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=site)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _package_with_new_column(tmp_path_factory.mktemp("package"))


def test_table_schema_codebook_and_parquet_follow_the_model(site: Path, tmp_path: Path) -> None:
    project = _project_with_column(tmp_path, "project", ["high"])
    sources = str(project / "sources")
    run = _run(site, "build", "--root", str(project), "--sources", sources)
    assert run.returncode == 0, run.stderr
    fields = json.loads((project / "schemas" / "events.json").read_text())["fields"]
    field = next((f for f in fields if f["name"] == "intensity"), None)
    assert field == {
        "name": "intensity",
        "type": "string",
        "description": "How intense the article says the fighting was.",
        "constraints": {"enum": ["low", "high"]},
    }, field
    assert [f["name"] for f in fields].index("intensity") == [f["name"] for f in fields].index(
        "description"
    ) + 1
    codebook = (project / "docs" / "codebook.md").read_text()
    assert (
        "| `intensity` | categorical | no | How intense the article says the fighting was. "
        "| `low`, `high` |" in codebook
    )
    arrow = pq.read_schema(project / "build" / "events.parquet").field("intensity")
    assert str(arrow.type) == "dictionary<values=string, indices=int8, ordered=0>", arrow.type
    assert json.loads(arrow.metadata[b"vocabulary"]) == ["low", "high"]
    assert pq.read_table(project / "build" / "events.parquet")["intensity"].to_pylist()[0] == "high"


def test_validation_follows_the_model(site: Path, tmp_path: Path) -> None:
    project = _project_with_column(tmp_path, "bad", ["medium"])
    sources = str(project / "sources")  # not $MALI_CONFLICT_DATA_SOURCES (CI sets it)
    run = _run(site, "validate", "--root", str(project), "--sources", sources, "--format", "json")
    assert run.returncode == 1, run.stderr
    problems = json.loads(run.stdout)
    found = [(p["file"].split("/")[-1], p["line"], p["column"], p["rule"]) for p in problems]
    assert found == [("events.csv", 2, "intensity", "vocabulary")], problems


def test_the_unchanged_package_refuses_the_new_column(tmp_path: Path) -> None:
    """Without the model edit the column is unknown: the edit is what makes it valid."""
    project = _project_with_column(tmp_path, "unchanged", ["high"])
    run = _run(PACKAGE.parent, "validate", "--root", str(project), "--format", "json")
    assert run.returncode == 1
    assert any(p["rule"] != "vocabulary" for p in json.loads(run.stdout)), run.stdout
