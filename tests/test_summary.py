"""The flat event table: recomputed here, by plain loops, from the published coded tables."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data._numbers import numbers_in
from mali_conflict_data.schema import OUTCOMES
from mali_conflict_data.summary import (
    EVENT_SUMMARY,
    ROLES,
    claim_events,
    derive,
    disagreeing_events,
    figures_by_outcome,
)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if v is pd.NA or v is None else v) for k, v in r.items()}
        for r in frame.astype(object).where(frame.notna(), None).to_dict("records")
    ]


def _a_count(figure: dict) -> bool:
    """Words that give a count: a number in them, or a vague word ('dozens')."""
    if "count_text" not in figure:
        return True
    words = figure["count_text"] or ""
    return bool(numbers_in(words)) or figure.get("qualifier") == "vague"


def reference(frames: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """The published rule, written out figure by figure (see the summary module's docstring)."""
    figures = _records(frames["casualties"])
    by_id = {f["casualty_id"]: f for f in figures}
    result: dict[str, dict] = {}
    for event in frames["events"]["event_id"]:
        for outcome in OUTCOMES:
            totals = {}  # source -> [low, best, high, counted]; None = not stated / unbounded
            for f in figures:
                if f["event_id"] != event or f["outcome"] != outcome:
                    continue
                whole = f.get("part_of_casualty_id")
                same = ("source_id", "event_id", "outcome")
                if whole is not None and all(by_id[whole][k] == f[k] for k in same):
                    continue  # counted within its whole
                low = f["low"] if f["low"] is not None else (f["best"] or 0)
                best, high = f["best"], f["high"] if f["high"] is not None else f["best"]
                if whole is not None:
                    best = high = None
                total = totals.setdefault(f["source_id"], [0, 0, 0, True])
                total[3] = total[3] and _a_count(f)
                total[0] += low
                total[1] = None if total[1] is None or best is None else total[1] + best
                total[2] = None if total[2] is None or high is None else total[2] + high
            if not totals:
                result[(event, outcome)] = (None, None, None)
                continue
            lows = [t[0] for t in totals.values()]
            # best: from the totals counted in numbers if any article gives one
            reliable = [t for t in totals.values() if t[3]] or list(totals.values())
            bests = sorted(t[1] for t in reliable if t[1] is not None)
            highs = [t[2] for t in totals.values()]
            result[(event, outcome)] = (
                min(lows),
                bests[(len(bests) - 1) // 2] if bests else None,
                None if None in highs else max(highs),
            )
    return result


def _published_figures(summary: pd.DataFrame) -> dict:
    found = {}
    for row in _records(summary):
        for outcome in OUTCOMES:
            found[(row["event_id"], outcome)] = tuple(
                row[f"{outcome}_{b}"] for b in ("low", "best", "high")
            )
    return found


@pytest.fixture(scope="module")
def frames():
    return mcd.load_all()


def test_published_summary_is_the_derivation_of_the_published_coded_tables(frames):
    recomputed = derive(frames)
    published = frames["event_summary"]
    pd.testing.assert_frame_equal(recomputed, published, check_dtype=True)


def test_figures_follow_the_documented_rule(frames):
    assert _published_figures(frames["event_summary"]) == reference(frames)


def test_figures_follow_the_rule_with_an_empty_part_of_column(frames):
    empty = _with_part_of(frames, {})
    assert _published_figures(derive(empty)) == reference(empty)


def test_one_row_per_event_with_its_place_actors_and_sources(frames):
    summary = frames["event_summary"].set_index("event_id")
    events = frames["events"].set_index("event_id")
    assert sorted(summary.index) == sorted(events.index)
    locations = frames["locations"].set_index("location_id")
    names = frames["actors"].set_index("actor_id")["name"]
    # every role of the vocabulary (from the published Table Schema) has its column
    roles = mcd.describe("event_actors").set_index("column").loc["role", "vocabulary"]
    assert sorted(ROLES) == sorted(roles) and len(set(ROLES.values())) == len(roles)
    in_role: dict[tuple[str, str], list[str]] = defaultdict(list)  # (event, role) -> actor ids
    for taking_part in frames["event_actors"].itertuples():
        in_role[(taking_part.event_id, taking_part.role)].append(taking_part.actor_id)
    assert {role for _, role in in_role} == set(roles), "the build codes every role"
    for event_id, event in events.iterrows():
        row = summary.loc[event_id]
        assert row["place"] == locations.loc[event["location_id"], "name"]
        assert row["date_start"] == event["date_start"]
        for role in roles:
            assert row[ROLES[role]] == [names[i] for i in sorted(in_role[(event_id, role)])], (
                f"{event_id}: {ROLES[role]}"
            )
        sources = {event["source_id"]}
        for table in ("event_reports", "event_actors", "casualties"):
            frame = frames[table]
            sources |= set(frame.loc[frame["event_id"] == event_id, "source_id"])
        assert row["source_ids"] == sorted(sources)
        assert row["n_sources"] == len(sources)


def test_disagreeing_sources_are_flagged_as_disagreements_lists_them(frames):
    coded = {name: frame for name, frame in frames.items() if name != "event_summary"}
    expected = claim_events(mcd.disagreements(coded), coded)
    assert disagreeing_events(coded) == expected  # the shortcut loses none
    summary = frames["event_summary"]
    assert set(summary.loc[summary["sources_disagree"], "event_id"]) == expected
    assert "ev-2020-08-18-coup" in expected  # 'four dead' against 'bloodless'


def test_the_best_estimate_is_the_most_reliable_figure_and_the_range_shows_the_rest(frames):
    summary = frames["event_summary"].set_index("event_id")
    coup = summary.loc["ev-2020-08-18-coup"]
    # Foreign Policy's "four dead" is a count; CFR's "bloodless" a word with no number
    assert (coup["killed_low"], coup["killed_best"], coup["killed_high"]) == (0, 4, 4)
    # "at least 15 injured" states no best; "bloodless" does not stand in for it
    assert coup["injured_low"] == 0 and pd.isna(coup["injured_best"])
    assert pd.isna(coup["injured_high"]) and coup["sources_disagree"]


def _with_part_of(frames, parts: dict[str, str]) -> dict[str, pd.DataFrame]:
    casualties = frames["casualties"].copy()
    casualties["part_of_casualty_id"] = pd.array(
        [parts.get(c) for c in casualties["casualty_id"]], dtype="string"
    )
    return {**frames, "casualties": casualties}


def test_a_subset_figure_is_counted_once_when_part_of_is_coded(frames):
    # "There were three Americans among the dead" (cas-0020) within "At least 37 hostages"
    # (cas-0018), both of the Truman article and of the hostage crisis of 16 to 19 January.
    with_parts = _with_part_of(frames, {"cas-0020": "cas-0018"})
    summary = derive(with_parts).set_index("event_id")
    crisis = summary.loc["ev-2013-01-16-in-amenas-hostage-taking"]
    assert crisis["killed_low"] == 37  # the three Americans are among the 37, not added
    assert pd.isna(crisis["killed_high"])  # "at least 37" has no upper bound
    assert _published_figures(summary.reset_index()) == reference(with_parts)


def test_a_part_whose_whole_is_in_another_article_gives_a_lower_bound(frames):
    casualties = frames["casualties"]
    other = casualties[casualties["casualty_id"] == "cas-0020"].assign(
        casualty_id="cas-9999", source_id="cfr-gct-mali"
    )
    extended = {**frames, "casualties": pd.concat([casualties, other], ignore_index=True)}
    with_parts = _with_part_of(extended, {"cas-0020": "cas-0018", "cas-9999": "cas-0018"})
    crisis = derive(with_parts).set_index("event_id").loc["ev-2013-01-16-in-amenas-hostage-taking"]
    assert crisis["killed_low"] == 3  # the other article says only "three among the dead"
    assert _published_figures(derive(with_parts)) == reference(with_parts)


def test_summary_schema_accepts_the_build_frames_and_refuses_disordered_figures(frames):
    summary = frames["event_summary"].copy()
    for column in ("date_start", "date_end"):  # as the build has them: datetime64[ns]
        summary[column] = summary[column].astype("datetime64[ns]")
    EVENT_SUMMARY.validate(summary)
    summary.loc[0, ["killed_low", "killed_high"]] = [5, 2]
    with pytest.raises(Exception, match="low <= best <= high"):
        EVENT_SUMMARY.validate(summary)


# --- the rule on generated figures -----------------------------------------


@st.composite
def _figures(draw) -> pd.DataFrame:
    rows = []
    for number in range(draw(st.integers(1, 8))):
        low, best, high = sorted(draw(st.lists(st.integers(0, 50), min_size=3, max_size=3)))
        low, high = (draw(st.sampled_from([v, None])) for v in (low, high))
        best = draw(st.sampled_from([best, best, best, None]))  # mostly stated
        rows.append(
            {
                "casualty_id": f"cas-{number:04d}",
                "event_id": draw(st.sampled_from(["ev-a", "ev-b"])),
                "outcome": draw(st.sampled_from(OUTCOMES[:2])),
                "source_id": draw(st.sampled_from(["s1", "s2", "s3"])),
                "low": low,
                "best": best,
                "high": high,
                # a count ("four dead", "dozens") or a characterisation ("bloodless")
                **draw(
                    st.sampled_from(
                        [
                            {"count_text": "four dead", "qualifier": "exact"},
                            {"count_text": "dozens", "qualifier": "vague"},
                            {"count_text": "bloodless", "qualifier": "exact"},
                        ]
                    )
                ),
            }
        )
    for row in rows:  # a part of an earlier figure, of any article, event or outcome
        earlier = [r["casualty_id"] for r in rows if r["casualty_id"] < row["casualty_id"]]
        row["part_of_casualty_id"] = draw(st.sampled_from([None, None, None, *earlier]))
    frame = pd.DataFrame(rows)
    for column in ("low", "best", "high"):
        frame[column] = frame[column].astype("Int64")
    return frame.astype({"part_of_casualty_id": "string"})


@settings(max_examples=100, deadline=None)
@given(_figures())
def test_generated_figures_follow_the_rule(casualties):
    events = pd.DataFrame({"event_id": ["ev-a", "ev-b"]})
    expected = {
        key: value
        for key, value in reference({"events": events, "casualties": casualties}).items()
        if key[1] in OUTCOMES[:2] and value != (None, None, None)
    }
    found = {
        key: tuple(None if pd.isna(v) else int(v) for v in row)
        for key, row in zip(
            figures_by_outcome(casualties).index,
            figures_by_outcome(casualties)[["low", "best", "high"]].itertuples(index=False),
            strict=True,
        )
    }
    assert found == expected
