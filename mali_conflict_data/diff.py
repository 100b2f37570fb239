"""What changed between two copies of the data: rows added, removed and changed per table.

>>> import mali_conflict_data as mcd
>>> mcd.diff(mcd.data_dir(), mcd.data_dir()).empty
True
"""

from __future__ import annotations

import pandas as pd

from mali_conflict_data._errors import data_folder
from mali_conflict_data._text import key_labels
from mali_conflict_data.load import primary_key, read_table, table_names

DIFF_COLUMNS = ["table", "change", "key", "columns"]


def _records(frame: pd.DataFrame, key: list[str]) -> dict[str, dict]:
    """Rows as {primary key label: {column: cell as text}}."""
    if frame.empty:
        return {}
    labels = key_labels(frame, key)
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
    installed package's data or an unpacked release; for a release by version, pass
    ``download(VERSION)``). Rows are matched by primary key; a table only ``new`` has
    is all added. A folder that does not exist or holds no ``datapackage.json``
    raises :class:`~mali_conflict_data._errors.DataNotFoundError`.

    >>> from mali_conflict_data import data_dir
    >>> diff(data_dir(), data_dir()).empty
    True
    """
    old, new = data_folder(old, "old"), data_folder(new, "new")
    rows = []
    old_tables = set(table_names(old))
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
