"""A figure's bounds and its words: the one home of what ``low`` / ``best`` / ``high`` allow.

A figure is coded as ``low`` (the smallest number its words allow), ``best``
(the number stated, if one is) and ``high`` (the largest, empty when unbounded).
Its lowest possible number is ``low``, else ``best``, else 0; its highest is
``high``, else ``best``, else unbounded.

>>> bounds(None, 4, None)
(4, 4)
>>> bounds(71, None, None)
(71, inf)
>>> words(71, None, None, "more_than"), words(71, None, None, "more_than", symbols=True)
('more than 70', '> 70')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class VagueWord:
    """The bounds a vague word gives a figure, and how they compare with ACLED and UCDP.

    ``high`` is None where the words give no upper bound: "dozens" can be any number
    of dozens, so a figure read from it has a lower bound only.
    """

    words: str
    low: int
    high: int | None
    reading: str
    acled: str


# ACLED: "FAQs: ACLED Fatality Methodology" (acleddata.com knowledge base, published
# 27 February 2023, updated 7 May 2024): one number per event, the most conservative
# estimate; "tens" is coded 10, "dozens" 12, "hundreds" 100 "and so on". The FAQ sends
# unknown numbers to a further section, which was not consulted: the words it does not
# list are marked so. Where ACLED's own event notes show how it coded a word (the Hugging
# Face dataset vinaykudari/acled-information-extraction holds ACLED notes with their
# fatality counts), that instance is cited as such. UCDP GED: low, best and high per
# event; no constants for vague words were found in its codebook.
VAGUE: tuple[VagueWord, ...] = (
    # a phrase is matched before any phrase it contains: "several hundred" before "several"
    VagueWord(
        "several hundred",
        300,
        999,
        "several (3 to 9) hundreds: 300 to 999",
        "not in the FAQ's list; its rule for unknown numbers (a further section) was not consulted",
    ),
    VagueWord(
        "very few",
        2,
        5,
        "a plural (at least two) that the writer calls very small: at most a handful",
        "not in the FAQ's list; its rule for unknown numbers (a further section) was not consulted",
    ),
    VagueWord(
        "a handful",
        2,
        5,
        "a plural that fits in a hand: two to five",
        "not in the FAQ's list; its rule for unknown numbers (a further section) was not consulted",
    ),
    VagueWord(
        "several",
        3,
        9,
        "more than two (two would be 'a couple') and fewer than ten ('a dozen', 'dozens')",
        "not in the FAQ's list (its rule for unknown numbers was not consulted); ACLED's own "
        "event notes show 'several' coded as 3 ('Several Taliban militants (coded as three) were "
        "killed', in a public extract of ACLED notes): an instance, not a published rule; 3 is "
        "this low",
    ),
    VagueWord(
        "dozens",
        24,
        None,
        "a plural of dozens, so at least two dozen; any number of dozens, so no upper bound",
        "12 ('dozens' is coded as one dozen): this low is twice ACLED's figure",
    ),
    VagueWord(
        "hundreds",
        200,
        None,
        "at least two hundred; any number of hundreds, so no upper bound",
        "100: this low is twice ACLED's figure",
    ),
    VagueWord(
        "thousands",
        2_000,
        None,
        "at least two thousand; any number of thousands, so no upper bound",
        "not named; read from the FAQ's 'and so on': 1,000 (twice that is this low)",
    ),
)
"""The coding guide's constants for vague words, longest phrase first within a meaning."""

VAGUE_WORDS: dict[str, tuple[int, int | None]] = {w.words: (w.low, w.high) for w in VAGUE}
"""Each vague word's (low, high), as the rules read them."""


#: The largest whole number a nullable integer column (Int64, Parquet int64) holds.
LARGEST = 2**63 - 1


def too_large(what: str) -> str:
    """The words for a total of ``what`` that no whole number of a table can hold.

    >>> too_large("killed_low")[:40]
    'a total of killed_low exceeds 9,223,372,'
    """
    return (
        f"a total of {what} exceeds {LARGEST:,}, the largest whole number a table can "
        "hold; check the figures' bounds"
    )


def past_largest(values, groups, size: int):
    """Which of ``size`` groups would sum ``values`` past what an int64 holds, exactly.

    ``values`` are whole numbers (int64), ``groups`` each value's group (0 to
    ``size - 1``). An int64 sum wraps round silently (two figures of 5e18 sum to a
    negative number), and a sum in floating point is not exact near the limit, so
    the values are summed as their high and low 32-bit halves, sums no int64 overflows
    for fewer than 2**31 values: a group is past the limit exactly when its whole sum
    is, by one or by many.

    >>> past_largest([2**62, 2**62 - 1, 2**62, 2**62], [0, 0, 1, 1], 2).tolist()
    [False, True]
    """
    import numpy as np

    values = np.asarray(values, dtype=np.int64)
    groups = np.asarray(groups, dtype=np.intp)
    high = np.zeros(size, dtype=np.int64)
    low = np.zeros(size, dtype=np.int64)
    np.add.at(high, groups, values >> 32)  # floor: value == high * 2**32 + low, low >= 0
    np.add.at(low, groups, values & 0xFFFFFFFF)
    high += low >> 32  # the carry; the sum is high * 2**32 + (low mod 2**32)
    return (high >= 2**31) | (high < -(2**31))


def check_sums(grouped, columns: list[str], what: str, shown: list[str] | None = None) -> None:
    """Refuse a sum per group (``grouped``, a pandas groupby) that a whole number cannot hold.

    A group with an empty cell in a column has no total of it (it is left empty), so
    it is not refused; a row in no group (an empty key the groupby drops) is in no
    sum; ``shown`` names the columns in the error (default: their own
    names); the first group past :data:`LARGEST` (see :func:`past_largest`) is named.

    >>> import pandas as pd
    >>> figures = pd.DataFrame({"event_id": ["a", "a"], "low": pd.array([5 * 10**18] * 2, "Int64")})
    >>> check_sums(figures.groupby("event_id"), ["low"], "killed")
    Traceback (most recent call last):
    ...
    mali_conflict_data._errors.MaliConflictDataError: a total of killed (low, event_id a) exceeds \
9,223,372,036,854,775,807, the largest whole number a table can hold; check the figures' bounds
    """
    import numpy as np

    frame, size = grouped.obj, grouped.ngroups
    if frame.empty:
        return
    numbered = grouped.ngroup()  # NaN for a row in no group (an empty key, dropna=True)
    within = numbered.notna().to_numpy(bool)
    groups = numbered.to_numpy(float)[within].astype(np.intp)
    labels = grouped.size().index

    def named(group: int) -> str:
        first = labels[group] if isinstance(labels[group], tuple) else (labels[group],)
        return ", ".join(f"{k} {v}" for k, v in zip(labels.names, first, strict=True))

    sums = {}
    for column, name in zip(columns, shown or columns, strict=True):
        cells = frame[column].astype("Int64")[within]
        empty = np.bincount(groups[cells.isna().to_numpy(bool)], minlength=size) > 0
        sums[name] = (cells.to_numpy(np.int64, na_value=0), empty)
    refuse_past_largest(groups, size, sums, what, named)


def refuse_past_largest(groups, size: int, sums: dict, what: str, named) -> None:
    """Raise for the first group whose sum of a bound is past :data:`LARGEST`.

    ``groups`` gives each row's group (0 to ``size - 1``); ``sums`` maps a bound's
    name to (its values per row, which groups leave its total empty: not refused);
    ``named(group)`` says which group it is, in the error. :func:`check_sums` is this
    for a pandas groupby.

    >>> refuse_past_largest([0, 0], 1, {"low": ([2**62, 2**62], [False])}, "killed", str)
    Traceback (most recent call last):
    ...
    mali_conflict_data._errors.MaliConflictDataError: a total of killed (low, 0) exceeds \
9,223,372,036,854,775,807, the largest whole number a table can hold; check the figures' bounds
    """
    import numpy as np

    from mali_conflict_data._errors import MaliConflictDataError

    for name, (values, empty) in sums.items():
        past = np.flatnonzero(past_largest(values, groups, size) & ~np.asarray(empty, bool))
        if len(past):
            raise MaliConflictDataError(too_large(f"{what} ({name}, {named(int(past[0]))})"))


def _missing(value) -> bool:
    """Whether a cell is empty: None, pandas.NA or NaN."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the one value not equal to itself
    except TypeError:  # pandas.NA cannot be a bool
        return True


def _number(value) -> int | None:
    """A bound as a Python int (exact at any size), or None when it is empty."""
    return None if _missing(value) else int(value)


def bounds(low, best, high) -> tuple[int, int | float]:
    """The lowest and highest number a figure allows (``inf`` when it has no upper bound).

    Whole numbers, compared exactly: as floats, 2**53 + 1 would equal 2**53.

    >>> bounds(2**53 + 1, None, None)[0] > bounds(None, 2**53, None)[1]
    True
    """
    low, best, high = _number(low), _number(best), _number(high)
    lowest = low if low is not None else best if best is not None else 0
    highest = high if high is not None else best if best is not None else math.inf
    return lowest, highest


def lowest(frame: pd.DataFrame) -> pd.Series:
    """Per row, the smallest number the figure allows (0 when it gives no lower bound), Int64."""
    return frame["low"].astype("Int64").fillna(frame["best"].astype("Int64")).fillna(0)


def highest(frame: pd.DataFrame) -> pd.Series:
    """Per row, the largest number the figure allows, Int64: empty when it has no upper bound.

    Compare with ``.fillna(False)``: an empty upper bound is larger than every
    number, so nothing exceeds it.
    """
    return frame["high"].astype("Int64").fillna(frame["best"].astype("Int64"))


def words(low, best, high, qualifier=None, *, symbols: bool = False) -> str:
    """The figure in words ('more than 70', '3 to 9') or, with ``symbols``, as a label ('> 70').

    Bounds stay bounds: "more than fifteen thousand" (coded low 15001) is a lower
    bound, never a count.

    >>> words(20, None, 30), words(20, None, 30, symbols=True)
    ('20 to 30', '20–30')
    >>> words(None, 1500, None, "approximately"), words(None, None, 3000, "at_most")
    ('about 1,500', 'at most 3,000')
    >>> words(None, None, None), words(None, None, None, symbols=True)
    ('unknown', '?')
    """
    low, best, high = (_number(v) for v in (low, best, high))
    kind = None if _missing(qualifier) else str(qualifier)
    if low is not None and low == high:
        return f"{low:,.0f}"
    if low is not None and high is not None:
        return f"{low:,.0f}–{high:,.0f}" if symbols else f"{low:,.0f} to {high:,.0f}"
    if low is not None and kind == "more_than":
        return f"> {low - 1:,.0f}" if symbols else f"more than {low - 1:,.0f}"
    if low is not None:
        return f"≥ {low:,.0f}" if symbols else f"at least {low:,.0f}"
    if high is not None:
        return f"≤ {high:,.0f}" if symbols else f"at most {high:,.0f}"
    if best is not None:
        if kind == "exact":
            return f"{best:,.0f}"
        return f"≈ {best:,.0f}" if symbols else f"about {best:,.0f}"
    return "?" if symbols else "unknown"
