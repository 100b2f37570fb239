"""The derived view ``event_dyads``: one row per event and pair of opposing sides.

UCDP's data are organised by dyad (side A against side B); ``event_actors``
lists who took part in what role. This view pairs them, from ``event_actors``
only, as the articles state the roles:

- every ``initiator`` of an event against every ``target`` of it
  (``pairing`` = ``initiator_target``; side A the initiator);
- the two ``party`` actors of an event against each other when it has exactly
  two (``pairing`` = ``parties``; side A the first by ``actor_id``). With three
  or more parties the articles do not say who was on which side, so no pair is
  made (rather than guessing).

Supporters and subjects are not sides (UCDP counts supporters apart, and a
subject is the person appointed, detained or released). An event with no
opposing sides has no row. Declared in :mod:`mali_conflict_data.model`
(``EVENT_DYADS``), derived here at build time (pandas only).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from mali_conflict_data import _types, model


def derive_dyads(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``event_dyads`` table from the coded tables (typed frames by table name).

    >>> import mali_conflict_data as mcd
    >>> dyads = derive_dyads(mcd.load_all())
    >>> gao = dyads[dyads["event_id"] == "ev-2012-06-battle-of-gao"]
    >>> gao[["side_a_actor_id", "side_b_actor_id", "pairing"]].values.tolist()
    [['islamist-militants-north', 'mnla', 'parties']]
    """
    table = derive_dyads_arrow(frames)
    table["source_ids"] = pd.Series(table["source_ids"].tolist(), index=table.index, dtype=object)
    return table


def derive_dyads_arrow(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """:func:`derive_dyads` with ``source_ids`` as an Arrow list column, as the build writes it.

    >>> import mali_conflict_data as mcd
    >>> str(derive_dyads_arrow(mcd.load_all())["source_ids"].dtype)
    'list<item: string>[pyarrow]'
    """
    import pyarrow.compute as pc

    actors, event_actors = frames["actors"], frames["event_actors"]
    (initiator, target), side = model.OPPOSING_ROLES, model.SIDE_ROLE
    columns = {"event_id": "event_id", "role": "role", "actor": "actor_id", "source": "source_id"}
    listed = pa.table({k: _strings(event_actors[c]) for k, c in columns.items()})
    sides = ["event_id", "actor", "source"]

    def in_role(role: str, suffix: str) -> pa.Table:
        rows = listed.filter(pc.equal(listed["role"], role)).select(sides)
        return rows.rename_columns(["event_id", f"actor_{suffix}", f"source_{suffix}"])

    # every initiator of an event against every other actor that is a target of it
    opposed = _joined(in_role(initiator, "a"), in_role(target, "b"))
    opposed = opposed.filter(pc.not_equal(opposed["actor_a"], opposed["actor_b"]))
    # the two parties of an event with exactly two party rows, the first by (actor, source)
    parties = listed.filter(pc.equal(listed["role"], side)).select(sides)
    events = pc.dictionary_encode(parties["event_id"]).combine_chunks().indices.to_numpy()
    twice = np.bincount(events)[events] == 2 if len(events) else np.zeros(0, bool)
    parties = parties.filter(pa.array(twice, pa.bool_()))
    ordered = pc.sort_indices(parties, sort_keys=[(c, "ascending") for c in sides]).to_numpy()
    first, second = parties.take(ordered[0::2]), parties.take(ordered[1::2])
    paired = pa.table(
        {
            "event_id": first["event_id"],
            "actor_a": first["actor"],
            "source_a": first["source"],
            "actor_b": second["actor"],
            "source_b": second["source"],
        }
    )
    keys = ["event_id", "actor_a", "actor_b", "kind", "source_a", "source_b"]
    pairs = pa.concat_tables(
        [
            table.append_column("kind", pa.array(np.full(len(table), kind, np.int8)))
            .select(keys)
            .combine_chunks()
            for kind, table in enumerate((opposed, paired))
        ]
    )
    pairs = pairs.take(pc.sort_indices(pairs, sort_keys=[(k, "ascending") for k in keys]))
    kind = pairs["kind"].to_numpy()
    names = pa.array(actors["name"].astype(str).array).cast(pa.string())
    known = _strings(actors["actor_id"])
    declared = model.PUBLISHED["event_dyads"]

    def named(actor: pa.ChunkedArray) -> pd.arrays.ArrowStringArray:
        return _text(pc.take(names, pc.index_in(actor, value_set=known)))

    def roles(column: str, of_kind: tuple[str, str]) -> pd.Categorical:
        vocabulary = list(declared.columns[column].vocabulary or ())
        codes = np.array([vocabulary.index(v) if v in vocabulary else -1 for v in of_kind])
        return pd.Categorical.from_codes(codes[kind], categories=vocabulary)

    table = pd.DataFrame(
        {
            "event_id": _text(pairs["event_id"]),
            "side_a_actor_id": _text(pairs["actor_a"]),
            "side_a": named(pairs["actor_a"]),
            "side_a_role": roles("side_a_role", (initiator, side)),
            "side_b_actor_id": _text(pairs["actor_b"]),
            "side_b": named(pairs["actor_b"]),
            "side_b_role": roles("side_b_role", (target, side)),
            "pairing": roles("pairing", (f"{initiator}_{target}", model.ROLE_COLUMNS[side])),
            "source_ids": pd.arrays.ArrowExtensionArray(
                _source_lists(pairs["source_a"], pairs["source_b"])
            ),
        }
    )
    return _types.conform(table[list(declared.columns)], declared)


def _joined(left: pa.Table, right: pa.Table) -> pa.Table:
    """The inner join of two tables on ``event_id`` (an empty id matches nothing), in NumPy.

    Every pair of a ``left`` row and a ``right`` row of one event: the rows of
    ``left.join(right, "event_id", join_type="inner")``, found by one sort of the right
    rows' events and a binary search per left row (no hash join, no threads).
    """
    import pyarrow.compute as pc

    events = pa.chunked_array(
        [*left["event_id"].chunks, *right["event_id"].chunks], left.schema.field("event_id").type
    )
    codes = pc.dictionary_encode(events.combine_chunks()).indices
    codes = codes.to_numpy(zero_copy_only=False).astype(np.float64)  # an empty id: NaN
    on_left, on_right = codes[: len(left)], codes[len(left) :]
    on_left = np.where(np.isnan(on_left), -1, on_left).astype(np.int64)
    on_right = np.where(np.isnan(on_right), -2, on_right).astype(np.int64)
    order = np.argsort(on_right, kind="stable")
    ordered = on_right[order]
    first = np.searchsorted(ordered, on_left, "left")
    count = np.searchsorted(ordered, on_left, "right") - first
    rows = np.repeat(np.arange(len(left)), count)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    matches = order[np.repeat(first, count) + within]
    taken = left.take(pa.array(rows, pa.int64()))
    other = right.drop_columns(["event_id"]).take(pa.array(matches, pa.int64()))
    return pa.table(
        {
            **{name: taken[name] for name in taken.column_names},
            **{name: other[name] for name in other.column_names},
        }
    )


def _strings(series: pd.Series) -> pa.Array:
    """A column as Arrow strings, as ``astype(str)`` reads it (a missing value stays missing)."""
    text_categories = isinstance(series.dtype, pd.CategoricalDtype) and all(
        isinstance(c, str) for c in series.dtype.categories
    )
    # a vocabulary column: its codes decoded in Arrow (as astype(str) reads its text)
    values = pa.array((series if text_categories else series.astype(str)).array)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string())


def _text(values) -> pd.arrays.ArrowStringArray:
    """Arrow strings as a pandas ``string`` array (no Python string per row)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return pd.arrays.ArrowStringArray(values.cast(pa.large_string()))


def _source_lists(a: np.ndarray, b: np.ndarray) -> pa.ListArray:
    """Per row ``[a]`` when ``a == b``, else ``sorted((a, b))``: as one Arrow list array.

    >>> _source_lists(np.array(["s2", "s1"], object), np.array(["s1", "s1"], object)).to_pylist()
    [['s1', 's2'], ['s1']]
    """
    import pyarrow.compute as pc

    a, b = (
        _strings(pd.Series(x, dtype=object)) if isinstance(x, np.ndarray) else x for x in (a, b)
    )
    same = pc.equal(a, b).to_numpy(zero_copy_only=False)
    low = pc.less_equal(a, b)
    values = pa.concat_arrays(
        [
            c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c
            for c in (pc.if_else(low, a, b), pc.if_else(low, b, a))
        ]
    )
    size = len(same)
    taken = np.column_stack([np.arange(size), size + np.arange(size)]).ravel()
    kept = np.column_stack([np.ones(size, bool), ~same]).ravel()
    offsets = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.where(same, 1, 2), out=offsets[1:])
    items = values.take(pa.array(taken[kept], pa.int64())).cast(pa.string())
    return pa.ListArray.from_arrays(pa.array(offsets), items)
