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

An article speaks only up to its publication: on a day after the last day its
article may have been published (``sources.published_date_latest``; of the
article reporting the lifting too, when there is one), a report that would say
``in_force`` says ``possibly`` (nothing was reported since, so the status is
unknown after that day; the report site draws it so too). ``last_reported`` is
the latest such day among the measure's reports.

A measure is ``in_force`` when at least one report says so and none puts it out
of force; ``possibly`` when any report says in force or possibly; otherwise it is
not listed. Only pandas is needed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mali_conflict_data._dates import day as read_day

COLUMNS = [
    "measure_id",
    "sender_actor_id",
    "status",
    "last_reported",
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


def reported_until(sanctions: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Per row: the last day its articles may have been published (NaT when unknown)."""
    published = pd.Series(
        pd.to_datetime(sources["published_date_latest"]).to_numpy(),
        index=sources["source_id"].astype(str).to_numpy(),
    )
    published = published[~published.index.duplicated()]

    def until(column: str) -> pd.Series:
        if column not in sanctions:
            return pd.Series(pd.NaT, index=sanctions.index, dtype="datetime64[ns]")
        ids = sanctions[column].astype("string")
        return pd.Series(ids.map(published).to_numpy(), index=sanctions.index).astype(
            "datetime64[ns]"
        )

    return pd.concat([until("source_id"), until("lifted_source_id")], axis=1).max(axis=1)


def report_status(sanctions: pd.DataFrame, date, until: pd.Series | None = None) -> pd.Series:
    """Per row: ``in_force``, ``possibly`` or ``out`` on ``date``, by the module's rules.

    ``until`` gives each row's last day of publication (:func:`reported_until`);
    after it, a report says at most ``possibly``.
    """
    day = pd.Timestamp(read_day(date, "in_force()"))

    def days(column: str) -> pd.Series:
        return pd.to_datetime(sanctions[column])

    imposed_by = (days("imposed_date_latest") <= day).fillna(False).astype(bool)
    imposed_after = (days("imposed_date") > day).fillna(False).astype(bool)
    lifted_by = (days("lifted_date_latest") <= day).fillna(False).astype(bool)
    maybe_lifted = (days("lifted_date") <= day).fillna(False).astype(bool)
    status = pd.Series("possibly", index=sanctions.index, dtype=object)
    status[imposed_by & ~maybe_lifted] = "in_force"
    if until is not None:
        unreported = (pd.to_datetime(until) < day).fillna(False).astype(bool).to_numpy()
        status[(status == "in_force").to_numpy() & unreported] = "possibly"
    status[imposed_after | lifted_by] = "out"
    return status


def _distinct(values: pd.Series) -> list[str]:
    return sorted({str(v) for v in values if not pd.isna(v)})


def in_force(
    date: str | dt.date,
    sanctions: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The measures in force (or possibly in force) on ``date``, one row per measure.

    ``sanctions`` and ``sources`` default to ``mcd.load("sanctions")`` and
    ``mcd.load("sources")``. Columns: ``measure_id`` (its first report),
    ``sender_actor_id``, ``status`` (``in_force`` or ``possibly``; ``possibly``
    too after the last day an article reports it), ``last_reported``, the claims
    of its reports (``measures``, ``target_actor_ids``,
    sorted, an unstated target left out), the reports themselves
    (``sanction_ids``, ``source_ids``) and ``reports_differ`` (they name
    different kinds or different targets; an unstated target is no claim).

    ``date`` is a day: a ``datetime.date``, a naive ``datetime`` or pandas
    ``Timestamp`` (its day), or a text ``YYYY-MM-DD``; anything else (a time-zone-aware
    datetime, ``"2020"``, a number) is refused with a :class:`MaliConflictDataError`.

    >>> found = in_force("2021-06-01")
    >>> us = found[found["sender_actor_id"] == "united-states"]
    >>> len(us), us["sanction_ids"].iloc[0], us["target_actor_ids"].iloc[0]
    (1, ['san-0001', 'san-0002'], ['fama', 'mali'])
    >>> us["status"].iloc[0], str(us["last_reported"].iloc[0].date())
    ('possibly', '2020-10-31')
    >>> in_force("2020-10-31").set_index("measure_id").loc["san-0001", "status"]
    'in_force'
    """
    from mali_conflict_data.load import load

    if sanctions is None:
        sanctions = load("sanctions")
    until = reported_until(sanctions, load("sources") if sources is None else sources)
    frame = sanctions.assign(
        measure_id=measure_ids(sanctions).to_numpy(),
        status=report_status(sanctions, date, until).to_numpy(),
        until=until.to_numpy(),
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
                "last_reported": reports["until"].max(),
                "measures": kinds,
                "target_actor_ids": targets,
                "sanction_ids": _distinct(reports["sanction_id"]),
                "source_ids": _distinct(reports["source_id"]),
                "reports_differ": len(kinds) > 1 or len(targets) > 1,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
