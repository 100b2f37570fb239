"""Descriptors are validated against the standard's own profiles before use (issue 22).

``datapackage.json`` against the Data Package v2.0 JSON Schema profile and each
``schemas/*.json`` against the Table Schema v2.0 profile (vendored in
mali_conflict_data/profiles/2.0). The cases are generated: every property the
project's own descriptor and Table Schema hold (the properties the package writes and
reads; arrays through their element), given the first value of another JSON type the
profile refuses, x every reader (load, info, diff, report): one line naming the JSON
path, never a traceback.
"""

from __future__ import annotations

import copy as copying
import importlib
import json
import re
import shutil
from pathlib import Path

import pytest

from mali_conflict_data import cli
from mali_conflict_data._errors import DamagedDataError
from mali_conflict_data._files import file_sha256
from mali_conflict_data._profiles import FOLDER, problem
from mali_conflict_data.load import data_dir, read_table, table_names

profiles = importlib.import_module("mali_conflict_data._profiles")
load_module = importlib.import_module("mali_conflict_data.load")

ROOT = Path(__file__).resolve().parents[1]
TABLE = "events"
#: Values of each JSON type, tried in turn as the wrong value for a property.
WRONG = [5, "x", {"x": 1}, [5], True, None]
READERS = ["load", "info", "diff", "report"]


def _json_type(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _paths(document: object, prefix: tuple = ()) -> list[tuple]:
    """Every property path in ``document``; an array is entered through its first element."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            found.append((*prefix, key))
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list) and document:
        found.append((*prefix, 0))
        found += _paths(document[0], (*prefix, 0))
    return found


def _get(document: object, path: tuple) -> object:
    for step in path:
        document = document[step]
    return document


def _set(document: object, path: tuple, value: object) -> object:
    changed = copying.deepcopy(document)
    _get(changed, path[:-1])[path[-1]] = value
    return changed


def _json_path(path: tuple) -> str:
    """As jsonschema writes it: $.a[0].b, or $['$schema'] for a key that is no identifier."""
    return "$" + "".join(
        f"[{s}]" if isinstance(s, int) else f".{s}" if s.isidentifier() else f"[{s!r}]"
        for s in path
    )


def _cases(profile: str, document: dict, within: tuple = ()) -> dict[str, tuple]:
    """{JSON path: (path, wrong value)} for every path the profile constrains."""
    cases = {}
    for path in ([within] if within else []) + _paths(_get(document, within), within):
        original = _json_type(_get(document, path))
        for value in WRONG:
            if _json_type(value) != original and problem(profile, _set(document, path, value)):
                cases[_json_path(path)] = (path, value)
                break
    return cases


def _own(name: str) -> dict:
    return json.loads((ROOT / name).read_text(encoding="utf-8"))


_DESCRIPTOR = _own("datapackage.json")
_INDEX = next(i for i, r in enumerate(_DESCRIPTOR["resources"]) if r["name"] == TABLE)
# the package-level properties, and those of the resource of the table read
DESCRIPTOR_CASES = {
    k: v
    for k, v in _cases("datapackage", _DESCRIPTOR).items()
    if not k.startswith("$.resources[0]")
}
DESCRIPTOR_CASES.update(_cases("datapackage", _DESCRIPTOR, ("resources", _INDEX)))
SCHEMA_CASES = _cases("tableschema", _own(f"schemas/{TABLE}.json"))


def test_the_cases_cover_the_properties_the_package_reads():
    """Not vacuous: the properties the loader relies on are among the generated cases."""
    resource = f"$.resources[{_INDEX}]"
    for needed in ["$.name", "$.title", "$.version", "$.licenses", "$.licenses[0]"]:
        assert needed in DESCRIPTOR_CASES, needed
    for key in ["", ".name", ".path", ".schema", ".bytes", ".hash", ".description"]:
        assert resource + key in DESCRIPTOR_CASES, resource + key
    for needed in ["$.fields", "$.fields[0]", "$.fields[0].name", "$.fields[0].type"]:
        assert needed in SCHEMA_CASES, needed
    for needed in ["$.fields[0].constraints", "$.primaryKey", "$.foreignKeys"]:
        assert needed in SCHEMA_CASES, needed
    print(f"\n{len(DESCRIPTOR_CASES)} descriptor and {len(SCHEMA_CASES)} Table Schema cases")


def test_the_own_descriptor_and_every_table_schema_pass_the_profiles():
    assert problem("datapackage", _own("datapackage.json")) is None
    schemas = sorted((ROOT / "schemas").glob("*.json"))
    assert [p.stem for p in schemas] == sorted(table_names(ROOT))
    for path in schemas:
        assert problem("tableschema", json.loads(path.read_text())) is None, path.name


def test_the_vendored_profiles_are_the_recorded_ones():
    """Unchanged copies of the upstream files: their SHA-256 as SOURCE.json records it."""
    source = json.loads((FOLDER / "SOURCE.json").read_text())
    licence = (FOLDER / "LICENSE.md").read_text()
    assert "Unlicense" in source["licence"] and "unlicense.org" in licence
    for name, entry in source["files"].items():
        assert file_sha256(FOLDER / name)[1] == entry["sha256"], name
        assert entry["source"].startswith(source["repository"])
        assert source["commit"] in entry["source"]


def _write_schema(folder: Path, schema: object) -> None:
    """Write the Table Schema of TABLE and record its size and SHA-256 (as a tool would)."""
    path = folder / "schemas" / f"{TABLE}.json"
    path.write_text(json.dumps(schema))
    descriptor = json.loads((folder / "datapackage.json").read_text())
    entry = descriptor["resources"][_INDEX]
    entry["schema_bytes"], entry["schema_sha256"] = file_sha256(path)
    (folder / "datapackage.json").write_text(json.dumps(descriptor))


def _message(reader: str, folder: Path, tmp_path: Path, capsys) -> str:
    if reader == "load":
        with pytest.raises(DamagedDataError) as raised:
            read_table(folder, TABLE)
        message = str(raised.value)
        assert "\n" not in message
        return message
    argv = {
        "info": ["info", "--root", str(folder)],
        "diff": ["diff", str(data_dir()), str(folder)],
        "report": ["report", "--build", str(folder), "--out", str(tmp_path / "site")],
    }[reader]
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert not (tmp_path / "site" / "index.html").exists()
    return lines[0]


def _located(message: str, json_path: str, profile: str) -> None:
    """The message names the profile and a JSON path at or inside the broken property."""
    assert f"does not follow the {profile} profile at " in message, message
    where = re.search(r"profile at (\$\S*):", message)
    assert where and where.group(1).startswith(json_path), message
    assert "expected " in message and "(found " in message, message


@pytest.mark.generated
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", list(DESCRIPTOR_CASES))
def test_a_descriptor_breaking_the_profile_is_one_line(
    published_copy, tmp_path, capsys, reader, case
):
    path, value = DESCRIPTOR_CASES[case]
    (published_copy / "datapackage.json").write_text(json.dumps(_set(_DESCRIPTOR, path, value)))
    message = _message(reader, published_copy, tmp_path, capsys)
    assert "datapackage.json" in message, message
    _located(message, case, "Data Package")


@pytest.mark.generated
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", list(SCHEMA_CASES))
def test_a_table_schema_breaking_the_profile_is_one_line(
    published_copy, tmp_path, capsys, reader, case
):
    path, value = SCHEMA_CASES[case]
    _write_schema(published_copy, _set(_own(f"schemas/{TABLE}.json"), path, value))
    message = _message(reader, published_copy, tmp_path, capsys)
    assert f"schemas/{TABLE}.json" in message, message
    _located(message, case, "Table Schema")


def test_each_descriptor_is_validated_once_per_process_per_bytes(
    published_copy, tmp_path, monkeypatch
):
    """Two folders with the same bytes, read three times: each document checked once."""
    calls = []
    real = profiles._validator

    class Counting:
        def __init__(self, profile):
            self.profile, self.inner = profile, real(profile)

        def iter_errors(self, document):
            calls.append(self.profile)
            return self.inner.iter_errors(document)

    monkeypatch.setattr(profiles, "_validator", Counting)
    monkeypatch.setattr(profiles, "_CHECKED", {})
    load_module._PARSED.clear()
    other = tmp_path / "other"
    shutil.copytree(published_copy, other)
    for folder in (published_copy, other, published_copy):
        read_table(folder, TABLE)
    read_table(other, "sources")
    assert sorted(calls) == ["datapackage", "tableschema", "tableschema"], calls


def test_the_hand_checks_beyond_the_profile_still_run(published_copy):
    """The profile refuses '../' and absolute paths, but not a symbolic link out of the
    folder: that passes the profile and is still refused by the confinement check."""
    outside = published_copy.parent / "outside.parquet"
    shutil.copy2(published_copy / "build" / f"{TABLE}.parquet", outside)
    (published_copy / "build" / "link-out.parquet").symlink_to(outside)
    descriptor = _set(_DESCRIPTOR, ("resources", _INDEX, "path"), "build/link-out.parquet")
    assert problem("datapackage", descriptor) is None
    (published_copy / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DamagedDataError, match="datapackage.json gives the path"):
        read_table(published_copy, TABLE)


def test_diff_checks_the_schema_of_a_table_the_new_folder_dropped(published_copy, tmp_path, capsys):
    """diff reads no rows of a table only the old folder has, but its Table Schema (for the
    schema changes) is still checked against the profile: one line, not a crash."""
    new = tmp_path / "new"
    shutil.copytree(published_copy, new)
    descriptor = json.loads((new / "datapackage.json").read_text())
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != TABLE]
    (new / "datapackage.json").write_text(json.dumps(descriptor))
    _write_schema(published_copy, _set(_own(f"schemas/{TABLE}.json"), ("fields",), "x"))
    code = cli.main(["diff", str(published_copy), str(new)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1, err
    _located(err[0], "$.fields", "Table Schema")


#: Table Schemas with a long ``constraints.enum`` whose items jsonschema cannot sort (it
#: then compares every pair for ``uniqueItems``: 2,000 objects took two minutes).
LONG_ENUMS = {
    "objects": [{"k": i} for i in range(2000)],
    "mixed": [v for i in range(1000) for v in (str(i), {"k": i})],
    "objects_repeated": [{"k": i, "j": 0} for i in range(2000)] + [{"j": 0, "k": 0}],
    # valid items, but far more than any descriptor the project writes (at most 60)
    "strings": [f"v{i}" for i in range(5000)],
}


@pytest.mark.generated
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", list(LONG_ENUMS))
def test_a_long_enum_of_objects_is_refused_without_comparing_every_pair(
    published_copy, tmp_path, capsys, monkeypatch, reader, case
):
    """Refused in one line, and jsonschema's pairwise ``uniq`` never sees a long array."""
    from jsonschema import _keywords

    long_arrays = []
    real = _keywords.uniq

    def pairwise(container):
        if len(container) > 100:
            long_arrays.append(len(container))
            return True  # recorded, not run: the test fails instead of taking minutes
        return real(container)

    monkeypatch.setattr(_keywords, "uniq", pairwise)
    monkeypatch.setattr(profiles, "_CHECKED", {})
    schema = _own(f"schemas/{TABLE}.json")
    schema["fields"][0].setdefault("constraints", {})["enum"] = LONG_ENUMS[case]
    _write_schema(published_copy, schema)
    message = _message(reader, published_copy, tmp_path, capsys)
    assert f"schemas/{TABLE}.json" in message, message
    _located(message, "$.fields[0]", "Table Schema")
    assert long_arrays == []


JSON_ITEMS = [0, 1, 1.0, True, False, None, "1", "a", [1], [True], {"a": 1}, {"a": 1.0}, {}]


@pytest.mark.generated
@pytest.mark.parametrize("first", range(len(JSON_ITEMS)))
def test_unique_items_agrees_with_jsonschema(first):
    """The hashed uniqueItems says what jsonschema's own (pairwise) check says."""
    from jsonschema._utils import uniq

    for second in JSON_ITEMS:
        items = [JSON_ITEMS[first], {"b": [0]}, second]
        assert profiles._unique(items) == uniq(items), items


def test_the_bytes_validated_are_the_bytes_used(published_copy, monkeypatch):
    """A Table Schema read once: a file that changes between two reads (same mtime) cannot
    have one version validated and another used."""
    path = published_copy / "schemas" / f"{TABLE}.json"
    good = path.read_bytes()
    broken = json.loads(good)
    broken["fields"] = "none"
    reads = []
    real = load_module.read_version

    def changing(file, cap=None):
        data, info, unchanged = real(file, cap)
        if Path(file) == path:
            reads.append(file)
            data = json.dumps(broken).encode() if len(reads) == 1 else good
        return data, info, unchanged

    monkeypatch.setattr(load_module, "read_version", changing)
    monkeypatch.setattr(profiles, "_CHECKED", {})
    load_module._PARSED.clear()
    with pytest.raises(DamagedDataError, match=r"profile at \$\.fields"):
        load_module._read_json(path, "tableschema")


def test_a_document_far_larger_than_the_project_writes_is_refused_before_the_profile():
    """Many small arrays: more values in all than MAX_VALUES (the project writes < 500)."""
    fields = [
        {"name": f"f{i}", "type": "string", "constraints": {"enum": [f"v{j}" for j in range(600)]}}
        for i in range(20)
    ]
    message = problem("tableschema", {"fields": fields})
    assert message is not None and message.startswith("at $: expected at most "), message
    assert profiles.MAX_VALUES < 20 * 600
    assert problem("tableschema", {"fields": fields[:1]}) is None  # 600 items are fine


def _with_sources(count: int) -> dict:
    descriptor = copying.deepcopy(_DESCRIPTOR)
    descriptor["sources"] = [
        {"title": f"Article {i}", "path": f"https://example.org/{i}", "version": "a" * 64}
        for i in range(count)
    ]
    return descriptor


def test_a_descriptor_listing_as_many_articles_as_a_large_build_passes():
    """The build of 1,000,000 synthetic events lists 10,000 articles: its descriptor loads."""
    assert problem("datapackage", _with_sources(10_000)) is None
    assert problem("datapackage", _with_sources(profiles.MAX_SOURCES)) is None


def test_more_articles_than_the_bound_or_bulky_sources_are_refused_at_their_path():
    message = problem("datapackage", _with_sources(profiles.MAX_SOURCES + 1))
    assert message == (
        f"at $.sources: expected at most {profiles.MAX_SOURCES} items "
        f"(found an array of {profiles.MAX_SOURCES + 1})"
    ), message
    bulky = _with_sources(10)
    bulky["sources"][0]["notes"] = [[j] * 10 for j in range(profiles.MAX_ITEMS)]  # 11,000 values
    message = problem("datapackage", bulky)
    assert message is not None and message.startswith("at $: expected at most "), message
