"""The top layer of the report: read a build, write every page of the site.

>>> import tempfile
>>> from mali_conflict_data.load import data_dir
>>> with tempfile.TemporaryDirectory() as out:
...     written = write_site(data_dir(), out)
>>> "index.html" in written and "timeline.html" in written
True
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mali_conflict_data._errors import DamagedDataError
from mali_conflict_data._files import UnsafeFileError, confine
from mali_conflict_data.citation import cite
from mali_conflict_data.disagreements import disagreements
from mali_conflict_data.export import write_csv_package, write_geojson
from mali_conflict_data.load import _descriptor, read_all
from mali_conflict_data.metadata import jsonld_script
from mali_conflict_data.report import figures, pages
from mali_conflict_data.report.html import page, safe_url

__all__ = ["write_site"]

#: Where, in the build folder, rendered figures are kept (gitignored, like ``.cache/``).
FIGURE_CACHE = Path(".cache") / "figures"


def write_site(
    folder: str | Path, out: str | Path, coverage: str | Path | None = None
) -> list[str]:
    """Write the report site for the build in ``folder`` into ``out``; return the pages.

    ``folder`` holds ``datapackage.json`` (a checkout or a release); ``coverage``
    is the paragraph coverage record (default: ``coding/coverage.csv`` beside it).
    The same build gives the same bytes. Rendered figures are kept in ``.cache/figures``
    of ``folder`` (see :func:`.figures.figure_cache`): an unchanged build renders none again.
    """
    if not str(out).strip():
        raise ValueError("the output folder is empty; pass --out FOLDER (for example site)")
    folder, out = Path(folder), Path(out)
    with figures.figure_cache(folder / FIGURE_CACHE):
        return _write(folder, out, coverage)


def _write(folder: Path, out: Path, coverage: str | Path | None) -> list[str]:
    frames = read_all(folder, complete=True)
    # every link to an article passes safe_url: an address that is not http(s) is no link
    frames["sources"] = frames["sources"].assign(
        url=frames["sources"]["url"].map(safe_url).astype(frames["sources"]["url"].dtype)
    )
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
    for ids in (frames["events"]["event_id"], frames["sources"]["source_id"]):
        for value in ids.astype(str):
            _check_page_name(folder, out, value)
    for event_id in frames["events"]["event_id"].astype(str):
        site[f"events/{event_id}.html"] = page(
            pages.event_title(frames, event_id),
            pages.event_page(frames, event_id, pairs),
            depth=1,
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
    write_data(folder, descriptor, out / pages.DATA)
    return sorted(site)


def _check_page_name(folder: Path, out: Path, value: str) -> None:
    """An id becomes a file name: one plain part, inside ``out``; else the build is damaged."""
    problem = None
    if not value or value.startswith(".") or "/" in value or "\\" in value:
        problem = "is not a plain file name (it is empty, starts with '.', or holds a slash)"
    else:
        try:
            confine(out, f"events/{value}.html")
        except UnsafeFileError as error:
            problem = error.reason
    if problem:
        raise DamagedDataError(
            f"{folder}: the id {value[:80]!r} {problem}; it cannot be a page of the site "
            "(nothing was written)"
        )


def write_data(folder: Path, descriptor: dict, out: Path) -> None:
    """The tables for download beside the pages: Parquet, CSV (with its package), GeoJSON."""
    out.mkdir(parents=True, exist_ok=True)
    for entry in descriptor.get("resources", []):
        # (paths as read_all took them: relative, inside the build)
        shutil.copyfile(confine(folder, entry["path"]), confine(out, f"{entry['name']}.parquet"))
    write_csv_package(folder, out / "csv")
    write_geojson(folder, out / "events.geojson")
