"""One measure, several reports: in_force() counts measures, checked against a plain loop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import minimal_raw_with
from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data.measures import in_force
from mali_conflict_data.validate import validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal"
RULE = "same_measure_as_first_report"


def _v(value):
    return None if value is None or pd.isna(value) else value


def _published() -> dict[str, pd.Timestamp]:
    """The last day each article may have been published, by a plain reading of sources."""
    sources = mcd.load("sources")
    return {
        str(s): pd.Timestamp(d)
        for s, d in zip(sources["source_id"], sources["published_date_latest"], strict=True)
    }


def reference(sanctions: pd.DataFrame, day: dt.date) -> dict[str, tuple]:
    """{measure: (status, sanction_ids, targets)} by the rules of the measures module."""
    day = pd.Timestamp(day)
    published = _published()
    by_measure: dict[str, list[dict]] = {}
    for row in sanctions.astype(object).to_dict("records"):
        row = {k: _v(v) for k, v in row.items()}
        by_measure.setdefault(row["same_measure_as"] or row["sanction_id"], []).append(row)
    found = {}
    for measure, rows in by_measure.items():
        statuses = []
        for r in rows:
            if (r["imposed_date"] is not None and r["imposed_date"] > day) or (
                r["lifted_date_latest"] is not None and r["lifted_date_latest"] <= day
            ):
                statuses.append("out")
            elif (
                r["imposed_date_latest"] is not None
                and r["imposed_date_latest"] <= day
                and (r["lifted_date"] is None or r["lifted_date"] > day)
            ):
                # an article says nothing of the days after its publication
                days = [published.get(r.get(c)) for c in ("source_id", "lifted_source_id")]
                days = [d for d in days if d is not None]
                statuses.append("possibly" if days and max(days) < day else "in_force")
            else:
                statuses.append("possibly")
        if "in_force" in statuses and "out" not in statuses:
            status = "in_force"
        elif "in_force" in statuses or "possibly" in statuses:
            status = "possibly"
        else:
            continue
        targets = sorted({r["target_actor_id"] for r in rows if r["target_actor_id"]})
        found[measure] = (status, sorted(r["sanction_id"] for r in rows), targets)
    return found


def _found(result: pd.DataFrame) -> dict[str, tuple]:
    return {
        r.measure_id: (r.status, list(r.sanction_ids), list(r.target_actor_ids))
        for r in result.itertuples()
    }


DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2022, 12, 31))


@settings(max_examples=100, deadline=None)
@given(DAYS)
def test_published_measures_in_force_equal_a_plain_loop(day):
    sanctions = mcd.load("sanctions")
    assert _found(in_force(day, sanctions)) == reference(sanctions, day)


@st.composite
def sanction_tables(draw) -> pd.DataFrame:
    size = draw(st.integers(min_value=1, max_value=8))
    rows = []
    for i in range(size):
        first = draw(st.one_of(st.none(), DAYS))
        width = draw(st.integers(min_value=0, max_value=90))
        lifted = draw(st.one_of(st.none(), DAYS))
        firsts = [r["sanction_id"] for r in rows if r["same_measure_as"] is None]
        rows.append(
            {
                "sanction_id": f"san-{i + 1:04d}",
                "same_measure_as": draw(st.one_of(st.none(), st.sampled_from(firsts)))
                if firsts
                else None,
                "sender_actor_id": "sender",
                "target_actor_id": draw(st.sampled_from([None, "mali", "fama"])),
                "measure": "economic_sanctions",
                "imposed_date": first,
                "imposed_date_latest": first + dt.timedelta(days=width) if first else None,
                "lifted_date": lifted,
                "lifted_date_latest": lifted + dt.timedelta(days=width) if lifted else None,
                "source_id": f"source-{i}",
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("imposed_date", "imposed_date_latest", "lifted_date", "lifted_date_latest"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


@settings(max_examples=150, deadline=None)
@given(sanction_tables(), DAYS)
def test_generated_measures_in_force_equal_a_plain_loop(sanctions, day):
    result = in_force(day, sanctions)
    assert _found(result) == reference(sanctions, day)
    assert result["measure_id"].is_unique  # each measure once, however many reports


def test_in_force_on_2021_06_01_counts_the_us_halt_once_with_both_claims():
    sanctions = mcd.load("sanctions").set_index("sanction_id")
    found = in_force("2021-06-01")
    us = found[found["sender_actor_id"] == "united-states"]
    assert len(us) == 1
    reports = us["sanction_ids"].iloc[0]
    assert sorted(sanctions.loc[reports, "source_id"]) == ["cfr-gct-mali", "fp-2020-08-21"]
    assert us["target_actor_ids"].iloc[0] == sorted(sanctions.loc[reports, "target_actor_id"])
    assert bool(us["reports_differ"].iloc[0])  # FAMa in one article, Mali in the other
    assert len(found) == found["measure_id"].nunique() < len(sanctions)


def test_no_measure_is_in_force_after_the_last_article_reporting_it():
    """After the last article that reports a measure, it is only 'possibly' in force.

    It once said the US halt and the ECOWAS measures were in force in June 2021,
    although no article after November 2020 mentions them.
    """
    for day in ("2020-11-30", "2021-06-01", "2024-01-01"):
        found = in_force(day)
        late = found[found["last_reported"] < pd.Timestamp(day)]
        assert set(late["status"]) <= {"possibly"}, found[["measure_id", "status"]]
        assert len(late) == len(found), "every measure's last report is in 2020"


def test_a_bad_date_is_a_one_line_error():
    with pytest.raises(mcd.MaliConflictDataError, match="is not a date"):
        in_force("June 2021, roughly")


SECOND = (
    "san-0002,{link},{sender},mali,membership_suspension,2020-05-05,2020-05-05,day,,,,false,,"
    "Again.,{source},{quote},,,,\n"
)
QUOTE_A = "The Sample Union suspended Mali from its membership on 5 May 2020."
QUOTE_B = "Kati was attacked on 3 May 2020"


@pytest.mark.parametrize(
    ("link", "sender", "source", "quote", "bad"),
    [
        ("san-0001", "sample-union", "report-b", QUOTE_B, False),  # another article: fine
        ("san-0001", "sample-union", "report-a", QUOTE_A, True),  # the same article twice
        ("san-0001", "mali", "report-b", QUOTE_B, True),  # another sender: another measure
        ("san-0002", "sample-union", "report-b", QUOTE_B, True),  # itself
    ],
)
def test_a_link_must_name_the_first_report_of_the_same_sender(
    tmp_path, link, sender, source, quote, bad
):
    row = SECOND.format(link=link, sender=sender, source=source, quote=quote)
    result = validate_raw(
        minimal_raw_with(tmp_path, "sanctions", [row]), sources=MINIMAL / "sources"
    )
    located = [(p.file, p.line) for p in result.problems if p.rule == RULE]
    assert located == ([("raw/sanctions.csv", 3)] if bad else [])


def test_a_link_to_a_further_report_is_refused(tmp_path):
    rows = [
        SECOND.format(link="san-0001", sender="sample-union", source="report-b", quote=QUOTE_B),
        SECOND.format(
            link="san-0002", sender="sample-union", source="report-b", quote=QUOTE_B
        ).replace("san-0002,san-0002", "san-0003,san-0002"),
    ]
    result = validate_raw(
        minimal_raw_with(tmp_path, "sanctions", rows), sources=MINIMAL / "sources"
    )
    assert [(p.file, p.line) for p in result.problems if p.rule == RULE] == [
        ("raw/sanctions.csv", 4)
    ]
