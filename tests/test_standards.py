"""The descriptors follow the standards they claim: Data Package v2 (both packages) and its
JSON Schema profiles, vendored as package data in mali_conflict_data/profiles/2.0 (Unlicense,
from github.com/frictionlessdata/datapackage, public/profiles/2.0; SOURCE.json there)."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

import mali_conflict_data as mcd
from mali_conflict_data import release
from mali_conflict_data._profiles import FOLDER

PROFILES = FOLDER
V2 = "https://datapackage.org/profiles/2.0/datapackage.json"


def _validator(profile: str):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((PROFILES / f"{profile}.json").read_text())
    return jsonschema.Draft7Validator(schema)


def _errors(profile: str, descriptor: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in _validator(profile).iter_errors(descriptor)
    ]


@pytest.fixture(scope="module")
def unpacked(root, tmp_path_factory):
    folder = tmp_path_factory.mktemp("release")
    with zipfile.ZipFile(release.make_archive(root, folder / "dist")) as zipped:
        zipped.extractall(folder / "unpacked")
    return folder / "unpacked"


def _packages(root: Path, unpacked: Path) -> dict[str, Path]:
    return {"parquet": root / "datapackage.json", "csv": unpacked / "csv" / "datapackage.json"}


@pytest.mark.parametrize("package", ["parquet", "csv"])
def test_both_packages_pass_the_v2_json_schema(root, unpacked, package):
    path = _packages(root, unpacked)[package]
    descriptor = json.loads(path.read_text())
    assert descriptor["$schema"] == V2
    assert _errors("datapackage", descriptor) == []
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((path.parent / schema).read_text())
        assert _errors("tableschema", schema) == [], resource["name"]


def test_the_profile_refuses_what_v2_forbids(root):
    """The vendored profile is not vacuous: a resource without a path or data is refused,
    and so is a hash that is not text."""
    descriptor = json.loads((root / "datapackage.json").read_text())
    broken = json.loads(json.dumps(descriptor))
    del broken["resources"][0]["path"]
    broken["resources"][1]["hash"] = 42
    assert len(_errors("datapackage", broken)) >= 2


@pytest.mark.parametrize("package", ["parquet", "csv"])
def test_every_resource_is_a_table_with_standard_bytes_and_hash(root, unpacked, package):
    path = _packages(root, unpacked)[package]
    descriptor = json.loads(path.read_text())
    assert [r["name"] for r in descriptor["resources"]] == mcd.tables()
    for resource in descriptor["resources"]:
        data = (path.parent / resource["path"]).read_bytes()
        assert resource["type"] == "table", resource["name"]
        assert resource["bytes"] == len(data), resource["name"]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["name"]
        assert not {"file_bytes", "file_sha256"} & resource.keys()


def _raw_sources(root: Path) -> list[dict]:
    with open(root / "raw" / "sources.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("package", ["parquet", "csv"])
def test_sources_contributors_and_created(root, unpacked, package):
    descriptor = json.loads(_packages(root, unpacked)[package].read_text())
    rows = _raw_sources(root)
    assert descriptor["sources"] == [
        {"title": r["title"], "path": r["url"], "version": r["text_sha256"]} for r in rows
    ]
    assert descriptor["contributors"] and all(c["roles"] for c in descriptor["contributors"])
    newest = max(r["published_date_latest"] for r in rows)  # ISO dates sort as text
    assert descriptor["created"] == f"{newest}T00:00:00Z"


def test_foreign_keys_are_arrays_and_a_self_reference_names_no_resource(root):
    descriptor = json.loads((root / "datapackage.json").read_text())
    seen_self = False
    for resource in descriptor["resources"]:
        schema = json.loads((root / resource["schema"]).read_text())
        for fk in schema.get("foreignKeys", []):
            assert isinstance(fk["fields"], list) and isinstance(fk["reference"]["fields"], list)
            if "resource" in fk["reference"]:
                assert fk["reference"]["resource"] in mcd.tables()
                assert fk["reference"]["resource"] != resource["name"]
            else:
                seen_self = True
    assert seen_self, "declared: actors refer to their parent actor; found no self-reference"


def test_csv_package_stays_readable_in_r(unpacked):
    """R's frictionless needs the v1 resource profile and rejects list fields."""
    descriptor = json.loads((unpacked / "csv" / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        assert resource["profile"] == "tabular-data-resource", resource["name"]
        kinds = {f["type"] for f in resource["schema"]["fields"]}
        assert kinds <= {"string", "integer", "number", "boolean", "date"}, resource["name"]
