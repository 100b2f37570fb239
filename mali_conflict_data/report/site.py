"""The top layer of the report: read a build, write every page of the site.

>>> import tempfile
>>> from mali_conflict_data.load import data_dir
>>> with tempfile.TemporaryDirectory() as out:
...     written = write_site(data_dir(), out)
>>> "index.html" in written and "timeline.html" in written
True
"""

from __future__ import annotations

from pathlib import Path

from mali_conflict_data.citation import cite
from mali_conflict_data.disagreements import disagreements
from mali_conflict_data.load import _descriptor, read_all
from mali_conflict_data.metadata import jsonld_script
from mali_conflict_data.report import pages
from mali_conflict_data.report.html import page

__all__ = ["write_site"]


def write_site(
    folder: str | Path, out: str | Path, coverage: str | Path | None = None
) -> list[str]:
    """Write the report site for the build in ``folder`` into ``out``; return the pages.

    ``folder`` holds ``datapackage.json`` (a checkout or a release); ``coverage``
    is the paragraph coverage record (default: ``coding/coverage.csv`` beside it).
    The same build gives the same bytes.
    """
    folder, out = Path(folder), Path(out)
    frames = read_all(folder)
    descriptor = _descriptor(folder)
    pairs = disagreements(frames)
    record = pages.coverage_record(
        Path(coverage) if coverage is not None else folder / "coding" / "coverage.csv"
    )
    citation = (cite("text", folder), cite("bibtex", folder))
    site = {
        "index.html": page(
            "Mali conflict data",
            jsonld_script(folder) + pages.overview_page(frames, descriptor, citation),
        ),
        "timeline.html": page("Timeline", pages.timeline_page(frames)),
        "deployments.html": page("Deployments", pages.deployments_page(frames)),
        "sanctions.html": page("Sanctions", pages.sanctions_page(frames)),
        "map.html": page("Map", pages.map_page(frames)),
        "disagreements.html": page("Disagreements", pages.disagreements_page(frames, pairs)),
        "actors.html": page("Actors", pages.actors_page(frames)),
    }
    for event_id in frames["events"]["event_id"].astype(str):
        site[f"events/{event_id}.html"] = page(
            f"Event {event_id}", pages.event_page(frames, event_id, pairs), depth=1
        )
    sources = frames["sources"]
    for source_id, title in zip(
        sources["source_id"].astype(str), sources["title"].astype(str), strict=True
    ):
        site[f"sources/{source_id}.html"] = page(
            title, pages.source_page(frames, source_id, record), depth=1
        )
    for name, text in site.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(site)
