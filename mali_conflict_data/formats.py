"""The release's formats for other tools: a DuckDB database, a GeoPackage, Stata files.

Each is written from a build (a folder holding ``datapackage.json``), with its
column facts from :func:`mali_conflict_data.metadata.tables` (the generated Table
Schemas), deterministically:

- ``mali-conflict-data.duckdb`` (:func:`write_duckdb`): one table per table, each
  vocabulary an ``ENUM`` type, primary and foreign keys, ``NOT NULL`` on required
  columns, lists as ``VARCHAR[]``, and the descriptions as table and column comments;
- ``events.gpkg`` (:func:`write_geopackage`, the ``geo`` extra: pyogrio): every
  located event of ``event_summary`` as a point (EPSG:4326), dates as dates, lists joined
  by ``"; "``, counts as 64-bit integers and flags as booleans (missing cells null);
- ``stata/TABLE.dta`` (:func:`write_stata`): Stata 118 files, lists joined by ``"; "``
  as in the CSV package, vocabularies as value labels, dates as ``%td``, the
  descriptions as variable labels (cut to Stata's 80 characters).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mali_conflict_data._errors import MissingExtraError
from mali_conflict_data.load import read_table
from mali_conflict_data.metadata import Column, Table, tables

__all__ = [
    "DUCKDB_NAME",
    "GEOPACKAGE_NAME",
    "STATA_LABEL_LIMIT",
    "stata_label",
    "write_duckdb",
    "write_geopackage",
    "write_stata",
]

DUCKDB_NAME = "mali-conflict-data.duckdb"
GEOPACKAGE_NAME = "events.gpkg"
#: Stata's limit on a variable or data label, in characters.
STATA_LABEL_LIMIT = 80
#: The timestamp written into files that record one (Stata, GeoPackage): fixed, so a
#: release rebuilds byte for byte.
FIXED_TIME = dt.datetime(1980, 1, 1)
LIST_SEPARATOR = "; "

_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "date": "DATE",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "list": "VARCHAR[]",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _enum_name(table: Table, column: Column) -> str:
    return f"{table.name}__{column.name}"


def _duckdb_type(table: Table, column: Column) -> str:
    if column.kind == "vocabulary":
        return _quote(_enum_name(table, column))
    return _DUCKDB_TYPES[column.kind]


def duckdb_ddl(described: dict[str, Table]) -> list[str]:
    """The SQL statements that create the database's types, tables and comments.

    >>> import mali_conflict_data as mcd
    >>> statements = duckdb_ddl(tables(mcd.data_dir()))
    >>> statements[0].startswith('CREATE TYPE "sources__published_date_precision" AS ENUM')
    True
    """
    statements = []
    for table in described.values():
        for column in table.columns:
            if column.kind == "vocabulary":
                values = ", ".join(_literal(v) for v in column.vocabulary)
                statements.append(
                    f"CREATE TYPE {_quote(_enum_name(table, column))} AS ENUM ({values})"
                )
    for table in described.values():
        lines = [
            f"{_quote(c.name)} {_duckdb_type(table, c)}" + (" NOT NULL" if c.required else "")
            for c in table.columns
        ]
        lines.append(f"PRIMARY KEY ({', '.join(map(_quote, table.primary_key))})")
        for fields, target, referenced in table.foreign_keys:
            if target == table.name:  # DuckDB cannot declare a key on its own table
                continue
            lines.append(
                f"FOREIGN KEY ({', '.join(map(_quote, fields))}) "
                f"REFERENCES {_quote(target)} ({', '.join(map(_quote, referenced))})"
            )
        statements.append(f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(lines) + "\n)")
        statements.append(f"COMMENT ON TABLE {_quote(table.name)} IS {_literal(table.description)}")
        for column in table.columns:
            statements.append(
                f"COMMENT ON COLUMN {_quote(table.name)}.{_quote(column.name)} "
                f"IS {_literal(column.description)}"
            )
    return statements


def write_duckdb(folder: str | os.PathLike, path: str | os.PathLike) -> Path:
    """Write every table of the build in ``folder`` into the DuckDB database ``path``.

    Needs ``duckdb`` (the ``duckdb`` extra). A reference of a table to itself (an
    actor's parent actor) is not declared, as DuckDB cannot; it holds in the data.

    >>> import tempfile, mali_conflict_data as mcd, duckdb
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_duckdb(mcd.data_dir(), Path(tmp) / DUCKDB_NAME)
    ...     with duckdb.connect(str(path), read_only=True) as db:
    ...         db.execute("select count(*) from sources").fetchone()[0] == len(mcd.load("sources"))
    True
    """
    try:
        import duckdb
    except ImportError:
        raise MissingExtraError("duckdb", "duckdb") from None
    import pyarrow as pa

    folder, path = Path(folder), Path(path)
    described = tables(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        with duckdb.connect(":memory:") as db:
            db.execute("SET threads TO 1")  # one writer: the same file every time
            # Compression samples the data at random: stored plain, the bytes repeat.
            db.execute("SET force_compression = 'uncompressed'")
            # This storage version writes no random salt: the same data gives the same bytes.
            db.execute(f"ATTACH {_literal(str(partial))} AS out (STORAGE_VERSION 'v1.2.0')")
            db.execute("USE out")
            for statement in duckdb_ddl(described):
                db.execute(statement)
            for name, table in described.items():
                arrow = read_table(folder, name, backend="pyarrow")
                plain = [
                    arrow.column(c.name).cast(pa.string())
                    if c.kind == "vocabulary"
                    else arrow.column(c.name)
                    for c in table.columns
                ]
                staged = pa.table(plain, names=[c.name for c in table.columns])  # noqa: F841
                columns = ", ".join(_quote(c.name) for c in table.columns)
                db.execute(f"INSERT INTO {_quote(name)} ({columns}) SELECT {columns} FROM staged")
            db.execute("USE memory")
            db.execute("DETACH out")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        Path(str(partial) + ".wal").unlink(missing_ok=True)
    return path


def _located_events(folder: Path):
    summary = read_table(folder, "event_summary")
    located = summary[summary["latitude"].notna() & summary["longitude"].notna()]
    return located.sort_values("event_id").reset_index(drop=True)


def write_geopackage(folder: str | os.PathLike, path: str | os.PathLike) -> Path:
    """Write the located events of ``event_summary`` as points into the GeoPackage ``path``.

    Needs ``pyogrio`` (the ``geo`` extra). Lists are joined by ``"; "``; vocabularies
    are text. The timestamp GDAL records is fixed, so the file rebuilds byte for byte.

    >>> import tempfile, mali_conflict_data as mcd, pyogrio
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_geopackage(mcd.data_dir(), Path(tmp) / GEOPACKAGE_NAME)
    ...     pyogrio.read_info(path)["geometry_type"]
    'Point'
    """
    try:
        import pyogrio
        import pyogrio.raw
    except ImportError:
        raise MissingExtraError("geo", "pyogrio") from None
    import struct

    import numpy as np

    folder, path = Path(folder), Path(path)
    table = tables(folder)["event_summary"]
    located = _located_events(folder)
    geometry = np.array(
        [
            struct.pack("<BIdd", 1, 1, float(x), float(y))  # WKB point, little-endian
            for x, y in zip(located["longitude"], located["latitude"], strict=True)
        ],
        dtype=object,
    )
    kept = [c for c in table.columns if c.name not in ("latitude", "longitude")]
    field_data, field_mask = zip(*(_ogr_values(located[c.name], c) for c in kept), strict=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part.gpkg")
    partial.unlink(missing_ok=True)
    try:
        # GDAL records this time instead of the clock's, so the file rebuilds byte for byte.
        pyogrio.set_gdal_config_options(
            {"OGR_CURRENT_DATE": FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
        )
        try:
            pyogrio.raw.write(
                str(partial),
                geometry=geometry,
                field_data=list(field_data),
                field_mask=list(field_mask),
                fields=[c.name for c in kept],
                layer="events",
                driver="GPKG",
                geometry_type="Point",
                crs="EPSG:4326",
                layer_options={"DESCRIPTION": table.description},
            )
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _ogr_values(values, column: Column):
    """A column as pyogrio writes it: ``(values, mask of the missing cells or None)``.

    Whole numbers stay int64 (an empty cell masked), never floats, which are not
    exact past 2**53.
    """
    import numpy as np

    if column.kind == "list":
        return np.array([LIST_SEPARATOR.join(v) for v in values], dtype=object), None
    if column.kind in ("string", "vocabulary"):
        return np.array(values.astype(object).where(values.notna(), None), dtype=object), None
    if column.kind == "date":
        return values.to_numpy("datetime64[D]"), None  # a GeoPackage DATE (missing: NaT)
    missing = values.isna().to_numpy(bool)
    mask = missing if missing.any() else None
    if column.kind == "integer":
        return values.astype("Int64").to_numpy("int64", na_value=0), mask
    if column.kind == "boolean":
        return values.astype("boolean").to_numpy("bool", na_value=False), mask
    return values.astype("Float64").to_numpy("float64", na_value=np.nan), mask


def stata_label(text: str) -> str:
    """``text`` as a Stata label: at most :data:`STATA_LABEL_LIMIT` characters, cut at a word.

    >>> stata_label("short")
    'short'
    >>> len(stata_label("word " * 40)) <= 80
    True
    """
    text = " ".join(text.split())
    if len(text) <= STATA_LABEL_LIMIT:
        return text
    cut = text[: STATA_LABEL_LIMIT - 3].rsplit(" ", 1)[0]
    return cut + "..."


def stata_frame(folder: str | os.PathLike, name: str):
    """Table ``name`` of the build in ``folder`` as written to Stata (lists joined by "; ")."""
    frame = read_table(Path(folder), name)
    table = tables(Path(folder))[name]
    for column in table.columns:
        values = frame[column.name]
        if column.kind == "list":
            frame[column.name] = [LIST_SEPARATOR.join(v) for v in values]
        elif column.kind == "boolean":  # Stata has no booleans: 1/0 (missing stays missing)
            frame[column.name] = values.astype("Int8")
        elif column.kind == "integer":
            _refuse_inexact_in_stata(name, column.name, values)
        elif column.kind == "string":
            frame[column.name] = values.astype(object).where(values.notna(), "")
    return frame


#: The largest whole number a Stata file holds exactly: Stata has no 64-bit integers, so a
#: number past a ``long`` is written as a ``double``, exact up to 2**53.
STATA_EXACT_LIMIT = 2**53


def _refuse_inexact_in_stata(name: str, column: str, values) -> None:
    """Raise when a whole number of ``values`` is one Stata would store rounded."""
    from mali_conflict_data._errors import MaliConflictDataError

    numbers = values.astype("Int64")
    past = (numbers.abs() > STATA_EXACT_LIMIT).fillna(False).to_numpy(bool)
    if past.any():
        row = int(past.argmax())
        raise MaliConflictDataError(
            f"{name}.{column} row {row + 1} holds {int(numbers.iloc[row]):,}, past "
            f"{STATA_EXACT_LIMIT:,}, the largest whole number a Stata file holds exactly "
            "(Stata has no 64-bit integers); it would be rounded, so no Stata file was "
            "written: the Parquet, CSV and DuckDB files hold it exactly"
        )


def write_stata(folder: str | os.PathLike, out: str | os.PathLike) -> list[Path]:
    """Write each table of the build in ``folder`` as ``out/TABLE.dta`` (Stata 118).

    Every table is converted (and checked) before any file is written: a number
    Stata cannot hold exactly raises and leaves ``out`` as it was.
    """
    folder, out = Path(folder), Path(out)
    described = tables(folder)
    frames = {name: stata_frame(folder, name) for name in described}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in described.items():
        frame = frames[name]
        long_text = [
            c.name
            for c in table.columns
            if c.kind in ("string", "list") and frame[c.name].str.len().max() > 2045
        ]
        path = out / f"{name}.dta"
        frame.to_stata(
            path,
            write_index=False,
            version=118,
            convert_dates={c.name: "td" for c in table.columns if c.kind == "date"},
            data_label=stata_label(table.description),
            variable_labels={c.name: stata_label(c.description) for c in table.columns},
            time_stamp=FIXED_TIME,
            convert_strl=long_text,
        )
        written.append(path)
    return written
