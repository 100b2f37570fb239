"""The published tables: exact types, keys, metadata, and readers other than pandas."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

import mali_conflict_data as mcd
from mali_conflict_data.model import PUBLISHED as MODEL
from mali_conflict_data.summary import PUBLISHED as SCHEMAS

TABLES = list(SCHEMAS)


def test_published_tables_match_the_schemas():
    assert mcd.tables() == TABLES


@pytest.mark.parametrize("name", TABLES)
def test_load_gives_declared_columns_in_order(name):
    frame = mcd.load(name)
    declared = list(SCHEMAS[name].columns)
    assert list(frame.columns) == declared, f"declared {declared}, found {list(frame.columns)}"
    assert len(frame) > 0, f"{name} has no rows"


@pytest.mark.parametrize("name", TABLES)
def test_load_gives_exact_types(name):
    frame = mcd.load(name)
    for column_name, column in SCHEMAS[name].columns.items():
        values = frame[column_name]
        declared = MODEL[name].columns[column_name].kind
        metadata = column.metadata or {}
        if metadata.get("list"):
            assert all(isinstance(v, list) for v in values), f"{column_name}: not lists"
        elif declared == "date":
            assert pd.api.types.is_datetime64_dtype(values.dtype), f"{column_name}: {values.dtype}"
            assert (values.dropna() == values.dropna().dt.normalize()).all(), "not whole days"
        elif declared == "vocabulary":
            assert isinstance(values.dtype, pd.CategoricalDtype), f"{column_name}: {values.dtype}"
            assert list(values.cat.categories) == metadata["vocabulary"]
        elif declared in ("count", "number", "flag"):
            expected = {"count": "Int64", "number": "Float64", "flag": "boolean"}[declared]
            assert str(values.dtype) == expected, (
                f"{column_name}: declared {declared} ({expected}), found {values.dtype}"
            )
        else:
            assert pd.api.types.is_string_dtype(values.dtype), f"{column_name}: {values.dtype}"


@pytest.mark.parametrize("name", TABLES)
def test_primary_key_is_unique(name):
    key = SCHEMAS[name].metadata["primary_key"]
    frame = mcd.load(name)
    duplicated = frame[frame.duplicated(key, keep=False)]
    assert duplicated.empty, f"duplicate {key} in {name}:\n{duplicated[key]}"


@pytest.mark.parametrize("name", TABLES)
def test_parquet_fields_carry_the_schema_descriptions(name):
    schema = pq.read_schema(mcd.data_dir() / "build" / f"{name}.parquet")
    for column_name, column in SCHEMAS[name].columns.items():
        found = schema.field(column_name).metadata[b"description"].decode()
        assert found == column.description, f"{name}.{column_name}"


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_reads_the_same_rows(name):
    duckdb = pytest.importorskip("duckdb")
    path = mcd.data_dir() / "build" / f"{name}.parquet"
    count = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
    assert count == len(mcd.load(name))


def _duckdb_types(table: str) -> dict[str, str]:
    duckdb = pytest.importorskip("duckdb")
    path = mcd.data_dir() / "build" / f"{table}.parquet"
    return {
        r[0]: r[1] for r in duckdb.sql(f"describe select * from read_parquet('{path}')").fetchall()
    }


def test_duckdb_sees_dates_and_lists():
    assert _duckdb_types("actors")["aliases"] == "VARCHAR[]"
    assert _duckdb_types("events")["date_start"] == "DATE"


def test_unknown_table_is_refused_with_the_list_of_tables():
    with pytest.raises(ValueError, match="choose one of: sources"):
        mcd.load("battles")


def test_load_all_returns_every_table():
    assert list(mcd.load_all()) == TABLES


def test_import_does_not_load_pandera_or_frictionless():
    code = (
        "import sys, mali_conflict_data; "
        "print(sorted(m for m in ('pandera', 'frictionless', 'jsonschema', 'pandas') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_datapackage_passes_frictionless_validate(root):
    frictionless = pytest.importorskip("frictionless")
    # Frictionless does not count Parquet bytes: only those two checks are skipped (the
    # counts are checked by test_datapackage_records_size_and_sha256_of_each_file).
    report = frictionless.validate(
        str(root / "datapackage.json"), skip_errors=["byte-count", "hash-count"]
    )
    errors = report.flatten(["type", "note"])
    assert report.valid, errors[:10]


def test_datapackage_records_size_and_sha256_of_each_file(root):
    import hashlib

    descriptor = json.loads((root / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        data = (root / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data), resource["name"]
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}", resource["name"]
    assert descriptor["version"] == mcd.__version__


@pytest.mark.parametrize("name", TABLES)
def test_parquet_keeps_dates_required_columns_and_vocabularies(name):
    """Readers other than this package see DATE, non-nullable required columns, vocabularies."""
    schema = pq.read_schema(mcd.data_dir() / "build" / f"{name}.parquet")
    for column_name, column in SCHEMAS[name].columns.items():
        field = schema.field(column_name)
        metadata = column.metadata or {}
        if MODEL[name].columns[column_name].kind == "date":
            assert str(field.type) == "date32[day]", f"{column_name}: {field.type}"
        required = not column.nullable or metadata.get("list", False)
        assert field.nullable is not required, f"{column_name}: nullable={field.nullable}"
        if "vocabulary" in metadata:
            found = json.loads(field.metadata[b"vocabulary"])
            assert found == metadata["vocabulary"], column_name


@pytest.mark.parametrize("name", TABLES)
def test_loaded_frames_carry_description_licence_and_version(name):
    attrs = mcd.load(name).attrs
    assert attrs["description"] == SCHEMAS[name].description
    assert attrs["licence"] == "CC-BY-4.0"
    assert attrs["version"] == mcd.__version__
