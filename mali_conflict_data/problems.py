"""Problems found in the raw tables, and the three ways of printing them.

A :class:`Problem` names the file, the line as the file shows it (the header is
line 1), the column, the offending value and the rule broken, in plain words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
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

    def location(self) -> str:
        """``file:line`` plus the column, as editors and terminals link them."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} [{self.column}]" if self.column else where


def _shown(value: str | None, limit: int = 80) -> str:
    if value is None:
        return ""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return f" (found {text!r})"


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
        lines = []
        for p in problems:
            props = f"file={p.file}" + (f",line={p.line}" if p.line else "")
            title = f"{p.rule}" + (f" in {p.column}" if p.column else "")
            message = (p.message + _shown(p.value)).replace("%", "%25").replace("\n", "%0A")
            lines.append(f"::error {props},title={title}::{message}")
        return "\n".join(lines)
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
