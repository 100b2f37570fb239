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
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mali_conflict_data._config import DATA_ENV, JOURNAL, PACKAGE_NAME
from mali_conflict_data._errors import (
    DamagedDataError,
    DataNotFoundError,
    MaliConflictDataError,
    MissingExtraError,
    damaged,
)
from mali_conflict_data._files import (
    MAX_JSON_BYTES,
    UnsafeFileError,
    build_lock,
    confine,
    kind,
    known_version,
    read_verified,
    read_version,
    recorded,
    settled,
    version,
)
from mali_conflict_data._profiles import PROFILES
from mali_conflict_data._pylists import collection_paused, list_series
from mali_conflict_data._vouched import vouched

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
                parsed = _read_json(descriptor)
            except (OSError, ValueError, MaliConflictDataError):
                return None
            if isinstance(parsed, dict) and parsed.get("name") == PACKAGE_NAME:
                return folder
    return None


_NOTED: set[Path] = set()


def _note_checkout(folder: Path) -> None:
    """Say once per process and checkout that the tables come from the checkout's build."""
    if folder in _NOTED or folder == _PACKAGE.parent:
        return
    import warnings

    _NOTED.add(folder)
    warnings.warn(
        f"Reading the tables of the checkout {folder} (its build/, written by "
        "`mali-conflict-data build`), not the copy installed with the package; set "
        f"${DATA_ENV} to read another folder.",
        CheckoutDataWarning,
        stacklevel=3,
    )


class CheckoutDataWarning(UserWarning):
    """The tables are read from the checkout the working directory is in."""


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
        if checkout and (checkout / "datapackage.json").is_file():
            _note_checkout(checkout)
        candidates += [_PACKAGE / "data", _PACKAGE.parent]
    for folder in candidates:
        if (folder / "datapackage.json").is_file():
            return folder
    raise DataNotFoundError(
        "No published tables found (looked for datapackage.json in "
        + ", ".join(str(c) for c in candidates)
        + "). Reinstall the package, or in a checkout run `mali-conflict-data build`."
    )


def _descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if (folder / JOURNAL).exists():
        raise damaged(folder, "holds a build that was interrupted")
    descriptor, digest = _read_json_digest(path, profile="datapackage")
    if digest not in _DESCRIBING:  # checked once per process per bytes, like the profile
        problem = descriptor_problem(descriptor)
        if problem:
            raise damaged(path, f"does not describe the tables: {problem}")
        _DESCRIBING.add(digest)
    return descriptor


#: The SHA-256 of each ``datapackage.json`` that :func:`descriptor_problem` found usable.
_DESCRIBING: set[str] = set()


def descriptor_problem(descriptor: object) -> str | None:
    """What makes ``descriptor`` (a parsed ``datapackage.json``) unusable, or None.

    The checks this loader relies on, before any value is used: an object with a
    non-empty list of ``resources``, each an object with a unique ``name`` and string
    ``path`` and ``schema``; ``licenses`` a list of objects; ``version`` and
    ``title`` strings. (Where the paths lead is checked when they are read.)

    >>> descriptor_problem({"resources": []})
    'resources is empty (expected one resource per table)'
    """
    if not isinstance(descriptor, dict):
        return f"it is a JSON {type(descriptor).__name__}, not an object"
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return "it has no list of resources with name, path, schema"
    if not resources:
        return "resources is empty (expected one resource per table)"
    seen = set()
    for number, entry in enumerate(resources, 1):
        if not isinstance(entry, dict):
            return f"resource {number} is not an object"
        for key in ("name", "path", "schema"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                return (
                    f"resource {number} has no {key} as a string "
                    "(no resources with name, path, schema)"
                )
        if entry["name"] in seen:
            return f"the resource name {entry['name']!r} appears more than once"
        seen.add(entry["name"])
    licences = descriptor.get("licenses", [])
    if not isinstance(licences, list) or not all(isinstance(x, dict) for x in licences):
        return "licenses is not a list of objects"
    for key in ("version", "title", "name"):
        if not isinstance(descriptor.get(key, ""), str):
            return f"{key} is not a string"
    return None


def _read_json(path: Path, profile: str | None = None) -> dict:
    """A JSON file, parsed once per version of the file (see :func:`_parse_json`).

    With ``profile`` (``datapackage``, ``tableschema``) the document must also follow
    that profile of the standard (:mod:`mali_conflict_data._profiles`), checked once
    per version of the file and once per process for the same bytes.
    """
    return _read_json_digest(path, profile)[0]


def _read_json_digest(path: Path, profile: str | None = None) -> tuple[dict, str]:
    """:func:`_read_json`, and the SHA-256 of the bytes the document was parsed from."""
    found = kind(path)
    if found == "missing":
        raise damaged(path, "is missing")
    if found is not None:
        raise damaged(path, f"is {found}, not a regular file; only files are read")
    try:
        parsed, digest = _parse_json(path)
        if profile is not None:
            from mali_conflict_data._profiles import problem as profile_problem

            problem = profile_problem(profile, parsed, digest)  # once per process per digest
            if problem:
                raise damaged(path, f"does not follow the {PROFILES[profile]} profile {problem}")
        return parsed, digest
    except FileNotFoundError:
        raise damaged(path, "is missing") from None
    except UnsafeFileError as error:
        raise damaged(path, error.reason) from None
    except RecursionError:
        raise damaged(path, "cannot be read as JSON (it is nested too deeply)") from None
    except (OSError, ValueError) as error:
        raise damaged(path, f"cannot be read as JSON ({_short(error)})") from None


def _short(error: BaseException) -> str:
    """An error's message, on one line and short (never a file's content at length)."""
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:157] + "..."


def _parse_json(path: Path) -> tuple[dict, str]:
    """The document parsed from one read of ``path``, and the SHA-256 of the bytes parsed.

    Remembered by the :func:`~mali_conflict_data._files.version` of the file opened
    (its ``fstat``, not a look at the path before: a path swapped for another file in
    between would otherwise keep the other's document), only when it held still while
    read and had settled (:func:`~mali_conflict_data._files.settled`): a later change
    gives the file another version. The profile check is keyed by the digest, so the
    bytes validated are the bytes used. A file that has not settled is read on every
    call, but bytes equal to those it held at the last read are not hashed and parsed
    again (a large descriptor read just after a build would otherwise cost a parse per
    table).
    """
    import hashlib

    known = _PARSED.get(version(path.stat()))
    if known is not None:
        return known
    started = time.time_ns()
    data, info, unchanged = read_version(path, MAX_JSON_BYTES)
    last = _LAST_READ.get(path)
    if last is not None and last[0] == data:  # byte for byte what was parsed last time
        known = last[1]
    else:
        known = json.loads(data.decode("utf-8")), hashlib.sha256(data).hexdigest()
        while len(_LAST_READ) >= _LAST_READ_MAX:
            del _LAST_READ[next(iter(_LAST_READ))]
        _LAST_READ[path] = data, known
    if unchanged and settled(info, started):
        while len(_PARSED) >= _PARSED_MAX:  # the oldest first: a few files, read again
            del _PARSED[next(iter(_PARSED))]
        _PARSED[version(info)] = known
    return known


#: The JSON documents parsed so far (and the SHA-256 of their bytes), by file version.
_PARSED: dict[tuple, tuple[dict, str]] = {}
#: How many parsed documents are kept.
_PARSED_MAX = 64
#: The bytes last read from each JSON file (by path) and what :func:`_parse_json` made of
#: them: for a file that has not settled, read again and found the same.
_LAST_READ: dict[Path, tuple[bytes, tuple[dict, str]]] = {}
#: How many files' last bytes are kept.
_LAST_READ_MAX = 4


def _inside(folder: Path, name: object, what: str) -> Path:
    """``folder / name`` for a path from ``datapackage.json``; damaged if it leaves ``folder``."""
    try:
        return confine(folder, name)
    except UnsafeFileError as error:
        raise damaged(folder / "datapackage.json", f"gives the {what} {error}") from None


@lru_cache(maxsize=1)
def published_tables() -> tuple[str, ...]:
    """The tables this version of the package publishes (from its own ``datapackage.json``).

    >>> "events" in published_tables()
    True
    """
    for folder in (_PACKAGE / "data", _PACKAGE.parent):
        if (folder / "datapackage.json").is_file():
            return tuple(table_names(folder))
    return ()


def tables() -> list[str]:
    """Names of the published tables, in dependency order.

    >>> tables()[0]
    'sources'
    """
    return table_names(data_dir())


def load(
    name: str,
    version: str | None = None,
    backend: str = "pandas",
    columns: list[str] | None = None,
    filters: Any = None,
) -> Any:
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

    ``columns`` reads only those columns, and ``filters`` only the rows that pass
    them, both pushed down to the Parquet reader (``pyarrow.parquet.read_table``:
    whole row groups are skipped by their statistics), so the result equals
    loading the table and then filtering it. ``filters`` takes pyarrow's forms: a
    list of ``(column, op, value)`` tuples, all true (ops ``==``, ``!=``, ``<``,
    ``<=``, ``>``, ``>=``, ``in``, ``not in``), a list of such lists (any of them
    true), or a ``pyarrow.compute`` expression; a date may be given as
    ``"YYYY-MM-DD"``.

    >>> attacks = load("events", columns=["event_id", "date_start"],
    ...                filters=[("event_type", "==", "attack"), ("date_start", ">=", "2020-01-01")])
    >>> list(attacks.columns), len(attacks) > 0
    (['event_id', 'date_start'], True)
    """
    return read_table(_folder(version), name, backend=backend, columns=columns, filters=filters)


def _folder(version: str | None) -> Path:
    from mali_conflict_data import __version__

    if version is None or version == __version__:
        return data_dir()
    from mali_conflict_data.download import download

    return download(version)


def resource(folder: Path, name: str, descriptor: dict | None = None) -> dict:
    """The ``datapackage.json`` entry of table ``name`` in ``folder``; a clear error if unknown."""
    descriptor = descriptor if descriptor is not None else _descriptor(Path(folder))
    resources = {r["name"]: r for r in descriptor["resources"]}
    if name not in resources:
        raise ValueError(f"Unknown table {name!r}; choose one of: {', '.join(resources)}")
    return resources[name]


def read_table(
    folder: Path,
    name: str,
    backend: str = "pandas",
    descriptor: dict | None = None,
    columns: list[str] | None = None,
    filters: Any = None,
) -> Any:
    """Read one table from a folder holding a ``datapackage.json`` (a build or a release).

    The Parquet file and its Table Schema must lie inside ``folder``, be regular
    files and match the size and SHA-256 that ``datapackage.json`` records for them
    (each version of a file is hashed once per process); anything else is a
    :class:`~mali_conflict_data.DamagedDataError`. ``descriptor`` is the parsed
    ``datapackage.json`` to use (so that :func:`read_all` reads one build).
    ``columns`` and ``filters`` are those of :func:`load`: the verified file is
    decoded only for those columns and the row groups and rows the filters keep.
    """
    if backend not in BACKENDS:
        raise ValueError(f"Unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    folder = Path(folder)
    descriptor = descriptor if descriptor is not None else _descriptor(folder)
    entry = resource(folder, name, descriptor)
    parquet = _inside(folder, entry["path"], "path")
    size, digest = recorded(entry)
    data = _verified(folder, parquet, size, digest)
    fields = verified_fields(folder, entry)
    selected = fields
    if columns is not None:
        columns = _known_columns(name, fields, columns)
        selected = [f for f in fields if f["name"] in columns]
    filters = _filters(name, fields, filters)
    try:
        if backend == "polars" and filters is None:
            return _polars_native(parquet, data, columns, selected, digest.lower())
        table = _read_parquet(parquet, data, columns, filters)
        _check_columns(parquet, table, selected)
        table = _with_vocabularies(table, selected, parquet)
        about = _about(folder, entry, descriptor)
        if backend == "pyarrow":
            metadata = dict(table.schema.metadata or {})
            metadata.pop(b"pandas", None)
            metadata.update({k.encode(): str(v).encode() for k, v in about.items()})
            return table.replace_schema_metadata(metadata)
        if backend == "polars":
            return _to_polars(table, selected)
        # List cells become Python lists straight from Arrow, not numpy arrays then lists.
        lists = [
            f["name"] for f in selected if "arrayItem" in f and f["name"] in table.column_names
        ]
        frame = table.drop_columns(lists).to_pandas(date_as_object=False)
        with collection_paused():  # across all list columns: see python_lists
            for name in lists:  # each put back where it was, so the columns keep their order
                frame.insert(
                    table.column_names.index(name),
                    name,
                    list_series(table.column(name), frame.index),
                )
        frame.attrs.update(about)
        return frame
    except (MaliConflictDataError, ImportError, FilterError):
        raise
    except Exception as error:  # pyarrow, pandas or polars refusing the file's contents
        raise damaged(
            parquet, f"cannot be read as its Table Schema says ({_short(error)})"
        ) from None


def verified_fields(folder: Path, entry: dict) -> list[dict]:
    """The fields of the Table Schema of resource ``entry``, verified before they are used.

    The schema must match the size and SHA-256 its ``datapackage.json`` records
    (``schema_bytes``, ``schema_sha256``), or, in a release :func:`download` unpacked
    in this process, those its archive holds. A descriptor recording neither is a
    :class:`~mali_conflict_data.DamagedDataError` saying what to do.
    """
    schema_path = _inside(folder, entry["schema"], "schema")
    if "schema_sha256" in entry:
        size, digest = entry.get("schema_bytes"), entry.get("schema_sha256")
    else:
        archive = vouched(folder)
        if entry["schema"] not in archive:
            raise DamagedDataError(
                f"{folder / 'datapackage.json'} records no checksum (schema_bytes, "
                f"schema_sha256) for {entry['schema']}, the Table Schema of table "
                f"{entry['name']!r}, so it cannot be verified before use (a descriptor "
                "written before 0.2.0 records none). Rebuild the folder with "
                "`mali-conflict-data build`, or load the release by its version (load(NAME, "
                'version=...) or download("0.1.0")), which verifies it against its archive.'
            )
        size, digest = archive[entry["schema"]]
    if (
        isinstance(digest, str)
        and digest.lower() in _SCHEMAS
        and known_version(schema_path, size, digest, MAX_JSON_BYTES)
    ):  # the same version as verified and read before: its fields are known
        return _schema_fields(schema_path, b"", digest.lower())
    data = _verified(folder, schema_path, size, digest, MAX_JSON_BYTES)
    return _schema_fields(schema_path, data, digest.lower())


#: Each Table Schema parsed so far (the document, and its fields once checked), by the
#: SHA-256 of its bytes.
_SCHEMAS: dict[str, tuple[object, list[dict] | None]] = {}


def _schema_fields(path: Path, data: bytes, digest: str) -> list[dict]:
    """The fields of the Table Schema in ``data``, checked as :func:`_fields` checks them.

    ``data`` are the verified bytes of ``path``, of SHA-256 ``digest``: they are parsed
    once per process per digest (the profile's verdict is kept by digest too).
    """
    from mali_conflict_data._profiles import problem as profile_problem

    schema, fields = _SCHEMAS.get(digest, (None, None))
    if schema is None:
        try:
            schema = json.loads(data.decode("utf-8"))
        except RecursionError:
            raise damaged(path, "cannot be read as JSON (it is nested too deeply)") from None
        except ValueError as error:
            raise damaged(path, f"cannot be read as JSON ({_short(error)})") from None
    problem = profile_problem("tableschema", schema, digest)  # once per process per digest
    if problem:
        raise damaged(path, f"does not follow the {PROFILES['tableschema']} profile {problem}")
    if fields is None:
        fields = _checked_fields(path, schema)
        _SCHEMAS[digest] = (schema, fields)
    return fields


def _verified(
    folder: Path, path: Path, size: object, digest: object, cap: int | None = None
) -> bytes:
    """The bytes of ``path``, refused unless they match its recorded size and SHA-256."""
    try:
        return read_verified(path, size, digest, cap)
    except FileNotFoundError:
        problem = "is missing"
    except UnsafeFileError as error:
        problem = error.reason
    except OSError as error:
        problem = f"cannot be read ({error.strerror or error})"
    if (folder / JOURNAL).exists() or _being_built(folder):
        problem += " (the folder is being rebuilt: try again when the build has finished)"
    raise damaged(path, problem)


def _being_built(folder: Path) -> bool:
    """Whether a build holds the lock of ``folder`` right now."""
    path = build_lock(folder)
    if not path.is_file():
        return False
    try:
        from filelock import FileLock, Timeout
    except ImportError:
        return False
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False


def _check_columns(path: Path, table: pa.Table, fields: list[dict]) -> None:
    """The file holds the columns its Table Schema lists, in order, each of a fitting type."""
    import pyarrow as pa

    names = [field["name"] for field in fields]
    if table.schema.names != names:
        raise damaged(
            path,
            f"holds the columns {_short(table.schema.names)}, not those its Table Schema "
            f"lists ({_short(names)})",
        )
    fits = {
        "string": lambda t: (
            pa.types.is_string(t)
            or pa.types.is_large_string(t)
            or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type))
        ),
        "date": pa.types.is_date,
        "integer": pa.types.is_integer,
        "number": lambda t: pa.types.is_floating(t) or pa.types.is_integer(t),
        "boolean": pa.types.is_boolean,
        "any": lambda t: pa.types.is_list(t) or pa.types.is_large_list(t),
    }
    for field in fields:
        arrow_type = table.schema.field(field["name"]).type
        test = fits.get(field.get("type", "string"))
        if test is None or not test(arrow_type):
            raise damaged(
                path,
                f"holds column {field['name']!r} as {arrow_type}, where its Table Schema says "
                f"{field.get('type')!r}",
            )


def _known_columns(name: str, fields: list[dict], columns) -> list[str]:
    """``columns`` as a list of column names of table ``name``; a clear error otherwise."""
    names = [f["name"] for f in fields]
    chosen = [columns] if isinstance(columns, str) else list(columns)
    unknown = [c for c in chosen if c not in names]
    if unknown:
        raise ValueError(
            f"Table {name!r} has no column {', '.join(map(repr, unknown))}; its columns are: "
            + ", ".join(names)
        )
    return [c for c in names if c in chosen]  # in the table's order, each once


def _filters(name: str, fields: list[dict], filters: Any) -> Any:
    """Filters for pyarrow, every column checked and ``"YYYY-MM-DD"`` strings as dates."""
    if filters is None or not isinstance(filters, (list, tuple)):
        return filters  # None, or a pyarrow.compute expression
    if not filters:
        return None
    groups = [filters] if isinstance(filters[0], tuple) else list(filters)
    kinds = {f["name"]: f["type"] for f in fields}
    checked = []
    for group in groups:
        terms = []
        for term in group:
            if not (isinstance(term, (tuple, list)) and len(term) == 3):
                raise FilterError(
                    f"Filter {term!r} is not (column, op, value); e.g. "
                    "('event_type', '==', 'attack')"
                )
            column, op, value = term
            if column not in kinds:
                raise FilterError(
                    f"Filter on {column!r}: table {name!r} has no such column; its columns "
                    "are: " + ", ".join(kinds)
                )
            if kinds[column] == "date":
                value = _as_date(column, value)
            terms.append((column, op, value))
        checked.append(terms)
    return checked


def _as_date(column: str, value: Any) -> Any:
    """A filter's value on a date column as a day, read as ``deployments_on`` reads one."""
    from mali_conflict_data._dates import day

    if isinstance(value, (list, tuple, set)):
        return [_as_date(column, v) for v in value]
    if value is None:
        return value
    return day(value, f"Filter on {column!r}", FilterError)


class FilterError(ValueError):
    """Filters given to :func:`load` that do not fit the table (raised as they are)."""


def _read_parquet(
    path: Path, data: bytes, columns: list[str] | None = None, filters: Any = None
) -> pa.Table:
    """The table in ``data`` (verified bytes of ``path``): ``columns``, rows ``filters`` keep."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if filters is None:
        try:  # the file's own reader: the same table as read_table's, without a dataset
            table = pq.ParquetFile(pa.BufferReader(data)).read(columns=columns)
            names = table.schema.names
            if len(set(names)) == len(names):  # a name held twice: read_table refuses it
                return table
        except Exception:  # noqa: BLE001 - read again below, to refuse it in read_table's words
            pass
    try:
        return pq.read_table(pa.BufferReader(data), columns=columns, filters=filters)
    except FileNotFoundError:
        raise damaged(path, "is missing") from None
    except (pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
        if filters is None:
            raise damaged(path, f"is not a readable Parquet file ({_short(error)})") from None
        raise FilterError(f"The filters do not fit the column types ({error})") from None
    except (OSError, pa.ArrowException) as error:
        raise damaged(path, f"is not a readable Parquet file ({_short(error)})") from None


def _about(folder: Path, entry: dict, descriptor: dict | None = None) -> dict[str, str]:
    descriptor = descriptor if descriptor is not None else _descriptor(folder)
    licences = descriptor.get("licenses") or [{}]
    return {
        "table": entry["name"],
        "description": str(entry.get("description", "")),
        "licence": str(licences[0].get("name", "")),
        "version": descriptor.get("version", ""),
        "source": str(folder),
    }


def _with_vocabularies(table: pa.Table, fields: list[dict], path: Path) -> pa.Table:
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
        kind = pa.dictionary(pa.int8(), pa.string())
        chunks = []
        for chunk in column.chunks:
            if chunk.type == kind and chunk.dictionary.equals(values):  # as build writes it
                chunks.append(chunk)
                continue
            plain = chunk.cast(pa.string())
            positions = pc.index_in(plain, value_set=values)
            if positions.null_count != plain.null_count:
                unknown = sorted(set(plain.filter(pc.is_null(positions)).drop_null().to_pylist()))
                raise damaged(
                    path,
                    f"holds {unknown} in column {field['name']!r}, outside its vocabulary "
                    f"({', '.join(vocabulary)}): it does not match its Table Schema",
                )
            chunks.append(pa.DictionaryArray.from_arrays(positions.cast(pa.int8()), values))
        old = table.schema.field(index)
        table = table.set_column(
            index,
            pa.field(old.name, kind, old.nullable, old.metadata),
            pa.chunked_array(chunks, type=kind),
        )
    return table


def _polars_native(
    path: Path,
    data: bytes,
    columns: list[str] | None,
    fields: list[dict],
    digest: str | None = None,
):
    """The verified bytes read by polars' own Parquet reader, checked as the Arrow path is.

    The column names and types are checked on the file's schema (once per process
    for the bytes of SHA-256 ``digest`` and the same fields); each vocabulary
    column becomes an ``Enum`` of its full vocabulary, and a value outside it is
    refused with the message :func:`_with_vocabularies` gives. In a large file whose
    dictionaries are the vocabularies (as ``build`` writes them), the vocabulary
    columns are read by pyarrow and their codes become the ``Enum`` as they are
    (polars would decode each value, then look it up again in the vocabulary).

    A file whose vocabulary columns carry polars' own ``Enum`` marker of their
    vocabulary (as ``build`` writes it, :func:`~mali_conflict_data._types.polars_enum_marker`)
    is read by polars as those ``Enum`` directly, once its values were found inside
    the vocabularies by a checking route for the same bytes (polars itself would
    read a value outside as missing). Any other polars marker is never given to
    polars: such a file is read through pyarrow, without it.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        import polars as pl
    except ImportError:
        raise MissingExtraError("polars", "polars") from None
    vocabularies, kinds = _of_fields(fields)
    key = None
    if digest is not None:
        chosen = None if columns is None else tuple(columns)  # None reads every column
        key = (digest, chosen, kinds)
    known = _SCHEMAS_FIT.get(key) if key is not None else None
    if known is None:
        try:
            schema = pq.read_schema(pa.BufferReader(data))
        except (OSError, pa.ArrowException) as error:
            raise damaged(path, f"is not a readable Parquet file ({_short(error)})") from None
        if columns is not None:
            schema = pa.schema([schema.field(c) for c in columns if c in schema.names])
        _check_columns(path, _Schema(schema), fields)
        known = (
            pq.read_metadata(pa.BufferReader(data)).num_rows,
            _polars_marks(schema, vocabularies),
        )
        if key is not None:
            _SCHEMAS_FIT[key] = known
    rows, marks = known
    if marks is None:  # markers polars would read as something else than the vocabularies
        return _polars_from_arrow(path, data, columns, fields)
    proven = {(digest, name, tuple(vocabulary)) for name, vocabulary in vocabularies.items()}
    if marks and digest is not None and proven <= _VALUES_FIT:
        frame = pl.read_parquet(data, columns=columns)
        if key in _READ_AS_ENUMS or all(
            frame.schema[n] == _enum_type(tuple(v)) for n, v in vocabularies.items()
        ):  # the Enum polars read from the marker (as it read these bytes before), checked
            _READ_AS_ENUMS.add(key)
            return frame
    if marks:  # polars would read a value outside the vocabulary as missing: check it
        frame = None
        if len(vocabularies) < len(fields):
            frame = _polars_with_codes(data, fields, vocabularies)
        if frame is None:
            frame = _polars_from_arrow(path, data, columns, fields)
        if digest is not None:
            _VALUES_FIT.update(proven)
        return frame
    if len(vocabularies) < len(fields) and rows >= _CODES_FROM_ROWS:
        frame = _polars_with_codes(data, fields, vocabularies)
        if frame is not None:
            return frame
    frame = pl.read_parquet(data, columns=columns)
    for name, vocabulary in vocabularies.items():  # in place: no query for polars to plan
        index = frame.get_column_index(name)
        frame.replace_column(index, _enum(path, frame.to_series(index), vocabulary))
    return frame


def _of_fields(fields: list[dict]) -> tuple[dict[str, list[str]], tuple]:
    """The vocabularies of ``fields`` by column, and their (name, type) pairs.

    Worked out once per list of fields (a Table Schema's, kept by digest, is the same
    list on every read): the list is kept beside them, so its ``id`` names no other.
    """
    known = _FIELDS_OF.get(id(fields))
    if known is not None and known[0] is fields:
        return known[1], known[2]
    vocabularies = {
        f["name"]: f["constraints"]["enum"] for f in fields if "enum" in f.get("constraints", {})
    }
    kinds = tuple((f["name"], f.get("type", "string")) for f in fields)
    if len(_FIELDS_OF) >= _FIELDS_OF_MAX:
        del _FIELDS_OF[next(iter(_FIELDS_OF))]
    _FIELDS_OF[id(fields)] = fields, vocabularies, kinds
    return vocabularies, kinds


#: What :func:`_of_fields` worked out, by the ``id`` of the list of fields (kept with it).
_FIELDS_OF: dict[int, tuple[list[dict], dict, tuple]] = {}
#: How many lists of fields :func:`_of_fields` remembers.
_FIELDS_OF_MAX = 64
#: Rows from which reading the vocabulary columns' codes with pyarrow beats polars' decoding.
_CODES_FROM_ROWS = 50_000
#: The number of rows of each Parquet file (by SHA-256) whose schema, read for the given
#: columns (None: all), fits the given fields (names and types), as :func:`_check_columns`
#: found it, and what :func:`_polars_marks` says of its polars markers.
_SCHEMAS_FIT: dict[tuple, tuple[int, bool | None]] = {}
#: (SHA-256 of a Parquet file, column, vocabulary) for each vocabulary column whose values
#: a checking route found inside its vocabulary.
_VALUES_FIT: set[tuple[str, str, tuple[str, ...]]] = set()
#: The keys of :data:`_SCHEMAS_FIT` whose bytes polars read with every vocabulary column
#: as the ``Enum`` of its vocabulary (polars reads the same bytes the same way each time).
_READ_AS_ENUMS: set[tuple] = set()


def _polars_marks(schema: pa.Schema, vocabularies: dict[str, list[str]]) -> bool | None:
    """Whether the fields of ``schema`` carry polars' markers, as ``build`` writes them.

    True when each vocabulary column carries the ``Enum`` marker of its vocabulary
    and no other field a polars marker; False when no field carries any; None for
    anything else (a marker polars would read as another ``Enum``, a ``Categorical``,
    or fail on).
    """
    from mali_conflict_data._types import POLARS_ENUM_KEY, POLARS_KEYS, polars_enum_marker

    found = {}
    for field in schema:
        marks = {k: v for k, v in (field.metadata or {}).items() if k in POLARS_KEYS}
        if marks:
            found[field.name] = marks
    if not found:
        return False
    expected = {
        name: {POLARS_ENUM_KEY.encode(): polars_enum_marker(vocabulary).encode()}
        for name, vocabulary in vocabularies.items()
        if name in schema.names
    }
    return True if found == expected else None


def _polars_from_arrow(path: Path, data: bytes, columns: list[str] | None, fields: list[dict]):
    """The table read and checked by pyarrow, its vocabularies re-encoded, then polars'.

    The fields' metadata is left behind, so polars never reads a marker of its own.
    """
    import pyarrow as pa

    table = _read_parquet(path, data, columns)
    _check_columns(path, table, fields)
    table = _with_vocabularies(table, fields, path)
    plain = pa.schema([field.remove_metadata() for field in table.schema])
    return _to_polars(pa.Table.from_arrays(table.columns, schema=plain), fields)


def _polars_with_codes(data: bytes, fields: list[dict], vocabularies: dict):
    """The table read by polars, but for its vocabulary columns: their codes, as the ``Enum``.

    The vocabulary columns are read by pyarrow; where their Parquet dictionaries are
    their vocabularies, their codes are the ``Enum``'s. None when a dictionary differs
    from its vocabulary (or anything else is unexpected), for the plain route to read
    and check the file.
    """
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    names = [f["name"] for f in fields]
    try:
        coded = pq.ParquetFile(pa.BufferReader(data)).read(columns=list(vocabularies))
        enums = {}
        for name, vocabulary in vocabularies.items():
            values = pa.array(vocabulary, pa.string())
            column = coded.column(name)
            if not all(
                pa.types.is_dictionary(chunk.type) and chunk.dictionary.equals(values)
                for chunk in column.chunks
            ):
                return None
            kind = _enum_type(tuple(vocabulary))
            physical = _physical_type(kind)
            indices = pa.chunked_array(
                [chunk.indices for chunk in column.chunks], column.type.index_type
            )
            top = pc.max(indices).as_py() if len(indices) else None
            if top is not None and top >= len(vocabulary):
                return None
            codes = pl.from_arrow(indices)
            enums[name] = codes.cast(physical).cat.to(kind).alias(name)
        plain = [name for name in names if name not in vocabularies]
        frame = pl.read_parquet(data, columns=plain)
        for index, name in enumerate(names):  # each put back where it was, in place
            if name in enums:
                frame.insert_column(index, enums[name])
        return frame
    except Exception:  # noqa: BLE001 - the plain route reads the file again and says why not
        return None


def _enum(path: Path, column, vocabulary: list[str]):
    """``column`` (text or categorical) as an ``Enum`` of ``vocabulary``.

    A value outside it is refused in the words of :func:`_with_vocabularies`.
    """
    import polars as pl

    kind = _enum_type(tuple(vocabulary))
    cast = _enum_of_categories(column, vocabulary, kind)
    if cast is None:
        cast = column.cast(kind, strict=False)
    if cast.null_count() != column.null_count():
        plain = column.cast(pl.String)
        unknown = sorted(set(plain.filter(cast.is_null() & plain.is_not_null()).to_list()))
        raise damaged(
            path,
            f"holds {unknown} in column {column.name!r}, outside its vocabulary "
            f"({', '.join(vocabulary)}): it does not match its Table Schema",
        )
    return cast


@lru_cache(maxsize=256)
def _enum_type(vocabulary: tuple[str, ...]):
    """The polars ``Enum`` of ``vocabulary`` (made once per vocabulary)."""
    import polars as pl

    return pl.Enum(list(vocabulary))


@lru_cache(maxsize=256)
def _physical_type(kind):
    """The integer type that holds the codes of the polars ``Enum`` ``kind``."""
    import polars as pl

    return pl.Series([], dtype=kind).to_physical().dtype


#: Most category numbers looked up through a table by :func:`_enum_of_categories`.
_MAX_CATEGORY_NUMBER = 2**16
#: Rows from which :func:`_enum_of_categories` beats ``cast`` (below, its few steps cost more).
_CATEGORIES_FROM_ROWS = 50_000


def _enum_of_categories(column, vocabulary: list[str], kind):
    """A ``Categorical`` column as the ``Enum`` ``kind``, by its category numbers.

    polars' ``cast`` looks each value up by its text; here each category number of
    the column's ``Categories`` is mapped once to its place in ``vocabulary`` (a value
    outside it becomes null, as ``cast(..., strict=False)`` makes it). None where
    this cannot be done (another dtype, polars without ``Categories``, a numbering
    too large), for ``cast`` to do it.
    """
    import polars as pl

    categories = getattr(column.dtype, "categories", None)
    if not isinstance(column.dtype, pl.Categorical) or not isinstance(
        categories, getattr(pl, "Categories", ())
    ):
        return None
    if len(column) < _CATEGORIES_FROM_ROWS:
        return None
    try:
        numbers = column.to_physical()
        top = numbers.max()
        if top is None or top >= _MAX_CATEGORY_NUMBER:
            return None
        places: list[int | None] = [None] * (top + 1)
        for place, value in enumerate(vocabulary):
            number = categories[value] if value in categories else None
            if number is not None and number <= top:
                places[number] = place
        codes = pl.Series(places, dtype=_physical_type(kind)).gather(numbers)
        return codes.cat.to(kind).alias(column.name)
    except Exception:  # noqa: BLE001 - an API of polars that changed: cast instead
        return None


class _Schema:
    """A schema standing in for a table where only ``.schema`` is read."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema


def _to_polars(table: pa.Table, fields: list[dict]):
    try:
        import polars as pl
    except ImportError:
        raise MissingExtraError("polars", "polars") from None
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
    folder = Path(folder)
    entry = resource(folder, name)
    path = _inside(folder, entry["schema"], "schema")
    key = _read_json(path).get("primaryKey") if isinstance(_read_json(path), dict) else None
    if isinstance(key, str):
        key = [key]
    if not isinstance(key, list) or not key or not all(isinstance(k, str) for k in key):
        raise damaged(path, "has no primaryKey (a list of column names)")
    names = {field["name"] for field in _fields(folder, entry["schema"])}
    unknown = [k for k in key if k not in names]
    if unknown:
        raise damaged(path, f"has a primaryKey naming no field ({', '.join(unknown)})")
    return key


def table_names(folder: Path) -> list[str]:
    """Names of the tables described by the ``datapackage.json`` in ``folder``."""
    return [resource["name"] for resource in _descriptor(Path(folder))["resources"]]


def _fields(folder: Path, schema_path: str) -> list[dict]:
    path = _inside(folder, schema_path, "schema")
    return _checked_fields(path, _read_json(path, profile="tableschema"))


def _checked_fields(path: Path, schema: object) -> list[dict]:
    """The fields of ``schema`` (the Table Schema read from ``path``), if well formed."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise damaged(path, "is not a Table Schema (it has no fields)")
    for number, field in enumerate(schema["fields"], 1):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise damaged(path, f"is not a Table Schema (field {number} has no name)")
        constraints = field.get("constraints", {})
        enum = constraints.get("enum") if isinstance(constraints, dict) else None
        if not isinstance(constraints, dict) or not (
            enum is None or (isinstance(enum, list) and all(isinstance(v, str) for v in enum))
        ):
            raise damaged(
                path, f"is not a Table Schema (field {field['name']!r} has malformed constraints)"
            )
    return schema["fields"]


def load_all(version: str | None = None, backend: str = "pandas") -> dict[str, Any]:
    """Load every table, by name (of this package's release, or of ``version``).

    >>> frames = load_all()
    >>> "events" in frames
    True
    """
    return read_all(_folder(version), backend=backend)


def read_all(folder: Path, backend: str = "pandas", complete: bool = False) -> dict[str, Any]:
    """Read every table described by the ``datapackage.json`` in ``folder``, by name.

    One descriptor is read for all tables, and each file is checked against it, so
    the tables come from one build (a build replacing them meanwhile is an error
    saying so, never a mix). ``complete=True`` also requires every table this
    version of the package publishes (what the command line and the report need).
    """
    folder = Path(folder)
    descriptor = _descriptor(folder)
    if complete:
        described = {entry["name"] for entry in descriptor["resources"]}
        missing = [name for name in published_tables() if name not in described]
        if missing:
            raise damaged(
                folder / "datapackage.json",
                f"does not describe the tables {', '.join(missing)}, which this version of "
                "the package publishes",
            )
    return {
        entry["name"]: read_table(folder, entry["name"], backend=backend, descriptor=descriptor)
        for entry in descriptor["resources"]
    }
