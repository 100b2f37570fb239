"""The release's other formats (DuckDB, GeoPackage, Stata) read back with the same rows and
types as load(), each through its own reader; every case is generated from the tables'
column facts (mali_conflict_data.metadata.tables, from the generated Table Schemas)."""

from __future__ import annotations

import hashlib
import math
import struct
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data import formats
from mali_conflict_data.metadata import tables

TABLES = tables(mcd.data_dir())


def _plain(value, kind: str):
    """A cell as a plain Python value, so that every reader's cells compare alike."""
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays and scalars
        value = value.tolist()
        if isinstance(value, list):
            return value
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT:
        return None
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return bool(value)
    if kind == "number":
        return float(value)
    return str(value)


def _expected(name: str, *, joined: bool = False) -> list[tuple]:
    frame = mcd.load(name)
    table = TABLES[name]
    rows = []
    for record in frame.itertuples(index=False):
        row = []
        for column, value in zip(table.columns, record, strict=True):
            cell = _plain(value, column.kind)
            if joined and column.kind == "list":
                cell = formats.LIST_SEPARATOR.join(cell)
            row.append(cell)
        rows.append(tuple(row))
    return rows


# --- DuckDB -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    duckdb = pytest.importorskip("duckdb")
    path = formats.write_duckdb(
        mcd.data_dir(), tmp_path_factory.mktemp("duckdb") / formats.DUCKDB_NAME
    )
    with duckdb.connect(str(path), read_only=True) as db:
        yield db


@pytest.mark.parametrize("name", list(TABLES))
def test_duckdb_holds_the_same_rows(database, name):
    table = TABLES[name]
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    key = ", ".join(f'"{k}"' for k in table.primary_key)
    found = database.execute(f'select {columns} from "{name}" order by {key}').fetchall()
    found = [tuple(_plain(v, c.kind) for v, c in zip(r, table.columns, strict=True)) for r in found]
    frame_order = mcd.load(name).sort_values(table.primary_key).index
    expected = _expected(name)
    assert found == [expected[i] for i in frame_order]


_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "date": "DATE",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "list": "VARCHAR[]",
}


@pytest.mark.parametrize("name", list(TABLES))
def test_duckdb_types_enums_not_null_and_comments(database, name):
    table = TABLES[name]
    described = {
        r[0]: r
        for r in database.execute(
            "select column_name, data_type, is_nullable, comment from duckdb_columns() "
            f"where table_name = '{name}'"
        ).fetchall()
    }
    assert list(described) == [c.name for c in table.columns]
    for column in table.columns:
        _, kind, nullable, comment = described[column.name]
        if column.kind == "vocabulary":
            values = database.execute(
                f'select enum_range(null::"{name}__{column.name}")'
            ).fetchone()[0]
            assert kind.startswith("ENUM(") and list(values) == list(column.vocabulary)
        else:
            assert kind == _DUCKDB_TYPES[column.kind], column.name
        assert nullable is (not column.required), column.name
        assert comment == column.description, column.name
    (comment,) = database.execute(
        f"select comment from duckdb_tables() where table_name = '{name}'"
    ).fetchone()
    assert comment == table.description


@pytest.mark.parametrize("name", list(TABLES))
def test_duckdb_declares_the_keys(database, name):
    table = TABLES[name]
    constraints = database.execute(
        "select constraint_type, constraint_column_names, referenced_table, "
        "referenced_column_names from duckdb_constraints() "
        f"where table_name = '{name}' and constraint_type in ('PRIMARY KEY', 'FOREIGN KEY')"
    ).fetchall()
    primary = [c[1] for c in constraints if c[0] == "PRIMARY KEY"]
    foreign = sorted((c[1], c[2], c[3]) for c in constraints if c[0] == "FOREIGN KEY")
    assert primary == [table.primary_key]
    declared = sorted((f, t, r) for f, t, r in table.foreign_keys if t != name)
    assert foreign == declared


def test_duckdb_enforces_a_foreign_key(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = formats.write_duckdb(mcd.data_dir(), tmp_path / formats.DUCKDB_NAME)
    with duckdb.connect(str(path)) as db:
        row = db.execute("select * from event_reports limit 1").fetchone()
        columns = [c.name for c in TABLES["event_reports"].columns]
        values = dict(zip(columns, row, strict=True))
        values["event_id"] = "ev-no-such-event"
        marks = ", ".join("?" for _ in columns)
        with pytest.raises(duckdb.ConstraintException, match="foreign key"):
            db.execute(f"insert into event_reports values ({marks})", list(values.values()))


def test_duckdb_file_rebuilds_byte_for_byte(tmp_path):
    pytest.importorskip("duckdb")
    first = formats.write_duckdb(mcd.data_dir(), tmp_path / "a.duckdb").read_bytes()
    second = formats.write_duckdb(mcd.data_dir(), tmp_path / "b.duckdb").read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


# --- GeoPackage ----------------------------------------------------------------------


def test_geopackage_holds_every_located_event_with_its_types(tmp_path):
    pytest.importorskip("pyogrio")
    import pyogrio.raw

    path = formats.write_geopackage(mcd.data_dir(), tmp_path / formats.GEOPACKAGE_NAME)
    meta, _, geometry, data = pyogrio.raw.read(path)
    assert meta["geometry_type"] == "Point" and meta["crs"] == "EPSG:4326"
    table = TABLES["event_summary"]
    summary = mcd.load("event_summary")
    located = summary.dropna(subset=["latitude", "longitude"]).sort_values("event_id")
    kept = [c for c in table.columns if c.name not in ("latitude", "longitude")]
    assert list(meta["fields"]) == [c.name for c in kept]
    info = pyogrio.read_info(path)
    for column, ogr_type in zip(kept, info["ogr_types"], strict=True):
        if column.kind == "date":
            assert ogr_type == "OFTDate", column.name
        elif column.kind in ("string", "vocabulary", "list"):
            assert ogr_type == "OFTString", column.name
        elif column.kind == "integer":  # whole numbers, never reals (inexact past 2**53)
            assert ogr_type == "OFTInteger64", (column.name, ogr_type)
    points = [struct.unpack("<BIdd", bytes(g))[2:] for g in geometry]
    assert points == list(zip(located["longitude"], located["latitude"], strict=True))
    for column, values in zip(kept, data, strict=True):
        found = [_plain(v, column.kind) for v in values]
        expected = [_plain(v, column.kind) for v in located[column.name]]
        if column.kind == "list":
            expected = [formats.LIST_SEPARATOR.join(v) for v in expected]
        assert found == expected, column.name


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=1, max_size=6))
@example([2**53 + 1, None])
def test_geopackage_holds_whole_numbers_exactly_with_empty_cells_null(numbers):
    """As floats (how a count with empty cells was written), 2**53 + 1 became 2**53."""
    pytest.importorskip("pyogrio")
    import tempfile

    import pyogrio
    import pyogrio.raw

    column = next(
        c for c in tables(mcd.data_dir())["event_summary"].columns if c.name == "killed_best"
    )
    values, mask = formats._ogr_values(pd.Series(numbers, dtype="Int64"), column)
    points = [struct.pack("<BIdd", 1, 1, 0.0, 0.0)] * len(numbers)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "n.gpkg"
        pyogrio.raw.write(
            str(path), geometry=np.array(points, dtype=object), field_data=[values],
            field_mask=[mask], fields=["n"], layer="n", driver="GPKG", geometry_type="Point",
            crs="EPSG:4326",
        )  # fmt: skip
        _, table = pyogrio.read_arrow(path)
    assert table.column("n").to_pylist() == numbers


def test_geopackage_rebuilds_byte_for_byte(tmp_path):
    pytest.importorskip("pyogrio")
    first = formats.write_geopackage(mcd.data_dir(), tmp_path / "a.gpkg").read_bytes()
    second = formats.write_geopackage(mcd.data_dir(), tmp_path / "b.gpkg").read_bytes()
    assert first == second


# --- Stata ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stata(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stata")
    formats.write_stata(mcd.data_dir(), folder)
    return folder


@pytest.mark.parametrize("name", list(TABLES))
def test_stata_holds_the_same_rows_and_types(stata, name):
    table = TABLES[name]
    frame = pd.read_stata(stata / f"{name}.dta")
    assert list(frame.columns) == [c.name for c in table.columns]
    loaded = mcd.load(name)
    for column in table.columns:
        values = frame[column.name]
        if column.kind == "vocabulary":
            assert isinstance(values.dtype, pd.CategoricalDtype), column.name
            # pandas keeps only the labels in use; the file's value labels are checked below
            assert set(values.cat.categories) <= set(column.vocabulary), column.name
        elif column.kind == "date":
            assert pd.api.types.is_datetime64_dtype(values.dtype), column.name
        elif column.kind in ("integer", "number", "boolean"):
            assert pd.api.types.is_numeric_dtype(values.dtype), column.name
        found = [_plain(v, column.kind) for v in values]
        expected = [_plain(v, column.kind) for v in loaded[column.name]]
        if column.kind == "list":
            expected = [formats.LIST_SEPARATOR.join(v) for v in expected]
        if column.kind == "string":  # Stata has no missing text: an empty string
            expected = ["" if v is None else v for v in expected]
        if column.kind == "boolean":
            found = [None if v is None else bool(v) for v in found]
        assert found == expected, column.name


@pytest.mark.parametrize("name", list(TABLES))
def test_stata_labels_are_the_descriptions_within_80_characters(stata, name):
    table = TABLES[name]
    with pd.io.stata.StataReader(stata / f"{name}.dta") as reader:
        labels = reader.variable_labels()
        data_label = reader.data_label
        stamp = reader.time_stamp
    assert data_label == formats.stata_label(table.description)
    for column in table.columns:
        label = labels[column.name]
        assert len(label) <= formats.STATA_LABEL_LIMIT, column.name
        words = " ".join(column.description.split())
        assert label == words or (label.endswith("...") and words.startswith(label[:-3])), label
    assert "1980" in stamp, f"declared: a fixed time stamp (1980); found: {stamp}"


# --- the release carries them ---------------------------------------------------------


def test_the_release_holds_the_formats_read_back_here(root, tmp_path):
    """The archive's DuckDB, GeoPackage and Stata files are the bytes the writers above give,
    so the read-back tests hold for the released files."""
    pytest.importorskip("duckdb")
    pytest.importorskip("pyogrio")
    import zipfile

    from mali_conflict_data import release

    archive = release.make_archive(root, tmp_path / "dist")
    fresh = tmp_path / "fresh"
    written = {
        formats.DUCKDB_NAME: formats.write_duckdb(root, fresh / formats.DUCKDB_NAME),
        formats.GEOPACKAGE_NAME: formats.write_geopackage(root, fresh / formats.GEOPACKAGE_NAME),
    }
    for path in formats.write_stata(root, fresh / "stata"):
        written[f"stata/{path.name}"] = path
    assert {f"stata/{name}.dta" for name in TABLES} <= written.keys()
    with zipfile.ZipFile(archive) as zipped:
        for member, path in written.items():
            assert zipped.read(member) == path.read_bytes(), member


@pytest.mark.parametrize("name", list(TABLES))
def test_stata_value_labels_are_the_whole_vocabularies(stata, name):
    with pd.io.stata.StataReader(stata / f"{name}.dta") as reader:
        labels = {column: list(values.values()) for column, values in reader.value_labels().items()}
    expected = {c.name: list(c.vocabulary) for c in TABLES[name].columns if c.kind == "vocabulary"}
    assert labels == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=1, max_size=5))
@example([formats.STATA_EXACT_LIMIT, None])
@example([None, formats.STATA_EXACT_LIMIT + 1])
def test_stata_refuses_exactly_the_whole_numbers_it_would_round(tmp_path_factory, numbers):
    """Stata has no 64-bit integers: 2**53 + 1 was written (as a double) as 2**53."""
    from mali_conflict_data._errors import MaliConflictDataError

    values = pd.Series(numbers, dtype="Int64")
    past = [n for n in numbers if n is not None and abs(n) > formats.STATA_EXACT_LIMIT]
    if past:
        with pytest.raises(MaliConflictDataError, match=r"casualties\.best row \d+ holds"):
            formats._refuse_inexact_in_stata("casualties", "best", values)
        return
    formats._refuse_inexact_in_stata("casualties", "best", values)  # kept: read back exactly
    path = tmp_path_factory.mktemp("dta") / "n.dta"
    pd.DataFrame({"n": values}).to_stata(path, write_index=False, version=118)
    read = pd.read_stata(path)["n"]
    assert [None if pd.isna(v) else int(v) for v in read] == numbers


def test_write_stata_writes_nothing_when_a_table_is_refused(tmp_path, monkeypatch):
    from mali_conflict_data._errors import MaliConflictDataError

    last = list(TABLES)[-1]
    plain = formats.stata_frame

    def refused(folder, name):
        if name == last:
            raise MaliConflictDataError(f"{name}: refused")
        return plain(folder, name)

    monkeypatch.setattr(formats, "stata_frame", refused)
    with pytest.raises(MaliConflictDataError, match="refused"):
        formats.write_stata(mcd.data_dir(), tmp_path / "stata")
    assert not (tmp_path / "stata").exists() or not any((tmp_path / "stata").iterdir())
