"""The coding of the articles: every quote verifies, every paragraph is accounted for."""

from __future__ import annotations

import pytest

import mali_conflict_data as mcd
from mali_conflict_data import coverage
from mali_conflict_data.validate import validate_raw


@pytest.fixture(scope="module")
def validated(root, sources_dir):
    return validate_raw(root / "raw", sources=sources_dir)


def test_raw_tables_validate_with_every_quote_found_in_its_source(validated):
    assert validated.quotes_checked
    assert validated.problems == []


def test_every_paragraph_is_coded_or_explained(root, sources_dir, validated):
    problems = coverage.check_record(
        root / "coding" / "coverage.csv", validated.frames(), sources_dir
    )
    assert problems == [], "\n".join(problems[:20])


def test_coverage_record_notices_an_unexplained_paragraph(root, sources_dir, validated, tmp_path):
    record = (root / "coding" / "coverage.csv").read_text(encoding="utf-8")
    edited = record.replace("Closing line.", "")
    (tmp_path / "coverage.csv").write_text(edited, encoding="utf-8")
    problems = coverage.check_record(tmp_path / "coverage.csv", validated.frames(), sources_dir)
    assert problems == [
        "truman-2013-baker line 68 ('Stay tuned to the events in Mali. They m'): "
        "no row is coded from it and no reason is given"
    ]


def test_coverage_record_notices_a_row_it_does_not_list(root, sources_dir, validated, tmp_path):
    lines = (root / "coding" / "coverage.csv").read_text(encoding="utf-8").splitlines()
    edited = [line.replace("casualties:cas-0007 ", "") for line in lines]
    (tmp_path / "coverage.csv").write_text("\n".join(edited) + "\n", encoding="utf-8")
    problems = coverage.check_record(tmp_path / "coverage.csv", validated.frames(), sources_dir)
    assert len(problems) == 1 and "cas-0007" in problems[0]


def test_every_source_text_is_fingerprinted(validated, sources_dir):
    sources = validated.tables["sources"].frame
    assert sorted(sources["text_file"]) == sorted(p.name for p in sources_dir.glob("0*.txt"))


def test_conflicting_coup_death_tolls_are_both_kept_and_listed():
    table = mcd.disagreements()
    coup = table[table["about"] == "ev-2020-08-18-coup / killed"]
    assert len(coup) == 1
    assert sorted(coup.iloc[0][["a_source_id", "b_source_id"]]) == ["cfr-gct-mali", "fp-2020-08-21"]
    assert sorted(coup.iloc[0][["a_words", "b_words"]]) == ["bloodless", "four dead"]


def test_misspelt_places_keep_their_spelling_as_alias():
    locations = mcd.load("locations").set_index("location_id")
    assert "Komma" in locations.at["konna", "aliases"]
    assert "Diably" in locations.at["diabaly", "aliases"]
    assert "Ogassagou" in locations.at["ogossagou", "aliases"]


def test_translations_of_a_name_are_one_actor():
    actors = mcd.load("actors").set_index("actor_id")
    assert "Movement for Unity and Jihad in West Africa" in actors.at["mojwa", "aliases"]
    assert actors.at["africa-corps", "parent_actor_id"] == "wagner-group"
    assert actors.at["africa-corps", "parent_relation"] == "rebrand_of"
