"""disagreements(): every kind of contradiction, one row per pair, made-up and real."""

from __future__ import annotations

import pandas as pd
import pytest

import mali_conflict_data as mcd
from mali_conflict_data.disagreements import COLUMNS, KINDS, NATURES, disagreements
from mali_conflict_data.schema import SCHEMAS

TEXT_COLUMNS = [c for c in COLUMNS if c not in ("disagreement", "same_article")]
DATE_STYLES = ["date", "datetime64"]  # load() gives datetime.date today, datetime64 tomorrow


def frame(name: str, rows: list[dict], dates: str = "date") -> pd.DataFrame:
    """A table typed as load() types it, from the columns of its schema; unset cells empty."""
    columns = SCHEMAS[name].columns
    # object columns first: pandas would read large whole numbers with an empty cell as
    # floats (inexact past 2**53) before they reach their Int64 type
    data = pd.DataFrame(
        [{c: row.get(c) for c in columns} for row in rows], columns=list(columns), dtype=object
    )
    for column_name, column in columns.items():
        dtype = str(column.dtype)
        if dtype in ("date", "datetime64[ns]"):  # a date column (datetime64 while validating)
            values = pd.to_datetime(data[column_name])
            data[column_name] = (
                values
                if dates == "datetime64"
                else values.dt.date.astype(object).where(values.notna(), None)
            )
        elif dtype == "category":
            data[column_name] = pd.Categorical(
                data[column_name], categories=column.dtype.type.categories
            )
        elif dtype in ("string", "Int64", "boolean"):
            data[column_name] = pd.array(data[column_name].tolist(), dtype=dtype)
    return data


def figure(i: int, low=None, best=None, high=None, **cells) -> dict:
    return {
        "casualty_id": f"cas-{i:04d}",
        "event_id": "ev-x",
        "outcome": "killed",
        "victim_group": "unspecified",
        "low": low,
        "best": best,
        "high": high,
        "qualifier": "exact",
        "count_text": f"words {i}",
        "source_id": f"src-{i}",
        "quote": f"quote {i}",
        **cells,
    }


def only(kind: str, table: pd.DataFrame) -> pd.DataFrame:
    assert set(table["kind"]) <= {kind}
    return table


@pytest.mark.parametrize(
    "second, conflict",
    [
        (figure(2, 0, 0, 0), True),  # "four dead" against "bloodless"
        (figure(2, 24, None, None, qualifier="vague"), True),  # "dozens": 24 up, never four
        (figure(2, 3, None, 9), False),  # "several" can
        (figure(2, 4, None, None), False),  # "at least four"
        (
            figure(2, 3, None, None, qualifier="more_than"),
            False,
        ),  # "more than two": runs to infinity
        (figure(2, 0, 0, 0, outcome="injured"), False),  # another outcome
        (figure(2, 0, 0, 0, event_id="ev-y"), False),  # another event
        (figure(2, 0, 0, 0, part_of_casualty_id="cas-0001"), False),  # a part of it
        (figure(2, 9, 9, 9, victim_group="soldiers"), True),  # nine soldiers among four dead
        (figure(2, 2, 2, 2, victim_group="soldiers"), False),  # two soldiers among four dead
        (figure(2, 2, 2, 2, victim_detail="Americans"), False),
    ],
)
def test_casualty_figures_that_cannot_both_hold(second, conflict):
    table = only(
        "casualty_figures",
        disagreements({"casualties": frame("casualties", [figure(1, 4, 4, 4), second])}),
    )
    assert len(table) == int(conflict)
    if conflict:
        row = table.iloc[0]
        assert (row["a_id"], row["b_id"]) == ("cas-0001", "cas-0002")
        assert (row["a_words"], row["a_value"], row["a_quote"]) == ("words 1", "4", "quote 1")
        assert row["b_source_id"] == "src-2" and row["about"] == "ev-x / killed"


def test_figures_of_different_victims_do_not_conflict():
    rows = [
        figure(1, 29, 29, 29, victim_group="militants"),
        figure(2, 37, None, None, victim_group="hostages"),
    ]
    assert disagreements({"casualties": frame("casualties", rows)}).empty


def deployment(i: int, start: str, end: str, low=None, best=None, high=None, **cells) -> dict:
    return {
        "deployment_id": f"dep-{i:04d}",
        "force_actor_id": "barkhane",
        "personnel_kind": "troops",
        "status": "deployed",
        "area_location_id": "mali",
        "date_start": start,
        "date_end": end,
        "date_precision": "range",
        "low": low,
        "best": best,
        "high": high,
        "qualifier": "exact",
        "count_text": f"words {i}",
        "source_id": "src",
        "quote": f"quote {i}",
        **cells,
    }


@pytest.mark.parametrize("dates", DATE_STYLES)
@pytest.mark.parametrize(
    "second, conflict",
    [
        # Barkhane: "three thousand troops ... since July 2014" are among "more than five
        # thousand personnel" at publication: troops are personnel, so both can hold
        (deployment(2, "2014-07-01", "2020-10-31", 3000, 3000, 3000), False),
        (
            deployment(2, "2014-07-01", "2020-10-31", 3000, 3000, 3000, personnel_kind="personnel"),
            True,
        ),
        (
            deployment(2, "2014-07-01", "2020-09-30", 3000, 3000, 3000, personnel_kind="personnel"),
            False,
        ),
        (
            deployment(2, "2020-10-01", "2020-10-31", 6000, 6000, 6000, personnel_kind="personnel"),
            False,
        ),
        (
            deployment(
                2,
                "2020-10-01",
                "2020-10-31",
                3000,
                3000,
                3000,
                personnel_kind="personnel",
                status="planned",
            ),
            False,
        ),
        (
            deployment(
                2,
                "2020-10-01",
                "2020-10-31",
                3000,
                3000,
                3000,
                personnel_kind="personnel",
                part_of_deployment_id="dep-0001",
            ),
            False,
        ),
    ],
)
def test_deployment_figures_of_one_personnel_kind_that_cannot_both_hold(second, conflict, dates):
    first = deployment(
        1, "2020-10-01", "2020-10-31", 5001, qualifier="more_than", personnel_kind="personnel"
    )
    table = only(
        "deployment_figures",
        disagreements({"deployments": frame("deployments", [first, second], dates)}),
    )
    assert len(table) == int(conflict)
    if conflict:
        assert table.iloc[0]["a_value"] == "more than 5,000 personnel, 2020-10-01 to 2020-10-31"
        assert "over 2020-10-01 to 2020-10-31" in table.iloc[0]["why"]
        assert table.iloc[0]["nature"] == "contradiction"


@pytest.mark.parametrize(
    "kind, best, conflict",
    [
        ("troops", 3000, True),  # more troops than all the personnel of the force
        ("troops", 1500, False),  # troops among the personnel
        ("peacekeepers", 3000, True),
    ],
)
def test_a_kind_of_personnel_cannot_outnumber_all_the_personnel(kind, best, conflict):
    rows = [
        deployment(
            1,
            "2020-10-01",
            "2020-10-31",
            high=2000,
            qualifier="at_most",
            personnel_kind="personnel",
        ),
        deployment(2, "2020-10-01", "2020-10-31", best, best, best, personnel_kind=kind),
    ]
    table = only("deployment_figures", disagreements({"deployments": frame("deployments", rows)}))
    assert len(table) == int(conflict)


def test_figures_of_two_kinds_neither_of_them_all_the_personnel_are_not_compared():
    rows = [
        deployment(1, "2020-10-01", "2020-10-31", 10, 10, 10, personnel_kind="military_trainers"),
        deployment(2, "2020-10-01", "2020-10-31", 3000, 3000, 3000),
    ]
    assert disagreements({"deployments": frame("deployments", rows)}).empty


def loss(i: int, low, outcome="killed", event="ev-siege", **cells) -> dict:
    return figure(
        i,
        low,
        low,
        low,
        **{"outcome": outcome, "event_id": event, "victim_group": "militants", **cells},
        source_id="truman",
    )


def losses_table(strength: dict, figures: list[dict], roles=None, events=None) -> pd.DataFrame:
    events = events or [
        {
            "event_id": "ev-siege",
            "date_start": "2013-01-19",
            "date_end": "2013-01-19",
            "location_id": "in-amenas",
        },
        {
            "event_id": "ev-elsewhere",
            "date_start": "2013-01-19",
            "date_end": "2013-01-19",
            "location_id": "gao",
        },
        {
            "event_id": "ev-before",
            "date_start": "2013-01-01",
            "date_end": "2013-01-01",
            "location_id": "in-amenas",
        },
    ]
    roles = roles or [
        {
            "event_id": e,
            "actor_id": "mulathameen",
            "role": "target",
            "source_id": "truman",
            "quote": "q",
        }
        for e in ("ev-siege", "ev-elsewhere", "ev-before")
    ]
    return disagreements(
        {
            "deployments": frame("deployments", [strength]),
            "casualties": frame("casualties", figures),
            "event_actors": frame("event_actors", roles),
            "events": frame("events", events),
        }
    )


ATTACKERS = deployment(
    9,
    "2013-01-16",
    "2013-01-16",
    None,
    20,
    None,
    force_actor_id="mulathameen",
    personnel_kind="fighters",
    area_location_id="in-amenas",
    qualifier="approximately",
    source_id="truman",
)


@pytest.mark.parametrize(
    "figures, conflict",
    [
        ([loss(1, 29), loss(2, 3, "captured")], True),  # In Amenas: 29 + 3 of about 20
        ([loss(1, 17), loss(2, 3, "captured")], False),  # 20 of about 20
        ([loss(1, 17), loss(2, 3, "captured"), loss(3, 1, "injured")], False),  # injured stay
        ([loss(1, 29, event="ev-elsewhere")], False),  # another place
        ([loss(1, 29, event="ev-before")], False),  # before the figure's first day
        ([loss(1, 29, victim_group="hostages")], False),  # not members of the force
        ([loss(1, 19), loss(2, 3, part_of_casualty_id="cas-0001")], False),  # a part, once
    ],
)
def test_losses_of_a_force_that_exceed_its_strength(figures, conflict):
    table = only("force_losses", losses_table(ATTACKERS, figures))
    assert len(table) == int(conflict)
    if conflict:
        row = table.iloc[0]
        assert (row["a_id"], row["b_id"]) == ("dep-0009", "cas-0001")
        assert "at least 32" in row["why"] and "cas-0002" in row["why"]
        assert bool(row["same_article"])


def test_losses_of_a_force_count_only_events_it_is_exposed_in():
    roles = [
        {
            "event_id": "ev-siege",
            "actor_id": "mulathameen",
            "role": "initiator",
            "source_id": "truman",
            "quote": "q",
        }
    ]
    assert losses_table(ATTACKERS, [loss(1, 29)], roles=roles).empty


def relation(actor: str, relation: str, related: str, source: str) -> dict:
    return {
        "actor_id": actor,
        "relation": relation,
        "related_actor_id": related,
        "source_id": source,
        "quote": f"{source} says",
    }


@pytest.mark.parametrize(
    "second, conflict",
    [
        (relation("mnla", "splinter_of", "ansar-dine", "cfr"), True),  # who split from whom
        (relation("ansar-dine", "splinter_of", "aqim", "cfr"), True),  # split from two actors
        (relation("mnla", "splinter_of", "ansar-dine", "truman"), True),  # within one article
        # Truman's splinter and CFR's break are different relations, of different times
        (relation("mnla", "broke_with", "ansar-dine", "cfr"), False),
        (relation("ansar-dine", "part_of", "mnla", "cfr"), False),  # another relation
        (relation("ansar-dine", "splinter_of", "mnla", "cfr"), False),  # the same claim
        (relation("ansar-dine", "broke_with", "mnla", "cfr"), False),
        (relation("aqim", "splinter_of", "mnla", "cfr"), False),  # another actor split too
    ],
)
def test_the_same_relation_stated_differently(second, conflict):
    rows = [relation("ansar-dine", "splinter_of", "mnla", "truman"), second]
    table = only(
        "actor_relations", disagreements({"actor_relations": frame("actor_relations", rows)})
    )
    assert len(table) == int(conflict)
    if conflict:
        row = table.iloc[0]
        assert bool(row["same_article"]) == (second["source_id"] == "truman")
        assert row["a_words"] is pd.NA and row["nature"] == "contradiction"


@pytest.mark.parametrize(
    "second, conflict",
    [
        (relation("ansar-dine", "broke_with", "mnla", "truman"), True),  # who left whom
        (relation("mnla", "broke_with", "aqim", "truman"), False),  # left two allies
        (relation("mnla", "part_of", "mali", "truman"), False),
    ],
)
def test_who_left_an_alliance_told_the_other_way_round(second, conflict):
    rows = [relation("mnla", "broke_with", "ansar-dine", "cfr"), second]
    table = only(
        "actor_relations", disagreements({"actor_relations": frame("actor_relations", rows)})
    )
    assert len(table) == int(conflict)


def role(actor: str, role_name: str, source: str, event: str = "ev-x") -> dict:
    return {
        "event_id": event,
        "actor_id": actor,
        "role": role_name,
        "source_id": source,
        "quote": f"{actor} {role_name}",
    }


@pytest.mark.parametrize(
    "second, conflict",
    [
        (role("mnla", "supporter", "truman"), True),  # CFR leads, Truman backs
        (role("mnla", "target", "truman"), True),
        (role("mnla", "party", "truman"), False),  # a side fits a leader
        (role("mnla", "initiator", "truman"), False),  # the same role
        (role("mnla", "supporter", "cfr"), True),  # one article contradicting itself
        (role("mnla", "supporter", "truman", event="ev-y"), False),  # another event
        (role("aqim", "supporter", "truman"), False),  # another actor
    ],
)
def test_roles_in_one_event_stated_differently(second, conflict):
    rows = [role("mnla", "initiator", "cfr"), second]
    table = only("event_roles", disagreements({"event_actors": frame("event_actors", rows)}))
    assert len(table) == int(conflict), table[["a_value", "b_value", "why"]]
    if conflict:
        assert {table.iloc[0]["a_value"], table.iloc[0]["b_value"]} == {"initiator", second["role"]}
        assert table.iloc[0]["about"] == "ev-x / mnla"
        assert bool(table.iloc[0]["same_article"]) == (second["source_id"] == "cfr")


def name(i: int, text: str, kind: str, source: str, actor: str = "mojwa") -> dict:
    return {
        "name_id": f"name-{i:04d}",
        "actor_id": actor,
        "name": text,
        "kind": kind,
        "source_id": source,
        "quote": text,
    }


@pytest.mark.parametrize(
    "second, variant",
    [
        (name(2, "Movement for Unity and Jihad in West Africa", "translation", "cfr"), True),
        (name(2, "Movement for Unity and Jihad in West Africa", "translation", "truman"), True),
        (name(2, "movement for oneness and jihad in West Africa", "translation", "cfr"), False),
        (name(2, "MUJWA", "acronym", "cfr"), False),  # an acronym is no rendering
        (
            name(2, "Movement for Unity and Jihad in West Africa", "translation", "cfr", "aqim"),
            False,
        ),
    ],
)
def test_names_rendered_differently_are_variants(second, variant):
    rows = [
        name(1, "Movement for Oneness and Jihad in West Africa", "translation", "truman"),
        second,
    ]
    table = only("actor_names", disagreements({"actor_names": frame("actor_names", rows)}))
    assert len(table) == int(variant)
    if variant:
        row = table.iloc[0]
        assert [row["a_words"], row["b_words"]] == [rows[0]["name"], rows[1]["name"]]
        assert row["nature"] == "variant"
        assert bool(row["same_article"]) == (second["source_id"] == "truman")


def test_a_rendering_used_by_several_articles_is_listed_once():
    # CNSP: "for the Salvation" in CFR, CIPS and Foreign Policy; "of Salvation" in Foreign Policy
    rows = [
        name(1, "Committee for the Salvation", "translation", "cfr", "cnsp"),
        name(2, "Committee for the Salvation", "translation", "cips", "cnsp"),
        name(3, "Committee for the Salvation", "translation", "fp", "cnsp"),
        name(4, "Committee of Salvation", "translation", "fp", "cnsp"),
    ]
    table = disagreements({"actor_names": frame("actor_names", rows)})
    assert len(table) == 1
    assert (table.iloc[0]["a_id"], table.iloc[0]["b_id"]) == ("name-0003", "name-0004")
    assert bool(table.iloc[0]["same_article"])  # the article itself renders it both ways


def sanction(i: int, measure: str, target=None, imposed=True, lifted=False, **cells) -> dict:
    return {
        "sanction_id": f"san-{i:04d}",
        "sender_actor_id": "ecowas",
        "target_actor_id": target,
        "measure": measure,
        "imposed_date": "2020-08-01" if imposed else None,
        "imposed_date_latest": "2020-10-31" if imposed else None,
        "imposed_date_precision": "range" if imposed else None,
        "lifted_date": "2020-09-27" if lifted else None,
        "lifted_date_latest": "2020-10-31" if lifted else None,
        "lifted_date_precision": "range" if lifted else None,
        "source_id": "cfr",
        "quote": f"imposed {i}",
        "lifted_source_id": "cfr" if lifted else None,
        "lifted_quote": f"lifted {i}" if lifted else None,
        **cells,
    }


@pytest.mark.parametrize(
    "first, variant",
    [
        (sanction(1, "unspecified", "cnsp"), True),  # ECOWAS: against the coup leaders
        (sanction(1, "economic_sanctions", "cnsp"), True),  # the target named only once
        (sanction(1, "travel_restrictions"), False),  # plainly another measure
        (sanction(1, "economic_sanctions"), False),  # described alike: nothing to show
        (sanction(1, "unspecified", "cnsp", sender_actor_id="african-union"), False),
        (sanction(1, "unspecified", "cnsp", source_id="fp"), False),  # another article
        (sanction(1, "unspecified", "cnsp", lifted=True), False),  # its own lifting
    ],
)
def test_a_measure_imposed_and_one_lifted_in_other_terms_are_variants(first, variant):
    rows = [first, sanction(2, "economic_sanctions", imposed=False, lifted=True)]
    table = only("sanction_terms", disagreements({"sanctions": frame("sanctions", rows)}))
    assert len(table) == int(variant)
    if variant:
        row = table.iloc[0]
        assert (row["a_id"], row["b_id"], row["b_quote"]) == ("san-0001", "san-0002", "lifted 2")
        assert row["nature"] == "variant" and bool(row["same_article"])


@pytest.mark.parametrize("dates", DATE_STYLES)
@pytest.mark.parametrize(
    "report, conflict",
    [
        (("2020-09-01", "2020-09-30", "month"), True),
        (("2020-08-01", "2020-08-31", "month"), False),
        ((None, None, None), False),  # the report does not date the event
    ],
)
def test_dates_of_one_event_that_differ_between_articles(report, conflict, dates):
    events = frame(
        "events",
        [
            {
                "event_id": "ev-coup",
                "date_start": "2020-08-18",
                "date_end": "2020-08-18",
                "date_precision": "day",
                "source_id": "fp",
                "quote": "on Tuesday",
            }
        ],
        dates,
    )
    start, end, precision = report
    reports = frame(
        "event_reports",
        [
            {
                "event_id": "ev-coup",
                "source_id": "cfr",
                "quote": "In September",
                "date_start": start,
                "date_end": end,
                "date_precision": precision,
            }
        ],
        dates,
    )
    table = only("event_dates", disagreements({"events": events, "event_reports": reports}))
    assert len(table) == int(conflict)
    if conflict:
        row = table.iloc[0]
        assert (row["a_id"], row["b_id"]) == ("ev-coup", "ev-coup@cfr")
        assert (row["a_value"], row["b_value"]) == (
            "2020-08-18 (day)",
            "2020-09-01 to 2020-09-30 (month)",
        )


def test_every_column_is_text_but_the_number_and_nothing_dangles():
    table = disagreements()
    assert list(table.columns) == COLUMNS
    assert str(table["disagreement"].dtype) == "int64"
    assert str(table["same_article"].dtype) == "boolean"
    assert all(str(table[c].dtype) == "string" for c in TEXT_COLUMNS)
    assert table["same_article"].tolist() == (table["a_source_id"] == table["b_source_id"]).tolist()
    assert table["nature"].tolist() == [NATURES[k] for k in table["kind"]]
    natures = table["nature"].tolist()
    assert natures == sorted(natures)  # contradictions first, then variants
    assert table["disagreement"].tolist() == list(range(1, len(table) + 1))
    for text in table["about"]:
        assert text.strip() == text and " /  / " not in text and not text.endswith("/")
    assert set(table["kind"]) <= set(KINDS)


def test_an_empty_result_keeps_its_columns_and_types():
    table = disagreements({"casualties": frame("casualties", [figure(1, 4, 4, 4)])})
    assert table.empty and list(table.columns) == COLUMNS
    assert all(str(table[c].dtype) == "string" for c in TEXT_COLUMNS)
    assert str(table["same_article"].dtype) == "boolean"


def test_the_real_disagreements_of_the_five_articles():
    table = mcd.disagreements()
    pairs = {(k, a, b) for k, a, b in table[["kind", "a_id", "b_id"]].itertuples(index=False)}
    assert ("casualty_figures", "cas-0001", "cas-0003") in pairs  # four dead / bloodless
    assert ("casualty_figures", "cas-0002", "cas-0027") in pairs  # 15 injured / bloodless
    assert ("force_losses", "dep-0013", "cas-0016") in pairs  # In Amenas: 29 + 3 of about 20
    assert ("sanction_terms", "san-0003", "san-0006") in pairs  # ECOWAS, one article
    assert ("deployment_figures", "dep-0002", "dep-0003") not in pairs  # troops among personnel
    assert "actor_relations" not in set(table["kind"])  # a splinter, then a break: no conflict
    roles = table[table["kind"] == "event_roles"]
    assert {"ev-2012-northern-takeover / mnla"} <= set(roles["about"])  # CFR leads, Truman backs
    names = mcd.load("actor_names").set_index("name_id")["name"]
    translated = [
        (frozenset((names[a], names[b])), same)
        for k, a, b, same in table[["kind", "a_id", "b_id", "same_article"]].itertuples(index=False)
        if k == "actor_names"
    ]
    mojwa = {f"Movement for {word} and Jihad in West Africa" for word in ("Oneness", "Unity")}
    cnsp = {"National Committee for the Salvation of the People"}
    cnsp.add("National Committee of Salvation for the People")
    assert (frozenset(mojwa), False) in translated  # Truman against CFR
    assert (frozenset(cnsp), True) in translated  # Foreign Policy: the BBC's and Pham's words
    assert len(translated) == len({pair for pair, _ in translated})  # each pair once
    assert not any("peacekeeping mission" in name for pair, _ in translated for name in pair)
    variants = table[table["nature"] == "variant"]
    assert set(variants["kind"]) == {"actor_names", "sanction_terms"}
    for row in table.itertuples():
        assert (row.a_table, row.a_id) != (row.b_table, row.b_id)
        assert row.a_quote and row.b_quote and row.why


@pytest.mark.parametrize("name", ["allied_with", "affiliated_with", "recruited_from"])
def test_relations_without_a_direction_are_not_told_the_other_way_round(name):
    # "The alliance between the MNLA and the Islamist groups": an alliance holds both ways
    rows = [relation("mnla", name, "ansar-dine", "cfr"), relation("ansar-dine", name, "mnla", "fp")]
    table = disagreements({"actor_relations": frame("actor_relations", rows)})
    assert table.empty
