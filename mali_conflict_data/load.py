"""Load the published tables offline, as pandas, polars or pyarrow tables.

The tables ship with the package (``mali_conflict_data/data/`` in a wheel). Run
from inside a checkout of the repository, they are read from that checkout's
``build/`` instead, so a fresh ``mali-conflict-data build`` is what you load;
``$MALI_CONFLICT_DATA_DIR`` overrides both.

Every backend keeps the exact types: dates are dates (``datetime64`` in pandas,
so ``.dt``, comparisons with ``"2020-01-01"`` and resampling work; ``Date`` in
polars; ``date32`` in pyarrow), counts are nullable integers, each vocabulary
keeps all its values even when no row uses one (pandas ``Categorical``, polars
``Enum``, pyarrow ``dictionary``), and aliases and authors are lists of strings.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mali_conflict_data._config import DATA_ENV, JOURNAL, PACKAGE_NAME
from mali_conflict_data._errors import damaged

if TYPE_CHECKING:
    import pyarrow as pa

BACKENDS = ("pandas", "polars", "pyarrow")
_PACKAGE = Path(__file__).resolve().parent


def checkout_dir(start: str | os.PathLike | None = None) -> Path | None:
    """The checkout of this project holding ``start`` (default: the working directory), if any.

    A checkout is a folder with ``raw/`` and a ``datapackage.json`` of this package.

    >>> checkout_dir("/") is None
    True
    """
    try:
        here = Path(start if start is not None else Path.cwd()).resolve()
    except OSError:  # the working directory was removed
        return None
    for folder in (here, *here.parents):
        descriptor = folder / "datapackage.json"
        if (folder / "raw").is_dir() and descriptor.is_file():
            try:
                if _read_json(descriptor).get("name") == PACKAGE_NAME:
                    return folder
            except (OSError, ValueError):
                return None
    return None


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` and ``build/*.parquet``.

    Inside a checkout of the repository, that checkout (its fresh build);
    elsewhere the copy installed with the package. ``$MALI_CONFLICT_DATA_DIR``
    overrides both (for example to read a downloaded release).

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    override = os.environ.get(DATA_ENV)
    if override:
        candidates = [Path(override)]
    else:
        checkout = checkout_dir()
        candidates = [checkout] if checkout else []
        candidates += [_PACKAGE / "data", _PACKAGE.parent]
    for folder in candidates:
        if (folder / "datapackage.json").is_file():
            return folder
    raise FileNotFoundError(
        "No published tables found (looked for datapackage.json in "
        + ", ".join(str(c) for c in candidates)
        + "). Reinstall the package, or in a checkout run `mali-conflict-data build`."
    )


def _descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if (folder / JOURNAL).exists():
        raise damaged(folder, "holds a build that was interrupted")
    descriptor = _read_json(path)
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and {"name", "path", "schema"} <= r.keys() for r in resources
    ):
        raise damaged(path, "does not describe the tables (no resources with name, path, schema)")
    return descriptor


def _read_json(path: Path) -> dict:
    """A JSON file, parsed once per version of the file (keyed by its modification time)."""
    try:
        return _parse_json(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise damaged(path, "is missing") from None
    except (OSError, ValueError) as error:
        raise damaged(path, f"cannot be read as JSON ({error})") from None


@lru_cache(maxsize=64)
def _parse_json(path: Path, mtime_ns: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def tables() -> list[str]:
    """Names of the published tables, in dependency order.

    >>> tables()[0]
    'sources'
    """
    return table_names(data_dir())


def load(name: str, version: str | None = None, backend: str = "pandas") -> Any:
    """Load one table with exact types, as a pandas or polars DataFrame or a pyarrow Table.

    Dates are dates (``datetime64`` in pandas), counts nullable integers,
    vocabularies categoricals with every allowed value (polars ``Enum``) and
    aliases lists of strings. A pandas DataFrame carries the table's description,
    licence and version in ``attrs``. ``version`` loads another release,
    downloading it once (see :func:`mali_conflict_data.download`). ``backend``
    ``"polars"`` needs the ``polars`` extra (``pip install "mali-conflict-data[polars]"``).

    >>> casualties = load("casualties")
    >>> str(casualties["best"].dtype)
    'Int64'
    >>> events = load("events")
    >>> int((events["date_start"].dt.year == 2020).sum()) > 0
    True
    >>> load("events", backend="pyarrow").schema.field("date_start").type
    DataType(date32[day])
    """
    return read_table(_folder(version), name, backend=backend)


def _folder(version: str | None) -> Path:
    from mali_conflict_data import __version__

    if version is None or version == __version__:
        return data_dir()
    from mali_conflict_data.download import download

    return download(version)


def resource(folder: Path, name: str) -> dict:
    """The ``datapackage.json`` entry of table ``name`` in ``folder``; a clear error if unknown."""
    resources = {r["name"]: r for r in _descriptor(Path(folder))["resources"]}
    if name not in resources:
        raise ValueError(f"Unknown table {name!r}; choose one of: {', '.join(resources)}")
    return resources[name]


def read_table(folder: Path, name: str, backend: str = "pandas") -> Any:
    """Read one table from a folder holding a ``datapackage.json`` (a build or a release)."""
    if backend not in BACKENDS:
        raise ValueError(f"Unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    folder = Path(folder)
    entry = resource(folder, name)
    fields = _fields(folder, entry["schema"])
    table = _with_vocabularies(_read_parquet(folder / entry["path"]), fields)
    about = _about(folder, entry)
    if backend == "pyarrow":
        metadata = dict(table.schema.metadata or {})
        metadata.pop(b"pandas", None)
        metadata.update({k.encode(): str(v).encode() for k, v in about.items()})
        return table.replace_schema_metadata(metadata)
    if backend == "polars":
        return _to_polars(table, fields)
    import pandas as pd

    # List cells become Python lists straight from Arrow, not numpy arrays then lists.
    lists = [f["name"] for f in fields if "arrayItem" in f and f["name"] in table.column_names]
    frame = table.drop_columns(lists).to_pandas(date_as_object=False)
    for name in lists:
        frame[name] = pd.Series(table.column(name).to_pylist(), index=frame.index, dtype=object)
    frame = frame[table.column_names]
    frame.attrs.update(about)
    return frame


def _read_parquet(path: Path) -> pa.Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path)
    except FileNotFoundError:
        raise damaged(path, "is missing") from None
    except (OSError, pa.ArrowException) as error:
        raise damaged(path, f"is not a readable Parquet file ({error})") from None


def _about(folder: Path, entry: dict) -> dict[str, str]:
    descriptor = _descriptor(folder)
    licences = descriptor.get("licenses") or [{}]
    return {
        "table": entry["name"],
        "description": entry.get("description", ""),
        "licence": licences[0].get("name", ""),
        "version": descriptor.get("version", ""),
        "source": str(folder),
    }


def _with_vocabularies(table: pa.Table, fields: list[dict]) -> pa.Table:
    """Dictionary columns re-encoded on their full vocabulary (the Table Schema's ``enum``).

    Parquet keeps only the dictionary a writer stored; readers such as polars drop
    values no row uses. Re-encoding on the declared vocabulary keeps every value,
    in the declared order, and refuses a value outside it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for field in fields:
        vocabulary = field.get("constraints", {}).get("enum")
        if vocabulary is None:
            continue
        index = table.schema.get_field_index(field["name"])
        column = table.column(index)
        values = pa.array(vocabulary, pa.string())
        chunks = []
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type) and chunk.dictionary.equals(values):
                chunks.append(chunk)
                continue
            plain = chunk.cast(pa.string())
            positions = pc.index_in(plain, value_set=values)
            if positions.null_count != plain.null_count:
                unknown = sorted(set(plain.filter(pc.is_null(positions)).drop_null().to_pylist()))
                raise ValueError(
                    f"Column {field['name']!r} holds {unknown}, outside its vocabulary "
                    f"{vocabulary}; the file does not match its Table Schema. Rebuild it, "
                    "or download the release again."
                )
            chunks.append(pa.DictionaryArray.from_arrays(positions.cast(pa.int8()), values))
        kind = pa.dictionary(pa.int8(), pa.string())
        old = table.schema.field(index)
        table = table.set_column(
            index,
            pa.field(old.name, kind, old.nullable, old.metadata),
            pa.chunked_array(chunks, type=kind),
        )
    return table


def _to_polars(table: pa.Table, fields: list[dict]):
    try:
        import polars as pl
    except ImportError:
        raise ImportError(
            'backend="polars" needs polars: pip install "mali-conflict-data[polars]"'
        ) from None
    import pyarrow as pa

    enums = {}
    for field in fields:
        vocabulary = field.get("constraints", {}).get("enum")
        if vocabulary is not None:
            index = table.schema.get_field_index(field["name"])
            table = table.set_column(index, field["name"], table.column(index).cast(pa.string()))
            enums[field["name"]] = pl.Enum(vocabulary)
    frame = pl.from_arrow(table)
    return frame.with_columns(*(pl.col(name).cast(kind) for name, kind in enums.items()))


def primary_key(folder: Path, name: str) -> list[str]:
    """Primary key of a table, from the Table Schema beside its ``datapackage.json``."""
    resource = next(r for r in _descriptor(Path(folder))["resources"] if r["name"] == name)
    return _read_json(Path(folder) / resource["schema"])["primaryKey"]


def table_names(folder: Path) -> list[str]:
    """Names of the tables described by the ``datapackage.json`` in ``folder``."""
    return [resource["name"] for resource in _descriptor(Path(folder))["resources"]]


def _fields(folder: Path, schema_path: str) -> list[dict]:
    schema = _read_json(folder / schema_path)
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise damaged(folder / schema_path, "is not a Table Schema (it has no fields)")
    return schema["fields"]


def load_all(version: str | None = None, backend: str = "pandas") -> dict[str, Any]:
    """Load every table, by name (of this package's release, or of ``version``).

    >>> frames = load_all()
    >>> "events" in frames
    True
    """
    return read_all(_folder(version), backend=backend)


def read_all(folder: Path, backend: str = "pandas") -> dict[str, Any]:
    """Read every table described by the ``datapackage.json`` in ``folder``, by name."""
    return {name: read_table(folder, name, backend=backend) for name in table_names(folder)}
