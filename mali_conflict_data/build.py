"""Build the release from ``raw/``: Parquet tables, Table Schemas, datapackage.json, codebook.

Every file written here is generated from the pandera schemas in
:mod:`mali_conflict_data.schema` (and, for the derived ``event_summary``,
:mod:`mali_conflict_data.summary`; for the period tables,
:mod:`mali_conflict_data.periods`) and the validated raw tables; none is edited
by hand. :func:`build` is atomic (nothing changes unless validation passes and every
file was written) and deterministic (the same ``raw/`` and tool versions give the
same bytes). :func:`check` tells whether the committed outputs are stale.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mali_conflict_data import __version__, _types
from mali_conflict_data._config import JOURNAL, PACKAGE_NAME, PROJECT_URL
from mali_conflict_data._errors import BuildError, BuildLockError
from mali_conflict_data._figures import VAGUE
from mali_conflict_data._hashing import sha256
from mali_conflict_data._memory import release
from mali_conflict_data.croissant import croissant
from mali_conflict_data.dyads import derive_dyads_arrow
from mali_conflict_data.metadata import CONTRIBUTORS, DATA_LICENSE, DESCRIPTION, KEYWORDS, TITLE
from mali_conflict_data.model import (
    ACLED_SOURCE,
    EVENT_TYPE_MAPPING,
    KINDS,
    PUBLISHED,
    UCDP_SOURCE,
)
from mali_conflict_data.periods import derive_periods
from mali_conflict_data.summary import derive_arrow
from mali_conflict_data.validate import Validation, validate_raw

# --- generated descriptions ------------------------------------------------


def table_schema(name: str) -> dict:
    """The Frictionless Table Schema of one table, generated from the model."""
    table = PUBLISHED[name]
    fields = []
    for column_name, column in table.columns.items():
        field = {
            "name": column_name,
            "type": KINDS[column.kind][0],
            "description": column.description,
        }
        if column.kind == "list":
            # Frictionless's Parquet reader yields list cells as arrays its "array" type
            # rejects, so the Table Schema says "any"; the Parquet type is list<string>.
            field["description"] += " A list of strings (Parquet list<string>)."
            field["arrayItem"] = {"type": "string"}
        constraints = {}
        if column.required and column.kind != "list":
            constraints["required"] = True
        if column.unique:
            constraints["unique"] = True
        if column.vocabulary:
            constraints["enum"] = list(column.vocabulary)
        if column.pattern:
            constraints["pattern"] = column.pattern.lstrip("^").rstrip("$")
        if column.minimum is not None:
            constraints["minimum"] = column.minimum
        if column.maximum is not None:
            constraints["maximum"] = column.maximum
        if column.max_length:
            constraints["maxLength"] = column.max_length
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    foreign_keys = []
    for fk in table.foreign_keys:
        # Data Package v2: fields are arrays; a reference to the table itself names no resource.
        reference = {} if fk.resource == name else {"resource": fk.resource}
        reference["fields"] = list(fk.reference_fields)
        foreign_keys.append({"fields": list(fk.fields), "reference": reference})
    descriptor = {"fields": fields, "primaryKey": list(table.primary_key)}
    if foreign_keys:
        descriptor["foreignKeys"] = foreign_keys
    return descriptor


def arrow_schema(name: str) -> pa.Schema:
    """The Parquet (Arrow) schema of one table, with each column's description as field metadata.

    Required columns (and list columns, which hold a list, possibly empty, in every
    row) are non-nullable. A vocabulary column also carries its full vocabulary as
    JSON in the field metadata (``vocabulary``), so readers keep the values no row
    uses yet, and polars' own marker of that ``Enum`` (:func:`_types.polars_enum_marker`).
    """
    table = PUBLISHED[name]
    fields = []
    for column_name, column in table.columns.items():
        metadata = {"description": column.description}
        if column.vocabulary:
            metadata["vocabulary"] = json.dumps(list(column.vocabulary))
            metadata[_types.POLARS_ENUM_KEY] = _types.polars_enum_marker(column.vocabulary)
        nullable = column.nullable and column.kind != "list"
        fields.append(
            pa.field(column_name, _types.arrow_type(column), nullable=nullable, metadata=metadata)
        )
    return pa.schema(fields, metadata={"table": name, "description": table.description})


#: The Croissant description written beside datapackage.json.
CROISSANT = "croissant.json"
#: The Data Package v2 profile every descriptor declares.
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def created(sources: pd.DataFrame) -> str:
    """The descriptor's ``created``: derived from the data, never the clock, so builds repeat.

    It is the latest day the newest source article may have been published: the
    data cannot be older, and the same coding gives the same bytes.

    >>> created(pd.DataFrame({"published_date_latest": pd.to_datetime(["2020-01-02"])}))
    '2020-01-02T00:00:00Z'
    """
    return pd.Timestamp(sources["published_date_latest"].max()).strftime("%Y-%m-%dT00:00:00Z")


def package_sources(sources: pd.DataFrame) -> list[dict]:
    """The descriptor's ``sources``: each article, its address and its text's SHA-256 as version."""
    return [
        {"title": row.title, "path": row.url, "version": row.text_sha256}
        for row in sources.itertuples()
    ]


def datapackage(stats: dict[str, dict], sources: pd.DataFrame) -> dict:
    """The datapackage.json descriptor (Data Package v2); ``stats`` gives each file's size and hash.

    Every resource carries the standard ``bytes`` and ``hash`` ("sha256:..."). Frictionless
    reads Parquet without counting them, so validate with ``skip_errors=["byte-count",
    "hash-count"]`` (the tests check the counts themselves). Each resource also records
    the size and SHA-256 of its Table Schema (``schema_bytes``, ``schema_sha256``):
    :func:`mali_conflict_data.load` checks the file and its schema before reading.
    """
    return {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "created": created(sources),
        "homepage": PROJECT_URL,
        "keywords": KEYWORDS,
        "contributors": CONTRIBUTORS,
        "licenses": [DATA_LICENSE],
        "sources": package_sources(sources),
        "resources": [
            {
                "name": name,
                "type": "table",
                "path": f"build/{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": PUBLISHED[name].description,
                "bytes": stats[name]["bytes"],
                "hash": stats[name]["hash"],
                "schema": f"schemas/{name}.json",
                "schema_bytes": stats[name]["schema_bytes"],
                "schema_sha256": stats[name]["schema_sha256"],
            }
            for name in PUBLISHED
        ],
    }


def codebook() -> str:
    """The codebook page (Markdown): every table and column, generated from the schemas."""
    lines = [
        "# Codebook",
        "",
        "Generated by `mali-conflict-data build` from the data model "
        "(`mali_conflict_data/model.py`); do not edit.",
        "See `docs/coding-guide.md` for how values are coded. In Python, "
        '`mali_conflict_data.describe("events")` gives the same table of columns.',
        "",
    ]
    for name, table in PUBLISHED.items():
        descriptor = table_schema(name)
        lines += [
            f"## `{name}`",
            "",
            table.description,
            "",
            f"Primary key: `{', '.join(descriptor['primaryKey'])}`.",
        ]
        for fk in descriptor.get("foreignKeys", []):
            target = fk["reference"].get("resource", name)
            columns, referenced = ", ".join(fk["fields"]), ", ".join(fk["reference"]["fields"])
            lines.append(f"`{columns}` refers to `{target}.{referenced}`.")
        lines += [
            "",
            "| column | type | required | description | allowed values |",
            "|---|---|---|---|---|",
        ]
        for field in descriptor["fields"]:
            constraints = field.get("constraints", {})
            allowed = ", ".join(f"`{v}`" for v in constraints.get("enum", []))
            if "pattern" in constraints:
                allowed = f"pattern `{constraints['pattern']}`"
            if "minimum" in constraints:
                allowed = (allowed + " " if allowed else "") + f">= {constraints['minimum']}"
            if "maximum" in constraints:
                allowed += f", <= {constraints['maximum']}"
            required = "yes" if constraints.get("required") else "no"
            description = field["description"].replace("|", "\\|")
            shown_type = KINDS[table.columns[field["name"]].kind][1]
            lines.append(
                f"| `{field['name']}` | {shown_type} | {required} | {description} | {allowed} |"
            )
        lines.append("")
    return "\n".join(lines + _mapping_section() + _vague_words_section())


def _mapping_section() -> list[str]:
    """The event-type mapping table (``model.EVENT_TYPE_MAPPING``) and its caveats."""
    lines = [
        "## Event types: categories, ACLED and UCDP",
        "",
        "Each `event_type` has a category and the nearest type of ACLED (`disorder_type`, "
        "`event_type`, `sub_event_type`) and of UCDP GED (`type_of_violence`: 1 state-based, "
        "2 non-state, 3 one-sided); `event_summary` carries them as columns. Every value is "
        "one of the codebooks' own, spelt as they spell it, or `no equivalent`; the "
        f"codebooks checked: {ACLED_SOURCE}; {UCDP_SOURCE}. Caveats: this is a mapping of "
        "types, not a re-coding by ACLED's or UCDP's rules. Both code single incidents "
        "(UCDP only those where someone was killed), where one row here may be a campaign "
        "(a rebellion, an intervention) or a range of dates; both decide by the sides "
        "involved, so each cell gives the reading that fits this dataset's rows of the type "
        "and the caveat the others; ACLED codes strategic developments only where it deems "
        "them significant; and most political developments (statements, appointments, "
        "mandates) are no event in either (`no equivalent`).",
        "",
        "| event_type | category | ACLED disorder_type | ACLED event_type "
        "| ACLED sub_event_type | UCDP type_of_violence | caveat |",
        "|---|---|---|---|---|---|---|",
    ]
    for event_type, row in EVENT_TYPE_MAPPING.items():
        cells = " | ".join(value.replace("|", "\\|") for value in row)
        lines.append(f"| `{event_type}` | {cells} |")
    return [*lines, ""]


def _vague_words_section() -> list[str]:
    """The bounds of vague words (``_figures.VAGUE``), with ACLED's and UCDP's practice."""
    lines = [
        "## Vague words: the bounds they give",
        "",
        "A figure in vague words (`qualifier` `vague`) takes the bounds of its words below; "
        "vague words not listed are coded `unknown` (no bounds). `high` is empty where the "
        "words give no upper bound. ACLED codes one number per event, the most conservative "
        'estimate, with "tens" as 10, "dozens" as 12 and "hundreds" as 100 "and so on" ("FAQs: '
        'ACLED Fatality Methodology", ACLED knowledge base, 2023, updated 2024; its section on '
        "unknown numbers was not consulted, so words it does not list are marked so): compare "
        "an ACLED figure with `low`. UCDP GED gives low, best and high per event; no constants "
        "for vague words were found in its codebook. These bounds are this dataset's own "
        "reading, and `best` "
        "stays empty for vague words (UCDP's best is a reported figure, and vague words report "
        "none).",
        "",
        "| words | low | high | why | ACLED |",
        "|---|---|---|---|---|",
    ]
    for word in VAGUE:
        high = "" if word.high is None else f"{word.high:,}"
        lines.append(f"| {word.words} | {word.low:,} | {high} | {word.reading} | {word.acled} |")
    return [*lines, ""]


# --- writing ---------------------------------------------------------------


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_parquet(frame: pd.DataFrame, name: str, path: Path) -> None:
    """Write one typed table as Parquet with its schema and field descriptions.

    Dates (``datetime64`` while validating) are written as the calendar days they are,
    with the same pandas metadata as ever, so an unchanged table gives the same bytes.
    """
    days = {
        column: pd.array(
            pa.array(frame[column]).cast(pa.date32(), safe=False),
            dtype=pd.ArrowDtype(pa.date32()),
        )  # in Arrow: no Python date per row
        for column, declared in PUBLISHED[name].columns.items()
        if declared.kind == "date" and pd.api.types.is_datetime64_any_dtype(frame[column])
    }
    if days:
        frame = frame.assign(**days)
    table = pa.Table.from_pandas(frame, schema=arrow_schema(name), preserve_index=False)
    table = _as_object_columns(table, frame)
    pq.write_table(table, path, compression="zstd", write_statistics=True)


def _as_object_columns(table: pa.Table, frame: pd.DataFrame) -> pa.Table:
    """``table`` whose pandas metadata records its Arrow-held columns as object columns.

    The build holds list and date columns as Arrow arrays (``pd.ArrowDtype``), where
    :func:`mali_conflict_data.summary.derive` gives Python lists and the build once gave
    Python dates (object columns): the metadata says ``object``, as it did then, so the
    bytes do not depend on how the build holds them.
    """
    held = {str(c) for c in frame.columns if isinstance(frame[c].dtype, pd.ArrowDtype)}
    metadata = table.schema.metadata or {}
    if not held or b"pandas" not in metadata:
        return table
    described = json.loads(metadata[b"pandas"])
    for column in described["columns"]:
        if column["name"] in held and column["pandas_type"] in ("date", "list[unicode]"):
            column["numpy_type"] = "object"
    return table.replace_schema_metadata({**metadata, b"pandas": json.dumps(described)})


def render(frames: dict[str, pd.DataFrame], out: Path) -> None:
    """Write every generated file for ``frames`` under ``out`` (a project-shaped folder).

    ``frames`` are the coded tables; the derived ``event_summary`` (and the period
    tables derived from it, and ``event_dyads``) are computed from them here, so they
    can never drift from them. Their Parquet types are enforced as they are written;
    their pandera schemas are not run here (they cost more than deriving them): the
    tests validate every derived table against its schema, from the real tables and
    from generated ones (``tests/test_derived_schemas.py``).
    """
    import gc

    paused = gc.isenabled()
    gc.disable()  # the derived tables are mostly lists of strings: no cycles to collect
    try:
        _render(frames, out)
    finally:
        if paused:
            gc.enable()


def _render(frames: dict[str, pd.DataFrame], out: Path) -> None:
    for folder in ("build", "schemas", "docs"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    frames = dict(frames)
    stats: dict[str, dict] = {}

    def write(name: str) -> None:
        path = out / "build" / f"{name}.parquet"
        write_parquet(frames[name], name, path)
        schema_path = out / "schemas" / f"{name}.json"
        _write_json(schema_path, table_schema(name))
        stats[name] = {
            "bytes": path.stat().st_size,
            "hash": f"sha256:{sha256(path)}",
            "schema_bytes": schema_path.stat().st_size,
            "schema_sha256": sha256(schema_path),
        }

    # Each derived table is written as soon as it is derived and then let go, so the
    # largest ones are never held at once (what each file holds does not depend on it).
    release()
    summary = frames["event_summary"] = derive_arrow(frames)
    release()
    periods = derive_periods(summary)
    frames.update(periods)
    for name in ("event_summary", *periods):
        write(name)
        frames[name] = None
    del summary, periods
    release()
    frames["event_dyads"] = derive_dyads_arrow(frames)
    write("event_dyads")
    frames["event_dyads"] = None
    release()
    for name in PUBLISHED:
        if name not in stats:
            write(name)
    descriptor = datapackage(stats, frames["sources"])
    _write_json(out / "datapackage.json", descriptor)
    schemas = {name: table_schema(name) for name in PUBLISHED}
    _write_json(out / CROISSANT, croissant(descriptor, schemas))
    (out / "docs" / "codebook.md").write_text(codebook(), encoding="utf-8")


def generated_files() -> list[str]:
    """Paths (relative to the project root) of every file :func:`build` writes."""
    files = ["datapackage.json", CROISSANT, "docs/codebook.md"]
    for name in PUBLISHED:
        files += [f"build/{name}.parquet", f"schemas/{name}.json"]
    return files


def build(root: str | os.PathLike = ".", sources: str | os.PathLike | None = None) -> Validation:
    """Validate ``root/raw`` and, only if it is valid, (re)write every generated file as one.

    Files are written to a staging folder inside ``root``, then moved into place
    (see :func:`_move_into_place`): a failure at any point puts every old file back,
    and a killed build leaves a journal that the next command reports and the next
    build repairs. Raises :class:`BuildError` when validation fails.

    >>> build(".", sources="../shared/sources")  # doctest: +SKIP
    """
    root = Path(root)
    validation = validate_raw(root / "raw", sources=sources)
    if not validation.ok:
        raise BuildError(validation)
    with _lock(root):
        for leftover in root.glob(".build-staging-*"):  # from a build that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=".build-staging-", dir=root))
        try:
            render(validation.frames(), staging / "new")
            _move_into_place(root, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return validation


#: Seconds a build waits for another build in the same folder to finish.
LOCK_TIMEOUT = 600.0


def _lock(root: Path):
    """The build lock of ``root`` (filelock): a second build waits for the first.

    The lock file lives in the temporary folder (one per project folder), so the
    project holds nothing extra; the operating system releases it when a build is
    killed. A build that cannot get it within :data:`LOCK_TIMEOUT` seconds stops
    with a one-line error.
    """
    import contextlib

    from filelock import FileLock, Timeout

    from mali_conflict_data._files import build_lock

    @contextlib.contextmanager
    def held():
        path = build_lock(root)
        lock = FileLock(str(path), timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
        except Timeout:
            raise BuildLockError(
                f"another build in {root} has held its lock ({path}) for {LOCK_TIMEOUT:g} s; "
                "wait for it to finish and build again"
            ) from None
        try:
            yield
        finally:
            lock.release()

    return held()


def _move_into_place(root: Path, staging: Path) -> None:
    """Replace every generated file by its new version in ``staging/new``, all or none.

    Each old file is first moved aside to ``staging/old``; if any step fails, the
    files already moved are put back and the error is raised. The journal file
    exists only while files are being moved, so a killed build is detectable.
    """
    journal = root / JOURNAL
    moved: list[tuple[str, bool]] = []
    try:
        # inside the protected block: a journal that cannot be written whole is removed
        journal.write_text("a build is moving files into place; run `mali-conflict-data build`\n")
        for relative in generated_files():
            target, old = root / relative, staging / "old" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            had_old = target.exists()
            if had_old:
                old.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, old)
            moved.append((relative, had_old))
            os.replace(staging / "new" / relative, target)
        journal.unlink()
    except BaseException:
        for relative, had_old in reversed(moved):
            if had_old:
                os.replace(staging / "old" / relative, root / relative)
            else:
                (root / relative).unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise


def interrupted(root: str | os.PathLike) -> bool:
    """Whether the last build in ``root`` was killed while moving files into place.

    >>> interrupted(".")
    False
    """
    return (Path(root) / JOURNAL).exists()


def check(root: str | os.PathLike = ".", sources: str | os.PathLike | None = None) -> list[str]:
    """What is stale in the committed outputs, as messages (empty when all is current).

    Parquet files are compared by content (schema, field metadata and values), so
    a change of writer version that only changes bytes is not reported as stale;
    the descriptor's ``bytes`` and ``hash`` must still match the committed files.
    """
    root = Path(root)
    validation = validate_raw(root / "raw", sources=sources)
    if not validation.ok:
        raise BuildError(validation)
    stale = []
    if interrupted(root):
        stale.append("the last build was interrupted; run `mali-conflict-data build`")
    with tempfile.TemporaryDirectory(prefix=".build-check-", dir=root) as tmp:
        fresh = Path(tmp)
        render(validation.frames(), fresh)
        for relative in generated_files():
            committed = root / relative
            if not committed.is_file():
                stale.append(f"{relative} is missing")
            elif relative.endswith(".parquet"):
                if not _same_table(committed, fresh / relative):
                    stale.append(f"{relative} differs from a fresh build of raw/")
            elif (
                relative not in ("datapackage.json", CROISSANT)
                and committed.read_bytes() != (fresh / relative).read_bytes()
            ):
                stale.append(f"{relative} differs from a fresh build")
        stale += _check_descriptor(root, fresh)
        stale += _check_croissant(root, fresh)
    return stale


def _same_table(a: Path, b: Path) -> bool:
    left, right = pq.read_table(a), pq.read_table(b)
    strip = {b"pandas"}
    left = left.replace_schema_metadata(
        {k: v for k, v in (left.schema.metadata or {}).items() if k not in strip}
    )
    right = right.replace_schema_metadata(
        {k: v for k, v in (right.schema.metadata or {}).items() if k not in strip}
    )
    return left.equals(right, check_metadata=True)


def _check_descriptor(root: Path, fresh: Path) -> list[str]:
    path = root / "datapackage.json"
    if not path.is_file():
        return []
    committed = json.loads(path.read_text(encoding="utf-8"))
    expected = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    problems = []
    for resource in committed.get("resources", []):
        file = root / resource["path"]
        if file.is_file() and (
            resource.get("bytes") != file.stat().st_size
            or resource.get("hash") != f"sha256:{sha256(file)}"
        ):
            problems.append(
                f"datapackage.json: size or SHA-256 of {resource['path']} do not match the file"
            )
    for descriptor in (committed, expected):
        for resource in descriptor.get("resources", []):
            resource.pop("bytes", None)
            resource.pop("hash", None)
    if committed != expected:
        problems.append("datapackage.json differs from a fresh build")
    return problems


def _check_croissant(root: Path, fresh: Path) -> list[str]:
    """What is stale in croissant.json (as messages).

    It must be what a fresh build writes, but for the sizes and hashes of the Parquet
    files, which must be those of the committed files (as in datapackage.json).
    """
    path = root / CROISSANT
    if not path.is_file():
        return []
    committed = json.loads(path.read_text(encoding="utf-8"))
    expected = json.loads((fresh / CROISSANT).read_text(encoding="utf-8"))
    problems = []
    for file in committed.get("distribution", []):
        target = root / str(file.get("contentUrl", ""))
        if target.is_file() and (
            file.get("sha256") != sha256(target)
            or file.get("contentSize") != f"{target.stat().st_size} B"
        ):
            problems.append(f"{CROISSANT}: size or SHA-256 of {file['contentUrl']} do not match")
    for document in (committed, expected):
        for file in document.get("distribution", []):
            file.pop("sha256", None)
            file.pop("contentSize", None)
    if committed != expected:
        problems.append(f"{CROISSANT} differs from a fresh build")
    return problems
