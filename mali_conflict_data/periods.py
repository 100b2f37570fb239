"""The derived period tables ``country_month`` and ``admin1_year``: panels of counts and totals.

Both are derived at build time from ``event_summary`` (so from the coded tables
only) and hold one row per place and period of the panel, periods with no event
included, as forecasting and panel models expect:

- ``events`` and ``events_{category}`` count the events whose whole interval
  (``date_start`` to ``date_end``) lies inside the period;
- ``{outcome}_low`` / ``_best`` / ``_high`` are :func:`mali_conflict_data.totals`
  of those events (an event with no upper bound leaves the period's ``high``
  empty; a period with no event reporting the outcome has 0);
- ``events_spanning`` counts the events dated only to an interval that crosses
  the period's bounds and overlaps it: they may have happened in it, or not, so
  they are counted in every period they overlap, in this column only, and never
  in ``events`` or the totals (in particular never in their first period).

``country_month`` holds the events whose place has a country (``country_iso3``;
not the events located only to a region spanning countries, such as the
Sahel). ``admin1_year`` holds the events whose place has a first-level region
(``admin1``; not those known only to a country or a wider region). The panel
runs over every month (year) from the earliest ``date_start`` to the latest
``date_end`` of those events, for every country (region) that has one.

The tables are declared in :mod:`mali_conflict_data.model`; this module derives
them (pandas only).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from mali_conflict_data import _types, model
from mali_conflict_data.totals import BOUNDS, totals

#: The period tables by name, declared in the model.
PERIOD_TABLES = {name: model.PUBLISHED[name] for name in ("country_month", "admin1_year")}
_FREQUENCY = {"country_month": "M", "admin1_year": "Y"}
_PLACE = {"country_month": ["country_iso3"], "admin1_year": ["country_iso3", "admin1"]}


def _periods(dates: pd.Series, frequency: str) -> pd.Series:
    return pd.to_datetime(dates).dt.to_period(frequency)


def derive_period_table(name: str, summary: pd.DataFrame) -> pd.DataFrame:
    """The period table ``name`` (``country_month`` or ``admin1_year``) from ``event_summary``.

    >>> import mali_conflict_data as mcd
    >>> panel = derive_period_table("admin1_year", mcd.load("event_summary"))
    >>> row = panel.set_index(["admin1", "year"]).loc[("Bamako", 2024)]
    >>> [int(row[c]) for c in ("events", "events_political_violence", "killed_low")]
    [5, 2, 72]
    >>> pd.isna(row["killed_high"])  # "more than 70" has no upper bound
    True
    """
    frequency, place = _FREQUENCY[name], _PLACE[name]
    located = summary.dropna(subset=place).reset_index(drop=True)
    start = _periods(located["date_start"], frequency)
    end = _periods(located["date_end"], frequency)
    places = located[place].astype(str).drop_duplicates().sort_values(place)
    if len(located):
        span = pd.period_range(start.min(), end.max(), freq=frequency)
    else:
        span = pd.PeriodIndex([], freq=frequency)
    panel = places.merge(pd.DataFrame({"period": span}), how="cross")
    keys = [*place, "period"]

    fits = (start == end).to_numpy()
    inside = located[fits].assign(period=start[fits].array)
    inside[place] = inside[place].astype(str)
    counts = inside.groupby(keys).size().rename("events")
    by_category = pd.crosstab(
        [inside[k] for k in keys], pd.Categorical(inside["category"], model.EVENT_CATEGORIES)
    )
    spanning = located[~fits].assign(first=start[~fits].array, last=end[~fits].array)
    spanning[place] = spanning[place].astype(str)

    table = panel.set_index(keys)
    table["events"] = counts.reindex(table.index).fillna(0)
    for category in model.EVENT_CATEGORIES:
        column = by_category[category] if category in by_category else pd.Series(dtype=int)
        table[f"events_{category}"] = column.reindex(table.index).fillna(0)
    over = pd.Series(0, index=table.index)
    for _, event in spanning.iterrows():
        here = table.index.get_level_values("period")
        at = (here >= event["first"]) & (here <= event["last"])
        for column in place:
            at &= table.index.get_level_values(column) == event[column]
        over[at] += 1
    table["events_spanning"] = over
    key_series = [inside[k] for k in keys]
    for outcome in model.OUTCOMES:
        summed = totals(inside, by=key_series, outcome=outcome)
        empty_row = {b: 0 for b in BOUNDS}
        for bound in BOUNDS:
            column = f"{outcome}_{bound}"
            values = summed[column].reindex(table.index)
            # A period no fitting event falls in: nobody is reported (0), by the totals rule.
            present = table.index.isin(summed.index)
            table[column] = values.where(present, empty_row[bound])

    table = table.reset_index()
    table.insert(len(place), "year", table["period"].dt.year)
    if frequency == "M":
        table.insert(len(place) + 1, "month", table["period"].dt.month)
    table = table.drop(columns="period")
    declared = PERIOD_TABLES[name]
    return _types.conform(table[list(declared.columns)].reset_index(drop=True), declared)


def derive_periods(summary: pd.DataFrame) -> Mapping[str, pd.DataFrame]:
    """Every period table, by name, from the ``event_summary`` frame."""
    return {name: derive_period_table(name, summary) for name in PERIOD_TABLES}
