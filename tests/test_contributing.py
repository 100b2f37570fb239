"""CONTRIBUTING.md's worked example adds new rows that validate and build, as it says."""

from __future__ import annotations

import csv
import io
import re
import shlex
import shutil

from mali_conflict_data import build, schema
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


def test_the_example_adds_an_event_actor_row():
    files = [file for _, file in _appended_rows()]
    assert files and files[-1] == "raw/event_actors.csv"
    assert set(files) <= {"raw/actors.csv", "raw/actor_names.csv", "raw/event_actors.csv"}


def _coverage_label(row: str) -> str:
    """The coverage record's label of an appended event_actors row."""
    event_id, actor_id, role = next(csv.reader([row]))[:3]
    return f"event_actors:{event_id}@{actor_id}@{role}"


def test_the_example_validates_covers_and_builds(project, root, sources_dir, capsys):
    shutil.copytree(root / "coding", project / "coding")
    _add(project, _appended_rows())
    sources = ["--root", str(project), "--sources", str(sources_dir)]
    assert main(["validate", *sources]) == 0
    assert "quotes checked against the source texts" in capsys.readouterr().out
    assert main(["coverage", "--update", *sources]) == 0
    record = (project / "coding" / "coverage.csv").read_text()
    event_actor = next(row for row, file in _appended_rows() if file == "raw/event_actors.csv")
    assert _coverage_label(event_actor) in record
    build.build(project, sources=sources_dir)
    assert build.check(project, sources=sources_dir) == []


def test_the_typo_gives_the_message_shown(project, capsys):
    for row, file in _appended_rows():
        path = project / file
        kept = [line for line in path.read_text(encoding="utf-8").splitlines() if line != row]
        if file.endswith("event_actors.csv"):
            fields = next(csv.reader([row]))
            assert fields[2] in schema.EVENT_ROLES
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow([*fields[:2], "initator", *fields[3:]])
            typo, line = out.getvalue(), len(kept) + 1
        else:
            typo = row
        path.write_text("\n".join([*kept, typo]) + "\n", encoding="utf-8")
    assert main(["validate", "--root", str(project)]) == 1
    shown = re.search(r"```text\n(vocabulary.*?)```", EXAMPLE, flags=re.S).group(1)
    # The line number shown is that of the clone the guide was written on; the row is
    # appended, so on any clone it is the line after the last row.
    shown = re.sub(r"raw/event_actors\.csv:\d+", f"raw/event_actors.csv:{line}", shown)
    assert capsys.readouterr().err.strip() == shown.strip()
