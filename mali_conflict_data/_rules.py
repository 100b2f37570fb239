"""Cross-column rules used by the schemas, each a named pandera check in plain words.

Every check returns one boolean per row (True = the row passes) so that a
failure can be reported by file line. :data:`RULE_COLUMNS` records which
columns each rule reads, to name them in error messages.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

RULE_COLUMNS: dict[str, list[str]] = {}


def _rule(name: str, columns: list[str], error: str, fn) -> pa.Check:
    RULE_COLUMNS[name] = columns
    return pa.Check(fn, name=name, error=error)


def _days(series: pd.Series) -> pd.Series:
    """Dates as datetime64 for fast vectorised comparisons (NaT for missing)."""
    return pd.to_datetime(series, errors="coerce")


def is_list_of_text() -> pa.Check:
    """Each cell is a list of non-empty strings."""

    def ok(series: pd.Series) -> pd.Series:
        return series.map(
            lambda v: isinstance(v, list) and all(isinstance(x, str) and x for x in v)
        )

    return pa.Check(ok, name="list_of_text", error="must be a list of names separated by ';'")


def both_or_neither(a: str, b: str) -> pa.Check:
    """Columns ``a`` and ``b`` are both filled or both empty."""
    return _rule(
        f"{a}_with_{b}",
        [a, b],
        f"{a} and {b} must both be filled or both be empty",
        lambda df: df[a].isna() == df[b].isna(),
    )


def not_before(later: str, earlier: str) -> pa.Check:
    """Column ``later`` is not before column ``earlier`` (when both are given)."""

    def ok(df: pd.DataFrame) -> pd.Series:
        return ~(_days(df[later]) < _days(df[earlier])).fillna(False).astype(bool)

    return _rule(
        f"{later}_not_before_{earlier}",
        [earlier, later],
        f"{later} must not be before {earlier}",
        ok,
    )


def lifted_needs_source() -> pa.Check:
    """A lifting date is pinned to the article that reports the lifting."""
    return _rule(
        "lifted_date_needs_source",
        ["lifted_date", "lifted_source_id"],
        "a lifted_date needs the lifted_source_id and lifted_quote that report it",
        lambda df: df["lifted_date"].isna() | df["lifted_source_id"].notna(),
    )


def filled_together(columns: list[str]) -> pa.Check:
    """The ``columns`` are all filled or all empty."""
    listed = ", ".join(columns[:-1]) + " and " + columns[-1]

    def ok(df: pd.DataFrame) -> pd.Series:
        filled = df[columns].notna().sum(axis=1)
        return (filled == 0) | (filled == len(columns))

    return _rule(
        "_with_".join(columns), columns, f"{listed} must all be filled or all be empty", ok
    )


def interval_checks(
    start: str = "date_start", end: str = "date_end", precision: str = "date_precision"
) -> list[pa.Check]:
    """``start`` <= ``end``, and the interval spans what ``precision`` says.

    ``day``: one day; ``week``: at most 7 days; ``month``: one calendar month;
    ``year``: one calendar year; ``range``: any interval. Rows with an empty
    date pass (emptiness is checked by :func:`filled_together`).
    """

    def ordered(df: pd.DataFrame) -> pd.Series:
        return ~(_days(df[start]) > _days(df[end])).fillna(False).astype(bool)

    def matches(df: pd.DataFrame) -> pd.Series:
        first, last = _days(df[start]), _days(df[end])
        p = df[precision].astype("string")
        span = (last - first).dt.days
        month_end = first + pd.offsets.MonthEnd(0)
        bad = (
            ((p == "day") & (span != 0))
            | ((p == "week") & ((span < 0) | (span > 6)))
            | ((p == "month") & ((first.dt.day != 1) | (last != month_end)))
            | (
                (p == "year")
                & (
                    (first.dt.month != 1)
                    | (first.dt.day != 1)
                    | (last.dt.month != 12)
                    | (last.dt.day != 31)
                    | (last.dt.year != first.dt.year)
                )
            )
        )
        return ~bad.fillna(False).astype(bool)

    default = start == "date_start"
    return [
        _rule(
            f"{start}_not_after_{end}",
            [start, end],
            f"{start} must not be after {end}",
            ordered,
        ),
        _rule(
            "dates_match_precision" if default else f"{start}_matches_precision",
            [start, end, precision],
            f"{start} and {end} must span exactly what {precision} says: one day (day), "
            "at most 7 days (week), one calendar month (month) or one calendar year (year)",
            matches,
        ),
    ]


# Which of low / best / high each qualifier requires (True), forbids (False) or leaves free (None).
QUALIFIER_BOUNDS: dict[str, tuple[bool | None, bool | None, bool | None]] = {
    "exact": (True, True, True),
    "approximately": (None, True, None),
    "at_least": (True, None, False),
    "more_than": (True, None, False),
    "at_most": (False, None, True),
    "range": (True, None, True),
    "vague": (True, False, True),
    "unknown": (False, False, False),
}


def qualifier_needs(qualifier: str) -> str:
    """What a qualifier requires of low / best / high, in words."""
    needs = QUALIFIER_BOUNDS.get(qualifier)
    if needs is None:
        return f"{qualifier} is not a known qualifier"
    required = [c for c, n in zip(("low", "best", "high"), needs, strict=True) if n is True]
    forbidden = [c for c, n in zip(("low", "best", "high"), needs, strict=True) if n is False]
    words = []
    if required:
        words.append(" and ".join(required) + (" (all equal)" if qualifier == "exact" else ""))
    if forbidden:
        words.append("no " + " or ".join(forbidden))
    return f"{qualifier} needs " + ", with ".join(words)


def figure_checks() -> list[pa.Check]:
    """Low <= best <= high, and the qualifier agrees with which bounds are given."""

    def ordered(df: pd.DataFrame) -> pd.Series:
        low, best, high = df["low"], df["best"], df["high"]
        bad = (low > best).fillna(False) | (best > high).fillna(False) | (low > high).fillna(False)
        return ~bad.astype(bool)

    def consistent(df: pd.DataFrame) -> pd.Series:
        q = df["qualifier"].astype("string")
        ok = pd.Series(True, index=df.index)
        for qualifier, needs in QUALIFIER_BOUNDS.items():
            rows = (q == qualifier).fillna(False)
            for column, need in zip(("low", "best", "high"), needs, strict=True):
                if need is True:
                    ok &= ~(rows & df[column].isna())
                elif need is False:
                    ok &= ~(rows & df[column].notna())
        exact = (q == "exact").fillna(False)
        ok &= ~(exact & ((df["low"] != df["best"]) | (df["best"] != df["high"])).fillna(False))
        return ok

    return [
        _rule(
            "low_best_high_ordered",
            ["low", "best", "high"],
            "low must not exceed best, and best must not exceed high",
            ordered,
        ),
        _rule(
            "qualifier_matches_bounds",
            ["qualifier", "low", "best", "high"],
            "the qualifier does not match the bounds given: exact needs low = best = high; "
            "approximately needs best; at_least and more_than need low and no high; at_most "
            "needs high and no low; range needs low and high; vague needs low and high and no "
            "best; unknown needs none",
            consistent,
        ),
    ]
