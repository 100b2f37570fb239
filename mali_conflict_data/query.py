"""Ask for less: lazy polars scans and a DuckDB connection over the published Parquet files.

:func:`scan` gives a polars ``LazyFrame`` of one table: nothing is read until
``.collect()``, and polars pushes the columns selected and the filters down to
the Parquet reader. Vocabulary columns are polars ``Enum`` with every allowed
value, as with ``load(..., backend="polars")``.

:func:`duckdb` gives an in-memory DuckDB connection in which every table is a
view over its Parquet file (nothing is copied); vocabulary columns are DuckDB
``ENUM`` types of their full vocabulary, dates are ``DATE`` and lists are
``VARCHAR[]``. Each file is first checked as ``load()`` checks it (inside the
data folder, its recorded size and SHA-256). Both need their package (polars, duckdb); without it a
:class:`~mali_conflict_data.MissingExtraError` says what to install.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mali_conflict_data._errors import MissingExtraError
from mali_conflict_data._files import recorded
from mali_conflict_data.load import (
    _folder,
    _inside,
    _verified,
    resource,
    table_names,
    verified_fields,
)


def _checked_path(folder: Path, name: str) -> Path:
    """The Parquet file of table ``name``, checked as ``load()`` checks it.

    It must lie inside ``folder`` and match the size and SHA-256 that
    ``datapackage.json`` records. The lazy readers open the file again later, so a
    file replaced after this check is not caught; ``load()`` parses the very bytes
    it verified.
    """
    entry = resource(folder, name)
    path = _inside(folder, entry["path"], "path")
    _verified(folder, path, *recorded(entry))
    return path


def _vocabularies(folder: Path, name: str) -> dict[str, list[str]]:
    fields = verified_fields(folder, resource(folder, name))
    return {
        f["name"]: f["constraints"]["enum"] for f in fields if "enum" in f.get("constraints", {})
    }


def scan(name: str, version: str | None = None) -> Any:
    """A lazy polars scan of table ``name``, vocabulary columns as ``Enum`` (nothing read yet).

    ``version`` scans another release (downloaded once). Needs the ``polars`` extra.

    >>> import polars as pl
    >>> attacks = scan("events").filter(pl.col("event_type") == "attack").select("event_id")
    >>> attacks.collect().height > 0
    True
    >>> scan("events").collect_schema()["event_type"] == pl.Enum(
    ...     scan("events").collect_schema()["event_type"].categories)
    True
    """
    try:
        import polars as pl
    except ImportError:
        raise MissingExtraError("polars", "polars") from None
    folder = _folder(version)
    path = _checked_path(folder, name)
    enums = {column: pl.Enum(values) for column, values in _vocabularies(folder, name).items()}
    return pl.scan_parquet(path).with_columns(
        *(pl.col(column).cast(pl.String).cast(kind) for column, kind in enums.items())
    )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_sql(folder: Path, name: str) -> str:
    """The ``CREATE VIEW`` statement of table ``name`` over its Parquet file in ``folder``."""
    path = _checked_path(folder, name).resolve()
    casts = [
        f'CAST("{column}" AS ENUM({", ".join(map(_quoted, values))})) AS "{column}"'
        for column, values in _vocabularies(folder, name).items()
    ]
    columns = f"* REPLACE ({', '.join(casts)})" if casts else "*"
    return f'CREATE VIEW "{name}" AS SELECT {columns} FROM read_parquet({_quoted(str(path))})'


def duckdb(version: str | None = None) -> Any:
    """An in-memory DuckDB connection with every published table as a view of the same name.

    ``version`` uses another release (downloaded once). Needs ``duckdb``
    (``pip install duckdb``).

    >>> con = duckdb()
    >>> con.execute("SELECT count(*) FROM events WHERE event_type = 'attack'").fetchall()[0][0] > 0
    True
    >>> con.execute("SELECT typeof(event_type) FROM events LIMIT 1").fetchall()[0][0][:4]
    'ENUM'
    """
    try:
        import duckdb as db
    except ImportError:
        raise MissingExtraError("duckdb", "duckdb") from None
    folder = _folder(version)
    connection = db.connect(":memory:")
    for name in table_names(folder):
        connection.execute(view_sql(folder, name))
    return connection
