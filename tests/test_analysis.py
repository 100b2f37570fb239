"""The questions an analyst asks first, answered in a line or two with each backend."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest
from conftest import record_file

import mali_conflict_data as mcd
from mali_conflict_data.summary import PUBLISHED


@pytest.fixture(scope="module")
def frames():
    return mcd.load_all()


def _killed_in_2020_by_source(frames) -> dict[str, int]:
    """Plain loops: the lowest number of people reported killed in 2020, per article."""
    events = frames["events"]
    year = dict(zip(events["event_id"], events["date_start"].dt.year, strict=True))
    totals: dict[str, int] = defaultdict(int)
    for row in frames["casualties"].itertuples():
        if row.outcome == "killed" and year[row.event_id] == 2020:
            totals[row.source_id] += 0 if pd.isna(row.low) else int(row.low)
    return dict(totals)


def test_dates_filter_by_year_compare_with_strings_and_resample(frames):
    events = frames["events"]
    in_2020 = events[events["date_start"].dt.year == 2020]
    assert len(in_2020) == len(events[events["date_start"].between("2020-01-01", "2020-12-31")])
    assert len(in_2020) > 0
    per_year = events.set_index("date_start").resample("YE").size()
    assert per_year.sum() == len(events)


def test_people_killed_in_2020_by_source_with_pandas(frames):
    casualties, events = frames["casualties"], frames["events"]
    killed = casualties.merge(events[["event_id", "date_start"]], on="event_id")
    answer = killed[(killed.outcome == "killed") & (killed.date_start.dt.year == 2020)]
    by_source = answer.groupby("source_id")["low"].sum()
    assert by_source.to_dict() == _killed_in_2020_by_source(frames)


def test_people_killed_in_2020_by_source_with_polars(frames):
    pl = pytest.importorskip("polars")
    casualties = mcd.load("casualties", backend="polars")
    events = mcd.load("events", backend="polars")
    answer = (
        casualties.join(events.select("event_id", "date_start"), on="event_id")
        .filter((pl.col("outcome") == "killed") & (pl.col("date_start").dt.year() == 2020))
        .group_by("source_id")
        .agg(pl.col("low").sum())
    )
    assert dict(answer.iter_rows()) == _killed_in_2020_by_source(frames)


def test_joining_the_summary_does_not_multiply_casualty_rows(frames):
    casualties = frames["casualties"]
    joined = casualties.merge(frames["event_summary"], on="event_id", validate="many_to_one")
    assert len(joined) == len(casualties)
    assert joined["low"].sum() == casualties["low"].sum()
    # whereas a join on event_actors multiplies them, one copy per actor
    naive = casualties.merge(frames["event_actors"], on="event_id")
    assert len(naive) > len(casualties)


def test_totals_from_the_summary_count_each_event_once(frames):
    summary = frames["event_summary"]
    killed_2020 = summary.loc[summary.date_start.dt.year == 2020, "killed_low"].sum()
    # one figure per event and outcome: the coup's 'four dead' and 'bloodless' are not added
    casualties = frames["casualties"]
    coup = casualties[
        (casualties.event_id == "ev-2020-08-18-coup") & (casualties.outcome == "killed")
    ]
    assert len(coup) == 2
    per_event = summary.set_index("event_id").loc["ev-2020-08-18-coup"]
    assert (per_event.killed_low, per_event.killed_high) == (0, 4)
    assert killed_2020 < sum(_killed_in_2020_by_source(frames).values())


def _places_from_raw(root) -> dict[str, dict[str, str | None]]:
    """Plain reading of raw/events.csv and raw/locations.csv: each event's place, by event id."""
    import csv

    def rows(name):
        with (root / "raw" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    locations = {row["location_id"]: row for row in rows("locations")}
    places = {}
    for event in rows("events"):
        location = locations[event["location_id"]]
        places[event["event_id"]] = {
            "place": location["name"],
            "admin1": location["admin1"] or None,
            "country_iso3": location["country_iso3"] or None,
            "latitude": float(location["latitude"]) if location["latitude"] else None,
            "longitude": float(location["longitude"]) if location["longitude"] else None,
            "geo_precision": location["geo_precision"] or None,
        }
    return places


def _counted(places: dict[str, dict]) -> dict[tuple, int]:
    """Events per (country_iso3, admin1, place), counted one by one."""
    counts: dict[tuple, int] = defaultdict(int)
    for place in places.values():
        counts[(place["country_iso3"], place["admin1"], place["place"])] += 1
    return dict(counts)


def _plain(value):
    return None if pd.isna(value) else value


def test_where_did_events_happen(root):
    # the README's questions, answered from the published summary
    summary = mcd.load("event_summary")
    counts = summary.value_counts(["country_iso3", "admin1", "place"], dropna=False)
    columns = ["event_id", "date_start", "place", "latitude", "longitude", "geo_precision"]
    listed = summary[columns]
    expected = _places_from_raw(root)
    assert {tuple(_plain(v) for v in key): n for key, n in counts.items()} == _counted(expected)
    found = {
        row["event_id"]: {c: _plain(row[c]) for c in columns[2:]}
        for row in listed.to_dict("records")
    }
    assert found == {event: {c: place[c] for c in columns[2:]} for event, place in expected.items()}
    assert sum(p["latitude"] is not None for p in expected.values()) > 0


def test_where_did_events_happen_with_polars(root):
    pytest.importorskip("polars")
    summary = mcd.load("event_summary", backend="polars")
    places = summary.group_by("country_iso3", "admin1", "place").len()
    places = places.sort(["len", "place"], descending=[True, False])  # as the README sorts
    found = {(country, admin1, place): n for country, admin1, place, n in places.iter_rows()}
    assert found == _counted(_places_from_raw(root))
    assert places["len"].to_list() == sorted(found.values(), reverse=True)


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_every_backend_keeps_the_full_vocabulary_dates_and_lists(name):
    pl = pytest.importorskip("polars")
    import pyarrow as pa

    pandas_frame = mcd.load(name)
    polars_frame = mcd.load(name, backend="polars")
    arrow_table = mcd.load(name, backend="pyarrow")
    assert polars_frame.height == arrow_table.num_rows == len(pandas_frame)
    for column_name, column in PUBLISHED[name].columns.items():
        metadata = column.metadata or {}
        kind = str(column.dtype)
        if "vocabulary" in metadata:
            vocabulary = metadata["vocabulary"]
            assert list(pandas_frame[column_name].cat.categories) == vocabulary
            assert polars_frame.schema[column_name] == pl.Enum(vocabulary)
            assert arrow_table.column(column_name).chunk(0).dictionary.to_pylist() == vocabulary
        elif kind == "date":
            assert polars_frame.schema[column_name] == pl.Date
            assert arrow_table.schema.field(column_name).type == pa.date32()
        elif metadata.get("list"):
            assert polars_frame.schema[column_name] == pl.List(pl.String)
        elif kind == "Int64":
            assert polars_frame.schema[column_name] == pl.Int64


@pytest.fixture
def rewritten(tmp_path):
    """A copy of the build whose casualties file another tool wrote: plain strings, no killed."""
    import shutil

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    source = mcd.data_dir()
    shutil.copy2(source / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(source / "schemas", tmp_path / "schemas")
    shutil.copytree(source / "build", tmp_path / "build")
    path = tmp_path / "build" / "casualties.parquet"
    table = pq.read_table(path)
    table = table.set_column(
        table.schema.get_field_index("outcome"), "outcome", table["outcome"].cast(pa.string())
    )
    table = table.filter(pc.not_equal(table["outcome"], "killed"))
    pq.write_table(table.replace_schema_metadata(None), path)
    _record(tmp_path, "casualties")
    return tmp_path


def _record(folder, name):
    record_file(folder, name)


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_vocabulary_is_kept_from_a_file_that_lacks_it(rewritten, backend):
    pytest.importorskip("polars")
    from mali_conflict_data.load import read_table

    vocabulary = mcd.describe("casualties").set_index("column").loc["outcome", "vocabulary"]
    loaded = read_table(rewritten, "casualties", backend=backend)
    if backend == "pandas":
        assert list(loaded["outcome"].cat.categories) == vocabulary
        assert "killed" not in set(loaded["outcome"])
    elif backend == "polars":
        assert list(loaded["outcome"].dtype.categories) == vocabulary
    else:
        assert loaded["outcome"].chunk(0).dictionary.to_pylist() == vocabulary


def test_a_value_outside_the_vocabulary_is_refused(rewritten):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from mali_conflict_data.load import read_table

    path = rewritten / "build" / "casualties.parquet"
    table = pq.read_table(path)
    index = table.schema.get_field_index("outcome")
    wrong = pa.array(["kiled"] * table.num_rows)
    pq.write_table(table.set_column(index, "outcome", wrong), path)
    _record(rewritten, "casualties")
    with pytest.raises(mcd.DamagedDataError, match=r"holds \['kiled'\] in column 'outcome'"):
        read_table(rewritten, "casualties")


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="choose one of: pandas, polars, pyarrow"):
        mcd.load("events", backend="spark")


def test_describe_and_cite():
    columns = mcd.describe("event_summary").set_index("column")
    assert columns.loc["killed_low", "type"] == "integer"
    assert "smallest article total" in columns.loc["killed_low", "description"]
    assert bool(columns.loc["event_id", "required"])
    text, bibtex = mcd.cite(), mcd.cite("bibtex")
    assert mcd.__version__ in text and f"version = {{{mcd.__version__}}}" in bibtex


def test_cite_reads_citation_cff_as_yaml_does(root):
    yaml = pytest.importorskip("yaml")
    from mali_conflict_data.citation import read_cff

    parsed = yaml.safe_load((root / "CITATION.cff").read_text())
    ours = read_cff(root / "CITATION.cff")
    for key in ("title", "license", "repository-code", "version"):
        assert ours[key] == str(parsed[key])
    assert ours["authors"] == [
        a.get("name") or f"{a['given-names']} {a['family-names']}" for a in parsed["authors"]
    ]
