"""Validate the raw tables: every per-table rule, every cross-table rule, every quote.

All problems of a run are collected together (lazy validation) and returned as
a list of :class:`~mali_conflict_data.problems.Problem`; nothing is raised for
bad data. :func:`validate_raw` is what ``mali-conflict-data validate`` runs.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pyarrow.compute as pc

from mali_conflict_data import _geography
from mali_conflict_data._config import SOURCES_ENV
from mali_conflict_data._files import MAX_TEXT_BYTES, UnsafeFileError, confine, read_bytes
from mali_conflict_data._fragments import forget_texts, spans
from mali_conflict_data._raw import RawTable, read_raw_table, shown_value
from mali_conflict_data._rules import RULE_COLUMNS, qualifier_needs
from mali_conflict_data._text import fold_case, fold_spaces
from mali_conflict_data.model import TABLES, event_claim_tables, reporting_tables
from mali_conflict_data.problems import Problem
from mali_conflict_data.schema import SCHEMAS

# Columns holding a verbatim quote, with the column naming the article it comes from (the model's).
QUOTE_COLUMNS = tuple(dict.fromkeys(pair for t in TABLES.values() for pair in t.quote_columns()))


@dataclass
class Validation:
    """The outcome of a validation run: the typed tables and the problems found."""

    tables: dict[str, RawTable]
    problems: list[Problem] = field(default_factory=list)
    quotes_checked: bool = False

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def frames(self) -> dict[str, pd.DataFrame]:
        """The typed DataFrames by table name."""
        return {name: table.frame for name, table in self.tables.items()}


def sources_folder(explicit: str | os.PathLike | None = None) -> Path | None:
    """The folder of source texts: the argument, else ``$MALI_CONFLICT_DATA_SOURCES``, else None."""
    chosen = explicit or os.environ.get(SOURCES_ENV)
    return Path(chosen) if chosen else None


def validate_raw(
    raw_dir: str | os.PathLike = "raw", sources: str | os.PathLike | None = None
) -> Validation:
    """Read and validate every table in ``raw_dir``.

    Quotes are checked against the article texts when ``sources`` (or the
    environment variable ``MALI_CONFLICT_DATA_SOURCES``) names their folder.

    >>> result = validate_raw("tests/data/minimal/raw", sources="tests/data/minimal/sources")
    >>> result.ok, result.quotes_checked
    (True, True)
    """
    raw_dir = Path(raw_dir)
    tables = {
        name: check_table(name, raw_dir / f"{name}.csv", f"{raw_dir.name}/{name}.csv")
        for name in SCHEMAS
    }
    result = Validation(tables)
    result.problems.extend(_unknown_files(raw_dir))
    # A table that could not be read (missing, empty, a wrong header) is reported by the
    # reader; the cross-table checks that do not read it still run on the others.
    readable = {name for name, table in tables.items() if table.frame is not None}
    _check_foreign_keys(result)
    _check_dates_against_publication(result)
    _check_count_text(result)
    _check_quote_length(result)
    for check, needs in _CROSS_TABLE_CHECKS:
        if needs <= readable:
            check(result)
    folder = sources_folder(sources)
    if folder is not None and "sources" in readable:
        _check_sources(result, folder)
        result.quotes_checked = readable == set(SCHEMAS)
    for table in tables.values():
        result.problems.extend(table.problems)
    result.problems.sort(key=lambda p: (p.file, p.line or 0, p.column or "", p.rule))
    return result


def check_table(name: str, path: Path, label: str) -> RawTable:
    """Read one raw table and apply its own rules (its schema); the cross-table rules come later.

    >>> check_table("events", Path("tests/data/minimal/raw/events.csv"), "raw/events.csv").problems
    []
    """
    schema = SCHEMAS[name]
    table = read_raw_table(name, path, schema, label=label)
    if table.frame is not None and len(table.frame):
        _check_schema(table, schema)
    return table


def _unknown_files(raw_dir: Path) -> list[Problem]:
    """Files in ``raw_dir`` that are no table: a typo in a name would otherwise go unread.

    Any file not named exactly ``TABLE.csv`` is reported (``events.CSV``,
    ``events.xlsx``, ``event.csv``); hidden files (``.gitkeep``) are left alone.
    """
    problems = []
    tables = {f"{n}.csv" for n in SCHEMAS}
    try:
        entries = sorted(raw_dir.iterdir()) if raw_dir.is_dir() else []
    except OSError:
        entries = []
    for path in entries:
        if path.name in tables or path.name.startswith("."):
            continue
        stem, suffix = path.name.rsplit(".", 1) if "." in path.name else (path.name, "")
        if stem in SCHEMAS and suffix.lower() == "csv":
            hint = f"file names are case-sensitive: rename it to {stem}.csv"
        elif stem in SCHEMAS:
            hint = f"only CSV is read: save it as {stem}.csv (UTF-8, comma-separated)"
        else:
            hint = f"rename it to one of {', '.join(sorted(tables))}, or remove it"
        problems.append(
            Problem(
                f"{raw_dir.name}/{path.name}",
                None,
                None,
                "unknown_file",
                f"is not one of the tables and is not read; {hint}",
            )
        )
    return problems


# --- per-table rules (pandera) ---------------------------------------------


def _check_names(schema: pandera.DataFrameSchema) -> dict[str, tuple[str, str]]:
    """Map what pandera reports as a failed check to (rule name, message in plain words)."""
    names = {}
    checks = [c for column in schema.columns.values() for c in column.checks] + list(schema.checks)
    for check in checks:
        plain = (check.name, check.error or check.name)
        for label in (check.error, check.name, str(check)):
            if label:
                names[label] = plain
    return names


def _without_key_check(schema: pandera.DataFrameSchema) -> pandera.DataFrameSchema:
    """The schema without pandera's check that the primary key is unique (a shallow copy).

    pandera reads the key columns with pandas' ``duplicated`` (2.5 s of CPU at 1,000,000
    events); its failures were never reported (:func:`_check_primary_key` reports each
    repeated id with the line of its first occurrence), so :func:`_check_schema` runs
    that check on every table instead, first in Arrow.
    """
    copied = copy.copy(schema)
    copied.unique = None
    return copied


# Each schema validated (by id; the schema is kept so that its id stays its own) and its copy.
_CHECKED: dict[int, tuple[pandera.DataFrameSchema, pandera.DataFrameSchema]] = {}


def _check_schema(table: RawTable, schema: pandera.DataFrameSchema) -> None:
    if id(schema) not in _CHECKED:
        _CHECKED[id(schema)] = (schema, _without_key_check(schema))
    checked = _CHECKED[id(schema)][1]
    try:
        # in place: without coercion, defaults or parsers pandera changes nothing, and it
        # need not copy every column first
        checked.validate(table.frame, lazy=True, inplace=True)
        cases = None
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    if cases is not None:
        _report_failures(table, schema, cases)
    _check_primary_key(table, schema.metadata["primary_key"])


def _report_failures(table: RawTable, schema: pandera.DataFrameSchema, cases) -> None:
    names = _check_names(schema)
    seen: set[tuple[int, str]] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        if pd.isna(case.index) or "uniqueness" in check or check.startswith("unique"):
            continue  # uniqueness is reported below with the line of the first occurrence
        row = int(case.index)
        rule, message = names.get(check, (_rule_name(check), check))
        if check == "not_nullable":
            rule, message = "required", "is required but empty"
        if rule == "qualifier_matches_bounds":
            qualifier = _text(table.frame.at[row, "qualifier"])
            message = f"the bounds do not fit the qualifier: {qualifier_needs(qualifier)}"
        if rule in RULE_COLUMNS:  # a rule across columns: one problem per row, not per column
            columns = RULE_COLUMNS[rule]
            if any((row, c) in table.reported for c in columns):
                continue  # a cell it reads is already reported as unreadable
            column, value = ", ".join(columns), _row_values(table, row, columns)
        else:
            column = case.column
            if (row, column) in table.reported:
                continue
            value = table.frame.at[row, column]
        if (row, rule) in seen:
            continue
        seen.add((row, rule))
        table.report(row, column, rule, message, value)


def _rule_name(check: str) -> str:
    return check.split("(")[0]


def _row_values(table: RawTable, row: int, columns: list[str]) -> str:
    return ", ".join(f"{c}={_text(table.frame.at[row, c])}" for c in columns)


def _text(value) -> str:
    if value is None or (not isinstance(value, list) and pd.isna(value)):
        return ""
    return shown_value(value)


def _check_primary_key(table: RawTable, key: list[str]) -> None:
    """Report each row repeating an earlier row's identifier (its key, none of it empty)."""
    frame = table.frame[key]
    if not _may_repeat(frame):
        return
    duplicated = frame.duplicated(keep="first") & frame.notna().all(axis=1)
    if not duplicated.any():
        return
    first = {}
    for row, values in enumerate(frame.itertuples(index=False, name=None)):
        if values in first and duplicated.iat[row]:
            table.report(
                row,
                ", ".join(key),
                "duplicate_id",
                f"repeats the identifier on line {table.lines[first[values]]}; ids must be unique",
                ", ".join(map(shown_value, values)),
            )
        first.setdefault(values, row)


def _may_repeat(frame: pd.DataFrame) -> bool:
    """False only when no two rows of ``frame`` are alike (a fast test before the exact one).

    Each column becomes codes equal where cells are equal (Arrow's dictionary codes of a
    string column, a categorical's own codes, pandas' ``factorize`` otherwise; -1 for an
    empty cell), folded into one number per row: rows alike in every column share it.
    """
    combined = np.zeros(len(frame), dtype=np.uint64)
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
            cells = pa.array(column.array)
            if isinstance(cells, pa.ChunkedArray):
                cells = cells.combine_chunks()
            encoded = pc.dictionary_encode(cells)
            if len(frame.columns) == 1:
                return len(encoded.dictionary) < len(frame)
            codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        elif isinstance(column.dtype, pd.CategoricalDtype):
            codes = column.cat.codes.to_numpy()
        else:
            codes = pd.factorize(column, use_na_sentinel=True)[0]
        combined = combined * np.uint64(1_000_003) ^ codes.astype(np.uint64)
    return bool(pd.Series(combined).duplicated().any())


# --- cross-table rules -----------------------------------------------------


def _check_foreign_keys(result: Validation) -> None:
    """Every id names a row of the table it refers to (each target's ids hashed once)."""
    frames = result.frames()
    checks = []  # (table, column, target, target column), as the schemas declare them
    for name, schema in SCHEMAS.items():
        table = result.tables[name]
        for fk in schema.metadata["foreign_keys"]:
            (column,) = fk["fields"]
            (target_column,) = fk["reference"]["fields"]
            target = fk["reference"]["resource"]
            if table.frame is None or frames[target] is None:
                continue  # an unreadable table is reported on its own
            checks.append((table, column, target, target_column))
    targets = dict.fromkeys((target, column) for _, _, target, column in checks)
    found = {}
    for target, target_column in targets:
        referring = [(t, c) for t, c, *key in checks if key == [target, target_column]]
        inside = _isin_each([t.frame[c] for t, c in referring], frames[target][target_column])
        found.update(zip([(t.name, c) for t, c in referring], inside, strict=True))
    for table, column, target, target_column in checks:
        values = table.frame[column]
        _report_rows(
            table,
            values.notna() & ~found[table.name, column],
            column,
            "foreign_key",
            f"does not match any {target}.{target_column}; add that row or fix the id",
        )


def _isin_each(columns: list[pd.Series], targets: pd.Series) -> list[pd.Series]:
    """``[c.isin(targets) for c in columns]``, the targets hashed once (one Arrow ``is_in``).

    An empty value is in nothing; empty and repeated targets are ignored.
    """
    value_set = _arrow(targets)
    cells = [_arrow(column) for column in columns]
    cells = [c if c.type == value_set.type else c.cast(value_set.type) for c in cells]
    chunks = pa.chunked_array(cells, type=value_set.type)
    found = pc.is_in(chunks, value_set=value_set, skip_nulls=True)
    flags = found.to_numpy(zero_copy_only=False)
    ends = np.cumsum([len(column) for column in columns])
    return [
        pd.Series(part, index=column.index, dtype=bool)
        for column, part in zip(columns, np.split(flags, ends[:-1]), strict=True)
    ]


def _arrow(values: pd.Series) -> pa.Array:
    """A column's cells as one Arrow string array (nulls where empty)."""
    cells = pa.array(values.astype("string").array)
    return cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells


def _first_rows(keys: pd.Series, ids: pd.Series) -> np.ndarray:
    """Per id, the position of the first row of ``keys`` holding it; -1 if none (or empty).

    A repeated id gives its first row (the repeat is reported on its own line by the
    primary-key check, and a lookup must not fail because of it); an Arrow key join.
    """
    found = pc.index_in(_arrow(ids), value_set=_arrow(keys), skip_nulls=True)
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _check_event_reports(result: Validation) -> None:
    events = result.tables["events"].frame
    reports = result.tables["event_reports"]
    rows = _first_rows(events["event_id"], reports.frame["event_id"])
    primary = events["source_id"].iloc[np.maximum(rows, 0)] if len(events) else None
    same = pd.Series(False, index=reports.frame.index)
    if primary is not None:
        primary = primary.set_axis(reports.frame.index)
        same = (primary == reports.frame["source_id"]).fillna(False).astype(bool) & (rows >= 0)
    _report_rows(
        reports,
        same,
        "source_id",
        "event_report_is_primary",
        "is already the event's own source in events.csv; list only further articles",
    )


def _codes(columns: list[pd.Series]) -> tuple[np.ndarray, int]:
    """One code per cell of the columns end to end, equal for equal ids, -1 if empty; how many.

    Arrow's dictionary codes of the cells as one array (``pd.factorize`` of the joined
    columns gave the same grouping at twice the cost).
    """
    if not columns:
        return np.empty(0, np.int64), 0
    cells = pa.concat_arrays([_arrow(column).cast(pa.large_string()) for column in columns])
    encoded = pc.dictionary_encode(cells)
    found = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return found, len(encoded.dictionary)


def _check_reported_by_article(result: Validation) -> None:
    """A figure or an actor's role comes from an article that reports its event.

    The article is the event's own source (events.csv) or one of its further
    reports (event_reports.csv); otherwise the row's quote is not evidence about
    this event.
    """
    # Each (event_id, source_id) pair as one number: the codes of both ids in one
    # factorisation over every table, so equal ids get equal codes (a key join).
    frames = {
        name: result.tables[name].frame
        for name in [*reporting_tables(TABLES), *event_claim_tables(TABLES)]
        if result.tables[name].frame is not None  # unreadable: its reader has reported it
    }
    codes, width = {}, 0
    for column in ("event_id", "source_id"):
        found, width = _codes([frame[column] for frame in frames.values()])
        codes[column] = np.split(found, np.cumsum([len(f) for f in frames.values()])[:-1])
    keys = {
        name: np.where((event >= 0) & (source >= 0), event.astype(np.int64) * width + source, -1)
        for name, event, source in zip(frames, codes["event_id"], codes["source_id"], strict=True)
    }
    reporting = np.concatenate(
        [keys[name][keys[name] >= 0] for name in reporting_tables(TABLES) if name in keys]
    )  # rows with an empty id cannot match
    for name in event_claim_tables(TABLES):
        table = result.tables[name]
        if table.frame is None:  # unreadable: its reader has reported it
            continue
        unreported = pd.Series(
            (keys[name] >= 0) & ~pd.Series(keys[name]).isin(reporting).to_numpy(),
            index=table.frame.index,
            dtype=bool,
        )
        _report_rows(
            table,
            unreported,
            "source_id",
            "source_reports_event",
            "this article does not report the event: use the event's article, or add an "
            "event_reports row for this article first",
        )


def _check_dates_against_publication(result: Validation) -> None:
    """Nothing an article reports as having happened is dated after its publication.

    A fact must not start after its article's last possible day (events, a report's
    own dating and the event's start against each reporting article, deployed or
    arrived figures, sanctions imposed and lifted); an event, and a report's dating
    of it, must not end after it either. (A deployment may be claimed for a period
    running on past publication; an interval that already starts too late is
    reported once, by its start.)
    """
    if result.tables["sources"].frame is None:
        return

    def lookup(frame: pd.DataFrame, key: str, column: str, ids: pd.Series) -> pd.Series:
        """``frame[column]`` of the first row whose ``key`` is each id; NaT where none.

        A key join in Arrow (:func:`_first_rows`): an empty or partly unreadable table
        gives NaT, no crash.
        """
        values = pd.to_datetime(frame[column]).to_numpy(dtype="datetime64[ns]")
        positions = _first_rows(frame[key], ids)
        found = values[np.maximum(positions, 0)] if len(values) else np.full(len(ids), None)
        return pd.Series(found, index=ids.index, dtype="datetime64[ns]").where(positions >= 0)

    sources = result.tables["sources"].frame
    frames = result.frames()
    # (table, first days, last days or None, the article, column to report)
    checks = []
    for name, table in TABLES.items():
        frame = frames[name]
        if frame is None:
            continue
        for fact in table.fact_dates:
            earliest = frame[fact.start]
            if fact.only_when:  # e.g. deployed or arrived figures report a fact; planned do not
                column, values = fact.only_when
                reported = pc.is_in(_arrow(frame[column]), value_set=pa.array(list(values)))
                earliest = earliest.where(reported.to_numpy(zero_copy_only=False))
            latest = None if fact.end is None else frame[fact.end]
            checks.append((result.tables[name], earliest, latest, frame[fact.source], fact.start))
    if frames["event_reports"] is not None and frames["events"] is not None:
        ids = frames["event_reports"]["event_id"]
        event = {
            c: lookup(frames["events"], "event_id", c, ids) for c in ("date_start", "date_end")
        }
        reports = result.tables["event_reports"]
        checks.append(
            (
                reports,
                event["date_start"],
                event["date_end"],
                reports.frame["source_id"],
                "event_id",
            )
        )
    for table, first, last, source_ids, column in checks:
        limit = lookup(sources, "source_id", "published_date_latest", source_ids)
        starts_late = (pd.to_datetime(first) > limit).fillna(False)
        what = "the event it reports starts" if column == "event_id" else "is dated"
        _report_rows(
            table,
            starts_late,
            column,
            "date_after_publication",
            f"{what} after its article was published; check the date or the source",
        )
        if last is None:
            continue
        ends_late = (pd.to_datetime(last) > limit).fillna(False) & ~starts_late
        end_column = "event_id" if column == "event_id" else last.name
        what = "the event it reports ends" if column == "event_id" else "ends"
        _report_rows(
            table,
            ends_late,
            end_column,
            "date_end_after_publication",
            f"{what} after its article was published: an article reports only what happened "
            "by then; end the interval by the article's last possible day",
        )


def _check_coordinates(result: Validation) -> None:
    table = result.tables["locations"]
    frame = table.frame
    for row, (country, lat, lon) in enumerate(
        zip(frame["country_iso3"], frame["latitude"], frame["longitude"], strict=True)
    ):
        if pd.isna(country) or pd.isna(lat) or pd.isna(lon):
            continue
        bounds = _geography.COUNTRY_BOUNDS.get(country)
        if bounds is None:
            table.report(
                row,
                "country_iso3",
                "coordinates_in_country",
                "has no bounding box in mali_conflict_data/_geography.py; add one",
                country,
            )
        elif not _geography.inside(bounds, lat, lon):
            swapped = _geography.inside(bounds, lon, lat)
            message = (
                "looks swapped with longitude; latitude comes first"
                if swapped
                else f"lies outside the bounding box of {country}"
            )
            table.report(
                row, "latitude, longitude", "coordinates_in_country", message, f"{lat}, {lon}"
            )


def _check_count_text(result: Validation) -> None:
    figures = [n for n, t in TABLES.items() if any(r.kind == "figure" for r in t.rules)]
    for name in figures:
        table = result.tables[name]
        if table.frame is None:
            continue
        quotes = _squash_column(table.frame["quote"])
        counts = _squash_column(table.frame["count_text"])
        missing = pd.Series(
            [bool(c) and c not in q for c, q in zip(counts, quotes, strict=True)],
            index=table.frame.index,
        )
        _report_rows(
            table,
            missing,
            "count_text",
            "count_text_in_quote",
            "must appear word for word in the quote",
        )


def _check_actor_names(result: Validation) -> None:
    """Every alias has an article using it; every coded name is listed; names are quoted."""
    actors, names = result.tables["actors"], result.tables["actor_names"]
    listed: dict[str, set[str] | None] = {}  # actor: its names, folded; None: name empty
    for actor, name, aliases in zip(
        actors.frame["actor_id"], actors.frame["name"], actors.frame["aliases"], strict=True
    ):
        if pd.isna(name):
            listed[actor] = None
        elif listed.get(actor, set()) is not None:
            every = [name, *(aliases if isinstance(aliases, list) else [])]
            listed.setdefault(actor, set()).update(fold_case(n) for n in every)
    used = {
        (actor, fold_case(name))
        for actor, name in zip(names.frame["actor_id"], names.frame["name"], strict=True)
        if pd.notna(name)
    }
    for row, (actor, aliases) in enumerate(
        zip(actors.frame["actor_id"], actors.frame["aliases"], strict=True)
    ):
        for alias in aliases if isinstance(aliases, list) else []:
            if (actor, fold_case(alias)) not in used:
                actors.report(
                    row,
                    "aliases",
                    "alias_in_actor_names",
                    "has no row in actor_names giving an article that uses it; add one",
                    alias,
                )
    unlisted = pd.Series(
        [
            bool(listed.get(actor)) and pd.notna(name) and fold_case(name) not in listed[actor]
            for actor, name in zip(names.frame["actor_id"], names.frame["name"], strict=True)
        ],
        index=names.frame.index,
    )
    _report_rows(
        names,
        unlisted,
        "name",
        "name_in_actors",
        "is neither the actor's name nor one of its aliases in actors.csv; add it to aliases",
    )
    quotes, words = _squash_column(names.frame["quote"]), _squash_column(names.frame["name"])
    missing = pd.Series(
        [bool(w) and w not in q for w, q in zip(words, quotes, strict=True)],
        index=names.frame.index,
    )
    _report_rows(names, missing, "name", "name_in_quote", "must appear word for word in the quote")


def _check_actor_relations(result: Validation) -> None:
    """The relation recorded on an actor is one that an article states, in actor_relations."""
    actors, relations = result.tables["actors"], result.tables["actor_relations"]
    columns = ["actor_id", "parent_relation", "parent_actor_id"]
    stated = set(
        relations.frame[["actor_id", "relation", "related_actor_id"]]
        .astype("string")
        .itertuples(index=False, name=None)
    )
    recorded = actors.frame[columns].astype("string")
    unstated = pd.Series(
        [
            pd.notna(parent) and (actor, relation, parent) not in stated
            for actor, relation, parent in recorded.itertuples(index=False, name=None)
        ],
        index=actors.frame.index,
    )
    _report_rows(
        actors,
        unstated,
        "parent_actor_id",
        "relation_in_actor_relations",
        "no row of actor_relations states this relation; add the article that states it",
    )


def _squash_column(column: pd.Series) -> list[str]:
    """Cells with runs of white space folded, trimmed and lower-cased (vectorised).

    The plain cells (:func:`_plain_cells`) squash to themselves in lower case; only the
    others go through the regex.
    """
    text, awkward = _plain_cells(column)
    squashed = pc.ascii_lower(text).to_pylist()
    rows = np.flatnonzero(awkward)
    if len(rows):
        for row, cell in zip(rows.tolist(), _squashed(column.iloc[rows]).to_pylist(), strict=True):
            squashed[row] = cell
    return squashed


def _plain_cells(column: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """The cells as Arrow text ("" where empty), and which are not plain.

    A plain cell is ASCII, with single spaces between words and none at its ends, and no
    other white space or control character: squashing leaves it as it is but for case.
    """
    text = pa.array(column.astype("string").fillna("").array)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    awkward = pc.or_(
        pc.invert(pc.string_is_ascii(text)),
        pc.or_(
            pc.match_substring(text, "  "),
            pc.or_(pc.starts_with(text, " "), pc.ends_with(text, " ")),
        ),
    )
    data = text.buffers()[2]
    if data is not None and (np.frombuffer(data, dtype=np.uint8) < 0x20).any():
        awkward = pc.or_(awkward, pc.match_substring_regex(text, r"[\x00-\x1f]"))
    return text, awkward.to_numpy(zero_copy_only=False)


def _squashed(column: pd.Series) -> pa.Array:
    text = pa.array(column.astype("string").fillna(""), from_pandas=True)
    return pc.utf8_lower(pc.utf8_trim_whitespace(pc.replace_substring_regex(text, r"\s+", " ")))


def _too_short(text: pa.Array) -> np.ndarray:
    """Which squashed quotes are shorter than MIN_QUOTE_CHARACTERS or MIN_QUOTE_WORDS words.

    Counted in Arrow where a cell is ASCII with no separator but single spaces (then its
    words are its spaces plus one); any other cell is split by Python as ever.
    """
    length = pc.utf8_length(text).to_numpy(zero_copy_only=False)
    spaces = pc.count_substring(text, " ").to_numpy(zero_copy_only=False)
    short = (length > 0) & ((length < MIN_QUOTE_CHARACTERS) | (spaces + 1 < MIN_QUOTE_WORDS))
    plain = pc.and_(
        pc.string_is_ascii(text), pc.invert(pc.match_substring_regex(text, "[\x0b\x1c-\x1f]"))
    ).to_numpy(zero_copy_only=False)
    for row in np.flatnonzero(~plain).tolist():
        q = text[row].as_py()
        short[row] = bool(q) and (len(q) < MIN_QUOTE_CHARACTERS or len(q.split()) < MIN_QUOTE_WORDS)
    return short


def _quotes_too_short(column: pd.Series) -> np.ndarray:
    """``_too_short(_squashed(column))``, without squashing the cells squashing leaves as they are.

    A plain cell (:func:`_plain_cells`) squashes to itself in lower case: its length and
    spaces are counted as they are. Only the other cells are squashed.
    """
    text, awkward = _plain_cells(column)
    length = pc.binary_length(text).to_numpy(zero_copy_only=False)
    spaces = pc.count_substring(text, " ").to_numpy(zero_copy_only=False)
    short = (length > 0) & ((length < MIN_QUOTE_CHARACTERS) | (spaces + 1 < MIN_QUOTE_WORDS))
    rows = np.flatnonzero(awkward)
    if len(rows):
        short[rows] = _too_short(_squashed(column.iloc[rows]))
    return short


def _check_sources(result: Validation, folder: Path) -> None:
    """Each source text read and matched to its digest, and every quote looked for in it."""
    try:
        _check_texts(result, folder)
    finally:
        forget_texts()  # the articles' folded copies are not kept once checked


def _check_texts(result: Validation, folder: Path) -> None:
    sources = result.tables["sources"]
    texts: dict[str, str] = {}
    if not folder.is_dir():
        sources.report(
            None, None, "source_text", f"the folder of source texts {folder} does not exist"
        )
        return
    for row, (source_id, file, digest) in enumerate(
        zip(
            sources.frame["source_id"],
            sources.frame["text_file"],
            sources.frame["text_sha256"],
            strict=True,
        )
    ):
        if pd.isna(file) or pd.isna(source_id):
            continue  # reported as required
        text = read_source_text(folder, str(file))
        if isinstance(text, SourceTextProblem):
            sources.report(row, text.column, "source_text", text.message, file)
            continue
        data, decoded = text
        if pd.notna(digest) and hashlib.sha256(data).hexdigest() != digest:
            sources.report(
                row,
                "text_sha256",
                "source_text",
                f"does not match the SHA-256 of {Path(str(file)).name}; the text has changed",
                digest,
            )
        texts[source_id] = decoded
    texts = {source_id: (fold_spaces(text), text) for source_id, text in texts.items()}
    for name, table in result.tables.items():
        contexts = TABLES[name].quote_contexts() if name in TABLES else {}
        for quote_column, source_column in QUOTE_COLUMNS:
            if table.frame is None or quote_column not in table.frame:
                continue
            sides = {
                side: column
                for side, column in contexts.get(quote_column, {}).items()
                if column in table.frame
            }
            beside = {side: table.frame[column].tolist() for side, column in sides.items()}
            for row, (quote, source_id) in enumerate(
                zip(table.frame[quote_column], table.frame[source_column], strict=True)
            ):
                if pd.isna(quote) or pd.isna(source_id) or source_id not in texts:
                    continue
                folded, text = texts[source_id]
                words = fold_spaces(quote)
                at = folded.find(words)
                if at < 0:
                    table.report(
                        row,
                        quote_column,
                        "quote_in_source",
                        f"does not occur in the text of {source_id} (spacing aside); "
                        "copy it verbatim",
                        quote,
                    )
                    continue
                given = {
                    side: values[row]
                    for side, values in beside.items()
                    if isinstance(values[row], str)
                }
                if given:
                    _check_context(table, row, quote_column, sides, given, source_id, text)
                elif len(spans(text, quote)) > 1 and ambiguous_quote(text.lower(), quote.lower()):
                    named = " / ".join(sides.values())
                    beside_words = (
                        f", or give the words just before or after it ({named}) so that "
                        "together they occur once"
                        if sides
                        else " until it occurs once"
                    )
                    table.report(
                        row,
                        quote_column,
                        "quote_unique_in_source",
                        f"occurs more than once in the text of {source_id}, in different "
                        f"passages, so a link to it may highlight the wrong words; lengthen it"
                        f"{beside_words}",
                        quote,
                    )


def _check_context(
    table: RawTable,
    row: int,
    quote_column: str,
    sides: dict[str, str],
    given: dict[str, str],
    source_id: str,
    text: str,
) -> None:
    """A quote's prefix and suffix stand next to it in the article, and together occur once.

    Each given side must be the article's words just before (prefix) or after (suffix)
    some occurrence of the quote, both at the same one; the stretch they make with
    the quote must point at one passage (:func:`ambiguous_quote`), case ignored as a
    browser ignores it.
    """
    quote = table.frame[quote_column].iat[row]
    for side, words in given.items():
        if not spans(text, quote, **{side: words}):
            where = "just before" if side == "prefix" else "just after"
            table.report(
                row,
                sides[side],
                "quote_context_in_source",
                f"is not the text {where} the quote in {source_id} (only white space may "
                f"separate them, spacing aside); copy the adjacent words verbatim",
                words,
            )
            return
    stretches = set(spans(text, quote, **given))
    if not stretches:
        table.report(
            row,
            sides["suffix"],
            "quote_context_in_source",
            f"and {sides['prefix']} are beside different occurrences of the quote in "
            f"{source_id}; give the words around one occurrence",
            given["suffix"],
        )
    elif len(stretches) > 1 or ambiguous_quote(text.lower(), next(iter(stretches))):
        table.report(
            row,
            quote_column,
            "quote_unique_in_source",
            f"occurs more than once in the text of {source_id} even with the words beside it "
            f"({', '.join(sides[s] for s in given)}), in different passages, so a link to it "
            "may highlight the wrong words; lengthen the prefix or suffix until together "
            "they occur once",
            quote,
        )


@dataclass
class SourceTextProblem:
    """Why an article text named by ``sources.text_file`` cannot be read (a located problem)."""

    column: str
    message: str


def read_source_text(folder: Path, file: str) -> tuple[bytes, str] | SourceTextProblem:
    """The bytes and the text of the article ``file`` in ``folder``, or why it cannot be read.

    ``file`` must be a relative path inside ``folder`` (no ``..``, not absolute, no
    symbolic link out of it), name a regular file within the size cap, and hold
    UTF-8 text. The same reading serves the quote check and the coverage record.

    >>> read_source_text(Path("tests/data/minimal/sources"), "../raw/events.csv").message
    "leaves its folder (it holds '..'); expected a relative path inside its folder"
    """
    try:
        path = confine(folder, file)
        data = read_bytes(path, MAX_TEXT_BYTES)
    except UnsafeFileError as error:
        return SourceTextProblem("text_file", error.reason)
    except FileNotFoundError:
        return SourceTextProblem("text_file", f"is not in {folder}")
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return SourceTextProblem(
            "text_file",
            f"is not UTF-8 text (byte {data[error.start]:#04x} on line {line}); save it as UTF-8",
        )


#: The shortest quote that is evidence: a word or two occur in almost any article.
MIN_QUOTE_WORDS, MIN_QUOTE_CHARACTERS = 3, 12


def _check_quote_length(result: Validation) -> None:
    """A quote is at least :data:`MIN_QUOTE_WORDS` words and :data:`MIN_QUOTE_CHARACTERS` long."""
    for table in result.tables.values():
        for quote_column, _ in QUOTE_COLUMNS:
            if table.frame is None or quote_column not in table.frame:
                continue
            short = pd.Series(_quotes_too_short(table.frame[quote_column]), index=table.frame.index)
            _report_rows(
                table,
                short,
                quote_column,
                "quote_too_short",
                f"is too short to pin the row to its article (at least {MIN_QUOTE_WORDS} words "
                f"and {MIN_QUOTE_CHARACTERS} characters); quote the whole clause",
            )


def _check_publication_not_future(result: Validation) -> None:
    """An article is not published after today (a date centuries ahead is a typo)."""
    import datetime

    table = result.tables["sources"]
    if table.frame is None:
        return
    today = pd.Timestamp(datetime.date.today())
    for column in ("published_date", "published_date_latest"):
        if column not in table.frame:
            continue
        late = (pd.to_datetime(table.frame[column], errors="coerce") > today).fillna(False)
        _report_rows(
            table,
            late,
            column,
            "date_in_future",
            "is after today; an article cannot be published in the future: check the year",
        )


#: Columns holding a web address, which must be an http or https URL (a link in the report).
URL_COLUMNS = (("sources", "url"),)


def url_problem(url: str) -> str | None:
    r"""Why ``url`` is not an http(s) address to link to (None when it is one).

    >>> url_problem("https://www.example.org/article")
    >>> url_problem("JaVa\tScRiPt:alert(1)")
    'holds a control character or a space; an address has none'
    >>> url_problem("javascript:alert(1)")
    "is a 'javascript:' address; only http:// and https:// addresses are accepted"
    """
    from urllib.parse import urlsplit

    if any(ord(c) <= 32 or 127 <= ord(c) <= 159 for c in url):
        return "holds a control character or a space; an address has none"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return "is not a well-formed address"
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"a '{parts.scheme}:' address" if parts.scheme else "not an absolute address"
        return f"is {shown}; only http:// and https:// addresses are accepted"
    if not parts.hostname:
        return "has no host name; write it as https://host/path"
    if parts.username or parts.password:
        return "holds a user name or password; remove them from the address"
    return None


def _check_urls(result: Validation) -> None:
    for name, column in URL_COLUMNS:
        table = result.tables[name]
        if table.frame is None or column not in table.frame:
            continue
        for row, url in enumerate(table.frame[column]):
            if pd.isna(url) or (row, column) in table.reported:
                continue
            problem = url_problem(str(url))
            if problem:
                from mali_conflict_data.download import masked

                table.report(row, column, "url", problem, masked(str(url)))


#: The cross-table checks that read whole tables, with the tables each reads; a check
#: runs when all of them could be read. (Foreign keys, publication dates and count_text
#: decide table by table.)
_CROSS_TABLE_CHECKS = (
    (_check_event_reports, {"events", "event_reports"}),
    (_check_reported_by_article, {"events", "event_reports"}),
    (_check_coordinates, {"locations"}),
    (_check_urls, {"sources"}),
    (_check_publication_not_future, {"sources"}),
    (_check_actor_names, {"actors", "actor_names"}),
    (_check_actor_relations, {"actors", "actor_relations"}),
)


def ambiguous_quote(text: str, quote: str) -> bool:
    r"""True when ``quote`` occurs in ``text`` twice or more, not only in copies of one paragraph.

    A page capture's repeated paragraph holds the same words in the same place, so a
    link to its first copy still points at the right words.

    >>> ambiguous_quote("The Front attacked.\n\nThe Front split.", "The Front")
    True
    >>> ambiguous_quote("The Front attacked.\n\nThe Front attacked.", "The Front")
    False
    """
    words, whole = fold_spaces(quote), fold_spaces(text)
    if whole.count(words) <= 1:
        return False
    lines = [fold_spaces(line) for line in text.split("\n")]
    holding = {line for line in lines if words in line}
    if len(holding) != 1:
        return True  # in different paragraphs, or across paragraphs
    (paragraph,) = holding
    return paragraph.count(words) > 1 or whole.count(words) != lines.count(paragraph)


def _report_rows(table: RawTable, mask: pd.Series, column: str, rule: str, message: str) -> None:
    values = table.frame[column] if column in table.frame else None
    for row in np.flatnonzero(mask.to_numpy(dtype=bool)):
        if (int(row), column) in table.reported:
            continue
        table.report(int(row), column, rule, message, None if values is None else values.iat[row])
