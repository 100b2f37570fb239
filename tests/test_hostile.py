"""Hostile inputs (issue 22): every rule proven by construction, not by one example.

Each rule is a product of what it applies to and what can go wrong:

1. every path-taking field (``sources.text_file``, a resource's ``path`` and ``schema``,
   an id that becomes a page) x every hostile path x every reader: refused, never followed;
2. every published file x every damage: refused by ``load`` against its recorded size and
   SHA-256 (and a cached release against its verified archive);
3. every file a reader opens x every kind of special file: named for what it is, never
   read, its content never echoed;
4. every malformed descriptor, Table Schema, Parquet file and hand-written record: one
   error type, one line, never "internal error";
5. writes people depend on: atomic, locked, never a mix of two builds;
6. every hostile address x validate and the report; every invisible character x cell
   hygiene; terminal output escaped; passwords masked;
7. the misleading or unbounded items.
"""

from __future__ import annotations

import csv
import errno
import importlib
import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from mali_conflict_data import cli
from mali_conflict_data._config import JOURNAL
from mali_conflict_data._errors import DamagedDataError, DownloadError
from mali_conflict_data._files import build_lock, confine, read_bytes
from mali_conflict_data._hashing import sha256
from mali_conflict_data.fetch_sources import fetch_sources
from mali_conflict_data.load import data_dir, read_all, read_table, table_names
from mali_conflict_data.validate import validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal"
TABLES = table_names(data_dir())
SECRET = "The rebels killed 9999 civilians"
download_module = importlib.import_module("mali_conflict_data.download")
files_module = importlib.import_module("mali_conflict_data._files")
load_module = importlib.import_module("mali_conflict_data.load")


@pytest.fixture(autouse=True)
def no_hang():
    """A reader that blocks (a FIFO, /dev/zero) fails the test instead of hanging it."""

    def expired(*_):
        raise TimeoutError("a reader blocked on a hostile input")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def copy(published_copy: Path) -> Path:
    """A copy of the published data (build/, schemas/, datapackage.json): conftest's."""
    return published_copy


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A copy of the small valid project with its own source texts."""
    shutil.copytree(MINIMAL / "raw", tmp_path / "project" / "raw")
    shutil.copytree(MINIMAL / "sources", tmp_path / "sources")
    return tmp_path / "project"


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text())


def _write_descriptor(folder: Path, descriptor) -> None:
    (folder / "datapackage.json").write_text(json.dumps(descriptor))


def _record(folder: Path, name: str) -> None:
    """Record the current size and SHA-256 of table ``name``'s files (as a tool would)."""
    descriptor = _descriptor(folder)
    for entry in descriptor["resources"]:
        if entry["name"] == name:
            path = folder / entry["path"]
            entry["bytes"], entry["hash"] = path.stat().st_size, f"sha256:{sha256(path)}"
            schema = folder / entry["schema"]
            entry["schema_bytes"], entry["schema_sha256"] = schema.stat().st_size, sha256(schema)
    _write_descriptor(folder, descriptor)


def _one_line_error(argv: list[str], capsys) -> str:
    """Run the CLI; it must exit 1 with one line starting 'error:' and no traceback."""
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "internal error" not in err and "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    return lines[0]


# --- 1. paths from data are confined ----------------------------------------------------


def _hostile_paths(folder: Path, outside: Path, relative_target: str) -> dict[str, object]:
    """Every way a path from data can leave its folder, each leading to ``outside``."""
    link = folder / "build" / "link-out"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(outside)
    depth = len(folder.relative_to(outside.parent).parts)
    return {
        "absolute": str(outside),
        "dot_dot": "../" * depth + outside.name,
        "dot_dot_inside": f"build/{'../' * (depth + 1)}{outside.name}",
        "symlink_out": "build/link-out",
        "backslash": f"build\\..\\..\\{outside.name}",
        "drive": f"C:/{outside.name}",
        "scheme": "javascript:alert(1)",
        "nul": f"build/{relative_target}\x00.txt",
        "dot": ".",
        "dot_slash": "./",
        "dot_dot_back": "a/..",
        "empty": "",
        "number": 3,
        "null": None,
        "list": ["build", relative_target],
    }


PATH_CASES = [
    "absolute",
    "dot_dot",
    "dot_dot_inside",
    "symlink_out",
    "backslash",
    "drive",
    "scheme",
    "nul",
    "dot",
    "dot_slash",
    "dot_dot_back",
    "empty",
    "number",
    "null",
    "list",
]
STRING_PATH_CASES = PATH_CASES[: PATH_CASES.index("empty") + 1]
DESCRIPTOR_READERS = ["load", "load_all", "info", "diff", "report", "csv_export"]


def _read_with(reader: str, folder: Path, table: str, tmp_path: Path, capsys) -> str:
    """Read ``folder`` with ``reader``; return the one-line error it gave."""
    if reader in ("load", "load_all", "csv_export"):
        with pytest.raises(DamagedDataError) as error:
            if reader == "load":
                read_table(folder, table)
            elif reader == "load_all":
                read_all(folder)
            else:
                from mali_conflict_data.export import write_csv_package

                write_csv_package(folder, tmp_path / "csv")
        return str(error.value)
    argv = {
        "info": ["info", "--root", str(folder)],
        "diff": ["diff", str(data_dir()), str(folder)],
        "report": ["report", "--build", str(folder), "--out", str(tmp_path / "site")],
    }[reader]
    return _one_line_error(argv, capsys)


@pytest.mark.parametrize("reader", DESCRIPTOR_READERS)
@pytest.mark.parametrize("key", ["path", "schema"])
@pytest.mark.parametrize("case", PATH_CASES)
def test_a_descriptor_path_never_leaves_its_folder(copy, tmp_path, capsys, reader, key, case):
    table = "events"
    entry = next(r for r in _descriptor(copy)["resources"] if r["name"] == table)
    # outside the folder: a file that would pass every other check (same bytes and hash)
    outside = tmp_path / ("outside" + Path(entry[key]).suffix)
    shutil.copy2(copy / entry[key], outside)
    value = _hostile_paths(copy, outside, Path(entry[key]).name)[case]
    descriptor = _descriptor(copy)
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            resource[key] = value
    _write_descriptor(copy, descriptor)
    message = _read_with(reader, copy, table, tmp_path, capsys)
    assert "datapackage.json" in message, message
    assert not (tmp_path / "site" / "index.html").exists()


def _set_text_file(project: Path, value: str) -> None:
    path = project / "raw" / "sources.csv"
    lines = path.read_text().split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("text_file")] = value
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines))


@pytest.mark.parametrize("reader", ["validate", "coverage", "fetch-sources"])
@pytest.mark.parametrize("case", STRING_PATH_CASES)
def test_a_source_text_path_never_leaves_the_sources_folder(
    minimal, tmp_path, capsys, reader, case
):
    sources = tmp_path / "sources"
    # a contributor's own "article", holding the quote, with the hash sources.csv records
    original = sources / "report-a.txt"
    outside = tmp_path / "planted.txt"
    shutil.copy2(original, outside)
    if case == "nul":
        pytest.skip("a CSV cell cannot hold NUL past cell hygiene; covered by invisible_character")
    value = _hostile_paths(sources, outside, "report-a.txt")[case]
    _set_text_file(minimal, value)
    if reader == "validate":
        result = validate_raw(minimal / "raw", sources=sources)
        found = {(p.file, p.column, p.rule) for p in result.problems}
        assert not result.ok
        if case == "empty":
            assert ("raw/sources.csv", "text_file", "required") in found, found
        else:
            assert ("raw/sources.csv", "text_file", "source_text") in found, found
    elif reader == "fetch-sources":
        # the texts are fetched into ``sources``: a path that is refused is never fetched
        # (the store's address is one nothing listens on, so nothing could be fetched anyway)
        store = "http://127.0.0.1:9/texts/"
        result = fetch_sources(minimal / "raw", sources, store)
        found = {(p.file, p.line, p.column, p.rule) for p in result.problems}
        assert ("raw/sources.csv", 2, "text_file", "text_file_unsafe") in found, found
        argv = ["fetch-sources", "--root", str(minimal), "--out", str(sources), "--from", store]
        code = cli.main(argv)
        err = capsys.readouterr().err
        assert code == 1 and "internal error" not in err and "Traceback" not in err, err
        assert "text_file" in err and "sources.csv:2" in err, err
    else:
        code = cli.main(["coverage", "--root", str(minimal), "--sources", str(sources)])
        err = capsys.readouterr().err
        assert code == 1 and "internal error" not in err and "Traceback" not in err, err
        assert "text_file" in err or "sources.csv" in err, err


@pytest.mark.parametrize("column", ["event_id", "source_id"])
@pytest.mark.parametrize("value", ["../../escaped", "/tmp/escaped-abs", "a/../../escaped"])
def test_an_id_never_names_a_page_outside_the_site(copy, tmp_path, capsys, column, value):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table_name = "events" if column == "event_id" else "sources"
    path = copy / "build" / f"{table_name}.parquet"
    table = pq.read_table(path)
    ids = table[column].to_pylist()
    ids[0] = value
    index = table.schema.get_field_index(column)
    table = table.set_column(index, table.schema.field(index), pa.array(ids, pa.string()))
    pq.write_table(table, path)
    _record(copy, table_name)
    out = tmp_path / "deep" / "er" / "site"
    code = cli.main(["report", "--build", str(copy), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "internal error" not in err, err
    assert "cannot be a page of the site" in err, err
    escaped = [p for p in tmp_path.rglob("escaped*")] + list(Path("/tmp").glob("escaped-abs*"))
    assert escaped == [], escaped


# --- 2. files verified when read ----------------------------------------------------------


def _flip_byte(path: Path, at: int = 256) -> None:
    data = bytearray(path.read_bytes())
    data[min(at, len(data) - 1)] ^= 0x01
    path.write_bytes(bytes(data))


DAMAGES = ["bit_flip", "swapped", "appended", "schema_edited"]


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("table", TABLES)
def test_load_refuses_a_file_that_differs_from_its_record(copy, table, damage):
    parquet, schema = copy / "build" / f"{table}.parquet", copy / "schemas" / f"{table}.json"
    if damage == "bit_flip":
        _flip_byte(parquet)
        target = parquet
    elif damage == "swapped":
        other = "event_summary" if table != "event_summary" else "events"
        shutil.copy2(copy / "build" / f"{other}.parquet", parquet)
        target = parquet
    elif damage == "appended":
        with parquet.open("ab") as handle:
            handle.write(b"\0")
        target = parquet
    else:
        text = json.loads(schema.read_text())
        text["fields"][0]["description"] = SECRET
        schema.write_text(json.dumps(text))
        target = schema
    with pytest.raises(DamagedDataError) as error:
        read_table(copy, table)
    assert str(target) in str(error.value), error.value


def test_duplicate_resource_names_are_refused(copy):
    descriptor = _descriptor(copy)
    descriptor["resources"].append(dict(descriptor["resources"][0]))
    _write_descriptor(copy, descriptor)
    with pytest.raises(DamagedDataError, match="appears more than once"):
        read_table(copy, descriptor["resources"][0]["name"])


def test_a_file_is_hashed_once_per_version(copy, monkeypatch):
    import hashlib
    import types

    hashed = []

    def counting(data=b""):
        hashed.append(len(data))
        return hashlib.sha256(data)

    monkeypatch.setattr(files_module, "hashlib", types.SimpleNamespace(sha256=counting))
    # the copy was written just now: count it as settled (a version is remembered only
    # SETTLE_NS after its last change; tests/test_load_cache.py checks that rule)
    monkeypatch.setattr(files_module, "SETTLE_NS", -(10**12))
    parquet = copy / "build" / "events.parquet"
    size = parquet.stat().st_size
    read_table(copy, "events")
    assert hashed.count(size) == 1
    read_table(copy, "events")
    assert hashed.count(size) == 1  # the same version: not hashed again
    os.utime(parquet, ns=(1, 1))  # a new version (another mtime) is hashed again
    read_table(copy, "events")
    assert hashed.count(size) == 2


@pytest.mark.parametrize("holder", ["journal", "lock"])
def test_a_reader_during_a_build_is_told_it_is_being_rebuilt(copy, holder):
    from filelock import FileLock

    shutil.copy2(copy / "build" / "casualties.parquet", copy / "build" / "events.parquet")
    if holder == "journal":
        (copy / JOURNAL).write_text("moving")
        with pytest.raises(DamagedDataError, match="interrupted"):
            read_all(copy)
        return
    with FileLock(str(build_lock(copy))):
        with pytest.raises(DamagedDataError, match="being rebuilt"):
            read_all(copy)


# --- 3. special files ----------------------------------------------------------------------

KINDS = {
    "fifo": "named pipe (FIFO)",
    "device": "character device",
    "folder": "a folder",
    "loop": "symbolic-link loop",
    "dangling": "symbolic link to nothing",
    "over_cap": "over the cap",
}


def _make_special(path: Path, kind: str, monkeypatch, cap_names: list[tuple]) -> None:
    """Replace ``path`` by a special file of ``kind`` (or make it exceed the cap)."""
    if kind == "over_cap":
        for module, name in cap_names:
            monkeypatch.setattr(module, name, 8)
        return
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        partner = path.with_name(path.name + ".loop")
        path.symlink_to(partner)
        partner.symlink_to(path)
    else:
        path.symlink_to(path.with_name("nothing-here"))


LOAD_FILES = ["parquet", "schema", "datapackage"]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("file", LOAD_FILES)
def test_load_reads_only_regular_files(copy, monkeypatch, file, kind):
    target = {
        "parquet": copy / "build" / "events.parquet",
        "schema": copy / "schemas" / "events.json",
        "datapackage": copy / "datapackage.json",
    }[file]
    load_module._PARSED.clear()
    if kind == "over_cap" and file == "schema":  # larger than the descriptor, over the cap
        cap = (copy / "datapackage.json").stat().st_size + 10
        target.write_text(target.read_text() + " " * 2 * cap)
        monkeypatch.setattr(load_module, "MAX_JSON_BYTES", cap)
    else:
        caps = [(files_module, "MAX_FILE_BYTES")] if file == "parquet" else []
        caps += [(load_module, "MAX_JSON_BYTES")] if file == "datapackage" else []
        _make_special(target, kind, monkeypatch, caps)
    with pytest.raises(DamagedDataError) as error:
        read_table(copy, "events")
    message = str(error.value)
    assert KINDS[kind] in message, message
    # named by its path, or (a link out of the folder) by the entry that gives it
    assert str(target) in message or f"'{target.relative_to(copy)}' leads outside" in message


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("table", ["events", "sources"])
def test_validate_reads_only_regular_raw_files(minimal, monkeypatch, table, kind):
    raw = importlib.import_module("mali_conflict_data._raw")
    _make_special(minimal / "raw" / f"{table}.csv", kind, monkeypatch, [(raw, "MAX_RAW_BYTES")])
    result = validate_raw(minimal / "raw")
    problems = [p for p in result.problems if p.file == f"raw/{table}.csv"]
    assert problems and problems[0].rule == "file_format", result.problems
    assert KINDS[kind] in problems[0].message, problems[0]


@pytest.mark.parametrize("kind", list(KINDS))
def test_validate_reads_only_regular_source_texts(minimal, tmp_path, monkeypatch, kind):
    validate_module = importlib.import_module("mali_conflict_data.validate")
    sources = tmp_path / "sources"
    _make_special(
        sources / "report-a.txt", kind, monkeypatch, [(validate_module, "MAX_TEXT_BYTES")]
    )
    result = validate_raw(minimal / "raw", sources=sources)
    problems = [p for p in result.problems if p.rule == "source_text"]
    assert problems and KINDS[kind] in problems[0].message, result.problems


@pytest.mark.parametrize("kind", list(KINDS))
def test_coverage_reads_only_a_regular_record(tmp_path, monkeypatch, kind):
    coverage = importlib.import_module("mali_conflict_data.coverage")
    from mali_conflict_data._errors import RecordError

    record = tmp_path / "coverage.csv"
    record.write_text(",".join(coverage.COLUMNS) + "\n")
    _make_special(record, kind, monkeypatch, [(coverage, "MAX_TEXT_BYTES")])
    with pytest.raises(RecordError, match=KINDS[kind].split(" (")[0]):
        coverage.read_record(record)


@pytest.mark.parametrize("format", ["text", "json", "github"])
def test_an_outside_file_linked_as_a_table_is_never_echoed(minimal, tmp_path, capsys, format):
    outside = tmp_path / "secret.txt"
    outside.write_text(f"{SECRET}\n{SECRET},x\n")
    events = minimal / "raw" / "events.csv"
    events.unlink()
    events.symlink_to(outside)
    code = cli.main(["validate", "--root", str(minimal), "--format", format])
    captured = capsys.readouterr()
    assert code == 1
    assert SECRET not in captured.out + captured.err
    assert "symbolic link" in captured.out + captured.err


# --- 4. one error type ---------------------------------------------------------------------


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _mutate_schema(copy: Path, change) -> None:
    path = copy / "schemas" / "events.json"
    schema = json.loads(path.read_text())
    change(schema)
    path.write_text(json.dumps(schema))
    _record(copy, "events")


def _mutate_descriptor(copy: Path, change) -> None:
    descriptor = _descriptor(copy)
    change(descriptor)
    _write_descriptor(copy, descriptor)


def _retype(copy: Path, column: str, cast) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = copy / "build" / "events.parquet"
    table = pq.read_table(path)
    index = table.schema.get_field_index(column)
    table = table.set_column(index, column, cast(table.column(index), pa))
    pq.write_table(table, path)
    _record(copy, "events")


def _corrupt_pandas_metadata(copy: Path) -> None:
    import pyarrow.parquet as pq

    path = copy / "build" / "events.parquet"
    table = pq.read_table(path)
    metadata = dict(table.schema.metadata or {})
    metadata[b"pandas"] = b'{"columns": 7, "index_columns": "nonsense"}'
    pq.write_table(table.replace_schema_metadata(metadata), path)
    _record(copy, "events")


MALFORMED = {
    "resources_empty": lambda c: _mutate_descriptor(c, lambda d: d.update(resources=[])),
    "resources_object": lambda c: _mutate_descriptor(c, lambda d: d.update(resources={})),
    "licenses_string": lambda c: _mutate_descriptor(c, lambda d: d.update(licenses="CC")),
    "version_number": lambda c: _mutate_descriptor(c, lambda d: d.update(version=1)),
    "resource_string": lambda c: _mutate_descriptor(c, lambda d: d["resources"].append("x")),
    "name_number": lambda c: _mutate_descriptor(c, lambda d: d["resources"][0].update(name=5)),
    "deep_json": lambda c: (c / "datapackage.json").write_text(_deep(200_000)),
    "descriptor_array": lambda c: (c / "datapackage.json").write_text("[]"),
    "descriptor_not_utf8": lambda c: (c / "datapackage.json").write_bytes(b'{"\xff": 1}'),
    "constraints_list": lambda c: _mutate_schema(
        c, lambda s: s["fields"][0].update(constraints=["required"])
    ),
    "enum_not_list": lambda c: _mutate_schema(
        c, lambda s: s["fields"][5].update(constraints={"enum": "a"})
    ),
    "field_without_name": lambda c: _mutate_schema(c, lambda s: s["fields"][0].pop("name")),
    "field_not_object": lambda c: _mutate_schema(c, lambda s: s["fields"].insert(0, 3)),
    "fields_missing": lambda c: _mutate_schema(c, lambda s: s.pop("fields")),
    "schema_array": lambda c: (
        (c / "schemas" / "events.json").write_text("[]"),
        _record(c, "events"),
    ),
    "schema_deep": lambda c: (
        (c / "schemas" / "events.json").write_text(_deep(200_000)),
        _record(c, "events"),
    ),
    "column_retyped": lambda c: _retype(c, "date_start", lambda col, pa: col.cast(pa.string())),
    "column_renamed": lambda c: _rename_column(c),
    "pandas_metadata": _corrupt_pandas_metadata,
    "parquet_garbage": lambda c: (
        (c / "build" / "events.parquet").write_bytes(b"PAR1" + b"\0" * 64 + b"PAR1"),
        _record(c, "events"),
    ),
}


def _rename_column(copy: Path) -> None:
    import pyarrow.parquet as pq

    path = copy / "build" / "events.parquet"
    table = pq.read_table(path)
    pq.write_table(table.rename_columns(["x", *table.schema.names[1:]]), path)
    _record(copy, "events")


@pytest.mark.parametrize("reader", ["load", "load_all", "info", "diff", "report"])
@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_package_is_one_damaged_data_error(copy, tmp_path, capsys, reader, case):
    load_module._PARSED.clear()
    MALFORMED[case](copy)
    message = _read_with(reader, copy, "events", tmp_path, capsys)
    assert len(message) < 600 and "\n" not in message, message


def test_diff_needs_a_primary_key(copy, capsys):
    _mutate_schema(copy, lambda s: s.pop("primaryKey"))
    message = _one_line_error(["diff", str(data_dir()), str(copy)], capsys)
    assert "primaryKey" in message, message


LONG = "x" * 200_000


@pytest.mark.parametrize(
    "case",
    ["ragged_row_long_cell", "multi_line_long_cell", "long_quoted_cell_ragged"],
)
def test_the_csv_fallback_reads_long_cells(minimal, case):
    path = minimal / "raw" / "events.csv"
    lines = path.read_text().rstrip("\n").split("\n")
    if case == "ragged_row_long_cell":
        lines.append(f"{LONG},extra")
    elif case == "multi_line_long_cell":
        cells = lines[1].split(",")
        cells[-1] = f'"{LONG}\n{LONG}"'
        lines[1] = ",".join(cells)
    else:
        lines.append(f'"{LONG}",a,b')
    path.write_text("\n".join(lines) + "\n")
    result = validate_raw(minimal / "raw")
    assert any(p.file == "raw/events.csv" for p in result.problems), result.problems


#: Every command that reads the raw CSVs (its arguments besides --root).
RAW_READERS = {
    "validate": ["validate", "--sources", "{sources}"],
    "coverage": ["coverage", "--sources", "{sources}"],
    "fetch-sources": ["fetch-sources", "--out", "{out}", "--from", "http://127.0.0.1:9/"],
    "build": ["build", "--sources", "{sources}"],
}


@pytest.mark.parametrize("command", list(RAW_READERS))
@pytest.mark.parametrize("cell", ["title", "text_file", "ragged"])
def test_a_cell_past_the_csv_modules_limit_never_crashes_a_command(
    minimal, tmp_path, capsys, command, cell
):
    """A sources.csv cell longer than the csv module's default 131,072 characters."""
    path = minimal / "raw" / "sources.csv"
    lines = path.read_text().rstrip("\n").split("\n")
    header = lines[0].split(",")
    if cell == "ragged":
        lines.append(f'"{LONG}",a,b')
    else:
        cells = lines[1].split(",")
        cells[header.index(cell)] = LONG
        lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    args = RAW_READERS[command]
    fill = {"sources": str(tmp_path / "sources"), "out": str(tmp_path / "out")}
    previous = csv.field_size_limit(131_072)  # the default, as a fresh process has it
    try:
        code = cli.main([args[0], "--root", str(minimal)] + [a.format(**fill) for a in args[1:]])
    finally:
        csv.field_size_limit(previous)
    captured = capsys.readouterr()
    err = captured.err
    assert "internal error" not in err and "Traceback" not in err, err[:2000]
    assert code in (0, 1), err[:2000]
    assert LONG not in err + captured.out  # the cell is never echoed whole
    if cell != "title" and command != "coverage":  # coverage reads sources.csv's ids only
        assert code == 1 and "sources.csv" in err + captured.out, err[:2000]


def test_a_latin1_article_is_a_located_problem_in_validate_and_coverage(minimal, tmp_path, capsys):
    article = tmp_path / "sources" / "report-a.txt"
    article.write_bytes(article.read_text().encode("utf-8") + "\ncafé\n".encode("latin-1"))
    result = validate_raw(minimal / "raw", sources=tmp_path / "sources")
    assert any("is not UTF-8" in p.message for p in result.problems), result.problems
    code = cli.main(["coverage", "--root", str(minimal), "--sources", str(tmp_path / "sources")])
    err = capsys.readouterr().err
    assert code == 1 and "is not UTF-8" in err and "internal error" not in err, err


RECORDS = {
    "non_integer_line": "report-a,one,x,,why\n",
    "missing_column": None,
    "bom": None,
    "ragged_row": "report-a,1,x\n",
    "not_utf8": None,
}


@pytest.mark.parametrize("case", list(RECORDS))
def test_a_malformed_coverage_record_is_one_line(minimal, tmp_path, capsys, case):
    coverage = importlib.import_module("mali_conflict_data.coverage")
    record = minimal / "coding" / "coverage.csv"
    record.parent.mkdir()
    header = ",".join(coverage.COLUMNS) + "\n"
    if case == "missing_column":
        record.write_text(",".join(coverage.COLUMNS[:-1]) + "\n")
    elif case == "bom":
        record.write_text("\ufeff" + header)
    elif case == "not_utf8":
        record.write_bytes(header.encode() + "report-a,1,caf\xe9,,\n".encode("latin-1"))
    else:
        record.write_text(header + RECORDS[case])
    before = record.read_bytes()
    for update in ([], ["--update"]):
        argv = ["coverage", "--root", str(minimal), "--sources", str(tmp_path / "sources")]
        message = _one_line_error(argv + update, capsys)
        assert str(record) in message, message
        assert record.read_bytes() == before  # --update refuses; nothing is lost


# --- 5. writes that are transactions ----------------------------------------------------


def test_coverage_update_is_atomic(minimal, tmp_path, monkeypatch):
    coverage = importlib.import_module("mali_conflict_data.coverage")
    sources = tmp_path / "sources"
    record = minimal / "coding" / "coverage.csv"
    record.parent.mkdir()
    frames = validate_raw(minimal / "raw", sources=sources).frames()
    coverage.write_record(record, frames, sources)
    text = record.read_text().replace(",\n", ",a reason the coder wrote\n")
    record.write_text(text)

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(files_module.os, "replace", full_disk)
    with pytest.raises(OSError):
        coverage.write_record(record, frames, sources)
    assert record.read_text() == text
    assert sorted(p.name for p in record.parent.iterdir()) == ["coverage.csv"]


def test_a_journal_that_cannot_be_written_leaves_the_build_intact(minimal, monkeypatch):
    from mali_conflict_data import build

    build.build(minimal, sources=minimal.parent / "sources")
    before = {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()}
    real = Path.write_text

    def no_space(self, *args, **kwargs):
        if self.name == JOURNAL:
            real(self, "a build is mov", encoding="utf-8")  # a part written, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", no_space)
    with pytest.raises(OSError):
        build.build(minimal, sources=minimal.parent / "sources")
    monkeypatch.undo()
    assert not (minimal / JOURNAL).exists()
    after = {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()}
    assert after == before
    assert read_all(minimal)  # the intact data is still read


def test_a_second_build_waits_for_the_first(minimal, monkeypatch, capsys):
    from filelock import FileLock

    from mali_conflict_data import build

    monkeypatch.setattr(build, "LOCK_TIMEOUT", 0.2)
    with FileLock(str(build_lock(minimal))):
        argv = ["build", "--root", str(minimal), "--sources", str(minimal.parent / "sources")]
        message = _one_line_error(argv, capsys)
    assert "another build" in message, message
    assert build.build(minimal, sources=minimal.parent / "sources").ok  # free again: the build runs


def test_builds_at_once_in_one_folder_all_succeed(minimal):
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "mali_conflict_data", "build", "--root", str(minimal)]
            + ["--sources", str(minimal.parent / "sources")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(3)
    ]
    outcomes = [(run.wait(timeout=300), run.stderr.read().decode()) for run in runs]
    assert all(code == 0 for code, _ in outcomes), outcomes
    assert read_all(minimal)


# --- 6. text reaching a page or a terminal ----------------------------------------------

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVa\tScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "https://user:secret@example.org/a",
    "http:///no-host",
    "https://example.org:99999/",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_validate_accepts_only_http_addresses(minimal, url):
    path = minimal / "raw" / "sources.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text())))
    rows[1][rows[0].index("url")] = url
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())
    result = validate_raw(minimal / "raw")
    rules = {(p.column, p.rule) for p in result.problems}
    assert (
        ("url", "url") in rules
        or ("url", "invisible_character") in rules
        or (
            "url",
            "whitespace",
        )
        in rules
    ), result.problems


@pytest.mark.parametrize("url", HOSTILE_URLS[:7])
def test_safe_url_refuses_every_hostile_address(url):
    from mali_conflict_data.report.html import safe_url

    assert safe_url(url) is None


def test_no_page_of_the_report_links_anywhere_but_http(copy, tmp_path):
    import re

    import pyarrow as pa
    import pyarrow.parquet as pq

    from mali_conflict_data.report import write_site

    path = copy / "build" / "sources.parquet"
    table = pq.read_table(path)
    urls = [HOSTILE_URLS[i % 7] for i in range(table.num_rows)]
    index = table.schema.get_field_index("url")
    table = table.set_column(index, table.schema.field(index), pa.array(urls, pa.string()))
    pq.write_table(table, path)
    _record(copy, "sources")
    out = tmp_path / "site"
    pages = write_site(copy, out)
    assert len(pages) > 10
    links = set()
    for page in out.rglob("*.html"):
        links |= set(re.findall(r'(?:href|src)="([^"]*)"', page.read_text()))
    assert links
    links.discard("data:,")  # the page frame's empty icon (a constant, not from the data)
    for link in links:
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", link)
        assert scheme is None or scheme.group(1) in ("http", "https"), link


INVISIBLE = {
    "nul": "\x00",
    "vertical_tab": "\x0b",
    "escape": "\x1b[2J",
    "tab": "\t",
    "c1_control": "\x85",
    "delete": "\x7f",
    "right_to_left_override": "\u202e",
    "isolate": "\u2066",
    "zero_width_space": "\u200b",
    "zero_width_joiner_at_end": "\u200d",
    "word_joiner": "\u2060",
    "bom_inside": "\ufeff",
    "soft_hyphen_at_end": "\u00ad",
}


@pytest.mark.parametrize("case", list(INVISIBLE))
@pytest.mark.parametrize("table, column", [("events", "description"), ("sources", "title")])
def test_cell_hygiene_refuses_invisible_characters(minimal, case, table, column):
    import csv
    import io

    path = minimal / "raw" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text())))
    position = rows[0].index(column)
    rows[1][position] = (rows[1][position] or "Some words") + INVISIBLE[case]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())
    result = validate_raw(minimal / "raw")
    assert (f"raw/{table}.csv", column, "invisible_character") in {
        (p.file, p.column, p.rule) for p in result.problems
    }, result.problems


def test_info_escapes_control_characters(copy, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = copy / "build" / "sources.parquet"
    table = pq.read_table(path)
    titles = ["\x1b]0;owned\x07\u202eevil"] * table.num_rows
    index = table.schema.get_field_index("title")
    table = table.set_column(index, table.schema.field(index), pa.array(titles, pa.string()))
    pq.write_table(table, path)
    _record(copy, "sources")
    assert cli.main(["info", "--root", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;owned" in out


@pytest.mark.parametrize("where", ["argument", "environment"])
def test_download_messages_mask_passwords(tmp_path, monkeypatch, where):
    monkeypatch.setenv("MALI_CONFLICT_DATA_CACHE", str(tmp_path / "cache"))
    url = "http://user:hunter2@127.0.0.1:9/"
    if where == "environment":
        monkeypatch.setenv("MALI_CONFLICT_DATA_URL", url)
    with pytest.raises(DownloadError) as error:
        download_module.download(
            "0.1.0", url=url if where == "argument" else None, sha256_hex="0" * 64, deadline=5
        )
    assert "hunter2" not in str(error.value) and "user:***@" in str(error.value), error.value


# --- 7. misleading or unbounded ---------------------------------------------------------


@pytest.mark.parametrize("name", ["events.CSV", "events.xlsx", "Events.csv", "event.csv"])
def test_every_stray_file_in_raw_is_named(minimal, name):
    (minimal / "raw" / name).write_text("x\n")
    result = validate_raw(minimal / "raw")
    assert (f"raw/{name}", "unknown_file") in {(p.file, p.rule) for p in result.problems}


def test_a_huge_header_is_reported_briefly(minimal):
    path = minimal / "raw" / "events.csv"
    lines = path.read_text().split("\n")
    lines[0] += "," + ",".join(f"c{i}" for i in range(60_000))
    path.write_text("\n".join(lines))
    result = validate_raw(minimal / "raw")
    header = [p for p in result.problems if p.rule == "header"]
    assert 1 <= len(header) <= 52 and any("further unexpected" in p.message for p in header)


@pytest.mark.parametrize(
    "url", ["file:///tmp/releases/", "ftp://example.org/", "not a url", "http://[::1/"]
)
def test_a_non_http_release_address_says_so(tmp_path, monkeypatch, url):
    monkeypatch.setenv("MALI_CONFLICT_DATA_CACHE", str(tmp_path / "cache"))
    with pytest.raises(DownloadError, match="is not an http:// or https:// address"):
        download_module.download("0.1.0", url=url, sha256_hex="0" * 64)


def test_the_archive_name_goes_before_the_query():
    address = download_module.archive_url("https://example.org/r/{v}/?sig=abc&x=1", "a.zip")
    assert address == "https://example.org/r/{v}/a.zip?sig=abc&x=1"


@pytest.mark.parametrize("which", ["cache", "version"])
def test_a_cache_that_is_a_file_says_so(tmp_path, monkeypatch, which):
    cache = tmp_path / "cache"
    if which == "cache":
        cache.write_text("x")
    else:
        cache.mkdir()
        (cache / "0.1.0").write_text("x")
    monkeypatch.setenv("MALI_CONFLICT_DATA_CACHE", str(cache))
    with pytest.raises(DownloadError, match="is a file, not a folder"):
        download_module.download("0.1.0", sha256_hex="0" * 64)


def test_report_refuses_an_empty_out(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit, match="--out is empty"):
        cli.main(["report", "--out", ""])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("quote", ["a", "ab cd", "the"])
def test_a_too_short_quote_is_refused(minimal, quote):
    import csv
    import io

    path = minimal / "raw" / "events.csv"
    rows = list(csv.reader(io.StringIO(path.read_text())))
    rows[1][rows[0].index("quote")] = quote
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())
    rules = {(p.column, p.rule) for p in validate_raw(minimal / "raw").problems}
    assert ("quote", "quote_too_short") in rules


def test_a_publication_date_in_the_future_is_refused(minimal):
    path = minimal / "raw" / "sources.csv"
    path.write_text(path.read_text().replace("2020-05-10,2020-05-10", "2920-05-10,2920-05-10", 1))
    rules = {(p.column, p.rule) for p in validate_raw(minimal / "raw").problems}
    assert ("published_date", "date_in_future") in rules


def test_confine_and_read_bytes_agree_on_the_rules(tmp_path):
    (tmp_path / "a").write_text("x")
    assert confine(tmp_path, "a") == tmp_path / "a"
    assert read_bytes(confine(tmp_path, "a")) == b"x"


# --- 8. the public CI says which checks it could not run ------------------------------


@pytest.mark.parametrize("with_texts", [False, True])
def test_the_pull_request_run_names_the_checks_it_could_not_run(
    minimal, tmp_path, capsys, monkeypatch, with_texts
):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("MALI_CONFLICT_DATA_SOURCES", raising=False)
    argv = ["validate", "--root", str(minimal), "--format", "github"]
    argv += ["--sources", str(tmp_path / "sources")] if with_texts else []
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    if with_texts:
        assert out == "" and not summary.exists()
    else:
        assert out.startswith("::warning title=Quotes not checked::") and "NOT checked" in out
        assert "Checks that could not run" in summary.read_text()


# --- downloads: a cached release is what its verified archive holds ----------------------

RELEASE_VERSION = "0.0.1-test"


@pytest.fixture
def served_release(tmp_path, monkeypatch):
    """The current build as release RELEASE_VERSION on 127.0.0.1: (url, digest, www folder)."""
    import functools
    import http.server
    import threading

    from mali_conflict_data import release
    from mali_conflict_data._config import archive_name

    monkeypatch.setenv("MALI_CONFLICT_DATA_CACHE", str(tmp_path / "cache"))
    www = tmp_path / "www"
    archive = release.make_archive(Path(__file__).resolve().parents[1], www / f"v{RELEASE_VERSION}")
    renamed = archive.with_name(archive_name(RELEASE_VERSION))
    archive.rename(renamed)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v{{version}}/", renamed
    server.shutdown()
    server.server_close()


def _fetch(url: str, archive: Path) -> Path:
    return download_module.download(RELEASE_VERSION, url=url, sha256_hex=sha256(archive))


def test_a_planted_release_with_consistent_checksums_is_refused(served_release):
    url, archive = served_release
    unpacked = _fetch(url, archive)
    # plant other data, and make the folder's own datapackage.json agree with it
    shutil.copy2(unpacked / "build" / "casualties.parquet", unpacked / "build" / "events.parquet")
    _record(unpacked, "events")
    assert download_module.verify(unpacked) == []  # the folder agrees with itself...
    with pytest.raises(DownloadError, match="does not match the archive"):
        _fetch(url, archive)  # ...but not with the archive, verified against its SHA-256
    assert read_table(_fetch(url, archive), "events").equals(read_table(data_dir(), "events"))


def test_only_members_the_manifests_list_are_unpacked(served_release):
    import zipfile

    url, archive = served_release
    with zipfile.ZipFile(archive, "a") as zipped:
        zipped.writestr("stowaway.bin", b"\0" * 4096)
    unpacked = _fetch(url, archive)
    assert not (unpacked / "stowaway.bin").exists()
    assert (unpacked / "datapackage.json").is_file() and (unpacked / "csv").is_dir()


@pytest.mark.parametrize("wrong", ["data_is_a_file", "lock_is_a_folder"])
def test_cache_entries_of_the_wrong_kind_are_one_line(served_release, wrong):
    url, archive = served_release
    unpacked = _fetch(url, archive)
    shutil.rmtree(unpacked)
    if wrong == "data_is_a_file":
        unpacked.write_text("not a folder")
        assert (_fetch(url, archive) / "datapackage.json").is_file()  # replaced, then verified
    else:
        lock = unpacked.parent / ".lock"
        lock.unlink(missing_ok=True)
        lock.mkdir()
        with pytest.raises(DownloadError, match="could not be unpacked"):
            _fetch(url, archive)


def test_a_foreign_checkout_above_the_working_directory_is_said_loudly(tmp_path, monkeypatch):
    load_module._NOTED.clear()
    monkeypatch.delenv("MALI_CONFLICT_DATA_DIR", raising=False)
    (tmp_path / "raw").mkdir()
    shutil.copy2(data_dir() / "datapackage.json", tmp_path / "datapackage.json")
    (tmp_path / "deep").mkdir()
    monkeypatch.chdir(tmp_path / "deep")
    with pytest.warns(UserWarning, match="not the copy installed with the package"):
        assert load_module.data_dir() == tmp_path.resolve()


@pytest.mark.parametrize("command", ["info", "disagreements", "report"])
@pytest.mark.parametrize("table", TABLES)
def test_a_package_without_one_of_the_tables_is_one_line(copy, tmp_path, capsys, command, table):
    _mutate_descriptor(
        copy, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != table])
    )
    argv = {
        "info": ["info", "--root", str(copy)],
        "disagreements": ["disagreements", "--root", str(copy)],
        "report": ["report", "--build", str(copy), "--out", str(tmp_path / "site")],
    }[command]
    message = _one_line_error(argv, capsys)
    assert f"does not describe the tables {table}," in message, message


@pytest.mark.parametrize("key", [["no_such_column"], [], 3, [["event_id"]]])
def test_diff_refuses_a_primary_key_naming_no_field(copy, capsys, key):
    _mutate_schema(copy, lambda s: s.update(primaryKey=key))
    message = _one_line_error(["diff", str(data_dir()), str(copy)], capsys)
    assert "primaryKey" in message or "schemas/events.json" in message, message
