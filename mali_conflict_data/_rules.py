"""Cross-column rules used by the schemas, each a named pandera check in plain words.

Every check returns one boolean per row (True = the row passes) so that a
failure can be reported by file line. :data:`RULE_COLUMNS` records which
columns each rule reads, to name them in error messages.
"""

from __future__ import annotations

import functools
import itertools
import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from mali_conflict_data._figures import VAGUE_WORDS, highest, lowest
from mali_conflict_data._numbers import _SCALES, _UNITS, numbers_in

RULE_COLUMNS: dict[str, list[str]] = {}


def _rule(name: str, columns: list[str], error: str, fn) -> pa.Check:
    RULE_COLUMNS[name] = columns
    return pa.Check(fn, name=name, error=error)


def _days(series: pd.Series) -> pd.Series:
    """Dates as datetime64 for fast vectorised comparisons (NaT for missing)."""
    return pd.to_datetime(series, errors="coerce")


#: The precisions the interval rule knows, in the order its ``matches`` numbers them.
_PRECISIONS = ["day", "week", "month", "year", "range"]


def _day_numbers(series: pd.Series) -> np.ndarray:
    """Dates as numpy days (NaT for missing), in any year: whole days, as the cells are dates."""
    return np.asarray(_days(series).to_numpy()).astype("datetime64[D]")


def first_row_named(df: pd.DataFrame, id_column: str, link_column: str) -> np.ndarray:
    """Per row, the position of the first row whose ``id_column`` is its ``link_column``.

    -1 where the link is empty or names no row. A key join in Arrow (``index_in`` gives
    the first of repeated ids), the same rows as ``reindex`` on the ids made unique.

    >>> frame = pd.DataFrame({"id": ["a", "b", "a"], "of": ["b", None, "z"]}, dtype="string")
    >>> first_row_named(frame, "id", "of").tolist()
    [1, -1, -1]
    """
    if not len(df):
        return np.zeros(0, dtype=np.int64)
    ids, links = (pyarrow.array(df[c].astype("string").array) for c in (id_column, link_column))
    found = pc.index_in(links, value_set=ids, skip_nulls=True)
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _at(df: pd.DataFrame, column: str, rows: np.ndarray) -> pd.Series:
    """``df[column]`` at row positions ``rows``, on ``df``'s index."""
    return df[column].iloc[rows].set_axis(df.index)


def is_list_of_text() -> pa.Check:
    """Each cell is a list of non-empty strings."""

    def ok(series: pd.Series) -> pd.Series:
        values = series.tolist()
        if values and set(map(type, values)) == {list}:  # the usual case, checked in C
            items = list(itertools.chain.from_iterable(values))
            if set(map(type, items)) <= {str} and all(items):
                return pd.Series(True, index=series.index)
        return series.map(
            lambda v: isinstance(v, list) and all(isinstance(x, str) and x for x in v)
        )

    return pa.Check(ok, name="list_of_text", error="must be a list of names separated by ';'")


#: A pattern of only these characters has no escape, class shorthand or lookaround: RE2
#: reads it as Python's ``re`` does (but for ``$`` before a final line break).
_PLAIN_PATTERN = re.compile(r"[\^$a-z0-9A-Z\[\]()?:+*|{},-]*")


def codes_in(series: pd.Series, names: list[str]) -> np.ndarray:
    """Per cell, the position of its text in ``names``; -1 where empty or not listed.

    A categorical column is read by its codes (its categories looked up once), any
    other as text by Arrow: the cells compared as ``astype("string")`` gives them.

    >>> codes_in(pd.Series(["b", None, "z"], dtype="category"), ["a", "b"]).tolist()
    [1, -1, -1]
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = series.cat.categories.astype("string")
        lookup = np.array([names.index(c) if c in names else -1 for c in categories] + [-1])
        return lookup[series.cat.codes.to_numpy()]  # code -1 (empty) takes the last: -1
    found = pc.index_in(_arrow_cells(series), value_set=pyarrow.array(names, pyarrow.string()))
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def holds_line_break(cells) -> bool:
    r"""Whether an Arrow string column has a cell with a line break.

    Its data buffers (a superset of the cells' bytes) are searched first: most hold none.

    >>> holds_line_break(pyarrow.array(["a", "b\nc"])), holds_line_break(pyarrow.array(["a"]))
    (True, False)
    """
    chunks = cells.chunks if isinstance(cells, pyarrow.ChunkedArray) else [cells]
    for chunk in chunks:
        data = chunk.buffers()[2]
        if data is not None and data.size and (np.frombuffer(data, np.uint8) == 0x0A).any():
            return bool(pc.any(pc.match_substring(cells, "\n")).as_py())
    return False


def _arrow_cells(series: pd.Series):
    cells = pyarrow.array(series.astype("string").array)
    return cells.combine_chunks() if isinstance(cells, pyarrow.ChunkedArray) else cells


def str_matches(pattern: str, *, name: str, error: str) -> pa.Check:
    r"""Each cell matches ``pattern`` at its start, as pandera's ``Check.str_matches`` decides.

    That is ``Series.str.match``, computed here by Arrow's regex where that is the same:
    pandas itself runs Arrow's RE2 on Arrow strings unless the pattern needs Python's
    ``re``; for a plain pattern (:data:`_PLAIN_PATTERN`, ``\d`` allowed) that is only when
    a cell holds a line break (``$`` matches before a final one in ``re``) or, for ``\d``,
    a cell is not ASCII: then ``str.match`` decides.

    >>> check = str_matches("^[a-z]+$", name="id_pattern", error="bad")
    >>> check._check_fn(pd.Series(["ab", "a1", "b"], dtype="string")).tolist()
    [True, False, True]
    """
    digits = "\\d" in pattern  # RE2's \d is re's on ASCII cells only
    plain = _PLAIN_PATTERN.fullmatch(pattern.replace("\\d", "")) is not None
    anchored = f"^({pattern[1:] if pattern.startswith('^') else pattern})"

    def ok(series: pd.Series) -> pd.Series:
        cells = _arrow_cells(series)
        if (
            not plain
            or holds_line_break(cells)
            or (digits and pc.all(pc.string_is_ascii(cells)).as_py() is False)
        ):
            return series.str.match(pattern, na=False)
        found = pc.match_substring_regex(cells, anchored).fill_null(False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=series.index)

    return pa.Check(ok, name=name, error=error, statistics={"pattern": pattern})


def str_length(
    *, min_value: int | None = None, max_value: int | None = None, name: str, error: str
) -> pa.Check:
    """Each cell has from ``min_value`` to ``max_value`` characters (either may be None).

    Counted as pandera's ``Check.str_length`` counts them (``str.len``: Arrow's
    ``utf8_length`` on Arrow strings).

    >>> check = str_length(max_value=2, name="too_long", error="bad")
    >>> check._check_fn(pd.Series(["ab", "abc", "é"], dtype="string")).tolist()
    [True, False, True]
    """
    statistics = {"min_value": min_value, "max_value": max_value}

    def ok(series: pd.Series) -> pd.Series:
        length = pc.utf8_length(_arrow_cells(series)).to_numpy(zero_copy_only=False)
        fits = np.ones(len(series), dtype=bool)
        if min_value is not None:
            fits &= length >= min_value
        if max_value is not None:
            fits &= length <= max_value
        return pd.Series(fits, index=series.index)

    return pa.Check(ok, name=name, error=error, statistics=statistics)


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


def needs(column: str, required: str) -> pa.Check:
    """Column ``column`` is filled only where column ``required`` is filled too."""
    return _rule(
        f"{column}_needs_{required}",
        [column, required],
        f"{column} needs {required}: fill {required} or leave {column} empty",
        lambda df: df[column].isna() | df[required].notna(),
    )


def filled_together(columns: list[str]) -> pa.Check:
    """The ``columns`` are all filled or all empty."""
    listed = ", ".join(columns[:-1]) + " and " + columns[-1]

    def ok(df: pd.DataFrame) -> pd.Series:
        filled = df[columns].notna().sum(axis=1)
        return (filled == 0) | (filled == len(columns))

    return _rule(
        f"{columns[0]}_filled_together",
        columns,
        f"{listed} must all be filled or all be empty",
        ok,
    )


def interval_checks(
    start: str = "date_start", end: str = "date_end", precision: str = "date_precision"
) -> list[pa.Check]:
    """``start`` <= ``end``, and the interval spans what ``precision`` says.

    ``day``: one day; ``week``: 2 to 7 days; ``month``: one calendar month;
    ``year``: one calendar year; ``range``: any other interval (one that none of
    the others describes). Rows with an empty date pass (emptiness is checked by
    :func:`filled_together`).
    """

    def ordered(df: pd.DataFrame) -> pd.Series:
        return ~(_days(df[start]) > _days(df[end])).fillna(False).astype(bool)

    def matches(df: pd.DataFrame) -> pd.Series:
        first, last = (_day_numbers(df[c]) for c in (start, end))
        which = codes_in(df[precision], _PRECISIONS)
        given = ~np.isnat(first) & ~np.isnat(last)
        span = (last - first).astype(np.int64)
        month = first.astype("datetime64[M]")
        whole_month = (month.astype("datetime64[D]") == first) & (
            (month + 1).astype("datetime64[D]") - 1 == last
        )
        year = first.astype("datetime64[Y]")
        whole_year = (year.astype("datetime64[D]") == first) & (
            (year + 1).astype("datetime64[D]") - 1 == last
        )
        bad = (
            ((which == 0) & (span != 0))
            | ((which == 1) & ((span < 1) | (span > 6)))
            | ((which == 2) & ~whole_month)
            | ((which == 3) & ~whole_year)
            | ((which == 4) & (span >= 0) & ((span <= 6) | whole_month | whole_year))
        )
        return pd.Series(~(bad & given), index=df.index)

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
            "2 to 7 days (week), one calendar month (month), one calendar year (year) or "
            "any other interval (range)",
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
    "vague": (True, False, None),
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


_SCALE_WORDS = re.compile(r"\b(?:hundred|thousand|million|billion)s?\b")


def _value(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _vague_words_fit(words: str, qualifier: str, low, high) -> bool:
    """Whether a vague phrase in ``words`` gives the bound ``qualifier`` names.

    ``vague``: low and high are the phrase's constants; ``at_most`` ("unlikely ...
    more than several hundred"): high is its high; ``at_least``: low is its low.
    A phrase followed by another scale word ("several thousand", "hundreds of
    thousands") has no constant and is not checked, nor are other qualifiers;
    ``vague`` words with no listed phrase at all are refused (code them ``unknown``).

    >>> _vague_words_fit("more than several hundred members", "at_most", None, 999)
    True
    >>> _vague_words_fit("several hundred members", "vague", 3, 9)
    False
    """
    for phrase, (phrase_low, phrase_high) in VAGUE_WORDS.items():
        pattern = rf"\b{phrase}\b"
        if re.search(pattern, words):
            if _SCALE_WORDS.search(re.sub(pattern, " ", words)):
                return True
            return {
                "vague": (low, high) == (phrase_low, phrase_high),
                "at_most": high == phrase_high,
                "at_least": low == phrase_low,
            }.get(qualifier, True)
    return qualifier != "vague"  # vague words with no constant are `unknown`


def count_words_fit(text, qualifier, low, best, high) -> bool:
    """True when the number in ``text`` is the bound ``qualifier`` says it is.

    exact: low = best = high = N; approximately: best = N; at_least: low = N;
    more_than: low = N + 1; at_most: high = N; range: low = N and high = M;
    vague: the constants of one of the coding guide's vague words (their high for
    at_most, their low for at_least; vague words with no constant are ``unknown``);
    unknown: no number. Other words without a number are not checked.

    >>> count_words_fit("more than 70 people dead", "more_than", 71, None, None)
    True
    >>> count_words_fit("four dead", "exact", 3, 3, 3)
    False
    """
    if text is None or pd.isna(text) or qualifier is None or pd.isna(qualifier):
        return True
    numbers = _numbers(str(text))
    low, best, high = _value(low), _value(best), _value(high)
    if not numbers:
        return _vague_words_fit(str(text).lower(), str(qualifier), low, high)
    n = numbers[0]
    fits = {
        "exact": lambda: low == best == high == n,
        "approximately": lambda: best == n,
        "at_least": lambda: low == n,
        "more_than": lambda: low == n + 1,
        "at_most": lambda: high == n,
        "range": lambda: len(numbers) >= 2 and (low, high) == (n, numbers[1]),
        "vague": lambda: True,
        "unknown": lambda: False,
    }
    return fits.get(str(qualifier), lambda: True)()


_NUMBER_WORDS = "|".join(sorted({*_UNITS, *_SCALES}))
#: Words that are one whole number in digits (at most 15: exact as a float) among
#: lower-case words none of which is a number word, as "at least 460 people": numbers_in
#: gives [N] (a word that is no number word neither starts nor continues a number).
_DIGITS_THEN_WORDS = r"^(?:[a-z]+ )*[0-9]{1,15}(?: [a-z]+)*$"
_HAS_NUMBER_WORD = rf"(?:^| )(?:{_NUMBER_WORDS})(?: |$)"


def _digits_then_words(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose count_text is "words N words" (:data:`_DIGITS_THEN_WORDS`), and whether they fit.

    For those rows :func:`count_words_fit` is computed by whole columns: the words hold
    the one number N, so the qualifier's bound must equal it (range needs two numbers).
    """
    text = pyarrow.array(df["count_text"].astype("string").array)
    if isinstance(text, pyarrow.ChunkedArray):
        text = text.combine_chunks()
    encoded = pc.dictionary_encode(text)  # the words recur: each distinct one read once
    distinct, codes = encoded.dictionary, encoded.indices
    simple = pc.and_(
        pc.match_substring_regex(distinct, _DIGITS_THEN_WORDS),
        pc.invert(pc.match_substring_regex(distinct, _HAS_NUMBER_WORD)),
    )
    head = pc.if_else(simple, pc.replace_substring_regex(distinct, "[^0-9]", ""), None)
    fast = pc.take(simple, codes).fill_null(False).to_numpy(zero_copy_only=False)
    head = pc.take(head, codes)
    # as floats: N has at most 15 digits, so a bound equals N (or N + 1) as a float only
    # when it equals it as a whole number; NaN (an empty bound) equals nothing
    n = np.asarray(pc.cast(head, pyarrow.float64()).to_numpy(zero_copy_only=False), dtype=float)
    low, best, high = (
        df[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        for c in ("low", "best", "high")
    )
    qualifiers = ["exact", "approximately", "at_least", "more_than", "at_most", "range", "unknown"]
    fits = [
        (low == n) & (best == n) & (high == n),
        best == n,
        low == n,
        low == n + 1,
        high == n,
        np.zeros(len(df), dtype=bool),
        np.zeros(len(df), dtype=bool),
    ]
    which = codes_in(df["qualifier"], qualifiers)
    result = np.ones(len(df), dtype=bool)  # vague, an empty qualifier or another one
    for code, fit in enumerate(fits):
        rows = which == code
        result[rows] = fit[rows]
    return fast, result & fast


@functools.lru_cache(maxsize=2**16)
def _numbers(text: str) -> tuple[int, ...]:
    """:func:`numbers_in`, read once per distinct text (figure words recur)."""
    return tuple(numbers_in(text))


def count_text_agrees() -> pa.Check:
    """The number in ``count_text`` matches low / best / high for the qualifier."""

    def ok(df: pd.DataFrame) -> pd.Series:
        columns = ["count_text", "qualifier", "low", "best", "high"]
        fast, fitting = _digits_then_words(df)
        fits = fitting.copy()
        rest = np.flatnonzero(~fast)
        # plain Python values (None for empty), and each distinct row read once: the
        # same words and bounds recur (a fixed vocabulary, few distinct figures)
        values = [
            df[c].iloc[rest].astype(object).where(df[c].iloc[rest].notna(), None).to_numpy()
            for c in columns
        ]
        memo: dict[tuple, bool] = {}
        fits[rest] = np.array(
            [
                memo[row] if row in memo else memo.setdefault(row, count_words_fit(*row))
                for row in zip(*values, strict=True)
            ],
            dtype=bool,
        )
        fits = pd.Series(fits, index=df.index)
        # bounds already wrong on their own are reported by the other figure rules
        negative = (df[["low", "best", "high"]] < 0).any(axis=1).fillna(False).astype(bool)
        return fits | negative | ~_ordered(df) | ~_consistent(df)

    return _rule(
        "count_text_matches_bounds",
        ["count_text", "qualifier", "low", "best", "high"],
        "the number in count_text does not fit the bounds: N words give low = best = high = N "
        "(exact), best = N (approximately), low = N (at_least), low = N + 1 (more_than), high = "
        "N (at_most), low = N and high = M (range), the constants of one of the coding guide's "
        "vague words (vague; other vague words are unknown) and no number (unknown)",
        ok,
    )


def part_of_checks(id_column: str, part_column: str, same: list[str]) -> list[pa.Check]:
    """A figure linked as part of another: same ``same`` columns, and not larger than it.

    The part must name another row with the same values in ``same``; its lowest
    possible number must not exceed the whole's highest possible number.
    """

    def wholes(df: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, pd.Series]:
        """The ``columns`` of the row each part names (its first with that id), and whether any.

        The rows of parts naming no row hold any row and are masked out by ``found``.
        """
        positions = first_row_named(df, id_column, part_column)
        named = positions >= 0
        rows = np.where(named, positions, 0)
        whole = pd.DataFrame({c: _at(df, c, rows) for c in columns}, index=df.index)
        return whole, pd.Series(named, index=df.index)

    def same_figure(df: pd.DataFrame) -> pd.Series:
        whole, found = wholes(df, same)
        differs = pd.Series(False, index=df.index)
        for column in same:
            differs |= (df[column].astype("string") != whole[column].astype("string")).fillna(False)
        own = (df[part_column] == df[id_column]).fillna(False).astype(bool)
        return ~((found & differs) | own)

    def not_larger(df: pd.DataFrame) -> pd.Series:
        whole, found = wholes(df, ["low", "best", "high"])
        larger = (lowest(df) > highest(whole)).fillna(False).astype(bool)
        return ~(found & larger)

    listed = ", ".join(same)
    return [
        _rule(
            f"{part_column}_same_figure",
            [part_column, *same],
            f"{part_column} must name another row with the same {listed}",
            same_figure,
        ),
        _rule(
            f"{part_column}_not_larger",
            [part_column, "low", "best", "high"],
            f"the figure is larger than the one named in {part_column}; a part cannot exceed "
            "its whole",
            not_larger,
        ),
    ]


def _ordered(df: pd.DataFrame) -> pd.Series:
    low, best, high = df["low"], df["best"], df["high"]
    bad = (low > best).fillna(False) | (best > high).fillna(False) | (low > high).fillna(False)
    return ~bad.astype(bool)


def _consistent(df: pd.DataFrame) -> pd.Series:
    qualifiers = list(QUALIFIER_BOUNDS)
    which = codes_in(df["qualifier"], qualifiers)
    filled = {c: df[c].notna().to_numpy(dtype=bool) for c in ("low", "best", "high")}
    bad = np.zeros(len(df), dtype=bool)
    for code, needs in enumerate(QUALIFIER_BOUNDS.values()):
        rows = which == code
        for column, need in zip(("low", "best", "high"), needs, strict=True):
            if need is True:
                bad |= rows & ~filled[column]
            elif need is False:
                bad |= rows & filled[column]
    exact = which == qualifiers.index("exact")
    unequal = ((df["low"] != df["best"]) | (df["best"] != df["high"])).fillna(False)
    bad |= exact & unequal.to_numpy(dtype=bool)
    return pd.Series(~bad, index=df.index)


def figure_checks() -> list[pa.Check]:
    """Low <= best <= high, the qualifier agrees with the bounds given, the words with both."""
    ordered, consistent = _ordered, _consistent

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
            "needs high and no low; range needs low and high; vague needs low and no best (and "
            "the high its word gives, if any); unknown needs none",
            consistent,
        ),
        count_text_agrees(),
    ]


def further_report_checks(id_column: str, link_column: str, same: list[str]) -> list[pa.Check]:
    """A further report links to a first report of the same ``same``, from another article.

    ``link_column`` names the first report (an ``id_column`` value) of the thing this
    row reports again, as ``event_reports`` rows do for events: it must name another
    row, one whose own ``link_column`` is empty (so every report links to one first
    report, never to a chain), with the same ``same`` values and another ``source_id``.
    """

    def ok(df: pd.DataFrame) -> pd.Series:
        positions = first_row_named(df, id_column, link_column)
        found = pd.Series(positions >= 0, index=df.index)
        rows = np.where(positions >= 0, positions, 0)
        own = (df[link_column] == df[id_column]).fillna(False)
        bad = _at(df, link_column, rows).notna() | own
        bad |= (
            df["source_id"].astype("string") == _at(df, "source_id", rows).astype("string")
        ).fillna(False)
        for column in same:
            linked = _at(df, column, rows).astype("string")
            bad |= (df[column].astype("string") != linked).fillna(False)
        return ~(found & bad.astype(bool)) & ~own

    listed = ", ".join(same)
    return [
        _rule(
            f"{link_column}_first_report",
            [link_column, *same, "source_id"],
            f"{link_column} must name the first report of the same thing: another row, itself "
            f"linked to none, with the same {listed} and another source_id",
            ok,
        )
    ]


def same_period_checks(id_column: str, link_column: str, start: str, end: str) -> list[pa.Check]:
    """A further report's interval overlaps the one of the first report it names.

    Two articles' reports of one figure are claims about one time: a row whose
    ``start`` to ``end`` shares no day with its first report's is a figure of
    another time, and must not be linked to it.
    """

    def ok(df: pd.DataFrame) -> pd.Series:
        positions = first_row_named(df, id_column, link_column)
        found = pd.Series(positions >= 0, index=df.index)
        rows = np.where(positions >= 0, positions, 0)
        first_start, first_end = (_days(_at(df, c, rows)) for c in (start, end))
        apart = (_days(df[start]) > first_end) | (first_start > _days(df[end]))
        return ~(found & apart.fillna(False).astype(bool))

    return [
        _rule(
            f"{link_column}_same_period",
            [link_column, start, end],
            f"{link_column} must name a figure of the same time: its {start} to {end} shares "
            "no day with this row's; a figure of another time is another figure (leave "
            f"{link_column} empty)",
            ok,
        )
    ]


def ordered_bounds(columns: list[str]) -> pa.Check:
    """Each triple of ``columns`` (``X_low``, ``X_best``, ``X_high``) is ordered where filled."""
    triples = [columns[i : i + 3] for i in range(0, len(columns), 3)]

    def ok(df: pd.DataFrame) -> pd.Series:
        good = pd.Series(True, index=df.index)
        for low_column, best_column, high_column in triples:
            low, best, high = df[low_column], df[best_column], df[high_column]
            bad = (low > best).fillna(False) | (best > high).fillna(False)
            good &= ~(bad | (low > high).fillna(False)).astype(bool)
        return good

    return _rule("summary_low_best_high_ordered", list(columns), "low <= best <= high", ok)
