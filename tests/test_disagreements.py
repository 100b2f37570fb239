"""disagreements(): every kind of contradiction, one row per pair, made-up and real."""

from __future__ import annotations

import pandas as pd
import pytest

import mali_conflict_data as mcd
from mali_conflict_data.disagreements import COLUMNS, KINDS, disagreements
from mali_conflict_data.schema import SCHEMAS

DATE_STYLES = ["date", "datetime64"]  # load() gives datetime.date today, datetime64 tomorrow


def frame(name: str, rows: list[dict], dates: str = "date") -> pd.DataFrame:
    """A table typed as load() types it, from the columns of its schema; unset cells empty."""
    columns = SCHEMAS[name].columns
    data = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=list(columns))
    for column_name, column in columns.items():
        dtype = str(column.dtype)
        if dtype == "date":
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
            data[column_name] = data[column_name].astype(dtype)
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
        (figure(2, 24, None, 99), True),  # "dozens" cannot be four
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
        (deployment(2, "2014-07-01", "2020-10-31", 3000, 3000, 3000), True),  # Barkhane
        (deployment(2, "2014-07-01", "2020-09-30", 3000, 3000, 3000), False),  # before it
        (deployment(2, "2020-10-01", "2020-10-31", 6000, 6000, 6000), False),  # fits
        (deployment(2, "2020-10-01", "2020-10-31", 3000, 3000, 3000, status="planned"), False),
        (
            deployment(
                2, "2020-10-01", "2020-10-31", 3000, 3000, 3000, part_of_deployment_id="dep-0001"
            ),
            False,
        ),
    ],
)
def test_deployment_figures_of_one_force_whatever_the_personnel(second, conflict, dates):
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
        (relation("mnla", "broke_with", "ansar-dine", "cfr"), True),  # who split from whom
        (relation("mnla", "splinter_of", "ansar-dine", "cfr"), True),
        (relation("ansar-dine", "part_of", "mnla", "cfr"), True),  # splinter or part
        (relation("ansar-dine", "splinter_of", "aqim", "cfr"), True),  # split from two actors
        (relation("ansar-dine", "splinter_of", "mnla", "cfr"), False),  # the same claim
        (relation("ansar-dine", "broke_with", "mnla", "cfr"), False),  # consistent
        (relation("mnla", "broke_with", "ansar-dine", "truman"), False),  # one article
    ],
)
def test_relations_stated_differently(second, conflict):
    rows = [relation("ansar-dine", "splinter_of", "mnla", "truman"), second]
    table = only(
        "actor_relations", disagreements({"actor_relations": frame("actor_relations", rows)})
    )
    assert len(table) == int(conflict)
    if conflict:
        assert {table.iloc[0]["a_source_id"], table.iloc[0]["b_source_id"]} == {"cfr", "truman"}
        assert table.iloc[0]["a_words"] is pd.NA


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
        (role("mnla", "supporter", "cfr"), False),  # one article, two rows: no disagreement
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
    "second, conflict",
    [
        (name(2, "Movement for Unity and Jihad in West Africa", "translation", "cfr"), True),
        (name(2, "movement for oneness and jihad in West Africa", "translation", "cfr"), False),
        (name(2, "MUJWA", "acronym", "cfr"), False),
        (name(2, "Movement for Unity and Jihad in West Africa", "translation", "truman"), False),
        (
            name(2, "Movement for Unity and Jihad in West Africa", "translation", "cfr", "aqim"),
            False,
        ),
    ],
)
def test_names_translated_differently(second, conflict):
    rows = [
        name(1, "Movement for Oneness and Jihad in West Africa", "translation", "truman"),
        second,
    ]
    table = only("actor_names", disagreements({"actor_names": frame("actor_names", rows)}))
    assert len(table) == int(conflict)
    if conflict:
        assert table.iloc[0][["a_words", "b_words"]].tolist() == [rows[0]["name"], rows[1]["name"]]


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
    assert all(str(table[c].dtype) == "string" for c in COLUMNS[1:])
    assert table["disagreement"].tolist() == list(range(1, len(table) + 1))
    for text in table["about"]:
        assert text.strip() == text and " /  / " not in text and not text.endswith("/")
    assert set(table["kind"]) <= set(KINDS)


def test_an_empty_result_keeps_its_columns_and_types():
    table = disagreements({"casualties": frame("casualties", [figure(1, 4, 4, 4)])})
    assert table.empty and list(table.columns) == COLUMNS
    assert all(str(table[c].dtype) == "string" for c in COLUMNS[1:])


def test_the_real_disagreements_of_the_five_articles():
    table = mcd.disagreements()
    pairs = {(k, a, b) for k, a, b in table[["kind", "a_id", "b_id"]].itertuples(index=False)}
    assert ("casualty_figures", "cas-0001", "cas-0003") in pairs  # four dead / bloodless
    assert ("deployment_figures", "dep-0002", "dep-0003") in pairs  # Barkhane
    assert ("actor_relations", "ansar-dine", "mnla") in pairs  # who split from whom
    roles = table[table["kind"] == "event_roles"]
    assert {"ev-2012-northern-takeover / mnla"} <= set(roles["about"])  # CFR leads, Truman backs
    names = mcd.load("actor_names").set_index("name_id")["name"]
    translated = {frozenset((names[a], names[b])) for k, a, b in pairs if k == "actor_names"}
    mojwa = {f"Movement for {word} and Jihad in West Africa" for word in ("Oneness", "Unity")}
    cnsp = {"National Committee for the Salvation of the People"}
    cnsp.add("National Committee of Salvation for the People")
    assert frozenset(mojwa) in translated  # Truman against CFR
    assert frozenset(cnsp) in translated  # CFR and CIPS against Foreign Policy (Pham's words)
    assert not any("peacekeeping mission" in name for pair in translated for name in pair)
    for row in table.itertuples():
        assert (row.a_table, row.a_id) != (row.b_table, row.b_id)
        assert row.a_quote and row.b_quote and row.why
