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

import numpy as np
import pandas as pd

from mali_conflict_data import _types, model
from mali_conflict_data._errors import MaliConflictDataError
from mali_conflict_data._figures import past_largest, too_large
from mali_conflict_data.totals import BOUNDS, _check

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
    used = ["event_id", "date_start", "date_end", "category", *place]
    used += [f"{outcome}_{b}" for outcome in model.OUTCOMES for b in BOUNDS]
    located = summary[[c for c in used if c in summary]].dropna(subset=place)
    located = located.reset_index(drop=True)
    start = _periods(located["date_start"], frequency)
    end = _periods(located["date_end"], frequency)
    places, where = _places(located, place)
    if len(located):
        span = pd.period_range(start.min(), end.max(), freq=frequency)
    else:
        span = pd.PeriodIndex([], freq=frequency)
    panel = places.merge(pd.DataFrame({"period": span}), how="cross")
    table = panel.set_index([*place, "period"])

    # Each event's row of the panel (place-major, periods in order), by integer arithmetic:
    # the panel's row of (place, period) is place * len(span) + (period - first period).
    origin = span[0].ordinal if len(span) else 0
    first = where * len(span) + (start.array.asi8 - origin)
    last = where * len(span) + (end.array.asi8 - origin)
    dated = (start.notna() & end.notna()).to_numpy()  # (an undated event is in no period)
    fits = (start == end).to_numpy() & dated
    spans = ~fits & dated
    at, size = first[fits], len(table)

    table["events"] = np.bincount(at, minlength=size)
    category = located["category"]
    for name_of in model.EVENT_CATEGORIES:
        of = _equal(category, name_of)[fits]
        table[f"events_{name_of}"] = np.bincount(at[of], minlength=size)
    # an event dated only to an interval crossing periods: +1 in each period it overlaps
    steps = np.zeros(size + 1, dtype=np.int64)
    np.add.at(steps, first[spans], 1)
    np.add.at(steps, last[spans] + 1, -1)
    table["events_spanning"] = np.cumsum(steps[:-1])
    for outcome in model.OUTCOMES:  # refused as totals() refuses them, in its order
        _check(located.iloc[:0], outcome)
        if outcome == model.OUTCOMES[0]:  # the rows summed: one per event
            used = ["event_id", *(f"{outcome}_{b}" for b in BOUNDS)]
            _check(located[[c for c in used if c in located]][fits], outcome)
    rows = np.flatnonzero(fits)
    for outcome in model.OUTCOMES:
        bounds = [_ints(located[f"{outcome}_{b}"], rows) for b in BOUNDS]
        for column, values in _summed(outcome, *bounds, at, size).items():
            table[column] = values

    table = table.reset_index()
    table.insert(len(place), "year", table["period"].dt.year)
    if frequency == "M":
        table.insert(len(place) + 1, "month", table["period"].dt.month)
    table = table.drop(columns="period")
    declared = PERIOD_TABLES[name]
    return _types.conform(table[list(declared.columns)].reset_index(drop=True), declared)


def _places(located: pd.DataFrame, place: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct places (as text, in order) and each row's position among them.

    As ``located[place].astype(str).drop_duplicates().sort_values(place)`` and a lookup
    of each row in it give them, by one stable sort of the rows by their places' text.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pa.table({str(i): _strings(located[c]) for i, c in enumerate(place)})
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names])
    order = order.to_numpy()
    keys = keys.take(pa.array(order))
    new = np.zeros(len(order), dtype=bool)
    if len(order):
        new[0] = True
    for column in keys.columns:
        column = column.combine_chunks()
        new[1:] |= (
            pc.not_equal(column[1:], column[:-1]).fill_null(True).to_numpy(zero_copy_only=False)
        )
    where = np.empty(len(order), dtype=np.int64)
    where[order] = np.cumsum(new) - 1
    places = located[place].iloc[order[new]].astype(str).reset_index(drop=True)
    return places, where


def _strings(series: pd.Series):
    """A column's text as Arrow strings, as ``astype(str)`` reads it."""
    import pyarrow as pa

    values = pa.array(series.astype(str).array)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string())


def _equal(series: pd.Series, value: str) -> np.ndarray:
    """``series.astype(str) == value`` as a NumPy mask, by the codes of a categorical."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = [str(c) for c in series.cat.categories]
        codes = series.cat.codes.to_numpy()
        if value not in categories:
            return np.zeros(len(series), dtype=bool)
        return codes == categories.index(value)
    return (series.astype(str) == value).to_numpy(bool)


def _ints(series: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A count column at ``rows``: its values (0 where empty) and where it is empty."""
    values = series.astype("Int64")
    return values.to_numpy(np.int64, na_value=0)[rows], values.isna().to_numpy(bool)[rows]


def _summed(outcome: str, low, best, high, at: np.ndarray, size: int) -> dict:
    """:func:`~mali_conflict_data.totals.totals` of ``outcome`` per row ``at`` of a panel.

    The same rules, summed per panel row by position: ``low`` of the reporting
    events; ``best`` and ``high`` empty when one reporting event leaves them empty; 0
    where no event of the row reports the outcome, or none falls in it. Each bound is
    given as (values with 0 where empty, where empty), one entry per row of ``at``.
    """
    reporting = ~(low[1] & best[1] & high[1])

    def missing(bound: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        return np.bincount(at[reporting & bound[1]], minlength=size) > 0

    def summed(values: np.ndarray, empty: np.ndarray) -> np.ndarray:
        """The sums per row; a row left empty (``empty``) is not refused for its sum."""
        figures = values[reporting]
        if (past_largest(figures, at[reporting], size) & ~empty).any():  # int64 sums wrap
            raise MaliConflictDataError(too_large(f"{outcome} in a period"))
        total = np.zeros(size, dtype=np.int64)
        np.add.at(total, at[reporting], figures)
        return total

    lows = np.where(~low[1], low[0], np.where(~best[1], best[0], 0))
    unstated, unbounded = missing(best), missing(high)
    return {
        f"{outcome}_low": pd.array(summed(lows, np.zeros(size, dtype=bool)), dtype="Int64"),
        f"{outcome}_best": pd.arrays.IntegerArray(summed(best[0], unstated), unstated),
        f"{outcome}_high": pd.arrays.IntegerArray(summed(high[0], unbounded), unbounded),
    }


def derive_periods(summary: pd.DataFrame) -> Mapping[str, pd.DataFrame]:
    """Every period table, by name, from the ``event_summary`` frame."""
    return {name: derive_period_table(name, summary) for name in PERIOD_TABLES}
