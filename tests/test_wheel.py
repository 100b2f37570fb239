"""The wheel carries the data: built, installed in a fresh environment, loaded elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

import mali_conflict_data as mcd

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(root, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(root)],
        check=True,
        capture_output=True,
    )
    return out


def test_sdist_and_wheel_contain_the_tables_and_descriptor(dist):
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as zipped:
        in_wheel = set(zipped.namelist())
    with tarfile.open(sdist) as tarred:
        in_sdist = {name.split("/", 1)[1] for name in tarred.getnames() if "/" in name}
    for name in mcd.tables():
        assert f"mali_conflict_data/data/build/{name}.parquet" in in_wheel
        assert f"mali_conflict_data/data/schemas/{name}.json" in in_wheel
        assert f"build/{name}.parquet" in in_sdist
    for descriptor in ("datapackage.json", "croissant.json"):
        assert f"mali_conflict_data/data/{descriptor}" in in_wheel, descriptor
        assert descriptor in in_sdist, descriptor
    for document in ("docs/codebook.md", "docs/coding-guide.md", "CITATION.cff", "CHANGELOG.md"):
        assert f"mali_conflict_data/data/{document}" in in_wheel, document
        assert document in in_sdist, document


def test_installed_wheel_loads_every_table_from_another_directory(dist, tmp_path):
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    code = (
        "import mali_conflict_data as m; "
        "print(m.data_dir()); "
        "print(sorted((n, len(f)) for n, f in m.load_all().items())); "
        "print(m.cite())"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MALI_CONFLICT_DATA_DIR")}
    out = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0].startswith(str(venv)), f"loaded from {out[0]}, not the installed package"
    expected = sorted((n, len(f)) for n, f in mcd.load_all().items())
    assert out[1] == str(expected)
    assert out[2] == mcd.cite()
