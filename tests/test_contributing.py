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


def test_the_example_adds_rows_not_yet_in_raw(root):
    rows = _appended_rows()
    assert len(rows) == 2
    for row, file in rows:
        assert row not in (root / file).read_text(), (
            f"{file} already holds the example's row: pick a new example for CONTRIBUTING.md"
        )


def test_the_example_validates_covers_and_builds(project, root, sources_dir, capsys):
    shutil.copytree(root / "coding", project / "coding")
    for row, file in _appended_rows():
        with open(project / file, "a", encoding="utf-8") as handle:
            handle.write(row + "\n")
    sources = ["--root", str(project), "--sources", str(sources_dir)]
    assert main(["validate", *sources]) == 0
    assert "quotes checked against the source texts" in capsys.readouterr().out
    assert main(["coverage", "--update", *sources]) == 0
    record = (project / "coding" / "coverage.csv").read_text()
    assert "event_actors:ev-2020-07-protest-clash@malian-security-forces@target" in record
    publish.build(project, sources=sources_dir)
    assert publish.check(project, sources=sources_dir) == []


def test_the_typo_gives_the_message_shown(project, capsys):
    rows = _appended_rows()
    for row, file in rows:
        if file.endswith("event_actors.csv"):
            row = row.replace(",target,", ",initator,")
        with open(project / file, "a", encoding="utf-8") as handle:
            handle.write(row + "\n")
    assert main(["validate", "--root", str(project)]) == 1
    shown = re.search(r"```text\n(vocabulary.*?)```", EXAMPLE, flags=re.S).group(1)
    assert capsys.readouterr().err.strip() == shown.strip()
