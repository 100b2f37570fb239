"""Fast paths of checks and derivations give what the plain per-row code gives, on any input."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mali_conflict_data import _rules


class Text(str):
    """A str subclass: still text to the plain check."""


def plain_list_of_text(values: list) -> list[bool]:
    return [isinstance(v, list) and all(isinstance(x, str) and x for x in v) for v in values]


cells = st.one_of(
    st.lists(st.one_of(st.text(max_size=3), st.integers(), st.none(), st.just(Text("a")))),
    st.lists(st.text(min_size=1, max_size=3)),
    st.none(),
    st.just(float("nan")),
    st.tuples(st.text(min_size=1)),
    st.text(max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, max_size=8), st.lists(st.lists(st.text(min_size=1)), max_size=8))
def test_list_of_text_check_is_the_plain_check(mixed, clean):
    check = _rules.is_list_of_text()
    for values in (mixed, clean, clean + mixed):
        series = pd.Series(values, dtype=object, index=range(10, 10 + len(values)))
        result = check._check_fn(series)
        assert result.tolist() == plain_list_of_text(values)
        assert result.index.equals(series.index)


list_cells = st.lists(
    st.one_of(st.none(), st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=4)),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(list_cells, list_cells, st.integers(0, 5), st.integers(0, 5), st.booleans())
def test_list_cells_are_what_to_pylist_gives(first, second, start, length, large):
    import pyarrow as pa

    from mali_conflict_data.load import _python_lists

    kind = (pa.large_list if large else pa.list_)(pa.string())
    chunks = [pa.array(first, kind), pa.array(second, kind).slice(start, length)]
    column = pa.chunked_array(chunks, type=kind)
    assert _python_lists(column) == column.to_pylist()
