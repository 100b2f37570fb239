"""Measures, not rows: which sanctions were in force on a day, each counted once.

``sanctions`` holds one row per measure per article; when two articles report
the same measure, the later row names the first in ``same_measure_as`` (the US
halt of security assistance after the 2020 coup: Foreign Policy says it targets
the Malian armed forces, CFR says Mali). A measure is identified by its first
report. :func:`in_force` answers "which measures were in force on day D" with
one row per measure, listing every report (``sanction_ids``, ``source_ids``)
and every claim they make (``measures``, ``target_actor_ids``), and flagging
reports that differ on the kind or the target (FAMa or Mali: not necessarily a
contradiction, so not in ``disagreements()``, but the claims differ).

Each report's dates are intervals of possible days (``imposed_date`` to
``imposed_date_latest``, ``lifted_date`` to ``lifted_date_latest``). On day D a
report says the measure is:

- ``in_force`` when it was imposed by D for certain (``imposed_date_latest`` on or
  before D) and no lifting is reported that may have happened by D (no
  ``lifted_date``, or one after D); "no lifting reported" is what the articles
  say up to their publication, not a fact about later days;
- out of force (not listed) when it was imposed only after D (``imposed_date``
  after D) or lifted by D for certain (``lifted_date_latest`` on or before D);
- ``possibly`` in force otherwise (D inside the imposition or lifting interval,
  or an imposition the article does not date).

A measure is ``in_force`` when at least one report says so and none puts it out
of force; ``possibly`` when any report says in force or possibly; otherwise it is
not listed. Only pandas is needed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mali_conflict_data._errors import MaliConflictDataError

COLUMNS = [
    "measure_id",
    "sender_actor_id",
    "status",
    "measures",
    "target_actor_ids",
    "sanction_ids",
    "source_ids",
    "reports_differ",
]


def measure_ids(sanctions: pd.DataFrame) -> pd.Series:
    """The measure each row reports: its ``same_measure_as``, else its own ``sanction_id``.

    >>> import mali_conflict_data as mcd
    >>> measure_ids(mcd.load("sanctions")).tolist()[:3]
    ['san-0001', 'san-0001', 'san-0003']
    """
    own = sanctions["sanction_id"].astype("string")
    if "same_measure_as" not in sanctions:
        return own.rename("measure_id")
    return sanctions["same_measure_as"].astype("string").fillna(own).rename("measure_id")


def _day(date) -> pd.Timestamp:
    try:
        day = pd.Timestamp(date)
    except (TypeError, ValueError) as error:
        raise MaliConflictDataError(
            f"in_force(): {date!r} is not a date; give a day as 'YYYY-MM-DD' or a date"
        ) from error
    if pd.isna(day):
        raise MaliConflictDataError("in_force(): the date is empty; give a day as 'YYYY-MM-DD'")
    return day.normalize()


def report_status(sanctions: pd.DataFrame, date) -> pd.Series:
    """Per row: ``in_force``, ``possibly`` or ``out`` on ``date``, by the module's rules."""
    day = _day(date)

    def days(column: str) -> pd.Series:
        return pd.to_datetime(sanctions[column])

    imposed_by = (days("imposed_date_latest") <= day).fillna(False).astype(bool)
    imposed_after = (days("imposed_date") > day).fillna(False).astype(bool)
    lifted_by = (days("lifted_date_latest") <= day).fillna(False).astype(bool)
    maybe_lifted = (days("lifted_date") <= day).fillna(False).astype(bool)
    status = pd.Series("possibly", index=sanctions.index, dtype=object)
    status[imposed_by & ~maybe_lifted] = "in_force"
    status[imposed_after | lifted_by] = "out"
    return status


def _distinct(values: pd.Series) -> list[str]:
    return sorted({str(v) for v in values if not pd.isna(v)})


def in_force(date: str | dt.date, sanctions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The measures in force (or possibly in force) on ``date``, one row per measure.

    ``sanctions`` defaults to ``mcd.load("sanctions")``. Columns: ``measure_id``
    (its first report), ``sender_actor_id``, ``status`` (``in_force`` or
    ``possibly``), the claims of its reports (``measures``, ``target_actor_ids``,
    sorted, an unstated target left out), the reports themselves
    (``sanction_ids``, ``source_ids``) and ``reports_differ`` (they name
    different kinds or different targets; an unstated target is no claim).

    >>> found = in_force("2021-06-01")
    >>> us = found[found["sender_actor_id"] == "united-states"]
    >>> len(us), us["sanction_ids"].iloc[0], us["target_actor_ids"].iloc[0]
    (1, ['san-0001', 'san-0002'], ['fama', 'mali'])
    >>> us["status"].iloc[0], bool(us["reports_differ"].iloc[0])
    ('in_force', True)
    """
    if sanctions is None:
        from mali_conflict_data.load import load

        sanctions = load("sanctions")
    frame = sanctions.assign(
        measure_id=measure_ids(sanctions).to_numpy(),
        status=report_status(sanctions, date).to_numpy(),
    )
    rows = []
    for measure_id, reports in frame.groupby("measure_id", sort=True):
        statuses = set(reports["status"])
        if "out" in statuses and statuses == {"out"}:
            continue
        if "in_force" in statuses and "out" not in statuses:
            status = "in_force"
        elif statuses & {"in_force", "possibly"}:
            status = "possibly"
        else:
            continue
        kinds, targets = _distinct(reports["measure"]), _distinct(reports["target_actor_id"])
        rows.append(
            {
                "measure_id": measure_id,
                "sender_actor_id": str(reports["sender_actor_id"].iloc[0]),
                "status": status,
                "measures": kinds,
                "target_actor_ids": targets,
                "sanction_ids": _distinct(reports["sanction_id"]),
                "source_ids": _distinct(reports["source_id"]),
                "reports_differ": len(kinds) > 1 or len(targets) > 1,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
