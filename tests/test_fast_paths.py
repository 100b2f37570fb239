"""Fast paths of checks and derivations give what the plain per-row code gives, on any input."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pandera
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pandera.engines import pandas_engine

from mali_conflict_data import _rules
from mali_conflict_data.model import DATE_PRECISIONS
from mali_conflict_data.schema import PUBLISHED_SCHEMAS


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

    from mali_conflict_data._pylists import python_lists

    kind = (pa.large_list if large else pa.list_)(pa.string())
    chunks = [pa.array(first, kind), pa.array(second, kind).slice(start, length)]
    column = pa.chunked_array(chunks, type=kind)
    assert python_lists(column) == column.to_pylist()


@settings(max_examples=200, deadline=None)
@given(list_cells, st.integers(-3, 3))
def test_a_series_of_list_cells_holds_what_to_pylist_gives(cells, start):
    """list_series (load's and event_summary's list columns): a list or None per row, in order."""
    import pyarrow as pa

    from mali_conflict_data._pylists import list_series

    column = pa.chunked_array([pa.array(cells, pa.list_(pa.string()))])
    index = pd.RangeIndex(start, start + len(cells))
    series = list_series(column, index)
    assert series.dtype == object, series.dtype
    assert series.index.equals(index)
    assert series.tolist() == column.to_pylist()
    assert all(cell is None or type(cell) is list for cell in series)


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


# words of letters with runs of spaces between and around them: the ASCII cells counted as
# they are, around the thresholds of 3 words and 12 characters
_spaced_words = st.lists(
    st.tuples(st.text("aB", min_size=1, max_size=5), st.sampled_from([" ", "  ", "   ", "\t"])),
    max_size=4,
).map(lambda parts: "".join(word + gap for word, gap in parts))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from(_QUOTE_CHARACTERS), max_size=30),
            _spaced_words,
            st.tuples(st.sampled_from(["", " "]), _spaced_words).map("".join),
            _spaced_words.map(str.strip),
        ),
        max_size=8,
    )
)
def test_quotes_squashed_only_where_squashing_changes_them_are_the_squashed_ones(quotes):
    from mali_conflict_data import validate

    raw = pd.Series([None, *quotes], dtype=pd.StringDtype(), index=range(5, 6 + len(quotes)))
    expected = validate._too_short(validate._squashed(raw)).tolist()
    assert validate._quotes_too_short(raw).tolist() == expected
    assert validate._squash_column(raw) == validate._squashed(raw).to_pylist()


# --- reading raw cells: Arrow fast paths against pandas' string methods (tests/plain_paths.py)

_CELL_CHARACTERS = " \t\n\x00\x1b\x7f\u200b\u200d\u00ade\u0301\u00e9aZ=+-@;0129:.,"


def _columns():
    from mali_conflict_data.schema import SCHEMAS

    return [
        (table, name, column) for table, s in SCHEMAS.items() for name, column in s.columns.items()
    ]


def _vocabulary_words():
    from mali_conflict_data.schema import SCHEMAS

    words = {"true", "false", "True", "", " true"}
    for schema in SCHEMAS.values():
        for column in schema.columns.values():
            words.update((column.metadata or {}).get("vocabulary") or [])
    return sorted(words)


_plain_raw_cells = st.one_of(
    st.text(alphabet=st.sampled_from(_CELL_CHARACTERS), max_size=6),
    st.sampled_from(_vocabulary_words()),
    st.dates().map(lambda d: d.isoformat()),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.integers(-(2**70), 2**70).map(str),
    st.from_regex(r"\A-?0{0,25}[0-9]{1,3}\Z"),
    st.floats(allow_nan=True).map(str),
)
# and any of them ending in a line break (where Python's re, not RE2, decides for pandas)
raw_cells = st.one_of(
    _plain_raw_cells,
    st.tuples(_plain_raw_cells, st.sampled_from(["\n", "\u200d\n", " \n"])).map("".join),
)


def _raw_table(name: str, rows: int):
    import numpy as np

    from mali_conflict_data import _raw
    from mali_conflict_data.schema import SCHEMAS

    table = _raw.RawTable(name, f"raw/{name}.csv", None, np.arange(2, rows + 2))
    table.header = list(SCHEMAS[name].columns)
    return table


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(_columns()), st.lists(raw_cells, max_size=10), st.integers(0, 10))
def test_arrow_reading_of_a_column_is_the_pandas_reading(where, cells, split):
    import plain_paths
    import pyarrow as pa

    from mali_conflict_data import _raw

    table_name, name, column = where
    free_text = bool((column.metadata or {}).get("free_text"))
    # the second chunk a slice (an offset into its buffers), after a cell it does not hold
    tail = pa.array(["= "] + cells[split:], pa.string()).slice(1)
    chunks = [pa.array(cells[:split], pa.string()), tail]
    fast_table, plain_table = _raw_table(table_name, len(cells)), _raw_table(table_name, len(cells))
    raw = pa.chunked_array(chunks, type=pa.string())
    _raw._check_text(fast_table, name, raw, free_text)
    fast = _raw._convert_column(fast_table, name, raw, column)
    strings = pd.Series(cells, dtype=pd.StringDtype())
    plain_paths.check_text(plain_table, name, strings, free_text)
    plain = plain_paths.convert_column(plain_table, name, strings, column)
    assert fast_table.problems == plain_table.problems
    assert fast_table.reported == plain_table.reported
    pd.testing.assert_series_equal(fast, plain, check_exact=True)
    assert fast.dtype == plain.dtype
    if isinstance(plain.dtype, pd.CategoricalDtype):
        assert fast.dtype.categories.dtype == plain.dtype.categories.dtype


_ROUGH_CELLS = st.sampled_from(["a", "A", "a ", " a", "a  b", "a b", "ab", "É", "é", "", "x"])


@settings(max_examples=400, deadline=None)
@given(
    st.integers(1, 4),
    st.lists(st.lists(_ROUGH_CELLS, min_size=4, max_size=4), max_size=12),
    st.booleans(),
    st.integers(0, 12),
)
def test_duplicate_row_candidates_find_what_comparing_every_row_finds(width, rows, one_key, split):
    import plain_paths
    import pyarrow as pa

    from mali_conflict_data import _raw

    columns = [f"c{i}" for i in range(width)]
    cells = {c: [row[i] for row in rows] for i, c in enumerate(columns)}
    key = columns[:1] if one_key else columns[:2]
    fast_table, plain_table = _raw_table("events", len(rows)), _raw_table("events", len(rows))
    strings = pa.table({c: pa.array(v, pa.string()) for c, v in cells.items()})
    if 0 < split < len(rows):  # Arrow's reader gives chunks: codes must span them
        strings = pa.concat_tables([strings.slice(0, split), strings.slice(split)])
    _raw._check_duplicate_rows(fast_table, strings, key)
    plain_paths.duplicate_rows(plain_table, pd.DataFrame(cells, dtype=object), key)
    assert fast_table.problems == plain_table.problems


# --- cross-row rules: key joins in Arrow against reindex / get_indexer on the whole frame

_IDS = st.sampled_from(["a", "b", "c", "d", None])


@st.composite
def linked_frames(draw):
    import datetime as dt

    rows = draw(st.integers(0, 9))
    column = lambda values: draw(st.lists(values, min_size=rows, max_size=rows))  # noqa: E731
    days = st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 9)))
    # and near 2**53, where floats stop being exact (2**53 + 1 is not a float)
    counts = st.one_of(st.none(), st.integers(-1, 6), st.integers(2**53 - 2, 2**53 + 2))
    frame = pd.DataFrame(
        {
            "id": pd.array(column(_IDS), dtype=pd.StringDtype()),
            "link": pd.array(column(_IDS), dtype=pd.StringDtype()),
            "source_id": pd.array(
                column(st.sampled_from(["s", "t", None])), dtype=pd.StringDtype()
            ),
            "kind": pd.Categorical(
                column(st.sampled_from(["x", "y", None])), categories=["x", "y"]
            ),
            "low": pd.array(column(counts), dtype="Int64"),
            "best": pd.array(column(counts), dtype="Int64"),
            "high": pd.array(column(counts), dtype="Int64"),
            "start": pd.to_datetime(pd.Series(column(days), dtype=object)),
            "end": pd.to_datetime(pd.Series(column(days), dtype=object)),
        }
    )
    return frame.set_axis(range(3, 3 + rows)) if draw(st.booleans()) else frame


@settings(max_examples=400, deadline=None)
@given(linked_frames())
def test_link_rules_by_key_join_are_the_reindex_rules(frame):
    import plain_paths

    same = ["kind", "source_id"]
    further = _rules.further_report_checks("id", "link", ["kind"])[0]
    period = _rules.same_period_checks("id", "link", "start", "end")[0]
    same_figure, not_larger = _rules.part_of_checks("id", "link", same)
    plain_same_figure, plain_not_larger = plain_paths.part_of("id", "link", same)
    pairs = [
        (further, plain_paths.further_report("id", "link", ["kind"])),
        (period, plain_paths.same_period("id", "link", "start", "end")),
        (same_figure, plain_same_figure),
        (not_larger, plain_not_larger),
    ]
    for check, plain in pairs:
        fast = check._check_fn(frame)
        expected = plain(frame)
        assert fast.index.equals(frame.index), check.name
        assert fast.astype(bool).tolist() == expected.astype(bool).tolist(), check.name


_COUNT_WORDS = st.one_of(
    st.none(),
    st.integers(0, 10**16).map(lambda n: f"{n} people"),
    st.tuples(
        st.sampled_from(["at least ", "more than ", "about ", "", "a "]), st.integers(0, 99)
    ).map(lambda p: f"{p[0]}{p[1]} troops"),
    st.sampled_from(
        [
            "twenty five dead",
            "a dozen soldiers",
            "several hundred members",
            "5 hundred people",
            "1,200 people",
            "3 to 9 people",
            "between 4 and 7 people",
            "7 one people",
            "dozens",
            "4 People",
            "4  people",
            "4 people.",
            "04 people",
            "1.5 million",
        ]
    ),
)


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_count_text_by_whole_columns_is_count_words_fit_on_every_row(data):
    from mali_conflict_data.model import QUALIFIERS

    rows = data.draw(st.integers(0, 10))
    texts = data.draw(st.lists(_COUNT_WORDS, min_size=rows, max_size=rows))
    bounds = st.one_of(st.none(), st.integers(0, 100), st.sampled_from([10**16, 10**16 + 1]))
    frame = pd.DataFrame(
        {
            "count_text": pd.array(texts, dtype=pd.StringDtype()),
            "qualifier": pd.Categorical(
                data.draw(
                    st.lists(st.sampled_from([*QUALIFIERS, None]), min_size=rows, max_size=rows)
                ),
                categories=list(QUALIFIERS),
            ),
            **{
                c: pd.array(
                    data.draw(st.lists(bounds, min_size=rows, max_size=rows)), dtype="Int64"
                )
                for c in ("low", "best", "high")
            },
        }
    )
    import plain_paths

    fast, fits = _rules._digits_then_words(frame)
    expected = plain_paths.count_text_fits(frame)
    assert [bool(f) for f, quick in zip(fits, fast, strict=True) if quick] == [
        e for e, quick in zip(expected, fast, strict=True) if quick
    ]
    assert _rules._consistent(frame).tolist() == plain_paths.consistent(frame).tolist()
    negative = (frame[["low", "best", "high"]] < 0).any(axis=1).fillna(False).astype(bool)
    plain = pd.Series(expected, index=frame.index) | negative
    plain = plain | ~_rules._ordered(frame) | ~plain_paths.consistent(frame)
    assert _rules.count_text_agrees()._check_fn(frame).tolist() == plain.tolist()


def _month_edges():
    import calendar
    import datetime as dt

    edges = []
    for year in (2019, 2020, 2400):
        for month in (1, 2, 12):
            last = calendar.monthrange(year, month)[1]
            edges += [dt.date(year, month, d) for d in sorted({1, 2, 7, 8, last - 1, last})]
    return edges


# month and year edges (day 1, the last day, a week on), anywhere in years 1 to 9999
_INTERVAL_DAYS = st.one_of(st.dates(), st.sampled_from(_month_edges()))


@st.composite
def _intervals(draw):
    import datetime as dt

    start = draw(st.one_of(st.none(), _INTERVAL_DAYS))
    end = draw(st.one_of(st.none(), _INTERVAL_DAYS, st.integers(-2, 9), st.integers(-2, 400)))
    if isinstance(end, int):  # a span of days after the start (none past year 9999)
        fits = start is not None and dt.date.min + dt.timedelta(2) < start < dt.date(9998, 1, 1)
        end = start + dt.timedelta(days=end) if fits else None
    return start, end, draw(st.sampled_from([*DATE_PRECISIONS, None]))


@settings(max_examples=800, deadline=None)
@given(st.lists(_intervals(), max_size=10))
def test_interval_rule_by_numpy_days_is_the_pandas_offsets_rule(rows):
    import plain_paths

    frame = pd.DataFrame(
        {
            "date_start": pd.to_datetime(pd.Series([r[0] for r in rows], dtype=object)),
            "date_end": pd.to_datetime(pd.Series([r[1] for r in rows], dtype=object)),
            "date_precision": pd.Categorical([r[2] for r in rows], categories=DATE_PRECISIONS),
        }
    )
    fast = _rules.interval_checks()[1]._check_fn(frame)
    expected = plain_paths.interval_matches("date_start", "date_end", "date_precision")(frame)
    assert fast.tolist() == expected.tolist()


def _id_patterns() -> list[str]:
    from mali_conflict_data.schema import SCHEMAS

    return sorted(
        {
            check.statistics["pattern"]
            for schema in SCHEMAS.values()
            for column in schema.columns.values()
            for check in column.checks
            if check.name == "id_pattern"
        }
    )


_ID_CHARACTERS = "abz09AZ-_ \n\u0663\u00e9"


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from([*_id_patterns(), r"^\w+$", r"^a(?=b)", "x"]),
    st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet=st.sampled_from(_ID_CHARACTERS), max_size=8),
            st.sampled_from(
                ["ev-a1", "cas-0001", "src-1\n", "NLD", "ML-1", "cas-\u0663\u0663\u0663\u0663"]
            ),
        ),
        max_size=8,
    ),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_id_pattern_and_length_checks_are_what_pandas_string_methods_give(
    pattern, cells, shortest, longest
):
    series = pd.Series(cells, dtype=pd.StringDtype(), index=range(7, 7 + len(cells))).dropna()
    check = _rules.str_matches(pattern, name="id_pattern", error="e")
    assert check._check_fn(series).tolist() == series.str.match(pattern, na=False).tolist()
    for low, high in ((shortest, None), (None, longest), (shortest, shortest + longest)):
        fits = _rules.str_length(min_value=low, max_value=high, name="n", error="e")
        length = series.str.len()
        expected = (length >= (low or 0)) & (length <= (high if high is not None else 10**9))
        assert fits._check_fn(series).tolist() == expected.tolist()
        assert fits._check_fn(series).index.equals(series.index)


STRING_COLUMNS = [
    (table, name)
    for table, schema in PUBLISHED_SCHEMAS.items()
    for name, column in schema.columns.items()
    if str(column.dtype).startswith("string")
]
SERIES = {
    "string[pyarrow]": lambda: pd.Series(["a", None, "b"], dtype=pd.StringDtype("pyarrow")),
    "string[python]": lambda: pd.Series(["a", None, "b"], dtype=pd.StringDtype("python")),
    "object of text": lambda: pd.Series(["a", "b"], dtype=object),
    "object of numbers": lambda: pd.Series([1, "b"], dtype=object),
    "int64": lambda: pd.Series([1, 2]),
    "Int64": lambda: pd.Series([1, None], dtype="Int64"),
    "category": lambda: pd.Series(["a", "b"], dtype="category"),
    "empty object": lambda: pd.Series([], dtype=object),
}


def _passes(dtype, name: str, series: pd.Series) -> bool:
    frame = pd.DataFrame({name: series})
    try:
        pandera.DataFrameSchema({name: pandera.Column(dtype, nullable=True)}).validate(frame)
    except pandera.errors.SchemaError:
        return False
    return True


@pytest.mark.parametrize("kind", sorted(SERIES))
def test_the_string_dtype_check_is_pandera_s_on_every_text_column(kind):
    """Every text and id column's dtype check answers as pandera's own, whatever it meets."""
    assert STRING_COLUMNS, "the model declares text columns"
    series = SERIES[kind]()
    found = pandas_engine.Engine.dtype(series.dtype)
    for table, name in STRING_COLUMNS:
        ours = PUBLISHED_SCHEMAS[table].columns[name].dtype
        theirs = pandas_engine.STRING(ours.storage)
        plain = theirs.check(found, series)
        plain = plain if isinstance(plain, bool) else bool(pd.Series(plain).all())
        fast = ours.check(found, series)
        fast = fast if isinstance(fast, bool) else bool(pd.Series(fast).all())
        assert fast == plain, f"{table}.{name} on {kind}: pandera says {plain}, ours {fast}"
        declared, got = _passes(theirs, name, series), _passes(ours, name, series)
        assert got == declared, f"{table}.{name} on {kind}: pandera {declared}, ours {got}"


_KEY_CELLS = st.sampled_from(["a", "b", "A", "ab", None])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(_KEY_CELLS, _KEY_CELLS, st.sampled_from(["x", "y", None])), max_size=12),
    st.sampled_from([["s"], ["s", "t"], ["s", "kind"], ["s", "t", "kind"], ["kind"]]),
    st.integers(0, 12),
)
def test_repeated_ids_found_through_arrow_codes_are_the_duplicated_ones(rows, key, split):
    import plain_paths
    import pyarrow as pa

    from mali_conflict_data import validate

    strings = [pd.array([r[i] for r in rows], dtype=pd.StringDtype()) for i in (0, 1)]
    if 0 < split < len(rows):  # a column of several Arrow chunks, as concatenation leaves it
        strings[0] = pd.array(
            pa.chunked_array([strings[0][:split], strings[0][split:]]), dtype=pd.StringDtype()
        )
    frame = pd.DataFrame(
        {
            "s": strings[0],
            "t": strings[1],
            "kind": pd.Categorical([r[2] for r in rows], categories=["x", "y"]),
        }
    )
    fast, plain = _raw_table("events", len(rows)), _raw_table("events", len(rows))
    fast.frame = plain.frame = frame
    validate._check_primary_key(fast, key)
    plain_paths.primary_key(plain, key)
    assert fast.problems == plain.problems


def test_the_schema_validated_is_the_declared_one_but_pandera_s_key_check():
    from mali_conflict_data import validate
    from mali_conflict_data.schema import SCHEMAS

    for name, schema in SCHEMAS.items():
        checked = validate._without_key_check(schema)
        assert schema.unique == schema.metadata["primary_key"], name
        assert checked.unique is None
        assert checked.columns == schema.columns and checked.checks == schema.checks
        assert (checked.strict, checked.ordered, checked.name) == (
            schema.strict,
            schema.ordered,
            schema.name,
        )


_PAIR_IDS = st.sampled_from(["e1", "e2", "s1", "s2", None])


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["events", "event_reports", "event_actors", "casualties"]),
        st.one_of(st.none(), st.lists(st.tuples(_PAIR_IDS, _PAIR_IDS), max_size=6)),
        min_size=4,
        max_size=4,
    )
)
def test_reported_by_article_through_arrow_codes_is_the_pair_set_rule(pairs):
    import plain_paths

    from mali_conflict_data import validate

    def tables():
        made = {}
        for name, rows in pairs.items():
            table = _raw_table(name, len(rows or []))
            if rows is not None:
                table.frame = pd.DataFrame(
                    {
                        "event_id": pd.array([r[0] for r in rows], dtype=pd.StringDtype()),
                        "source_id": pd.array([r[1] for r in rows], dtype=pd.StringDtype()),
                    }
                )
            made[name] = table
        return made

    # run only when events and event_reports were read (validate._CROSS_TABLE_CHECKS)
    assume(pairs["events"] is not None and pairs["event_reports"] is not None)
    fast, plain = tables(), tables()
    validate._check_reported_by_article(validate.Validation(fast))
    plain_paths.reported_by_article(plain)
    for name in pairs:
        assert fast[name].problems == plain[name].problems, name


@pytest.mark.parametrize("bad", ["negative_count", "unparseable_date", "duplicate_id", None])
def test_pandera_validating_in_place_leaves_every_frame_as_read(bad):
    from pathlib import Path

    from mali_conflict_data import validate
    from mali_conflict_data._raw import read_raw_table
    from mali_conflict_data.schema import SCHEMAS

    data = Path(__file__).parent / "data"
    for name, schema in SCHEMAS.items():
        path = data / "bad" / str(bad) / f"{name}.csv"
        path = path if path.is_file() else data / "minimal" / "raw" / f"{name}.csv"
        table = read_raw_table(name, path, schema)
        before = table.frame.copy(deep=True)
        validate._check_schema(table, schema)
        pd.testing.assert_frame_equal(table.frame, before, check_exact=True)
        assert list(table.frame.columns) == list(schema.columns)


ids = st.one_of(
    st.none(), st.sampled_from(["a", "b", "ab", "A", " a", "é", ""]), st.text(max_size=3)
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.lists(ids, max_size=8), st.booleans()), min_size=1, max_size=4),
    st.lists(ids, max_size=8),
    st.booleans(),
)
def test_foreign_keys_checked_together_find_what_a_set_lookup_per_column_finds(
    columns, targets, categorical_target
):
    """validate._isin_each (several columns against one target's ids, hashed once): per cell,
    whether a set of the target's non-empty ids holds it; an empty cell is in nothing."""
    from mali_conflict_data.validate import _isin_each

    def series(values, categorical, start):
        kind = "category" if categorical else "string"
        return pd.Series(values, dtype=kind, index=range(start, start + len(values)))

    made = [series(v, c, 10 * i) for i, (v, c) in enumerate(columns)]
    target = series(targets, categorical_target, 0)
    known = {t for t in targets if t is not None}
    found = _isin_each(made, target)
    assert len(found) == len(made)
    for values, column, flags in zip(columns, made, found, strict=True):
        expected = [v is not None and v in known for v in values[0]]
        assert flags.index.equals(column.index)
        assert flags.dtype == bool
        assert flags.tolist() == expected, (values[0], targets, flags.tolist())
