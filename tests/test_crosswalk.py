"""Event categories and the ACLED / UCDP mapping: one table in the model, carried everywhere."""

from __future__ import annotations

import pandas as pd

import mali_conflict_data as mcd
from mali_conflict_data import model as s
from mali_conflict_data.build import codebook

# ISO 3166-1 numeric and Gleditsch-Ward codes (outside facts, the ones the data uses).
KNOWN_CODES = {"MLI": ("466", 432), "DZA": ("012", 615), "NER": ("562", 436)}
CODE_COLUMNS = ["country_iso_numeric", "country_gw"]


def test_every_event_type_has_one_mapping_row_in_vocabulary_order():
    assert list(s.EVENT_TYPE_MAPPING) == s.EVENT_TYPES
    for row in s.EVENT_TYPE_MAPPING.values():
        assert len(row) == len(s.MAPPED_COLUMNS) + 1
        assert row[0] in s.EVENT_CATEGORIES
        assert all(value.strip() for value in row[:-1])  # "no equivalent", never blank


def test_no_equivalent_in_acled_means_no_equivalent_in_every_acled_column():
    for event_type, row in s.EVENT_TYPE_MAPPING.items():
        acled = row[1:4]
        assert (s.NO_EQUIVALENT in acled) == (set(acled) == {s.NO_EQUIVALENT}), event_type


def test_event_summary_carries_the_mapping_of_its_event_type():
    summary = mcd.load("event_summary")
    for _, row in summary.iterrows():
        expected = s.EVENT_TYPE_MAPPING[row["event_type"]][: len(s.MAPPED_COLUMNS)]
        assert tuple(row[c] for c in s.MAPPED_COLUMNS) == expected
    for column in s.MAPPED_COLUMNS[1:]:
        assert list(summary[column].cat.categories) == s.mapped_values(column)


def test_codebook_shows_every_row_of_the_mapping_with_its_caveat():
    page = codebook()
    assert "not a re-coding" in page
    for event_type, row in s.EVENT_TYPE_MAPPING.items():
        line = next(x for x in page.splitlines() if x.startswith(f"| `{event_type}` |"))
        assert all(value in line for value in row)


def test_location_country_codes_follow_the_alpha3_code():
    locations = mcd.load("locations")
    summary = mcd.load("event_summary")
    for frame in (locations, summary):
        for _, row in frame.iterrows():
            found = tuple(None if pd.isna(row[c]) else row[c] for c in CODE_COLUMNS)
            alpha3 = None if pd.isna(row["country_iso3"]) else row["country_iso3"]
            assert found == KNOWN_CODES.get(alpha3, (None, None)), row["location_id"]
    assert {"MLI", "DZA"} <= set(locations["country_iso3"].dropna())
