"""The verdict cache of `validate` and `build --check`: it answers unchanged files at once.

It is never stale: each input it depends on, changed, gives a fresh run.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mali_conflict_data import cli

verdicts = importlib.import_module("mali_conflict_data.verdicts")
CACHED = "answered from .cache/verdicts"


@pytest.fixture
def texts(tmp_path: Path, sources_dir: Path) -> Path:
    """A scratch copy of the source texts, to change."""
    return Path(shutil.copytree(sources_dir, tmp_path / "texts"))


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [["validate"], ["build", "--check"]])
def test_an_unchanged_project_is_answered_from_the_cache(project, texts, capsys, command):
    argv = [*command, "--root", str(project), "--sources", str(texts)]
    first = _run(capsys, *argv)
    assert first[0] == 0 and CACHED not in first[2]
    second = _run(capsys, *argv)
    assert second[0] == 0 and CACHED in second[2]
    assert second[1] == first[1]  # the same verdict, word for word
    fresh = _run(capsys, *argv, "--no-cache")
    assert fresh[0] == 0 and CACHED not in fresh[2]


def _change_raw(project: Path, texts: Path) -> None:
    path = project / "raw" / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"attack", b"atack", 1))


def _add_raw_file(project: Path, texts: Path) -> None:
    (project / "raw" / "event.csv").write_text("a,b\n1,2\n")


def _change_text(project: Path, texts: Path) -> None:
    path = sorted(texts.glob("*.txt"))[0]
    path.write_bytes(path.read_bytes() + b"\nAn added line.\n")


def _remove_text(project: Path, texts: Path) -> None:
    sorted(texts.glob("*.txt"))[0].unlink()


def _change_build(project: Path, texts: Path) -> None:
    (project / "docs" / "codebook.md").write_text("# edited by hand\n")


def _interrupt_build(project: Path, texts: Path) -> None:
    (project / ".build-journal").write_text("interrupted\n")


@pytest.mark.parametrize(
    ("command", "change"),
    [
        (["validate"], _change_raw),
        (["validate"], _add_raw_file),
        (["validate"], _change_text),
        (["validate"], _remove_text),
        (["build", "--check"], _change_raw),
        (["build", "--check"], _change_text),
        (["build", "--check"], _change_build),
        (["build", "--check"], _interrupt_build),
    ],
)
def test_a_changed_input_is_never_answered_from_the_cache(project, texts, capsys, command, change):
    argv = [*command, "--root", str(project), "--sources", str(texts)]
    assert _run(capsys, *argv)[0] == 0
    change(project, texts)
    code, _, err = _run(capsys, *argv)
    assert CACHED not in err
    assert code == 1  # each change above makes the run fail, so it was really run


def test_the_key_follows_the_sources_the_version_and_the_code(project, texts, monkeypatch):
    monkeypatch.delenv("MALI_CONFLICT_DATA_SOURCES", raising=False)
    key = verdicts.verdict_key("validate", project, texts)
    assert verdicts.verdict_key("validate", project, texts) == key
    assert verdicts.verdict_key("check", project, texts) != key
    assert verdicts.verdict_key("validate", project, None) != key
    monkeypatch.setenv("MALI_CONFLICT_DATA_SOURCES", str(texts))
    assert verdicts.verdict_key("validate", project, None) == key  # the same folder
    monkeypatch.setattr("mali_conflict_data.__version__", "9.9.9")
    assert verdicts.verdict_key("validate", project, texts) != key
    monkeypatch.undo()
    code = project / "package"
    shutil.copytree(verdicts._PACKAGE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(verdicts, "_PACKAGE", code)
    copied = verdicts.verdict_key("validate", project, texts)
    (code / "_rules.py").write_text((code / "_rules.py").read_text() + "\n# edited\n")
    assert verdicts.verdict_key("validate", project, texts) != copied


def test_a_damaged_cache_entry_is_ignored(project, texts, capsys):
    argv = ["validate", "--root", str(project), "--sources", str(texts)]
    assert _run(capsys, *argv)[0] == 0
    for entry in (project / verdicts.CACHE_DIR).glob("*.json"):
        entry.write_text("{not json")
    code, _, err = _run(capsys, *argv)
    assert code == 0 and CACHED not in err


def test_a_cached_answer_imports_neither_pandas_nor_pandera(project, texts):
    argv = ["validate", "--root", str(project), "--sources", str(texts)]
    env = {**os.environ, "PYTHONPATH": str(Path(cli.__file__).resolve().parents[1])}
    subprocess.run([sys.executable, "-m", "mali_conflict_data", *argv], check=True, env=env)
    probe = (
        "import sys; from mali_conflict_data.cli import main; code = main(sys.argv[1:]); "
        "assert code == 0; print(sorted({'pandas', 'pandera', 'pyarrow'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv], check=True, env=env, capture_output=True, text=True
    )
    assert CACHED in done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
