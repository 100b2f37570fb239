"""The day a public function asks for (deployments_on, in_force): what is accepted, what refused.

One helper (``mali_conflict_data._dates.day``) reads it for both; each function is
called here with generated good days (date, naive datetime, pandas Timestamp, ISO
``YYYY-MM-DD`` text: all the same day) and generated bad ones (time-zone-aware
datetimes and texts, other text, numbers, booleans, empty values, containers), each
refused with one error naming the function, what was given and what is expected.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data.measures import in_force
from mali_conflict_data.strengths import deployments_on

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def calls():
    deployments, sanctions, sources = (mcd.load(t) for t in ("deployments", "sanctions", "sources"))
    return {
        "deployments_on": lambda d: deployments_on(d, deployments),
        "in_force": lambda d: in_force(d, sanctions, sources),
    }


DAYS = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2025, 12, 31))
AWARE = st.datetimes(timezones=st.timezones(), allow_imaginary=False).filter(
    lambda d: d.tzinfo is not None and d.utcoffset() is not None
)
BAD = st.one_of(
    AWARE,
    AWARE.map(pd.Timestamp),
    AWARE.map(lambda d: d.isoformat()),
    st.text(max_size=20).filter(lambda s: not _ISO.fullmatch(s)),
    DAYS.map(lambda d: d.isoformat()[:4]),  # "2020": a year is not a day
    DAYS.map(lambda d: d.isoformat()[:7]),  # "2020-10"
    DAYS.map(lambda d: d.strftime("%Y%m%d")),  # "20201015"
    DAYS.map(lambda d: d.isoformat() + "T12:00"),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.sampled_from([None, pd.NaT, float("nan"), pd.NA, [], (), {}]),
    DAYS.map(lambda d: [d.isoformat()]),
)


@pytest.mark.parametrize("name", ["deployments_on", "in_force"])
@settings(max_examples=80, deadline=None)
@given(value=BAD)
def test_generated_bad_days_are_refused_in_one_line(calls, name, value):
    with pytest.raises(mcd.MaliConflictDataError) as caught:
        calls[name](value)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}(): ") and "YYYY-MM-DD" in message, message
    assert repr(value)[:20] in message or "empty" in message, message


@pytest.mark.parametrize(
    "value", ["2020-02-30", "2020-13-01", "0000-01-01"], ids=["feb30", "month13", "year0"]
)
@pytest.mark.parametrize("name", ["deployments_on", "in_force"])
def test_an_iso_text_that_is_no_day_is_refused(calls, name, value):
    with pytest.raises(mcd.MaliConflictDataError, match=re.escape(repr(value))):
        calls[name](value)


@pytest.mark.parametrize("name", ["deployments_on", "in_force"])
@settings(max_examples=25, deadline=None)
@given(day=DAYS, hour=st.integers(0, 23))
def test_generated_days_of_every_accepted_kind_give_the_same_answer(calls, name, day, hour):
    noon = dt.datetime.combine(day, dt.time(hour))
    kinds = [day, noon, pd.Timestamp(noon), np.datetime64(noon), day.isoformat()]
    first, *others = (calls[name](k) for k in kinds)
    for other in others:
        pd.testing.assert_frame_equal(first, other)


@settings(max_examples=60, deadline=None)
@given(value=BAD.filter(lambda v: v is not None and not isinstance(v, list | tuple)))
def test_generated_bad_days_in_a_date_filter_are_refused_in_one_line(value):
    """load(filters=...) on a date column reads its value with the same helper (a list or
    tuple is a set of values, each read so)."""
    with pytest.raises(ValueError) as caught:
        mcd.load("events", columns=["event_id"], filters=[("date_start", ">=", value)])
    message = str(caught.value)
    assert "\n" not in message and message.startswith("Filter on 'date_start': "), message
    assert "YYYY-MM-DD" in message, message
