"""CONTRIBUTING.md's worked example adds new rows that validate and build, as it says."""

from __future__ import annotations

import re
import shlex
import shutil

from mali_conflict_data import publish
from mali_conflict_data.cli import main

TEXT = (__import__("pathlib").Path(__file__).parents[1] / "CONTRIBUTING.md").read_text()
EXAMPLE = TEXT.split("## Worked example")[1]


def _appended_rows() -> list[tuple[str, str]]:
    """(row, file) for every `echo '...' >> raw/FILE` line of the example."""
    rows = []
    for line in re.findall(r"^echo .*$", EXAMPLE, flags=re.M):
        words = shlex.split(line)
        assert words[0] == "echo" and words[2] == ">>", line
        rows.append((words[1], words[3]))
    return rows


def _add(project, rows: list[tuple[str, str]]) -> None:
    """Append the rows to the project's files, after removing them if a contributor ran it."""
    for row, file in rows:
        path = project / file
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line != row]
        path.write_text("\n".join(lines + [row]) + "\n", encoding="utf-8")


def test_the_example_adds_two_rows():
    assert [file for _, file in _appended_rows()] == ["raw/actors.csv", "raw/event_actors.csv"]


def test_the_example_validates_covers_and_builds(project, root, sources_dir, capsys):
    shutil.copytree(root / "coding", project / "coding")
    _add(project, _appended_rows())
    sources = ["--root", str(project), "--sources", str(sources_dir)]
    assert main(["validate", *sources]) == 0
    assert "quotes checked against the source texts" in capsys.readouterr().out
    assert main(["coverage", "--update", *sources]) == 0
    record = (project / "coding" / "coverage.csv").read_text()
    assert "event_actors:ev-2020-07-protest-clash@malian-security-forces@target" in record
    publish.build(project, sources=sources_dir)
    assert publish.check(project, sources=sources_dir) == []


def test_the_typo_gives_the_message_shown(project, capsys):
    for row, file in _appended_rows():
        path = project / file
        kept = [line for line in path.read_text(encoding="utf-8").splitlines() if line != row]
        typo = row.replace(",target,", ",initator,") if file.endswith("event_actors.csv") else row
        path.write_text("\n".join([*kept, typo]) + "\n", encoding="utf-8")
    assert main(["validate", "--root", str(project)]) == 1
    shown = re.search(r"```text\n(vocabulary.*?)```", EXAMPLE, flags=re.S).group(1)
    assert capsys.readouterr().err.strip() == shown.strip()
