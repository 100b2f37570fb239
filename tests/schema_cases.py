"""Mutations of a valid project, generated from SCHEMAS: one per table, column and rule.

Each :class:`Case` names what a schema declares (a type, a required column, a
column check, a table check, a key), how to break it in a valid table, and where
validation must then report it: the file, the line as the file shows it (header =
1) and the column. Nothing here lists tables or columns: the cases are read from
the pandera schema objects (dtype, nullable, each check and its statistics, the
metadata, the table checks of ``mali_conflict_data._rules`` and the keys), so a
column or rule added to a schema gets its cases without editing this file, and a
check of a kind this file does not know stops the generation with a message
saying where to add its mutation.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mali_conflict_data._numbers import numbers_in
from mali_conflict_data._rules import QUALIFIER_BOUNDS, RULE_COLUMNS
from mali_conflict_data.model import TABLES as MODEL
from mali_conflict_data.schema import SCHEMAS
from mali_conflict_data.validate import QUOTE_COLUMNS

Tables = dict[str, list[list[str]]]  # table name -> its CSV cells, header first

NOT_AN_ID = "Not an id!"
UNLISTED = "zz-unlisted"
# Checks no CSV file can break, with the reason (an empty cell is read as missing).
UNREACHABLE: dict[str, str] = {}


@dataclass
class Case:
    """One mutation and where its problem must be reported."""

    table: str
    column: str  # as the problem names it (cross-column rules: the columns, joined)
    rule: str
    declared: str  # what the schema declares, in words
    apply: Callable[[Tables], tuple[int, str]] = field(repr=False)  # -> (line, change)
    local: bool = True  # reads this table only, so it can share a run with other tables
    id: str = ""
    batch: int = 0


# --- reading and writing cells ---------------------------------------------


def read_tables(raw: Path) -> Tables:
    """Every table's cells."""
    tables = {}
    for name in SCHEMAS:
        with (raw / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            tables[name] = list(csv.reader(handle))
    return tables


def write_table(raw: Path, name: str, rows: list[list[str]]) -> None:
    """Write one table's cells (UTF-8, LF, minimal quoting)."""
    with (raw / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _put(rows: list[list[str]], index: int, **cells: str) -> str:
    """Set cells of data row ``index`` (1 = line 2); return the change in words."""
    for column, value in cells.items():
        rows[index][rows[0].index(column)] = value
    return ", ".join(f"{c}={v!r}" for c, v in cells.items())


def _row(rows: list[list[str]], index: int) -> dict[str, str]:
    return dict(zip(rows[0], rows[index], strict=True))


def _first(rows: list[list[str]], test: Callable[[dict[str, str]], bool]) -> int | None:
    for index in range(1, len(rows)):
        if test(_row(rows, index)):
            return index
    return None


def _references(table: str, column: str) -> tuple[str, str] | None:
    for fk in SCHEMAS[table].metadata["foreign_keys"]:
        if fk["fields"] == [column]:
            return fk["reference"]["resource"], fk["reference"]["fields"][0]
    return None


def sample(tables: Tables, table: str, column: str) -> str:
    """A valid value for ``column``: one another row has, else one its key points at."""
    rows = tables[table]
    values = [r[rows[0].index(column)] for r in rows[1:] if r[rows[0].index(column)]]
    if values:
        return values[0]
    target = _references(table, column)
    if target:
        return sample(tables, *target)
    declared = SCHEMAS[table].columns[column]
    by_kind = {"date": "2020-05-04", "count": "1", "number": "1.0", "flag": "false"}
    vocabulary = (declared.metadata or {}).get("vocabulary")
    return vocabulary[0] if vocabulary else by_kind.get(_kind(table, column), "Some words")


def unknown_id(pattern: str, taken: set[str]) -> str:
    """A value matching ``pattern`` that is none of ``taken`` (an id no row has)."""
    for seed in sorted(taken):
        for candidate in (f"{seed}-zz", re.sub(r"\d", "9", seed), re.sub(r"\d", "8", seed)):
            if re.match(pattern, candidate) and candidate not in taken:
                return candidate
    raise AssertionError(f"no unknown id for {pattern} next to {sorted(taken)}")


def _day(text: str, days: int = 0) -> str:
    return (dt.date.fromisoformat(text) + dt.timedelta(days=days)).isoformat()


# --- cases of one column ----------------------------------------------------


def _kind(table: str, column: str) -> str:
    """The column's kind in the data model (``date``, ``count``, ``vocabulary``...)."""
    return MODEL[table].columns[column].kind


_TYPES = {  # kind -> (values of the wrong type, as contributors or tools write them; rule)
    "date": (["2020-02-30", "3 May 2020", "2020-5-3", "\uff12\uff10\uff12\uff10-05-03"], "date"),
    # past 64 bits (once wrapped round to a negative number); Arabic-Indic digits (once
    # dropped without a word)
    "count": (["1.5", "1,000", "99999999999999999999", "\u0661\u0662"], "integer"),
    "number": (["north", "12,5"], "number"),
    "flag": (["yes", "True"], "boolean"),
    "vocabulary": ([UNLISTED, "upper case"], "vocabulary"),
}


def _set_cell(table: str, column: str, value: str) -> Callable[[Tables], tuple[int, str]]:
    def apply(tables: Tables) -> tuple[int, str]:
        return 2, _put(tables[table], 1, **{column: value})

    return apply


def _prefixed(table: str, column: str, prefix: str) -> Callable[[Tables], tuple[int, str]]:
    def apply(tables: Tables) -> tuple[int, str]:
        return 2, _put(tables[table], 1, **{column: prefix + sample(tables, table, column)})

    return apply


def _check_values(table: str, column: str, check) -> list[tuple[str, str]]:
    """Values breaking a column check (from its statistics), each with the check in words."""
    declared = SCHEMAS[table].columns[column]
    dtype, stats = _kind(table, column), check.statistics or {}
    text = dtype in ("id", "text")
    low, high = stats.get("min_value"), stats.get("max_value")
    if "pattern" in stats:
        assert not re.match(stats["pattern"], NOT_AN_ID)
        return [(NOT_AN_ID, f"pattern {stats['pattern']}")]
    if text and high:
        return [("x" * (high + 1), f"at most {high} characters")]
    if text and low == 1:
        UNREACHABLE[f"{table}.{column}:{check.name}"] = (
            "an empty cell is read as missing (the required rule, or allowed)"
        )
        return []
    if dtype in ("count", "number") and (low is not None or high is not None):
        below = [(str(low - 1), f">= {low}")] if low is not None else []
        return below + ([(str(high + 1), f"<= {high}")] if high is not None else [])
    if dtype == "date" and re.search(r"\d{4}-\d{2}-\d{2}", check.error or ""):
        earliest = re.search(r"\d{4}-\d{2}-\d{2}", check.error).group()
        return [(_day(earliest, -1), f"on or after {earliest}")]
    if (declared.metadata or {}).get("list"):
        return [("a;;b", "a list of non-empty names")]
    raise NotImplementedError(
        f"no mutation for check {check.name!r} of {table}.{column} ({stats}); add one to "
        "_check_values in tests/schema_cases.py"
    )


def column_cases(table: str, column: str) -> list[Case]:
    """The type, required, each check and the cell hygiene rules of one column."""
    declared = SCHEMAS[table].columns[column]
    metadata, dtype = declared.metadata or {}, _kind(table, column)
    cases = []

    def add(rule: str, what: str, apply, local: bool = True) -> None:
        cases.append(Case(table, column, rule, what, apply, local))

    if not declared.nullable and not metadata.get("list"):
        add("required", "required (not nullable)", _set_cell(table, column, ""))
    if dtype in _TYPES:
        values, rule = _TYPES[dtype]
        for value in values:
            if value == "upper case":  # a vocabulary value in the wrong case
                value = metadata["vocabulary"][0].upper()
            add(rule, f"type {dtype}: not {value!r}", _set_cell(table, column, value))
    for check in declared.checks:
        for value, words in _check_values(table, column, check):
            add(check.name, f"check {check.name}: {words}", _set_cell(table, column, value))
    add("whitespace", "no spaces at the ends (every cell)", _prefixed(table, column, " "))
    if metadata.get("free_text"):
        add("formula_injection", "free text: no formula", _set_cell(table, column, "=1+1"))
    return cases


# --- cases of a table check (mali_conflict_data._rules) ---------------------


def _family(check) -> str:
    """The _rules function a table check comes from ("interval_checks.ordered")."""
    name = check._check_fn.__qualname__.replace(".<locals>", "")
    return name.removesuffix(".<lambda>").removesuffix(".ok")


def _table_check(table: str, check) -> Callable[[Tables], tuple[int, str]]:
    columns, family = RULE_COLUMNS[check.name], _family(check)
    key = SCHEMAS[table].metadata["primary_key"]

    def apply(tables: Tables) -> tuple[int, str]:
        rows = tables[table]

        def date_of(index: int, *choices: str) -> str:
            row = _row(rows, index)
            return next((row[c] for c in choices if row[c]), sample(tables, table, choices[0]))

        if family in ("both_or_neither", "filled_together"):
            full = _first(rows, lambda r: all(r[c] for c in columns))
            if full is not None:
                return full + 1, _put(rows, full, **{columns[-1]: ""})
            empty = _first(rows, lambda r: not any(r[c] for c in columns))
            return empty + 1, _put(rows, empty, **{columns[0]: sample(tables, table, columns[0])})
        if family == "interval_checks.ordered":
            start, end = columns
            day = date_of(1, end, start)
            return 2, _put(rows, 1, **{start: _day(day, 1), end: day})
        if family == "interval_checks.matches":
            start, end, precision = columns
            day = date_of(1, start, end)
            return 2, _put(rows, 1, **{start: day, end: _day(day, 1), precision: "day"})
        if family == "not_before":
            earlier, later = columns
            day = date_of(1, earlier)
            return 2, _put(rows, 1, **{earlier: day, later: _day(day, -1)})
        if family in ("lifted_needs_source", "needs"):  # a value without the one it needs
            value, required = columns
            return 2, _put(rows, 1, **{value: sample(tables, table, value), required: ""})
        if family == "_ordered":
            low, best, high = columns
            return 2, _put(rows, 1, **{low: "10", best: "", high: "5", "qualifier": "range"})
        if family == "_consistent":
            qualifier = next(q for q, needs in QUALIFIER_BOUNDS.items() if True in needs)
            bounds = dict.fromkeys(columns[1:], "")
            return 2, _put(rows, 1, **{columns[0]: qualifier}, **bounds)
        if family == "count_text_agrees":
            index = _first(rows, lambda r: bool(numbers_in(r["count_text"])))
            n = str(numbers_in(_row(rows, index)["count_text"])[0] + 1)
            return index + 1, _put(rows, index, qualifier="exact", low=n, best=n, high=n)
        if family == "part_of_checks.same_figure":
            return 2, _put(rows, 1, **{columns[0]: _row(rows, 1)[key[0]]})
        if family == "further_report_checks":  # a report linked to itself
            return 2, _put(rows, 1, **{columns[0]: _row(rows, 1)[key[0]]})
        if family == "same_period_checks":  # a copy of row 1 linked to it, two years later
            link, start, end = columns
            first = _row(rows, 1)
            pattern = SCHEMAS[table].columns[key[0]].metadata["pattern"]
            new = unknown_id(pattern, {r[rows[0].index(key[0])] for r in rows[1:]})
            rows.append(list(rows[1]))
            later = {c: f"{int(first[c][:4]) + 2}{first[c][4:]}" for c in (start, end)}
            change = _put(rows, len(rows) - 1, **{key[0]: new, link: first[key[0]]}, **later)
            return len(rows), f"new row {change}"
        if family == "part_of_checks.not_larger":
            whole = _row(rows, 1)
            exact = {"qualifier": "exact", "low": "5", "best": "5", "high": "5"}
            _put(rows, 1, **exact)
            pattern = SCHEMAS[table].columns[key[0]].metadata["pattern"]
            part = unknown_id(pattern, {r[rows[0].index(key[0])] for r in rows[1:]})
            rows.append(list(rows[1]))
            larger = {"low": "6", "best": "6", "high": "6"}
            change = _put(
                rows, len(rows) - 1, **{key[0]: part, columns[0]: whole[key[0]]}, **larger
            )
            return len(rows), f"whole {whole[key[0]]}: exact 5; new row {change}"
        raise NotImplementedError(
            f"no mutation for the table check {check.name!r} ({family}) of {table}; add one to "
            "_table_check in tests/schema_cases.py"
        )

    return apply


# --- keys and quotes ----------------------------------------------------------


def _repeat_last_row(table: str) -> Callable[[Tables], tuple[int, str]]:
    def apply(tables: Tables) -> tuple[int, str]:
        rows = tables[table]
        rows.append(list(rows[-1]))
        return len(rows), f"line {len(rows) - 1} repeated"

    return apply


def _dangling(table: str, column: str, target: str, target_column: str):
    def apply(tables: Tables) -> tuple[int, str]:
        targets = tables[target]
        taken = {r[targets[0].index(target_column)] for r in targets[1:]}
        pattern = SCHEMAS[table].columns[column].metadata["pattern"]
        return 2, _put(tables[table], 1, **{column: unknown_id(pattern, taken)})

    return apply


def _misquoted(table: str, quote: str, source: str):
    def apply(tables: Tables) -> tuple[int, str]:
        rows = tables[table]
        index = _first(rows, lambda r: bool(r[quote] and r[source]))
        if index is None:  # e.g. nothing lifted yet: pin a quote to an article
            index = 1
            _put(rows, 1, **{source: sample(tables, table, source)})
        return index + 1, _put(rows, index, **{quote: "Words no article holds."})

    return apply


def table_cases(table: str) -> list[Case]:
    """Every case of one table: its columns, its table checks, its keys and quotes."""
    schema = SCHEMAS[table]
    cases = [c for column in schema.columns for c in column_cases(table, column)]
    for check in schema.checks:
        columns = ", ".join(RULE_COLUMNS[check.name])
        what = f"table check {check.name} ({_family(check)})"
        cases.append(Case(table, columns, check.name, what, _table_check(table, check)))
    key = schema.metadata["primary_key"]
    cases.append(
        Case(table, ", ".join(key), "duplicate_id", f"primary key {key}", _repeat_last_row(table))
    )
    for fk in schema.metadata["foreign_keys"]:
        (column,), ref = fk["fields"], fk["reference"]
        what = f"foreign key to {ref['resource']}.{ref['fields'][0]}"
        apply = _dangling(table, column, ref["resource"], ref["fields"][0])
        cases.append(Case(table, column, "foreign_key", what, apply, local=False))
    for quote, source in QUOTE_COLUMNS:
        if quote in schema.columns:
            what = f"verbatim quote of the article in {source}"
            cases.append(
                Case(table, quote, "quote_in_source", what, _misquoted(table, quote, source), False)
            )
    return cases


def all_cases() -> list[Case]:
    """Every case of every table, each with an id and the validation run (batch) it shares.

    A run holds at most one case of each table, so every problem lands in its own
    file and cases cannot hide each other. Cases that read other tables (foreign
    keys, quotes) share runs only with each other: they change no id and no
    article that another case relies on, whereas a case changing ``sources`` could.
    """
    cases, seen = [], set()
    for table in SCHEMAS:
        counts = {True: 0, False: 1000}
        for case in table_cases(table):
            stem = case.id = f"{case.table}.{case.column.replace(', ', '+')}.{case.rule}"
            while case.id in seen:
                case.id = f"{stem}-{sum(i.startswith(stem) for i in seen) + 1}"
            seen.add(case.id)
            case.batch = counts[case.local]
            counts[case.local] += 1
            cases.append(case)
    return cases
