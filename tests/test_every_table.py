"""Mistakes made in any table, not one example: the cases come from SCHEMAS.

Each test copies the small valid project (tests/data/minimal) and breaks one
table, for every table the schemas define, so a table added later is covered
without editing this file.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from mali_conflict_data.cli import main
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


def read_rows(path: Path) -> list[list[str]]:
    """The cells of a CSV file, header first."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write cells as the project's CSV files are written (UTF-8, LF, minimal quoting)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def unknown_id(pattern: str, taken: set[str]) -> str:
    """A value matching ``pattern`` that is none of ``taken`` (an id no row has)."""
    for seed in sorted(taken):
        for candidate in (f"{seed}-zz", re.sub(r"\d", "9", seed), re.sub(r"\d", "8", seed)):
            if re.match(pattern, candidate) and candidate not in taken:
                return candidate
    raise AssertionError(f"no unknown id for {pattern} next to {sorted(taken)}")


def plant_dangling_key(raw: Path, avoid: str) -> tuple[str, int, str, str]:
    """Point the first foreign key not touching table ``avoid`` at an id no row has.

    Returns (file, line, column, value) of the planted mistake.
    """
    for name, schema in SCHEMAS.items():
        for fk in schema.metadata["foreign_keys"]:
            target = fk["reference"]["resource"]
            if avoid in (name, target):
                continue
            (column,) = fk["fields"]
            (target_column,) = fk["reference"]["fields"]
            targets = read_rows(raw / f"{target}.csv")
            taken = {r[targets[0].index(target_column)] for r in targets[1:]}
            pattern = SCHEMAS[name].columns[column].metadata["pattern"]
            value = unknown_id(pattern, taken)
            rows = read_rows(raw / f"{name}.csv")
            rows[1][rows[0].index(column)] = value
            write_rows(raw / f"{name}.csv", rows)
            return f"raw/{name}.csv", 2, column, value
    raise AssertionError(f"every foreign key touches {avoid}")


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_missing_table_file_leaves_the_other_checks_running(
    minimal: Path, table: str, capsys
) -> None:
    """One missing file is reported, and a dangling id elsewhere is still found.

    Every cross-table check used to be skipped when any table was missing, so a
    mistake in another table went unreported until the file came back.
    """
    (minimal / f"{table}.csv").unlink()
    file, line, column, value = plant_dangling_key(minimal, avoid=table)

    code = main(["validate", "--root", str(minimal.parent), "--format", "json"])

    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err, f"declared: exit 1; found: {code}, {err}"
    found = [(p["file"], p["line"], p["column"], p["rule"]) for p in json.loads(out)]
    assert (f"raw/{table}.csv", None, None, "file_format") in found, (
        f"declared: raw/{table}.csv reported missing; found: {found}"
    )
    assert (file, line, column, "foreign_key") in found, (
        f"declared: foreign_key on {file}:{line} [{column}] ({value!r}); found: {found}"
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
