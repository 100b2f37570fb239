"""Shared fixtures: the project root, the folder of source texts, scratch copies of the project."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SOURCES_ENV = "MALI_CONFLICT_DATA_SOURCES"

# Hypothesis profiles: the fuzz tests (tests/test_fuzz.py) take their number of examples
# from them; the other property tests set their own. HYPOTHESIS_PROFILE chooses one;
# CI (set by .ci/run) chooses ci.
settings.register_profile(
    "dev", max_examples=10, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile("ci", settings.get_profile("dev"), max_examples=20)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The article texts; tests that check quotes need them (CI sets the variable)."""
    folder = os.environ.get(SOURCES_ENV)
    if not folder:
        pytest.skip(f"set {SOURCES_ENV} to the folder of source texts to check quotes")
    path = Path(folder)
    assert path.is_dir(), f"{SOURCES_ENV}={folder} is not a folder"
    return path


def copy_project(folder: Path) -> Path:
    """Copy the project's data into ``folder``: raw/, build/, schemas/, docs/,
    datapackage.json, croissant.json, CITATION.cff and CHANGELOG.md."""
    for name in ("raw", "build", "schemas", "docs"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("datapackage.json", "croissant.json", "CITATION.cff", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, folder / name)
    return folder


@pytest.fixture
def published_copy(tmp_path: Path) -> Path:
    """A scratch copy of the package's published data: build/, schemas/ and datapackage.json."""
    from mali_conflict_data.load import data_dir

    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("build", "schemas"):
        shutil.copytree(data_dir() / name, folder / name)
    shutil.copy2(data_dir() / "datapackage.json", folder / "datapackage.json")
    return folder


def minimal_raw_with(folder: Path, table: str, rows: list[str]) -> Path:
    """tests/data/minimal/raw copied into ``folder``, ``rows`` (CSV lines) added to ``table``."""
    raw = folder / "raw"
    shutil.copytree(ROOT / "tests" / "data" / "minimal" / "raw", raw)
    path = raw / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8") + "".join(rows), encoding="utf-8")
    return raw


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the project's data (see copy_project)."""
    return copy_project(tmp_path)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every generated file under a project folder, by relative path, with its bytes.

    The build's lock file is left out: filelock leaves it behind by design (it is
    empty, ignored by git, and holds no data).
    """
    from mali_conflict_data._config import BUILD_LOCK

    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not relative.startswith("raw/") and relative != BUILD_LOCK:
            files[relative] = path.read_bytes()
    return files


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items) -> None:
    """A test that takes the `browser` fixture is a browser test (full suite only)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def record_file(folder: Path, name: str) -> None:
    """Record a rewritten table file's size and SHA-256 in ``folder``'s datapackage.json.

    ``load()`` checks every file against them, so a test that damages a file's
    contents on purpose (not its bytes by accident) records the new ones.
    """
    import json

    from mali_conflict_data._hashing import sha256

    descriptor = json.loads((folder / "datapackage.json").read_text())
    for entry in descriptor["resources"]:
        if entry["name"] == name:
            path = folder / entry["path"]
            if "hash" in entry:  # Data Package v2: bytes and "sha256:..." hash
                entry["bytes"], entry["hash"] = path.stat().st_size, f"sha256:{sha256(path)}"
            else:
                entry["file_bytes"], entry["file_sha256"] = path.stat().st_size, sha256(path)
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
