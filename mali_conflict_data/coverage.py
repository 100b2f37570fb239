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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mali_conflict_data._text import fold_spaces, key_label
from mali_conflict_data.model import TABLES

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
        lines = (folder / file).read_text(encoding="utf-8").split("\n")
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
    """The coverage record, by (source_id, line)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["source_id"], int(r["line"])): r for r in csv.DictReader(handle)}


def write_record(path: Path, frames: dict[str, pd.DataFrame], folder: Path) -> None:
    """Rewrite the record: rows derived from the quotes, reasons kept from the old record."""
    old = read_record(path)
    rows = rows_by_paragraph(frames, folder)
    with path.open("w", encoding="utf-8", newline="") as handle:
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
