"""Read the hand-coded CSV files of ``raw/`` into typed DataFrames.

Reading checks the file itself (encoding, byte-order mark, line endings,
delimiter, header) and converts each column to its declared type, reporting
every cell that does not convert as a :class:`~mali_conflict_data.problems.Problem`
with its line in the file. Rows keep their file order; row ``i`` of a frame is
line ``i + 2`` of its file unless a cell spans lines (which is itself reported).
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from mali_conflict_data._files import UnsafeFileError, confine, read_bytes
from mali_conflict_data._rules import holds_line_break
from mali_conflict_data.problems import Problem

#: Largest raw CSV file read, in bytes.
MAX_RAW_BYTES = 256 * 2**20
# The csv module's fallback paths (ragged rows, cells spanning lines) read any cell
# Arrow reads: its default limit of 131,072 characters raised on a long cell. Set again
# by each read (another module may have lowered it since the import).
CSV_FIELD_LIMIT = min(2**31 - 1, 2**62)
csv.field_size_limit(CSV_FIELD_LIMIT)

LIST_SEPARATOR = ";"
# ASCII digits only: \d also matches other scripts' digits ('٣', '１２'), which a whole
# number column once dropped without a word.
_INTEGER = r"^-?[0-9]+$"
_INT64 = (-(2**63), 2**63 - 1)
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Control characters but the line break (reported on its own), C1 controls, bidirectional
# embeddings, overrides and isolates, zero-width spaces, word joiners and BOMs anywhere,
# and any other zero-width mark at a cell's start or end (where it can only hide).
_INVISIBLE = (
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]|^[\u00ad\u034f\u180e\u200c\u200d]"
    "|[\u00ad\u034f\u180e\u200c\u200d]$"
)
#: Finds every cell with a line break or a match of _INVISIBLE (the same classes, \n added).
_CONTROL_OR_INVISIBLE = _INVISIBLE.replace("[\x00-\x09\x0b-\x1f", "[\x00-\x1f", 1)


class RawTable:
    """A raw table as read: its typed frame, the file line of each row, and the problems."""

    def __init__(self, name: str, file: str, frame: pd.DataFrame | None, lines: np.ndarray):
        self.name = name
        self.file = file
        self.frame = frame
        self.lines = lines
        self.problems: list[Problem] = []
        # (row position, column) of cells already reported, so later checks skip them.
        self.reported: set[tuple[int, str]] = set()
        # The columns in file order, to give a problem's column as a number (GitHub's col=).
        self.header: list[str] = []

    def _column_number(self, column: str | None) -> int | None:
        first = (column or "").split(", ")[0]
        return self.header.index(first) + 1 if first in self.header else None

    def report_line(
        self, line: int, message: str, rule: str = "file_format", column=None, value=None
    ):
        """Record a problem at a line of the file (for problems found before rows exist)."""
        self.problems.append(
            Problem(self.file, line, column, rule, message, value, self._column_number(column))
        )

    def report(self, row: int | None, column: str | None, rule: str, message: str, value=None):
        """Record a problem at a row position (None for the whole file)."""
        line = None if row is None else int(self.lines[row])
        shown = (
            None
            if value is None or (not isinstance(value, list) and pd.isna(value))
            else shown_value(value)
        )
        self.problems.append(
            Problem(self.file, line, column, rule, message, shown, self._column_number(column))
        )
        if row is not None and column is not None:
            self.reported.add((row, column))


def shown_value(value) -> str:
    """A cell as a problem shows it: a date (datetime64 while validating) as YYYY-MM-DD."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _decode(table: RawTable, data: bytes) -> bytes | None:
    """The file's bytes once checked as UTF-8 without BOM, with LF line endings."""
    if not data:
        table.report(
            None, None, "file_format", "the file is empty; it needs at least a header line"
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        table.report_line(
            1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
        )
        data = data[3:]
    try:
        if (
            not data.isascii()
        ):  # ASCII is UTF-8; otherwise validate (the text is parsed from the bytes)
            data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        table.report_line(line, f"the file is not valid UTF-8 (byte {byte:#04x}); save it as UTF-8")
        return None
    if b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        table.report_line(
            line,
            "the file has Windows (CRLF) or old Mac (CR) line endings; save it with LF endings",
        )
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def _check_header(table: RawTable, header: list[str], expected: list[str]) -> bool:
    if header == expected:
        return True
    raw_header = ",".join(header)
    if len(header) == 1 and any(d in raw_header for d in (";", "\t", "|")):
        table.report_line(
            1,
            "the header is not comma-separated; save the file as CSV with ',' as delimiter",
            value=raw_header[:80],
        )
        return False
    present, wanted = set(header), set(expected)  # sets: 60,000 names once took a minute
    missing = [c for c in expected if c not in present]
    extra = [c for c in header if c not in wanted]
    if len(extra) > 50:  # name the first few; the rest are counted
        more = len(extra) - 50
        table.report_line(1, f"{more:,} further unexpected columns are not listed", "header")
        extra = extra[:50]
    for column in extra:
        guess = difflib.get_close_matches(column, missing, n=1, cutoff=0.5)
        hint = f"; did you mean {guess[0]!r}?" if guess else "; remove it"
        table.report_line(1, f"unexpected column{hint}", "header", column, column)
    for column in missing:
        table.report_line(1, "required column is missing", "header", column)
    counts = Counter(header)
    duplicated = sorted(c for c, n in counts.items() if n > 1)
    for column in duplicated:
        table.report_line(1, "column appears more than once", "header", column)
    if not (missing or extra or duplicated):
        table.report_line(1, f"columns are out of order; expected: {', '.join(expected)}", "header")
    return False


def _parse(table: RawTable, data: bytes, header: list[str]) -> pa.Table | None:
    """Every cell as a string (Arrow's multi-threaded CSV reader); None if rows are ragged."""
    try:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(skip_rows=0),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        _report_ragged_rows(table, data.decode("utf-8"), len(header))
        return None


def _report_ragged_rows(table: RawTable, text: str, width: int) -> None:
    reader = csv.reader(io.StringIO(text))
    next(reader)
    line = reader.line_num + 1
    for cells in reader:
        if len(cells) != width:
            table.report_line(
                line,
                f"the row has {len(cells)} cells but the header has {width}; check for a "
                "missing or extra comma, or quote cells that contain commas",
            )
        line = reader.line_num + 1


def _line_numbers(data: bytes, rows: int) -> np.ndarray:
    """File line of each data row (2, 3, ... unless a quoted cell spans lines)."""
    if data.count(b"\n") <= rows + 1:  # fast path: one line per row
        return np.arange(2, rows + 2)
    reader = csv.reader(io.StringIO(data.decode("utf-8")))
    next(reader)
    starts, line = [], reader.line_num + 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return np.asarray(starts[:rows] + [line] * (rows - len(starts)))


def read_raw_table(
    name: str, path: Path, schema: pandera.DataFrameSchema, label: str | None = None
) -> RawTable:
    """Read one raw CSV file against its schema; problems are collected, not raised."""
    label = label or str(path)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    table = RawTable(name, label, None, np.array([], dtype=int))
    try:  # only a regular file inside its folder, within the cap (never a FIFO or a device)
        data = read_bytes(confine(path.parent, path.name), MAX_RAW_BYTES)
    except FileNotFoundError:
        table.report(
            None, None, "file_format", f"the file is missing; create {label} with a header line"
        )
        return table
    except UnsafeFileError as error:
        table.report(None, None, "file_format", f"the file {error.reason}; make it a CSV file")
        return table
    data = _decode(table, data)
    if data is None:
        return table
    expected = list(schema.columns)
    table.header = expected
    end = data.find(b"\n")
    first_line = (data if end < 0 else data[:end]).decode("utf-8")
    header = next(csv.reader(io.StringIO(first_line)), [])
    if not header:
        table.report(
            None, None, "file_format", "the file is empty; it needs at least a header line"
        )
        return table
    if not _check_header(table, header, expected):
        return table
    strings = _parse(table, data, header)
    if strings is None:
        return table
    table.lines = _line_numbers(data, strings.num_rows)
    del data
    if not strings.num_rows:
        table.report(None, None, "file_format", "the file has a header but no rows")
    _check_duplicate_rows(table, strings, schema.metadata["primary_key"])
    table.frame = _convert(table, strings, schema)
    return table


def _check_duplicate_rows(table: RawTable, strings: pa.Table, key: list[str]) -> None:
    """Rows that repeat another row but for case or spacing (ignoring their own id).

    Candidates are found fast, one column at a time (each cell, spaces removed and in
    lower case, encoded as a number by Arrow), each column read only on the rows still
    candidates after the columns before it (rows that are true repeats always stay);
    only they are compared exactly (runs of white space folded, ends trimmed, lower case).
    The columns holding the least text go first: a few short columns (ids, dates) leave
    few candidates, so the long ones (quotes, descriptions) are read on those rows only,
    and the order cannot change which rows repeat.
    """
    own_id = key[:1] if len(key) == 1 else []
    columns = [c for c in strings.column_names if c not in own_id]
    rows = strings.num_rows
    if rows < 2 or not columns:
        return
    by_size = sorted(columns, key=lambda c: strings.column(c).nbytes)
    candidates = np.arange(rows)
    combined = np.zeros(rows, dtype=np.uint64)
    for column in by_size:
        cells = strings.column(column)
        if len(candidates) < rows:
            cells = cells.take(pa.array(candidates))
        codes, distinct = _rough_codes(cells)
        if distinct == len(candidates):  # no two cells alike: no row repeats another
            return
        combined = combined * np.uint64(1_000_003) ^ codes
        repeated = pd.Series(combined).duplicated(keep=False).to_numpy()
        candidates, combined = candidates[repeated], combined[repeated]
        if not len(candidates):
            return
    picked = strings.select(columns).take(pa.array(candidates))
    cells = [picked.column(c).to_pylist() for c in columns]
    first_row: dict[tuple, int] = {}
    for row, values in zip(candidates.tolist(), zip(*cells, strict=True), strict=True):
        folded = tuple(" ".join(str(v).split()).lower() for v in values)
        if folded in first_row:
            table.report(
                int(row),
                None,
                "duplicate_row",
                f"repeats line {table.lines[first_row[folded]]} but for case or spacing",
            )
        first_row.setdefault(folded, int(row))


def _rough_codes(cells: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, int]:
    """A number per cell, equal where cells match once spaces go and case is lowered; how many.

    Spaces are removed only from a column that has some, and an ASCII column is lowered
    by ``ascii_lower`` (on ASCII text the same as ``utf8_lower``, and ten times faster).
    The numbers are Arrow's dictionary codes of the cells in one chunk (pandas'
    ``factorize`` gave the same grouping at twice the cost; codes of several chunks
    would need their dictionaries unified, far slower still).
    """
    if pc.any(pc.match_substring(cells, " ")).as_py():
        cells = pc.replace_substring(cells, " ", "")
    ascii_only = pc.all(pc.string_is_ascii(cells)).as_py() is not False
    rough = (pc.ascii_lower if ascii_only else pc.utf8_lower)(cells)
    if isinstance(rough, pa.ChunkedArray):
        rough = rough.combine_chunks()
    encoded = pc.dictionary_encode(rough)
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return codes.astype(np.uint64), len(encoded.dictionary)


def _strings(column: pa.ChunkedArray | pa.Array) -> pd.Series:
    """An Arrow string column as a pandas string Series (empty cells are nulls by now)."""
    return column.to_pandas(types_mapper=_STRING_DTYPES.get)


_STRING_DTYPES = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}


def _convert(table: RawTable, strings: pa.Table, schema: pandera.DataFrameSchema) -> pd.DataFrame:
    cells = {name: strings.column(name) for name in strings.column_names}
    rows = strings.num_rows
    del strings  # each column is freed once converted
    columns = {}
    for name, column in schema.columns.items():
        raw = cells.pop(name)
        _check_text(table, name, raw, free_text=bool((column.metadata or {}).get("free_text")))
        columns[name] = _convert_column(table, name, raw, column)
    return pd.DataFrame(columns, index=pd.RangeIndex(rows))


def _bad(table: RawTable, mask, raw, name: str, rule: str, message: str):
    """Report each row where ``mask`` (Arrow or pandas booleans) holds, with its raw cell."""
    if isinstance(mask, pa.ChunkedArray | pa.Array):
        if not pc.any(mask).as_py():
            return
        rows = np.flatnonzero(mask.fill_null(False).to_numpy(zero_copy_only=False))
    elif isinstance(mask, np.ndarray):
        rows = np.flatnonzero(mask)
    else:
        rows = np.flatnonzero(mask.to_numpy(dtype=bool))
    for row in rows.tolist():
        table.report(row, name, rule, message, _cell(raw, row))


def _cell(raw, row: int):
    return raw.iat[row] if isinstance(raw, pd.Series) else raw[row].as_py()


def _check_text(table: RawTable, name: str, raw: pa.ChunkedArray, free_text: bool) -> None:
    """Cell hygiene: spaces at the ends, line breaks, Unicode NFC, spreadsheet formulas.

    Computed by Arrow on the cells as read: ``pc.utf8_trim_whitespace`` is what pandas'
    ``str.strip`` runs on Arrow strings, ``pc.string_is_ascii`` its ``str.isascii``. In an
    ASCII column without control bytes the only white space is the space, so the ends are
    read by ``starts_with`` / ``ends_with`` instead of trimming every cell.
    """
    ends = _end_bytes(raw)
    all_ascii = _ascii_bytes(raw)
    ascii_only = None if all_ascii else pc.string_is_ascii(raw)
    all_ascii = all_ascii or pc.all(ascii_only).as_py() is not False
    plain = all_ascii and not _has_control_bytes(raw)  # only spaces can be white space
    if plain and ends is not None:
        padded = (ends[0] == 0x20) | (ends[1] == 0x20)
    elif plain:
        padded = pc.or_(pc.starts_with(raw, " "), pc.ends_with(raw, " "))
    else:
        padded = pc.not_equal(raw, pc.utf8_trim_whitespace(raw))
    _bad(table, padded, raw, name, "whitespace", "has leading or trailing spaces; remove them")
    # One pass finds every cell either check below could flag; most columns have none.
    suspect = not plain and _matches(raw, _CONTROL_OR_INVISIBLE)
    if suspect:
        _bad(
            table,
            pc.match_substring(raw, "\n"),
            raw,
            name,
            "whitespace",
            "contains a line break; keep each cell on one line",
        )
    if not all_ascii:
        rows = np.flatnonzero(~ascii_only.to_numpy(zero_copy_only=False))
        not_nfc = [row for row in rows.tolist() if not _is_nfc(raw[row].as_py())]
        for row in not_nfc:
            table.report(
                row,
                name,
                "unicode_nfc",
                "is not in Unicode NFC form; normalise it (e.g. unicodedata.normalize('NFC', "
                "text))",
                raw[row].as_py(),
            )
    if suspect:
        _bad(
            table,
            _contains(raw, _INVISIBLE),
            raw,
            name,
            "invisible_character",
            "holds a control character or an invisible mark (such as NUL, ESC, a tab, a "
            "right-to-left override or a zero-width space); delete it",
        )
    if free_text:
        if ends is not None:  # a cell starts with an ASCII sign iff its first byte is it
            formula = np.isin(ends[0], np.frombuffer(b"=+-@", np.uint8))
        else:
            formula = pc.starts_with(raw, "=")
            for sign in "+-@":
                formula = pc.or_(formula, pc.starts_with(raw, sign))
        _bad(
            table,
            formula,
            raw,
            name,
            "formula_injection",
            "starts with =, +, - or @, which spreadsheets run as a formula; reword the start",
        )


def _end_bytes(raw: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """Each cell's first and last byte (-1 for an empty cell), read off the Arrow buffers.

    None for a column with an empty (null) cell or of another type than ``string``.
    """
    chunks = raw.chunks if isinstance(raw, pa.ChunkedArray) else [raw]
    none = np.int16(-1)
    firsts, lasts = [np.empty(0, np.int16)], [np.empty(0, np.int16)]
    for chunk in chunks:
        if chunk.type != pa.string() or chunk.null_count:
            return None
        offsets = np.frombuffer(chunk.buffers()[1], np.int32)[chunk.offset :][: len(chunk) + 1]
        data = chunk.buffers()[2]
        octets = np.frombuffer(data, np.uint8) if data is not None else np.empty(0, np.uint8)
        if not len(octets):  # every cell empty
            firsts.append(np.full(len(chunk), none))
            lasts.append(np.full(len(chunk), none))
            continue
        starts, stops, top = offsets[:-1], offsets[1:], len(octets) - 1
        filled = stops > starts
        firsts.append(np.where(filled, octets[np.minimum(starts, top)], none))
        lasts.append(np.where(filled, octets[np.clip(stops - 1, 0, top)], none))
    return np.concatenate(firsts), np.concatenate(lasts)


def _ascii_bytes(raw: pa.ChunkedArray | pa.Array) -> bool:
    """Whether every byte of the data buffers (a superset of the cells') is ASCII."""
    chunks = raw.chunks if isinstance(raw, pa.ChunkedArray) else [raw]
    for chunk in chunks:
        if chunk.type != pa.string():
            return False
        data = chunk.buffers()[2]
        if data is not None and data.size and np.frombuffer(data, np.uint8).max() > 0x7F:
            return False
    return True


def _matches(raw, pattern: str, ascii_only: bool = False) -> bool:
    """Whether any cell of a string column matches ``pattern`` (one pass in Arrow).

    ``ascii_only`` (every cell is ASCII) lets a column whose bytes hold no ASCII control
    character answer without the regex: every other character ``_CONTROL_OR_INVISIBLE``
    names lies outside ASCII.
    """
    values = raw if isinstance(raw, pa.ChunkedArray | pa.Array) else pa.array(raw.array)
    if ascii_only and pattern == _CONTROL_OR_INVISIBLE and not _has_control_bytes(values):
        return False
    return bool(pc.any(pc.match_substring_regex(values, pattern)).as_py())


def _contains(raw: pa.ChunkedArray, pattern: str):
    """Which cells hold a match of ``pattern``, as pandas' ``str.contains`` finds it.

    That is Arrow's RE2, but Python's ``re`` for a column with a line break (where ``$``
    also matches before a final line break): pandas decides, as it did before Arrow.
    """
    if holds_line_break(raw):
        return _strings(raw).str.contains(pattern, regex=True)
    return pc.match_substring_regex(raw, pattern)


def _has_control_bytes(values: pa.ChunkedArray | pa.Array) -> bool:
    """Whether the data buffers (a superset of the cells' bytes) hold a byte 0-31 or 127.

    Their smallest and largest byte answer it (two fast passes) unless a byte above 127
    is there too; then 127 is looked for.
    """
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    for chunk in chunks:
        data = chunk.buffers()[2]
        if data is None or not data.size:
            continue
        octets = np.frombuffer(data, dtype=np.uint8)
        if octets.min() < 0x20:
            return True
        top = octets.max()
        if top == 0x7F or (top > 0x7F and (octets == 0x7F).any()):
            return True
    return False


def _is_nfc(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value)


_NULL_STRING = pa.scalar(None, pa.string())


def _convert_column(table: RawTable, name: str, raw: pa.ChunkedArray, column) -> pd.Series:
    """One column's cells (Arrow strings as read) as its typed pandas column, bad cells reported.

    The conversions run in Arrow on the distinct cells where they repeat (dates); the
    typed values are those pandas' own readers give (``tests/test_fast_paths.py``).
    """
    empty = pc.equal(raw, "")
    metadata = column.metadata or {}
    if metadata.get("list"):
        items = [[x.strip() for x in v.split(LIST_SEPARATOR)] if v else [] for v in raw.to_pylist()]
        return pd.Series(items, dtype=object)
    if not column.nullable:
        _bad(table, empty, raw, name, "required", "is required but empty")
    kind = metadata["kind"]  # the model's column kind (mali_conflict_data.model.KINDS)
    if kind == "date":
        return _convert_dates(table, name, raw)
    if kind == "count":
        return _convert_counts(table, name, raw, empty)
    if kind == "number":
        strings = _strings(raw)
        empty_cells = strings == ""
        number = pd.to_numeric(strings.where(~empty_cells), errors="coerce")
        _bad(table, ~empty_cells & number.isna(), strings, name, "number", "is not a number")
        return number.astype("Float64")
    if kind == "flag":
        known = pc.is_in(raw, value_set=pa.array(["true", "false"]))
        _bad(
            table,
            pc.and_(pc.invert(known), pc.invert(empty)),
            raw,
            name,
            "boolean",
            "must be true or false",
        )
        truth = pc.equal(raw, "true").to_numpy(zero_copy_only=False)
        unknown = ~known.to_numpy(zero_copy_only=False)
        return pd.Series(pd.arrays.BooleanArray(truth & ~unknown, unknown))
    if kind == "vocabulary":
        values = metadata["vocabulary"]
        codes = pc.index_in(raw, value_set=pa.array(values, pa.string()))
        _bad(
            table,
            pc.and_(pc.is_null(codes), pc.invert(empty)),
            raw,
            name,
            "vocabulary",
            f"is not one of the allowed values: {', '.join(values)}",
        )
        positions = codes.fill_null(-1).to_numpy(zero_copy_only=False)
        return pd.Series(pd.Categorical.from_codes(positions, dtype=pd.CategoricalDtype(values)))
    return _strings(pc.if_else(empty, _NULL_STRING, raw))


def _convert_dates(table: RawTable, name: str, raw: pa.ChunkedArray) -> pd.Series:
    """Dates read by pandas (``%Y-%m-%d``) once per distinct cell: datetime64, NaT where empty."""
    encoded = pc.dictionary_encode(raw)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.unify_dictionaries().combine_chunks()
    distinct = _strings(encoded.dictionary)
    well_formed = distinct.str.match(_ISO_DATE)
    empty = distinct == ""
    parsed = pd.to_datetime(
        distinct.where(well_formed & ~empty), format="%Y-%m-%d", errors="coerce"
    )
    bad = (~empty & parsed.isna()).to_numpy(dtype=bool)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    if bad.any():
        _bad(
            table,
            pd.Series(bad[indices]),
            raw,
            name,
            "date",
            "is not a real calendar date written YYYY-MM-DD",
        )
    return pd.Series(parsed.to_numpy()[indices], dtype=parsed.dtype)


def _convert_counts(
    table: RawTable, name: str, raw: pa.ChunkedArray, empty: pa.ChunkedArray
) -> pd.Series:
    """Whole numbers (ASCII digits, an optional minus) as Int64; the long ones checked by Python.

    A column with a line break in a cell (reported on its own) is read by pandas as before
    (:func:`_convert_counts_by_pandas`: Python's ``re``, where ``$`` matches before it).
    """
    if holds_line_break(raw):
        return _convert_counts_by_pandas(table, name, _strings(raw).fillna(""))
    is_int = pc.match_substring_regex(raw, _INTEGER)
    _bad(
        table,
        pc.and_(pc.invert(empty), pc.invert(is_int)),
        raw,
        name,
        "integer",
        "is not a whole number",
    )
    # 19 digits and more may not fit in 64 bits: such a number once wrapped round
    # to -9223372036854775808 and was reported as negative
    digits = pc.subtract(pc.binary_length(raw), pc.cast(pc.starts_with(raw, "-"), pa.int32()))
    long = pc.and_(is_int, pc.greater_equal(digits, 19))
    short = pc.and_(is_int, pc.invert(long))
    values = pc.cast(pc.if_else(short, raw, _NULL_STRING), pa.int64())
    valid = np.array(pc.is_valid(values).to_numpy(zero_copy_only=False), dtype=bool)
    integers = np.array(pc.fill_null(values, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    if pc.any(long).as_py():
        too_large = []
        for row in np.flatnonzero(long.to_numpy(zero_copy_only=False)).tolist():
            number = int(raw[row].as_py())
            if _INT64[0] <= number <= _INT64[1]:
                integers[row], valid[row] = number, True
            else:
                too_large.append(row)
        for row in too_large:
            table.report(
                row,
                name,
                "integer",
                f"is too large a whole number (the limit is {_INT64[1]:,}); check the digits",
                raw[row].as_py(),
            )
    return pd.Series(pd.arrays.IntegerArray(integers, ~valid))


def _convert_counts_by_pandas(table: RawTable, name: str, raw: pd.Series) -> pd.Series:
    """Whole numbers read by pandas' string methods (a column with a line break in a cell)."""
    empty = raw == ""
    is_int = raw.str.match(_INTEGER)
    _bad(table, ~empty & ~is_int, raw, name, "integer", "is not a whole number")
    long = is_int & ~empty & (raw.str.lstrip("-").str.len() >= 19)
    too_large = pd.Series(False, index=raw.index)
    if long.any():  # Python's int only for the few long ones
        too_large[long] = raw[long].map(lambda v: not _INT64[0] <= int(v) <= _INT64[1])
    _bad(
        table,
        too_large,
        raw,
        name,
        "integer",
        f"is too large a whole number (the limit is {_INT64[1]:,}); check the digits",
    )
    return pd.to_numeric(raw.where(is_int & ~empty & ~too_large)).astype("Int64")
