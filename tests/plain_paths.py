"""The plain code the fast paths replaced: references for tests/test_fast_paths.py.

Each function is the earlier per-cell or per-row code of a check or conversion (pandas
``.str`` methods, ``reindex`` joins, one ``count_words_fit`` call per row); the fast
code in ``mali_conflict_data`` must give exactly what they give, problems included.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mali_conflict_data import _raw, _rules


def _bad(table, mask: pd.Series, raw: pd.Series, name: str, rule: str, message: str):
    for row in np.flatnonzero(mask.to_numpy(dtype=bool)):
        table.report(int(row), name, rule, message, raw.iat[row])


def check_text(table, name: str, raw: pd.Series, free_text: bool) -> None:
    """Cell hygiene by pandas' string methods, one call per check."""
    _bad(
        table,
        raw != raw.str.strip(),
        raw,
        name,
        "whitespace",
        "has leading or trailing spaces; remove them",
    )
    suspect = raw.str.contains(_raw._CONTROL_OR_INVISIBLE, regex=True).any()
    if suspect:
        _bad(
            table,
            raw.str.contains("\n", regex=False),
            raw,
            name,
            "whitespace",
            "contains a line break; keep each cell on one line",
        )
    non_ascii = ~raw.str.isascii()
    if non_ascii.any():
        not_nfc = raw[non_ascii].map(lambda v: not _raw._is_nfc(v))
        _bad(
            table,
            not_nfc.reindex(raw.index, fill_value=False),
            raw,
            name,
            "unicode_nfc",
            "is not in Unicode NFC form; normalise it (e.g. unicodedata.normalize('NFC', text))",
        )
    if suspect:
        _bad(
            table,
            raw.str.contains(_raw._INVISIBLE, regex=True),
            raw,
            name,
            "invisible_character",
            "holds a control character or an invisible mark (such as NUL, ESC, a tab, a "
            "right-to-left override or a zero-width space); delete it",
        )
    if free_text:
        _bad(
            table,
            raw.str.match(r"^[=+\-@]"),
            raw,
            name,
            "formula_injection",
            "starts with =, +, - or @, which spreadsheets run as a formula; reword the start",
        )


def convert_column(table, name: str, raw: pd.Series, column) -> pd.Series:
    """A column converted by pandas (``str.match``, ``to_datetime``, ``to_numeric``, ``isin``)."""
    empty = raw == ""
    metadata = column.metadata or {}
    if metadata.get("list"):
        items = [[x.strip() for x in v.split(_raw.LIST_SEPARATOR)] if v else [] for v in raw]
        return pd.Series(items, index=raw.index, dtype=object)
    if not column.nullable:
        _bad(table, empty, raw, name, "required", "is required but empty")
    kind = metadata["kind"]
    if kind == "date":
        well_formed = raw.str.match(_raw._ISO_DATE)
        parsed = pd.to_datetime(raw.where(well_formed & ~empty), format="%Y-%m-%d", errors="coerce")
        _bad(
            table,
            ~empty & parsed.isna(),
            raw,
            name,
            "date",
            "is not a real calendar date written YYYY-MM-DD",
        )
        return parsed
    if kind == "count":
        is_int = raw.str.match(_raw._INTEGER)
        _bad(table, ~empty & ~is_int, raw, name, "integer", "is not a whole number")
        long = is_int & ~empty & (raw.str.lstrip("-").str.len() >= 19)
        too_large = pd.Series(False, index=raw.index)
        if long.any():
            too_large[long] = raw[long].map(
                lambda v: not _raw._INT64[0] <= int(v) <= _raw._INT64[1]
            )
        _bad(
            table,
            too_large,
            raw,
            name,
            "integer",
            f"is too large a whole number (the limit is {_raw._INT64[1]:,}); check the digits",
        )
        return pd.to_numeric(raw.where(is_int & ~empty & ~too_large)).astype("Int64")
    if kind == "number":
        number = pd.to_numeric(raw.where(~empty), errors="coerce")
        _bad(table, ~empty & number.isna(), raw, name, "number", "is not a number")
        return number.astype("Float64")
    if kind == "flag":
        known = raw.isin(["true", "false"])
        _bad(table, ~known & ~empty, raw, name, "boolean", "must be true or false")
        return pd.Series(pd.array(raw == "true", dtype="boolean"), index=raw.index).where(known)
    if kind == "vocabulary":
        values = metadata["vocabulary"]
        known = ~empty & raw.isin(values)
        _bad(
            table,
            ~empty & ~known,
            raw,
            name,
            "vocabulary",
            f"is not one of the allowed values: {', '.join(values)}",
        )
        return pd.Series(pd.Categorical(raw.where(known), categories=values), index=raw.index)
    return raw.where(~empty).astype(pd.StringDtype())


def duplicate_rows(table, strings: pd.DataFrame, key: list[str]) -> None:
    """Rows repeating another but for case or spacing, every row compared in Python."""
    own_id = key[:1] if len(key) == 1 else []
    columns = [c for c in strings.columns if c not in own_id]
    if len(strings) < 2 or not columns:
        return
    rough_seen: dict[tuple, int] = {}
    rough_rows = []
    for row in range(len(strings)):
        rough = tuple(str(strings[c].iat[row]).replace(" ", "").lower() for c in columns)
        rough_rows.append(rough)
        rough_seen[rough] = rough_seen.get(rough, 0) + 1
    first_row: dict[tuple, int] = {}
    for row in range(len(strings)):
        if rough_seen[rough_rows[row]] < 2:
            continue
        folded = tuple(" ".join(str(strings[c].iat[row]).split()).lower() for c in columns)
        if folded in first_row:
            table.report(
                row,
                None,
                "duplicate_row",
                f"repeats line {table.lines[first_row[folded]]} but for case or spacing",
            )
        first_row.setdefault(folded, row)


def further_report(id_column: str, link_column: str, same: list[str]):
    """The first-report rule by ``reindex`` on the ids made unique."""

    def first(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
        index = df.reset_index(drop=True).set_index(id_column)
        index = index[~index.index.duplicated()]
        found = df[link_column].isin(index.index) & df[link_column].notna()
        return index.reindex(df[link_column].where(found)).set_axis(df.index), found

    def ok(df: pd.DataFrame) -> pd.Series:
        linked, found = first(df)
        bad = linked[link_column].notna() | (df[link_column] == df[id_column]).fillna(False)
        bad |= (df["source_id"].astype("string") == linked["source_id"].astype("string")).fillna(
            False
        )
        for column in same:
            bad |= (df[column].astype("string") != linked[column].astype("string")).fillna(False)
        return ~(found & bad.astype(bool)) & ~(df[link_column] == df[id_column]).fillna(False)

    return ok


def same_period(id_column: str, link_column: str, start: str, end: str):
    """The same-period rule by ``reindex`` on the ids made unique."""

    def ok(df: pd.DataFrame) -> pd.Series:
        index = df.reset_index(drop=True).set_index(id_column)
        index = index[~index.index.duplicated()]
        found = (df[link_column].isin(index.index) & df[link_column].notna()).fillna(False)
        first = index.reindex(df[link_column].where(found)).set_axis(df.index)
        days = _rules._days
        apart = (days(df[start]) > days(first[end])) | (days(first[start]) > days(df[end]))
        return ~(found.astype(bool) & apart.fillna(False).astype(bool))

    return ok


def exact_bounds(df: pd.DataFrame) -> list[tuple[int, int | float]]:
    """Each row's lowest and highest number as Python ints (exact), infinity when unbounded."""

    def first(*values):
        return next((int(v) for v in values if not pd.isna(v)), None)

    columns = [df[c].astype(object) for c in ("low", "best", "high")]
    rows = zip(*columns, strict=True)
    found = [(first(low, best), first(high, best)) for low, best, high in rows]
    return [(0 if low is None else low, math.inf if high is None else high) for low, high in found]


def part_of(id_column: str, part_column: str, same: list[str]):
    """The two part-of rules by ``get_indexer`` on the whole frame."""

    def wholes(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
        ids = df[id_column].astype("string")
        first = ids.notna().to_numpy() & ~ids.duplicated().to_numpy()
        rows = np.flatnonzero(first)
        positions = pd.Index(ids.to_numpy()[first]).get_indexer(df[part_column].astype(object))
        named = df[part_column].notna().to_numpy() & (positions >= 0)
        whole = df.iloc[np.where(named, rows[positions] if len(rows) else 0, 0)]
        return whole.set_axis(df.index), pd.Series(named, index=df.index)

    def same_figure(df: pd.DataFrame) -> pd.Series:
        whole, found = wholes(df)
        differs = pd.Series(False, index=df.index)
        for column in same:
            differs |= (df[column].astype("string") != whole[column].astype("string")).fillna(False)
        own = (df[part_column] == df[id_column]).fillna(False).astype(bool)
        return ~((found & differs) | own)

    def not_larger(df: pd.DataFrame) -> pd.Series:
        whole, found = wholes(df)
        lows = [low for low, _ in exact_bounds(df)]
        highs = [high for _, high in exact_bounds(whole)]
        larger = pd.Series([a > b for a, b in zip(lows, highs, strict=True)], index=df.index)
        return ~(found & larger)

    return same_figure, not_larger


def count_text_fits(df: pd.DataFrame) -> list[bool]:
    """``count_words_fit`` on every row, one call each (before the other figure rules)."""
    columns = ["count_text", "qualifier", "low", "best", "high"]
    values = [df[c].astype(object).where(df[c].notna(), None).to_numpy() for c in columns]
    return [bool(_rules.count_words_fit(*row)) for row in zip(*values, strict=True)]


def interval_matches(start: str, end: str, precision: str):
    """The dates-match-precision rule by pandas date offsets (``MonthEnd``, ``.dt``)."""
    days = _rules._days

    def matches(df: pd.DataFrame) -> pd.Series:
        first, last = days(df[start]), days(df[end])
        p = df[precision].astype("string")
        span = (last - first).dt.days
        month_end = first + pd.offsets.MonthEnd(0)
        whole_month = (first.dt.day == 1) & (last == month_end)
        whole_year = (
            (first.dt.month == 1)
            & (first.dt.day == 1)
            & (last.dt.month == 12)
            & (last.dt.day == 31)
            & (last.dt.year == first.dt.year)
        )
        bad = (
            ((p == "day") & (span != 0))
            | ((p == "week") & ((span < 1) | (span > 6)))
            | ((p == "month") & ~whole_month)
            | ((p == "year") & ~whole_year)
            | ((p == "range") & (span >= 0) & ((span <= 6) | whole_month | whole_year))
        )
        return ~(bad & first.notna() & last.notna()).fillna(False).astype(bool)

    return matches


def consistent(df: pd.DataFrame) -> pd.Series:
    """The qualifier-matches-bounds rule by one pandas comparison per qualifier and bound."""
    q = df["qualifier"].astype("string")
    ok = pd.Series(True, index=df.index)
    for qualifier, needs in _rules.QUALIFIER_BOUNDS.items():
        rows = (q == qualifier).fillna(False)
        for column, need in zip(("low", "best", "high"), needs, strict=True):
            if need is True:
                ok &= ~(rows & df[column].isna())
            elif need is False:
                ok &= ~(rows & df[column].notna())
    exact = (q == "exact").fillna(False)
    ok &= ~(exact & ((df["low"] != df["best"]) | (df["best"] != df["high"])).fillna(False))
    return ok


def primary_key(table, key: list[str]) -> None:
    """Repeated identifiers by pandas' ``duplicated`` on the key columns, every row looked at."""
    frame = table.frame[key]
    duplicated = frame.duplicated(keep="first") & frame.notna().all(axis=1)
    first = {}
    for row, values in enumerate(frame.itertuples(index=False, name=None)):
        if values in first and duplicated.iat[row]:
            table.report(
                row,
                ", ".join(key),
                "duplicate_id",
                f"repeats the identifier on line {table.lines[first[values]]}; ids must be unique",
                ", ".join(map(_raw.shown_value, values)),
            )
        first.setdefault(values, row)


def reported_by_article(tables: dict) -> None:
    """The source_reports_event rule by a set of (event_id, source_id) pairs, row by row."""
    reporting = {
        pair
        for name in ("events", "event_reports")
        if tables[name].frame is not None
        for pair in zip(
            tables[name].frame["event_id"], tables[name].frame["source_id"], strict=True
        )
        if not any(pd.isna(v) for v in pair)
    }
    for name in ("event_actors", "casualties"):
        table = tables[name]
        if table.frame is None:
            continue
        ids = zip(table.frame["event_id"], table.frame["source_id"], strict=True)
        for row, pair in enumerate(ids):
            if any(pd.isna(v) for v in pair) or pair in reporting:
                continue
            if (row, "source_id") in table.reported:
                continue
            table.report(
                row,
                "source_id",
                "source_reports_event",
                "this article does not report the event: use the event's article, or add an "
                "event_reports row for this article first",
                pair[1],
            )
