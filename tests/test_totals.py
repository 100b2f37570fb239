"""totals(): checked against a plain loop over generated figures, and on the published data."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data.totals import COUNTS, outcome_columns

COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=500))


def reference(rows: list[dict], outcome: str) -> dict:
    """The documented rules, written row by row: {group: (low, best, high, *COUNTS)}."""
    found: dict = {}
    for row in rows:
        low, best, high = (row[f"{outcome}_{b}"] for b in ("low", "best", "high"))
        total = found.setdefault(row["group"], [0, 0, 0, 0, 0, 0, 0])
        total[3] += 1
        if low is None and best is None and high is None:
            continue  # reports nothing of this outcome
        total[4] += 1
        total[0] += low if low is not None else (best if best is not None else 0)
        if best is None:
            total[6] += 1
        else:
            total[1] += best
        if high is None:
            total[5] += 1
        else:
            total[2] += high
    return {
        group: (t[0], None if t[6] else t[1], None if t[5] else t[2], *t[3:])
        for group, t in found.items()
    }


@st.composite
def event_rows(draw) -> list[dict]:
    size = draw(st.integers(min_value=0, max_value=25))
    rows = []
    for i in range(size):
        low, best, high = draw(COUNT), draw(COUNT), draw(COUNT)
        rows.append(
            {
                "event_id": f"ev-{i}",
                "group": draw(st.sampled_from(["a", "b", "c"])),
                "killed_low": low,
                "killed_best": best,
                "killed_high": high,
            }
        )
    return rows


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["event_id", "group", "killed_low", "killed_best", "killed_high"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: "Int64" for c in columns[2:]})


def _as_dict(result: pd.DataFrame, outcome: str) -> dict:
    columns = [f"{outcome}_low", f"{outcome}_best", f"{outcome}_high", *COUNTS]
    return {
        group: tuple(None if pd.isna(v) else int(v) for v in row)
        for group, row in zip(result.index, result[columns].itertuples(index=False), strict=True)
    }


@settings(max_examples=200, deadline=None)
@given(event_rows())
def test_totals_equal_a_plain_loop(rows):
    assert _as_dict(mcd.totals(_frame(rows), by="group"), "killed") == reference(rows, "killed")


@settings(max_examples=50, deadline=None)
@given(event_rows())
def test_one_total_without_by_is_the_sum_of_the_groups(rows):
    whole = mcd.totals(_frame(rows))
    merged = [{**r, "group": "all"} for r in rows]
    expected = reference(merged, "killed") or {"all": (0, 0, 0, 0, 0, 0, 0)}
    if rows:
        assert _as_dict(whole, "killed") == expected
    else:
        assert len(whole) == 0


def test_an_event_in_two_rows_is_refused():
    frame = _frame([{"event_id": "ev-1", "group": "a", "killed_low": 1}] * 2)
    with pytest.raises(mcd.MaliConflictDataError, match="ev-1 is in 2 rows"):
        mcd.totals(frame, by="group")


def test_an_unknown_outcome_or_column_is_a_one_line_error():
    frame = _frame([])
    with pytest.raises(mcd.MaliConflictDataError, match="no column injured_low"):
        mcd.totals(frame, outcome="injured")
    with pytest.raises(mcd.MaliConflictDataError, match="names no column year"):
        mcd.totals(frame, by="year")


def test_published_years_without_an_upper_bound():
    """The issue's case: 2013, 2020 and 2024 each hold an event with no upper bound."""
    summary = mcd.load("event_summary")
    year = summary["date_start"].dt.year.rename("year")
    killed = mcd.totals(summary, by=year)
    unbounded = set(killed.index[killed["killed_high"].isna()])
    assert unbounded == {2013, 2020, 2024}
    expected = reference(
        [{**r, "group": y} for r, y in zip(_records(summary), year, strict=True)], "killed"
    )
    assert _as_dict(killed, "killed") == expected
    assert "killed" in outcome_columns(summary)


def _records(summary: pd.DataFrame) -> list[dict]:
    columns = ["event_id", "killed_low", "killed_best", "killed_high"]
    return [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in summary[columns].astype(object).to_dict("records")
    ]


HUGE = st.one_of(st.none(), st.integers(min_value=0, max_value=2**62))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(HUGE, HUGE, HUGE, st.sampled_from(["a", "b"])), max_size=6))
def test_a_total_past_the_largest_whole_number_is_refused_never_wrapped(figures):
    """Python's own integers are the reference: a sum is exact, or totals() says it is too large."""
    from mali_conflict_data._errors import MaliConflictDataError
    from mali_conflict_data._figures import LARGEST

    rows = [
        {"event_id": f"ev-{i}", "group": g, "killed_low": lo, "killed_best": b, "killed_high": h}
        for i, (lo, b, h, g) in enumerate(figures)
    ]
    expected = reference(rows, "killed")
    fits = all(v is None or v <= LARGEST for t in expected.values() for v in t[:3])
    frame = pd.DataFrame(  # built column by column: a frame of rows reads None and ints as floats
        {
            "event_id": [r["event_id"] for r in rows],
            "group": [r["group"] for r in rows],
            **{
                f"killed_{b}": pd.array([r[f"killed_{b}"] for r in rows], dtype="Int64")
                for b in ("low", "best", "high")
            },
        }
    )
    try:
        found = _as_dict(mcd.totals(frame, by="group"), "killed")
    except MaliConflictDataError as error:
        assert not fits, f"refused a total that fits: {expected} ({error})"
        assert "exceeds 9,223,372,036,854,775,807" in str(error), str(error)
        return
    assert found == expected, f"declared {expected}, found {found}"
