"""The command line: help, exit codes, the three output formats, info and disagreements."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mali_conflict_data as mcd
from mali_conflict_data.cli import YOUNG_COLLECTION_THRESHOLD, main
from mali_conflict_data.schema import SCHEMAS

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal"
MINIMAL_SOURCES = ["--sources", str(MINIMAL / "sources")]
# 1-based place of `low` in the casualties header (GitHub's col=).
LOW_COLUMN = list(SCHEMAS["casualties"].columns).index("low") + 1
COMMANDS = ["build", "validate", "info", "disagreements", "coverage"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: mali-conflict-data " + command in capsys.readouterr().out


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run(
        [sys.executable, "-m", "mali_conflict_data", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "validate" in out.stdout


@pytest.fixture
def broken_project(tmp_path) -> Path:
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    shutil.copy(DATA / "bad" / "negative_count" / "casualties.csv", tmp_path / "raw")
    return tmp_path


def test_validate_exits_zero_on_valid_data(capsys):
    code = main(["validate", "--root", str(MINIMAL), "--sources", str(MINIMAL / "sources")])
    assert code == 0
    assert "raw/ is valid: 11 coded tables, 25 rows; quotes checked" in capsys.readouterr().out


def test_validate_text_groups_problems_by_rule(broken_project, capsys):
    assert main(["validate", "--root", str(broken_project), *MINIMAL_SOURCES]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[:2] == [
        "negative_count (1 problem)",
        "  raw/casualties.csv:2 [low] must not be negative (found '-12')",
    ]


def test_validate_json_lists_every_problem(broken_project, capsys):
    assert (
        main(["validate", "--root", str(broken_project), *MINIMAL_SOURCES, "--format", "json"]) == 1
    )
    problems = json.loads(capsys.readouterr().out)
    assert problems == [
        {
            "file": "raw/casualties.csv",
            "line": 2,
            "column": "low",
            "rule": "negative_count",
            "message": "must not be negative",
            "value": "-12",
            "column_number": LOW_COLUMN,
        }
    ]


def test_validate_github_prints_annotations(broken_project, capsys):
    assert (
        main(["validate", "--root", str(broken_project), *MINIMAL_SOURCES, "--format", "github"])
        == 1
    )
    assert capsys.readouterr().out.strip() == (
        f"::error file=raw/casualties.csv,line=2,col={LOW_COLUMN},title=negative_count in low::"
        "must not be negative (found '-12')"
    )


def test_build_refuses_invalid_data_and_says_nothing_changed(broken_project, capsys):
    assert main(["build", "--root", str(broken_project), *MINIMAL_SOURCES]) == 1
    assert "nothing in build/ or datapackage.json was changed" in capsys.readouterr().err
    assert not (broken_project / "build").exists()


def test_commands_outside_a_project_say_where_to_run(tmp_path):
    with pytest.raises(SystemExit, match="has no raw/ folder; run from the project root"):
        main(["validate", "--root", str(tmp_path)])


def test_info_summarises_tables_and_sources(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "events" in out and "fp-2020-08-21" in out
    # each source shows the interval of days it may have been published, not only its first
    for row in mcd.load("sources").itertuples():
        first, last = (
            d.date().isoformat() for d in (row.published_date, row.published_date_latest)
        )
        shown = first if first == last else f"{first} to {last}"
        assert f"{row.source_id:<18} {shown} ({row.published_date_precision})" in out, row.source_id


def test_disagreements_lists_both_sides(capsys):
    assert main(["disagreements"]) == 0
    out = capsys.readouterr().out
    assert "'four dead'" in out and "'bloodless'" in out
    assert "casualty figures (contradiction): ev-2020-08-18-coup / killed" in out
    assert "sanction terms (variant, within one article): ecowas" in out


def _as_version(project, version: str) -> None:
    """Make the scratch project's build claim ``version`` (as `build` writes it)."""
    descriptor = project / "datapackage.json"
    data = json.loads(descriptor.read_text())
    data["version"] = version
    descriptor.write_text(json.dumps(data, indent=2))


def test_release_records_the_checksum_in_the_project(project, tmp_path, capsys):
    from mali_conflict_data._config import REGISTRY, archive_name
    from mali_conflict_data._hashing import sha256
    from mali_conflict_data.download import registry

    (project / "mali_conflict_data").mkdir()
    registered = project / "mali_conflict_data" / "releases.txt"
    registered.write_bytes(REGISTRY.read_bytes())
    version = f"{max(int(v.split('.')[0]) for v in registry()) + 1}.0.0"  # not registered
    _as_version(project, version)
    assert main(["release", "--root", str(project), "--out", str(tmp_path / "dist")]) == 0
    archive = tmp_path / "dist" / archive_name(version)
    assert registered.read_text().splitlines() == [
        *REGISTRY.read_text().splitlines(),
        f"{version} {sha256(archive)}",
    ]
    assert (tmp_path / "dist" / "registry.txt").read_text() == f"{archive.name} {sha256(archive)}\n"


def test_release_of_a_development_version_is_refused_and_leaves_no_archive(
    project, tmp_path, capsys
):
    (project / "mali_conflict_data").mkdir()
    _as_version(project, mcd.__version__.split(".dev")[0] + ".dev0")
    assert main(["release", "--root", str(project), "--out", str(tmp_path / "dist")]) == 1
    err = capsys.readouterr().err
    assert "is a development version" in err and "Traceback" not in err
    assert not (project / "mali_conflict_data" / "releases.txt").exists()
    dist = tmp_path / "dist"
    assert not dist.exists() or list(dist.iterdir()) == []


def test_info_inside_a_checkout_shows_its_fresh_build(project):
    casualties = project / "raw" / "casualties.csv"
    lines = casualties.read_text().splitlines(keepends=True)
    casualties.write_text("".join(lines[:-1]))  # one figure fewer than the installed copy
    assert main(["build", "--root", str(project)]) == 0
    out = subprocess.run(
        [sys.executable, "-m", "mali_conflict_data", "info"],
        cwd=project / "raw",  # anywhere inside the checkout
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Showing this checkout's build in {project}" in out
    assert f"casualties      {len(lines) - 2:>6}" in out


def test_info_and_disagreements_take_a_root(project, capsys):
    assert main(["info", "--root", str(project)]) == 0
    assert f"Showing the data in {project.resolve()} (--root)." in capsys.readouterr().out
    assert main(["disagreements", "--root", str(project), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("disagreement,")
    assert "(--root)" in captured.err


def test_root_without_a_build_says_what_to_pass(tmp_path):
    with pytest.raises(SystemExit, match="holds no datapackage.json"):
        main(["info", "--root", str(tmp_path)])


def test_load_inside_a_checkout_prefers_its_build(project, monkeypatch):
    import mali_conflict_data as mcd

    monkeypatch.delenv("MALI_CONFLICT_DATA_DIR", raising=False)
    monkeypatch.chdir(project / "docs")
    with pytest.warns(UserWarning, match="not the copy installed with the package"):
        assert mcd.data_dir() == project.resolve()
    monkeypatch.setenv("MALI_CONFLICT_DATA_DIR", str(Path(__file__).parents[1]))
    assert mcd.data_dir() == Path(__file__).parents[1]


def test_help_answers_without_importing_pandas():
    code = (
        "import runpy, sys\n"
        "sys.argv = ['mali-conflict-data', '--help']\n"
        "try:\n"
        "    runpy.run_module('mali_conflict_data', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: mali-conflict-data" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize(
    "bad", ["duplicate_id", "unparseable_date", "negative_count", "part_of_figure"]
)
def test_validate_without_hypothesis_seen_finds_what_it_finds_with_it(bad, tmp_path, capsys):
    """A fresh `validate` hides hypothesis from pandera (cli._hypothesis_unseen): same verdict."""
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    for table in (DATA / "bad" / bad).glob("*.csv"):
        shutil.copy(table, tmp_path / "raw")
    argv = ["validate", "--root", str(tmp_path), "--format", "json", "--no-cache"]
    argv += MINIMAL_SOURCES
    assert "hypothesis" in sys.modules  # this process: nothing hidden
    assert main(argv) == 1
    seen = capsys.readouterr().out
    code = (
        "import sys\n"
        "from mali_conflict_data.cli import main\n"
        f"sys.argv = ['mali-conflict-data', *{argv!r}]\n"
        "code = main()\n"  # as the command line runs it: argv read from sys.argv
        "from pandera.strategies import base_strategies\n"
        "import hypothesis\n"  # importable again once validation is done
        "print(code, base_strategies.HAS_HYPOTHESIS, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().splitlines()[-1] == "1 False"
    assert out.stdout == seen and json.loads(seen)


def test_validate_called_by_a_program_leaves_pandera_able_to_generate_data(tmp_path):
    """main([...]) in a program's own process hides nothing: pandera's strategies still work.

    (pandera keeps the strategies it imported while hypothesis was hidden, for good.)
    """
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    argv = ["validate", "--root", str(tmp_path), "--no-cache", *MINIMAL_SOURCES]
    code = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from mali_conflict_data.cli import main\n"
        f"assert main({argv!r}) == 0\n"
        "import pandera.pandas as pa\n"
        "from pandera.strategies import base_strategies\n"
        "frame = pa.DataFrameSchema({'a': pa.Column(int, pa.Check.ge(0))}).example(size=3)\n"
        "print(base_strategies.HAS_HYPOTHESIS, len(frame), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "True 3"


def test_only_the_command_line_itself_changes_the_cycle_collector(tmp_path):
    """`mali-conflict-data` collects less often in its own process; main([...]) changes nothing."""
    shutil.copytree(MINIMAL / "raw", tmp_path / "raw")
    argv = ["validate", "--root", str(tmp_path), "--no-cache", *MINIMAL_SOURCES]
    code = (
        "import gc, sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from mali_conflict_data.cli import main\n"
        "gc.set_threshold(123, 4, 5)\n"
        f"assert main({argv!r}) == 0\n"
        "print(*gc.get_threshold(), file=sys.stderr)\n"
        f"sys.argv = ['mali-conflict-data', *{argv!r}]\n"
        "assert main() == 0\n"
        "print(*gc.get_threshold(), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    called, whole = out.stderr.strip().splitlines()[-2:]
    assert called == "123 4 5", f"a program's own settings changed: {called}"
    assert whole == f"{YOUNG_COLLECTION_THRESHOLD} 4 5", f"the command line's: {whole}"
