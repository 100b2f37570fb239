"""polars' own ``Enum`` marker in the published Parquet files, and the load route it opens.

``build`` writes, beside each vocabulary column's ``vocabulary``, the field metadata
polars itself writes for an ``Enum`` (:func:`mali_conflict_data._types.polars_enum_marker`),
so polars reads the column as that ``Enum`` without a cast. The marker must be polars'
own (checked against polars' writer for every vocabulary of the model); the route it
opens must give what the plain Arrow route gives for every table; a value outside the
vocabulary is still refused (polars would read it as missing); any other polars marker
is never given to polars; and other readers see the same types as without it.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from mali_conflict_data._errors import DamagedDataError
from mali_conflict_data._types import POLARS_ENUM_KEY, polars_enum_marker
from mali_conflict_data.load import data_dir, read_table, table_names
from mali_conflict_data.model import TABLES

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

load_module = importlib.import_module("mali_conflict_data.load")
KEY = POLARS_ENUM_KEY.encode()
VOCABULARY_COLUMNS = [
    (table_name, column_name, column.vocabulary)
    for table_name, table in TABLES.items()
    for column_name, column in table.columns.items()
    if column.vocabulary
]


@pytest.mark.parametrize(
    ("table", "column", "vocabulary"),
    VOCABULARY_COLUMNS,
    ids=[f"{t}.{c}" for t, c, _ in VOCABULARY_COLUMNS],
)
def test_the_marker_is_the_one_polars_writes_for_each_vocabulary(
    tmp_path, table, column, vocabulary
):
    path = tmp_path / "enum.parquet"
    values = pl.Series(column, [vocabulary[0]], dtype=pl.Enum(list(vocabulary)))
    pl.DataFrame([values]).write_parquet(path)
    written = pq.read_schema(path).field(column).metadata[KEY].decode()
    assert polars_enum_marker(vocabulary) == written
    if table in table_names(data_dir()):  # and the published file carries it
        published = pq.read_schema(data_dir() / "build" / f"{table}.parquet").field(column)
        assert published.metadata[KEY].decode() == written


def test_a_marker_counts_bytes_not_characters():
    assert polars_enum_marker(["é;x", "b"]) == "4;é;x1;b"


def _arrow_route(folder: Path, name: str, columns=None):
    """The table as the Arrow route makes it for polars (the plain reference)."""
    fields = load_module.verified_fields(folder, load_module.resource(folder, name))
    if columns is not None:
        fields = [f for f in fields if f["name"] in columns]
    path = folder / "build" / f"{name}.parquet"
    table = load_module._read_parquet(path, path.read_bytes(), columns)
    return load_module._to_polars(load_module._with_vocabularies(table, fields, path), fields)


def _forget() -> None:
    load_module._SCHEMAS_FIT.clear()
    load_module._VALUES_FIT.clear()
    load_module._READ_AS_ENUMS.clear()


@pytest.mark.parametrize("name", table_names(data_dir()))
def test_every_table_read_through_the_marker_gives_the_arrow_route(name):
    """Generated over every table (and each vocabulary column read alone): the first read
    checks the values, the next takes polars' Enum from the marker; both give the plain route."""
    folder = data_dir()
    fields = load_module.verified_fields(folder, load_module.resource(folder, name))
    choices = [None] + [[f["name"]] for f in fields if "enum" in f.get("constraints", {})]
    for columns in choices:
        _forget()
        expected = _arrow_route(folder, name, columns)
        first = read_table(folder, name, backend="polars", columns=columns)
        again = read_table(folder, name, backend="polars", columns=columns)
        for frame in (first, again):
            assert frame.schema == expected.schema, (name, columns)
            assert frame.equals(expected), (name, columns)
    if len(choices) > 1:  # the marker route was taken
        assert any(key[0] for key in load_module._READ_AS_ENUMS)


def _marked(path: Path, roles, marker: dict | None = None, on: str = "role") -> None:
    """A two-column file, ``role`` a dictionary column, the polars markers ``marker``."""
    ids = pa.array([str(i) for i in range(len(roles))])
    role = pa.array(roles).dictionary_encode()
    marker = {KEY: polars_enum_marker(["a", "b"]).encode()} if marker is None else marker
    fields = [
        pa.field("id", pa.string(), metadata=marker if on == "id" else None),
        pa.field("role", role.type, metadata=marker if on == "role" else None),
    ]
    pq.write_table(pa.Table.from_arrays([ids, role], schema=pa.schema(fields)), path)


FIELDS = [
    {"name": "id", "type": "string"},
    {"name": "role", "type": "string", "constraints": {"enum": ["a", "b"]}},
]


@pytest.mark.parametrize("rows", [4, 10**5])  # below and above the codes route's size
def test_a_marked_file_with_a_value_outside_the_vocabulary_is_refused(tmp_path, rows):
    good, bad = tmp_path / "good.parquet", tmp_path / "bad.parquet"
    _marked(good, (["a", None, "b", "b"] * rows)[:rows])
    _marked(bad, (["a", None, "zz", "b"] * rows)[:rows])
    assert pl.read_parquet(bad).schema["role"] == pl.Enum(["a", "b"])  # polars: "zz" missing
    _forget()
    for _ in range(2):  # checked, then from the marker: the same frame
        frame = load_module._polars_native(good, good.read_bytes(), None, FIELDS, "e" * 64)
        assert frame.schema["role"] == pl.Enum(["a", "b"])
        assert frame["role"].null_count() == (rows + 2) // 4
    for _ in range(2):  # another digest is checked again, however often it is read
        with pytest.raises(DamagedDataError) as native:
            load_module._polars_native(bad, bad.read_bytes(), None, FIELDS, "d" * 64)
    with pytest.raises(DamagedDataError) as arrow:
        load_module._with_vocabularies(pq.read_table(bad), FIELDS, bad)
    assert str(native.value) == str(arrow.value)


FOREIGN = {
    "malformed": ({KEY: b"9;a"}, "role"),
    "another order": ({KEY: polars_enum_marker(["b", "a"]).encode()}, "role"),
    "another vocabulary": ({KEY: polars_enum_marker(["a", "b", "c"]).encode()}, "role"),
    "the older key": ({b"_PL_ENUM_VALUES": b"1;a1;b"}, "role"),
    "a categorical": ({b"_PL_CATEGORICAL2": b"x"}, "role"),
    "on a text column": ({KEY: b"9;a"}, "id"),
}


@pytest.mark.parametrize("case", list(FOREIGN))
def test_a_polars_marker_that_is_not_build_s_is_never_given_to_polars(tmp_path, case):
    """Read through pyarrow without it: the Enum of the Table Schema's vocabulary, no panic."""
    marker, on = FOREIGN[case]
    path = tmp_path / "t.parquet"
    _marked(path, ["a", None, "b", "a"], marker, on)
    _forget()
    for _ in range(2):
        frame = load_module._polars_native(path, path.read_bytes(), None, FIELDS, "f" * 64)
        assert frame.schema == {"id": pl.String, "role": pl.Enum(["a", "b"])}
        assert frame["role"].to_list() == ["a", None, "b", "a"]
    bad = tmp_path / "bad.parquet"
    _marked(bad, ["a", None, "zz", "a"], marker, on)
    with pytest.raises(DamagedDataError, match="outside its vocabulary"):
        load_module._polars_native(bad, bad.read_bytes(), None, FIELDS, "c" * 64)


def _without_marker(source: Path, target: Path) -> None:
    table = pq.read_table(source)
    fields = [
        field.with_metadata({k: v for k, v in field.metadata.items() if k != KEY})
        if field.metadata
        else field
        for field in table.schema
    ]
    schema = pa.schema(fields, metadata=table.schema.metadata)
    pq.write_table(pa.Table.from_arrays(table.columns, schema=schema), target)


@pytest.mark.parametrize("name", table_names(data_dir()))
def test_other_readers_see_the_types_they_saw_without_the_marker(tmp_path, name):
    """pandas, pyarrow and duckdb read each published file as they read it without the
    marker (pyarrow shows the marker as one more field metadata key, nothing else)."""
    import pandas as pd

    source = data_dir() / "build" / f"{name}.parquet"
    plain = tmp_path / "plain.parquet"
    _without_marker(source, plain)
    marked_frame, plain_frame = pd.read_parquet(source), pd.read_parquet(plain)
    assert marked_frame.dtypes.equals(plain_frame.dtypes)
    assert marked_frame.equals(plain_frame)
    marked_schema, plain_schema = pq.read_schema(source), pq.read_schema(plain)
    assert marked_schema.names == plain_schema.names
    for field in marked_schema:
        other = plain_schema.field(field.name)
        assert (field.type, field.nullable) == (other.type, other.nullable)
        extra = set(field.metadata or {}) - set(other.metadata or {})
        assert extra == ({KEY} if b"vocabulary" in (field.metadata or {}) else set())
        if extra:
            read = pl.read_parquet(source, columns=[field.name]).schema[field.name]
            assert json.loads(field.metadata[b"vocabulary"]) == list(read.categories)
    duckdb = pytest.importorskip("duckdb")
    described = [
        duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        for path in (source, plain)
    ]
    assert described[0] == described[1]


@pytest.mark.parametrize("name", table_names(data_dir()))
def test_the_fields_worked_out_once_are_those_worked_out_each_time(name):
    """Generated over every table: :func:`load._of_fields` (kept per list of fields) gives
    what the plain computation gives, for the Table Schema's list and for a changed copy."""
    folder = data_dir()
    fields = load_module.verified_fields(folder, load_module.resource(folder, name))

    def plain(fields):
        vocabularies = {
            f["name"]: f["constraints"]["enum"]
            for f in fields
            if "enum" in f.get("constraints", {})
        }
        return vocabularies, tuple((f["name"], f.get("type", "string")) for f in fields)

    for _ in range(2):
        assert load_module._of_fields(fields) == plain(fields)
    changed = [{**f, "type": "any"} for f in fields[:1]] + fields[1:]
    assert load_module._of_fields(changed) == plain(changed) != plain(fields)
