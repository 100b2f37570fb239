"""The data dictionary: every column of a table, its type, whether it is required, its values.

Generated from the data model (:mod:`mali_conflict_data.model`), the source the
codebook and the published Table Schemas are generated from; it needs neither
pandera nor frictionless.
"""

from __future__ import annotations

from mali_conflict_data.model import KINDS, PUBLISHED

DICTIONARY_COLUMNS = ["column", "type", "required", "vocabulary", "description"]


def describe(name: str):
    """The columns of table ``name``: type, required, vocabulary and description (a DataFrame).

    ``vocabulary`` lists the allowed values of a categorical column (None for
    others). The same facts are in the codebook (``docs/codebook.md``).

    >>> columns = describe("casualties").set_index("column")
    >>> columns.loc["outcome", "vocabulary"][:3]
    ['killed', 'dead', 'injured']
    >>> columns.loc["best", "type"], bool(columns.loc["best", "required"])
    ('integer', False)
    """
    import pandas as pd

    if name not in PUBLISHED:
        raise ValueError(f"Unknown table {name!r}; choose one of: {', '.join(PUBLISHED)}")
    rows = [
        {
            "column": column_name,
            "type": KINDS[column.kind][1],
            # a list column holds a list (possibly empty) in every row: never "missing"
            "required": column.required and column.kind != "list",
            "vocabulary": list(column.vocabulary) if column.vocabulary else None,
            "description": column.description,
        }
        for column_name, column in PUBLISHED[name].columns.items()
    ]
    frame = pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
    frame.attrs["table"] = name
    return frame
