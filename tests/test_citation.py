"""CITATION.cff: the version it cites is the package's, and its references are the articles.

`cffconvert --validate` runs in its own nox session (`nox -s cff`): cffconvert pins an old
jsonschema that conflicts with frictionless. This test runs it when cffconvert is on PATH.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess

import pytest

import mali_conflict_data as mcd

yaml = pytest.importorskip("yaml")


@pytest.fixture(scope="module")
def cff(root):
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def _sources(root) -> list[dict]:
    with open(root / "raw" / "sources.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_cff_version_is_the_package_version(cff):
    assert str(cff["version"]) == mcd.__version__


def test_cff_says_what_and_where(cff):
    assert cff["type"] == "dataset"
    assert cff["abstract"].strip() and cff["url"] and cff["repository-code"]
    assert isinstance(cff["date-released"], dt.date)


def test_cff_references_are_the_source_articles(cff, root):
    sources = _sources(root)
    references = cff["references"]
    assert [(r["title"], r["url"]) for r in references] == [(s["title"], s["url"]) for s in sources]
    for reference, source in zip(references, sources, strict=True):
        assert reference["type"] in ("magazine-article", "website"), reference["title"]
        names = [
            a.get("name") or f"{a['given-names']} {a['family-names']}" for a in reference["authors"]
        ]
        expected = source["authors"].split("; ") if source["authors"] else [source["publisher"]]
        assert names == expected, reference["title"]
        outlet = reference.get("journal") or reference.get("publisher", {}).get("name")
        assert outlet == source["publisher"], reference["title"]


def test_cff_validates_with_cffconvert(root):
    cffconvert = shutil.which("cffconvert")
    if cffconvert is None:
        pytest.skip("cffconvert is not installed: run `nox -s cff` (its own environment)")
    run = subprocess.run(
        [cffconvert, "--validate", "--infile", str(root / "CITATION.cff")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_cite_names_the_package_version():
    assert f"(version {mcd.__version__})" in mcd.cite()
