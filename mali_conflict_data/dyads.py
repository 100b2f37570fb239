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
    actors, event_actors = frames["actors"], frames["event_actors"]
    names = pd.Series(actors["name"].astype(str).to_numpy(), index=actors["actor_id"].astype(str))
    (initiator, target), side = model.OPPOSING_ROLES, model.SIDE_ROLE
    listed = pd.DataFrame(
        {c: event_actors[c].astype(str).to_numpy(object) for c in ("event_id", "role")}
        | {
            "actor": event_actors["actor_id"].astype(str).to_numpy(object),
            "source": event_actors["source_id"].astype(str).to_numpy(object),
        }
    )
    # every initiator of an event against every other actor that is a target of it
    opposed = listed[listed["role"] == initiator].merge(
        listed[listed["role"] == target], on="event_id", suffixes=("_a", "_b")
    )
    opposed = opposed[opposed["actor_a"] != opposed["actor_b"]].assign(
        role_a=initiator, role_b=target, pairing=f"{initiator}_{target}", kind=0
    )
    # the two parties of an event with exactly two party rows, the first by (actor, source)
    parties = listed[listed["role"] == side]
    parties = parties[parties.groupby("event_id")["event_id"].transform("size") == 2]
    parties = parties.sort_values(["event_id", "actor", "source"], kind="stable")
    first, second = parties.iloc[0::2], parties.iloc[1::2]
    paired = pd.DataFrame(
        {
            "event_id": first["event_id"].to_numpy(object),
            "actor_a": first["actor"].to_numpy(object),
            "source_a": first["source"].to_numpy(object),
            "actor_b": second["actor"].to_numpy(object),
            "source_b": second["source"].to_numpy(object),
        }
    ).assign(role_a=side, role_b=side, pairing=model.ROLE_COLUMNS[side], kind=1)
    keys = ["event_id", "actor_a", "actor_b", "kind", "source_a", "source_b"]
    pairs = pd.concat([opposed[[*keys, "role_a", "role_b", "pairing"]], paired], ignore_index=True)
    pairs = pairs.sort_values(keys, kind="stable", ignore_index=True)
    sources = _source_lists(pairs["source_a"].to_numpy(object), pairs["source_b"].to_numpy(object))
    table = pd.DataFrame(
        {
            "event_id": pairs["event_id"],
            "side_a_actor_id": pairs["actor_a"],
            "side_a": names.reindex(pairs["actor_a"]).to_numpy(object),
            "side_a_role": pairs["role_a"],
            "side_b_actor_id": pairs["actor_b"],
            "side_b": names.reindex(pairs["actor_b"]).to_numpy(object),
            "side_b_role": pairs["role_b"],
            "pairing": pairs["pairing"],
            "source_ids": pd.Series(pd.arrays.ArrowExtensionArray(sources), index=pairs.index),
        }
    )
    declared = model.PUBLISHED["event_dyads"]
    return _types.conform(table[list(declared.columns)], declared)


def _source_lists(a: np.ndarray, b: np.ndarray) -> pa.ListArray:
    """Per row ``[a]`` when ``a == b``, else ``sorted((a, b))``: as one Arrow list array.

    >>> _source_lists(np.array(["s2", "s1"], object), np.array(["s1", "s1"], object)).to_pylist()
    [['s1', 's2'], ['s1']]
    """
    same = a == b
    pairs = np.column_stack([np.where(a <= b, a, b), np.where(a <= b, b, a)]).ravel()
    kept = np.column_stack([np.ones(len(a), bool), ~same]).ravel()
    offsets = np.zeros(len(a) + 1, dtype=np.int32)
    np.cumsum(np.where(same, 1, 2), out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(pairs[kept], pa.string()))
