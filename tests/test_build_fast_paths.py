"""The build's fast derivations give what the plain code gives, on generated inputs.

Each fast path of the build (Arrow lists of ``event_summary``, the period panels summed
by position, Arrow ``is_in``) is compared with a plain implementation: Python loops, or
the pandas code it replaced (``totals()`` per group, one loop per spanning event).
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_conflict_data import _types, model
from mali_conflict_data.periods import PERIOD_TABLES, derive_period_table
from mali_conflict_data.summary import _sorted_lists
from mali_conflict_data.totals import BOUNDS, totals

disagreements = importlib.import_module("mali_conflict_data.disagreements")

NAMES = st.sampled_from(["a", "b", "c", "é", "ab", "B", "z9"])


def plain_sorted_lists(keys, values, ids, labels=None) -> list[list]:
    found: dict[str, set] = {}
    for k, v in zip(keys, values, strict=True):
        found.setdefault(k, set()).add(v)
    shown = (lambda v: labels.get(v)) if labels is not None else (lambda v: v)
    return [[shown(v) for v in sorted(found.get(i, ()))] for i in ids]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(NAMES, NAMES), max_size=12),
    st.lists(NAMES, max_size=6),
    st.one_of(st.none(), st.dictionaries(NAMES, st.text(min_size=1, max_size=3), max_size=5)),
    st.booleans(),
)
def test_sorted_lists_in_arrow_are_the_plain_sorted_sets(pairs, ids, labels, text_dtype):
    frame = pd.DataFrame(pairs, columns=["k", "v"], dtype="string" if text_dtype else object)
    series = None if labels is None else pd.Series(labels, dtype=object)
    lists = _sorted_lists(frame, "k", "v", ids, series).to_pylist()
    keys, values = [p[0] for p in pairs], [p[1] for p in pairs]
    assert lists == plain_sorted_lists(keys, values, ids, labels)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(NAMES, st.none()), max_size=10),
    st.lists(NAMES, max_size=6),
    st.sampled_from(["string", "category", "object"]),
    st.booleans(),
)
def test_is_in_is_pandas_isin_of_the_text(values, among, dtype, as_series):
    series = pd.Series(values, dtype=dtype)
    other = pd.Series(among, dtype="string") if as_series else set(among)
    expected = series.astype(str).isin(list(other)).to_numpy()
    assert disagreements._is_in(series, other).tolist() == expected.tolist()


# --- the period panels ---------------------------------------------------------


def plain_period_table(name: str, summary: pd.DataFrame) -> pd.DataFrame:
    """The pandas derivation the build used before: ``totals()`` per group, a loop per span."""
    frequency = {"country_month": "M", "admin1_year": "Y"}[name]
    place = {"country_month": ["country_iso3"], "admin1_year": ["country_iso3", "admin1"]}[name]
    located = summary.dropna(subset=place).reset_index(drop=True)
    start = pd.to_datetime(located["date_start"]).dt.to_period(frequency)
    end = pd.to_datetime(located["date_end"]).dt.to_period(frequency)
    places = located[place].astype(str).drop_duplicates().sort_values(place)
    if len(located):
        span = pd.period_range(start.min(), end.max(), freq=frequency)
    else:
        span = pd.PeriodIndex([], freq=frequency)
    panel = places.merge(pd.DataFrame({"period": span}), how="cross")
    keys = [*place, "period"]
    fits = (start == end).to_numpy()
    inside = located[fits].assign(period=start[fits].array)
    inside[place] = inside[place].astype(str)
    counts = inside.groupby(keys).size().rename("events")
    by_category = pd.crosstab(
        [inside[k] for k in keys], pd.Categorical(inside["category"], model.EVENT_CATEGORIES)
    )
    spanning = located[~fits].assign(first=start[~fits].array, last=end[~fits].array)
    spanning[place] = spanning[place].astype(str)
    table = panel.set_index(keys)
    table["events"] = counts.reindex(table.index).fillna(0)
    for category in model.EVENT_CATEGORIES:
        column = by_category[category] if category in by_category else pd.Series(dtype=int)
        table[f"events_{category}"] = column.reindex(table.index).fillna(0)
    over = pd.Series(0, index=table.index)
    for _, event in spanning.iterrows():
        here = table.index.get_level_values("period")
        at = (here >= event["first"]) & (here <= event["last"])
        for column in place:
            at &= table.index.get_level_values(column) == event[column]
        over[at] += 1
    table["events_spanning"] = over
    key_series = [inside[k] for k in keys]
    for outcome in model.OUTCOMES:
        summed = totals(inside, by=key_series, outcome=outcome)
        for bound in BOUNDS:
            column = f"{outcome}_{bound}"
            values = summed[column].reindex(table.index)
            table[column] = values.where(table.index.isin(summed.index), 0)
    table = table.reset_index()
    table.insert(len(place), "year", table["period"].dt.year)
    if frequency == "M":
        table.insert(len(place) + 1, "month", table["period"].dt.month)
    declared = PERIOD_TABLES[name]
    table = table.drop(columns="period")
    return _types.conform(table[list(declared.columns)].reset_index(drop=True), declared)


@st.composite
def summaries(draw) -> pd.DataFrame:
    rows = []
    for number in range(draw(st.integers(1, 9))):
        start = pd.Timestamp("2019-11-20") + pd.Timedelta(days=draw(st.integers(0, 500)))
        end = start + pd.Timedelta(days=draw(st.sampled_from([0, 0, 3, 20, 45, 400])))
        row = {
            "event_id": f"ev-{number}",
            "date_start": start,
            "date_end": end,
            "category": draw(st.sampled_from(model.EVENT_CATEGORIES)),
            "country_iso3": draw(st.sampled_from(["MLI", "MLI", "BFA", None])),
            "admin1": draw(st.sampled_from(["Gao", "Mopti", "Kidal", None])),
        }
        for outcome in model.OUTCOMES:
            low, best, high = sorted(draw(st.lists(st.integers(0, 10**6), min_size=3, max_size=3)))
            row[f"{outcome}_low"] = draw(st.sampled_from([low, None]))
            row[f"{outcome}_best"] = draw(st.sampled_from([best, None]))
            row[f"{outcome}_high"] = draw(st.sampled_from([high, None]))
        rows.append(row)
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if column.endswith(BOUNDS):
            frame[column] = frame[column].astype("Int64")
    frame["date_start"] = frame["date_start"].astype("datetime64[us]")
    frame["date_end"] = frame["date_end"].astype("datetime64[us]")
    frame["category"] = pd.Categorical(frame["category"], model.EVENT_CATEGORIES)
    return frame.astype({"event_id": "string", "country_iso3": "string", "admin1": "string"})


@settings(max_examples=150, deadline=None)
@given(summaries(), st.sampled_from(sorted(PERIOD_TABLES)))
def test_period_tables_summed_by_position_are_the_plain_pandas_derivation(summary, name):
    pd.testing.assert_frame_equal(
        derive_period_table(name, summary), plain_period_table(name, summary)
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(NAMES, st.none()), NAMES), min_size=1, max_size=12))
def test_group_sizes_are_the_groupby_transform_of_the_text(rows):
    from mali_conflict_data.summary import _group_sizes

    first = pd.Series([r[0] for r in rows], dtype="string")
    second = pd.Series([r[1] for r in rows], dtype="category")
    keys = [first.astype(str), second.astype(str)]
    plain = first.groupby(keys).transform("size")
    expected = plain.fillna(0).astype(int).tolist()  # a row with an empty key is in no group
    assert _group_sizes(first, second).tolist() == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES, NAMES), max_size=10))
def test_dyad_source_lists_in_arrow_are_the_plain_sorted_pairs(rows):
    from mali_conflict_data.dyads import _source_lists

    a = np.array([r[0] for r in rows], dtype=object)
    b = np.array([r[1] for r in rows], dtype=object)
    expected = [[x] if x == y else sorted((x, y)) for x, y in rows]
    assert _source_lists(a, b).to_pylist() == expected


# --- the events whose sources disagree ---------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 3)), max_size=12))
def test_pairs_within_groups_are_the_combinations_of_each_groups_rows(keys):
    from itertools import combinations

    from mali_conflict_data.summary import _pairs_within

    codes = np.array([-1 if k is None else k for k in keys], dtype=np.int64)
    first, second = _pairs_within(codes, codes < 0)
    expected = [
        pair
        for key in sorted({k for k in keys if k is not None})
        for pair in combinations([i for i, k in enumerate(keys) if k == key], 2)
    ]
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == expected


def _generated_tables():
    from test_disagreements_reference import tables

    return tables()


#: hypothesis' settings for the generated tables (each example is a whole set of tables)
GENERATED_TABLES = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.generated
@GENERATED_TABLES
@given(_generated_tables())
def test_casualty_conflicts_in_numpy_are_the_pairs_disagreements_lists(frames):
    from mali_conflict_data.summary import _conflicting_figures

    casualties = frames["casualties"]
    fast = _conflicting_figures(casualties)
    plain = disagreements._casualty_pairs(casualties)  # claim A's id is at 4, B's at 10
    expected = sorted(tuple(sorted((row[4], row[10]))) for row in plain)
    found = sorted(tuple(sorted(pair)) for pair in zip(fast["a_id"], fast["b_id"], strict=True))
    assert found == expected


@pytest.mark.generated
@GENERATED_TABLES
@given(_generated_tables())
def test_disagreeing_events_are_the_events_disagreements_lists(frames):
    from mali_conflict_data.summary import disagreeing_events

    expected = disagreements.claim_events(disagreements.disagreements(frames), frames)
    assert disagreeing_events(frames) == expected


# --- event_summary's rows and figure columns ---------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 4)), st.one_of(st.none(), NAMES)),
        max_size=12,
    ),
    st.sampled_from(["datetime64[ns]", "datetime64[us]"]),
)
def test_rows_in_arrow_order_are_the_pandas_sort_values(rows, unit):
    from mali_conflict_data.summary import _order

    days = [
        None if d is None else pd.Timestamp("2020-01-01") + pd.Timedelta(days=d) for d, _ in rows
    ]
    dates = pd.Series(days, dtype=unit)
    ids = pd.Series([i for _, i in rows], dtype="string")
    keys = pd.DataFrame({"date_start": dates.array, "event_id": ids.array})
    expected = keys.sort_values(["date_start", "event_id"]).index.to_numpy()
    assert _order(dates, ids).tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.tuples(NAMES, st.sampled_from(model.OUTCOMES[:3])),
        st.tuples(*[st.one_of(st.none(), st.integers(0, 10**12)) for _ in range(3)]),
        max_size=10,
    ),
    st.lists(NAMES, max_size=8),
)
def test_figure_columns_looked_up_in_arrow_are_the_unstacked_reindexed_table(figures, ids):
    import pyarrow as pa

    from mali_conflict_data.summary import _figure_columns

    index = pd.MultiIndex.from_tuples(list(figures), names=["event_id", "outcome"])
    index = index.set_levels(index.levels[0].astype("string"), level=0)
    table = pd.DataFrame(list(figures.values()), index=index, columns=list(BOUNDS))
    table = table.astype("Int64").sort_index()
    events = pa.array(table.index.get_level_values(0).astype(str).tolist(), pa.string())
    outcomes = np.asarray(table.index.get_level_values(1), dtype=object)
    bounds = {bound: table[bound].array for bound in BOUNDS}
    columns = _figure_columns(events, outcomes, bounds, pa.array(ids, pa.string()))
    wide = table.unstack("outcome").reindex(ids)
    for outcome in model.OUTCOMES:
        for bound in BOUNDS:
            found = pd.Series(columns[f"{outcome}_{bound}"], dtype="Int64")
            if (bound, outcome) in wide:
                expected = wide[(bound, outcome)].astype("Int64").reset_index(drop=True)
            else:
                expected = pd.Series([pd.NA] * len(ids), dtype="Int64")
            pd.testing.assert_series_equal(found, expected, check_names=False)


def _generated_figures():
    from test_summary import _figures

    return _figures()


@settings(max_examples=300, deadline=None)
@given(_generated_figures())
def test_figures_summed_in_numpy_are_figures_by_outcome(casualties):
    from mali_conflict_data.summary import _figures_in_arrays, figures_by_outcome

    plain = figures_by_outcome(casualties)
    events, outcomes, bounds = _figures_in_arrays(casualties)
    keys = list(zip(events.to_pylist(), outcomes.tolist(), strict=True))
    assert keys == [(str(e), str(o)) for e, o in plain.index]
    for bound in BOUNDS:
        found = pd.Series(bounds[bound], dtype="Int64")
        expected = plain[bound].astype("Int64").reset_index(drop=True)
        pd.testing.assert_series_equal(found, expected, check_names=False)


# --- event_dyads ----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(st.none(), NAMES), NAMES), max_size=10),
    st.lists(st.tuples(st.one_of(st.none(), NAMES), NAMES), max_size=10),
)
def test_dyad_join_in_numpy_is_the_arrow_hash_join(left_rows, right_rows):
    import pyarrow as pa

    from mali_conflict_data.dyads import _joined

    def table(rows, suffix):
        return pa.table(
            {
                "event_id": pa.array([r[0] for r in rows], pa.string()),
                f"actor_{suffix}": pa.array([r[1] for r in rows], pa.string()),
            }
        )

    left, right = table(left_rows, "a"), table(right_rows, "b")
    plain = left.join(right, "event_id", join_type="inner")
    fast = _joined(left, right)
    assert fast.column_names == plain.column_names
    assert fast.schema == plain.schema
    assert sorted(tuple(r.values()) for r in fast.to_pylist()) == sorted(
        tuple(r.values()) for r in plain.to_pylist()
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(model.EVENT_ROLES)), max_size=10))
def test_dyad_strings_of_a_vocabulary_column_are_its_text(values):
    import pyarrow as pa

    from mali_conflict_data.dyads import _strings

    series = pd.Series(pd.Categorical(values, categories=model.EVENT_ROLES))
    plain = pa.array(series.astype(str).array)
    plain = (plain.combine_chunks() if isinstance(plain, pa.ChunkedArray) else plain).cast(
        pa.string()
    )
    assert _strings(series).equals(plain)
