"""The coding of the articles: every quote verifies, every sentence is accounted for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data import coverage
from mali_conflict_data.validate import validate_raw


@pytest.fixture(scope="module")
def validated(root, sources_dir):
    return validate_raw(root / "raw", sources=sources_dir)


def test_raw_tables_validate_with_every_quote_found_in_its_source(validated):
    assert validated.quotes_checked
    assert validated.problems == []


def test_every_sentence_is_coded_or_explained(root, sources_dir, validated):
    problems = coverage.check_record(
        root / "coding" / "coverage.csv", validated.frames(), sources_dir
    )
    assert problems == [], "\n".join(problems[:20])


def test_coverage_record_notices_an_unexplained_sentence(root, sources_dir, validated, tmp_path):
    record = (root / "coding" / "coverage.csv").read_text(encoding="utf-8")
    edited = record.replace("Closing line.", "")
    (tmp_path / "coverage.csv").write_text(edited, encoding="utf-8")
    problems = coverage.check_record(tmp_path / "coverage.csv", validated.frames(), sources_dir)
    assert problems == [
        "truman-2013-baker line 68 sentence 1 ('Stay tuned to the events in Mali.'): "
        "no row is coded from it and no reason is given",
        "truman-2013-baker line 68 sentence 2 ('They may shape U.S. foreign policy for y'): "
        "no row is coded from it and no reason is given",
    ]


def test_an_uncoded_sentence_in_a_coded_paragraph_needs_its_own_reason(
    root, sources_dir, validated, tmp_path
):
    # Foreign Policy line 21: sentence 1 names al Qaeda and the Islamic State; sentence 2
    # is commentary. Removing sentence 2's reason is noticed although its paragraph is coded.
    lines = (root / "coding" / "coverage.csv").read_text(encoding="utf-8").splitlines()
    edited = [
        line.rsplit(",", 1)[0] + "," if line.startswith("fp-2020-08-21,21,2,") else line
        for line in lines
    ]
    (tmp_path / "coverage.csv").write_text("\n".join(edited) + "\n", encoding="utf-8")
    problems = coverage.check_record(tmp_path / "coverage.csv", validated.frames(), sources_dir)
    assert len(problems) == 1 and problems[0].startswith("fp-2020-08-21 line 21 sentence 2 ")


def test_coverage_record_notices_a_row_it_does_not_list(root, sources_dir, validated, tmp_path):
    lines = (root / "coding" / "coverage.csv").read_text(encoding="utf-8").splitlines()
    edited = [line.replace("casualties:cas-0007 ", "") for line in lines]
    (tmp_path / "coverage.csv").write_text("\n".join(edited) + "\n", encoding="utf-8")
    problems = coverage.check_record(tmp_path / "coverage.csv", validated.frames(), sources_dir)
    assert len(problems) == 1 and "cas-0007" in problems[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Col. Assimi Goita, a Malian military officer, trained with U.S. forces. He led it.",
            [
                "Col. Assimi Goita, a Malian military officer, trained with U.S. forces.",
                "He led it.",
            ],
        ),
        (
            "Soldiers in Bamako, Mali, on Aug. 18. Malik Konate / AFP via Getty Images",
            ["Soldiers in Bamako, Mali, on Aug. 18.", "Malik Konate / AFP via Getty Images"],
        ),
        (
            "“It’s clear,” said J. Peter Pham, on Friday. He stressed it.",
            ["“It’s clear,” said J. Peter Pham, on Friday.", "He stressed it."],
        ),
        (
            "On Sept. 17, militants attacked. The government said it was “under control.” Then.",
            [
                "On Sept. 17, militants attacked.",
                "The government said it was “under control.”",
                "Then.",
            ],
        ),
    ],
)
def test_sentences_keep_abbreviations_and_quotations_whole(text, expected):
    split = coverage.split_sentences(text)
    assert [sentence for _, sentence in split] == expected
    assert all(text[start:].startswith(sentence) for start, sentence in split)


def test_a_repeated_paragraph_is_recorded_once_whole(sources_dir, validated):
    found = coverage.sentences(validated.frames()["sources"], sources_dir)
    repeats = [s for s in found if s.number == 0]
    assert ("fp-2020-08-21", 13, 9) in {(s.source_id, s.line, s.duplicate_of) for s in repeats}
    assert not [s for s in found if (s.source_id, s.line) == ("fp-2020-08-21", 13) and s.number]


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


def test_a_quote_over_two_sentences_is_listed_on_both(root, sources_dir, validated):
    # WPR: "... have not been spared from these reprisals either.  The day after the
    # attacks, one Tuareg soldier ... was found dead": one quote, two sentences
    rows = coverage.rows_by_sentence(validated.frames(), sources_dir)
    label = "events:ev-2024-09-18-tuareg-soldier-death"
    holding = sorted(key for key, labels in rows.items() if label in labels)
    assert len(holding) == 2 and holding[0][:2] == holding[1][:2]
    assert holding[1][2] == holding[0][2] + 1


_WORDS = ["Col.", "U.S.", "Aug.", "Mali", "troops", "“under control,”", "said", "18.", "the", "J."]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8), min_size=1, max_size=5))
def test_the_sentences_of_a_paragraph_lose_and_add_nothing(groups):
    paragraph = "  ".join(" ".join(words) + "." for words in groups)
    split = coverage.split_sentences(paragraph)
    folded = " ".join(paragraph.split())
    rebuilt = ""
    for start, sentence in split:
        assert folded[start : start + len(sentence)] == sentence
        assert start >= len(rebuilt)
        rebuilt = rebuilt.ljust(start) + sentence
    assert rebuilt == folded
