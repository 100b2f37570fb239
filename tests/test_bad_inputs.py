"""A corpus of small bad files: each is caught with its exact message and location.

Each folder under tests/data/bad/ holds one CSV that replaces the table of the
same name in the small valid project tests/data/minimal/ (its own source texts
are in tests/data/minimal/sources/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mali_conflict_data.problems import Problem, format_problems
from mali_conflict_data.schema import EVENT_TYPES
from mali_conflict_data.validate import validate_raw

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal"
QUALIFIER = "the bounds do not fit the qualifier: "
AFTER = "after its article was published; check the date or the source"
COUNT_TEXT = (
    "the number in count_text does not fit the bounds: N words give low = best = high = N "
    "(exact), best = N (approximately), low = N (at_least), low = N + 1 (more_than), high = N "
    "(at_most), low = N and high = M (range), the constants of one of the coding guide's vague "
    "words (vague; other vague words are unknown) and no number (unknown)"
)
COUNT_COLUMNS = "count_text, qualifier, low, best, high"
SPANS = (
    "date_start and date_end must span exactly what date_precision says: one day (day), 2 to 7 "
    "days (week), one calendar month (month), one calendar year (year) or any other interval "
    "(range)"
)
OUTLASTS = (
    "after its article was published: an article reports only what happened by then; end the "
    "interval by the article's last possible day"
)
ENDS_AFTER, REPORTED_ENDS = f"ends {OUTLASTS}", f"the event it reports ends {OUTLASTS}"
NOT_REPORTING = (
    "this article does not report the event: use the event's article, or add an event_reports "
    "row for this article first"
)
SAME_FIGURE = "part_of_casualty_id must name another row with the same event_id, source_id, outcome"

# case: [(file, line, column, rule, message), ...] -- every problem the case must produce.
EXPECTED = {
    "missing_column": [
        ("raw/events.csv", 1, "description", "header", "required column is missing")
    ],
    "extra_column": [("raw/events.csv", 1, "notes", "header", "unexpected column; remove it")],
    "renamed_column": [
        ("raw/events.csv", 1, "desc", "header", "unexpected column; did you mean 'description'?"),
        ("raw/events.csv", 1, "description", "header", "required column is missing"),
    ],
    "wrong_delimiter": [
        (
            "raw/event_reports.csv",
            1,
            None,
            "file_format",
            "the header is not comma-separated; save the file as CSV with ',' as delimiter",
        ),
    ],
    "wrong_number_of_cells": [
        (
            "raw/event_reports.csv",
            2,
            None,
            "file_format",
            "the row has 11 cells but the header has 10; check for a missing or extra comma, or "
            "quote cells that contain commas",
        ),
    ],
    "not_utf8": [
        (
            "raw/event_reports.csv",
            2,
            None,
            "file_format",
            "the file is not valid UTF-8 (byte 0xe9); save it as UTF-8",
        ),
    ],
    "byte_order_mark": [
        (
            "raw/event_reports.csv",
            1,
            None,
            "file_format",
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        ),
    ],
    "crlf_line_endings": [
        (
            "raw/event_reports.csv",
            1,
            None,
            "file_format",
            "the file has Windows (CRLF) or old Mac (CR) line endings; save it with LF endings",
        ),
    ],
    "empty_file": [
        (
            "raw/event_reports.csv",
            None,
            None,
            "file_format",
            "the file is empty; it needs at least a header line",
        ),
    ],
    "header_only": [  # without its report, report-b's figure has no event to be about
        ("raw/casualties.csv", 3, "source_id", "source_reports_event", NOT_REPORTING),
        ("raw/event_reports.csv", None, None, "file_format", "the file has a header but no rows"),
    ],
    "duplicate_id": [
        (
            "raw/actors.csv",
            8,
            "actor_id",
            "duplicate_id",
            "repeats the identifier on line 3; ids must be unique",
        ),
    ],
    "dangling_foreign_key": [
        (
            "raw/events.csv",
            2,
            "location_id",
            "foreign_key",
            "does not match any locations.location_id; add that row or fix the id",
        ),
    ],
    "unparseable_date": [
        (
            "raw/events.csv",
            2,
            "date_start",
            "date",
            "is not a real calendar date written YYYY-MM-DD",
        ),
    ],
    "impossible_date": [
        (
            "raw/sanctions.csv",
            2,
            "imposed_date",
            "date",
            "is not a real calendar date written YYYY-MM-DD",
        ),
    ],
    "date_after_publication": [
        (
            "raw/event_reports.csv",
            2,
            "event_id",
            "date_after_publication",
            f"the event it reports starts {AFTER}",
        ),
        ("raw/events.csv", 2, "date_start", "date_after_publication", f"is dated {AFTER}"),
    ],
    "negative_count": [("raw/casualties.csv", 2, "low", "negative_count", "must not be negative")],
    "low_above_high": [
        (
            "raw/casualties.csv",
            3,
            "low, best, high",
            "low_best_high_ordered",
            "low must not exceed best, and best must not exceed high",
        ),
        (
            "raw/casualties.csv",
            3,
            "qualifier, low, best, high",
            "qualifier_matches_bounds",
            QUALIFIER + "exact needs low and best and high (all equal)",
        ),
    ],
    "qualifier_inconsistent_with_bounds": [
        (
            "raw/casualties.csv",
            2,
            "qualifier, low, best, high",
            "qualifier_matches_bounds",
            QUALIFIER + "at_most needs high, with no low",
        ),
    ],
    "quote_not_in_source": [
        (
            "raw/event_actors.csv",
            2,
            "quote",
            "quote_in_source",
            "does not occur in the text of report-a (spacing aside); copy it verbatim",
        ),
    ],
    "quote_too_long": [
        ("raw/events.csv", 2, "quote", "too_long", "must be at most 400 characters")
    ],
    "leading_or_trailing_spaces": [
        ("raw/actors.csv", 2, "name", "whitespace", "has leading or trailing spaces; remove them"),
    ],
    "not_unicode_nfc": [
        (
            "raw/events.csv",
            2,
            "description",
            "unicode_nfc",
            "is not in Unicode NFC form; normalise it (e.g. unicodedata.normalize('NFC', text))",
        ),
    ],
    "spreadsheet_formula": [
        (
            "raw/events.csv",
            2,
            "description",
            "formula_injection",
            "starts with =, +, - or @, which spreadsheets run as a formula; reword the start",
        ),
    ],
    "latitude_longitude_swapped": [
        (
            "raw/locations.csv",
            3,
            "latitude, longitude",
            "coordinates_in_country",
            "looks swapped with longitude; latitude comes first",
        ),
    ],
    "coordinates_outside_country": [
        (
            "raw/locations.csv",
            3,
            "latitude, longitude",
            "coordinates_in_country",
            "lies outside the bounding box of MLI",
        ),
    ],
    "duplicate_row_but_for_case_and_spacing": [
        ("raw/casualties.csv", 4, None, "duplicate_row", "repeats line 3 but for case or spacing"),
    ],
    "unknown_vocabulary_value": [
        (
            "raw/events.csv",
            2,
            "event_type",
            "vocabulary",
            "is not one of the allowed values: " + ", ".join(EVENT_TYPES),
        ),
    ],
    "required_value_missing": [("raw/actors.csv", 3, "name", "required", "is required but empty")],
    "date_start_after_date_end": [
        (
            "raw/deployments.csv",
            2,
            "date_start, date_end",
            "date_start_not_after_date_end",
            "date_start must not be after date_end",
        ),
    ],
    "dates_inconsistent_with_precision": [
        (
            "raw/deployments.csv",
            2,
            "date_start, date_end, date_precision",
            "dates_match_precision",
            SPANS,
        ),
        (  # three days are a week: 'range' is for what no other word describes
            "raw/deployments.csv",
            3,
            "date_start, date_end, date_precision",
            "dates_match_precision",
            SPANS,
        ),
    ],
    "count_text_disagrees_with_bounds": [
        ("raw/casualties.csv", 2, COUNT_COLUMNS, "count_text_matches_bounds", COUNT_TEXT),
        ("raw/casualties.csv", 3, COUNT_COLUMNS, "count_text_matches_bounds", COUNT_TEXT),
        ("raw/deployments.csv", 2, COUNT_COLUMNS, "count_text_matches_bounds", COUNT_TEXT),
    ],
    "part_of_figure": [  # another article; larger than its whole; itself (line 7 is valid)
        (
            "raw/casualties.csv",
            3,
            "part_of_casualty_id, event_id, source_id, outcome",
            "part_of_casualty_id_same_figure",
            SAME_FIGURE,
        ),
        (
            "raw/casualties.csv",
            4,
            "part_of_casualty_id, low, best, high",
            "part_of_casualty_id_not_larger",
            "the figure is larger than the one named in part_of_casualty_id; a part cannot "
            "exceed its whole",
        ),
        (
            "raw/casualties.csv",
            6,
            "part_of_casualty_id, event_id, source_id, outcome",
            "part_of_casualty_id_same_figure",
            SAME_FIGURE,
        ),
    ],
    # report-a may be published 4 to 10 May: facts starting by 10 May pass, later ones do not;
    # planned figures are not facts that happened
    "article_not_reporting_event": [  # report-b gives a figure and a role for report-a's event
        ("raw/casualties.csv", 4, "source_id", "source_reports_event", NOT_REPORTING),
        ("raw/event_actors.csv", 4, "source_id", "source_reports_event", NOT_REPORTING),
    ],
    "event_ends_after_publication": [  # report-a (10 May) and report-b (20 May): to 22 May
        ("raw/event_reports.csv", 2, "date_end", "date_end_after_publication", ENDS_AFTER),
        ("raw/event_reports.csv", 2, "event_id", "date_end_after_publication", REPORTED_ENDS),
        ("raw/events.csv", 2, "date_end", "date_end_after_publication", ENDS_AFTER),
    ],
    "facts_after_publication": [
        ("raw/deployments.csv", 2, "date_start", "date_after_publication", f"is dated {AFTER}"),
        ("raw/event_reports.csv", 2, "date_start", "date_after_publication", f"is dated {AFTER}"),
        ("raw/sanctions.csv", 2, "imposed_date", "date_after_publication", f"is dated {AFTER}"),
    ],
    "publication_dates_inconsistent": [
        (
            "raw/sources.csv",
            2,
            "published_date, published_date_latest",
            "published_date_not_after_published_date_latest",
            "published_date must not be after published_date_latest",
        ),
        (
            "raw/sources.csv",
            3,
            "published_date, published_date_latest, published_date_precision",
            "published_date_matches_precision",
            "published_date and published_date_latest must span exactly what "
            "published_date_precision says: one day (day), 2 to 7 days (week), one calendar "
            "month (month), one calendar year (year) or any other interval (range)",
        ),
    ],
    "event_report_dates_incomplete": [
        (
            "raw/event_reports.csv",
            2,
            "date_start, date_end, date_precision, date_inferred",
            "date_start_filled_together",
            "date_start, date_end, date_precision and date_inferred must all be filled or all be "
            "empty",
        ),
    ],
    "names_without_source": [
        (
            "raw/actor_names.csv",
            7,
            "name",
            "name_in_actors",
            "is neither the actor's name nor one of its aliases in actors.csv; add it to aliases",
        ),
        (
            "raw/actor_names.csv",
            8,
            "name",
            "name_in_quote",
            "must appear word for word in the quote",
        ),
        (
            "raw/actors.csv",
            2,
            "aliases",
            "alias_in_actor_names",
            "has no row in actor_names giving an article that uses it; add one",
        ),
    ],
    "relation_without_source": [
        (
            "raw/actors.csv",
            2,
            "parent_actor_id",
            "relation_in_actor_relations",
            "no row of actor_relations states this relation; add the article that states it",
        ),
    ],
}


def project_with(case: str, tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    for bad_file in (DATA / "bad" / case).iterdir():
        shutil.copy(bad_file, tmp_path / "raw" / bad_file.name)
    return tmp_path / "raw"


def found(problems: list[Problem]) -> list[tuple]:
    return sorted((p.file, p.line, p.column, p.rule, p.message) for p in problems)


def test_the_minimal_project_is_valid():
    result = validate_raw(MINIMAL / "raw", sources=MINIMAL / "sources")
    assert result.quotes_checked
    assert result.problems == []


def test_every_bad_file_has_an_expectation():
    assert sorted(p.name for p in (DATA / "bad").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_file_is_reported_exactly(case, tmp_path):
    result = validate_raw(project_with(case, tmp_path), sources=MINIMAL / "sources")
    expected = sorted(EXPECTED[case])
    assert found(result.problems) == expected, (
        f"declared:\n{expected}\nfound:\n{format_problems(result.problems)}"
    )
    assert not result.ok


def test_problems_show_the_offending_value(tmp_path):
    result = validate_raw(project_with("unparseable_date", tmp_path), sources=MINIMAL / "sources")
    assert [p.value for p in result.problems] == ["3 May 2020"]


def test_all_problems_of_a_run_come_together(tmp_path):
    raw = project_with("negative_count", tmp_path)
    for case in ("spreadsheet_formula", "duplicate_id"):
        for bad_file in (DATA / "bad" / case).iterdir():
            shutil.copy(bad_file, raw / bad_file.name)
    rules = {p.rule for p in validate_raw(raw, sources=MINIMAL / "sources").problems}
    assert rules == {"negative_count", "formula_injection", "duplicate_id"}
