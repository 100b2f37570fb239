"""One figure, several reports: deployments_on() counts figures, checked against a plain loop.

Deployment figures of one force reported by two articles for the same time are
linked by ``same_figure_as`` (as sanctions are by ``same_measure_as``). The
published data links none (no two articles give a figure of one force for one
time: see docs/coding-guide.md), so the mechanism is tested on generated tables
and on copies of the small valid project (tests/data/minimal).
"""

from __future__ import annotations

import datetime as dt
import doctest
import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import minimal_raw_with
from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data.disagreements import disagreements
from mali_conflict_data.strengths import deployments_on
from mali_conflict_data.validate import validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal"
FIRST_REPORT = "same_figure_as_first_report"
SAME_PERIOD = "same_figure_as_same_period"


def _v(value):
    return None if value is None or (not isinstance(value, list) and pd.isna(value)) else value


def reference(deployments: pd.DataFrame, day: dt.date) -> dict[str, tuple]:
    """{figure: (deployment_ids, low, high, claims)}: a plain loop over the rows."""
    day = pd.Timestamp(day)
    groups: dict[str, list[dict]] = {}
    for row in deployments.astype(object).to_dict("records"):
        row = {k: _v(v) for k, v in row.items()}
        groups.setdefault(row["same_figure_as"] or row["deployment_id"], []).append(row)
    found = {}
    for figure, rows in groups.items():
        rows.sort(key=lambda r: r["deployment_id"])
        if not any(r["date_start"] <= day <= (r["date_end"] or r["date_start"]) for r in rows):
            continue
        lows, highs = [], []
        for r in rows:
            lows.append(r["low"] if r["low"] is not None else r["best"] or 0)
            top = r["high"] if r["high"] is not None else r["best"]
            highs.append(math.inf if top is None else top)
        high = max(highs)
        claims = [f"{r['count_text']} ({r['source_id']})" for r in rows]
        found[figure] = (
            [r["deployment_id"] for r in rows],
            int(min(lows)),
            None if high == math.inf else int(high),
            claims,
        )
    return found


def _found(result: pd.DataFrame) -> dict[str, tuple]:
    return {
        r.figure_id: (list(r.deployment_ids), int(r.low), _v(r.high), list(r.claims))
        for r in result.itertuples()
    }


DAYS = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2025, 12, 31))


@settings(max_examples=100, deadline=None)
@given(DAYS)
def test_published_deployments_on_a_day_equal_a_plain_loop(day):
    deployments = mcd.load("deployments")
    result = deployments_on(day, deployments)
    assert _found(result) == reference(deployments, day)


@st.composite
def deployment_tables(draw) -> pd.DataFrame:
    size = draw(st.integers(min_value=1, max_value=8))
    rows = []
    for i in range(size):
        start = draw(DAYS)
        width = draw(st.integers(min_value=0, max_value=400))
        low = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=5000)))
        extra = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=5000)))
        best = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=5000)))
        firsts = [r["deployment_id"] for r in rows if r["same_figure_as"] is None]
        rows.append(
            {
                "deployment_id": f"dep-{i + 1:04d}",
                "same_figure_as": draw(st.one_of(st.none(), st.sampled_from(firsts)))
                if firsts
                else None,
                "force_actor_id": "force",
                "status": "deployed",
                "personnel_kind": draw(st.sampled_from(["troops", "personnel"])),
                "area_location_id": draw(st.sampled_from(["mali", "sahel"])),
                "date_start": start,
                "date_end": start + dt.timedelta(days=width),
                "part_of_deployment_id": None,
                "low": low,
                "best": None if low is not None and extra is None else best,
                "high": None if low is None or extra is None else low + extra,
                "count_text": f"words {i}",
                "source_id": f"source-{i}",
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("low", "best", "high"):
        frame[column] = frame[column].astype("Int64")
    return frame


@settings(max_examples=150, deadline=None)
@given(deployment_tables(), DAYS)
def test_generated_deployments_on_a_day_equal_a_plain_loop(deployments, day):
    result = deployments_on(day, deployments)
    assert _found(result) == reference(deployments, day)
    assert result["figure_id"].is_unique  # each figure once, however many reports


def test_a_linked_group_is_counted_once_with_each_articles_claim():
    deployments = mcd.load("deployments")
    first = deployments.iloc[[0]].copy()
    second = first.assign(
        deployment_id="dep-9999",
        same_figure_as=first["deployment_id"].iloc[0],
        source_id="another-article",
        count_text="another article's words",
    )
    both = pd.concat([deployments, second], ignore_index=True)
    day = first["date_start"].iloc[0]
    alone, linked = deployments_on(day, deployments), deployments_on(day, both)
    assert len(linked) == len(alone), "declared: the linked report adds no figure"
    row = linked.set_index("figure_id").loc[first["deployment_id"].iloc[0]]
    assert row["deployment_ids"] == sorted([first["deployment_id"].iloc[0], "dep-9999"])
    assert "another article's words (another-article)" in row["claims"]
    assert len(row["claims"]) == 2 and row["source_ids"][0] == "another-article"


def test_a_bad_date_is_a_one_line_error():
    with pytest.raises(mcd.MaliConflictDataError, match="is not a date"):
        deployments_on("early 2013")


# --- the links are validated --------------------------------------------------------


SECOND = (
    "{id},{link},{force},,troops,{status},mali,{start},{end},month,false,,Again.,,"
    "12,12,12,exact,12 soldiers,,{source},{quote},,\n"
)
QUOTE_A = "The sample mission kept more than 1,000 troops in Mali in May 2020."
QUOTE_B = "12 soldiers died there"
MAY = {"start": "2020-05-01", "end": "2020-05-31"}
APRIL = {"start": "2020-04-01", "end": "2020-04-30"}


def _row(link="dep-0001", force="sample-mission", status="deployed", source="report-b",
         quote=QUOTE_B, dates=MAY, id="dep-0002") -> str:  # fmt: skip
    return SECOND.format(
        id=id, link=link, force=force, status=status, source=source, quote=quote, **dates
    )


@pytest.mark.parametrize(
    ("row", "rule"),
    [
        (_row(), None),  # another article, same force, status and time: fine
        (_row(source="report-a", quote="12 soldiers"), FIRST_REPORT),  # the same article
        (_row(force="fama"), FIRST_REPORT),  # another force: another figure
        (_row(status="planned"), FIRST_REPORT),  # planned is not deployed: another claim
        (_row(link="dep-0002"), FIRST_REPORT),  # itself
        (_row(dates=APRIL), SAME_PERIOD),  # another time: another figure
    ],
)
def test_a_link_must_name_a_first_report_of_the_same_force_status_and_time(tmp_path, row, rule):
    result = validate_raw(
        minimal_raw_with(tmp_path, "deployments", [row]), sources=MINIMAL / "sources"
    )
    located = [
        (p.file, p.line, p.rule)
        for p in result.problems
        if p.column == "same_figure_as" or p.rule in (FIRST_REPORT, SAME_PERIOD)
    ]
    expected = [] if rule is None else [("raw/deployments.csv", 3, rule)]
    assert located == expected, f"declared {expected}; found {located}"


def test_a_link_to_a_further_report_and_a_cycle_are_refused(tmp_path):
    chain = [_row(), _row(id="dep-0003", link="dep-0002")]
    result = validate_raw(
        minimal_raw_with(tmp_path / "chain", "deployments", chain), sources=MINIMAL / "sources"
    )
    found = [(p.line, p.rule) for p in result.problems if p.rule == FIRST_REPORT]
    assert found == [(4, FIRST_REPORT)], f"declared: line 4 (a link to a further report); {found}"
    cycle = [_row(id="dep-0002", link="dep-0003"), _row(id="dep-0003", link="dep-0002")]
    result = validate_raw(
        minimal_raw_with(tmp_path / "cycle", "deployments", cycle), sources=MINIMAL / "sources"
    )
    found = sorted((p.line, p.rule) for p in result.problems if p.rule == FIRST_REPORT)
    assert found == [(3, FIRST_REPORT), (4, FIRST_REPORT)], f"declared: both lines; {found}"


def test_a_link_to_no_row_is_a_foreign_key_problem(tmp_path):
    result = validate_raw(
        minimal_raw_with(tmp_path, "deployments", [_row(link="dep-0077")]),
        sources=MINIMAL / "sources",
    )
    found = [(p.line, p.column, p.rule) for p in result.problems]
    assert (3, "same_figure_as", "foreign_key") in found, found


# --- disagreements compare the linked reports ---------------------------------------


def _linked_pair(first_words: dict, second_words: dict) -> dict[str, pd.DataFrame]:
    """Two articles' reports of one figure of a made-up force, linked."""
    base = mcd.load("deployments").iloc[[0]]
    rows = []
    for i, words in enumerate((first_words, second_words)):
        rows.append(
            base.assign(
                deployment_id=f"dep-{i + 1:04d}",
                same_figure_as=None if i == 0 else "dep-0001",
                force_actor_id="force",
                status="deployed",
                source_id=f"source-{i}",
                **words,
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    for column in ("low", "best", "high"):
        frame[column] = frame[column].astype("Int64")
    return {"deployments": frame}


EXACT_5000 = {"low": 5000, "best": 5000, "high": 5000, "qualifier": "exact",
              "count_text": "5,000 troops", "personnel_kind": "troops"}  # fmt: skip
EXACT_3000 = {"low": 3000, "best": 3000, "high": 3000, "qualifier": "exact",
              "count_text": "3,000 personnel", "personnel_kind": "personnel",
              "area_location_id": "sahel"}  # fmt: skip
OVER_4000 = {"low": 4001, "best": None, "high": None, "qualifier": "more_than",
             "count_text": "more than 4,000 personnel", "personnel_kind": "personnel",
             "area_location_id": "sahel"}  # fmt: skip


def test_linked_reports_whose_numbers_cannot_both_hold_are_one_disagreement():
    """5,000 troops in Mali and 3,000 personnel in the Sahel: unlinked, two figures (other
    areas, other people); linked, one figure the articles give two ways."""
    unlinked = _linked_pair(EXACT_5000, EXACT_3000)
    unlinked["deployments"]["same_figure_as"] = None
    assert disagreements(unlinked).query("kind == 'deployment_figures'").empty
    found = disagreements(_linked_pair(EXACT_5000, EXACT_3000))
    pairs = found[found["kind"] == "deployment_figures"]
    assert len(pairs) == 1, f"declared: one deployment_figures pair; found {len(pairs)}"
    row = pairs.iloc[0]
    assert (row["a_id"], row["b_id"], row["nature"]) == ("dep-0001", "dep-0002", "contradiction")
    assert "same_figure_as" in row["why"] and not row["same_article"]


def test_linked_reports_of_one_kind_are_listed_once_and_compatible_ones_not_at_all():
    same_kind = {**EXACT_3000, "personnel_kind": "troops", "count_text": "3,000 troops",
                 "area_location_id": EXACT_5000.get("area_location_id", "mali")}  # fmt: skip
    found = disagreements(_linked_pair(EXACT_5000, same_kind))
    assert len(found[found["kind"] == "deployment_figures"]) == 1  # not once per comparison
    # 5,000 personnel and more than 4,000 personnel in the Sahel: both can be the figure
    found = disagreements(_linked_pair({**EXACT_5000, "personnel_kind": "personnel"}, OVER_4000))
    assert found[found["kind"] == "deployment_figures"].empty


def test_the_docstring_example_is_data_the_table_checks_accept():
    """deployments_on's example rows pass the deployments table's rules on linked reports."""
    from mali_conflict_data.schema import SCHEMAS

    example = doctest.DocTestParser().get_examples(deployments_on.__doc__)
    namespace = {"pd": pd}
    exec(example[0].source, namespace)  # the example's `rows = pd.DataFrame(...)`
    rows = namespace["rows"]
    checks = [c for c in SCHEMAS["deployments"].checks if "same_figure_as" in c.name]
    assert {c.name for c in checks} >= {FIRST_REPORT, SAME_PERIOD}
    for check in checks:
        assert check(rows).check_passed, f"the example breaks {check.name}"
