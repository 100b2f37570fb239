"""The period tables: recomputed here by plain loops over ``event_summary``, and published."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import mali_conflict_data as mcd
from mali_conflict_data.build import codebook
from mali_conflict_data.export import write_csv_package
from mali_conflict_data.model import EVENT_CATEGORIES, OUTCOMES
from mali_conflict_data.periods import PERIOD_TABLES, derive_period_table

PLACES = {"country_month": ("country_iso3",), "admin1_year": ("country_iso3", "admin1")}


def _period(day, name: str) -> tuple:
    return (day.year, day.month) if name == "country_month" else (day.year,)


def _following(period: tuple) -> tuple:
    if len(period) == 1:
        return (period[0] + 1,)
    year, month = period
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _between(first: tuple, last: tuple) -> list[tuple]:
    periods = [first]
    while periods[-1] != last:
        periods.append(_following(periods[-1]))
    return periods


def _value(v):
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def reference(summary: pd.DataFrame, name: str) -> dict[tuple, dict]:
    """{(place..., period...): {column: value}} by the rules of the periods module."""
    place_columns = PLACES[name]
    events = [
        {k: _value(v) for k, v in row.items()} for row in summary.astype(object).to_dict("records")
    ]
    events = [e for e in events if all(e[c] is not None for c in place_columns)]
    if not events:
        return {}
    places = sorted({tuple(e[c] for c in place_columns) for e in events})
    first = min(_period(e["date_start"], name) for e in events)
    last = max(_period(e["date_end"], name) for e in events)
    rows = {}
    for place in places:
        for period in _between(first, last):
            row = {"events": 0, "events_spanning": 0}
            row.update({f"events_{c}": 0 for c in EVENT_CATEGORIES})
            for outcome in OUTCOMES:
                row.update({f"{outcome}_low": 0, f"{outcome}_best": 0, f"{outcome}_high": 0})
            rows[(*place, *period)] = row
    for e in events:
        place = tuple(e[c] for c in place_columns)
        start, end = _period(e["date_start"], name), _period(e["date_end"], name)
        if start != end:
            for period in _between(start, end):
                rows[(*place, *period)]["events_spanning"] += 1
            continue
        row = rows[(*place, *start)]
        row["events"] += 1
        row[f"events_{e['category']}"] += 1
        for outcome in OUTCOMES:
            low, best, high = (e[f"{outcome}_{b}"] for b in ("low", "best", "high"))
            if low is None and best is None and high is None:
                continue
            row[f"{outcome}_low"] += low if low is not None else (best or 0)
            for bound, value in (("best", best), ("high", high)):
                column = f"{outcome}_{bound}"
                row[column] = None if row[column] is None or value is None else row[column] + value
    return rows


def _published(table: pd.DataFrame, name: str) -> dict[tuple, dict]:
    keys = [*PLACES[name], "year", *(["month"] if name == "country_month" else [])]
    found = {}
    for row in table.astype(object).to_dict("records"):
        row = {k: _value(v) for k, v in row.items()}
        found[tuple(row.pop(k) for k in keys)] = row
    return found


@pytest.fixture(scope="module")
def summary():
    return mcd.load("event_summary")


@pytest.mark.parametrize("name", list(PERIOD_TABLES))
def test_published_period_table_is_the_plain_loop_recomputation(summary, name):
    assert _published(mcd.load(name), name) == reference(summary, name)
    assert _published(derive_period_table(name, summary), name) == reference(summary, name)


@pytest.mark.parametrize("name", list(PERIOD_TABLES))
def test_sums_equal_the_event_sums_of_the_events_fitting_one_period(summary, name):
    table = mcd.load(name)
    located = summary.dropna(subset=list(PLACES[name]))
    start, end = located["date_start"], located["date_end"]
    if name == "country_month":
        fits = (start.dt.year == end.dt.year) & (start.dt.month == end.dt.month)
    else:
        fits = start.dt.year == end.dt.year
    assert int(table["events"].sum()) == int(fits.sum())
    for category in EVENT_CATEGORIES:
        expected = int((located.loc[fits, "category"] == category).sum())
        assert int(table[f"events_{category}"].sum()) == expected
    for outcome in OUTCOMES:
        column = f"{outcome}_low"
        expected = int(
            located.loc[fits, column].fillna(located.loc[fits, f"{outcome}_best"]).fillna(0).sum()
        )
        assert int(table[column].sum()) == expected


def test_a_range_across_years_is_not_put_in_its_first_year(summary):
    """The issue's case: the 2020-2024 'junta critics disappeared' range is in no single year."""
    panel = mcd.load("country_month")
    mali = panel[panel["country_iso3"] == "MLI"]
    critics = summary.set_index("event_id").loc["ev-junta-critics-disappeared"]
    assert critics["date_start"].year != critics["date_end"].year
    first = mali[
        (mali.year == critics["date_start"].year) & (mali.month == critics["date_start"].month)
    ]
    assert int(first["events_spanning"].iloc[0]) >= 1
    events_in_month = summary[
        (summary.country_iso3 == "MLI")
        & (summary.date_start.dt.to_period("M") == critics["date_start"].to_period("M"))
        & (summary.date_end.dt.to_period("M") == critics["date_start"].to_period("M"))
    ]
    assert int(first["events"].iloc[0]) == len(events_in_month)


def test_every_period_of_the_panel_has_a_row():
    panel = mcd.load("country_month")
    for _, months in panel.groupby("country_iso3"):
        index = pd.PeriodIndex.from_fields(year=months.year, month=months.month, freq="M")
        assert list(index) == list(pd.period_range(index.min(), index.max(), freq="M"))
    assert (panel["events"] == 0).any()  # months with no event are rows too


def test_period_tables_are_published_everywhere(tmp_path):
    descriptor = json.loads((mcd.data_dir() / "datapackage.json").read_text())
    names = [r["name"] for r in descriptor["resources"]]
    page = codebook()
    csv = json.loads(write_csv_package(mcd.data_dir(), tmp_path).read_text())
    for name in PERIOD_TABLES:
        assert name in names and name in mcd.tables()
        assert f"## `{name}`" in page
        assert name in [r["name"] for r in csv["resources"]]
        assert (tmp_path / f"{name}.csv").stat().st_size > 0


@pytest.mark.parametrize("name", list(PERIOD_TABLES))
def test_a_period_total_past_the_largest_whole_number_is_refused_never_wrapped(summary, name):
    """Two events of one period with 5e18 killed each: refused, not summed to a negative."""
    from mali_conflict_data._errors import MaliConflictDataError

    located = summary.dropna(subset=list(PLACES[name]))
    two = located[located["date_start"] == located["date_end"]].head(2).copy()
    assert len(two) == 2, "the published data has two single-day events with a place"
    two["date_start"] = two["date_end"] = pd.Timestamp("2020-05-05")
    two[list(PLACES[name])] = two[list(PLACES[name])].iloc[0].to_numpy()
    for bound in ("low", "best", "high"):
        two[f"killed_{bound}"] = pd.array([4 * 10**18, 4 * 10**18], dtype="Int64")
    assert int(derive_period_table(name, two)["killed_low"].max()) == 8 * 10**18  # fits
    for bound in ("low", "best", "high"):  # the largest whole number itself, exactly
        two[f"killed_{bound}"] = pd.array([2**62, 2**62 - 1], dtype="Int64")
    assert int(derive_period_table(name, two)["killed_low"].max()) == 2**63 - 1
    for bound in ("low", "best", "high"):  # one past it
        two[f"killed_{bound}"] = pd.array([2**62, 2**62], dtype="Int64")
    with pytest.raises(MaliConflictDataError, match="exceeds 9,223,372,036,854,775,807"):
        derive_period_table(name, two)
    for bound in ("low", "best", "high"):
        two[f"killed_{bound}"] = pd.array([5 * 10**18, 5 * 10**18], dtype="Int64")
    with pytest.raises(MaliConflictDataError, match="exceeds 9,223,372,036,854,775,807"):
        derive_period_table(name, two)
