"""The command line never ends in a traceback: failures are one line and an exit code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mali_conflict_data import cli

MINIMAL = Path(__file__).parent / "data" / "minimal"


def test_closed_pipe_ends_quietly() -> None:
    """`info | head -1`: the reader leaves early; no BrokenPipeError traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mali_conflict_data", "info"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_missing_validate_extra_says_what_to_install(tmp_path: Path) -> None:
    """Without pandera, validate prints one line naming the extra (simulated by blocking it)."""
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    code = (
        "import sys; sys.modules['pandera'] = None\n"
        "from mali_conflict_data.cli import main\n"
        f"raise SystemExit(main(['validate', '--root', {str(tmp_path)!r}]))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip().splitlines() == [
        "error: `validate` needs pandera, which is not installed; "
        'install it with: pip install "mali-conflict-data[validate]"'
    ]


def test_internal_error_is_one_line_and_exit_2(monkeypatch, capsys) -> None:
    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_info", broken)
    assert cli.main(["info"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "internal error (RuntimeError: a bug)" in err and "--debug" in err


def test_debug_shows_the_traceback(monkeypatch) -> None:
    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_info", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["--debug", "info"])


def test_folder_where_a_file_should_be_names_the_path(tmp_path: Path, capsys) -> None:
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    events = tmp_path / "raw" / "events.csv"
    events.unlink()
    events.mkdir()
    assert cli.main(["validate", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    # a located problem naming the file and what it is (not a traceback, not a raw OSError)
    assert "raw/events.csv the file is a folder, not a regular file" in err, err
    assert "Traceback" not in err and "internal error" not in err


# GitHub's workflow-command format, as its toolkit parses it: properties split on ","
# and "=", then unescaped; the message after "::" unescaped.
_UNESCAPE = [("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")]


def _parse_annotation(line: str) -> tuple[dict[str, str], str]:
    command, _, message = line.partition("::")[2].partition("::")
    assert command.startswith("error "), line
    props = {}
    for pair in command.removeprefix("error ").split(","):
        key, _, value = pair.partition("=")
        for escaped, plain in _UNESCAPE:
            value = value.replace(escaped, plain)
        props[key] = value
    for escaped, plain in _UNESCAPE[2:]:
        message = message.replace(escaped, plain)
    return props, message


@pytest.mark.parametrize(
    "awkward",
    ["a, b", "x:y", "100%", "two\nlines", "cr\rhere", "%2C literally", "::error x::", ""],
)
def test_github_annotations_parse_back_exactly(awkward: str) -> None:
    from mali_conflict_data.problems import Problem, format_problems

    problem = Problem(
        f"raw/{awkward}.csv", 3, f"col {awkward}", f"rule{awkward}", awkward, awkward, 4
    )
    props, message = _parse_annotation(format_problems([problem], "github"))
    assert props == {
        "file": problem.file,
        "line": "3",
        "col": "4",
        "title": f"{problem.rule} in {problem.column}",
    }
    assert message == f"{awkward} (found {awkward!r})"
