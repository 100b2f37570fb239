"""The build: up to date, deterministic, atomic, and stale outputs detected."""

from __future__ import annotations

import pytest
from conftest import snapshot

from mali_conflict_data import build


def test_committed_outputs_are_up_to_date(root, sources_dir):
    stale = build.check(root, sources=sources_dir)
    assert stale == [], "run `mali-conflict-data build` and commit:\n" + "\n".join(stale)


def test_two_builds_of_the_same_raw_are_byte_identical(project, tmp_path_factory):
    build.build(project)
    first = snapshot(project)
    build.build(project)
    second = snapshot(project)
    assert first.keys() == second.keys()
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def test_build_reproduces_the_committed_files(project, root):
    before = snapshot(project)
    build.build(project)
    after = snapshot(project)
    differing = [path for path in before if before[path] != after.get(path)]
    assert differing == [], f"a fresh build differs from the committed files: {differing}"


def test_failed_build_changes_nothing(project):
    before = snapshot(project)
    events = project / "raw" / "events.csv"
    events.write_text(events.read_text().replace(",day,", ",dya,", 1))
    with pytest.raises(build.BuildError) as error:
        build.build(project)
    assert any(p.rule == "vocabulary" for p in error.value.validation.problems)
    assert snapshot(project) == before
    assert not list(project.glob(".build-staging-*")), "staging folder left behind"


def test_interrupted_build_leaves_no_partial_files(project, monkeypatch):
    before = snapshot(project)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "codebook", crash)  # dies after the Parquet files are staged
    with pytest.raises(KeyboardInterrupt):
        build.build(project)
    assert snapshot(project) == before
    assert not list(project.glob(".build-staging-*"))


def test_check_reports_a_changed_raw_table(project):
    casualties = project / "raw" / "casualties.csv"
    casualties.write_text(casualties.read_text().replace("four dead", "four  dead", 1))
    stale = build.check(project)
    assert stale == ["build/casualties.parquet differs from a fresh build of raw/"]


def test_check_reports_a_hand_edited_generated_file(project):
    codebook = project / "docs" / "codebook.md"
    codebook.write_text(codebook.read_text() + "\nhand edit\n")
    assert build.check(project) == ["docs/codebook.md differs from a fresh build"]


def test_check_reports_a_wrong_checksum(project):
    descriptor = project / "datapackage.json"
    text = descriptor.read_text()
    import json

    data = json.loads(text)
    data["resources"][0]["hash"] = "sha256:" + "0" * 64
    descriptor.write_text(json.dumps(data, indent=2))
    assert any("SHA-256 of build/sources.parquet" in m for m in build.check(project))


def test_check_reports_a_croissant_hash_that_does_not_match(project):
    import json

    path = project / "croissant.json"
    data = json.loads(path.read_text())
    data["distribution"][0]["sha256"] = "0" * 64
    path.write_text(json.dumps(data, indent=2))
    assert build.check(project) == [
        f"croissant.json: size or SHA-256 of {data['distribution'][0]['contentUrl']} do not match"
    ]


def test_check_reports_a_hand_edited_croissant(project):
    import json

    path = project / "croissant.json"
    data = json.loads(path.read_text())
    data["recordSet"][0]["description"] += " (edited)"
    path.write_text(json.dumps(data, indent=2))
    assert build.check(project) == ["croissant.json differs from a fresh build"]
