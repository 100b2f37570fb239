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


# --- the values are ACLED's and UCDP's own (declared once in the model, with their source) --


def _acled(row) -> tuple[str, str, str]:
    return row[1], row[2], row[3]


def test_every_acled_value_is_in_acleds_published_vocabulary():
    events = set(s.ACLED_EVENT_TYPES)
    subs = {sub for types in s.ACLED_EVENT_TYPES.values() for sub in types}
    disorders = set(s.ACLED_DISORDER_TYPES)
    for event_type, row in s.EVENT_TYPE_MAPPING.items():
        disorder, acled_event, sub = _acled(row)
        for value, known, what in (
            (disorder, disorders, "disorder_type"),
            (acled_event, events, "event_type"),
            (sub, subs, "sub_event_type"),
        ):
            assert value == s.NO_EQUIVALENT or value in known, (
                f"{event_type}: ACLED {what} {value!r} is not in ACLED's published vocabulary "
                f"(model.ACLED_EVENT_TYPES / ACLED_DISORDER_TYPES, from {s.ACLED_SOURCE})"
            )
    assert "ACLED Codebook" in s.ACLED_SOURCE and "UCDP" in s.UCDP_SOURCE


def test_acled_triples_follow_acleds_hierarchy():
    """The sub-event type belongs to the event type, the disorder type is the one ACLED
    gives that sub-event type; every disorder type the hierarchy names is declared."""
    for event_type, row in s.EVENT_TYPE_MAPPING.items():
        disorder, acled_event, sub = _acled(row)
        if s.NO_EQUIVALENT in (disorder, acled_event, sub):
            continue  # (test_no_equivalent_in_acled_... : then all three are)
        assert sub in s.ACLED_EVENT_TYPES[acled_event], (
            f"{event_type}: {sub!r} is not a sub-event type of ACLED's {acled_event!r} "
            f"(declared: {s.ACLED_EVENT_TYPES[acled_event]})"
        )
        declared = s.acled_disorder_type(acled_event, sub)
        assert disorder == declared, (
            f"{event_type}: disorder_type declared by ACLED for {acled_event} / {sub} is "
            f"{declared!r}; the mapping gives {disorder!r}"
        )
    named = set(s.ACLED_DISORDER_OF_EVENT.values()) | set(s.ACLED_DISORDER_OF_SUB_EVENT.values())
    assert named == set(s.ACLED_DISORDER_TYPES)
    assert set(s.ACLED_DISORDER_OF_EVENT) == set(s.ACLED_EVENT_TYPES)
    subs = {sub for types in s.ACLED_EVENT_TYPES.values() for sub in types}
    assert set(s.ACLED_DISORDER_OF_SUB_EVENT) <= subs


def test_every_ucdp_value_is_a_type_of_violence_code_or_no_equivalent():
    for event_type, row in s.EVENT_TYPE_MAPPING.items():
        value = row[s.MAPPED_COLUMNS.index("ucdp_type_of_violence")]
        assert value == s.NO_EQUIVALENT or value in s.UCDP_TYPES_OF_VIOLENCE, (event_type, value)


def test_each_category_maps_to_its_acled_disorder_types():
    for event_type, (category, disorder, *_) in s.EVENT_TYPE_MAPPING.items():
        assert disorder in s.CATEGORY_DISORDERS[category], (event_type, category, disorder)
    assert set(s.CATEGORY_DISORDERS) == set(s.EVENT_CATEGORIES)


def test_the_least_certain_mappings_carry_a_caveat():
    uncertain = ["coup", "protest_clash", "alliance_break"]
    uncertain += [t for t in s.EVENT_TYPES if t.startswith("mission_")]
    for event_type in uncertain:
        assert s.EVENT_TYPE_MAPPING[event_type][-1].strip(), f"{event_type}: no caveat"


def test_the_codebook_cites_the_codebook_versions_checked():
    page = codebook()
    assert s.ACLED_SOURCE in page and s.UCDP_SOURCE in page
