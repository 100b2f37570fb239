"""The report site in a real headless Chromium: every page, offline, with its quotes.

Skips when no browser is found, except when ``$CI`` is set, where it fails.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import pytest

from mali_conflict_data.loading import data_dir, read_table
from mali_conflict_data.report import text_fragment, write_site

ARTIFACTS = Path(__file__).parent / "artifacts" / "screenshots"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("site")
    return out, write_site(data_dir(), out)


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        _missing("no Chromium found on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install '.[report]')")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield instance
        instance.close()


def test_text_fragment_round_trips_every_quote():
    for quote in read_table(data_dir(), "events")["quote"]:
        fragment = text_fragment("https://example.org/a", quote).split("#:~:text=")[1]
        assert not set(fragment) & set(" ,&-#")
        assert urllib.parse.unquote(fragment) == " ".join(quote.split())


def test_site_is_deterministic(site, tmp_path):
    out, pages = site
    write_site(data_dir(), tmp_path)
    for name in pages:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_every_page_in_the_browser(site, browser):
    out, pages = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    errors: list[str] = []
    external: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed {r.url}"))

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    events = read_table(data_dir(), "events")
    reports = read_table(data_dir(), "event_reports")
    for name in pages:
        page.goto((out / name).as_uri())
        for svg in page.locator("svg").all():
            assert svg.locator("*").count() > 0, f"{name}: empty SVG"
        if name.startswith("events/"):
            eid = name.removeprefix("events/").removesuffix(".html")
            quotes = [events.set_index("event_id").loc[eid, "quote"]]
            quotes += list(reports.loc[reports["event_id"] == eid, "quote"])
            shown = page.locator("a.quote").all_inner_texts()
            for quote in quotes:
                assert " ".join(quote.split()) in [" ".join(s.split()) for s in shown], quote
            hrefs = page.locator("a.quote").evaluate_all("els => els.map(e => e.href)")
            assert all("#:~:text=" in h for h in hrefs), name
            source = page.locator('a[href^="../sources/"]').first
            source.click()
            assert page.locator("h1").inner_text(), name
    for width, label in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("index.html", "timeline.html", "map.html"):
            page.goto((out / name).as_uri())
            page.screenshot(path=ARTIFACTS / f"{Path(name).stem}-{label}.png", full_page=True)
    page.close()
    assert not errors, errors
    assert not external, external


def test_timeline_mark_reaches_the_article_words_in_two_clicks(site, browser):
    out, _ = site
    page = browser.new_page()
    page.goto((out / "timeline.html").as_uri())
    page.locator("svg a").first.click()
    link = page.locator("a.quote").first
    assert "#:~:text=" in link.get_attribute("href")
    page.close()
