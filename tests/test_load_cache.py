"""What ``load`` remembers between reads is never served for a changed file (issue 23).

A verdict on a file's bytes is kept per version of the file (device, inode, size,
modification and change times) once the file has settled; a parsed descriptor or
Table Schema per version or per SHA-256 of its bytes; a schema check per Parquet
digest. Each test changes one input after it was read and remembered, in every way
that keeps what a weaker key would look at (same size, same modification time, same
path), and the next read must see the change. The fast routes (confining a path
without resolving it, polars ``Enum`` columns from category numbers or the file's
codes, Python lists from pyarrow) give what the plain routes give.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from mali_conflict_data import _pylists
from mali_conflict_data._errors import DamagedDataError
from mali_conflict_data._files import UnsafeFileError, confine
from mali_conflict_data.load import data_dir, read_table, table_names

files_module = importlib.import_module("mali_conflict_data._files")
load_module = importlib.import_module("mali_conflict_data.load")
BACKENDS = ["pandas", "polars", "pyarrow"]
TABLE = "events"
#: A settle time short enough for a test to wait for, long past any clock tick.
SETTLE_NS = 50_000_000


@pytest.fixture
def copy(published_copy: Path) -> Path:
    """A copy of the published data (build/, schemas/, datapackage.json): conftest's."""
    return published_copy


@pytest.fixture
def settled(copy: Path, monkeypatch) -> Path:
    """The copy, once it has settled (a shorter settle time, waited for)."""
    monkeypatch.setattr(files_module, "SETTLE_NS", SETTLE_NS)
    _settle()
    return copy


def _entry(folder: Path, name: str) -> dict:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return next(e for e in descriptor["resources"] if e["name"] == name)


def _change_in_place(path: Path, offset: int) -> None:
    """Change one byte of ``path`` in place, keeping its size and modification time."""
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x20]))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    time.sleep(2 * SETTLE_NS / 1e9)  # the change settles too: only its version tells it


def _settle() -> None:
    time.sleep(2 * SETTLE_NS / 1e9)


def _remembered(path: Path) -> bool:
    return files_module.version(path.stat()) in files_module._DIGESTS


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("file", ["parquet", "schema"])
def test_a_file_changed_in_place_is_verified_again(settled, backend, file):
    entry = _entry(settled, TABLE)
    path = settled / entry["path" if file == "parquet" else "schema"]
    read_table(settled, TABLE, backend=backend)
    assert _remembered(path)  # the verdict is kept: what follows is the remembered case
    # a byte inside the data (the Parquet's first column chunk) or a schema's text
    offset = 8 if file == "parquet" else path.read_bytes().index(b'"description"') + 3
    _change_in_place(path, offset)
    with pytest.raises(DamagedDataError) as error:
        read_table(settled, TABLE, backend=backend)
    assert str(path) in str(error.value)
    assert "does not match its recorded SHA-256" in str(error.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_file_replaced_by_one_of_the_same_size_and_time_is_verified_again(settled, backend):
    path = settled / _entry(settled, TABLE)["path"]
    read_table(settled, TABLE, backend=backend)
    before = path.stat()
    damaged = bytearray(path.read_bytes())
    damaged[8] ^= 0x20
    other = path.with_name("other.parquet")
    other.write_bytes(bytes(damaged))
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)
    _settle()
    with pytest.raises(DamagedDataError, match="does not match its recorded SHA-256"):
        read_table(settled, TABLE, backend=backend)


def test_a_descriptor_changed_in_place_is_read_again(settled):
    path = settled / "datapackage.json"
    first = read_table(settled, TABLE)
    text = path.read_bytes()
    description = _entry(settled, TABLE)["description"].encode()
    offset = text.index(description)
    _change_in_place(path, offset)  # the table's description, one letter's case
    again = read_table(settled, TABLE)
    assert again.attrs["description"] != first.attrs["description"]
    assert again.attrs["description"].lower() == first.attrs["description"].lower()


@pytest.mark.parametrize("file", ["parquet", "schema", "datapackage"])
def test_a_remembered_file_replaced_by_a_fifo_is_refused(settled, file):
    """A version known to be good is no pass for what is at its path now."""
    entry = _entry(settled, TABLE)
    path = {
        "parquet": settled / entry["path"],
        "schema": settled / entry["schema"],
        "datapackage": settled / "datapackage.json",
    }[file]
    read_table(settled, TABLE)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(DamagedDataError, match="named pipe"):
        read_table(settled, TABLE)


def test_a_file_that_has_not_settled_is_hashed_on_every_read(copy, monkeypatch):
    """Written just now, a file could be written again within the clock's tick and keep
    its version's name: its verdict is not kept, so every read hashes it."""
    import hashlib
    import types

    monkeypatch.setattr(files_module, "SETTLE_NS", 10**18)  # nothing has settled
    hashed = []

    def counting(data=b""):
        hashed.append(len(data))
        return hashlib.sha256(data)

    monkeypatch.setattr(files_module, "hashlib", types.SimpleNamespace(sha256=counting))
    path = copy / _entry(copy, TABLE)["path"]
    for _ in range(3):
        read_table(copy, TABLE)
    assert hashed.count(path.stat().st_size) == 3
    assert not _remembered(path)


def test_bytes_that_changed_while_read_are_hashed_not_taken_from_memory(settled, monkeypatch):
    path = settled / _entry(settled, TABLE)["path"]
    read_table(settled, TABLE)
    assert _remembered(path)
    real = files_module._read_open

    def changed_while_read(file, cap):
        data, info, _ = real(file, cap)
        if Path(file) == path:  # as if a writer changed it during the read
            return data[:8] + bytes([data[8] ^ 0x20]) + data[9:], info, False
        return data, info, True

    monkeypatch.setattr(files_module, "_read_open", changed_while_read)
    with pytest.raises(DamagedDataError, match="does not match its recorded SHA-256"):
        read_table(settled, TABLE)


def test_settled_is_by_change_time_before_the_read():
    info = os.stat(__file__)
    assert files_module.settled(info, info.st_ctime_ns + files_module.SETTLE_NS + 1)
    assert not files_module.settled(info, info.st_ctime_ns + files_module.SETTLE_NS)
    assert not files_module.settled(info, info.st_ctime_ns)


def _tree(root: Path) -> tuple[Path, list[str]]:
    """A folder with every kind of entry a path from data can meet, and names to try."""
    folder = root / "folder"
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "file.txt").write_text("x")
    (folder / "sub" / "file.txt").write_text("x")
    outside = root / "outside.txt"
    outside.write_text("x")
    (folder / "link-in").symlink_to(folder / "file.txt")
    (folder / "link-out").symlink_to(outside)
    (folder / "link-dir-in").symlink_to(folder / "sub")
    (folder / "link-dir-out").symlink_to(root)
    (folder / "link-self").symlink_to(folder)
    (folder / "dangling").symlink_to(folder / "nothing")
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "sub" / "link-up").symlink_to(folder / "file.txt")
    names = [
        "file.txt",
        "sub",
        "sub/file.txt",
        "sub/deeper",
        "sub/./file.txt",
        "sub/deeper/",
        "missing.txt",
        "sub/missing/file.txt",
        "file.txt/inside",
        "link-in",
        "link-out",
        "link-dir-in/file.txt",
        "link-dir-out/outside.txt",
        "link-self",
        "link-self/file.txt",
        "dangling",
        "loop",
        "loop/x",
        "sub/link-up",
        "sub/.",
        ".",
        "..",
        "sub/../file.txt",
        "/etc/passwd",
        "a\\b",
        "c:x",
        "http://x/y",
        "nul\x00",
        "",
    ]
    return folder, names


def _outcome(folder: Path, name: str):
    try:
        return ("path", confine(folder, name))
    except UnsafeFileError as error:
        return ("refused", str(error))


def test_confine_without_resolving_answers_as_resolving_does(tmp_path, monkeypatch):
    folder, names = _tree(tmp_path)
    fast = {name: _outcome(folder, name) for name in names}
    again = {name: _outcome(folder, name) for name in names}  # names checked once, kept
    monkeypatch.setattr(files_module, "_plain", lambda base, parts: False)
    files_module._relative.cache_clear()
    slow = {name: _outcome(folder, name) for name in names}
    assert fast == again == slow
    assert fast["link-out"][0] == fast["link-dir-out/outside.txt"][0] == "refused"
    assert fast["sub/file.txt"] == ("path", folder / "sub" / "file.txt")


def test_a_symbolic_link_made_after_a_name_was_confined_is_still_refused(tmp_path):
    folder, _ = _tree(tmp_path)
    assert confine(folder, "sub/file.txt") == folder / "sub" / "file.txt"
    shutil.rmtree(folder / "sub")
    (folder / "sub").symlink_to(tmp_path)
    (tmp_path / "file.txt").write_text("outside")
    with pytest.raises(UnsafeFileError, match="leads outside its folder"):
        confine(folder, "sub/file.txt")


def _arrow_route(folder: Path, name: str):
    """The table as the Arrow route makes it for polars (the plain reference)."""
    fields = load_module.verified_fields(folder, load_module.resource(folder, name))
    path = folder / "build" / f"{name}.parquet"
    table = load_module._read_parquet(path, path.read_bytes())
    return load_module._to_polars(load_module._with_vocabularies(table, fields, path), fields)


@pytest.mark.parametrize("route", ["codes", "categories"])
def test_the_large_table_routes_to_polars_enums_give_the_arrow_route(monkeypatch, route):
    pytest.importorskip("polars")
    if route == "codes":  # the file's codes, read by pyarrow
        monkeypatch.setattr(load_module, "_CODES_FROM_ROWS", 0)
    else:  # polars' category numbers, mapped once
        monkeypatch.setattr(load_module, "_CODES_FROM_ROWS", 10**12)
    monkeypatch.setattr(load_module, "_CATEGORIES_FROM_ROWS", 0)
    folder = data_dir()
    for name in table_names(folder):
        read = read_table(folder, name, backend="polars")
        expected = _arrow_route(folder, name)
        assert read.schema == expected.schema, name
        assert read.equals(expected), name


@pytest.mark.parametrize("route", ["codes", "categories", "cast"])
def test_every_polars_route_refuses_a_value_outside_the_vocabulary_alike(
    tmp_path, monkeypatch, route
):
    pl = pytest.importorskip("polars")
    import pyarrow as pa
    import pyarrow.parquet as pq

    big = {"codes": 0, "categories": 10**12, "cast": 10**12}[route]
    monkeypatch.setattr(load_module, "_CODES_FROM_ROWS", big)
    monkeypatch.setattr(load_module, "_CATEGORIES_FROM_ROWS", 0 if route != "cast" else 10**12)
    fields = [
        {"name": "id", "type": "string"},
        {"name": "role", "type": "string", "constraints": {"enum": ["a", "b"]}},
    ]
    path = tmp_path / "t.parquet"
    roles = pa.array(["a", None, "zz", "b"]).dictionary_encode()
    pq.write_table(pa.table({"id": ["1", "2", "3", "4"], "role": roles}), path)
    with pytest.raises(DamagedDataError) as native:
        load_module._polars_native(path, path.read_bytes(), None, fields, "d" * 64)
    with pytest.raises(DamagedDataError) as arrow:
        load_module._with_vocabularies(pq.read_table(path), fields, path)
    assert str(native.value) == str(arrow.value)
    good = tmp_path / "good.parquet"
    roles = pa.array(["a", None, "b", "b"]).dictionary_encode()
    pq.write_table(pa.table({"id": ["1", "2", "3", "4"], "role": roles}), good)
    frame = load_module._polars_native(good, good.read_bytes(), None, fields, "e" * 64)
    assert frame.schema["role"] == pl.Enum(["a", "b"])
    assert frame["role"].to_list() == ["a", None, "b", "b"]


def test_a_schema_check_is_kept_by_the_parquet_digest_and_fields(copy, monkeypatch):
    """The polars route checks a file's columns once per (SHA-256, fields): another file
    (another digest) with the same fields is checked again, and refused if it differs."""
    pytest.importorskip("polars")
    import pyarrow.parquet as pq

    read_table(copy, TABLE, backend="polars")
    path = copy / _entry(copy, TABLE)["path"]
    table = pq.read_table(path)
    pq.write_table(table.rename_columns(["x", *table.schema.names[1:]]), path)
    from conftest import record_file

    record_file(copy, TABLE)
    with pytest.raises(DamagedDataError, match="not those its Table Schema lists"):
        read_table(copy, TABLE, backend="polars")


def test_pandas_columns_keep_the_table_order_around_list_columns():
    folder = data_dir()
    for name in table_names(folder):
        fields = load_module.verified_fields(folder, load_module.resource(folder, name))
        frame = read_table(folder, name)
        assert list(frame.columns) == [f["name"] for f in fields], name


def test_the_list_route_for_older_pyarrow_gives_to_pylist():
    import pyarrow as pa

    kind = pa.list_(pa.string())
    chunks = [
        pa.array([["a", None], None, [], ["b"]], kind),
        pa.array([[], ["c", "d"], None], kind).slice(1, 2),
    ]
    column = pa.chunked_array(chunks, type=kind)
    assert _pylists._lists_of_chunks(column, pa) == column.to_pylist()
    assert _pylists.python_lists(column) == column.to_pylist()
    assert not _pylists._scalar_free_to_pylist("25.0.0")


def test_reading_list_cells_leaves_the_program_s_garbage_to_the_collector():
    """Loading a table of lists changes nothing in how the program's own objects are collected.

    (A gc.freeze()/unfreeze() once moved every object to the oldest generation: a
    cycle the program dropped then outlived a young collection.)
    """
    import weakref

    class Node:
        pass

    frozen = gc.get_freeze_count()
    gc.collect()  # the generations start empty: nothing older than this test is in the young ones
    node = Node()
    node.self = node  # a reference cycle: only the collector frees it
    alive = weakref.ref(node)
    frame = read_table(data_dir(), "event_summary")
    assert any(isinstance(cell, list) for cell in frame["actor_ids"])
    del node
    gc.collect(1)  # the young generations, not the full collection a freeze would leave it to
    assert alive() is None, "a cycle dropped after a load survived a collection of the young"
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


def test_a_schema_check_for_chosen_columns_is_no_pass_for_reading_them_all(copy):
    """A file with a column its Table Schema lacks passes when only the listed columns
    are read, and is still refused when every column is read."""
    pytest.importorskip("polars")
    import pyarrow as pa
    import pyarrow.parquet as pq
    from conftest import record_file

    path = copy / _entry(copy, TABLE)["path"]
    table = pq.read_table(path)
    names = table.schema.names
    pq.write_table(table.append_column("extra", pa.array(["x"] * table.num_rows)), path)
    record_file(copy, TABLE)
    chosen = read_table(copy, TABLE, backend="polars", columns=names)
    assert chosen.columns == names
    with pytest.raises(DamagedDataError, match="not those its Table Schema lists"):
        read_table(copy, TABLE, backend="polars")


@pytest.mark.parametrize("backend", ["pandas", "pyarrow"])
def test_a_file_holding_a_column_twice_is_refused_as_the_dataset_reader_refuses_it(copy, backend):
    """The file's own reader (the fast route) reads a column held twice, where
    ``pyarrow.parquet.read_table`` refuses it: the refusal stays read_table's."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from conftest import record_file

    path = copy / _entry(copy, TABLE)["path"]
    table = pq.read_table(path)
    first = table.schema.names[0]
    pq.write_table(table.append_column(first, table.column(first)), path)
    record_file(copy, TABLE)
    with pytest.raises(pa.ArrowInvalid) as plain:
        pq.read_table(pa.BufferReader(path.read_bytes()))
    reason = str(plain.value).splitlines()[0]
    with pytest.raises(DamagedDataError, match="is not a readable Parquet file") as refused:
        read_table(copy, TABLE, backend=backend)
    assert reason[:40] in str(refused.value)


def test_a_descriptor_swapped_between_its_look_and_its_read_is_not_remembered_as_the_other(
    settled, monkeypatch
):
    """``datapackage.json`` a symbolic link flipped from one file to another just as it is
    opened: what was read is remembered as the file read, never as the one looked at
    before, so flipping the link back gives the first file's document again."""
    descriptor = json.loads((settled / "datapackage.json").read_text(encoding="utf-8"))
    first, second = settled / "first.json", settled / "second.json"
    for path, title in ((first, "first"), (second, "second")):
        path.write_text(json.dumps({**descriptor, "title": title}), encoding="utf-8")
    link = settled / "datapackage.json"
    link.unlink()
    link.symlink_to(first.name)
    _settle()
    opened = os.open

    def flip_then_open(path, *args, **kwargs):  # the race, made certain
        if os.fspath(path) == os.fspath(link) and link.readlink().name == first.name:
            monkeypatch.setattr(os, "open", opened)
            link.unlink()
            link.symlink_to(second.name)
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", flip_then_open)
    assert load_module._descriptor(settled)["title"] == "second"  # what was read
    monkeypatch.setattr(os, "open", opened)
    link.unlink()
    link.symlink_to(first.name)
    assert load_module._descriptor(settled)["title"] == "first"


def _same_result(first, second, backend: str) -> None:
    """Two reads of one table gave the same values, types and metadata."""
    if backend == "pandas":
        assert first.equals(second) and first.dtypes.equals(second.dtypes)
        assert first.attrs == second.attrs
    elif backend == "polars":
        assert first.equals(second) and first.schema == second.schema
    else:
        assert first.equals(second, check_metadata=True)


def test_an_unsettled_descriptor_read_again_unchanged_is_parsed_once(copy, monkeypatch):
    """Just written (not settled), ``datapackage.json`` is read on every call; bytes equal to
    those read last are not parsed again, and a change of one byte (same size, same
    modification time) is parsed and seen."""
    import types

    monkeypatch.setattr(files_module, "SETTLE_NS", 10**18)  # nothing has settled
    load_module._LAST_READ.clear()
    parsed = []

    def counting(text, *args, **kwargs):
        parsed.append(len(text))
        return json.loads(text, *args, **kwargs)

    monkeypatch.setattr(load_module, "json", types.SimpleNamespace(loads=counting))
    path = copy / "datapackage.json"
    size = len(path.read_text(encoding="utf-8"))
    first = read_table(copy, TABLE)
    for name in table_names(copy):
        read_table(copy, name)
    assert parsed.count(size) == 1
    offset = path.read_bytes().index(_entry(copy, TABLE)["description"].encode())
    _change_in_place(path, offset)
    again = read_table(copy, TABLE)
    assert parsed.count(size) == 2
    assert again.attrs["description"] != first.attrs["description"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_table_read_unsettled_gives_what_the_plain_read_gives(copy, monkeypatch, backend):
    """Generated over every table: read while nothing has settled (the descriptor from its
    last bytes, the files hashed on every read) and read with every remembered thing
    forgotten first (the plain route), the same table."""
    if backend == "polars":
        pytest.importorskip("polars")
    monkeypatch.setattr(files_module, "SETTLE_NS", 10**18)
    names = table_names(copy)
    fast = {}
    for name in names:
        read_table(copy, name, backend=backend)
        fast[name] = read_table(copy, name, backend=backend)  # from the last bytes
    for name in names:
        load_module._LAST_READ.clear()
        load_module._PARSED.clear()
        _same_result(fast[name], read_table(copy, name, backend=backend), backend)
