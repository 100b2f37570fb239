"""The schema.org Dataset JSON-LD of the report's index page, against plain readings of raw/."""

from __future__ import annotations

import csv
import html.parser
import json

import pytest

import mali_conflict_data as mcd
from mali_conflict_data import metadata
from mali_conflict_data._config import archive_name


def _raw(root, name: str) -> list[dict]:
    with open(root / "raw" / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def document():
    return metadata.dataset_jsonld(mcd.data_dir())


def test_names_the_dataset_its_version_licence_and_place(document, root):
    descriptor = json.loads((root / "datapackage.json").read_text())
    assert document["@context"] == "https://schema.org/" and document["@type"] == "Dataset"
    assert document["name"] == descriptor["title"] and document["version"] == mcd.__version__
    assert document["description"] == descriptor["description"]
    assert document["license"] == descriptor["licenses"][0]["path"]
    assert document["spatialCoverage"]["sameAs"] == "https://sws.geonames.org/2453866/"


def test_temporal_coverage_spans_the_events(document, root):
    events = _raw(root, "events")
    first = min(e["date_start"] for e in events)  # ISO dates sort as text
    last = max(e["date_end"] for e in events)
    assert document["temporalCoverage"] == f"{first}/{last}"


def test_every_column_is_a_variable(document, root):
    descriptor = json.loads((root / "datapackage.json").read_text())
    expected = []
    for resource in descriptor["resources"]:
        schema = json.loads((root / resource["schema"]).read_text())
        expected += [
            (f"{resource['name']}.{f['name']}", f["description"]) for f in schema["fields"]
        ]
    assert [(v["name"], v["description"]) for v in document["variableMeasured"]] == expected


def test_every_file_is_a_distribution_and_every_article_a_citation(document, root):
    descriptor = json.loads((root / "datapackage.json").read_text())
    names = [d["name"] for d in document["distribution"]]
    assert names == [archive_name(mcd.__version__)] + [r["name"] for r in descriptor["resources"]]
    for item, resource in zip(document["distribution"][1:], descriptor["resources"], strict=True):
        assert item["contentUrl"].endswith("/" + resource["path"])
        assert "sha256:" + item["sha256"] == resource["hash"]
    assert [(c["name"], c["url"]) for c in document["citation"]] == [
        (s["title"], s["url"]) for s in _raw(root, "sources")
    ]


class _Scripts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data):
        if self._inside:
            self.found.append(data)

    def handle_endtag(self, tag):
        self._inside = False


def _scripts(text: str) -> list[dict]:
    parser = _Scripts()
    parser.feed(text)
    return [json.loads(s) for s in parser.found]


def test_the_script_cannot_be_closed_by_the_data():
    hostile = {"name": "a </script><script>alert(1)</script> b"}
    text = metadata._script(hostile)
    assert text.count("</script>") == 1
    assert _scripts(text) == [hostile]


def test_the_script_holds_the_document(document):
    assert _scripts(metadata.jsonld_script(mcd.data_dir())) == [document]


def test_the_site_index_embeds_the_document(document, tmp_path):
    pytest.importorskip("vl_convert")
    from mali_conflict_data.report import write_site

    write_site(mcd.data_dir(), tmp_path / "site")
    assert _scripts((tmp_path / "site" / "index.html").read_text()) == [document]
