"""Mistakes made in any table, any column, against any rule: the cases come from SCHEMAS.

Each test copies the small valid project (tests/data/minimal) and breaks it, for
every table the schemas define, so a table, column or rule added later is covered
without editing this file. The generated mutations (one per table, column and
rule: type, required, each column check, each table check of _rules, primary
and foreign keys, quotes, cell hygiene) are made in tests/schema_cases.py.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from schema_cases import UNREACHABLE, all_cases, read_tables, write_table

from mali_conflict_data.cli import main
from mali_conflict_data.schema import SCHEMAS
from mali_conflict_data.validate import validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    return tmp_path / "raw"


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


# --- generated mutations: every rule of every column, reported where it is broken ---

CASES = all_cases()
_RUNS: dict[int, tuple[dict[str, object], object]] = {}


def _run(batch: int) -> tuple[dict[str, object], object]:
    """Apply the cases of one batch to a copy of the valid project and validate it once.

    Returns each case's (line, change) or the exception its mutation raised, and
    the problems found or the exception validation raised.
    """
    if batch not in _RUNS:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw"
            shutil.copytree(MINIMAL / "raw", raw)
            tables, applied = read_tables(raw), {}
            for case in (c for c in CASES if c.batch == batch):
                try:
                    applied[case.id] = case.apply(tables)
                except Exception as error:  # reported by the case's own test
                    applied[case.id] = error
                write_table(raw, case.table, tables[case.table])
            try:
                outcome = validate_raw(raw, sources=MINIMAL / "sources").problems
            except Exception as error:
                outcome = error
        _RUNS[batch] = (applied, outcome)
    return _RUNS[batch]


def test_the_project_the_cases_break_is_valid() -> None:
    result = validate_raw(MINIMAL / "raw", sources=MINIMAL / "sources")
    assert result.problems == [] and result.quotes_checked
    for name in SCHEMAS:  # one line per row, so row i is line i + 1
        rows = read_rows(MINIMAL / "raw" / f"{name}.csv")
        assert len(rows) == len((MINIMAL / "raw" / f"{name}.csv").read_text().splitlines())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_rule_of_every_column_is_reported_where_it_is_broken(case) -> None:
    """The mutation of ``case`` is reported on its file, line and column, and nothing raises.

    A repeated id (the duplicate_id cases) once crashed the cross-table lookups with
    pandas' InvalidIndexError for events.csv and sources.csv.
    """
    applied, outcome = _run(case.batch)
    done = applied[case.id]
    if isinstance(done, Exception):
        raise AssertionError(f"the mutation for {case.declared} could not be made") from done
    if isinstance(outcome, Exception):
        raise AssertionError(f"validation raised {outcome!r}; it must report") from outcome
    line, change = done
    file = f"raw/{case.table}.csv"
    here = [p for p in outcome if p.file == file and p.line == line]
    found = [(p.column, p.rule) for p in here]
    assert (case.column, case.rule) in found, (
        f"{file}:{line} after {change}\n"
        f"  declared: {case.declared}, reported as {case.rule} in [{case.column}]\n"
        f"  found on that line: {found or 'nothing'}"
    )
    problem = here[found.index((case.column, case.rule))]
    number = list(SCHEMAS[case.table].columns).index(case.column.split(", ")[0]) + 1
    assert problem.column_number == number, (
        f"declared: column {number} ({case.column}); found: {problem.column_number}"
    )


def test_the_generated_cases_cover_every_column_key_and_rule() -> None:
    by_table = {(c.table, c.rule) for c in CASES}
    columns = {(c.table, col) for c in CASES for col in c.column.split(", ")}
    missing = []
    for name, schema in SCHEMAS.items():
        missing += [f"{name}.{c}" for c in schema.columns if (name, c) not in columns]
        missing += [f"{name}: {c.name}" for c in schema.checks if (name, c.name) not in by_table]
        for column in schema.columns.values():
            missing += [
                f"{name}.{column.name}: {c.name}"
                for c in column.checks
                if (name, c.name) not in by_table
                and f"{name}.{column.name}:{c.name}" not in UNREACHABLE
            ]
        fks = sum(c.table == name and c.rule == "foreign_key" for c in CASES)
        if fks != len(schema.metadata["foreign_keys"]):
            missing.append(
                f"{name}: {len(schema.metadata['foreign_keys'])} foreign keys, {fks} cases"
            )
    assert missing == [], f"declared in SCHEMAS but no generated case: {missing}"
    runs = len({c.batch for c in CASES})
    print(
        f"\n{len(CASES)} generated cases in {runs} validation runs, "
        f"{len(UNREACHABLE)} checks unreachable from a CSV file "
        f"({', '.join(sorted(set(UNREACHABLE.values())))})"
    )
