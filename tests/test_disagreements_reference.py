"""disagreements() against a plain reference: nested loops over rows, one per written kind.

The reference follows the definitions of docs/coding-guide.md, section 5 (and
the docstring of ``disagreements()``) with nothing but loops over rows and
comparisons: no grouping, no joins. Hypothesis generates small consistent
tables from the model's vocabularies (ids that refer to rows that exist, figures
whose bounds fit their qualifier, parts that name a whole of the same event,
outcome and article) and the two must list the same pairs, with the same kind,
nature and same_article.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import pandas as pd
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from test_disagreements import frame

from mali_conflict_data import model
from mali_conflict_data._text import fold_name
from mali_conflict_data.disagreements import NATURES, disagreements

SOURCES = ["src-1", "src-2", "src-3"]
ACTORS = ["act-1", "act-2", "act-3"]
LOCATIONS = ["loc-1", "loc-2"]
DAYS = [f"2020-01-{d:02d}" for d in range(1, 11)]

# --- the reference ---------------------------------------------------------------


def empty(value) -> bool:
    return value is None or (not isinstance(value, (list, str)) and pd.isna(value))


def lowest(row) -> int:
    """The smallest number a figure allows: low, else best, else 0 (a Python int: exact)."""
    for bound in ("low", "best"):
        if not empty(row[bound]):
            return int(row[bound])
    return 0


def highest(row) -> int | float:
    """The largest number a figure allows: high, else best, else unbounded (infinity)."""
    for bound in ("high", "best"):
        if not empty(row[bound]):
            return int(row[bound])
    return math.inf


def cannot_both_hold(a, b) -> bool:
    return lowest(a) > highest(b) or lowest(b) > highest(a)


def day(value):
    return None if empty(value) else pd.Timestamp(value)


def overlap(a_start, a_end, b_start, b_end) -> bool:
    if None in (a_start, a_end, b_start, b_end):
        return False
    return a_start <= b_end and b_start <= a_end


def rows(table: pd.DataFrame) -> list[dict]:
    return [{k: (None if empty(v) else v) for k, v in r.items()} for r in table.to_dict("records")]


def whole_of(table: list[dict], id_column: str, part_column: str, row: dict) -> set:
    """Every figure ``row`` is part of, following part_of links one by one."""
    by_id = {r[id_column]: r for r in table}
    found, current = set(), row[part_column]
    while current is not None and current not in found:
        found.add(current)
        current = by_id[current][part_column] if current in by_id else None
    return found


def linked(table, id_column, part_column, a, b) -> bool:
    return a[id_column] in whole_of(table, id_column, part_column, b) or b[id_column] in whole_of(
        table, id_column, part_column, a
    )


def victims(row) -> tuple:
    group = None if row["victim_group"] == "unspecified" else row["victim_group"]
    return (group, row["victim_detail"])


def includes(general: tuple, specific: tuple) -> bool:
    return all(g is None or g == s for g, s in zip(general, specific, strict=True))


def claim(table: str, claim_id, source) -> tuple:
    return (table, str(claim_id), str(source))


def role_claim(row) -> tuple:
    """An event_actors row as a claim: its id is its key, event@actor@role."""
    return claim(
        "event_actors", f"{row['event_id']}@{row['actor_id']}@{row['role']}", row["source_id"]
    )


def reference(frames: dict[str, pd.DataFrame]) -> list[tuple]:
    """(kind, claim A, claim B) for every pair the definitions list."""
    found = []
    casualties = rows(frames["casualties"])
    deployments = rows(frames["deployments"])
    events = rows(frames["events"])
    reports = rows(frames["event_reports"])
    roles = rows(frames["event_actors"])

    # casualty_figures: one event and outcome, the same victims (or a subset), ranges
    # that cannot both hold; a part is never compared with its whole
    for a, b in combinations(casualties, 2):
        if a["event_id"] != b["event_id"] or a["outcome"] != b["outcome"]:
            continue
        if linked(casualties, "casualty_id", "part_of_casualty_id", a, b):
            continue
        va, vb = victims(a), victims(b)
        if includes(va, vb) and includes(vb, va):
            listed = cannot_both_hold(a, b)
        else:
            listed = (includes(va, vb) and lowest(b) > highest(a)) or (
                includes(vb, va) and lowest(a) > highest(b)
            )
        if listed:
            found.append(
                (
                    "casualty_figures",
                    claim("casualties", a["casualty_id"], a["source_id"]),
                    claim("casualties", b["casualty_id"], b["source_id"]),
                )
            )

    # deployment_figures: one force, status and area, overlapping periods; one kind
    # with ranges apart, or a kind larger than all the personnel
    for a, b in combinations(deployments, 2):
        if any(a[k] != b[k] for k in ("force_actor_id", "status", "area_location_id")):
            continue
        if linked(deployments, "deployment_id", "part_of_deployment_id", a, b):
            continue
        if not overlap(
            day(a["date_start"]), day(a["date_end"]), day(b["date_start"]), day(b["date_end"])
        ):
            continue
        if a["personnel_kind"] == b["personnel_kind"]:
            listed = cannot_both_hold(a, b)
        elif a["personnel_kind"] == model.EVERY_PERSONNEL_KIND:
            listed = lowest(b) > highest(a)
        elif b["personnel_kind"] == model.EVERY_PERSONNEL_KIND:
            listed = lowest(a) > highest(b)
        else:
            listed = False
        if listed:
            found.append(
                (
                    "deployment_figures",
                    claim("deployments", a["deployment_id"], a["source_id"]),
                    claim("deployments", b["deployment_id"], b["source_id"]),
                )
            )

    # force_losses: per strength figure and article, the members of the force lost
    # (killed, captured, detained; militants or soldiers; not a part) in events where
    # the force is a target or a party, at the figure's place, from its first day on
    for force in deployments:
        for source in sorted({c["source_id"] for c in casualties}):
            members = []
            for loss in casualties:
                if loss["source_id"] != source or loss["part_of_casualty_id"] is not None:
                    continue
                if loss["outcome"] not in model.LOSS_OUTCOMES:
                    continue
                if loss["victim_group"] not in model.MEMBER_GROUPS:
                    continue
                event = next(e for e in events if e["event_id"] == loss["event_id"])
                if event["location_id"] != force["area_location_id"]:
                    continue
                if day(event["date_start"]) < day(force["date_start"]):
                    continue
                exposed = any(
                    r["event_id"] == loss["event_id"]
                    and r["actor_id"] == force["force_actor_id"]
                    and r["role"] in model.EXPOSED_ROLES
                    for r in roles
                )
                if exposed:
                    members.append(loss)
            if members and sum(lowest(m) for m in members) > highest(force):
                members.sort(key=lambda m: m["casualty_id"])
                largest = members[0]
                for m in members:
                    if lowest(m) > lowest(largest):
                        largest = m
                found.append(
                    (
                        "force_losses",
                        claim("deployments", force["deployment_id"], force["source_id"]),
                        claim("casualties", largest["casualty_id"], largest["source_id"]),
                    )
                )

    # actor_relations: the same relation in opposite directions, or one actor split
    # from (a rebrand of) two different actors
    relations = rows(frames["actor_relations"])
    for a, b in combinations(relations, 2):
        if a["relation"] != b["relation"]:
            continue
        reversed_ = (a["actor_id"], a["related_actor_id"]) == (b["related_actor_id"], b["actor_id"])
        two_origins = (
            a["actor_id"] == b["actor_id"] and a["related_actor_id"] != b["related_actor_id"]
        )
        if (a["relation"] in model.DIRECTED_RELATIONS and reversed_) or (
            a["relation"] in model.ORIGIN_RELATIONS and two_origins
        ):
            found.append(
                (
                    "actor_relations",
                    claim("actor_relations", a["actor_id"], a["source_id"]),
                    claim("actor_relations", b["actor_id"], b["source_id"]),
                )
            )

    # event_roles: one actor, one event, roles that clash
    for a, b in combinations(roles, 2):
        if a["event_id"] != b["event_id"] or a["actor_id"] != b["actor_id"]:
            continue
        if {a["role"], b["role"]} in [set(pair) for pair in model.CLASHING_ROLES]:
            found.append(
                (
                    "event_roles",
                    claim(
                        "event_actors",
                        f"{a['event_id']}@{a['actor_id']}@{a['role']}",
                        a["source_id"],
                    ),
                    claim(
                        "event_actors",
                        f"{b['event_id']}@{b['actor_id']}@{b['role']}",
                        b["source_id"],
                    ),
                )
            )

    # event_dates: two articles' datings of one event (its own, and each further
    # article's own) that do not overlap; only events some further article dates
    for event in events:
        dated = [r for r in reports if r["event_id"] == event["event_id"] and r["date_start"]]
        if not dated:
            continue
        claims = [(claim("events", event["event_id"], event["source_id"]), event)]
        claims += [
            (claim("event_reports", f"{r['event_id']}@{r['source_id']}", r["source_id"]), r)
            for r in dated
        ]
        for (ca, a), (cb, b) in combinations(claims, 2):
            if a["source_id"] == b["source_id"]:
                continue
            if not overlap(
                day(a["date_start"]), day(a["date_end"]), day(b["date_start"]), day(b["date_end"])
            ):
                found.append(("event_dates", ca, cb))

    # actor_names: each pair of different renderings (translations; case, accents
    # and spacing aside) of one actor's name, shown by one article's rows if one
    # article uses both, else by the first row of each
    names = sorted(rows(frames["actor_names"]), key=lambda r: r["name_id"])
    for actor in sorted({r["actor_id"] for r in names}):
        renderings: dict[str, list[dict]] = {}
        for r in names:
            if r["actor_id"] == actor and r["kind"] == "translation":
                renderings.setdefault(fold_name(r["name"]), []).append(r)
        for first, second in combinations(list(renderings.values()), 2):
            shared = sorted({r["source_id"] for r in first} & {r["source_id"] for r in second})
            if shared:
                first = [r for r in first if r["source_id"] == shared[0]]
                second = [r for r in second if r["source_id"] == shared[0]]
            found.append(
                (
                    "actor_names",
                    claim("actor_names", first[0]["name_id"], first[0]["source_id"]),
                    claim("actor_names", second[0]["name_id"], second[0]["source_id"]),
                )
            )

    # sanction_terms: one article's measure of a sender imposed (no lifting) and one
    # lifted (no imposition), in terms that differ but may be one measure
    sanctions = rows(frames["sanctions"])
    for a in sanctions:
        for b in sanctions:
            if not (a["imposed_date"] and not a["lifted_date"]):
                continue
            if not (b["lifted_date"] and not b["imposed_date"]):
                continue
            if a["sender_actor_id"] != b["sender_actor_id"]:
                continue
            if a["source_id"] != b["lifted_source_id"]:
                continue
            terms_a = (a["measure"], a["target_actor_id"])
            terms_b = (b["measure"], b["target_actor_id"])
            may_be_one = all(
                x == y or x is None or y is None or "unspecified" in (x, y)
                for x, y in zip(terms_a, terms_b, strict=True)
            )
            if terms_a != terms_b and may_be_one:
                found.append(
                    (
                        "sanction_terms",
                        claim("sanctions", a["sanction_id"], a["source_id"]),
                        claim("sanctions", b["sanction_id"], b["lifted_source_id"]),
                    )
                )
    return found


def listing(pairs: list[tuple]) -> Counter:
    """Pairs as (kind, nature, same_article, the two claims in either order), counted."""
    return Counter((kind, NATURES[kind], a[2] == b[2], frozenset([a, b])) for kind, a, b in pairs)


def listed(table: pd.DataFrame) -> Counter:
    found = Counter()
    for _, r in table.iterrows():
        a = claim(r["a_table"], r["a_id"], r["a_source_id"])
        b = claim(r["b_table"], r["b_id"], r["b_source_id"])
        found[(r["kind"], r["nature"], bool(r["same_article"]), frozenset([a, b]))] += 1
    return found


# --- small consistent tables -------------------------------------------------------


def _pick(draw, values, k: int = 2) -> list:
    """A few values of a vocabulary, so that rows share them often enough to pair."""
    return draw(st.lists(st.sampled_from(values), min_size=1, max_size=k, unique=True))


def _interval(draw) -> tuple[str, str]:
    start = draw(st.integers(0, len(DAYS) - 1))
    end = draw(st.integers(start, len(DAYS) - 1))
    return DAYS[start], DAYS[end]


# figures near 0, and near where floats stop being exact (2**53: 2**53 + 1 is not a
# float; at 2**62 floats are 1,024 apart) or where the losses of a force add up past
# the int64 limit: a comparison made in floats lists the wrong pairs there
BASES = [0, 2**53 - 8, 2**62, 2**63 - 64]


def _bounds(draw) -> dict:
    n = draw(st.sampled_from(BASES)) + draw(st.integers(0, 30))
    m = n + draw(st.integers(0, 10))
    shape = draw(
        st.sampled_from(
            ["exact", "at_least", "more_than", "at_most", "range", "approximately", "unknown"]
        )
    )
    low, best, high = {
        "exact": (n, n, n),
        "at_least": (n, None, None),
        "more_than": (n + 1, None, None),
        "at_most": (None, None, n),
        "range": (n, None, m),
        "approximately": (None, n, None),
        "unknown": (None, None, None),
    }[shape]
    return {"low": low, "best": best, "high": high, "qualifier": shape, "count_text": f"{n}"}


@st.composite
def tables(draw) -> dict[str, pd.DataFrame]:
    events, reporting = [], {}
    for i in range(draw(st.integers(1, 3))):
        start, end = _interval(draw)
        event = {
            "event_id": f"ev-{i}",
            "event_type": "attack",
            "date_start": start,
            "date_end": end,
            "date_precision": "range",
            "location_id": draw(st.sampled_from(LOCATIONS)),
            "source_id": draw(st.sampled_from(SOURCES)),
            "quote": f"event {i}",
        }
        events.append(event)
        reporting[event["event_id"]] = [event["source_id"]]
    reports = []
    for event in events:
        for source in SOURCES:
            if source == event["source_id"] or not draw(st.booleans()):
                continue
            start, end = _interval(draw) if draw(st.booleans()) else (None, None)
            reports.append(
                {
                    "event_id": event["event_id"],
                    "source_id": source,
                    "quote": f"report {event['event_id']} {source}",
                    "date_start": start,
                    "date_end": end,
                    "date_precision": "range" if start else None,
                }
            )
            reporting[event["event_id"]].append(source)
    event_ids = [e["event_id"] for e in events]

    roles = []
    for event in events:
        for actor in ACTORS:
            for role in _pick(draw, model.EVENT_ROLES, 3) if draw(st.booleans()) else []:
                roles.append(
                    {
                        "event_id": event["event_id"],
                        "actor_id": actor,
                        "role": role,
                        "source_id": draw(st.sampled_from(reporting[event["event_id"]])),
                        "quote": f"role {role}",
                    }
                )

    outcomes = _pick(draw, model.OUTCOMES) + draw(
        st.sampled_from([[o] for o in model.LOSS_OUTCOMES])
    )
    groups = [
        draw(st.sampled_from(model.VICTIM_GROUPS)),
        "unspecified",
        draw(st.sampled_from(model.MEMBER_GROUPS)),
    ]
    casualties = []
    for i in range(draw(st.integers(0, 6))):
        event_id = draw(st.sampled_from(event_ids))
        row = {
            "casualty_id": f"cas-{i:04d}",
            "event_id": event_id,
            "outcome": draw(st.sampled_from(outcomes)),
            "victim_group": draw(st.sampled_from(groups)),
            "victim_detail": draw(st.sampled_from([None, None, "detail"])),
            "source_id": draw(st.sampled_from(reporting[event_id])),
            "quote": f"figure {i}",
            **_bounds(draw),
        }
        wholes = [
            c["casualty_id"]
            for c in casualties
            if all(c[k] == row[k] for k in ("event_id", "outcome", "source_id"))
        ]
        row["part_of_casualty_id"] = draw(st.sampled_from([None, *wholes]))
        casualties.append(row)

    kinds = _pick(draw, model.PERSONNEL_KINDS) + [model.EVERY_PERSONNEL_KIND]
    statuses = _pick(draw, model.DEPLOYMENT_STATUSES, 1)
    deployments = []
    for i in range(draw(st.integers(0, 6))):
        start, end = _interval(draw)
        row = {
            "deployment_id": f"dep-{i:04d}",
            "force_actor_id": draw(st.sampled_from(ACTORS[:2])),
            "personnel_kind": draw(st.sampled_from(kinds)),
            "status": draw(st.sampled_from(statuses)),
            "area_location_id": draw(st.sampled_from(LOCATIONS)),
            "date_start": start,
            "date_end": end,
            "date_precision": "range",
            "source_id": draw(st.sampled_from(SOURCES)),
            "quote": f"deployment {i}",
            **_bounds(draw),
        }
        wholes = [
            d["deployment_id"]
            for d in deployments
            if all(d[k] == row[k] for k in ("force_actor_id", "status", "source_id"))
        ]
        row["part_of_deployment_id"] = draw(st.sampled_from([None, *wholes]))
        deployments.append(row)

    relations, seen = [], set()
    for _ in range(draw(st.integers(0, 5))):
        actor, related = draw(
            st.lists(st.sampled_from(ACTORS), min_size=2, max_size=2, unique=True)
        )
        row = {
            "actor_id": actor,
            "relation": draw(st.sampled_from(model.STATED_RELATIONS)),
            "related_actor_id": related,
            "source_id": draw(st.sampled_from(SOURCES)),
            "quote": "relation",
        }
        key = tuple(row[k] for k in model.TABLES["actor_relations"].primary_key)
        if key not in seen:
            seen.add(key)
            relations.append(row)

    names = [
        {
            "name_id": f"name-{i:04d}",
            "actor_id": draw(st.sampled_from(ACTORS)),
            "name": draw(st.sampled_from(["Front", "front", "Frönt ", "Le Front", "Fronte"])),
            "kind": draw(st.sampled_from(["translation", "translation", "name", "acronym"])),
            "source_id": draw(st.sampled_from(SOURCES)),
            "quote": "name",
        }
        for i in range(draw(st.integers(0, 6)))
    ]

    measures = _pick(draw, model.MEASURES) + ["unspecified"]
    sanctions = []
    for i in range(draw(st.integers(0, 4))):
        told = draw(st.sampled_from(["imposed", "lifted", "both"]))
        imposed = draw(st.sampled_from(DAYS[:3])) if told != "lifted" else None
        lifted = draw(st.sampled_from(DAYS[5:8])) if told != "imposed" else None
        source = draw(st.sampled_from(SOURCES))
        # a lifting is mostly reported by the article that reports the measure
        lifted_source = draw(st.sampled_from([source, source, *SOURCES])) if lifted else None
        sanctions.append(
            {
                "sanction_id": f"san-{i:04d}",
                "sender_actor_id": draw(st.sampled_from(ACTORS[:2])),
                "target_actor_id": draw(st.sampled_from([None, *ACTORS])),
                "measure": draw(st.sampled_from(measures)),
                "imposed_date": imposed,
                "imposed_date_latest": imposed,
                "imposed_date_precision": "day" if imposed else None,
                "lifted_date": lifted,
                "lifted_date_latest": lifted,
                "lifted_date_precision": "day" if lifted else None,
                "source_id": source,
                "quote": f"sanction {i}",
                "lifted_source_id": lifted_source,
                "lifted_quote": f"lifted {i}" if lifted else None,
            }
        )
    dates = draw(st.sampled_from(["date", "datetime64"]))
    built = {
        "events": events,
        "event_reports": reports,
        "event_actors": roles,
        "casualties": casualties,
        "deployments": deployments,
        "actor_relations": relations,
        "actor_names": names,
        "sanctions": sanctions,
    }
    return {name: frame(name, table, dates) for name, table in built.items()}


@pytest.mark.generated
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
def test_disagreements_equal_the_plain_reference(frames):
    assert listed(disagreements(frames)) == listing(reference(frames))


def test_the_reference_lists_the_published_pairs():
    """The reference, run on the published tables, lists what disagreements() lists."""
    import mali_conflict_data as mcd

    frames = {name: mcd.load(name) for name in model.TABLES if not model.TABLES[name].derived}
    expected = listing(reference(frames))
    assert expected and listed(disagreements(frames)) == expected


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(NATURES))
def test_the_generated_tables_reach_every_kind(kind):
    """The comparison above is not vacuous: the generator makes pairs of each kind."""
    found = find(
        tables(),
        lambda frames: kind in {pair[0] for pair in reference(frames)},
        settings=settings(max_examples=3000, deadline=None, database=None),
    )
    assert kind in set(disagreements(found)["kind"])


def test_a_force_both_target_and_party_loses_its_members_once():
    """Found by the reference: a loss was counted once per exposed role of the force."""
    one = {"source_id": "src-1", "quote": "q"}
    frames = {
        "events": frame("events", [{"event_id": "ev-1", "event_type": "attack",
                                    "date_start": DAYS[1], "date_end": DAYS[1],
                                    "date_precision": "day", "location_id": "loc-1", **one}]),
        "event_reports": frame("event_reports", []),
        "event_actors": frame("event_actors", [
            {"event_id": "ev-1", "actor_id": "act-1", "role": role, **one}
            for role in model.EXPOSED_ROLES
        ]),
        "casualties": frame("casualties", [{"casualty_id": "cas-0001", "event_id": "ev-1",
                                            "outcome": "killed", "victim_group": "militants",
                                            "low": 15, "best": 15, "high": 15,
                                            "qualifier": "exact", "count_text": "15", **one}]),
        "deployments": frame("deployments", [{"deployment_id": "dep-0001",
                                              "force_actor_id": "act-1",
                                              "personnel_kind": "fighters",
                                              "status": "deployed", "area_location_id": "loc-1",
                                              "date_start": DAYS[0], "date_end": DAYS[0],
                                              "date_precision": "day", "best": 20,
                                              "qualifier": "approximately",
                                              "count_text": "20", **one}]),
        **{name: frame(name, []) for name in ("actor_relations", "actor_names", "sanctions")},
    }  # fmt: skip
    assert reference(frames) == []  # 15 lost of about 20: no contradiction
    assert disagreements(frames).empty


@pytest.mark.parametrize("lost", [2**53 + 1, 2**62 + 1])
def test_losses_one_more_than_a_large_force_are_listed(lost):
    """Found by review: compared as floats, 2**53 + 1 lost of a force of 2**53 was no excess."""
    one = {"source_id": "src-1", "quote": "q"}
    force = lost - 1
    frames = {
        "events": frame("events", [{"event_id": "ev-1", "event_type": "attack",
                                    "date_start": DAYS[1], "date_end": DAYS[1],
                                    "date_precision": "day", "location_id": "loc-1", **one}]),
        "event_reports": frame("event_reports", []),
        "event_actors": frame("event_actors", [{"event_id": "ev-1", "actor_id": "act-1",
                                                "role": sorted(model.EXPOSED_ROLES)[0], **one}]),
        "casualties": frame("casualties", [{"casualty_id": "cas-0001", "event_id": "ev-1",
                                            "outcome": "killed", "victim_group": "militants",
                                            "low": lost, "best": lost, "high": lost,
                                            "qualifier": "exact", "count_text": str(lost),
                                            **one}]),
        "deployments": frame("deployments", [{"deployment_id": "dep-0001",
                                              "force_actor_id": "act-1",
                                              "personnel_kind": "fighters",
                                              "status": "deployed", "area_location_id": "loc-1",
                                              "date_start": DAYS[0], "date_end": DAYS[0],
                                              "date_precision": "day", "low": force,
                                              "best": force, "high": force,
                                              "qualifier": "exact",
                                              "count_text": str(force), **one}]),
        **{name: frame(name, []) for name in ("actor_relations", "actor_names", "sanctions")},
    }  # fmt: skip
    found = disagreements(frames)
    assert list(found["kind"]) == ["force_losses"], found
    assert f"at least {lost:,} " in found["why"].iloc[0]
    assert listed(found) == listing(reference(frames))
