"""Arrow list columns as Python lists, made without the collector walking each new list.

Both ``load`` (pandas list cells) and ``summary.derive`` (the public table of
Python lists) turn Arrow list columns into Python lists; this is the one way they do.

>>> import pyarrow as pa
>>> python_lists(pa.chunked_array([[["a", "b"], None, []]]))
[['a', 'b'], None, []]
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def python_lists(column: pa.ChunkedArray) -> list:
    """A list column as Python lists (None for a missing cell), as ``to_pylist`` gives it.

    pyarrow 26 and later build the lists in ``to_pylist`` itself, without a scalar
    per cell (apache/arrow#50326), which is used; before that, the items are
    converted once, in one pass, and each cell is a slice of them.
    """
    import pyarrow as pa

    with collection_paused():
        if _scalar_free_to_pylist(pa.__version__):
            cells: list = []
            for chunk in column.chunks:
                cells += chunk.to_pylist()
            return cells
        return _lists_of_chunks(column, pa)


def list_series(column: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """A list column as a pandas Series of Python lists (object dtype), on ``index``.

    The lists go into an object array in one pass (``numpy.fromiter``): a Series made
    from a list of lists looks at every cell again to infer what it holds.

    >>> import pandas as pd, pyarrow as pa
    >>> list_series(pa.chunked_array([[["a"], None]]), pd.RangeIndex(2)).tolist()
    [['a'], None]
    """
    import numpy as np
    import pandas as pd

    cells = python_lists(column)
    array = np.fromiter(cells, dtype=object, count=len(cells))
    return pd.Series(array, index=index, copy=False)


@lru_cache(maxsize=4)
def _scalar_free_to_pylist(version: str) -> bool:
    """Whether pyarrow ``version`` converts lists to Python without a scalar per cell.

    >>> _scalar_free_to_pylist("26.0.1"), _scalar_free_to_pylist("15.0.0")
    (True, False)
    """
    major = version.split(".")[0]
    return major.isdigit() and int(major) >= 26


@contextlib.contextmanager
def collection_paused():
    """The garbage collector paused (if it runs) while many new lists are made.

    Lists of strings make no cycles: a collection per 700 new lists finds none, and
    each one walks every list made so far.
    """
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _lists_of_chunks(column: pa.ChunkedArray, pa) -> list:
    cells: list = []
    for chunk in column.chunks:
        if not (pa.types.is_list(chunk.type) or pa.types.is_large_list(chunk.type)):
            cells += chunk.to_pylist()
            continue
        items = chunk.values.to_pylist()
        bounds = chunk.offsets.to_numpy().tolist()
        part = [items[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        if chunk.null_count:
            for row in chunk.is_null().to_numpy(zero_copy_only=False).nonzero()[0].tolist():
                part[row] = None
        cells += part
    return cells
