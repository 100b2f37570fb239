"""Totals that keep the uncertainty: low / best / high summed over groups of events.

A plain ``groupby().sum()`` of ``event_summary`` gets the range wrong: pandas
skips empty cells, so an event with no upper bound ("at least thirty killed")
adds nothing to ``killed_high`` and the group's upper bound looks finite (or 0).
:func:`totals` sums one row per event, by these rules:

1. A row *reports* the outcome when any of its ``low`` / ``best`` / ``high`` is
   filled; a row that does not report it adds nothing (and is counted in
   ``rows`` only). A group where no row reports it has ``low``, ``best`` and
   ``high`` 0: no article reports anyone, which is what the rows say.
2. ``low`` is the sum of the reporting rows' lower bounds (``low``, else
   ``best``, else 0).
3. ``high`` is the sum of their ``high``; it is **empty** as soon as one
   reporting row has no upper bound (``unbounded`` counts those rows).
4. ``best`` is the sum of their ``best``; it is **empty** as soon as one
   reporting row states no best figure (``unstated`` counts those rows): an
   unstated best is not zero, and a sum of the stated ones would be no one's
   estimate. Use ``low`` and ``high`` for the range.
5. Every event is counted once: ``event_summary`` already counts a subset figure
   ("three Americans among the dead") within its whole, and a frame holding an
   ``event_id`` twice (after a merge with ``event_actors``, say) is refused,
   since summing it would count the event's figures twice.

Only pandas is needed (no validation library is imported).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mali_conflict_data._errors import MaliConflictDataError
from mali_conflict_data._figures import past_largest, too_large

BOUNDS = ("low", "best", "high")
COUNTS = ("rows", "reporting", "unbounded", "unstated")


def outcome_columns(frame: pd.DataFrame) -> list[str]:
    """The outcomes ``frame`` has ``{outcome}_low/_best/_high`` columns for, in column order.

    >>> outcome_columns(pd.DataFrame(columns=["killed_low", "killed_best", "killed_high"]))
    ['killed']
    """
    names = [str(c)[: -len("_low")] for c in frame.columns if str(c).endswith("_low")]
    return [n for n in names if all(f"{n}_{b}" in frame.columns for b in BOUNDS)]


def _check(frame: pd.DataFrame, outcome: str) -> None:
    missing = [f"{outcome}_{b}" for b in BOUNDS if f"{outcome}_{b}" not in frame.columns]
    if missing:
        known = ", ".join(outcome_columns(frame)) or "none"
        raise MaliConflictDataError(
            f"totals(): the frame has no column {', '.join(missing)}; expected one row per "
            f"event with {outcome}_low, {outcome}_best and {outcome}_high, as in "
            f'mcd.load("event_summary") (outcomes this frame has: {known})'
        )
    if "event_id" in frame.columns and not frame["event_id"].is_unique:
        counts = frame["event_id"].value_counts()
        twice = counts[counts > 1]
        if len(twice):
            raise MaliConflictDataError(
                f"totals(): event {twice.index[0]} is in {twice.iloc[0]} rows (and "
                f"{len(twice) - 1} other events more than once); summing would count its "
                "figures more than once. Pass one row per event (event_summary), e.g. "
                "filter with isin() instead of merging."
            )


def _keys(frame: pd.DataFrame, by: Any) -> Any:
    """``by`` as groupby keys over ``parts``: column names become the frame's columns."""
    if by is None:
        return pd.Series("all", index=frame.index)
    names = [by] if isinstance(by, str) else by
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        absent = [n for n in names if n not in frame.columns]
        if absent:
            raise MaliConflictDataError(
                f"totals(): by names no column {', '.join(absent)} of the frame; give column "
                "names of the frame or a Series aligned with it"
            )
        return [frame[n] for n in names]
    return by


def totals(frame: pd.DataFrame, by: Any = None, outcome: str = "killed") -> pd.DataFrame:
    """Low, best and high of ``outcome`` summed per group of ``by``, keeping the uncertainty.

    ``frame`` holds one row per event with ``{outcome}_low``, ``_best`` and
    ``_high`` (``mcd.load("event_summary")`` or a subset of its rows); ``by`` is
    anything ``DataFrame.groupby`` takes (column names, or a Series aligned with
    ``frame``; rows whose key is empty form their own group), or None for one
    total. The rules are in the module's docstring: an empty ``high`` or ``best``
    of one reporting event makes the group's empty. The columns are
    ``{outcome}_low``, ``{outcome}_best``, ``{outcome}_high`` and the counts of
    ``rows``, of rows ``reporting`` the outcome, of those ``unbounded`` (no
    upper bound) and ``unstated`` (no best figure), all nullable integers.

    >>> import mali_conflict_data as mcd
    >>> summary = mcd.load("event_summary")
    >>> year = summary["date_start"].dt.year.rename("year")
    >>> killed = totals(summary, by=year).loc[[2020, 2022]]
    >>> killed[["killed_low", "killed_best", "killed_high", "reporting", "unbounded"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          killed_low  killed_best  killed_high  reporting  unbounded
    year
    2020          57         <NA>         <NA>          4          2
    2022           2         <NA>            5          1          0
    """
    _check(frame, outcome)
    low, best, high = (frame[f"{outcome}_{b}"].astype("Int64") for b in BOUNDS)
    reporting = (low.notna() | best.notna() | high.notna()).to_numpy(bool)
    parts = pd.DataFrame(
        {
            "low": low.fillna(best).fillna(0).where(reporting, 0),
            "best": best.where(reporting, 0),
            "high": high.where(reporting, 0),
            "rows": 1,
            "reporting": reporting.astype(int),
            "unbounded": (reporting & high.isna().to_numpy(bool)).astype(int),
            "unstated": (reporting & best.isna().to_numpy(bool)).astype(int),
        },
        index=frame.index,
    )
    keys = _keys(frame, by)
    grouped = parts.groupby(keys, sort=True, dropna=False, observed=True)
    sums = grouped.sum(min_count=0)
    groups = grouped.ngroup().to_numpy()
    published = {  # the groups whose total of each bound is not left empty
        "low": True,
        "best": (sums["unstated"] == 0).to_numpy(bool),
        "high": (sums["unbounded"] == 0).to_numpy(bool),
    }
    for bound, shown in published.items():  # an int64 sum wraps round silently
        figures = parts[bound].astype("Int64").to_numpy(np.int64, na_value=0)
        if (past_largest(figures, groups, grouped.ngroups) & shown).any():
            raise MaliConflictDataError(f"totals(): {too_large(outcome)}")
    result = pd.DataFrame(
        {
            f"{outcome}_low": sums["low"],
            f"{outcome}_best": sums["best"].where(sums["unstated"] == 0),
            f"{outcome}_high": sums["high"].where(sums["unbounded"] == 0),
            **{c: sums[c] for c in COUNTS},
        }
    )
    return result.astype("Int64")
