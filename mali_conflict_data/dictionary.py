"""The data dictionary: every column of a table, its type, whether it is required, its values.

Read from the Table Schemas published beside ``datapackage.json``, so it needs
neither pandera nor frictionless and describes exactly the copy :func:`load` reads.
"""

from __future__ import annotations

from mali_conflict_data.load import _fields, data_dir, resource

DICTIONARY_COLUMNS = ["column", "type", "required", "vocabulary", "description"]


def _type(field: dict) -> str:
    if "arrayItem" in field:
        return f"list of {field['arrayItem'].get('type', 'any')}s"
    if "enum" in field.get("constraints", {}):
        return "categorical"
    return field["type"]


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

    folder = data_dir()
    rows = []
    for field in _fields(folder, resource(folder, name)["schema"]):
        constraints = field.get("constraints", {})
        rows.append(
            {
                "column": field["name"],
                "type": _type(field),
                "required": bool(constraints.get("required", False)),
                "vocabulary": constraints.get("enum"),
                "description": field.get("description", ""),
            }
        )
    frame = pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
    frame.attrs["table"] = name
    return frame
