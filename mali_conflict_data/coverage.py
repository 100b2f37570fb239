"""The coverage record: for every sentence of every article, the rows coded from it or why none.

``coding/coverage.csv`` has one line per sentence of each paragraph (a non-blank
line of the article's text file): ``source_id``, ``line``, ``sentence`` (its
number in the paragraph, from 1), ``starts_with`` (its first words, to notice a
changed text), ``rows`` (the rows whose quote overlaps it, as ``table:id``,
space-separated) and ``reason`` (why it holds nothing codable, or what else it
is). A paragraph that repeats an earlier one word for word (a page capture's
artefact) is one line with ``sentence`` 0, recorded once where it first occurs.
``rows`` is derived from the quotes and rewritten by ``mali-conflict-data
coverage --update``; ``reason`` is written by the coder.

Sentences are split by pySBD's rule-based segmenter, which keeps abbreviations
("Col.", "U.S.", "Aug.") and quotations inside their sentence.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from mali_conflict_data._errors import MissingExtraError, RecordError
from mali_conflict_data._files import MAX_TEXT_BYTES, UnsafeFileError, read_bytes, write_atomic
from mali_conflict_data._fragments import forget_texts, places
from mali_conflict_data._text import fold_spaces, key_label
from mali_conflict_data.model import TABLES
from mali_conflict_data.validate import SourceTextProblem, read_source_text

COLUMNS = ["source_id", "line", "sentence", "starts_with", "rows", "reason"]
_STARTS = 40


@dataclass
class Sentence:
    """One sentence of a paragraph (``number`` 0: a repeated paragraph, whole)."""

    source_id: str
    line: int
    number: int
    text: str
    start: int = 0
    duplicate_of: int | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        """(source_id, line, number): how the record names it."""
        return (self.source_id, self.line, self.number)

    @property
    def where(self) -> str:
        """Where it is, for a message."""
        return f"{self.source_id} line {self.line} sentence {self.number} ({self.text[:_STARTS]!r})"


@lru_cache(maxsize=1)
def _segmenter():
    try:
        import pysbd
    except ImportError as error:  # pragma: no cover - the validate extra installs it
        raise MissingExtraError("validate", "pysbd") from error
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(paragraph: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph (spaces folded) with the offset where each starts.

    >>> split_sentences("Col. Assimi Goita met U.S. officers on Aug. 18. They spoke.")
    [(0, 'Col. Assimi Goita met U.S. officers on Aug. 18.'), (48, 'They spoke.')]
    """
    text = fold_spaces(paragraph)
    found, position = [], 0
    for segment in _segmenter().segment(text):
        segment = segment.strip()
        if not segment:
            continue
        start = text.find(segment, position)
        if start < 0:  # pragma: no cover - pySBD keeps the text when clean=False
            start = position
        found.append((start, segment))
        position = start + len(segment)
    return found


def sentences(sources: pd.DataFrame, folder: Path) -> list[Sentence]:
    """Every sentence of every article; a repeat of an earlier paragraph once, whole."""
    found = []
    for source_id, file in zip(sources["source_id"], sources["text_file"], strict=True):
        seen: dict[str, int] = {}
        text = read_source_text(folder, str(file))
        if isinstance(text, SourceTextProblem):
            raise RecordError(f"the text of {source_id} ({file}) {text.message}")
        lines = text[1].split("\n")
        for number, text in enumerate(lines, 1):
            text = fold_spaces(text)
            if not text:
                continue
            if text in seen:
                found.append(Sentence(source_id, number, 0, text, 0, seen[text]))
                continue
            seen[text] = number
            for index, (start, sentence) in enumerate(split_sentences(text), 1):
                found.append(Sentence(source_id, number, index, sentence, start))
    return found


def _row_ids(frames: dict[str, pd.DataFrame]) -> list[tuple[str, str, str, dict]]:
    """(row label, source_id, quote, its prefix and suffix) for every quote in the tables."""
    pins = []
    for name, frame in frames.items():
        table = TABLES[name]
        labels = [key_label(values) for values in frame[list(table.primary_key)].to_numpy()]
        contexts = table.quote_contexts()
        for quote_column, source_column in table.quote_columns():
            suffix = "" if quote_column == "quote" else "#lifted"
            sides = {s: c for s, c in contexts.get(quote_column, {}).items() if c in frame}
            beside = (
                [
                    dict(zip(sides, values, strict=True))
                    for values in frame[list(sides.values())].astype(object).to_numpy()
                ]
                if sides
                else [{}] * len(frame)
            )
            for label, source_id, quote, context in zip(
                labels, frame[source_column], frame[quote_column], beside, strict=True
            ):
                if pd.notna(quote):
                    context = {s: w for s, w in context.items() if isinstance(w, str)}
                    pins.append((f"{name}:{label}{suffix}", source_id, fold_spaces(quote), context))
    return pins


def rows_by_sentence(
    frames: dict[str, pd.DataFrame], folder: Path
) -> dict[tuple[str, int, int], list[str]]:
    """The rows whose quote overlaps each sentence (in each paragraph that holds the quote)."""
    every = sentences(frames["sources"], folder)
    found: dict[tuple[str, int, int], list[str]] = {s.key: [] for s in every}
    by_paragraph: dict[tuple[str, int], list[Sentence]] = {}
    for sentence in every:
        if sentence.number:
            by_paragraph.setdefault((sentence.source_id, sentence.line), []).append(sentence)
    folded = {key: _paragraph_text(group) for key, group in by_paragraph.items()}
    for label, source_id, quote, context in _row_ids(frames):
        for (source, line), group in by_paragraph.items():
            if source != source_id:
                continue
            text = folded[(source, line)]
            if context:  # the first place of the quote beside its prefix and suffix
                beside = places(text, quote, **context)
                start = beside[0][1] if beside else -1
            else:
                start = text.find(quote)
            if start < 0:
                continue
            end = start + len(quote)
            for sentence in group:
                if sentence.start < end and start < sentence.start + len(sentence.text):
                    found[sentence.key].append(label)
    forget_texts()  # the paragraphs' folded copies are not kept once matched
    return found


def _paragraph_text(group: list[Sentence]) -> str:
    """The paragraph's folded text, rebuilt from its sentences at their offsets."""
    text = ""
    for sentence in group:
        text = text.ljust(sentence.start) + sentence.text
    return text


def read_record(path: Path) -> dict[tuple[str, int, int], dict]:
    """The coverage record, by (source_id, line, sentence); a :class:`RecordError` on a bad line.

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
        for column in ("line", "sentence"):
            if not row[column].isascii() or not row[column].isdigit():
                raise RecordError(
                    f"{path} line {line}: {column} must be a whole number, not {row[column][:40]!r}"
                )
        record[(row["source_id"], int(row["line"]), int(row["sentence"]))] = row
    return record


def write_record(path: Path, frames: dict[str, pd.DataFrame], folder: Path) -> None:
    """Rewrite the record: rows derived from the quotes, reasons kept from the old record.

    The new record is written beside the old one and renamed over it, so a failure
    (a full disk, a file-size limit) leaves the old record whole: no reason is lost.
    """
    old = read_record(path)
    rows = rows_by_sentence(frames, folder)
    handle = io.StringIO()
    writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for sentence in sentences(frames["sources"], folder):
        reason = old.get(sentence.key, {}).get("reason", "")
        if not reason and sentence.duplicate_of is not None:
            reason = f"Repeats line {sentence.duplicate_of} (page-capture artefact)."
        writer.writerow(
            {
                "source_id": sentence.source_id,
                "line": sentence.line,
                "sentence": sentence.number,
                "starts_with": sentence.text[:_STARTS],
                "rows": " ".join(rows[sentence.key]),
                "reason": reason,
            }
        )
    write_atomic(path, handle.getvalue())


def check_record(path: Path, frames: dict[str, pd.DataFrame], folder: Path) -> list[str]:
    """What is wrong with the record: sentences neither covered nor explained, stale rows."""
    record = read_record(path)
    rows = rows_by_sentence(frames, folder)
    problems = []
    every = sentences(frames["sources"], folder)
    for sentence in every:
        entry = record.get(sentence.key)
        if entry is None:
            problems.append(f"{sentence.where}: not in the record")
            continue
        if entry["starts_with"] != sentence.text[:_STARTS]:
            problems.append(
                f"{sentence.where}: the record starts {entry['starts_with']!r}; the text changed"
            )
        listed = entry["rows"].split()
        if listed != rows[sentence.key]:
            problems.append(
                f"{sentence.where}: record lists {listed}, quotes give {rows[sentence.key]}"
            )
        if not rows[sentence.key] and not entry["reason"].strip():
            problems.append(f"{sentence.where}: no row is coded from it and no reason is given")
    for key in record.keys() - {s.key for s in every}:
        problems.append(
            f"{key[0]} line {key[1]} sentence {key[2]}: in the record but not a sentence "
            "of the text"
        )
    return problems
