"""Property tests: generated valid tables pass; any single mutation of one is caught."""

from __future__ import annotations

import csv
import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_conflict_data._figures import VAGUE
from mali_conflict_data._rules import QUALIFIER_BOUNDS
from mali_conflict_data.model import OUTCOMES, TABLES, VICTIM_GROUPS
from mali_conflict_data.validate import validate_raw

# full suite only (a validation per example): `pytest -m generated` runs these
pytestmark = pytest.mark.generated

MINIMAL = Path(__file__).parent / "data" / "minimal"
HEADER = list(TABLES["casualties"].columns)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def figure(draw) -> dict[str, str]:
    """low / best / high and a qualifier that agree, as CSV cells."""
    qualifier = draw(st.sampled_from(sorted(QUALIFIER_BOUNDS)))
    # small numbers, and numbers near 2**53, where floats stop being exact
    n = draw(st.one_of(st.integers(0, 10_000), st.integers(2**53 - 1, 2**53 + 2)))
    span = draw(st.integers(1, 1_000))
    word = draw(st.sampled_from(VAGUE))  # vague words take their constants
    cells = {
        "exact": (n, n, n),
        "approximately": (None, n, None),
        "at_least": (n, None, None),
        "more_than": (n + 1, None, None),
        "at_most": (None, None, n),
        "range": (n, None, n + span),
        "vague": (word.low, None, word.high),
        "unknown": (None, None, None),
    }[qualifier]
    low, best, high = ("" if v is None else str(v) for v in cells)
    # no number in the words: any bounds fit, except vague words, which give their own
    words = f"{word.words} soldiers" if qualifier == "vague" else "soldiers"
    return {"qualifier": qualifier, "low": low, "best": best, "high": high, "count_text": words}


@st.composite
def casualty_rows(draw) -> list[dict[str, str]]:
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(OUTCOMES), st.sampled_from(VICTIM_GROUPS), figure()),
            min_size=1,
            max_size=6,
            unique_by=lambda r: (r[0], r[1], tuple(r[2].values())),
        )
    )
    return [
        {
            "casualty_id": f"cas-{i:04d}",
            "event_id": "ev-2020-05-03-kati-attack",
            "outcome": outcome,
            "victim_group": group,
            "victim_detail": "",
            **numbers,
            "attributed_to": "",
            "source_id": "report-a",
            "quote": f"killing {numbers['count_text']}"
            if numbers["qualifier"] == "vague"
            else "killing at least 12 soldiers",
        }
        for i, (outcome, group, numbers) in enumerate(rows, 1)
    ]


def with_vague_words(folder: Path, sources_csv: Path) -> Path:
    """A copy of the sample texts where report A also says "killing <vague word> soldiers".

    Its recorded SHA-256 in ``sources_csv`` is updated to the new text.
    """
    shutil.copytree(MINIMAL / "sources", folder)
    text = folder / "report-a.txt"
    sentences = " ".join(f"Elsewhere, killing {w.words} soldiers." for w in VAGUE)
    text.write_text(text.read_text(encoding="utf-8") + "\n" + sentences + "\n", encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    with sources_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["source_id"] == "report-a":
            row["text_sha256"] = digest
    with sources_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def validate_rows(rows: list[dict[str, str]]):
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(MINIMAL / "raw", raw)
        sources = with_vague_words(Path(tmp) / "sources", raw / "sources.csv")
        with (raw / "casualties.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, HEADER, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return validate_raw(raw, sources=sources)


@SETTINGS
@given(casualty_rows())
def test_generated_valid_casualties_pass(rows):
    result = validate_rows(rows)
    assert result.problems == []


def _mutations(row: dict[str, str]) -> dict[str, tuple[dict[str, str], set[tuple[str, str]]]]:
    """Single-cell changes, each with the (column, rule) problems it must give on its line.

    Each breaks exactly one rule, but for a dangling event, whose article then also
    no longer reports it.
    """
    return {
        "negative count": (
            {"low": "-1", "qualifier": "at_least", "best": "", "high": ""},
            {("low", "negative_count")},
        ),
        "low above high": (
            {"low": "9", "best": "", "high": "3", "qualifier": "range"},
            {("low, best, high", "low_best_high_ordered")},
        ),
        "qualifier without its bound": (
            {"qualifier": "at_most", "low": "5", "best": "", "high": ""},
            {("qualifier, low, best, high", "qualifier_matches_bounds")},
        ),
        "unknown outcome": ({"outcome": "wounded"}, {("outcome", "vocabulary")}),
        "dangling event": (
            {"event_id": "ev-1999-01-01-nothing"},
            {("event_id", "foreign_key"), ("source_id", "source_reports_event")},
        ),
        "not a number": (
            {"best": "twelve", "qualifier": "approximately", "low": "", "high": ""},
            {("best", "integer")},
        ),
        "formula": ({"victim_detail": "=1+1"}, {("victim_detail", "formula_injection")}),
        "quote not in source": (
            {"quote": row["quote"] + " and more"},
            {("quote", "quote_in_source")},
        ),
        "bad id": ({"casualty_id": "casualty-1"}, {("casualty_id", "id_pattern")}),
    }


@SETTINGS
@given(casualty_rows(), st.data())
def test_every_single_mutation_is_caught_on_its_line(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1), label="row")
    name, (change, expected) = data.draw(
        st.sampled_from(sorted(_mutations(rows[index]).items())), label="mutation"
    )
    rows[index] = {**rows[index], **change}
    result = validate_rows(rows)
    line = index + 2
    found = {(p.file, p.line, p.column, p.rule) for p in result.problems}
    declared = {("raw/casualties.csv", line, column, rule) for column, rule in expected}
    assert found == declared, (
        f"{name} on line {line}\n  declared: {sorted(declared)}\n  found: {sorted(found)}"
    )
