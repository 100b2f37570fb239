"""Problems found in the raw tables, and the three ways of printing them.

A :class:`Problem` names the file, the line as the file shows it (the header is
line 1), the column, the offending value and the rule broken, in plain words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import groupby

FORMATS = ("text", "json", "github")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix in one place."""

    file: str
    line: int | None
    column: str | None
    rule: str
    message: str
    value: str | None = None
    column_number: int | None = field(default=None, compare=False)

    def location(self) -> str:
        """``file:line`` plus the column, as editors and terminals link them."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} [{self.column}]" if self.column else where


def _shown(value: str | None, limit: int = 80) -> str:
    if value is None:
        return ""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return f" (found {text!r})"


def _escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's escapeProperty)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(problem: Problem) -> str:
    """One ``::error`` workflow command; ``col`` is the column's 1-based place in the header."""
    props = {"file": problem.file}
    if problem.line:
        props["line"] = str(problem.line)
    if problem.column_number:
        props["col"] = str(problem.column_number)
    props["title"] = problem.rule + (f" in {problem.column}" if problem.column else "")
    joined = ",".join(f"{k}={_escape_property(v)}" for k, v in props.items())
    return f"::error {joined}::{_escape_data(problem.message + _shown(problem.value))}"


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    """Render problems for people (``text``), tools (``json``) or GitHub Actions (``github``).

    Text output groups the problems by rule, one line per problem.

    >>> p = Problem("raw/events.csv", 3, "date_start", "date", "is not a date", "2020-02-30")
    >>> print(format_problems([p]))
    date (1 problem)
      raw/events.csv:3 [date_start] is not a date (found '2020-02-30')
    <BLANKLINE>
    1 problem found.
    """
    problems = sorted(problems, key=lambda p: (p.rule, p.file, p.line or 0, p.column or ""))
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(_annotation(p) for p in problems)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = []
    for rule, group in groupby(problems, key=lambda p: p.rule):
        group = list(group)
        out.append(f"{rule} ({len(group)} problem{'s' if len(group) != 1 else ''})")
        out.extend(f"  {p.location()} {p.message}{_shown(p.value)}" for p in group)
        out.append("")
    count = len(problems)
    out.append(
        f"{count} problem{'s' if count != 1 else ''} found." if count else "No problems found."
    )
    return "\n".join(out)
