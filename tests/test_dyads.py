"""event_dyads: recomputed by a plain loop over event_actors, and published."""

from __future__ import annotations

import json

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data import model
from mali_conflict_data.build import codebook
from mali_conflict_data.dyads import derive_dyads


def reference(event_actors: pd.DataFrame, actors: pd.DataFrame) -> set[tuple]:
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    rows = [r for r in event_actors.astype(str).to_dict("records")]
    found = set()
    for event in {r["event_id"] for r in rows}:
        here = [r for r in rows if r["event_id"] == event]
        for a in here:
            for b in here:
                if (
                    a["role"] == "initiator"
                    and b["role"] == "target"
                    and a["actor_id"] != b["actor_id"]
                ):
                    found.add(
                        (
                            event,
                            a["actor_id"],
                            b["actor_id"],
                            "initiator_target",
                            names[a["actor_id"]],
                            names[b["actor_id"]],
                            tuple(sorted({a["source_id"], b["source_id"]})),
                        )
                    )
        parties = [r for r in here if r["role"] == "party"]
        if len(parties) == 2:
            a, b = sorted(parties, key=lambda r: r["actor_id"])
            found.add(
                (
                    event,
                    a["actor_id"],
                    b["actor_id"],
                    "parties",
                    names[a["actor_id"]],
                    names[b["actor_id"]],
                    tuple(sorted({a["source_id"], b["source_id"]})),
                )
            )
    return found


def _rows(dyads: pd.DataFrame) -> set[tuple]:
    return {
        (
            r.event_id,
            r.side_a_actor_id,
            r.side_b_actor_id,
            r.pairing,
            r.side_a,
            r.side_b,
            tuple(r.source_ids),
        )
        for r in dyads.itertuples()
    }


def test_published_dyads_are_the_plain_loop_recomputation():
    frames = mcd.load_all()
    expected = reference(frames["event_actors"], frames["actors"])
    assert _rows(frames["event_dyads"]) == expected
    assert _rows(derive_dyads(frames)) == expected
    assert len(frames["event_dyads"]) == len(expected)  # no row twice


def test_three_parties_make_no_pair_and_two_make_one():
    frames = mcd.load_all()
    gao = frames["event_actors"][frames["event_actors"]["event_id"] == "ev-2012-06-battle-of-gao"]
    extra = gao.iloc[:1].assign(actor_id="fama")
    three = {**frames, "event_actors": pd.concat([frames["event_actors"], extra])}
    dyads = derive_dyads(three)
    assert "ev-2012-06-battle-of-gao" not in set(dyads["event_id"])
    assert "ev-2012-06-battle-of-gao" in set(derive_dyads(frames)["event_id"])


def test_dyads_are_published_with_the_other_tables():
    descriptor = json.loads((mcd.data_dir() / "datapackage.json").read_text())
    assert "event_dyads" in [r["name"] for r in descriptor["resources"]]
    assert "## `event_dyads`" in codebook()


_ROLES = list(model.PUBLISHED["event_actors"].columns["role"].vocabulary)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["e1", "e2", "e3"]),
            st.sampled_from(["a", "b", "c", "d"]),
            st.sampled_from(_ROLES),
            st.sampled_from(["s1", "s2"]),
        ),
        unique_by=lambda r: r[:3],  # one row per event, actor and role, as in the data
        max_size=14,
    )
)
def test_derived_dyads_are_the_plain_loop_on_any_event_actors(listed):
    actors = pd.DataFrame({"actor_id": list("abcd"), "name": ["A", "B", "C", "D"]})
    event_actors = pd.DataFrame(
        listed, columns=["event_id", "actor_id", "role", "source_id"], dtype="string"
    )
    dyads = derive_dyads({"actors": actors, "event_actors": event_actors})
    expected = reference(event_actors, actors)
    assert _rows(dyads) == expected
    assert len(dyads) == len(expected)
    keys = dyads[["event_id", "side_a_actor_id", "side_b_actor_id"]].values.tolist()
    assert keys == sorted(keys)
    assert list(dyads.columns) == list(model.PUBLISHED["event_dyads"].columns)
