"""Compare figures and releases: disagreements within the data, and changes between builds.

Conflicting reports are never averaged or dropped: each stays pinned to its own
source. :func:`disagreements` puts them side by side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from mali_conflict_data.loading import load, primary_key, read_table, table_names

# What makes two figures "about the same thing", per table.
_SAME_THING = {
    "casualties": ["event_id", "outcome", "victim_group", "victim_detail"],
    "deployments": ["force_actor_id", "status", "area_location_id", "personnel_kind"],
}
_ID = {"casualties": "casualty_id", "deployments": "deployment_id"}
COLUMNS = [
    "disagreement",
    "table",
    "about",
    "row_id",
    "source_id",
    "count_text",
    "low",
    "best",
    "high",
    "date_start",
    "date_end",
    "quote",
]


def _bounds(row) -> tuple[float, float]:
    def value(v):
        return None if pd.isna(v) else float(v)

    low, best, high = value(row.low), value(row.best), value(row.high)
    lo = low if low is not None else best if best is not None else 0.0
    hi = high if high is not None else best if best is not None else math.inf
    return lo, hi


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _periods_overlap(a, b) -> bool:
    if "date_start" not in a._fields:
        return True
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def disagreements(frames: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Figures that contradict each other, one row per figure, numbered by disagreement.

    Two casualty figures disagree when they count the same outcome for the same
    victims of the same event and their ranges (low to high) do not overlap.
    Two deployment figures disagree when they count the same kind of personnel of
    the same force, status and area over overlapping periods and their ranges do
    not overlap. A figure with only a lower bound ("more than 70") runs to infinity.

    >>> table = disagreements()
    >>> table.loc[0, ["table", "row_id", "source_id", "count_text"]].tolist()
    ['casualties', 'cas-0001', 'fp-2020-08-21', 'four dead']
    """
    rows = []
    number = 0
    for table, key in _SAME_THING.items():
        frame = frames[table] if frames is not None else load(table)
        frame = frame.assign(_about=frame[key].astype("string").fillna("").agg(" / ".join, axis=1))
        for about, group in frame.groupby("_about", sort=True, observed=True):
            if len(group) < 2:
                continue
            records = list(group.itertuples(index=False))
            conflicting = set()
            for i, a in enumerate(records):
                for j in range(i + 1, len(records)):
                    b = records[j]
                    if _periods_overlap(a, b) and not _overlap(_bounds(a), _bounds(b)):
                        conflicting.update({i, j})
            if not conflicting:
                continue
            number += 1
            for i in sorted(conflicting):
                r = records[i]
                rows.append(
                    {
                        "disagreement": number,
                        "table": table,
                        "about": about,
                        "row_id": getattr(r, _ID[table]),
                        "source_id": r.source_id,
                        "count_text": r.count_text,
                        "low": r.low,
                        "best": r.best,
                        "high": r.high,
                        "date_start": getattr(r, "date_start", None),
                        "date_end": getattr(r, "date_end", None),
                        "quote": r.quote,
                    }
                )
    result = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("low", "best", "high"):
        result[column] = result[column].astype("Int64")
    return result


DIFF_COLUMNS = ["table", "change", "key", "columns"]


def _records(frame: pd.DataFrame, key: list[str]) -> dict[str, dict]:
    """Rows as {primary key label: {column: cell as text}}."""
    if frame.empty:
        return {}
    labels = frame[key].astype("string").fillna("").agg("@".join, axis=1)
    return dict(zip(labels, _comparable(frame).to_dict("records"), strict=True))


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as text, so lists, dates and missing values compare plainly."""
    return frame.apply(
        lambda column: column.map(
            lambda v: (
                repr(v)
                if isinstance(v, list)
                else ("" if v is None or v is pd.NA or v != v else str(v))
            )
        )
    )


def diff(old, new) -> pd.DataFrame:
    """Rows added, removed and changed (with the columns that changed) between two releases.

    ``old`` and ``new`` are folders holding a ``datapackage.json`` (a project root, an
    installed package's data or an unpacked release). Rows are matched by primary key.

    >>> from mali_conflict_data import data_dir
    >>> diff(data_dir(), data_dir()).empty
    True
    """
    from pathlib import Path

    old, new = Path(old), Path(new)
    rows = []
    old_tables = set(table_names(old)) if (old / "datapackage.json").is_file() else set()
    for table in table_names(new):
        after = read_table(new, table)
        key = primary_key(new, table)
        before = read_table(old, table) if table in old_tables else after.iloc[0:0]
        before_rows, after_rows = _records(before, key), _records(after, key)
        for label in after_rows:
            if label not in before_rows:
                rows.append((table, "added", label, ""))
            else:
                changed = [
                    c for c in after.columns if before_rows[label].get(c) != after_rows[label][c]
                ]
                if changed:
                    rows.append((table, "changed", label, ", ".join(changed)))
        rows += [(table, "removed", label, "") for label in before_rows if label not in after_rows]
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def summarise_diff(changes: pd.DataFrame) -> str:
    """The changes as Markdown, one section per table (for CHANGELOG.md)."""
    if changes.empty:
        return "No data changes."
    lines = []
    for table, group in changes.groupby("table", sort=False):
        counts = group["change"].value_counts()
        summary = ", ".join(f"{counts.get(c, 0)} {c}" for c in ("added", "removed", "changed"))
        lines.append(f"- `{table}`: {summary}")
        for row in group[group["change"] == "changed"].itertuples():
            lines.append(f"  - `{row.key}` changed: {row.columns}")
        for row in group[group["change"] == "removed"].itertuples():
            lines.append(f"  - `{row.key}` removed")
    return "\n".join(lines)
