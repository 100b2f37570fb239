"""How each column kind of the model is typed in pandas and in Arrow/Parquet: one place.

>>> from mali_conflict_data.model import TABLES
>>> str(pandas_dtype(TABLES["casualties"].columns["best"]))
'Int64'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mali_conflict_data.model import Column, Table

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def pandas_dtype(column: Column) -> Any:
    """The pandas dtype a column of this kind has in a typed DataFrame.

    Dates are ``datetime64[ns]`` while validating (never Python ``date`` objects: they
    are compared and written vectorised), and ``date32`` in Parquet.
    """
    import pandas as pd

    if column.kind in ("id", "text"):
        return pd.StringDtype()
    if column.kind == "vocabulary":
        return pd.CategoricalDtype(list(column.vocabulary or ()))
    if column.kind == "date":
        return "datetime64[ns]"
    if column.kind == "flag":
        return pd.BooleanDtype()
    if column.kind == "count":
        return pd.Int64Dtype()
    if column.kind == "number":
        return pd.Float64Dtype()
    if column.kind == "list":
        return object
    raise ValueError(f"no pandas dtype for column kind {column.kind!r}")


def arrow_type(column: Column) -> pa.DataType:
    """The Arrow (Parquet) type of a column of this kind."""
    import pyarrow as pa

    types = {
        "id": pa.string(),
        "text": pa.string(),
        "vocabulary": pa.dictionary(pa.int8(), pa.string()),
        "date": pa.date32(),
        "flag": pa.bool_(),
        "count": pa.int64(),
        "number": pa.float64(),
        "list": pa.list_(pa.string()),
    }
    if column.kind not in types:
        raise ValueError(f"no Arrow type for column kind {column.kind!r}")
    return types[column.kind]


def conform(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """``frame`` with each column cast to its kind's dtype (dates and lists left as they are)."""
    import pandas as pd

    frame = frame.copy(deep=False)  # copy-on-write: a column set here never changes the caller's
    for name, column in table.columns.items():
        if column.kind in ("date", "list") or _typed(frame[name], column):
            continue  # already of its kind's dtype (a cast would give the same values)
        if column.kind == "vocabulary":
            frame[name] = pd.Categorical(
                frame[name].astype("string"), categories=list(column.vocabulary or ())
            )
        else:
            frame[name] = frame[name].astype(pandas_dtype(column))
    return frame


def _typed(series: pd.Series, column: Column) -> bool:
    """Whether ``series`` has exactly the dtype :func:`conform` gives ``column``.

    Categories must be the vocabulary in its order (unordered categorical dtypes
    compare equal whatever the order of their categories).
    """
    import pandas as pd

    if column.kind == "vocabulary":
        dtype = series.dtype
        return (
            isinstance(dtype, pd.CategoricalDtype)
            and not dtype.ordered
            and list(dtype.categories) == list(column.vocabulary or ())
            and dtype.categories.dtype == pd.Index(list(column.vocabulary or ())).dtype
        )
    return series.dtype == pandas_dtype(column)


#: The field metadata key under which polars writes an ``Enum``'s categories to Parquet
#: (and from which its reader rebuilds the ``Enum``): polars' own convention, not a standard.
POLARS_ENUM_KEY = "_PL_ENUM_VALUES2"
#: The field metadata keys polars reads as its own types (older and current spellings).
POLARS_KEYS = (b"_PL_ENUM_VALUES", b"_PL_ENUM_VALUES2", b"_PL_CATEGORICAL", b"_PL_CATEGORICAL2")


def polars_enum_marker(vocabulary: tuple[str, ...] | list[str]) -> str:
    """The value polars gives :data:`POLARS_ENUM_KEY` for an ``Enum`` of ``vocabulary``.

    Each value preceded by its length in UTF-8 bytes and ``;``, as polars writes it.
    Written beside ``vocabulary`` in the field metadata, it lets polars read the column
    as that ``Enum`` directly; other readers ignore it.

    >>> polars_enum_marker(["day", "week"])
    '3;day4;week'
    """
    return "".join(f"{len(value.encode('utf-8'))};{value}" for value in vocabulary)
