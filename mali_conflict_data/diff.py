"""What changed between two copies of the data: rows added, removed and changed per table.

>>> import mali_conflict_data as mcd
>>> mcd.diff(mcd.data_dir(), mcd.data_dir()).empty
True
"""

from __future__ import annotations

import pandas as pd

from mali_conflict_data._errors import data_folder
from mali_conflict_data._text import key_labels
from mali_conflict_data.load import (
    _descriptor,
    _fields,
    primary_key,
    read_table,
    table_names,
)

DIFF_COLUMNS = ["table", "change", "key", "columns"]
SCHEMA_COLUMNS = ["table", "change", "column", "detail"]


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


def schema_changes(old, new) -> pd.DataFrame:
    """How the tables' definitions changed between two releases, from their Table Schemas.

    One row per change: a table added or removed, a column added or removed, a
    column whose type changed, a vocabulary value added or removed (``detail`` names
    it), a column that became required or optional.

    >>> from mali_conflict_data import data_dir
    >>> schema_changes(data_dir(), data_dir()).empty
    True
    """
    from mali_conflict_data.metadata import tables

    old, new = data_folder(old, "old"), data_folder(new, "new")
    for folder in (old, new):  # every Table Schema confined, a file, of the profile
        for entry in _descriptor(folder)["resources"]:
            _fields(folder, entry["schema"])
    before, after = tables(old), tables(new)
    rows = [(name, "table added", "", "") for name in after if name not in before]
    rows += [(name, "table removed", "", "") for name in before if name not in after]
    for name in (n for n in after if n in before):
        old_columns = {c.name: c for c in before[name].columns}
        new_columns = {c.name: c for c in after[name].columns}
        rows += [
            (name, "column added", c, new_columns[c].kind)
            for c in new_columns
            if c not in old_columns
        ]
        rows += [(name, "column removed", c, "") for c in old_columns if c not in new_columns]
        for column in (c for c in new_columns if c in old_columns):
            was, now = old_columns[column], new_columns[column]
            if was.kind != now.kind:
                rows.append((name, "type changed", column, f"{was.kind} -> {now.kind}"))
            rows += [
                (name, "value added", column, v) for v in now.vocabulary if v not in was.vocabulary
            ]
            rows += [
                (name, "value removed", column, v)
                for v in was.vocabulary
                if v not in now.vocabulary
            ]
            if was.required != now.required:
                rows.append((name, "now required" if now.required else "now optional", column, ""))
    return pd.DataFrame(rows, columns=SCHEMA_COLUMNS)


def summarise_diff(changes: pd.DataFrame, schema: pd.DataFrame | None = None) -> str:
    """The changes as Markdown (for CHANGELOG.md): schema changes, then rows per table.

    ``schema`` is :func:`schema_changes` of the same two releases, if given.
    """
    lines = _summarise_schema(schema) if schema is not None and not schema.empty else []
    if changes.empty:
        return "\n".join([*lines, "No data changes."])
    if lines:
        lines.append("")
        lines.append("Rows:")
        lines.append("")
    for table, group in changes.groupby("table", sort=False):
        counts = group["change"].value_counts()
        summary = ", ".join(f"{counts.get(c, 0)} {c}" for c in ("added", "removed", "changed"))
        lines.append(f"- `{table}`: {summary}")
        for row in group[group["change"] == "changed"].itertuples():
            lines.append(f"  - `{row.key}` changed: {row.columns}")
        for row in group[group["change"] == "removed"].itertuples():
            lines.append(f"  - `{row.key}` removed")
    return "\n".join(lines)


def _summarise_schema(schema: pd.DataFrame) -> list[str]:
    lines = ["Schema changes:", ""]
    for table, group in schema.groupby("table", sort=False):
        parts = []
        for change, rows in group.groupby("change", sort=False):
            if change.startswith("table"):
                parts.append("new table" if change == "table added" else "table removed")
            elif change.startswith("value"):
                words = "values added to" if change == "value added" else "values removed from"
                by_column = rows.groupby("column", sort=False)["detail"]
                parts += [
                    f"{words} `{column}`: " + ", ".join(f"`{v}`" for v in values)
                    for column, values in by_column
                ]
            else:
                details = [
                    f"`{r.column}`" + (f" ({r.detail})" if r.detail else "")
                    for r in rows.itertuples()
                ]
                parts.append(f"{change}: " + ", ".join(details))
        lines.append(f"- `{table}`: " + "; ".join(parts))
    return lines
