"""Figures, not rows: which deployment figures hold on a day, each counted once.

``deployments`` holds one row per figure per article; when two articles report
the same figure of a force (same force and status, over overlapping periods),
the later row names the first in ``same_figure_as``, as ``sanctions`` rows of
one measure name theirs in ``same_measure_as`` (:mod:`mali_conflict_data.measures`).
A figure is identified by its first report. :func:`deployments_on` answers
"which deployments (how many personnel) on day D" with one row per figure,
listing every report (``deployment_ids``, ``source_ids``) and every claim they
make (``claims``: the words of each, with its article), so a linked group is
counted once and each article's claim stays visible.

A report's period is an interval of possible days (``date_start`` to
``date_end``: the figure is claimed over a period lying within it). A figure is
listed on day D when the interval of one of its reports holds D. Its ``low`` is
the smallest lower bound among its reports and its ``high`` the largest upper
bound (empty when one report gives none): the range across the articles, as
``event_summary`` gives casualty figures. A figure that is part of another of
its article (``part_of_deployment_id``) names the figure it is part of in
``part_of``: add up only figures whose ``part_of`` is empty. Only pandas is
needed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mali_conflict_data import _figures
from mali_conflict_data._dates import day as read_day

COLUMNS = [
    "figure_id",
    "force_actor_id",
    "status",
    "personnel_kinds",
    "low",
    "high",
    "part_of",
    "claims",
    "deployment_ids",
    "source_ids",
    "reports_differ",
]


def figure_ids(deployments: pd.DataFrame) -> pd.Series:
    """The figure each row reports: its ``same_figure_as``, else its own ``deployment_id``.

    >>> rows = pd.DataFrame({"deployment_id": ["dep-0001", "dep-0002"],
    ...                      "same_figure_as": [None, "dep-0001"]})
    >>> figure_ids(rows).tolist()
    ['dep-0001', 'dep-0001']
    """
    own = deployments["deployment_id"].astype("string")
    if "same_figure_as" not in deployments:
        return own.rename("figure_id")
    return deployments["same_figure_as"].astype("string").fillna(own).rename("figure_id")


def _distinct(values) -> list[str]:
    return sorted({str(v) for v in values if not pd.isna(v)})


def deployments_on(date: str | dt.date, deployments: pd.DataFrame | None = None) -> pd.DataFrame:
    """The deployment figures that may hold on ``date``, one row per figure (not per report).

    ``deployments`` defaults to ``mcd.load("deployments")``. Columns:
    ``figure_id`` (its first report), ``force_actor_id``, ``status``, the claims
    of its reports (``personnel_kinds``, sorted; ``claims``, each report's words
    with its article, in ``deployment_id`` order), the range across them
    (``low``, ``high``; ``high`` empty when one report gives no upper bound),
    ``part_of`` (the figure it is part of, if any), the reports themselves
    (``deployment_ids``, ``source_ids``) and ``reports_differ`` (their numbers,
    personnel kinds or areas differ). Every report of a listed figure is listed.

    ``date`` is a day: a ``datetime.date``, a naive ``datetime`` or pandas
    ``Timestamp`` (its day), or a text ``YYYY-MM-DD``; anything else (a time-zone-aware
    datetime, ``"2020"``, a number) is refused with a :class:`MaliConflictDataError`.

    >>> rows = pd.DataFrame({
    ...     "deployment_id": ["dep-0001", "dep-0002"], "same_figure_as": [None, "dep-0001"],
    ...     "force_actor_id": ["minusma"] * 2, "status": ["deployed"] * 2,
    ...     "personnel_kind": ["peacekeepers"] * 2, "area_location_id": ["mali"] * 2,
    ...     "date_start": pd.to_datetime(["2020-09-27", "2020-10-20"]),
    ...     "date_end": pd.to_datetime(["2020-10-31", "2020-11-19"]),
    ...     "part_of_deployment_id": [None, None], "low": [13001, 12000],
    ...     "best": [None, None], "high": [None, 15000], "qualifier": ["more_than", "range"],
    ...     "count_text": ["more than 13,000", "12,000 to 15,000"], "source_id": ["a", "b"]})
    >>> found = deployments_on("2020-10-15", rows)  # only dep-0001's period holds it
    >>> len(found), found.loc[0, "deployment_ids"], found.loc[0, "claims"]
    (1, ['dep-0001', 'dep-0002'], ['more than 13,000 (a)', '12,000 to 15,000 (b)'])
    >>> row = found.iloc[0]
    >>> int(row["low"]), pd.isna(row["high"]), bool(row["reports_differ"])
    (12000, True, True)
    """
    from mali_conflict_data.load import load

    day = pd.Timestamp(read_day(date, "deployments_on()"))
    if deployments is None:
        deployments = load("deployments")
    start, end = pd.to_datetime(deployments["date_start"]), pd.to_datetime(deployments["date_end"])
    holds = ((start <= day) & (end.fillna(start) >= day)).fillna(False).astype(bool)
    frame = deployments.assign(
        figure_id=figure_ids(deployments).to_numpy(), holds=holds.to_numpy()
    ).sort_values("deployment_id")
    of_row = dict(zip(frame["deployment_id"].astype(str), frame["figure_id"], strict=True))
    rows = []
    for figure_id, reports in frame.groupby("figure_id", sort=True):
        if not reports["holds"].any():
            continue
        bounds = [_figures.bounds(r.low, r.best, r.high) for r in reports.itertuples(index=False)]
        high = max(b[1] for b in bounds)
        first = reports[reports["deployment_id"].astype(str) == str(figure_id)]
        first = first.iloc[0] if len(first) else reports.iloc[0]
        part = first.get("part_of_deployment_id")
        kinds = _distinct(reports["personnel_kind"])
        areas = _distinct(reports["area_location_id"])
        rows.append(
            {
                "figure_id": str(figure_id),
                "force_actor_id": str(first["force_actor_id"]),
                "status": str(first["status"]),
                "personnel_kinds": kinds,
                "low": int(min(b[0] for b in bounds)),
                "high": pd.NA if high == float("inf") else int(high),
                "part_of": pd.NA if part is None or pd.isna(part) else of_row.get(str(part)),
                "claims": [
                    f"{r.count_text} ({r.source_id})" for r in reports.itertuples(index=False)
                ],
                "deployment_ids": _distinct(reports["deployment_id"]),
                "source_ids": _distinct(reports["source_id"]),
                "reports_differ": len(set(bounds)) > 1 or len(kinds) > 1 or len(areas) > 1,
            }
        )
    found = pd.DataFrame(rows, columns=COLUMNS)
    return found.astype({"low": "Int64", "high": "Int64", "part_of": "string"})
