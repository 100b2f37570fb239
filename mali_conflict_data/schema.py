"""The pandera schemas, generated from the data model (:mod:`mali_conflict_data.model`).

Each :class:`~mali_conflict_data.model.Column` becomes a ``pandera.Column`` of
the dtype its kind gives (:mod:`mali_conflict_data._types`) with the checks its
attributes ask for; each :class:`~mali_conflict_data.model.Rule` becomes the
named checks of :mod:`mali_conflict_data._rules`. Nothing about a column is
declared here.

This module imports pandera, so the package imports it only when validating.
The vocabularies are re-exported from the model for convenience.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

from mali_conflict_data import _rules as rules
from mali_conflict_data import _types
from mali_conflict_data.model import (  # noqa: F401  (re-exported vocabularies)
    ACTOR_TYPES,
    DATE_PRECISIONS,
    DEPLOYMENT_STATUSES,
    EVENT_ROLES,
    EVENT_TYPES,
    GEO_PRECISIONS,
    LOCATION_TYPES,
    MEASURES,
    NAME_KINDS,
    OUTCOMES,
    PARENT_RELATIONS,
    PERSONNEL_KINDS,
    PUBLISHED,
    QUALIFIERS,
    STATED_RELATIONS,
    TABLES,
    VICTIM_GROUPS,
    Column,
    Rule,
    Table,
)

_EARLIEST = dt.date(1900, 1, 1)


def _checks(column: Column) -> list[pa.Check]:
    """The single-column checks a column's attributes ask for."""
    checks = []
    if column.pattern:
        checks.append(
            rules.str_matches(
                column.pattern, name="id_pattern", error=f"must match the pattern {column.pattern}"
            )
        )
    if column.kind == "text":
        checks.append(rules.str_length(min_value=1, name="not_empty", error="must not be empty"))
        if column.max_length:
            checks.append(
                rules.str_length(
                    max_value=column.max_length,
                    name="too_long",
                    error=f"must be at most {column.max_length} characters",
                )
            )
    elif column.kind == "date":
        checks.append(
            pa.Check(
                lambda s: s >= pd.Timestamp(_EARLIEST),
                element_wise=False,
                name="date_too_early",
                error=f"must be on or after {_EARLIEST.isoformat()}",
            )
        )
    elif column.kind == "count":
        if column.minimum == 0:
            checks.append(pa.Check.ge(0, name="negative_count", error="must not be negative"))
        else:
            checks.append(
                pa.Check.ge(
                    column.minimum,
                    name="below_minimum",
                    error=f"must be at least {column.minimum:g}",
                )
            )
    elif column.kind == "number":
        low, high = column.minimum, column.maximum
        checks.append(
            pa.Check.in_range(
                low, high, name="coordinate_range", error=f"must lie between {low:g} and {high:g}"
            )
        )
    elif column.kind == "list":
        checks.append(rules.is_list_of_text())
    return checks


def _metadata(column: Column) -> dict | None:
    """What the generated files and tests read off a pandera column."""
    metadata = {
        "kind": column.kind,
        "pattern": column.pattern,
        "unique": column.unique or None,
        "free_text": (column.kind == "text") or None,
        "max_length": column.max_length,
        "vocabulary": list(column.vocabulary) if column.vocabulary else None,
        "minimum": column.minimum,
        "maximum": column.maximum,
        "list": (column.kind == "list") or None,
        "quote_of": column.quote_of,
    }
    return {k: v for k, v in metadata.items() if v is not None}


class _String(pandas_engine.STRING):
    """pandera's string dtype, whose check of a column already of it is one comparison.

    pandera's own check answers a column of the right dtype with one True per cell,
    then formats an empty table of failures from them (about 1 ms per column, for
    every text and id column of every table); any other dtype is checked by it.

    >>> _String.from_parametrized_dtype(pd.StringDtype()).check(pd.StringDtype())
    True
    >>> _String.from_parametrized_dtype(pd.StringDtype()).check(pandas_engine.Engine.dtype(int))
    False
    """

    def check(self, pandera_dtype, data_container=None):
        try:
            same = pandas_engine.Engine.dtype(pandera_dtype).type == self.type
        except TypeError:
            same = False
        return True if same else super().check(pandera_dtype, data_container)


def _dtype(column: Column):
    """The dtype pandera checks a column against (the string dtype by :class:`_String`)."""
    dtype = _types.pandas_dtype(column)
    if isinstance(dtype, pd.StringDtype):
        return _String.from_parametrized_dtype(dtype)
    return dtype


def to_column(column: Column) -> pa.Column:
    """The pandera column of a model column."""
    return pa.Column(
        _dtype(column),
        checks=_checks(column),
        nullable=column.nullable,
        description=column.description,
        metadata=_metadata(column),
    )


def _rule_checks(rule: Rule) -> list[pa.Check]:
    """The pandera checks of one model rule (a rule kind not known here is a bug: it raises)."""
    c = rule.columns
    makers = {
        "both_or_neither": lambda: [rules.both_or_neither(*c)],
        "needs": lambda: [rules.needs(*c)],
        "filled_together": lambda: [rules.filled_together(list(c))],
        "not_before": lambda: [rules.not_before(*c)],
        "lifted_needs_source": lambda: [rules.lifted_needs_source()],
        "interval": lambda: rules.interval_checks(*c),
        "figure": lambda: rules.figure_checks(),
        "part_of": lambda: rules.part_of_checks(c[0], c[1], list(rule.same)),
        "further_report": lambda: rules.further_report_checks(c[0], c[1], list(rule.same)),
        "same_period": lambda: rules.same_period_checks(*c),
        "ordered_bounds": lambda: [rules.ordered_bounds(list(c))],
    }
    if rule.kind not in makers:
        raise ValueError(f"rule kind {rule.kind!r} has no checks in schema._rule_checks")
    return makers[rule.kind]()


def to_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of a model table.

    >>> to_schema(TABLES["events"]).columns["event_type"].dtype
    DataType(category)
    """
    return pa.DataFrameSchema(
        {name: to_column(column) for name, column in table.columns.items()},
        checks=[check for rule in table.rules for check in _rule_checks(rule)],
        name=table.name,
        description=table.description,
        unique=list(table.primary_key),
        strict=True,
        ordered=True,
        metadata={
            "primary_key": list(table.primary_key),
            "foreign_keys": [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": fk.resource, "fields": list(fk.reference_fields)},
                }
                for fk in table.foreign_keys
            ],
        },
    )


#: The coded tables' pandera schemas.
SCHEMAS: dict[str, pa.DataFrameSchema] = {name: to_schema(t) for name, t in TABLES.items()}


def __getattr__(name: str):
    """``PUBLISHED_SCHEMAS``: every published table's pandera schema, the derived ones included.

    Made on first use (``validate`` never needs the derived tables' schemas).

    >>> from mali_conflict_data import schema
    >>> sorted(set(schema.PUBLISHED_SCHEMAS) - set(SCHEMAS))[:2]
    ['admin1_year', 'country_month']
    """
    if name != "PUBLISHED_SCHEMAS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    schemas = {**SCHEMAS, **{n: to_schema(t) for n, t in PUBLISHED.items() if t.derived}}
    globals()["PUBLISHED_SCHEMAS"] = schemas
    return schemas
