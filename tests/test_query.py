"""load(columns, filters), scan() and duckdb(): each equals load() then filtering, per backend."""

from __future__ import annotations

import datetime as dt
import operator

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data.load import _fields, resource

OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
TABLES = mcd.tables()


def _fields_of(name: str) -> list[dict]:
    folder = mcd.data_dir()
    return _fields(folder, resource(folder, name)["schema"])


def _filterable(name: str) -> list[dict]:
    """Columns a filter can compare: not lists, and vocabularies only with == / != / in."""
    return [f for f in _fields_of(name) if "arrayItem" not in f]


def _plain(value):
    if not isinstance(value, (list, tuple)) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


@st.composite
def queries(draw):
    name = draw(st.sampled_from(TABLES))
    frame = mcd.load(name)
    fields = _filterable(name)
    field = draw(st.sampled_from(fields))
    column = field["name"]
    values = [_plain(v) for v in frame[column].tolist()]
    values = [v for v in values if v is not None]
    if not values:
        return name, [f["name"] for f in _fields_of(name)], column, None, None
    value = draw(st.sampled_from(values))
    ordered = field["type"] in ("integer", "number", "date") or (
        field["type"] == "string" and "enum" not in field.get("constraints", {})
    )
    op = draw(st.sampled_from(list(OPS) if ordered else ["==", "!=", "in"]))
    if op == "in":
        value = sorted({value, draw(st.sampled_from(values))}, key=str)
    if isinstance(value, dt.date) and draw(st.booleans()):
        value = value.isoformat()  # dates may be given as text
    names = [f["name"] for f in _fields_of(name)]
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    return name, chosen, column, op, value


def _expected(name: str, column: str, op: str, value) -> pd.DataFrame:
    frame = mcd.load(name)
    if op is None:
        return frame
    if isinstance(value, str) and frame[column].dtype.kind == "M":
        value = pd.Timestamp(value)
    if op == "in":
        values = [pd.Timestamp(v) if frame[column].dtype.kind == "M" else v for v in value]
        keep = frame[column].isin(values)
    else:
        target = pd.Timestamp(value) if isinstance(value, dt.date) else value
        keep = OPS[op](frame[column], target)
    # pyarrow's filters drop rows whose value is missing, whatever the op.
    keep = keep.fillna(False).astype(bool) & frame[column].notna()
    return frame[keep.to_numpy()].reset_index(drop=True)


def _rows(frame) -> list[tuple]:
    if isinstance(frame, pl.DataFrame):
        frame = frame.to_pandas()
    elif not isinstance(frame, pd.DataFrame):
        frame = frame.to_pandas()
    return [
        tuple(
            tuple(v) if hasattr(v, "__len__") and not isinstance(v, str) else _plain(v) for v in r
        )
        for r in frame.astype(object).itertuples(index=False)
    ]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries(), st.sampled_from(["pandas", "polars", "pyarrow"]))
def test_load_with_columns_and_filters_equals_load_then_filter(query, backend):
    name, columns, column, op, value = query
    filters = None if op is None else [(column, op, value)]
    got = mcd.load(name, backend=backend, columns=columns, filters=filters)
    expected = _expected(name, column, op, value)
    wanted = [c for c in expected.columns if c in columns]
    assert list(got.columns if backend != "pyarrow" else got.column_names) == wanted
    assert _rows(got) == _rows(expected[wanted])


def test_filters_keep_the_exact_types_of_every_backend():
    attacks = [("event_type", "==", "attack")]
    frame = mcd.load("events", filters=attacks)
    assert isinstance(frame["event_type"].dtype, pd.CategoricalDtype)
    assert list(frame["event_type"].cat.categories) == list(
        mcd.load("events")["event_type"].cat.categories
    )
    assert frame["date_start"].dtype.kind == "M"
    polars = mcd.load("events", backend="polars", filters=attacks)
    assert isinstance(polars.schema["event_type"], pl.Enum)


def test_either_or_filters_and_bad_filters():
    both = mcd.load(
        "events", filters=[[("event_type", "==", "coup")], [("event_type", "==", "attack")]]
    )
    assert set(both["event_type"]) == {"coup", "attack"}
    with pytest.raises(ValueError, match="has no such column"):
        mcd.load("events", filters=[("nope", "==", 1)])
    with pytest.raises(ValueError, match="has no column 'nope'"):
        mcd.load("events", columns=["nope"])
    with pytest.raises(ValueError, match="is not a date; expected .*YYYY-MM-DD"):
        mcd.load("events", filters=[("date_start", ">=", "June 2020")])
    with pytest.raises(ValueError, match="do not fit the column types"):
        mcd.load("events", filters=[("event_type", ">=", 3)])


@pytest.mark.parametrize("name", TABLES)
def test_scan_equals_the_polars_load_and_keeps_enums(name):
    lazy = mcd.scan(name)
    assert isinstance(lazy, pl.LazyFrame)
    loaded = mcd.load(name, backend="polars")
    assert lazy.collect_schema() == loaded.schema
    assert lazy.collect().equals(loaded)


def test_scan_filters_equal_load_then_filter():
    lazy = mcd.scan("event_summary").filter(pl.col("date_start") >= dt.date(2020, 1, 1))
    got = lazy.select("event_id", "event_type").collect()
    loaded = mcd.load("event_summary", backend="polars")
    expected = loaded.filter(pl.col("date_start") >= dt.date(2020, 1, 1)).select(
        "event_id", "event_type"
    )
    assert got.equals(expected)
    assert isinstance(got.schema["event_type"], pl.Enum)


@pytest.fixture(scope="module")
def con():
    return mcd.duckdb()


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_has_every_table_as_a_view_with_the_same_rows(con, name):
    arrow = con.sql(f'SELECT * FROM "{name}"').to_arrow_table()
    assert _rows(arrow) == _rows(mcd.load(name))
    enums = {f["name"] for f in _fields_of(name) if "enum" in f.get("constraints", {})}
    query = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?"
    types = dict(con.execute(query, [name]).fetchall())
    assert {c for c, t in types.items() if t.startswith("ENUM")} == enums


def test_duckdb_filters_equal_load_then_filter(con):
    got = con.execute(
        "SELECT event_id FROM event_summary WHERE category = 'political_violence' "
        "AND date_start >= DATE '2020-01-01' ORDER BY event_id"
    ).fetchall()
    summary = mcd.load("event_summary")
    keep = (summary["category"] == "political_violence") & (summary["date_start"] >= "2020-01-01")
    assert [r[0] for r in got] == sorted(summary.loc[keep, "event_id"])


def test_scan_and_duckdb_refuse_a_changed_file(tmp_path, monkeypatch):
    import shutil

    from mali_conflict_data._config import DATA_ENV

    copy = tmp_path / "data"
    shutil.copytree(mcd.data_dir() / "build", copy / "build")
    shutil.copytree(mcd.data_dir() / "schemas", copy / "schemas")
    shutil.copy(mcd.data_dir() / "datapackage.json", copy / "datapackage.json")
    events = copy / "build" / "events.parquet"
    events.write_bytes(events.read_bytes()[:-1] + b"X")
    monkeypatch.setenv(DATA_ENV, str(copy))
    with pytest.raises(mcd.DamagedDataError):
        mcd.scan("events")
    with pytest.raises(mcd.DamagedDataError):
        mcd.duckdb()
