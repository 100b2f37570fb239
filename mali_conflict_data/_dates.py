"""The day a public function is asked about, read strictly (one reader for all of them).

Used by ``deployments_on``, ``in_force`` and the date filters of ``load``.

Accepted: a :class:`datetime.date`, a naive :class:`datetime.datetime`,
:class:`pandas.Timestamp` or ``numpy.datetime64`` (its day is taken, the time of
day dropped), or an ISO ``YYYY-MM-DD`` text. Refused, with one line (by default a
:class:`MaliConflictDataError`) naming the caller, what was given and what is
expected: a time-zone-aware datetime or text (which day it means is the caller's
choice, e.g. ``value.astimezone(datetime.UTC).date()``; the data's days are
calendar days with no zone), any other text (``"2020"`` is a year, not a day;
``"20201015"`` and week dates are not read), numbers (never read as seconds
since 1970), booleans, empty values.

>>> day("2020-10-15"), day(dt.datetime(2020, 10, 15, 12, 30))
(datetime.date(2020, 10, 15), datetime.date(2020, 10, 15))
>>> day("2020", "in_force()")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mali_conflict_data._errors.MaliConflictDataError: in_force(): '2020' is not a date; expected ...
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from mali_conflict_data._errors import MaliConflictDataError

__all__ = ["day"]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXPECTED = "expected a date, a naive datetime or a text 'YYYY-MM-DD' (e.g. '2021-06-01')"


def _given(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def day(
    value, caller: str = "this function", error: type[Exception] = MaliConflictDataError
) -> dt.date:
    """``value`` as a calendar day, or a one-line ``error`` saying what was given and expected.

    ``caller`` starts the message (``"in_force()"``, ``"Filter on 'date_start'"``).

    >>> day(dt.date(2021, 6, 1))
    datetime.date(2021, 6, 1)
    """

    def refuse(why: str) -> Exception:
        return error(f"{caller}: {why}; {_EXPECTED}")

    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        raise refuse("the date is empty")  # None, NaN, NaT, pd.NA
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)  # no time zone by construction
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            raise refuse(
                f"{_given(value)} has a time zone (which day it is depends on it); "
                "convert it first, e.g. value.astimezone(datetime.UTC).date()"
            )
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _ISO.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise refuse(f"{_given(value)} is not a date of the calendar") from None
        raise refuse(f"{_given(value)} is not a date")
    raise refuse(f"{_given(value)} ({type(value).__name__}) is not a date")
