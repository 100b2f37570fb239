"""Generated cases for the interval and subset rules: caught exactly when they should be."""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_properties import figure, with_vague_words

from mali_conflict_data.schema import SCHEMAS
from mali_conflict_data.validate import validate_raw

# full suite only (a validation per example): `pytest -m generated` runs these
pytestmark = pytest.mark.generated

MINIMAL = Path(__file__).parent / "data" / "minimal"
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def validate_with(tables: dict[str, list[dict[str, str]]], *, vague_words: bool = False):
    """Validate the minimal project with some tables replaced by ``tables``.

    With ``vague_words``, report A also says "killing <vague word> soldiers" for each
    of the coding guide's vague words (see ``test_properties.with_vague_words``).
    """
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(MINIMAL / "raw", raw)
        sources = MINIMAL / "sources"
        if vague_words:
            sources = with_vague_words(Path(tmp) / "sources", raw / "sources.csv")
        for name, rows in tables.items():
            with (raw / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, list(SCHEMAS[name].columns), lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        return validate_raw(raw, sources=sources)


def read_rows(name: str) -> list[dict[str, str]]:
    with (MINIMAL / "raw" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def precision_of(first: dt.date, last: dt.date) -> str:
    """The precision word an interval takes: a day, a week (2 to 7 days), a month, a range."""
    span = (last - first).days
    following = (first + dt.timedelta(days=32)).replace(day=1)
    if span == 0:
        return "day"
    if span <= 6:
        return "week"
    if first.day == 1 and last == following - dt.timedelta(days=1):
        return "month"
    return "range"


@st.composite
def publication(draw) -> tuple[dt.date, dt.date, str]:
    """An interval of possible publication days matching its precision."""
    precision = draw(st.sampled_from(["day", "month", "range"]))
    first = dt.date(2020, 4, 1) + dt.timedelta(days=draw(st.integers(0, 90)))
    if precision == "day":
        return first, first, precision
    if precision == "month":
        first = first.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1), precision
    last = first + dt.timedelta(days=draw(st.integers(1, 60)))
    return first, last, precision_of(first, last)


@SETTINGS
@given(publication(), st.integers(-40, 40), st.integers(0, 5))
def test_an_event_is_late_exactly_when_it_starts_after_the_last_publication_day(
    published, offset, length
):
    first, last, precision = published
    start = last + dt.timedelta(days=offset)
    sources = read_rows("sources")
    sources[0].update(
        published_date=first.isoformat(),
        published_date_latest=last.isoformat(),
        published_date_precision=precision,
    )
    events = read_rows("events")
    events[0].update(
        date_start=start.isoformat(),
        date_end=(start + dt.timedelta(days=length)).isoformat(),
        date_precision=precision_of(start, start + dt.timedelta(days=length)),
    )
    result = validate_with({"sources": sources, "events": events})
    late = {
        p.line
        for p in result.problems
        if (p.file, p.rule) == ("raw/events.csv", "date_after_publication")
    }
    assert late == ({2} if start > last else set())
    # an event that starts in time but runs past the last possible day ends too late
    end = start + dt.timedelta(days=length)
    ends_late = {
        p.line
        for p in result.problems
        if (p.file, p.rule) == ("raw/events.csv", "date_end_after_publication")
    }
    assert ends_late == ({2} if start <= last < end else set())
    assert not [p for p in result.problems if p.file == "raw/sources.csv"]


def lowest(cells: dict[str, str]) -> int:
    """The smallest number the cells allow, as a Python int (exact at any size)."""
    for column in ("low", "best"):
        if cells[column]:
            return int(cells[column])
    return 0


def highest(cells: dict[str, str]) -> int | float:
    """The largest number the cells allow, as a Python int; infinity when unbounded."""
    for column in ("high", "best"):
        if cells[column]:
            return int(cells[column])
    return math.inf


def _cells(qualifier: str, low="", best="", high="") -> dict[str, str]:
    cells = {"qualifier": qualifier, "low": low, "best": best, "high": high}
    return {**cells, "count_text": "soldiers"}


@SETTINGS
@given(figure(), figure())
# compared as floats, one more than a whole of 2**53 was not larger (2**53 + 1 is no float)
@example(_cells("at_most", high=str(2**53)), _cells("more_than", low=str(2**53 + 1)))
def test_a_part_is_caught_exactly_when_it_must_exceed_its_whole(whole, part):
    base = {
        "event_id": "ev-2020-05-03-kati-attack",
        "outcome": "killed",
        "victim_group": "soldiers",
        "victim_detail": "",
        "attributed_to": "",
        "source_id": "report-a",
    }

    def quoted(figure: dict[str, str]) -> dict[str, str]:
        # no number in the words ("soldiers", or a vague word with its constants): only
        # the subset rule applies; a vague word is quoted where report A says it
        vague = figure["qualifier"] == "vague"
        return {
            "quote": f"killing {figure['count_text']}" if vague else "killing at least 12 soldiers"
        }

    rows = [
        {**base, **whole, **quoted(whole), "casualty_id": "cas-0001", "part_of_casualty_id": ""},
        {
            **base,
            **part,
            **quoted(part),
            "casualty_id": "cas-0002",
            "part_of_casualty_id": "cas-0001",
        },
    ]
    result = validate_with({"casualties": rows}, vague_words=True)
    assert {(p.line, p.rule) for p in result.problems} == (
        {(3, "part_of_casualty_id_not_larger")} if lowest(part) > highest(whole) else set()
    )
