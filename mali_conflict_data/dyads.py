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
from itertools import combinations

import pandas as pd

from mali_conflict_data import _types, model


def derive_dyads(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``event_dyads`` table from the coded tables (typed frames by table name).

    >>> import mali_conflict_data as mcd
    >>> dyads = derive_dyads(mcd.load_all())
    >>> gao = dyads[dyads["event_id"] == "ev-2012-06-battle-of-gao"]
    >>> gao[["side_a_actor_id", "side_b_actor_id", "pairing"]].values.tolist()
    [['islamist-militants-north', 'mnla', 'parties']]
    """
    actors, event_actors = frames["actors"], frames["event_actors"]
    names = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=True))
    (initiator, target), side = model.OPPOSING_ROLES, model.SIDE_ROLE
    rows = []
    listed = event_actors.astype({"event_id": str, "actor_id": str, "role": str, "source_id": str})
    for event_id, group in listed.groupby("event_id", sort=True):
        by_role = {
            role: sorted(zip(part["actor_id"], part["source_id"], strict=True))
            for role, part in group.groupby("role")
        }
        pairs = [
            (a, initiator, b, target, f"{initiator}_{target}")
            for a in by_role.get(initiator, [])
            for b in by_role.get(target, [])
            if a[0] != b[0]
        ]
        parties = by_role.get(side, [])
        if len(parties) == 2:
            pairs += [
                (a, side, b, side, model.ROLE_COLUMNS[side]) for a, b in combinations(parties, 2)
            ]
        for (a, a_source), a_role, (b, b_source), b_role, pairing in pairs:
            rows.append(
                {
                    "event_id": event_id,
                    "side_a_actor_id": a,
                    "side_a": names[a],
                    "side_a_role": a_role,
                    "side_b_actor_id": b,
                    "side_b": names[b],
                    "side_b_role": b_role,
                    "pairing": pairing,
                    "source_ids": sorted({a_source, b_source}),
                }
            )
    declared = model.PUBLISHED["event_dyads"]
    table = _types.conform(pd.DataFrame(rows, columns=list(declared.columns)), declared)
    return table.sort_values(["event_id", "side_a_actor_id", "side_b_actor_id"], ignore_index=True)
