"""Loading a damaged published file raises one clear error that names it and how to repair it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import record_file

from mali_conflict_data import cli
from mali_conflict_data._errors import DamagedDataError
from mali_conflict_data.load import data_dir, read_table, table_names
from mali_conflict_data.model import PUBLISHED

TABLES = table_names(data_dir())


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data_dir() / "build", folder / "build")
    shutil.copytree(data_dir() / "schemas", folder / "schemas")
    shutil.copy2(data_dir() / "datapackage.json", folder / "datapackage.json")
    return folder


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize(
    "damage",
    ["truncated_parquet", "missing_parquet", "empty_schema", "missing_schema", "garbage_json"],
)
def test_damaged_file_names_itself_and_the_repair(copy: Path, table: str, damage: str) -> None:
    parquet, schema = copy / "build" / f"{table}.parquet", copy / "schemas" / f"{table}.json"
    target = {
        "truncated_parquet": parquet,
        "missing_parquet": parquet,
        "empty_schema": schema,
        "missing_schema": schema,
        "garbage_json": copy / "datapackage.json",
    }[damage]
    if damage == "truncated_parquet":
        _truncate(parquet)
    elif damage.startswith("missing"):
        target.unlink()
    elif damage == "empty_schema":
        target.write_text("{}")
    else:
        target.write_bytes(b"\xff{not json")
    with pytest.raises(DamagedDataError) as error:
        read_table(copy, table)
    message = str(error.value)
    assert str(target) in message and "rebuild it" in message, message


@pytest.mark.parametrize("descriptor", ["{}", "[]", '{"resources": [{}]}', '{"resources": 3}'])
def test_descriptor_without_tables_is_damaged(copy: Path, descriptor: str) -> None:
    (copy / "datapackage.json").write_text(descriptor)
    # refused by the Data Package profile, at the JSON path of the problem
    with pytest.raises(DamagedDataError, match=r"does not follow the Data Package profile at \$"):
        read_table(copy, "events")


def test_cli_reports_a_damaged_copy_in_one_line(copy: Path, capsys) -> None:
    _truncate(copy / "build" / "events.parquet")
    assert cli.main(["info", "--root", str(copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "events.parquet" in err[0], err


VOCABULARY_COLUMNS = [
    (name, column)
    for name, table in PUBLISHED.items()
    for column, declared in table.columns.items()
    if declared.kind == "vocabulary"
]


@pytest.mark.parametrize(("table", "column"), VOCABULARY_COLUMNS)
def test_a_value_outside_any_vocabulary_is_a_damaged_file_in_one_line(
    copy: Path, table: str, column: str, capsys
) -> None:
    """Every vocabulary column of every table: an unknown value names the file, exit 1.

    It once raised ValueError, so `info --root` printed "internal error" and exit 2.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = copy / "build" / f"{table}.parquet"
    data = pq.read_table(path)
    index = data.schema.get_field_index(column)
    data = data.set_column(index, column, pa.array(["not-a-value"] * data.num_rows, pa.string()))
    pq.write_table(data, path)
    record_file(copy, table)  # the bytes are as recorded: only the value is wrong
    with pytest.raises(DamagedDataError, match=rf"holds \['not-a-value'\] in column '{column}'"):
        read_table(copy, table)
    assert cli.main(["info", "--root", str(copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{table}.parquet" in err[0] and "rebuild it" in err[0], err
