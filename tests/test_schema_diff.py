"""diff.schema_changes: every kind of change to the table definitions, generated from the
model (each table, each column, each vocabulary value), against a plain reference."""

from __future__ import annotations

import json
import shutil

import pytest

import mali_conflict_data as mcd
from mali_conflict_data.diff import diff, schema_changes, summarise_diff
from mali_conflict_data.metadata import tables

TABLES = tables(mcd.data_dir())


@pytest.fixture
def old(tmp_path):
    """A copy of the descriptors of the current build (what schema_changes reads)."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy2(mcd.data_dir() / "datapackage.json", folder / "datapackage.json")
    shutil.copytree(mcd.data_dir() / "schemas", folder / "schemas")
    return folder


def _edit(folder, name, change) -> None:
    path = folder / "schemas" / f"{name}.json"
    schema = json.loads(path.read_text())
    change(schema)
    path.write_text(json.dumps(schema))


def _found(old) -> list[tuple]:
    return [tuple(r) for r in schema_changes(old, mcd.data_dir()).itertuples(index=False)]


@pytest.mark.parametrize("name", list(TABLES))
def test_a_new_table_is_reported(old, name):
    path = old / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != name]
    path.write_text(json.dumps(descriptor))
    assert _found(old) == [(name, "table added", "", "")]


@pytest.mark.parametrize(
    ("name", "column"), [(t, c.name) for t in TABLES for c in TABLES[t].columns]
)
def test_a_new_column_is_reported(old, name, column):
    _edit(old, name, lambda s: s.update(fields=[f for f in s["fields"] if f["name"] != column]))
    kind = TABLES[name].column(column).kind
    assert _found(old) == [(name, "column added", column, kind)]


@pytest.mark.parametrize(
    ("name", "column"),
    [(t, c.name) for t in TABLES for c in TABLES[t].columns if c.kind == "vocabulary"],
)
def test_a_new_vocabulary_value_is_reported(old, name, column):
    value = TABLES[name].column(column).vocabulary[-1]

    def drop(schema):
        for field in schema["fields"]:
            if field["name"] == column:
                field["constraints"]["enum"].remove(value)

    _edit(old, name, drop)
    assert _found(old) == [(name, "value added", column, value)]
    assert f"values added to `{column}`: `{value}`" in summarise_diff(
        diff(mcd.data_dir(), mcd.data_dir()), schema_changes(old, mcd.data_dir())
    )


def test_a_removed_column_and_a_required_column_are_reported(old):
    table = TABLES["events"]
    optional = next(c for c in table.columns if not c.required)

    def change(schema):
        schema["fields"].append({"name": "gone", "type": "string", "description": "Old."})
        for field in schema["fields"]:
            if field["name"] == optional.name:
                field.setdefault("constraints", {})["required"] = True

    _edit(old, "events", change)
    assert sorted(_found(old)) == sorted(
        [("events", "column removed", "gone", ""), ("events", "now optional", optional.name, "")]
    )


def test_no_schema_change_says_so(old):
    assert _found(old) == []
    same = diff(mcd.data_dir(), mcd.data_dir())
    assert summarise_diff(same, schema_changes(old, mcd.data_dir())) == "No data changes."
