"""The overview's killed-per-month figure: the ``country_month`` rows, drawn as they are.

Expectations come from the loaded tables through plain loops (other developers add
rows), never hard-coded: which months have a figure (an event dated inside the month
reports people killed), what each month's low / best / high are, and how many events
are dated only to a range across months (in no month's total).
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mali_conflict_data import model
from mali_conflict_data.load import data_dir, read_all
from mali_conflict_data.periods import derive_period_table
from mali_conflict_data.report import figures, write_site
from mali_conflict_data.report.html import number
from mali_conflict_data.report.pages import (
    _monthly,
    killed_per_month,
    month_records,
    year_records,
)

KILLED = [f"{model.HEADLINE_OUTCOME}_{b}" for b in model.BOUNDS]


@pytest.fixture(scope="module")
def frames():
    return read_all(data_dir())


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("site")
    write_site(data_dir(), out)
    return (out / "index.html").read_text("utf-8")


def _value(value):
    return None if pd.isna(value) else int(value)


def _reported_months(summary: pd.DataFrame) -> set[tuple[str, int, int]]:
    """Plain loop: (country, year, month) of each event inside one month reporting killed."""
    found = set()
    for _, row in summary.iterrows():
        if pd.isna(row["country_iso3"]) or all(pd.isna(row[c]) for c in KILLED):
            continue
        start = row["date_start"]
        end = row["date_end"] if not pd.isna(row["date_end"]) else start
        if (start.year, start.month) == (end.year, end.month):
            found.add((str(row["country_iso3"]), start.year, start.month))
    return found


def _spanning(summary: pd.DataFrame) -> int:
    """Plain loop: events with a country dated to an interval across months."""
    n = 0
    for _, row in summary.iterrows():
        end = row["date_end"] if not pd.isna(row["date_end"]) else row["date_start"]
        start = row["date_start"]
        n += not pd.isna(row["country_iso3"]) and (start.year, start.month) != (
            end.year,
            end.month,
        )
    return n


def _year_month(record: dict) -> tuple[int, int]:
    year, month = record["period"].split("-")
    return int(year), int(month)


def _check_records(frames) -> list[dict]:
    """Every plotted record equals its country_month row; every month with a figure is drawn."""
    panel = frames["country_month"].set_index(["country_iso3", "year", "month"])
    records = month_records(frames)
    expected = _reported_months(frames["event_summary"])
    drawn = {(r["country_iso3"], *_year_month(r)) for r in records}
    assert drawn == expected, (
        f"months declared (with a figure) {sorted(expected)} vs drawn {sorted(drawn)}"
    )
    for r in records:
        row = panel.loc[(r["country_iso3"], *_year_month(r))]
        declared = (
            _value(row["killed_low"]),
            _value(row["killed_best"]),
            _value(row["killed_high"]),
            int(row["events"]),
            int(row["events_spanning"]),
        )
        found = (r["low"], r["best"], r["high"], r["events"], r["spanning"])
        assert found == declared, (
            f"{r['country_iso3']} {r['period']}: country_month declares "
            f"(low, best, high, events, events_spanning) {declared}, the figure plots {found}"
        )
    return records


def test_plotted_months_equal_the_country_month_rows(frames):
    records = _check_records(frames)
    assert records, "the build has no month with a figure of people killed"
    table = killed_per_month(frames)
    assert len(table) == len(records)


def test_open_months_are_drawn_open_and_unstated_best_gets_no_tick(frames, index):
    text = html.unescape(index)
    svg = next(
        s
        for s in re.findall(r"<svg\b.*?</svg>", text, flags=re.S)
        if "<title>People killed per month" in s
    )
    # the layers by name (Vega names each mark group `{layer}_marks`) and the labels they draw
    groups = re.split(r'(?=<g class="mark-[a-z]+ role-mark )', svg)[1:]
    drawn: dict[str, list[str]] = {}
    for group in groups:
        name = re.match(r'<g class="mark-[a-z]+ role-mark (\w+)_marks', group).group(1)
        drawn.setdefault(name, []).extend(re.findall(r'aria-label="([^"]*)"', group))
    assert drawn.get("low"), "the killed-per-month figure has no described mark"
    for r in month_records(frames):
        layers = sorted(name for name, labels in drawn.items() if r["label"] in labels)
        # the low bar; then the band (bounded) or a dashed rule (no upper bound); a best tick
        expected = sorted(
            ["low", "open" if r["high"] is None else "band"]
            + ([] if r["best"] is None else ["best"])
        )
        assert layers == expected, f"{r['label']}: declared layers {expected} vs drawn {layers}"
        words = number(r["low"], None, r["high"])
        assert f"{words} killed" in r["label"]
        assert ("no upper bound" in r["label"]) == (r["high"] is None)
    assert "People killed per month" in text


def test_the_page_says_how_many_events_are_dated_across_months(frames, index):
    n = _spanning(frames["event_summary"])
    text = html.unescape(index)
    assert f"{n:,} events are dated only to a range across months" in text
    assert "in no month's total" in text


def test_generated_months_no_figure_is_not_drawn_and_an_open_month_stays_open(frames):
    """Real event rows moved to chosen months: an open month, a month reporting 0, a month
    with no figure, and an event across two months (in no total)."""
    summary = frames["event_summary"]
    mali = summary[summary["country_iso3"].astype(str) == "MLI"].head(4).copy()
    assert len(mali) == 4
    days = [("2020-01-05", "2020-01-05"), ("2020-03-02", "2020-03-02"),
            ("2021-05-10", "2021-05-10"), ("2020-01-20", "2020-02-10")]  # fmt: skip
    figures_ = [(5, None, None), (None, None, None), (0, 0, 0), (10, 10, 10)]
    for i, ((first, last), bounds) in enumerate(zip(days, figures_, strict=True)):
        mali.iloc[i, mali.columns.get_loc("date_start")] = pd.Timestamp(first)
        mali.iloc[i, mali.columns.get_loc("date_end")] = pd.Timestamp(last)
        for column, value in zip(KILLED, bounds, strict=True):
            mali[column] = mali[column].astype("Int64")
            mali.iloc[i, mali.columns.get_loc(column)] = pd.NA if value is None else value
    made = {**frames, "event_summary": mali.reset_index(drop=True)}
    made["country_month"] = derive_period_table("country_month", made["event_summary"])
    records = _check_records(made)
    assert [(r["period"], r["low"], r["best"], r["high"]) for r in records] == [
        ("2020-01", 5, None, None),
        ("2021-05", 0, 0, 0),
    ]
    assert records[0]["spanning"] == 1  # the event across January and February
    page = html.unescape(_monthly(made))
    assert "1 events are dated only to a range across months" in page
    spec = figures.monthly_spec(records, "t", "#000", ("2020-01-01", "2021-01-01"))
    open_layer = next(layer for layer in spec["spec"]["layer"] if layer["name"] == "open")
    assert open_layer["transform"] == [{"filter": "datum.open"}]
    assert [r["open"] for r in spec["data"]["values"]] == [True, False]
    _check_drawn_bounds(records, spec["data"]["values"], "month")
    years = year_records(made)
    assert [(r["year"], r["low"], r["high"]) for r in years] == [("2020", 15, None), ("2021", 0, 0)]
    drawn = figures.yearly_spec(years, "t")["data"]["values"]
    assert [r["open"] for r in drawn] == [True, False]
    _check_drawn_bounds(years, drawn, "year")


def _check_drawn_bounds(records: list[dict], drawn: list[dict], period: str) -> None:
    """Every bounded record is drawn up to its high (0 included); an open one above all highs."""
    assert len(drawn) == len(records)
    highs = [r["high"] for r in records if r["high"] is not None]
    for record, mark in zip(records, drawn, strict=True):
        if record["high"] is None:
            assert mark["open"] and mark["up"] > max(highs + [mark["low"]]), (period, mark)
        else:
            assert (not mark["open"], mark["up"]) == (True, record["high"]), (
                f"{period} {record.get('period', record.get('year'))}: declared high "
                f"{record['high']}, drawn up to {mark['up']} (open: {mark['open']})"
            )


_BOUNDS = st.integers(0, 3).flatmap(
    lambda low: st.tuples(st.just(low), st.none() | st.integers(low, low + 3))
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_BOUNDS, min_size=1, max_size=6))
def test_generated_bounds_are_drawn_to_their_high_zero_included(bounds):
    """Month and year figures, generated lows and highs (0 and no upper bound included)."""
    months = [
        {"country": "x", "start": "2020-01-01", "end": "2020-02-01", "mid": "2020-01-15",
         "low": low, "best": None, "high": high, "href": "#", "label": "x"}
        for low, high in bounds
    ]  # fmt: skip
    years = [
        {"year": str(2000 + i), "low": low, "high": high, "text": "", "href": "#", "label": "x"}
        for i, (low, high) in enumerate(bounds)
    ]
    month_spec = figures.monthly_spec(months, "t", "#000", ("2020-01-01", "2021-01-01"))
    _check_drawn_bounds(months, month_spec["data"]["values"], "month")
    _check_drawn_bounds(years, figures.yearly_spec(years, "t")["data"]["values"], "year")


def test_every_country_panel_is_labelled_the_same_way(frames):
    """Panels are named by the country_month row's own key, whether or not ``locations``
    has a row for the country (Algeria has none: its events are in a town)."""
    records = month_records(frames)
    assert {"MLI", "DZA"} <= {r["country_iso3"] for r in records}
    places = frames["locations"]
    without = {**frames, "locations": places[places["location_type"].astype(str) != "country"]}
    for made in (frames, without):
        labels = {r["country_iso3"]: r["country"] for r in month_records(made)}
        assert labels == {code: code for code in labels}, labels
        assert all(r["label"].startswith(f"{r['country_iso3']}, ") for r in month_records(made))
