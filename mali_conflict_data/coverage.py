"""The coverage record: for every paragraph of every article, the rows coded from it or why none.

``coding/coverage.csv`` has one line per paragraph (a non-blank line of the
article's text file): ``source_id``, ``line``, ``starts_with`` (its first words,
to notice a changed text), ``rows`` (the rows whose quote lies in it, as
``table:id``, space-separated) and ``reason`` (why it holds nothing codable, or
what else it is). ``rows`` is derived from the quotes and rewritten by
``mali-conflict-data coverage --update``; ``reason`` is written by the coder.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mali_conflict_data._errors import RecordError
from mali_conflict_data._files import MAX_TEXT_BYTES, UnsafeFileError, read_bytes, write_atomic
from mali_conflict_data._text import fold_spaces, key_label
from mali_conflict_data.model import TABLES
from mali_conflict_data.validate import SourceTextProblem, read_source_text

COLUMNS = ["source_id", "line", "starts_with", "rows", "reason"]
_STARTS = 40


@dataclass
class Paragraph:
    """One non-blank line of an article."""

    source_id: str
    line: int
    text: str
    duplicate_of: int | None = None


def paragraphs(sources: pd.DataFrame, folder: Path) -> list[Paragraph]:
    """Every paragraph of every article, marking exact repeats of an earlier paragraph."""
    found = []
    for source_id, file in zip(sources["source_id"], sources["text_file"], strict=True):
        seen: dict[str, int] = {}
        text = read_source_text(folder, str(file))
        if isinstance(text, SourceTextProblem):
            raise RecordError(f"the text of {source_id} ({file}) {text.message}")
        lines = text[1].split("\n")
        for number, text in enumerate(lines, 1):
            text = fold_spaces(text)
            if text:
                found.append(Paragraph(source_id, number, text, seen.get(text)))
                seen.setdefault(text, number)
    return found


def _row_ids(frames: dict[str, pd.DataFrame]) -> list[tuple[str, str, str]]:
    """(row label, source_id, quote) for every quote in the tables."""
    pins = []
    for name, frame in frames.items():
        table = TABLES[name]
        labels = [key_label(values) for values in frame[list(table.primary_key)].to_numpy()]
        for quote_column, source_column in table.quote_columns():
            suffix = "" if quote_column == "quote" else "#lifted"
            for label, source_id, quote in zip(
                labels, frame[source_column], frame[quote_column], strict=True
            ):
                if pd.notna(quote):
                    pins.append((f"{name}:{label}{suffix}", source_id, fold_spaces(quote)))
    return pins


def rows_by_paragraph(
    frames: dict[str, pd.DataFrame], folder: Path
) -> dict[tuple[str, int], list[str]]:
    """The rows whose quote lies in each paragraph (first occurrence of repeated paragraphs)."""
    every = paragraphs(frames["sources"], folder)
    found = {(p.source_id, p.line): [] for p in every}
    texts = [p for p in every if p.duplicate_of is None]
    for label, source_id, quote in _row_ids(frames):
        for paragraph in texts:
            if paragraph.source_id == source_id and quote in paragraph.text:
                found[(source_id, paragraph.line)].append(label)
    return found


def read_record(path: Path) -> dict[tuple[str, int], dict]:
    """The coverage record, by (source_id, line); a :class:`RecordError` naming a bad line.

    >>> read_record(Path("no-such-record.csv"))
    {}
    """
    try:
        data = read_bytes(path, MAX_TEXT_BYTES)
    except FileNotFoundError:
        return {}
    except UnsafeFileError as error:
        raise RecordError(f"{path} {error.reason}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecordError(
            f"{path} is not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        raise RecordError(
            f"{path} starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
        )
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if header != COLUMNS:
        raise RecordError(
            f"{path} line 1: the header is {','.join(header)!r}; expected {','.join(COLUMNS)}"
        )
    record = {}
    for cells in reader:
        line = reader.line_num
        if len(cells) != len(COLUMNS):
            raise RecordError(
                f"{path} line {line}: {len(cells)} cells where the header has {len(COLUMNS)}; "
                "quote cells that contain commas"
            )
        row = dict(zip(COLUMNS, cells, strict=True))
        if not row["line"].isascii() or not row["line"].isdigit():
            raise RecordError(
                f"{path} line {line}: line must be a whole number, not {row['line'][:40]!r}"
            )
        record[(row["source_id"], int(row["line"]))] = row
    return record


def write_record(path: Path, frames: dict[str, pd.DataFrame], folder: Path) -> None:
    """Rewrite the record: rows derived from the quotes, reasons kept from the old record.

    The new record is written beside the old one and renamed over it, so a failure
    (a full disk, a file-size limit) leaves the old record whole: no reason is lost.
    """
    old = read_record(path)
    rows = rows_by_paragraph(frames, folder)
    handle = io.StringIO()
    writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for paragraph in paragraphs(frames["sources"], folder):
        key = (paragraph.source_id, paragraph.line)
        reason = old.get(key, {}).get("reason", "")
        if not reason and paragraph.duplicate_of is not None:
            reason = f"Repeats line {paragraph.duplicate_of} (page-capture artefact)."
        writer.writerow(
            {
                "source_id": paragraph.source_id,
                "line": paragraph.line,
                "starts_with": paragraph.text[:_STARTS],
                "rows": " ".join(rows[key]),
                "reason": reason,
            }
        )
    write_atomic(path, handle.getvalue())


def check_record(path: Path, frames: dict[str, pd.DataFrame], folder: Path) -> list[str]:
    """What is wrong with the record: paragraphs neither covered nor explained, stale rows."""
    record = read_record(path)
    rows = rows_by_paragraph(frames, folder)
    problems = []
    for paragraph in paragraphs(frames["sources"], folder):
        key = (paragraph.source_id, paragraph.line)
        where = f"{paragraph.source_id} line {paragraph.line} ({paragraph.text[:_STARTS]!r})"
        entry = record.get(key)
        if entry is None:
            problems.append(f"{where}: not in the record")
            continue
        if entry["starts_with"] != paragraph.text[:_STARTS]:
            problems.append(
                f"{where}: the record starts {entry['starts_with']!r}; the text changed"
            )
        listed = entry["rows"].split()
        if listed != rows[key]:
            problems.append(f"{where}: record lists {listed}, quotes give {rows[key]}")
        if not rows[key] and not entry["reason"].strip():
            problems.append(f"{where}: no row is coded from it and no reason is given")
    for key in record.keys() - set(rows):
        problems.append(f"{key[0]} line {key[1]}: in the record but not a paragraph of the text")
    return problems
