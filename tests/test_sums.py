"""Every sum of figures is exact or refused, never wrapped: against Python's own integers.

An int64 sum wraps round silently (two figures of 5e18 summed to a negative number).
Each place that sums figures (an article's figures for an event in ``event_summary``,
the plain way and the build's,
``totals()``, the period tables, the report's killed per year) goes through
``_figures.past_largest``; these tests check it and every user of it against Python's
integers, which do not wrap, right up to the limit (2**63 - 1 fits, 2**63 does not).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from conftest import minimal_raw_with, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from mali_conflict_data._config import SOURCES_ENV
from mali_conflict_data._errors import MaliConflictDataError
from mali_conflict_data._figures import LARGEST, past_largest

INT64 = st.integers(min_value=-(2**63), max_value=LARGEST)
#: figures near the limit, so that a few of them sum past it, or exactly to it
HUGE = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=2**62),
    st.sampled_from([2**62, 2**62 - 1, 2**61, LARGEST, LARGEST // 3, 1]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(INT64, st.integers(0, 3)), max_size=12))
def test_past_largest_says_exactly_which_sums_an_int64_cannot_hold(values):
    expected = [0, 0, 0, 0]
    for value, group in values:
        expected[group] += value
    found = past_largest([v for v, _ in values], [g for _, g in values], 4).tolist()
    declared = [not -(2**63) <= total <= LARGEST for total in expected]
    assert found == declared, f"sums {expected}: declared past {declared}, found {found}"


def article_reference(rows: list[dict]) -> dict:
    """An article's totals per (event, outcome, article), figure by figure, in Python."""
    found: dict = {}
    for row in rows:
        key = (row["event_id"], row["outcome"], row["source_id"])
        low, best, high = row["low"], row["best"], row["high"]
        total = found.setdefault(key, [0, 0, 0, False, False])
        total[0] += low if low is not None else (best if best is not None else 0)
        if high is None and best is None:
            total[3] = True  # no upper bound: the total has none
        else:
            total[1] += high if high is not None else best
        if best is None:
            total[4] = True  # a figure without a stated number: no stated total
        else:
            total[2] += best
    return {key: (t[0], None if t[3] else t[1], None if t[4] else t[2]) for key, t in found.items()}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            HUGE, HUGE, HUGE, st.sampled_from(["ev-a", "ev-b"]), st.sampled_from(["s1", "s2"])
        ),
        min_size=1,
        max_size=6,
    )
)
def test_an_articles_figures_past_the_largest_whole_number_are_refused_never_wrapped(figures):
    """``event_summary``'s figures start from these per-article sums (then min, max, median).

    The build sums them in NumPy (``_figures_in_arrays``): it refuses exactly when the
    plain pandas sums (``_article_totals``) do, in the same words.
    """
    from mali_conflict_data.summary import _article_totals, _figures_in_arrays

    rows = [
        {"event_id": e, "outcome": "killed", "source_id": s, "low": lo, "best": b, "high": h}
        for lo, b, h, e, s in figures
    ]
    casualties = pd.DataFrame(
        {
            "casualty_id": [f"cas-{i}" for i in range(len(rows))],
            **{k: [r[k] for r in rows] for k in ("event_id", "outcome", "source_id")},
            **{k: pd.array([r[k] for r in rows], dtype="Int64") for k in ("low", "best", "high")},
        }
    )
    expected = article_reference(rows)
    fits = all(v is None or v <= LARGEST for total in expected.values() for v in total)
    refusals = []
    for derive in (_article_totals, _figures_in_arrays):  # the plain way, and the build's
        try:
            derive(casualties)
        except MaliConflictDataError as error:
            assert "exceeds 9,223,372,036,854,775,807" in str(error), str(error)
            refusals.append(str(error))
    assert len(refusals) in (0, 2), f"one way refused, the other did not: {refusals}"
    if refusals:
        assert not fits, f"refused totals that fit: {expected} ({refusals[0]})"
        assert refusals[0] == refusals[1], f"named differently: {refusals}"
        return
    assert fits, f"sums past the limit were not refused: {expected}"
    totals = _article_totals(casualties)
    found = {
        (r.event_id, r.outcome, r.source_id): tuple(
            None if pd.isna(v) else int(v) for v in (r.lo, r.hi, r.stated)
        )
        for r in totals.itertuples()
    }
    assert found == expected, f"declared {expected}, found {found}"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(HUGE.filter(lambda v: v is not None), HUGE), min_size=1, max_size=6))
def test_the_reports_killed_per_year_is_exact_or_refused(figures):
    from mali_conflict_data.report.pages import killed_by_year

    summary = pd.DataFrame(
        {
            "event_id": [f"ev-{i}" for i in range(len(figures))],
            "date_start": pd.to_datetime(["2020-01-01", "2021-01-01"] * 3)[: len(figures)],
            "date_end": pd.to_datetime(["2020-01-01", "2021-01-01"] * 3)[: len(figures)],
            "killed_low": pd.array([lo for lo, _ in figures], dtype="Int64"),
            "killed_high": pd.array([h for _, h in figures], dtype="Int64"),
        }
    )
    expected: dict = {}
    for i, (low, high) in enumerate(figures):
        year = 2020 + i % 2
        total = expected.setdefault(year, [0, 0])
        total[0] += low
        total[1] = None if high is None or total[1] is None else total[1] + high
    fits = all(v is None or v <= LARGEST for total in expected.values() for v in total)
    try:
        years = killed_by_year(summary)
    except MaliConflictDataError as error:
        assert not fits, f"refused totals that fit: {expected} ({error})"
        return
    found = {
        int(r.year): [int(r.low), None if pd.isna(r.high) else int(r.high)]
        for r in years.itertuples()
    }
    assert found == expected, f"declared {expected}, found {found}"


def test_a_build_whose_summary_would_wrap_is_refused_and_writes_nothing(tmp_path: Path):
    """Two figures of 5e18 killed in one article about one event: exit 1, one line, no file."""
    n = 5 * 10**18
    rows = [
        f"cas-009{i},ev-2020-05-03-kati-attack,killed,{group},,,{n},{n},{n},exact,{n} {group},,"
        f"report-a,{n} {group} were killed there,,\n"
        for i, group in enumerate(("civilians", "militants"))
    ]
    minimal_raw_with(tmp_path, "casualties", rows)
    before = snapshot(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "mali_conflict_data", "build", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != SOURCES_ENV},  # no article texts
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert (
        "a total of one article's figures (low, event_id ev-2020-05-03-kati-attack, "
        "outcome killed, source_id report-a) exceeds 9,223,372,036,854,775,807" in done.stderr
    ), done.stderr
    assert snapshot(tmp_path) == before, "the refused build left files behind"
    assert not list(tmp_path.glob(".build-staging-*"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", None]), HUGE), max_size=8))
def test_check_sums_leaves_out_rows_whose_key_the_groupby_drops(rows):
    """A row with an empty key is in no group (pandas drops it): in no sum, never a crash."""
    from mali_conflict_data._figures import check_sums

    frame = pd.DataFrame({"k": [k for k, _ in rows], "v": pd.array([v for _, v in rows], "Int64")})
    sums: dict[str, int | None] = {}
    for key, value in rows:
        if key is not None:
            before = sums.get(key, 0)
            sums[key] = None if value is None or before is None else before + value
    refused = any(total is not None and total > LARGEST for total in sums.values())
    try:
        check_sums(frame.groupby("k"), ["v"], "figures")
    except MaliConflictDataError:
        assert refused
    else:
        assert not refused
