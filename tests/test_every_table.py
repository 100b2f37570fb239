"""Mistakes made in any table, not one example: the cases come from SCHEMAS.

Each test copies the small valid project (tests/data/minimal) and breaks one
table, for every table the schemas define, so a table added later is covered
without editing this file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mali_conflict_data.schema import SCHEMAS
from mali_conflict_data.validate import validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    return tmp_path / "raw"


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_repeated_row_is_reported_on_its_line_in_every_table(minimal: Path, table: str) -> None:
    """A row copied twice (a repeated primary key) is a located problem, never a crash.

    Cross-table checks look rows up by id; a repeated id once crashed them with
    pandas' InvalidIndexError for events.csv and sources.csv.
    """
    path = minimal / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[-1]]) + "\n", encoding="utf-8")
    repeated_line = len(lines) + 1

    result = validate_raw(minimal)

    found = [(p.line, p.rule) for p in result.problems if p.file == f"raw/{table}.csv"]
    assert (repeated_line, "duplicate_id") in found, (
        f"declared: duplicate_id on raw/{table}.csv:{repeated_line}; found: {found}"
    )


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_missing_table_file_is_reported_not_raised(minimal: Path, table: str) -> None:
    (minimal / f"{table}.csv").unlink()

    result = validate_raw(minimal)

    found = [(p.file, p.rule) for p in result.problems]
    assert (f"raw/{table}.csv", "file_format") in found, (
        f"declared: a file_format problem for raw/{table}.csv; found: {found}"
    )


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_misnamed_table_file_is_reported(minimal: Path, table: str) -> None:
    """A table saved under a wrong name is named as unknown, besides the missing table."""
    (minimal / f"{table}.csv").rename(minimal / f"{table}s.csv")

    result = validate_raw(minimal)

    found = {(p.file, p.rule) for p in result.problems}
    assert {(f"raw/{table}s.csv", "unknown_file"), (f"raw/{table}.csv", "file_format")} <= found, (
        f"declared: raw/{table}s.csv unknown and raw/{table}.csv missing; found: {sorted(found)}"
    )
