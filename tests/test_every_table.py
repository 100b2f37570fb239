"""Mistakes made in any table, any column, against any rule: the cases come from SCHEMAS.

Each test copies the small valid project (tests/data/minimal) and breaks it, for
every table the schemas define, so a table, column or rule added later is covered
without editing this file. The generated mutations (one per table, column and
rule: type, required, each column check, each table check of _rules, primary
and foreign keys, quotes, cell hygiene) are made in tests/schema_cases.py.
"""

from __future__ import annotations

import json
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


def _target(case) -> str:
    """The table a foreign-key case points into."""
    fks = SCHEMAS[case.table].metadata["foreign_keys"]
    return next(fk["reference"]["resource"] for fk in fks if fk["fields"] == [case.column])


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_missing_table_file_leaves_the_other_checks_running(
    minimal: Path, table: str, capsys
) -> None:
    """One missing file is reported, and every dangling id planted elsewhere is still found.

    Every cross-table check used to be skipped when any table was missing, so a
    mistake in another table went unreported until the file came back. Here every
    foreign key that neither lies in the missing table nor points into it is broken
    (the generated foreign-key cases, all on line 2 of their tables).
    """
    tables = read_tables(minimal)
    planted = []
    for case in CASES:
        if case.rule == "foreign_key" and table not in (case.table, _target(case)):
            line, change = case.apply(tables)
            planted.append((f"raw/{case.table}.csv", line, case.column, "foreign_key", change))
    for name in {file.removeprefix("raw/").removesuffix(".csv") for file, *_ in planted}:
        write_table(minimal, name, tables[name])
    (minimal / f"{table}.csv").unlink()

    code = main(["validate", "--root", str(minimal.parent), "--format", "json"])

    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err, f"declared: exit 1; found: {code}, {err}"
    found = [(p["file"], p["line"], p["column"], p["rule"]) for p in json.loads(out)]
    assert (f"raw/{table}.csv", None, None, "file_format") in found, (
        f"declared: raw/{table}.csv reported missing; found: {found}"
    )
    missed = [p for p in planted if p[:4] not in found]
    assert planted and not missed, (
        f"declared: foreign_key for each of {len(planted)} planted ids; not found: {missed}"
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
    for name, rows in read_tables(MINIMAL / "raw").items():  # one line per row: row i, line i + 1
        assert len(rows) == len((MINIMAL / "raw" / f"{name}.csv").read_text().splitlines())


@pytest.mark.generated  # full suite only: `pytest -m generated` runs these
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
