"""Fast paths of checks and derivations give what the plain per-row code gives, on any input."""

from __future__ import annotations

import pandas as pd
import pytest
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


def _published():
    import importlib

    load = importlib.import_module("mali_conflict_data.load")
    folder = load.data_dir()
    return load, folder, load.table_names(folder)


def test_polars_reads_what_the_arrow_route_gives_for_every_table_and_selection():
    pytest.importorskip("polars")
    load, folder, names = _published()
    for name in names:
        fields = load._fields(folder, load.resource(folder, name)["schema"])
        every = [f["name"] for f in fields]
        for columns in (None, every[::-1][:3], every[1:2]):
            chosen = load._known_columns(name, fields, columns) if columns else None
            selected = [f for f in fields if chosen is None or f["name"] in chosen]
            path = folder / "build" / f"{name}.parquet"
            table = load._read_parquet(path, path.read_bytes(), chosen)
            expected = load._to_polars(load._with_vocabularies(table, selected, path), selected)
            read = load.read_table(folder, name, backend="polars", columns=columns)
            assert read.schema == expected.schema, (name, columns)
            assert read.equals(expected), (name, columns)


def test_polars_refuses_a_value_outside_the_vocabulary_as_the_arrow_route_does(tmp_path):
    pytest.importorskip("polars")
    import pyarrow as pa
    import pyarrow.parquet as pq

    from mali_conflict_data import DamagedDataError

    load, folder, _ = _published()
    fields = [{"name": "role", "type": "string", "constraints": {"enum": ["a", "b"]}}]
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"role": ["a", None, "zz", "b"]}), path)
    with pytest.raises(DamagedDataError) as native:
        load._polars_native(path, path.read_bytes(), None, fields)
    with pytest.raises(DamagedDataError) as arrow:
        load._with_vocabularies(pq.read_table(path), fields, path)
    assert str(native.value) == str(arrow.value)
    assert "['zz']" in str(native.value)


_TRICKY = "\n\t\x00\x1b\x7f\x85\u200b\u200c\u202e\u00ad\ufeff a\u00e9"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_TRICKY), max_size=5), min_size=1, max_size=6))
def test_one_pass_finds_every_cell_the_line_break_and_invisible_checks_flag(cells):
    from mali_conflict_data import _raw

    assert _raw._CONTROL_OR_INVISIBLE != _raw._INVISIBLE
    raw = pd.Series(cells, dtype=pd.StringDtype())
    flagged = raw.str.contains("\n", regex=False) | raw.str.contains(_raw._INVISIBLE, regex=True)
    if flagged.any():
        assert _raw._matches(raw, _raw._CONTROL_OR_INVISIBLE)
    assert _raw._matches(raw, _raw._CONTROL_OR_INVISIBLE) == any(
        _raw._matches(raw.iloc[[i]], _raw._CONTROL_OR_INVISIBLE) for i in range(len(raw))
    )


_QUOTE_CHARACTERS = " \t\n\x0b\x1c\x1f\x85\u00a0\u2003abC,é"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_QUOTE_CHARACTERS), max_size=30), max_size=6))
def test_quote_length_counted_in_arrow_is_the_python_count(quotes):
    from mali_conflict_data import validate

    raw = pd.Series(quotes, dtype=pd.StringDtype())
    expected = [
        bool(q)
        and (len(q) < validate.MIN_QUOTE_CHARACTERS or len(q.split()) < validate.MIN_QUOTE_WORDS)
        for q in validate._squash_column(raw)
    ]
    assert validate._too_short(validate._squashed(raw)).tolist() == expected
