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


# (command, the optional library it needs): one case per extra of cli._EXTRAS a command uses.
EXTRA_CASES = [("validate", "pandera"), ("build", "pandera"), ("report", "vl_convert")]


def test_every_extra_has_a_case() -> None:
    assert {cli._EXTRAS[m] for _, m in EXTRA_CASES} | {"polars"} == set(cli._EXTRAS.values())


@pytest.mark.parametrize(("command", "module"), EXTRA_CASES)
def test_missing_extra_says_what_to_install(tmp_path: Path, command: str, module: str) -> None:
    """Without the extra, a command prints one line naming it and its install line, exit 1.

    `report` without [report] once ended in a ModuleNotFoundError traceback.
    """
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    argv = [command, "--root", str(tmp_path)] if command != "report" else [command]
    if command == "report":
        argv += ["--out", str(tmp_path / "site")]
    code = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "from mali_conflict_data.cli import main\n"
        f"raise SystemExit(main({argv!r}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    extra = cli._EXTRAS[module]
    assert run.stderr.strip().splitlines() == [
        f"error: `{command}`: this needs the [{extra}] extra ({module} is not installed): "
        f'pip install "mali-conflict-data[{extra}]"'
    ]


def test_polars_backend_without_polars_names_the_extra(monkeypatch) -> None:
    import mali_conflict_data as mcd

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(mcd.MissingExtraError, match=r'pip install "mali-conflict-data\[polars\]"'):
        mcd.load("events", backend="polars")


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


# (function of the package, the optional library it needs): every MissingExtraError raised
# by name, found in the source, must be reachable with its library blocked.
LIBRARY_CASES = [
    ("mali_conflict_data.formats", "write_duckdb", "duckdb"),
    ("mali_conflict_data.formats", "write_geopackage", "pyogrio"),
    ("mali_conflict_data.query", "duckdb", "duckdb"),
]


@pytest.mark.parametrize(("module", "function", "library"), LIBRARY_CASES)
def test_a_missing_library_names_its_extra(tmp_path: Path, module, function, library, monkeypatch):
    """Without the library, the function raises MissingExtraError with its install line.

    The release formats once passed a sentence where the error takes (extra, module),
    so a missing duckdb or pyogrio was a TypeError.
    """
    import importlib

    import mali_conflict_data as mcd

    monkeypatch.setitem(sys.modules, library, None)
    target = getattr(importlib.import_module(module), function)
    args = () if function == "duckdb" else (mcd.data_dir(), tmp_path / "out")
    with pytest.raises(mcd.MissingExtraError, match=r'pip install "mali-conflict-data\[\w+\]"'):
        target(*args)
