"""CONTRIBUTING.md's worked example adds a row that validates and builds, as it says.

It runs on a copy of the sample project ``tests/data/minimal``, as the guide does.
"""

from __future__ import annotations

import csv
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

from mali_conflict_data import build, schema
from mali_conflict_data.cli import main

ROOT = Path(__file__).parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
TEXT = (ROOT / "CONTRIBUTING.md").read_text()
EXAMPLE = TEXT.split("## Worked example")[1].split("## Changing a schema")[0]


def _commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", EXAMPLE, flags=re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def _appended_rows() -> list[tuple[str, str]]:
    """(row, file) for every `echo '...' >> raw/FILE` line of the example."""
    rows = []
    for line in _commands():
        words = shlex.split(line)
        if words[0] == "echo":
            assert words[2] == ">>", line
            rows.append((words[1], words[3]))
    return rows


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The example's first step: a copy of the sample project."""
    assert _commands()[0].startswith("cp -r tests/data/minimal ")
    shutil.copytree(MINIMAL, tmp_path / "sample")
    return tmp_path / "sample"


def _add(project: Path, rows: list[tuple[str, str]]) -> None:
    for row, file in rows:
        with (project / file).open("a", encoding="utf-8") as handle:
            handle.write(row + "\n")


def test_the_example_adds_an_event_actor_row_of_a_fact_the_sample_leaves_out(sample):
    rows = _appended_rows()
    assert [file for _, file in rows] == ["raw/event_actors.csv"]
    event_id, actor_id, role, source_id, quote, prefix, suffix = next(csv.reader([rows[0][0]]))
    assert (prefix, suffix) == ("", "")  # the quote occurs once: no neighbours needed
    assert role in schema.EVENT_ROLES
    coded = (sample / "raw" / "event_actors.csv").read_text(encoding="utf-8")
    assert f"{event_id},{actor_id},{role}" not in coded  # not coded before
    text = (sample / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    assert quote in text


def test_the_example_validates_and_builds(sample, capsys):
    _add(sample, _appended_rows())
    sources = ["--root", str(sample), "--sources", str(sample / "sources")]
    assert main(["validate", *sources]) == 0
    assert "quotes checked against the source texts" in capsys.readouterr().out
    assert main(["build", *sources]) == 0
    assert build.check(sample, sources=sample / "sources") == []
    assert main(["info", "--root", str(sample)]) == 0
    assert "event_actors" in capsys.readouterr().out


def test_the_typo_gives_the_message_shown(sample, capsys):
    ((row, file),) = _appended_rows()
    fields = next(csv.reader([row]))
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([*fields[:2], "initator", *fields[3:]])
    _add(sample, [(out.getvalue(), file)])
    line = len((sample / file).read_text(encoding="utf-8").splitlines())
    assert main(["validate", "--root", str(sample), "--sources", str(sample / "sources")]) == 1
    shown = re.search(r"```text\n(vocabulary.*?)```", EXAMPLE, flags=re.S).group(1)
    assert f"raw/event_actors.csv:{line} " in shown
    assert capsys.readouterr().err.strip() == shown.strip()
