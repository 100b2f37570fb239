"""The flat event table ``event_summary``: one row per event, derived from the coded tables.

Analysts mostly want one row per event with its dates, place, actors and the
human cost, the way a UCDP GED download gives it. Building that by hand needs
joins of five tables, and a naive join multiplies casualty rows (one per actor)
and counts a subset figure ("three Americans among the dead") twice. This module
derives the table (:func:`derive`; its columns are declared in
:data:`mali_conflict_data.model.EVENT_SUMMARY`)
from the coded tables only, at build time, so it never drifts from them.

The figures follow UCDP's low / best / high, per outcome (killed, injured, ...):

1. A figure's lower bound is its ``low`` (else its ``best``, else 0); its upper
   bound is its ``high`` (else its ``best``, else none: unbounded).
2. Within one article, the figures of an event for one outcome are added up
   (different victim groups), except a figure that is part of another figure of
   the same article, event and outcome (``casualties.part_of_casualty_id``): it
   is already counted in that whole. Any other part gives only a lower bound.
3. Across the articles reporting that outcome: ``low`` is the smallest article
   total, ``high`` the largest (empty when any article leaves it unbounded), so
   the range shows where the articles disagree.
4. ``best`` is the most reliable stated total, as UCDP's best estimate is the
   most reliable reported figure, not a middle of the claims. An article total
   whose words all give a count (a number, "four dead", or a vague word with the
   guide's constants, "dozens") is more reliable than one read from a
   characterisation with no number ("bloodless", "a German priest"): ``best`` is
   taken from the counts when any article gives one, else from the
   characterisations. Among totals of the same standing it is their median (of
   the two middle ones the lower, the conservative choice), so always a number
   an article states; empty when the articles that give counts state none
   ("at least 15 injured" against "bloodless": no best).

This module imports pandera (through the schema); the package imports it only
when building.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow

from mali_conflict_data import _types, model
from mali_conflict_data import schema as s
from mali_conflict_data._figures import check_sums, refuse_past_largest
from mali_conflict_data._memory import release
from mali_conflict_data.disagreements import (  # noqa: F401  (used and re-exported)
    _is_in,
    casualty_events,
    claim_event,
    claim_events,
    pair_events,
)

ROLES = model.ROLE_COLUMNS
BOUNDS = model.BOUNDS
DATE_COLUMNS = ("date_start", "date_end", "date_precision", "date_inferred")
PART_OF = "part_of_casualty_id"

#: The table's pandera schema, generated from its declaration in the model.
EVENT_SUMMARY = s.to_schema(model.EVENT_SUMMARY)
#: Every published table's pandera schema: the coded tables, then the derived ``event_summary``.
PUBLISHED: dict[str, pa.DataFrameSchema] = s.PUBLISHED_SCHEMAS


def _counts(casualties: pd.DataFrame) -> pd.Series:
    """True for a figure whose words give a count: a number, or a vague word with constants."""
    from mali_conflict_data._numbers import numbers_in

    if "count_text" not in casualties:
        return pd.Series(True, index=casualties.index)
    words = casualties["count_text"].astype("string").fillna("")
    read = {w: bool(numbers_in(w)) for w in words.unique()}  # each wording read once
    counted = words.map(read).astype(bool)
    if "qualifier" in casualties:
        counted |= (casualties["qualifier"].astype("string") == "vague").fillna(False)
    return counted


def _article_totals(casualties: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, outcome, article): the sum of its figures, each counted once."""
    figures = _counted_figures(casualties)
    keys = ["event_id", "outcome", "source_id"]
    grouped = figures.groupby(keys, sort=True)
    check_sums(grouped, ["lo", "hi", "stated"], "one article's figures", ["low", "high", "best"])
    return pd.DataFrame(
        {
            "lo": grouped["lo"].sum(),
            "hi": grouped["hi"].sum().where(grouped["hi"].count() == grouped.size()),
            "stated": grouped["stated"].sum().where(grouped["stated"].count() == grouped.size()),
            "counted": grouped["counted"].all(),
        }
    ).reset_index()


def _counted_figures(casualties: pd.DataFrame) -> pd.DataFrame:
    """Each figure's keys, bounds (``lo``, ``hi``), ``stated`` best and ``counted``, parts out.

    A part of a whole of the same article, event and outcome is left out (counted in
    the whole); a part whose whole is elsewhere keeps only its lower bound.
    """
    figures = casualties.assign(
        lo=casualties["low"].fillna(casualties["best"]).fillna(0).astype("Int64"),
        hi=casualties["high"].fillna(casualties["best"]).astype("Int64"),
        stated=casualties["best"].astype("Int64"),
        counted=_counts(casualties).to_numpy(),
    )
    if PART_OF in figures:
        # The whole's (article, event, outcome), looked up by its casualty_id.
        same = ["source_id", "event_id", "outcome"]
        wholes = figures.set_index(figures["casualty_id"].astype(str))[same].astype(str)
        whole = wholes.reindex(figures[PART_OF].astype("string").fillna("").to_numpy())
        within = (whole.to_numpy() == figures[same].astype(str).to_numpy()).all(axis=1)
        is_part = figures[PART_OF].notna().to_numpy()
        figures = figures[~(is_part & within)].copy()
        alone = figures[PART_OF].notna()
        # A part whose whole is in another article says only "at least this many".
        figures.loc[alone, "hi"] = pd.NA
        figures.loc[alone, "stated"] = pd.NA
    keys = ["event_id", "outcome", "source_id"]
    return figures[keys + ["lo", "hi", "stated", "counted"]].astype(
        {"event_id": "string", "outcome": "string", "source_id": "string"}
    )


def _figures_in_arrays(casualties: pd.DataFrame) -> tuple[pa_arrow.Array, np.ndarray, dict]:
    """:func:`figures_by_outcome` in NumPy: its events, outcomes and bounds, row by row.

    The same groups in the same order (by event, outcome, then article, as text; a
    figure with an empty key in none), summed with ``reduceat`` over the sorted rows:
    low, best and high as ``Int64`` arrays by bound.
    """
    import pyarrow.compute as pc

    figures = _counted_figures(casualties)
    keys = pa_arrow.table({k: _text(figures[k]) for k in ("event_id", "outcome", "source_id")})
    complete = ~np.any([pc.is_null(c).to_numpy(zero_copy_only=False) for c in keys.columns], 0)
    rows = np.flatnonzero(complete)
    keys = keys.take(pa_arrow.array(rows))
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names])
    order = order.to_numpy()
    keys, rows = keys.take(pa_arrow.array(order)), rows[order]

    def changes(*names: str) -> np.ndarray:
        new = np.zeros(len(rows), dtype=bool)
        if len(rows):
            new[0] = True
        for name in names:
            column = keys[name].combine_chunks()
            new[1:] |= pc.not_equal(column[1:], column[:-1]).to_numpy(zero_copy_only=False)
        return new

    def values(name: str) -> tuple[np.ndarray, np.ndarray]:
        column = figures[name].astype("Int64")
        return column.to_numpy(np.int64, na_value=0)[rows], column.isna().to_numpy()[rows]

    article = changes("event_id", "outcome", "source_id")
    starts = np.flatnonzero(article)
    lo, _ = values("lo")
    hi, hi_missing = values("hi")
    stated, stated_missing = values("stated")
    counted = figures["counted"].to_numpy(bool)[rows]
    if not len(starts):  # no figure
        empty = pd.arrays.IntegerArray(np.zeros(0, np.int64), np.zeros(0, bool))
        return keys["event_id"].combine_chunks(), np.array([], str), dict.fromkeys(BOUNDS, empty)
    hi_open = np.logical_or.reduceat(hi_missing, starts)
    stated_open = np.logical_or.reduceat(stated_missing, starts)
    run = np.cumsum(article) - 1  # each row's article total

    def named(total: int) -> str:
        return ", ".join(f"{k} {keys[k][int(starts[total])]}" for k in keys.column_names)

    sums = {  # in the figures' own words: lo is low, hi high, stated best
        "low": (lo, np.zeros(len(starts), dtype=bool)),
        "high": (hi, hi_open),
        "best": (stated, stated_open),
    }
    refuse_past_largest(run, len(starts), sums, "one article's figures", named)
    total_lo = np.add.reduceat(lo, starts)
    total_hi = np.add.reduceat(np.where(hi_missing, 0, hi), starts)
    total_stated = np.add.reduceat(np.where(stated_missing, 0, stated), starts)
    all_counted = np.logical_and.reduceat(counted, starts)

    # per (event, outcome): the article totals are in runs, one run per pair
    pair = changes("event_id", "outcome")[starts]
    firsts = np.flatnonzero(pair)
    group = np.cumsum(pair) - 1  # each article total's (event, outcome)
    low = np.minimum.reduceat(total_lo, firsts)
    high = np.maximum.reduceat(np.where(hi_open, 0, total_hi), firsts)
    high_open = np.logical_or.reduceat(hi_open, firsts)
    # best: the lower median of the stated totals of the most reliable kind
    any_count = np.logical_or.reduceat(all_counted, firsts)[group]
    eligible = np.flatnonzero((all_counted | ~any_count) & ~stated_open)
    by = np.lexsort((total_stated[eligible], group[eligible]))
    eligible = eligible[by]
    of = group[eligible]
    best = np.zeros(len(firsts), dtype=np.int64)
    best_missing = np.ones(len(firsts), dtype=bool)
    if len(eligible):
        begin = np.flatnonzero(np.r_[True, of[1:] != of[:-1]])
        count = np.diff(np.r_[begin, len(of)])
        chosen = eligible[begin + (count - 1) // 2]
        best[of[begin]] = total_stated[chosen]
        best_missing[of[begin]] = False
    at = starts[firsts]
    bounds = {
        "low": pd.arrays.IntegerArray(low, np.zeros(len(firsts), dtype=bool)),
        "best": pd.arrays.IntegerArray(best, best_missing),
        "high": pd.arrays.IntegerArray(np.where(high_open, 0, high), high_open),
    }
    events = keys["event_id"].combine_chunks().take(pa_arrow.array(at))
    outcomes = np.asarray(keys["outcome"].combine_chunks().take(pa_arrow.array(at)), dtype=object)
    return events, outcomes, bounds


def _best_estimates(totals: pd.DataFrame) -> pd.Series:
    """Per (event, outcome): the lower median of the stated totals of the most reliable kind.

    The totals counted in numbers when any article gives one, else the others.
    """
    keys = ["event_id", "outcome"]
    any_count = totals.groupby(keys)["counted"].transform("any").astype(bool)
    totals = totals[totals["counted"].astype(bool) | ~any_count]
    stated = totals.dropna(subset=["stated"]).sort_values([*keys, "stated"])
    position = stated.groupby(keys).cumcount()
    count = stated.groupby(keys)["stated"].transform("size")
    middle = stated[position.to_numpy() == ((count - 1) // 2).to_numpy()]
    return middle.set_index(keys)["stated"]


def figures_by_outcome(casualties: pd.DataFrame) -> pd.DataFrame:
    """Low, best and high per (event, outcome) across articles, by the rule in the module doc."""
    totals = _article_totals(casualties)
    grouped = totals.groupby(["event_id", "outcome"], sort=True)
    return pd.DataFrame(
        {
            "low": grouped["lo"].min(),
            "best": _best_estimates(totals),
            "high": grouped["hi"].max().where(grouped["hi"].count() == grouped.size()),
        }
    ).astype("Int64")


def _mapped(series: pd.Series, mapping: dict[str, str], vocabulary=None):
    """``series.astype(str).map(mapping)`` as :func:`_types.conform` types it.

    A categorical ``series`` is mapped once per category; with the target's
    ``vocabulary``, the result is that categorical (a value outside it empty).

    >>> _mapped(pd.Series(["a", "b", None], dtype="category"), {"a": "x"}).tolist()
    ['x', nan, nan]
    >>> _mapped(pd.Series(["a", "b"], dtype="category"), {"a": "x", "b": "y"}, ["y"]).tolist()
    [nan, 'y']
    """
    if not isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype(str).map(mapping).to_numpy()
    shown = pd.Series(series.cat.categories).astype(str).map(mapping).to_numpy()
    codes = series.cat.codes.to_numpy()
    if vocabulary is None:
        return pd.api.extensions.take(shown, codes, allow_fill=True)
    categories = list(vocabulary)
    known = {value: i for i, value in enumerate(categories)}
    recoded = np.array([known.get(v, -1) if isinstance(v, str) else -1 for v in shown], int)
    recoded = np.append(recoded, -1)  # a missing value (code -1) stays missing
    return pd.Categorical.from_codes(recoded[codes], categories=categories)


def _text(series: pd.Series) -> pa_arrow.Array:
    """A column as one Arrow string array (ids, vocabulary values), as ``astype(str)`` reads."""
    if series.hasnans:  # as astype(str) writes a missing value
        series = series.astype(str)
    if not isinstance(series.dtype, pd.StringDtype | pd.CategoricalDtype):
        series = series.astype(str)
    values = pa_arrow.array(series.array)
    if isinstance(values, pa_arrow.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa_arrow.string())


def _sorted_lists(
    pairs: pd.DataFrame,
    key: str,
    value: str,
    ids: list[str] | pa_arrow.Array,
    labels: pd.Series | None = None,
) -> pa_arrow.ListArray:
    """For each of ``ids``, the sorted distinct ``value`` of its ``key`` rows, as an Arrow list.

    With ``labels`` (indexed by value), each value is shown by its label, in the order of
    the values. No Python per row (:func:`derive` turns the lists into Python lists).

    >>> pairs = pd.DataFrame({"e": ["b", "a", "b", "b"], "v": ["y", "x", "x", "y"]})
    >>> _sorted_lists(pairs, "e", "v", ["a", "b", "c"]).to_pylist()
    [['x'], ['x', 'y'], []]
    """
    ids = pa_arrow.array(ids, pa_arrow.string()) if isinstance(ids, list) else ids
    first, canonical = _first_positions(ids)
    at = _positions(_text(pairs[key]), first)
    values, rank = _ranked(_text(pairs[value]))
    lists = _lists_at(at, rank, _shown(values, labels), len(ids))
    return lists if canonical is None else lists.take(pa_arrow.array(canonical))


def _equal(values: pa_arrow.Array, value: str) -> np.ndarray:
    """Where ``values`` (Arrow strings) equal ``value``, as a NumPy mask (empty: False)."""
    import pyarrow.compute as pc

    return pc.equal(values, value).fill_null(False).to_numpy(zero_copy_only=False)


def _first_positions(ids: pa_arrow.Array) -> tuple[pa_arrow.Array, np.ndarray | None]:
    """``ids`` to look keys up in, and each id's first position when an id repeats (else None)."""
    import pyarrow.compute as pc

    if pc.count_distinct(ids, mode="all").as_py() == len(ids):  # no id twice
        return ids, None
    return ids, pc.index_in(ids, value_set=ids).to_numpy(zero_copy_only=False)


def _positions(keys: pa_arrow.Array, ids: pa_arrow.Array) -> np.ndarray:
    """Each key's (first) position among ``ids``, -1 where it is none of them."""
    import pyarrow.compute as pc

    return pc.index_in(keys, value_set=ids).fill_null(-1).to_numpy(zero_copy_only=False)


def _ranked(column: pa_arrow.Array) -> tuple[pa_arrow.Array, np.ndarray]:
    """The distinct values of ``column`` in order, and each row's rank among them (one pass)."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column, null_encoding="encode")
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return encoded.dictionary.take(pa_arrow.array(order)), rank[codes]


def _shown(values: pa_arrow.Array, labels: pd.Series | None) -> pa_arrow.Array:
    """``values`` shown by their ``labels`` (indexed by value; null where none), or as they are."""
    import pyarrow.compute as pc

    if labels is None:
        return values
    shown = pa_arrow.array(labels.astype(str).tolist(), pa_arrow.string())
    known = pa_arrow.array(labels.index.astype(str).tolist(), pa_arrow.string())
    return pc.take(shown, pc.index_in(values, value_set=known))


def _lists_at(at: np.ndarray, rank: np.ndarray, values: pa_arrow.Array, size: int):
    """For each position below ``size``: the distinct ``values[rank]`` of its rows, in order.

    ``at`` is each row's position (-1: none), ``rank`` its value's index in ``values``
    (which are in order). Each (position, value) is paired as one integer and sorted.
    """
    rows = at >= 0
    pairs = np.sort(at[rows].astype(np.int64) * max(len(values), 1) + rank[rows])
    if len(pairs):
        pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]  # each pair once
    position, value = np.divmod(pairs, max(len(values), 1))
    offsets = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.bincount(position, minlength=size), out=offsets[1:])
    items = values.take(pa_arrow.array(value)) if len(value) else values.slice(0, 0)
    return pa_arrow.ListArray.from_arrays(pa_arrow.array(offsets), items.cast(pa_arrow.string()))


def _group_codes(*columns: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group (a number) by the text of ``columns``, and whether a key is empty."""
    import pyarrow.compute as pc

    codes = np.zeros(len(columns[0]), dtype=np.int64)
    empty = np.zeros(len(columns[0]), dtype=bool)
    for column in columns:
        encoded = pc.dictionary_encode(_text(column))  # the text's codes, in Arrow
        found = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        empty |= found < 0
        codes = _dense(codes * (len(encoded.dictionary) + 1) + found)
    return codes, empty


def _dense(keys: np.ndarray) -> np.ndarray:
    """Each key's rank among the distinct keys (0, 1, ...), by one stable sort.

    >>> _dense(np.array([7, 3, 7, 9])).tolist()
    [1, 0, 1, 2]
    """
    if not len(keys):
        return keys.astype(np.int64)
    order = np.argsort(keys, kind="stable")  # fast on keys nearly in order, as tables are
    ordered = keys[order]
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order] = np.cumsum(np.r_[False, ordered[1:] != ordered[:-1]])
    return ranks


def _group_sizes(*columns: pd.Series) -> np.ndarray:
    """Each row's number of rows with its key: ``groupby(...).transform("size")`` of the text.

    A row with an empty key is in no group (0), as ``groupby`` drops it.

    >>> _group_sizes(pd.Series(["a", "a", "b", None]), pd.Series(["x", "x", "x", "x"])).tolist()
    [2, 2, 1, 0]
    """
    codes, empty = _group_codes(*columns)
    sizes = np.bincount(codes)[codes] if len(codes) else codes
    return np.where(empty, 0, sizes)


def _pairs_within(codes: np.ndarray, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of rows (first, second) of one group, as ``combinations`` of its rows gives.

    >>> [x.tolist() for x in _pairs_within(np.array([0, 1, 0, 0]), np.zeros(4, bool))]
    [[0, 0, 2], [2, 3, 3]]
    """
    rows = np.flatnonzero(~empty)
    order = rows[np.argsort(codes[rows], kind="stable")]
    if not len(order):
        return order, order
    groups = codes[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    ends = np.r_[starts[1:], len(order)]
    after = np.repeat(ends, np.diff(np.r_[starts, len(order)])) - np.arange(len(order)) - 1
    first = np.repeat(np.arange(len(order)), after)
    skip = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after)
    return order[first], order[first + 1 + skip]


def _scope_codes(values: pd.Series, unstated: str | None = None) -> np.ndarray:
    """Each row's value as a number shared by equal texts; -1 where empty (or ``unstated``)."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(_text(values))
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    if unstated is not None:
        words = encoded.dictionary.to_pylist()
        if unstated in words:
            codes[codes == words.index(unstated)] = -1
    return codes


def _conflicting_figures(casualties: pd.DataFrame) -> pd.DataFrame:
    """The pairs of casualty figures ``disagreements()`` lists (``casualty_figures``): their ids.

    Two figures of one event and outcome, not linked by ``part_of_casualty_id``, one
    counting all the victims of the other (or the same) whose ranges cannot both hold,
    compared in NumPy for every pair at once; the few pairs with a part-of link are
    looked up as ``disagreements()`` looks them up.
    """
    from mali_conflict_data._figures import highest, lowest
    from mali_conflict_data.disagreements import _ancestors, _linked

    sides = ["a_table", "a_id", "b_table", "b_id"]
    if casualties is None or casualties.empty:
        return pd.DataFrame(columns=sides)
    a, b = _pairs_within(*_group_codes(casualties["event_id"], casualties["outcome"]))
    # whole numbers compared as int64 (exact: as floats 2**53 + 1 would equal 2**53),
    # an empty upper bound apart: nothing exceeds it
    low = lowest(casualties).to_numpy(np.int64)
    upper = highest(casualties)
    bounded = upper.notna().to_numpy(bool)
    high = upper.fillna(0).to_numpy(np.int64)
    group = _scope_codes(casualties["victim_group"], "unspecified")
    detail = _scope_codes(casualties["victim_detail"])

    def covers(general: np.ndarray, specific: np.ndarray) -> np.ndarray:
        same_group = (group[general] == -1) | (group[general] == group[specific])
        return same_group & ((detail[general] == -1) | (detail[general] == detail[specific]))

    def exceeds(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
        return bounded[whole] & (low[part] > high[whole])

    conflict = (covers(a, b) & exceeds(b, a)) | (covers(b, a) & exceeds(a, b))
    a, b = a[conflict], b[conflict]
    ids = casualties["casualty_id"].astype(object).to_numpy()
    if PART_OF in casualties:
        part = casualties[PART_OF].notna().to_numpy()
        checked = part[a] | part[b]  # a pair with no part-of link is never linked
        if checked.any():
            ancestors = _ancestors(casualties[part], "casualty_id", PART_OF)
            pairs = zip(ids[a[checked]], ids[b[checked]], strict=True)
            linked = np.array([_linked(ancestors, x, y) for x, y in pairs], dtype=bool)
            keep = np.ones(len(a), dtype=bool)
            keep[np.flatnonzero(checked)[linked]] = False
            a, b = a[keep], b[keep]
    return pd.DataFrame(
        {"a_table": "casualties", "a_id": ids[a], "b_table": "casualties", "b_id": ids[b]},
        columns=sides,
    )


def disagreeing_events(frames: Mapping[str, pd.DataFrame]) -> set[str]:
    """Events whose articles' claims cannot all be true, as ``disagreements()`` lists them.

    Only the kinds that can name an event are compared: casualty figures (in NumPy,
    :func:`_conflicting_figures`), a force's losses, and, through ``disagreements()``,
    the roles and the dates of the events that can hold such a disagreement (one actor
    named in the event by two rows, a further report), which keeps the build fast on
    large tables.
    """
    from mali_conflict_data.disagreements import disagreements

    events, reports, event_actors = (
        frames["events"],
        frames["event_reports"],
        frames["event_actors"],
    )
    reported = set(reports["event_id"].astype(str).tolist())
    named = _group_sizes(event_actors["event_id"], event_actors["actor_id"])
    subset = {
        "casualties": frames["casualties"].iloc[:0],  # compared apart, below
        "deployments": frames["deployments"].iloc[:0],  # force losses: _losing_pairs
        "events": events[_is_in(events["event_id"], reported)],
        "event_reports": reports,
        "event_actors": event_actors[named >= 2],
    }
    sides = ["a_table", "a_id", "b_table", "b_id"]
    found = pd.concat(
        [
            disagreements(subset)[sides],
            _conflicting_figures(frames["casualties"]),
            _losing_pairs(frames)[sides],
        ]
    )
    return claim_events(found, frames)  # one lookup of the casualties' events for all


def _losing_pairs(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The pairs of reported losses of a force that exceed its strength (``force_losses``)."""
    from mali_conflict_data.disagreements import COLUMNS, _loss_pairs

    tables = (frames[t] for t in ("deployments", "casualties", "event_actors", "events"))
    return pd.DataFrame(_loss_pairs(*tables), columns=["kind", "about", "why", *COLUMNS[6:]])


def _losing_events(frames: Mapping[str, pd.DataFrame]) -> set[str]:
    """Events whose reported losses of a force exceed its strength (``force_losses``)."""
    return claim_events(_losing_pairs(frames), frames)


def derive(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``event_summary`` table from the coded tables (typed frames by table name).

    >>> import mali_conflict_data as mcd
    >>> summary = derive(mcd.load_all())
    >>> coup = summary.set_index("event_id").loc["ev-2020-08-18-coup"]
    >>> [int(coup[c]) for c in ("killed_low", "killed_best", "killed_high", "n_sources")]
    [0, 4, 4, 3]
    """
    from mali_conflict_data._pylists import list_series

    summary = derive_arrow(frames)
    for name, column in model.EVENT_SUMMARY.columns.items():
        if column.kind == "list":
            lists = pa_arrow.chunked_array([_arrow_lists(summary[name])])
            summary[name] = list_series(lists, summary.index)
    return summary


def _arrow_lists(series: pd.Series) -> pa_arrow.Array:
    """The Arrow list array of a ``pd.ArrowDtype`` list column."""
    lists = pa_arrow.array(series.array)
    return lists.combine_chunks() if isinstance(lists, pa_arrow.ChunkedArray) else lists


def derive_arrow(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """:func:`derive` with the list columns as Arrow lists (``pd.ArrowDtype``), as build writes.

    The same values as :func:`derive`; no Python list per cell, so less time and memory.

    >>> import mali_conflict_data as mcd
    >>> str(derive_arrow(mcd.load_all())["source_ids"].dtype)
    'list<item: string>[pyarrow]'
    """
    locations, actors = frames["locations"], frames["actors"]
    event_actors, casualties = frames["event_actors"], frames["casualties"]
    # Rows by date_start, then event_id, as sort_values orders the table: the events are
    # put in that order first (the few columns used), so every column is derived in it.
    events = _in_order(frames["events"])
    id_list = _text(events["event_id"])
    place = locations.set_index(locations["location_id"].astype(str))
    where = events["location_id"].astype(str)

    # the events' own columns as they are typed (conform casts only what is not)
    columns: dict[str, object] = {
        "event_id": events["event_id"].array,
        "event_type": events["event_type"].array,
    }
    for i, name in enumerate(model.MAPPED_COLUMNS):
        mapped = {t: row[i] for t, row in model.EVENT_TYPE_MAPPING.items()}
        vocabulary = model.EVENT_SUMMARY.columns[name].vocabulary
        columns[name] = _mapped(events["event_type"], mapped, vocabulary)
    for column in DATE_COLUMNS:
        columns[column] = events[column].array
    columns["location_id"] = events["location_id"].array
    found = place.index.get_indexer(where)  # each event's place, looked up once
    for column, source in [
        ("place", "name"),
        ("admin1", "admin1"),
        ("country_iso3", "country_iso3"),
        ("country_iso_numeric", "country_iso_numeric"),
        ("country_gw", "country_gw"),
        ("latitude", "latitude"),
        ("longitude", "longitude"),
        ("geo_precision", "geo_precision"),
    ]:
        columns[column] = pd.api.extensions.take(
            place[source].array, found, allow_fill=True
        )  # a place not found is empty, as map() leaves it

    size = len(id_list)
    first, canonical = _first_positions(id_list)
    columns.update(_actor_columns(event_actors, actors, first, size))
    release()  # the steps' working copies of large tables, let go before the next
    columns.update(_figure_columns(*_figures_in_arrays(casualties), id_list))
    release()
    sources = _source_lists(frames, first, size)
    if canonical is not None:  # an event id twice: each row has the lists of its id
        for name in [*ROLES.values(), "actor_ids"]:
            columns[name] = columns[name].take(pa_arrow.array(canonical))
        sources = sources.take(pa_arrow.array(canonical))
    lengths = np.diff(sources.offsets.to_numpy())
    columns["n_sources"] = pd.array(lengths.astype(np.int64), dtype="Int64")
    columns["source_ids"] = sources
    release()
    disagreeing = disagreeing_events(frames)
    release()
    columns["sources_disagree"] = pd.array(_is_in(events["event_id"], disagreeing), dtype="boolean")
    columns["description"] = events["description"].array
    for name, column in model.EVENT_SUMMARY.columns.items():
        if column.kind == "list":
            columns[name] = pd.arrays.ArrowExtensionArray(columns[name])

    return _types.conform(pd.DataFrame(columns), model.EVENT_SUMMARY)


def _actor_columns(
    event_actors: pd.DataFrame, actors: pd.DataFrame, first: pa_arrow.Array, size: int
) -> dict[str, pa_arrow.ListArray]:
    """The actor lists of each event (``first``: the event ids), by role and all together."""
    names = pd.Series(actors["name"].astype(str).to_numpy(), index=actors["actor_id"].astype(str))
    roles = _text(event_actors["role"])
    at = _positions(_text(event_actors["event_id"]), first)  # each row's event, looked up once
    actor_ids, rank = _ranked(_text(event_actors["actor_id"]))
    shown = _shown(actor_ids, names)
    columns = {}
    for role, column in ROLES.items():
        in_role = _equal(roles, role)
        columns[column] = _lists_at(at[in_role], rank[in_role], shown, size)
    columns["actor_ids"] = _lists_at(at, rank, actor_ids, size)
    return columns


def _source_lists(frames: Mapping[str, pd.DataFrame], first: pa_arrow.Array, size: int):
    """The sorted distinct articles reporting each event (``first``: the event ids)."""
    about_events = model.reporting_tables(model.TABLES) + model.event_claim_tables(model.TABLES)
    reported = {  # each table's column as Arrow strings, put end to end (no pandas concat)
        c: pa_arrow.concat_arrays([_text(frames[t][c]) for t in about_events])
        for c in ("event_id", "source_id")
    }
    source_ids, rank = _ranked(reported["source_id"])
    return _lists_at(_positions(reported["event_id"], first), rank, source_ids, size)


def _figure_columns(
    events: pa_arrow.Array, outcomes: np.ndarray, bounds: dict, ids: pa_arrow.Array
) -> dict[str, object]:
    """``{outcome}_{bound}`` for each event of ``ids``, from :func:`_figures_in_arrays`.

    As ``figures_by_outcome(...).unstack("outcome").reindex(ids)`` gives them (empty
    where an event has no figure of the outcome), each event looked up in Arrow.
    """
    import pyarrow.compute as pc

    columns: dict[str, object] = {}
    for outcome in model.OUTCOMES:
        rows = np.flatnonzero(outcomes == outcome)
        known = events.take(pa_arrow.array(rows, pa_arrow.int64()))
        at = pc.index_in(ids, value_set=known).fill_null(-1).to_numpy(zero_copy_only=False)
        for bound in BOUNDS:
            if not len(rows):  # no figure of this outcome: empty throughout
                columns[f"{outcome}_{bound}"] = pd.arrays.IntegerArray(
                    np.zeros(len(ids), dtype=np.int64), np.ones(len(ids), dtype=bool)
                )
            else:
                values = bounds[bound][rows]
                columns[f"{outcome}_{bound}"] = values.take(at, allow_fill=True)
    return columns


def _order(dates: pd.Series, ids: pd.Series) -> np.ndarray:
    """The positions that sort rows by ``dates``, then ``ids`` (stable; empty values last).

    As ``sort_values(["date_start", "event_id"])`` of the two columns orders them, by
    Arrow's stable sort (strings by code point, as Python compares them).

    >>> dates = pd.Series(pd.to_datetime(["2020-01-02", "2020-01-01", "2020-01-02"]))
    >>> _order(dates, pd.Series(["b", "c", "a"], dtype="string")).tolist()
    [1, 2, 0]
    """
    import pyarrow.compute as pc

    days = pa_arrow.array(np.asarray(dates.to_numpy()), from_pandas=True)  # NaT: null
    keys = pa_arrow.table({"date": days, "id": _text(ids)})
    sort = [("date", "ascending"), ("id", "ascending")]
    return pc.sort_indices(keys, sort_keys=sort).to_numpy()  # nulls at the end


def _in_order(events: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``events`` that ``event_summary`` takes, its rows in the table's order.

    By ``date_start``, then ``event_id`` (``sort_values``, stable: rows alike keep their
    order). Every column of the table is a function of its event's row and of the event
    id, so deriving it from the ordered rows gives the rows the table sorted would have.
    """
    order = _order(events["date_start"], events["event_id"])
    used = ["event_id", "event_type", *DATE_COLUMNS, "location_id", "description"]
    return events[used].take(order).reset_index(drop=True)
